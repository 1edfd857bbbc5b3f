"""Place facts: a location named after a preposition of place ("à Genève", "depuis Wilmington",
"à la frontière avec l'Ukraine"), with the noun it places as its slot."""

from __future__ import annotations

from collections.abc import Callable

from corroborate.lexicon import values as v
from corroborate.lexicon.names import fold
from corroborate.types import Analysis, Article, FactMention, Token

_ARTICLES = {"le", "la", "les", "l'", "l’"}


def _preposition(tokens: list[Token], first: int) -> int | None:
    """Index of the place preposition governing a phrase starting at token `first`, if any."""
    preps = set(v.units()["place_prepositions"])
    i = first - 1
    while i >= 0 and tokens[i].text.lower() in _ARTICLES:
        i -= 1
    if i < 0:
        return None
    word = tokens[i].text.lower()
    if tokens[i].dep == "fixed":
        return None  # the tail of a compound preposition ("face à", "grâce à") places nothing
    if word in preps:
        return i
    if word in {"de", "d'", "d’", "du"} and i > 0 and tokens[i - 1].text.lower() in preps:
        return i - 1
    return None


def _city_region(tokens: list[Token], first: int, last: int) -> bool:
    """Whether 'de City, Region' names where something happens (de Wilmington, Delaware)."""
    return (
        first > 0
        and tokens[first - 1].text.lower() == "de"
        and last + 2 < len(tokens)
        and tokens[last + 1].text == ","
        and tokens[last + 2].ent_type == "LOC"
    )


def _slot(tokens: list[Token], prep: int) -> str:
    """What the place is about: the nearest noun before the preposition, else its head word."""
    for t in reversed(tokens[max(0, prep - 6) : prep]):
        if t.pos == "NOUN":
            return t.lemma.lower()
        if t.pos not in {"ADJ", "DET", "NUM", "ADP", "PROPN"}:
            break
    # The preposition hangs on the place itself ("à" -> "Bangkok"): what the place phrase
    # attaches to is the place's own head ("s'est effondré à Bangkok" -> effondrer).
    head = tokens[tokens[prep].head]
    if head.i > prep and head.head != head.i:
        head = tokens[head.head]
    return head.lemma.lower() if head.pos in {"NOUN", "VERB"} else ""


def _extent(tokens: list[Token], last: int, text: str) -> int:
    """End offset of a place phrase: the name or noun plus a following adjective or ', Region'."""
    end = tokens[last].idx + len(tokens[last].text)
    j = last + 1
    while j < len(tokens) and tokens[j].pos == "ADJ":
        end = tokens[j].idx + len(tokens[j].text)
        j += 1
    if j + 1 < len(tokens) and tokens[j].text in {",", "avec", "de"}:
        k = j + 1
        while k < len(tokens) and tokens[k].text.lower() in _ARTICLES | {"dans"}:
            k += 1
        if k < len(tokens) and tokens[k].ent_type == "LOC":
            while k + 1 < len(tokens) and tokens[k + 1].ent_iob == "I":
                k += 1
            end = tokens[k].idx + len(tokens[k].text)
    return end


DEMONYM_STEM = 4  # "ukrainienne" and "Ukraine", "russo" and "Russie" share their first letters


def _named(tokens: list[Token], last: int, end: int, places: list[str]) -> str:
    """The place name inside a place noun's phrase (up to character `end`): a LOC entity, or
    an adjective formed on a place the article names ("la frontière ukrainienne" gives
    Ukraine); "" when there is none."""
    names = [t.text for t in tokens[last + 1 :] if t.idx < end and t.ent_type == "LOC"]
    if names:
        return " ".join(names)
    for t in tokens[last + 1 : last + 3]:
        if t.pos != "ADJ" or len(t.text) <= DEMONYM_STEM:
            continue
        stem = fold(t.text).lower()[:DEMONYM_STEM]
        match = next((p for p in places if fold(p).lower().startswith(stem)), None)
        if match:
            return match
    return ""


def find_places(
    article: Article,
    analysis: Analysis,
    subject: Callable[[int, int], str],
    sent_of: Callable[[int], int],
) -> list[FactMention]:
    """Place facts from LOC mentions and place nouns that follow a preposition of place."""
    tokens = analysis.tokens
    by_start = {t.idx: t.i for t in tokens}
    nouns = set(v.units()["place_nouns"])
    found: list[FactMention] = []
    seen: set[int] = set()
    heads: list[tuple[int, int, str]] = []  # first token, last token, value
    persons = {m.start for m in analysis.mentions if m.label == "PER"}
    for m in analysis.mentions:
        if m.label != "LOC" or m.start not in by_start:
            continue
        first = by_start[m.start]
        last = first
        while last + 1 < len(tokens) and tokens[last + 1].idx < m.end:
            last += 1
        if first == last and last + 1 < len(tokens) and tokens[last + 1].idx in persons:
            continue  # a nationality before a name ("à l'Américain Carson Foster") places no one
        name = m.text
        for art in ("l'", "l’", "la ", "le ", "les "):
            if name.lower().startswith(art):
                name = name[len(art) :]
        heads.append((first, last, name.strip()))
    named = [value for _, _, value in heads if value[:1].isupper()]
    heads += [(t.i, t.i, "") for t in tokens if t.lemma.lower() in nouns]
    for first, last, value in sorted(heads):
        prep = _preposition(tokens, first)
        if prep is None and _city_region(tokens, first, last):
            prep = first - 1
        if prep is None or first in seen:
            continue
        start = tokens[prep].idx
        end = _extent(tokens, last, article.text)
        if not value:
            # A bare place noun ("au stade", "dans la région") places nothing a reader can
            # check; with the name it leads to ("à la frontière avec l'Ukraine") it does.
            name = _named(tokens, last, end, named)
            if not name:
                continue
            value = f"{tokens[first].lemma.lower()} {name}"
        seen.add(first)
        found.append(
            FactMention(
                kind="place", value=value, text=article.text[start:end], start=start, end=end,
                sent=sent_of(start), slot=_slot(tokens, prep), subject=subject(start, end),
            )
        )
    return found
