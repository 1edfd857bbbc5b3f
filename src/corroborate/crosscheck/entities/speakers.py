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
"""

from __future__ import annotations

from dataclasses import dataclass, field

from corroborate.crosscheck.parsed import SUBJECTS, Parsed
from corroborate.lexicon.marks import quote_marks
from corroborate.lexicon.names import name_surface, strip_article, strip_title
from corroborate.lexicon.roles import person_roles
from corroborate.types import Mention

RECENT_SPEAKERS = 2  # a bare role after a quote names one of the last two speakers
_PRONOUNS = {"il": "Masc", "elle": "Fem", "lui": "Masc", "ils": "", "elles": "Fem", "eux": ""}
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


@dataclass
class Speaker:
    """A resolved speaker: the name (or phrase) and where the phrase starts."""

    name: str
    start: int
    named: bool
    gender: str = ""
    role: str | None = None  # the role noun lemma when the phrase was a bare role


@dataclass
class SpeakerResolver:
    """Resolves speaker phrases of one article, in text order, remembering who spoke last."""

    parsed: Parsed
    roles: list[Role] = field(default_factory=list)
    spoken: list[tuple[int, Speaker]] = field(default_factory=list)
    _continuing: bool = False

    subjects: list[tuple[int, Speaker]] = field(default_factory=list)

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
        if speaker is not None:
            self.spoken.append((head, speaker))
        return speaker

    def _resolve(self, head: int) -> Speaker | None:
        p = self.parsed
        tok = p.tokens[head]
        pronoun = _pronoun_key(tok.text)
        if pronoun in _PRONOUNS:
            return self._pronoun(head, _PRONOUNS[pronoun])
        person = p.person(head)
        if person is not None:
            name = person_name(person)
            return Speaker(name, person.start, True, self._gender_of(name))
        span = _phrase(p, head)
        named = _apposed_person(p, span)
        if named is not None:
            return Speaker(person_name(named), named.start, True, _gender(p, head))
        mention = p.mention_at.get(head)
        if mention is not None:
            return Speaker(strip_title(strip_article(mention.text)), mention.start, False)
        if tok.pos not in ("NOUN", "PROPN"):
            return None
        role = tok.lemma.lower() if tok.lemma.lower() in person_roles() else None
        found = self._role(head, span)
        if found is not None:
            found.role = role
            return found
        start, end = p.tokens[span[0]].idx, p.end(span[-1])
        return Speaker(p.text[start:end], start, False, _gender(p, head), role)

    def _pronoun(self, head: int, gender: str) -> Speaker | None:
        for _, speaker in reversed(self._timeline(head)):
            if not speaker.gender or speaker.gender == gender:
                return Speaker(
                    speaker.name, self.parsed.tokens[head].idx, speaker.named, gender, speaker.role
                )
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
        where = p.tokens[head].idx
        earlier = [r for r in self.roles if r.at <= span[-1]]
        same = [r for r in earlier if r.head == lemma]
        if same:
            best = max(same, key=lambda r: (len(r.words & words), r.at))
            return Speaker(best.name, where, True, best.gender)
        if not _definite(p, head):
            return None
        for at, spoken in reversed(self.spoken):
            if not spoken.named and p.tokens[at].lemma.lower() == lemma:
                return Speaker(spoken.name, where, False, spoken.gender)
        gender = _gender(p, head)
        recent = [
            s
            for _, s in self._timeline(head)[-RECENT_SPEAKERS:]
            if s.named and (not gender or not s.gender or s.gender == gender)
        ]
        if recent and self._continuing:
            last = recent[-1]
            return Speaker(last.name, where, True, last.gender)
        sharing = [r for r in earlier if (r.words & words) - {lemma}]
        if sharing:
            best = max(sharing, key=lambda r: (len(r.words & words), r.at))
            return Speaker(best.name, where, True, best.gender)
        return None


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
    return found


def person_name(m: Mention) -> str:
    """The name a person mention is kept under: no title, no article, particle kept."""
    return name_surface(m.text, person=True)


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
        if tok.pos == "NOUN" and singular and tok.lemma.lower() in person_roles():
            words = _words(p, run[n:])
            return Role(k, tok.lemma.lower(), words, name, _gender(p, k))
    return None
