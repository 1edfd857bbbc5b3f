"""Who is speaking: speaker phrases from the parse, resolved to a named person when possible.

A speaker phrase is a name ("Ouchakov"), a role with a name ("le conseiller du Kremlin, Yuri
Ushakov"), a bare role ("le diplomate russe"), a pronoun ("il", "a-t-il indiqué") or an
institution ("le Kremlin"). Roles seen next to a name anywhere in the article are remembered,
so a later bare role resolves to the person last introduced with that role; a bare definite
role with no such introduction goes to the last named speaker, then to a person sharing a
modifier ("le dirigeant américain" -> "le président américain Joe Biden"). Pronouns go to the
last speaker or main-clause person subject (a name, or a role with the name in apposition) of
compatible gender. A speaker named by a role keeps the role's lemma, so the story can give it to
the person introduced with that role in another article (corroborate.crosscheck.quotes.groups).
Titles ("Me", "M.") are dropped from names.

Every answer checks itself: a speaker is a person's name, an organisation (or a place standing
for its government), a role or a group noun that can speak (rules/speaker_nouns.txt), or the
agent behind a channel ("un communiqué de la BCE" -> BCE, rules/channel_nouns.txt). A name with
lower-case words, digits or a verb in it, a plural pronoun, an indefinite role ("un responsable")
asked to stand for a named person, or an abstract noun ("la pression") gives no speaker.
Pronouns ("il", "a-t-elle dit", "celui-ci", "ce dernier") go to the nearest antecedent of the
same gender and number in their paragraph, else in the two paragraphs before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from corroborate.crosscheck.parsed import SUBJECTS, Parsed
from corroborate.lexicon.marks import quote_marks
from corroborate.lexicon.names import name_surface, strip_article, strip_title
from corroborate.lexicon.roles import person_roles
from corroborate.types import Mention

RULES = Path(__file__).parent / "rules"
RECENT_SPEAKERS = 2  # a bare role after a quote names one of the last two speakers
PRONOUN_PARAGRAPHS = 2  # paragraphs before a pronoun's own where its antecedent may stand
_PRONOUNS = {"il": "Masc", "elle": "Fem", "lui": "Masc", "celui-ci": "Masc", "celle-ci": "Fem",
             "celui-là": "Masc", "celle-là": "Fem"}
_DEMONSTRATIVES = {"celui-ci", "celle-ci", "celui-là", "celle-là"}
_PLURAL_PRONOUNS = {"ils", "elles", "eux", "ceux-ci", "celles-ci"}
_DEMONSTRATIVE_ADJ = {"dernier", "dernière"}  # "ce dernier", "cette dernière"
_GENERIC_PERSONS = {"homme", "femme"}  # "l'homme", "la femme": someone already named
_NAME_PARTICLES = {"de", "d'", "d’", "du", "des", "la", "le", "van", "von", "der", "den", "ben",
                   "bin", "al", "el", "y", "da", "dos", "di", "del"}
_BAD_NAME = re.compile(r"\d|[:/@#|]")
_PREPOSITIONS = {"de", "du", "des", "d'", "d’", "par"}
_CONTENT = {"NOUN", "ADJ", "PROPN"}
_ROLE_RUN = {"NOUN", "ADJ", "DET", "ADP", "PROPN", "NUM", "PRON"}


@dataclass
class Role:
    """A role phrase seen next to a named person."""

    at: int  # token index
    head: str
    words: frozenset[str]
    name: str
    gender: str = ""
    adjectives: frozenset[str] = frozenset()


@dataclass
class Speaker:
    """A resolved speaker: the name (or phrase) and where the phrase starts."""

    name: str
    start: int
    named: bool
    gender: str = ""
    role: str | None = None  # the role noun lemma when the phrase was a bare role
    plural: bool = False  # a group ("les autorités"), never the antecedent of "il"


def _previous_sentence_start(p: Parsed, k: int) -> int:
    """The first token of the sentence before token k's (of k's own when it opens the text)."""
    return p.text_sentence_start(max(p.text_sentence_start(k) - 1, 0))


@dataclass
class SpeakerResolver:
    """Resolves speaker phrases of one article, in text order, remembering who spoke last."""

    parsed: Parsed
    roles: list[Role] = field(default_factory=list)
    spoken: list[tuple[int, Speaker]] = field(default_factory=list)
    _continuing: bool = False

    subjects: list[tuple[int, Speaker]] = field(default_factory=list)
    tried: list[tuple[int, Speaker | None]] = field(default_factory=list)  # every attribution

    def __post_init__(self) -> None:
        self.roles = _introduced_roles(self.parsed)
        self.subjects = _main_subjects(self.parsed, self)

    def _timeline(self, before: int) -> list[tuple[int, Speaker]]:
        """Speakers and main-clause person subjects before a token, oldest first."""
        both = [x for x in self.spoken + self.subjects if x[0] < before]
        return sorted(both, key=lambda x: x[0])

    def resolve(self, head: int, continuing: bool = False) -> Speaker | None:
        """The speaker whose phrase has `head` as its head token; remembered for later pronouns.

        `continuing` marks an attribution that follows a direct quote (« … », a ajouté le
        diplomate russe), where a bare role usually names the person quoted just before.
        """
        self._continuing = continuing
        speaker = self._resolve(head)
        self.tried.append((head, speaker))
        if speaker is not None:
            self.spoken.append((head, speaker))
        return speaker

    def _resolve(self, head: int, depth: int = 0) -> Speaker | None:
        p = self.parsed
        tok = p.tokens[head]
        pronoun = _pronoun_key(tok.text)
        if pronoun in _PLURAL_PRONOUNS:
            return None  # a group named earlier is too often another one: abstain
        if _demonstrative_pronoun(p, head) or (
            tok.lemma.lower() in _DEMONSTRATIVE_ADJ and _demonstrative(p, head)
        ):
            gender = _gender(p, head)
            named = self._last_named(head, gender, depth)
            return named if named is not None else self._pronoun(head, gender)
        if pronoun in _PRONOUNS:
            # "X répondra, a-t-il dit": an inverted pronoun never stands for its own clause.
            outside = tok.text.startswith("-")
            return self._pronoun(head, _PRONOUNS[pronoun], outside)
        person = p.person(head)
        if person is not None:
            if not good_name(p, person):
                return None
            name = person_name(person)
            return Speaker(name, person.start, True, self._gender_of(name))
        span = _phrase(p, head)
        named = _apposed_person(p, span)
        if named is not None:
            if not good_name(p, named):
                return None
            return Speaker(person_name(named), named.start, True, _gender(p, head))
        mention = p.mention_at.get(head)
        if mention is not None:
            # "le ministère de l'Intérieur": an institution named by its lower-case noun.
            institution = (
                mention.label in ("ORG", "LOC") and tok.pos == "NOUN"
                and tok.lemma.lower() in speaker_nouns() and p.token_at(mention.start) == head
                and "\n" not in mention.text and not _BAD_NAME.search(mention.text)
            )
            if not institution and (not good_name(p, mention)
                                    or (mention.label == "MISC" and tok.pos != "PROPN")):
                return None
            return Speaker(strip_title(strip_article(mention.text)), mention.start, False)
        if tok.pos == "PRON" and tok.lemma.lower() in ("un", "une") and depth < 2:
            # "l'un des avocats de la victime": one of a group that can speak, unnamed.
            group = next((c for c in p.children[head] if p.tokens[c].pos == "NOUN"), None)
            found = self._resolve(group, depth + 1) if group is not None else None
            if found is None or found.named:
                return None
            start, end = p.tokens[span[0]].idx, p.end(span[-1])
            return Speaker(p.text[start:end], start, False, _gender(p, head))
        if tok.pos not in ("NOUN", "PROPN"):
            return None
        lemma = tok.lemma.lower()
        if _definite(p, head) and any(p.tokens[c].lemma.lower() == "même"
                                      for c in p.children[head]):
            # "a précisé la même source": the speaker last quoted, whoever it was.
            # An attribution in between that named no one leaves it unknown: no answer.
            before = [(at, sp) for at, sp in self.tried if at < head]
            if before and before[-1][1] is not None and \
                    _paragraph(p, head) - _paragraph(p, before[-1][0]) <= 1:
                prev = before[-1][1]
                return Speaker(prev.name, tok.idx, prev.named, prev.gender, prev.role)
            return None
        if lemma in _GENERIC_PERSONS and _definite(p, head) and not _indefinite(p, head):
            # "L'homme de 71 ans a affirmé": a definite "man" or "woman" takes up a person just
            # named, when only one was.
            return self._only_named(head, _gender(p, head))
        if lemma in channel_nouns():
            agent = _agent_of(p, head)
            return self._resolve(agent, depth + 1) if agent is not None and depth < 2 else None
        role = lemma if lemma in person_roles() else None
        if role is None and lemma not in speaker_nouns():
            return None  # "la pression", "les cas": no one
        new = not _definite(p, head) and _indefinite(p, head)
        if new and (named := _name_before(p, span[0])) is not None:
            # "Mounira, une habitante de Kawéni, a témoigné": the one introduced is named first,
            # by a first name that tells a reader little without the role beside it.
            role_text = p.text[p.tokens[span[0]].idx : p.end(span[-1])]
            return Speaker(f"{named.text}, {role_text}", named.start, True, _gender(p, head))
        if role is not None and new:
            # "un responsable de la Maison Blanche" introduces someone new: never a named person.
            start, end = p.tokens[span[0]].idx, p.end(span[-1])
            return Speaker(p.text[start:end], start, False, _gender(p, head))
        found = self._role(head, span) if role else None
        if found is not None:
            if not found.named or found.role == "guess":
                # A guess from the last speaker: the story may know the role's one holder.
                found.role = role if not _words(p, span) - {role} else None
            return found
        start, end = p.tokens[span[0]].idx, p.end(span[-1])
        # Only a bare role ("le ministre") may go to the role's one holder in the story; "l'avocate
        # générale" is not "l'avocate" of another article.
        bare = role if role and not _words(p, span) - {role} else None
        return Speaker(p.text[start:end], start, False, _gender(p, head), bare,
                       "Number=Plur" in tok.morph)

    def _only_named(self, head: int, gender: str) -> Speaker | None:
        """The one person named in this or the previous sentence before token `head`, of a
        gender that does not conflict; None when there are none or several."""
        p = self.parsed
        lo = _previous_sentence_start(p, head)
        names: dict[str, str] = {}  # by last word: "Dominique Pelicot" and "Pelicot" are one
        for k in range(lo, head):
            m = p.person(k)
            if m is not None and good_name(p, m):
                name = person_name(m)
                last = name.split()[-1].lower()
                names[last] = max(names.get(last, ""), name, key=len)
        if len(names) != 1:
            return None
        name = next(iter(names.values()))
        known = self._gender_of(name)
        if gender and known and known != gender:
            return None
        return Speaker(name, p.tokens[head].idx, True, gender or known)

    def _last_named(self, head: int, gender: str, depth: int) -> Speaker | None:
        """ "Celle-ci", "ce dernier": the last noun before it in this or the previous sentence
        that can speak, of its gender ("… avoir alerté la police de Butler. Celle-ci a
        assuré …"), whatever its role in the clause; None when the nearest does not agree."""
        p = self.parsed
        if depth >= 2:
            return None
        lo = _previous_sentence_start(p, head)
        for k in range(head - 1, lo - 1, -1):
            tok = p.tokens[k]
            if tok.pos not in ("NOUN", "PROPN") or "Number=Plur" in tok.morph:
                continue
            if tok.dep in ("nmod", "flat:name", "appos") and tok.head < k:
                continue  # "la police de Butler": the phrase's head is what is taken up
            lemma = tok.lemma.lower()
            speaks = p.person(k) is not None or lemma in person_roles() or (
                tok.pos == "NOUN" and lemma in speaker_nouns())
            if not speaks:
                continue
            own = _gender(p, k) if tok.pos == "NOUN" else ""
            if gender and own and own != gender:
                return None
            found = self._resolve(k, depth + 1)
            if found is not None:
                return Speaker(found.name, p.tokens[head].idx, found.named, gender or
                               found.gender, found.role)
            return None
        return None

    def _pronoun(self, head: int, gender: str, outside: bool = False) -> Speaker | None:
        """The nearest singular antecedent of a compatible gender, in this paragraph or the
        PRONOUN_PARAGRAPHS before it."""
        p = self.parsed
        here = _paragraph(p, head)
        for at, speaker in reversed(self._timeline(head)):
            if _paragraph(p, at) < here - PRONOUN_PARAGRAPHS:
                break
            # The parser may run two sentences together ("… en 2020.  “…”, a-t-elle
            # estimé"): a full stop between them still ends the pronoun's own clause.
            own = p.sentence_of[at] == p.sentence_of[head] and at >= p.text_sentence_start(head)
            if speaker.plural or (outside and own):
                continue
            if not speaker.gender or not gender or speaker.gender == gender:
                return Speaker(speaker.name, p.tokens[head].idx, speaker.named, gender or
                               speaker.gender, speaker.role)
        return None

    def _gender_of(self, name: str) -> str:
        for role in reversed(self.roles):
            if role.name == name and role.gender:
                return role.gender
        return ""

    def _role(self, head: int, span: list[int]) -> Speaker | None:
        """A bare role phrase resolved to a person, by role, by last speaker, then by modifier."""
        p = self.parsed
        lemma = p.tokens[head].lemma.lower()
        if lemma not in person_roles():
            return None
        words = _words(p, span)
        adjectives = _adjectives(p, span)
        where = p.tokens[head].idx
        earlier = [r for r in self.roles if r.at <= span[-1]]
        same = [r for r in earlier
                if r.head == lemma and not _conflicting(r.words, adjectives)]
        if same:
            best = max(same, key=lambda r: (len(r.words & words), r.at))
            return Speaker(best.name, where, True, best.gender)
        if not _definite(p, head) and p.tokens[head].idx > 0 and \
                p.tokens[head - 1].pos == "DET":
            return None
        # "« … » : après ces mots du président de la cour, …" before the article names "le
        # président de la cour Roger Arata": a later introduction of the same role, all of its
        # words in the phrase, held by one person only.
        later = {r.name for r in self.roles if r.at > span[-1] and r.head == lemma
                 and r.words - {lemma} and r.words <= words}
        if len(later) == 1 and not same:
            holder = next(r for r in self.roles if r.name in later)
            return Speaker(holder.name, where, True, holder.gender)
        if not _definite(p, head):
            return None
        for at, spoken in reversed(self.spoken):
            if not spoken.named and p.tokens[at].lemma.lower() == lemma:
                return Speaker(spoken.name, where, False, spoken.gender, lemma)
        gender = _gender(p, head)
        recent = [
            s
            for _, s in self._timeline(head)[-RECENT_SPEAKERS:]
            if s.named and (not gender or not s.gender or s.gender == gender)
        ]
        recent = [s for s in recent if not s.role or s.role == lemma]
        if recent and self._continuing:
            last = recent[-1]
            return Speaker(last.name, where, True, last.gender, "guess")
        sharing = [r for r in earlier if (r.words & words) - {lemma}
                   and not _conflicting(r.words, adjectives)]
        if sharing:
            best = max(sharing, key=lambda r: (len(r.words & words), r.at))
            return Speaker(best.name, where, True, best.gender)
        return None


@cache
def speaker_nouns() -> frozenset[str]:
    """Group and institution nouns that can be a speaker on their own."""
    return _lemmas("speaker_nouns.txt")


@cache
def channel_nouns() -> frozenset[str]:
    """Nouns naming the channel of a statement, whose agent after "de" is the speaker."""
    return _lemmas("channel_nouns.txt")


def _lemmas(name: str) -> frozenset[str]:
    text = (RULES / name).read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def good_name(p: Parsed, m: Mention) -> bool:
    """Whether a mention reads as a name: capitalised words (particles aside), no digit, no
    verb, one line ("Interviewée par TF1", "01:32c'" are not names)."""
    if "\n" in m.text or _BAD_NAME.search(m.text):
        return False
    first, last = p.token_at(m.start), p.token_at(m.end - 1)
    words = [t for t in p.tokens[first : last + 1] if any(c.isalpha() for c in t.text)]
    if not words:
        return False
    for t in words:
        if (t.pos in ("VERB", "AUX") and not t.text[:1].isupper()) or (
                t.text.lower() not in _NAME_PARTICLES
                                          and not t.text[:1].isupper()):
            return False
    return True


def _paragraph(p: Parsed, k: int) -> int:
    """The paragraph (line) number of token k."""
    return p.text.count("\n", 0, p.tokens[k].idx)


def _demonstrative_pronoun(p: Parsed, head: int) -> bool:
    """ "celle-ci", "celui-là" (one token or three: "Celle", "-", "ci"), singular."""
    k = head
    while k > 0 and p.tokens[k].text.lower() in ("-", "ci", "là", "-ci", "-là"):
        k -= 1
    tok = p.tokens[k]
    if tok.text.lower() in _DEMONSTRATIVES:
        return True
    rest = p.text[tok.idx + len(tok.text) : tok.idx + len(tok.text) + 3].lower()
    return (tok.lemma.lower() == "celui" and "PronType=Dem" in tok.morph
            and "Number=Plur" not in tok.morph and rest.startswith(("-ci", "-là")))


def _demonstrative(p: Parsed, head: int) -> bool:
    """ "ce dernier" / "cette dernière": a demonstrative before the adjective."""
    return head > 0 and p.tokens[head - 1].lemma.lower() == "ce"


def _indefinite(p: Parsed, head: int) -> bool:
    for k in p.children[head]:
        if p.tokens[k].dep == "det":
            return "Definite=Ind" in p.tokens[k].morph or p.tokens[k].lemma.lower() == "un"
    return False


def _agent_of(p: Parsed, head: int) -> int | None:
    """The "de X" complement of a channel noun ("un communiqué de la porte-parole")."""
    for k in p.children[head]:
        tok = p.tokens[k]
        cases = [p.tokens[c].text.lower() for c in p.children[k] if p.tokens[c].dep == "case"]
        if tok.pos in ("NOUN", "PROPN") and cases and cases[0] in _PREPOSITIONS - {"par"}:
            return k
    return None


def _conflicting(role_words: frozenset[str], adjectives: frozenset[str]) -> bool:
    """Whether the phrase carries an adjective the role given to a person lacks ("dirigeant
    américain" / "dirigeant russe X", "avocate générale" / "avocate de la défense X"): most
    often another person, so no answer."""
    return bool(adjectives - role_words)


def _pronoun_key(text: str) -> str:
    """"-t-il", "-il", "Il" -> "il"."""
    key = text.lower().lstrip("-")
    return key[2:] if key.startswith("t-") else key


def _main_subjects(p: Parsed, resolver: SpeakerResolver) -> list[tuple[int, Speaker]]:
    """Persons that are the subject of a main-clause verb outside quotes, in text order.

    The subject may be the name itself, a role noun with the name in apposition ("Le ministre,
    Bastien Roumégoux, s'est rendu"), or a role noun introduced next to a name ("Hélène
    Castagnède, la maire, a raconté").
    """
    quoted = quote_marks(p.text)
    by_role = {r.at: r for r in resolver.roles}
    found = []
    for k, tok in enumerate(p.tokens):
        if tok.dep not in SUBJECTS or any(a <= tok.idx < b for a, b in quoted):
            continue
        verb = p.tokens[tok.head]
        crossing = p.sentence_of[verb.i] != p.sentence_of[verb.head]
        if verb.dep not in ("ROOT", "conj", "parataxis") and not crossing:
            continue
        person = p.person(k)
        if person is None:
            person = next(
                (p.person(c) for c in p.children[k]
                 if p.tokens[c].dep == "appos" and p.person(c) is not None),
                None,
            )
        if person is not None:
            name = person_name(person)
            # The gender of a role noun subject is reliable; the model's guess for a name is not.
            role_gender = _gender(p, k) if p.person(k) is None else ""
            gender = resolver._gender_of(name) or role_gender
            found.append((k, Speaker(name, person.start, True, gender)))
        elif k in by_role:
            role = by_role[k]
            found.append((k, Speaker(role.name, tok.idx, True, role.gender)))
    found += _surface_subjects(p, resolver, quoted, {k for k, _ in found})
    found.sort(key=lambda x: x[0])
    return found


def _surface_subjects(p: Parsed, resolver: SpeakerResolver, quoted: list[tuple[int, int]],
                      seen: set[int]) -> list[tuple[int, Speaker]]:
    """Names the parser missed as subjects: a name, with its apposition set off by commas,
    right before a verb ("Plus tôt, Tony Estanguet, patron du comité, a fait sourire")."""
    found = []
    for m in p.analysis.mentions:
        first, last = p.token_at(m.start), p.token_at(m.end - 1)
        if p.person(first) is not m or any(a <= m.start < b for a, b in quoted):
            continue
        if any(k in seen for k in range(first, last + 1)) or not good_name(p, m):
            continue
        if first > 0 and p.tokens[first - 1].pos == "ADP":
            continue
        k = last + 1
        if k < len(p.tokens) and p.tokens[k].text == ",":
            close = next((j for j in range(k + 1, min(k + 12, len(p.tokens)))
                          if p.tokens[j].text in (",", ".") or "\n" in p.tokens[j].text), None)
            if close is None or p.tokens[close].text != ",":
                continue
            k = close + 1
        if k < len(p.tokens) and p.tokens[k].pos in ("AUX", "VERB") and \
                p.tokens[k].text[:1].islower():
            name = person_name(m)
            found.append((first, Speaker(name, m.start, True, resolver._gender_of(name))))
    return found


def person_name(m: Mention) -> str:
    """The name a person mention is kept under: no title, no article, particle kept; a title
    inside the span starts the name ("Aleteia Mgr Ulrich": the outlet glued before it)."""
    words = m.text.split()
    inner = [n for n, w in enumerate(words) if n and strip_title(f"{w} X") == "X"]
    text = " ".join(words[inner[0]:]) if inner else m.text
    return name_surface(text, person=True)


def _phrase(p: Parsed, head: int) -> list[int]:
    """The noun phrase of a head: its subtree up to a relative clause or a closing comma."""
    keep, stack = [head], list(p.children[head])
    while stack:
        k = stack.pop()
        tok = p.tokens[k]
        if tok.dep.startswith("acl") or tok.pos in ("VERB", "AUX") or "\n" in tok.text:
            continue
        if _addressee(p, k):
            continue  # "a confié la première dame à ses proches": the hearers are not the speaker
        keep.append(k)
        stack.extend(p.children[k])
    keep.sort()
    # Keep the contiguous run around the head so stray attachments do not widen the phrase.
    lo = hi = keep.index(head)
    while lo > 0 and keep[lo - 1] == keep[lo] - 1:
        lo -= 1
    while hi + 1 < len(keep) and keep[hi + 1] == keep[hi] + 1:
        hi += 1
    run = keep[lo : hi + 1]
    # A comma ends the phrase ("selon les syndicats, plus de 2,5 millions"); an apposed name
    # after it is picked up by _apposed_person.
    at = run.index(head)
    commas = [n for n, k in enumerate(run) if p.tokens[k].text == ","]
    after = [n for n in commas if n > at]
    before = [n for n in commas if n < at]
    run = run[(before[-1] + 1 if before else 0) : (after[0] if after else len(run))]
    while run and p.tokens[run[-1]].pos == "PUNCT":
        run.pop()
    while run and run[0] != head and p.tokens[run[0]].pos in ("PUNCT", "ADP"):
        run.pop(0)
    return run or [head]


def _addressee(p: Parsed, k: int) -> bool:
    """A complement introduced by a preposition other than "de" ("à ses proches", "sur RTL")."""
    cases = [c for c in p.children[k] if p.tokens[c].dep == "case"]
    return bool(cases) and p.tokens[cases[0]].text.lower() not in _PREPOSITIONS


def _name_before(p: Parsed, first: int) -> Mention | None:
    """A one-word name opening its sentence right before a comma and a role phrase ("Mounira,
    une habitante de Kawéni, a témoigné"): the NER often takes a lone first name for a place."""
    comma = first - 1
    if comma < 1 or p.tokens[comma].text != ",":
        return None
    m = p.mention_at.get(comma - 1)
    if m is None or " " in m.text.strip() or not m.text[:1].isupper() or m.text.isupper():
        return None
    k = p.token_at(m.start)
    if k != p.text_sentence_start(k) or p.tokens[k].pos in ("ADV", "ADP", "DET"):
        return None
    return m


def _apposed_person(p: Parsed, span: list[int]) -> Mention | None:
    """A person named inside or right after a role phrase, not as a complement ("de Poutine")."""
    after = span[-1] + 1
    while after < len(p.tokens) and p.tokens[after].text in (")", "]"):
        after += 1
    if after + 1 < len(p.tokens) and p.tokens[after].text == ",":
        follower = p.person(after + 1)
        if follower is not None and p.tokens[span[0]].pos in ("DET", "NOUN"):
            return follower
    for k in span:
        m = p.person(k)
        if m is None:
            continue
        first = p.token_at(m.start)
        before = p.tokens[first - 1].text.lower() if first > 0 else ""
        if before not in _PREPOSITIONS:
            return m
    return None


def _adjectives(p: Parsed, span: list[int]) -> frozenset[str]:
    return frozenset(p.tokens[k].lemma.lower() for k in span if p.tokens[k].pos == "ADJ")


def _words(p: Parsed, span: list[int]) -> frozenset[str]:
    return frozenset(p.tokens[k].lemma.lower() for k in span if p.tokens[k].pos in _CONTENT)


def _gender(p: Parsed, head: int) -> str:
    """Grammatical gender of a role noun, from its determiner first ("la ministre")."""
    dets = [k for k in p.children[head] if p.tokens[k].dep == "det"]
    for k in [*dets, head]:
        for part in p.tokens[k].morph.split("|"):
            if part.startswith("Gender="):
                return part.split("=", 1)[1]
    return ""


def _definite(p: Parsed, head: int) -> bool:
    for k in p.children[head]:
        tok = p.tokens[k]
        if tok.dep == "det":
            return "Definite=Def" in tok.morph or "Poss=Yes" in tok.morph
    return False


def introduced_roles(p: Parsed) -> list[Role]:
    """Role phrases given to named persons in one article, in text order."""
    return _introduced_roles(p)


def _introduced_roles(p: Parsed) -> list[Role]:
    """Role phrases right before or right after (in apposition to) each person mention."""
    roles: list[Role] = []
    for m in p.analysis.mentions:
        if p.person(p.token_at(m.start)) is not m:
            continue
        first, last = p.token_at(m.start), p.token_at(m.end - 1)
        name = person_name(m)
        # "conseiller de Poutine": a name after a preposition is a complement, not the holder.
        complement = first > 0 and p.tokens[first - 1].pos == "ADP"
        before = [] if complement else _run(p, first - 1, -1)
        apposed = last + 1 < len(p.tokens) and p.tokens[last + 1].text == ","
        after = _run(p, last + 1, 1) if apposed else []
        for run in (before, after):
            role = _role_in(p, run, name)
            if role is not None:
                roles.append(role)
    roles.sort(key=lambda r: r.at)
    return roles


def _run(p: Parsed, start: int, step: int) -> list[int]:
    """Tokens of a role phrase from start going one way, across one leading comma."""
    out: list[int] = []
    k = start
    if 0 <= k < len(p.tokens) and p.tokens[k].text == ",":
        k += step
    while 0 <= k < len(p.tokens) and len(out) < 10:
        tok = p.tokens[k]
        if tok.pos not in _ROLE_RUN or "\n" in tok.text or p.person(k) is not None:
            break
        out.append(k)
        k += step
    return sorted(out)


def _role_in(p: Parsed, run: list[int], name: str) -> Role | None:
    for n, k in enumerate(run):
        tok = p.tokens[k]
        singular = "Number=Plur" not in tok.morph
        after_en = k > 0 and p.tokens[k - 1].text.lower() == "en"  # "architecte en chef"
        if tok.pos == "NOUN" and singular and not after_en and tok.lemma.lower() in person_roles():
            words = _words(p, run[n:])
            return Role(k, tok.lemma.lower(), words, name, _gender(p, k), _adjectives(p, run[n:]))
    return None
