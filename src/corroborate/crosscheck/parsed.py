"""A read-only view over an Analysis's plain tokens: children, spans, mentions and clauses."""

from __future__ import annotations

from bisect import bisect_right
from functools import cached_property

from corroborate.lexicon.roles import person_roles
from corroborate.types import Analysis, Mention, Token

SUBJECTS = ("nsubj", "nsubj:pass", "expl:subj")


class Parsed:
    """Dependency helpers over one article's tokens; lines act as hard sentence breaks."""

    def __init__(self, analysis: Analysis, text: str) -> None:
        self.analysis = analysis
        self.text = text
        self.tokens: list[Token] = analysis.tokens
        self._starts = [t.idx for t in self.tokens]

    @cached_property
    def children(self) -> list[list[int]]:
        """Child token indexes of each token, in text order."""
        kids: list[list[int]] = [[] for _ in self.tokens]
        for t in self.tokens:
            if t.head != t.i:
                kids[t.head].append(t.i)
        return kids

    @cached_property
    def sentence_of(self) -> list[int]:
        """A sentence number per token: parser sentences, also broken at line ends."""
        numbers, n = [], 0
        for k, t in enumerate(self.tokens):
            if k and (t.sent_start or "\n" in self.tokens[k - 1].text):
                n += 1
            numbers.append(n)
        return numbers

    @cached_property
    def mention_at(self) -> dict[int, Mention]:
        """The NER mention of any type covering each token index."""
        found: dict[int, Mention] = {}
        for m in self.analysis.mentions:
            for i in range(self.token_at(m.start), self.token_at(m.end - 1) + 1):
                found[i] = m
        return found

    def person(self, i: int) -> Mention | None:
        """The person mention covering token i: labelled PER, or a proper name next to a role."""
        m = self.mention_at.get(i)
        if m is None:
            return None
        return m if m.label == "PER" or self.role_named(m) else None

    def role_named(self, m: Mention) -> bool:
        """Whether a mention of another label is a person's name given its role next to it.

        "la présidente du tribunal Caroline Viguier" or "Caroline Viguier, juge" make the name
        a person even when the NER called it a place.
        """
        first, last = self.token_at(m.start), self.token_at(m.end - 1)
        names = self.tokens[first : last + 1]
        if len(names) < 2 or any(t.pos != "PROPN" or not t.text[:1].isupper() for t in names):
            return False
        if first > 0 and self.tokens[first - 1].pos in ("DET", "ADP"):
            return False  # "responsable de la Maison Blanche": a complement, not a name
        k = first - 1
        while k >= 0 and first - k <= 5 and self.tokens[k].pos in ("DET", "ADP", "ADJ", "NOUN"):
            if self.tokens[k].pos == "NOUN" and self.tokens[k].lemma.lower() in person_roles():
                return True
            k -= 1
        after = last + 1
        if after + 1 < len(self.tokens) and self.tokens[after].text == ",":
            nxt = self.tokens[after + 1]
            if nxt.pos == "DET" and after + 2 < len(self.tokens):
                nxt = self.tokens[after + 2]
            return nxt.pos == "NOUN" and nxt.lemma.lower() in person_roles()
        return False

    def token_at(self, offset: int) -> int:
        """Index of the token containing a character offset."""
        return max(bisect_right(self._starts, offset) - 1, 0)

    def end(self, i: int) -> int:
        """Character offset just past token i."""
        return self.tokens[i].idx + len(self.tokens[i].text)

    def subtree(self, i: int) -> list[int]:
        """Token indexes of i's subtree, sorted."""
        out, stack = [], [i]
        while stack:
            k = stack.pop()
            out.append(k)
            stack.extend(self.children[k])
        return sorted(out)

    def sentence_bounds(self, i: int) -> tuple[int, int]:
        """First and last token index of the sentence holding token i."""
        number = self.sentence_of[i]
        lo = i
        while lo > 0 and self.sentence_of[lo - 1] == number:
            lo -= 1
        hi = i
        while hi + 1 < len(self.tokens) and self.sentence_of[hi + 1] == number:
            hi += 1
        return lo, hi

    def text_sentence_start(self, i: int) -> int:
        """First token after the last full stop or line end before token i (ignores the parser)."""
        k = i
        while k > 0:
            prev = self.tokens[k - 1].text
            if prev in (".", "!", "?", "…") or "\n" in prev:
                break
            k -= 1
        return k

    def sentence_index(self, offset: int) -> int:
        """Index into Analysis.sentences of the sentence holding a character offset."""
        starts = [s.start for s in self.analysis.sentences]
        return max(bisect_right(starts, offset) - 1, 0)

    def subject(self, verb: int, climb: bool = True) -> int | None:
        """The subject token of a verb, following conjoined and embedded verbs to their head.

        Subjects outside the verb's sentence (the parser sometimes links across a line break)
        are ignored.
        """
        seen = set()
        sentence = self.sentence_of[verb]
        while verb not in seen:
            seen.add(verb)
            kids = self.children[verb]
            subjects = [
                k for k in kids
                if self.tokens[k].dep in SUBJECTS and self.sentence_of[k] == sentence
            ]
            real = [k for k in subjects if self.tokens[k].text.lower() not in ("-t", "t")]
            if real:
                named = [k for k in real if self.person(k) is not None]
                return (named or real)[0]
            tok = self.tokens[verb]
            if not climb or tok.head == verb or self.sentence_of[tok.head] != sentence:
                return None
            if tok.dep in ("conj", "xcomp", "advcl"):
                verb = tok.head
                continue
            return None
        return None

    def clean_span(self, start: int, end: int, strip: str = " \n\t,;:.") -> tuple[int, int]:
        """Shrink a character span so it neither starts nor ends with space or punctuation."""
        while start < end and self.text[start] in strip:
            start += 1
        while end > start and self.text[end - 1] in strip:
            end -= 1
        return start, end
