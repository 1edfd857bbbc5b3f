"""Whether a figure is stated as fact or as what may or will be: read off the parse's morphology.

"pourrait tomber jusqu'à 400 litres", "doit durer trois mois", "durera quatre mois" and
"s'attendent à ce que la BCE opte pour 50 points" are forecasts, plans or expectations;
"il est tombé 491 litres" is a report. A forecast and a report of one slot are two claims,
not a dispute.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import takewhile

from corroborate.types import Token

# The closed class of French modal verbs: the infinitive they govern is possible or due, not done.
MODAL_LEMMAS = {"pouvoir", "devoir"}
# Verbs of asking: a figure they govern is what a party asks for (a sentence a prosecutor
# requests, a raise a union demands), not what was decided.
REQUEST_LEMMAS = {"requérir", "demander", "réclamer", "exiger", "solliciter"}
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


def _up_to_verb(tokens: list[Token], i: int) -> list[int]:
    """Token `i` and its heads up to the first verb or auxiliary (at most `MAX_CLIMB` steps,
    stopping at the root): the last one is the verb when there is one."""
    path = [i]
    while len(path) <= MAX_CLIMB and tokens[path[-1]].pos not in {"VERB", "AUX"}:
        parent = tokens[path[-1]].head
        if parent == path[-1] or not 0 <= parent < len(tokens):
            break
        path.append(parent)
    return path


def requested(tokens: list[Token], start: int, end: int) -> bool:
    """Whether the figure of the span `start:end` (its first number) is asked for: governed
    by a verb of asking ("a demandé 20 ans") or qualified by its participle ("20 ans requis")."""
    first = _token_at(tokens, start)
    if first is None:
        return False
    in_span = takewhile(lambda k: tokens[k].idx < end, range(first, len(tokens)))
    number = next((k for k in in_span if tokens[k].pos == "NUM"), None)
    if number is None:
        return False
    path = _up_to_verb(tokens, number)
    # What is asked is the verb's object ("a requis 20 ans", "20 ans ont été requis"), not
    # a circumstance of the asking ("a demandé pardon devant 300 personnes").
    if tokens[path[-1]].lemma.lower() in REQUEST_LEMMAS:
        return len(path) > 1 and tokens[path[-2]].dep in ("obj", "nsubj:pass")
    on_path = set(path)
    window = tokens[max(0, min(path) - MAX_CLIMB) : max(path) + MAX_CLIMB]
    return any(t.head in on_path and t.dep.startswith(("acl", "amod"))
               and "VerbForm=Part" in t.morph and t.lemma.lower() in REQUEST_LEMMAS
               for t in window)


def _expected(tokens: list[Token], verb: int) -> bool:
    """Whether a clause is the "à ce que …" complement ("s'attendent à ce que la BCE opte pour
    50 points", "veille à ce que"): French puts it in the subjunctive, what is wished or
    awaited, whatever mood the tagger read on its verb."""
    head = tokens[verb].head
    if not tokens[verb].dep.startswith(("acl", "ccomp")) or head == verb:
        return False
    if not 0 <= head < len(tokens) or tokens[head].lemma.lower() != "ce":
        return False
    return head > 0 and tokens[head - 1].text.lower() in {"à", "a"} and any(
        t.head == verb and t.dep == "mark" and t.text.lower() in {"que", "qu'", "qu’"}
        for t in tokens[head : verb])


def modal(tokens: list[Token], offset: int) -> bool:
    """Whether the clause holding the character `offset` is conditional, future or governed
    by a modal verb (the verb above the figure, its auxiliaries and the verbs it completes)."""
    i = _token_at(tokens, offset)
    if i is None:
        return False
    i = _up_to_verb(tokens, i)[-1]
    if tokens[i].pos not in {"VERB", "AUX"}:
        return False
    chain = [i]
    while tokens[chain[-1]].dep.startswith("xcomp") and len(chain) < MAX_CLIMB:
        parent = tokens[chain[-1]].head
        if parent == chain[-1] or not 0 <= parent < len(tokens):
            break
        chain.append(parent)
    verbs = set(chain)
    if any(_modal_verb(tokens[v]) for v in verbs) or _expected(tokens, chain[-1]):
        return True
    # Auxiliaries sit next to their verb ("aurait été", "sera"): look a few tokens either side.
    near = tokens[max(0, min(verbs) - AUX_REACH) : max(verbs) + AUX_REACH]
    return any(t.head in verbs and t.pos == "AUX" and _modal_verb(t) for t in near)
