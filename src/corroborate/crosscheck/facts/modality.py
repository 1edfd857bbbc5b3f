"""Whether a figure is stated as fact or as what may or will be: read off the parse's morphology.

"pourrait tomber jusqu'à 400 litres", "doit durer trois mois" and "durera quatre mois" are
forecasts or plans; "il est tombé 491 litres" is a report. A forecast and a report of one slot
are two claims, not a dispute.
"""

from __future__ import annotations

from bisect import bisect_right

from corroborate.types import Token

# The closed class of French modal verbs: the infinitive they govern is possible or due, not done.
MODAL_LEMMAS = {"pouvoir", "devoir"}
MAX_CLIMB = 8
AUX_REACH = 4


def _token_at(tokens: list[Token], offset: int) -> int | None:
    starts = [t.idx for t in tokens]
    i = bisect_right(starts, offset) - 1
    return i if 0 <= i < len(tokens) else None


def _modal_verb(token: Token) -> bool:
    morph = token.morph
    if "Mood=Cnd" in morph or "Tense=Fut" in morph:
        return True
    lemma = token.lemma.lower()
    # "ont dû quitter" tells what had to be and was done; "a pu tomber jusqu'à" stays a
    # possibility in every tense.
    if lemma == "devoir" and "VerbForm=Part" in morph:
        return False
    return lemma in MODAL_LEMMAS


def modal(tokens: list[Token], offset: int) -> bool:
    """Whether the clause holding the character `offset` is conditional, future or governed
    by a modal verb (the verb above the figure, its auxiliaries and the verbs it completes)."""
    i = _token_at(tokens, offset)
    if i is None:
        return False
    seen = 0
    while seen < MAX_CLIMB and tokens[i].pos not in {"VERB", "AUX"}:
        parent = tokens[i].head
        if parent == i or not 0 <= parent < len(tokens):
            return False
        i, seen = parent, seen + 1
    if tokens[i].pos not in {"VERB", "AUX"}:
        return False
    chain = [i]
    while tokens[chain[-1]].dep.startswith("xcomp") and len(chain) < MAX_CLIMB:
        parent = tokens[chain[-1]].head
        if parent == chain[-1] or not 0 <= parent < len(tokens):
            break
        chain.append(parent)
    verbs = set(chain)
    if any(_modal_verb(tokens[v]) for v in verbs):
        return True
    # Auxiliaries sit next to their verb ("aurait été", "sera"): look a few tokens either side.
    near = tokens[max(0, min(verbs) - AUX_REACH) : max(verbs) + AUX_REACH]
    return any(t.head in verbs and t.pos == "AUX" and _modal_verb(t) for t in near)
