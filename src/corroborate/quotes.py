"""Quotes of one article: direct quotes in quotation marks and indirect (reported) speech.

Direct quotes are spans between « », “ ”, „ “ or straight double quotes; any opening mark may be
closed by any closing mark, because machine translations mix them (“ … »). A quote is
attributed through a speech verb next to it (", a déclaré X", "X a déclaré : « … »",
"s'est dit « … »"), else through a speech verb elsewhere in its sentence.

Scare quotes: a quoted fragment of one to three words inside a sentence (« fermement »,
"désescalade") is a word the writer highlights, not a statement, and is left out of the list.
A short fragment is kept only when it stands as the whole statement of a speaker: after a colon,
as a sentence of its own, or right before an attribution (« Une fable ! », a lancé X).

Indirect quotes are clauses reported by a speech verb: "X a déclaré que <clause>",
"<clause>, a averti X" (inverted, also "a-t-il dit"), "selon X, <clause>" and "<clause>, selon X".
Reported clauses inside a direct quote, or mostly made of one, are dropped.
Speakers are resolved by corroborate.speakers (names, roles, pronouns).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from corroborate.parsed import Parsed
from corroborate.quote_groups import group_quotes
from corroborate.speakers import SpeakerResolver
from corroborate.types import Analysis, Article, QuoteMention

__all__ = ["find_quotes", "group_quotes"]

RULES = Path(__file__).parent / "rules"
OPENERS = "«“„"
CLOSERS = "»”"
_WORD = re.compile(r"\w+", re.UNICODE)
_SELON = {"selon", "d'après", "d’après"}
_QUE = {"que", "qu'", "qu’"}
_MAX_QUOTE = 1500


@cache
def speech_verbs() -> dict[str, bool]:
    """Speech verbs: each lemma and whether its pronominal use ("s'ajoute") is speech too."""
    text = (RULES / "speech_verbs.txt").read_text(encoding="utf-8")
    verbs = {}
    for line in text.splitlines():
        parts = line.split()
        if parts and not line.startswith("#"):
            verbs[parts[0]] = "!se" not in parts[1:]
    return verbs


@cache
def _forms() -> dict[str, str]:
    """Inflected forms of the -er speech verbs, for tokens the lemmatiser leaves as they are."""
    endings = ("e", "es", "ent", "é", "ée", "és", "ées", "ait", "aient", "ant", "a", "era",
               "eront", "erait")
    forms = {}
    for verb in speech_verbs():
        if verb.endswith("er"):
            for ending in endings:
                forms.setdefault(verb[:-2] + ending, verb)
    return forms


@dataclass
class _Candidate:
    start: int
    end: int
    kind: str
    cue: int | None  # token index of the cue verb, or of "selon"
    speaker: int | None  # head token of the speaker phrase


def quote_marks(text: str) -> list[tuple[int, int]]:
    """Character spans of the insides of top-level quotation marks, within one line each."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for i, c in enumerate(text):
        if c == "\n":
            stack = []
        elif c in OPENERS:
            stack.append((c, i))
        elif c in CLOSERS or (c == '"' and stack and stack[-1][0] == '"'):
            if stack:
                _, start = stack.pop()
                if not stack and i - start <= _MAX_QUOTE:
                    spans.append((start + 1, i))
        elif c == '"':
            stack.append((c, i))
    return spans


def cue_lemma(p: Parsed, k: int) -> str | None:
    """The speech verb token k is a form of, if any (pronominal uses excluded where listed)."""
    tok = p.tokens[k]
    if tok.pos not in ("VERB", "AUX"):
        return None
    lemma = tok.lemma.lower()
    if lemma not in speech_verbs():
        lemma = _forms().get(tok.text.lower(), "")
    if not lemma:
        return None
    if not speech_verbs()[lemma] and any(
        p.tokens[c].text.lower() in ("se", "s'", "s’") for c in p.children[k]
    ):
        return None
    return lemma


def _is_cue(p: Parsed, k: int) -> bool:
    return cue_lemma(p, k) is not None


def _cue_after(p: Parsed, close: int) -> int | None:
    """A speech verb right after a closing mark: «…», a déclaré X / «…», a-t-il indiqué."""
    k = p.token_at(close) + 1
    steps = 0
    while k < len(p.tokens) and steps < 6:
        tok = p.tokens[k]
        if _is_cue(p, k):
            return k
        if tok.pos not in ("PUNCT", "AUX", "PRON", "ADV", "SPACE") or tok.text in (".", "!", "?"):
            return None
        if "\n" in tok.text:
            return None
        k += 1
        steps += 1
    return None


def _cue_before(p: Parsed, open_: int) -> int | None:
    """The nearest speech verb before an opening mark in the same sentence."""
    at = p.token_at(open_ + 1) if open_ + 1 < len(p.text) else p.token_at(open_)
    lo, _ = p.sentence_bounds(at)
    k = at - 1
    quoted = False  # walking backwards: a closing mark starts a quoted stretch
    while k >= lo:
        text = p.tokens[k].text
        if text in CLOSERS:
            quoted = True
        elif text in OPENERS:
            quoted = False
        elif text == '"':
            quoted = not quoted
        elif not quoted and _is_cue(p, k):
            return k
        k -= 1
    return None


def _cue_in_sentence(p: Parsed, at: int) -> int | None:
    """An inverted speech verb later in the sentence (", a déclaré X") attributing all of it."""
    _, hi = p.sentence_bounds(at)
    for k in range(at, hi + 1):
        if _is_cue(p, k) and _inverted(p, k):
            return k
    return None


def _inverted(p: Parsed, verb: int) -> bool:
    """Whether a speech verb follows a comma and has its subject after it (or -t-il)."""
    k = verb - 1
    while k >= 0 and p.tokens[k].pos in ("AUX", "PRON", "ADV"):
        k -= 1
    if k < 0 or p.tokens[k].text != ",":
        return False
    if any(p.tokens[j].text.startswith("-") for j in range(k + 1, verb)):
        return True
    subject = p.subject(verb)
    if subject is not None and subject > verb:
        return True
    # "Dmitri Peskov, a déclaré": the comma closes the subject's own apposition.
    own_comma = subject is not None and max(p.subtree(subject)) >= k - 1
    if own_comma and not _quoted_between(p, subject, verb):
        return False
    finite = "VerbForm=Fin" in p.tokens[verb].morph or p.tokens[verb - 1].pos == "AUX"
    return finite and _after_verb(p, verb, strict=True) is not None


_INVERTED_DEPS = ("nsubj", "nsubj:pass", "obj", "dep", "appos")


def _quoted_between(p: Parsed, a: int, b: int) -> bool:
    """Whether a closing quotation mark lies between two tokens (the parse crossed a quote)."""
    return any(p.tokens[k].text in CLOSERS + '"' for k in range(a, b))


def _after_verb(p: Parsed, verb: int, strict: bool = False) -> int | None:
    """The inverted subject: the first noun phrase head after the verb, past adverbs and dates.

    Strict mode accepts only a person or a token the parser hangs on the verb as its subject
    or object, so "…, insistent sur une coordination" is not read as an inversion.
    """
    first = None
    in_phrase = False  # inside a prepositional phrase ("aux journalistes", "de Poutine")
    for k in range(verb + 1, min(verb + 8, len(p.tokens))):
        tok = p.tokens[k]
        if tok.pos in ("PUNCT", "VERB", "SCONJ", "AUX") or "\n" in tok.text:
            break
        if tok.text.lower() in _QUE:
            break
        if tok.pos == "ADP":
            in_phrase = True
            continue
        nominal = tok.pos in ("NOUN", "PROPN") or p.mention_at.get(k) is not None
        if not nominal:
            continue
        if in_phrase or tok.dep.startswith("obl"):
            in_phrase = False
            continue
        if p.person(k) is not None or tok.dep in _INVERTED_DEPS or tok.head == verb:
            return k
        if first is None:
            first = k
    return None if strict else first


def _speaker_of(p: Parsed, verb: int) -> int | None:
    """The speaker head of a speech verb: inverted subject, else the subject before it."""
    if _inverted(p, verb):
        pronoun = next(
            (
                j
                for j in range(max(verb - 3, 0), verb)
                if p.tokens[j].text.startswith("-") and p.tokens[j].text.lower() != "-t"
            ),
            None,
        )
        if pronoun is not None:
            return pronoun
        found = _after_verb(p, verb, strict=True)
        if found is not None:
            return found
        subject = p.subject(verb)
        return subject if subject is not None and subject > verb else _after_verb(p, verb)
    subject = p.subject(verb)
    if subject is not None and "PronType=Rel" in p.tokens[subject].morph:
        return _antecedent(p, subject)
    if subject is None:
        return _first_nominal(p, verb)
    return subject


def _antecedent(p: Parsed, relative: int) -> int | None:
    """The noun a relative "qui" stands for ("Moscou, qui affirme" -> Moscou)."""
    k = relative - 1
    while k >= 0 and (p.tokens[k].text == "," or p.tokens[k].pos == "ADJ"):
        k -= 1
    if k >= 0 and (p.tokens[k].pos in ("NOUN", "PROPN") or p.mention_at.get(k) is not None):
        return k
    return None


def _first_nominal(p: Parsed, verb: int) -> int | None:
    """Fallback subject when the parse gives none: the sentence's first bare noun phrase."""
    lo = p.text_sentence_start(verb)
    for k in range(lo, verb):
        tok = p.tokens[k]
        nominal = tok.pos in ("NOUN", "PROPN") or p.mention_at.get(k) is not None
        if nominal and (k == lo or p.tokens[k - 1].pos != "ADP"):
            return k
        if tok.pos in ("VERB", "SCONJ") or tok.text in OPENERS + CLOSERS + '"':
            return None
    return None


def _short_scare(p: Parsed, start: int, end: int, cue_after: int | None) -> bool:
    """One to three quoted words inside a sentence with no attribution of their own."""
    if len(_WORD.findall(p.text[start:end])) > 3:
        return False
    before = p.text[: start - 1].rstrip()
    after = p.text[end + 1 :].lstrip()
    if before.endswith(":"):
        return False
    starts_sentence = not before or before[-1] in ".!?\n"
    ends_sentence = not after or after[0] in ".!?\n" or cue_after is not None
    return not (starts_sentence and ends_sentence)


def _term(p: Parsed, start: int, end: int) -> bool:
    """A quoted name or term: no verb inside and words on both sides in its sentence."""
    first, last = p.token_at(start), p.token_at(end - 1)
    if any(p.tokens[k].pos in ("VERB", "AUX") for k in range(first, last + 1)):
        return False
    before = p.text[: start - 1].rstrip()
    return bool(before) and before[-1] not in ".!?:\n"


def _direct(p: Parsed) -> list[_Candidate]:
    found = []
    for open_in, close in quote_marks(p.text):
        start, end = p.clean_span(open_in, close, " \n\t")
        if end <= start or not _WORD.search(p.text[start:end]):
            continue
        after = _cue_after(p, close)
        if _short_scare(p, start, end, after):
            continue
        cue = after if after is not None else _cue_before(p, open_in - 1)
        if cue is None:
            cue = _cue_in_sentence(p, p.token_at(close))
        if cue is None and _term(p, start, end):
            continue
        speaker = _speaker_of(p, cue) if cue is not None else None
        found.append(_Candidate(start, end, "direct", cue, speaker))
    return found


def _reported_clause(p: Parsed, verb: int) -> tuple[int, int] | None:
    """The "que" clause a speech verb introduces: after "que" up to the next attribution."""
    _, hi = p.sentence_bounds(verb)
    for k in range(verb + 1, min(verb + 12, hi + 1)):
        tok = p.tokens[k]
        if tok.text.lower() in _QUE:
            return p.end(k), p.end(_clause_end(p, k + 1, hi))
        if tok.pos in ("VERB", "AUX") or tok.text in (".", ";", ":", "!", "?"):
            return None
    return None


def _clause_end(p: Parsed, start: int, hi: int) -> int:
    """Last token of a reported clause: the sentence end, or before a later speech verb."""
    for k in range(start + 1, hi + 1):
        if p.tokens[k].text == ";":
            return k - 1
        if p.tokens[k].text == "," and k + 1 <= hi and _returns_to_main(p, k + 1):
            return k - 1
        if _is_cue(p, k) and (p.tokens[k - 1].pos == "AUX" or p.tokens[k - 1].text == ","):
            j = k - 1
            while j > start and (
                p.tokens[j].pos in ("AUX", "ADV", "CCONJ", "PRON")
                or p.tokens[j].text == ","
                or p.tokens[j].text.startswith("-")
            ):
                j -= 1
            return j
    return hi


def _returns_to_main(p: Parsed, k: int) -> bool:
    """Whether a comma is followed by a finite verb: the main clause resumes after a relative."""
    while k < len(p.tokens) and p.tokens[k].pos == "ADV":
        k += 1
    if k >= len(p.tokens):
        return False
    tok = p.tokens[k]
    return tok.pos in ("AUX", "VERB") and "VerbForm=Fin" in tok.morph and not _is_cue(p, k + 1)


def _indirect(p: Parsed) -> list[_Candidate]:
    found = []
    for k, tok in enumerate(p.tokens):
        if tok.text.lower() in _SELON:
            found.extend(_selon(p, k))
            continue
        if not _is_cue(p, k):
            continue
        clause = _reported_clause(p, k)
        if clause is not None:
            found.append(_Candidate(clause[0], clause[1], "indirect", k, _speaker_of(p, k)))
        elif _inverted(p, k):
            lo, _ = p.sentence_bounds(k)
            comma = k - 1
            while p.tokens[comma].text != ",":
                comma -= 1
            found.append(_Candidate(p.tokens[lo].idx, p.tokens[comma].idx, "indirect", k,
                                    _speaker_of(p, k)))
    return found


def _selon(p: Parsed, k: int) -> list[_Candidate]:
    """ "Selon X, <clause>." or "<clause>, selon X." """
    lo, hi = p.sentence_bounds(k)
    heads = [j for j in p.children[k]] + [p.tokens[k].head]
    source = next((j for j in heads if j > k and p.tokens[j].pos in ("NOUN", "PROPN")), None)
    if source is None:
        nxt = k + 1
        while nxt <= hi and p.tokens[nxt].pos == "DET":
            nxt += 1
        if nxt > hi or p.tokens[nxt].pos not in ("NOUN", "PROPN"):
            return []
        source = nxt
    comma_after = next((j for j in range(k + 1, hi + 1) if p.tokens[j].text == ","), None)
    if k == lo and comma_after is not None:
        return [_Candidate(p.end(comma_after), p.end(hi), "indirect", k, source)]
    if k > lo and p.tokens[k - 1].text == ",":
        return [_Candidate(p.tokens[lo].idx, p.tokens[k - 1].idx, "indirect", k, source)]
    return []


def _covered(inner: tuple[int, int], outer: tuple[int, int]) -> int:
    return max(0, min(inner[1], outer[1]) - max(inner[0], outer[0]))


def _keep_indirect(c: _Candidate, direct: list[_Candidate], others: list[_Candidate],
                   p: Parsed) -> bool:
    """Drop reported clauses said inside a quote, mostly made of one, or nested in another."""
    if c.end - c.start < 12 or not _WORD.search(p.text[c.start : c.end]):
        return False
    cue_at = p.tokens[c.cue].idx if c.cue is not None else c.start
    shared = 0
    for d in direct:
        if d.start <= cue_at < d.end:
            return False
        inside = _covered((c.start, c.end), (d.start, d.end))
        if inside > 0.5 * (c.end - c.start):
            return False
        shared += inside if d.cue == c.cue else 0
    if shared > 0.3 * (c.end - c.start):
        return False
    return not any(o is not c and o.start <= cue_at < o.end for o in others)


def find_quotes(article: Article, analysis: Analysis) -> list[QuoteMention]:
    """Direct and indirect quotes of one article, in text order, with resolved speakers."""
    p = Parsed(analysis, article.text)
    direct = _direct(p)
    reported = _indirect(p)
    indirect = [c for c in reported if _keep_indirect(c, direct, reported, p)]
    candidates = sorted(direct + indirect, key=lambda c: (c.cue if c.cue is not None else -1))
    resolver = SpeakerResolver(p)
    quotes = []
    for c in candidates:
        start, end = p.clean_span(c.start, c.end) if c.kind == "indirect" else (c.start, c.end)
        if end <= start:
            continue
        continuing = c.kind == "direct" and c.cue is not None and c.cue > p.token_at(c.end)
        speaker = resolver.resolve(c.speaker, continuing) if c.speaker is not None else None
        cue = None
        if c.cue is not None:
            tok = p.tokens[c.cue]
            cue = "selon" if tok.text.lower() in _SELON else cue_lemma(p, c.cue)
        quotes.append(
            QuoteMention(
                text=article.text[start:end],
                start=start,
                end=end,
                kind=c.kind,
                speaker=speaker.name if speaker else None,
                speaker_start=speaker.start if speaker else None,
                cue=cue,
                sent=p.sentence_index(start),
            )
        )
    quotes.sort(key=lambda q: (q.start, q.end))
    return quotes
