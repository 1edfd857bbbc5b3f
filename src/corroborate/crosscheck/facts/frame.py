"""What a figure counts and whose it is, read off the dependency parse of its clause.

Two outlets dispute a figure only when they speak of one set: "51 hommes accusés" and "les 18
hommes qui comparaissent détenus" count different sets (the relative clause restricts the
noun), "les 49 autres accusés" counts a remainder, and "Gilbert Azibert, 70 ans" is not the age
of "Nicolas Sarkozy, 66 ans". A frame holds the counted noun's restrictions and the figure's
holder (the person it is attached to, or the clause's subject).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from corroborate.lexicon.names import fold
from corroborate.types import Token

MAX_CLIMB = 8
NAME_REACH = 8
# "autre" marks a remainder ("les 49 autres accusés"): a closed-class word of the grammar.
REMAINDER = "autre"
AGAINST = "contre"  # the preposition naming whom a sentence or a request is against
_SUBJECTS = {"nsubj", "nsubj:pass"}
_RESTRICTING = {"acl", "acl:relcl"}


@dataclass(frozen=True)
class Frame:
    """The counted noun's lemma, the lemmas restricting it, and the figure's holder."""

    noun: str = ""
    restrictions: frozenset[str] = field(default_factory=frozenset)
    holder: frozenset[str] = field(default_factory=frozenset)


def _token_at(tokens: list[Token], offset: int) -> int | None:
    starts = [t.idx for t in tokens]
    i = bisect_right(starts, offset) - 1
    return i if 0 <= i < len(tokens) else None


def _children(tokens: list[Token], i: int, near: int = 40) -> list[Token]:
    """Dependents of token `i`, looked for in a window around it (a clause is short)."""
    return [t for t in tokens[max(0, i - near) : i + near] if t.head == i and t.i != i]


def _name(tokens: list[Token], i: int) -> frozenset[str]:
    """The folded words of the person name holding token `i` (its flat:name chain)."""
    head = i
    while tokens[head].dep.startswith("flat") and tokens[head].head != head:
        head = tokens[head].head
    parts = [tokens[head]] + [t for t in _children(tokens, head) if t.dep.startswith("flat")]
    return frozenset(fold(t.text).lower() for t in parts if t.pos in {"PROPN", "NOUN", "ADJ"})


def _person(token: Token) -> bool:
    return token.ent_type == "PER" or (token.pos == "PROPN" and token.ent_type in {"", "PER"})


def _counted(tokens: list[Token], i: int) -> bool:
    """Whether a word is quantified by a number ("3 d'entre eux")."""
    return any(c.dep == "nummod" for c in _children(tokens, i))


def _target(tokens: list[Token], noun: int) -> frozenset[str]:
    """Whom a figure is set against ("quatre ans de prison contre le dernier"): the holder."""
    for child in _children(tokens, noun):
        if child.dep.startswith(("nmod", "obl")) and any(
            c.dep == "case" and c.lemma.lower() == AGAINST for c in _children(tokens, child.i)
        ):
            return _name(tokens, child.i) if _person(child) else _noun_holder(tokens, child.i)
    return frozenset()


def _noun_holder(tokens: list[Token], i: int) -> frozenset[str]:
    """A noun as a holder: the name it introduces ("le maire Paul Vernier"), else its lemma."""
    named = [c for c in _children(tokens, i)
             if _person(c) and c.dep.startswith(("appos", "flat", "nmod"))]
    return _name(tokens, named[0].i) if named else frozenset({"=" + tokens[i].lemma.lower()})


def _subject(tokens: list[Token], verb: int, own: int) -> frozenset[str]:
    """The subject of a clause verb as a holder key: a name, "#" for a counted group ("3 ont
    été condamnés"), a noun lemma; empty for a pronoun or when the subject is the figure."""
    for child in _children(tokens, verb):
        if child.dep not in _SUBJECTS or child.i == own:
            continue
        if _person(child):
            return _name(tokens, child.i)
        if child.pos == "NUM" or _counted(tokens, child.i):
            return frozenset({"#"})
        if child.pos == "NOUN":
            return _noun_holder(tokens, child.i)
        return frozenset()
    # A parse that lost the subject ("Dominique Pelicot, septuagénaire, est condamné" read as
    # two roots): a name just before the verb, in its sentence, is taken as the holder.
    for k in range(verb - 1, max(-1, verb - NAME_REACH), -1):
        if _person(tokens[k]):
            return _name(tokens, k)
        if tokens[k].sent_start or tokens[k].pos in {"VERB", "NOUN"}:
            break
    return frozenset()


def frame(tokens: list[Token], start: int, end: int) -> Frame:
    """The frame of the figure spanning characters `start`..`end` of the article."""
    i = _token_at(tokens, start)
    if i is None:
        return Frame()
    # The counted noun: the head a number token modifies, or the last token of the span.
    noun = i
    if tokens[i].dep == "nummod" and 0 <= tokens[i].head < len(tokens):
        noun = tokens[i].head
    else:
        inside = [t.i for t in tokens[i : i + 6] if t.idx < end]
        noun = inside[-1] if inside else i
    restrictions = set()
    for child in _children(tokens, noun):
        lemma = child.lemma.lower()
        if lemma == REMAINDER:
            restrictions.add(REMAINDER)
        elif child.dep in _RESTRICTING or (child.dep == "amod" and "VerbForm=Part" in child.morph):
            restrictions.add(lemma)
    holder = _target(tokens, noun)
    node, steps = noun, 0 if not holder else MAX_CLIMB
    while steps < MAX_CLIMB:
        parent = tokens[node].head
        if parent == node or not 0 <= parent < len(tokens):
            break
        via, node, steps = tokens[node].dep, parent, steps + 1
        if via.startswith("conj"):
            continue  # "14 morts et 250 blessés": a coordinated figure shares its head's frame
        if _person(tokens[node]):
            holder = _name(tokens, node)
            break
        if tokens[node].pos in {"VERB", "AUX"}:
            holder = _subject(tokens, node, noun)
            break
        if tokens[node].pos == "NOUN":
            # "une réplique de magnitude 6,4", "l'ex-président âgé de 66 ans": the figure
            # belongs to that noun, not to the clause's subject; "le maire Paul Vernier,
            # 58 ans" to the name the noun introduces.
            holder = _noun_holder(tokens, node)
            break
    noun_lemma = tokens[noun].lemma.lower() if tokens[noun].pos == "NOUN" else ""
    return Frame(noun_lemma, frozenset(restrictions), holder)


def clause_of(tokens: list[Token], offset: int) -> int | None:
    """The verb heading the clause that holds the character `offset` (None at a verbless root)."""
    i = _token_at(tokens, offset)
    steps = 0
    while i is not None and steps <= MAX_CLIMB:
        if tokens[i].pos in {"VERB", "AUX"}:
            return i
        parent = tokens[i].head
        if parent == i or not 0 <= parent < len(tokens):
            return None
        i, steps = parent, steps + 1
    return None


def clauses_above(tokens: list[Token], offset: int) -> set[int | None]:
    """The clause verb holding `offset` and the verbs of the clauses it is embedded in."""
    found: set[int | None] = set()
    verb = clause_of(tokens, offset)
    while verb is not None and verb not in found and len(found) <= MAX_CLIMB:
        found.add(verb)
        parent = tokens[verb].head
        if parent == verb or not 0 <= parent < len(tokens):
            break
        verb = clause_of(tokens, tokens[parent].idx)
    return found or {None}


def _named(holder: frozenset[str]) -> bool:
    return bool(holder) and not any(k.startswith(("#", "=")) for k in holder)


def same_set(a: Frame, b: Frame) -> bool:
    """Whether two figures can be reports of one quantity: neither counts a remainder, their
    restrictions do not differ and their holders are one. A figure of a named person is only
    set against a figure of the same name: "l'ex-président, 66 ans" may be anyone's age."""
    if REMAINDER in a.restrictions or REMAINDER in b.restrictions:
        return False
    # A participle or relative clause on one side only often describes the same people
    # ("1 200 résidents vivant en aval"); two different ones name two sets.
    if a.restrictions and b.restrictions and not a.restrictions & b.restrictions:
        return False
    if _named(a.holder) or _named(b.holder):
        return bool(a.holder & b.holder)
    return not (a.holder and b.holder and not a.holder & b.holder)
