"""Which surface form names an entity: the spelling most outlets agree on.

Each surface form of an entity is scored, in order, by: being a full name (two words or more;
a place-noun form such as "vallée de l'Aulnette" counts as one word, so a place attested alone
is named by itself); the number of distinct articles spelling it exactly; the number of distinct
articles spelling its surname exactly (alone or in a full name); the mentions of the form plus
those of its surname used alone; then the spelling trust of the articles using it; then accents.

Spelling trust of an article: for every entity whose articles disagree on a spelling (a full
name, or a surname) and where one spelling is used by strictly more articles than any other,
articles using the majority spelling gain a point and the others lose one. An article that
writes "Baiden" and "Jena Psaki" against everyone else's "Biden" and "Jen Psaki" is not trusted
to spell "Emilia Horna" where another outlet writes "Emily Horne", one article each.
If everything ties, the alphabetically first form wins, so the choice is stable.

An organisation known by its initials is named by them when at least as many articles use them
as use its full name (BCE, FBI): that is how its readers know it. `acronym_name` decides.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from corroborate.lexicon.names import fold, name_key


@dataclass
class Form:
    """One surface form of an entity: how often and in which articles it is used."""

    surface: str
    count: int
    articles: frozenset[str]
    place: bool = False  # a place-noun form ("barrage de Ménestrol")


def _surname(surface: str) -> str:
    parts = fold(surface).replace("-", " ").split()
    return parts[-1] if parts else ""


def _majority(usage: dict[str, set[str]]) -> str | None:
    """The spelling used by strictly more articles than any other, if any."""
    ranked = sorted(usage.items(), key=lambda kv: -len(kv[1]))
    if len(ranked) < 2 or len(ranked[0][1]) == len(ranked[1][1]):
        return None
    return ranked[0][0]


def spelling_trust(entities: list[list[Form]]) -> dict[str, int]:
    """Per article: majority spellings used minus minority spellings used, over all entities."""
    trust: dict[str, int] = defaultdict(int)
    for forms in entities:
        full: dict[str, set[str]] = defaultdict(set)
        surnames: dict[str, set[str]] = defaultdict(set)
        for f in forms:
            if f.place:
                continue
            if len(name_key(f.surface)) >= 2:
                full[fold(f.surface)] |= f.articles
            surnames[_surname(f.surface)] |= f.articles
        for usage in (full, surnames):
            best = _majority(usage)
            if best is None:
                continue
            for spelling, articles in usage.items():
                for article in articles:
                    trust[article] += 1 if spelling == best else -1
    return dict(trust)


def best_name(forms: list[Form], trust: dict[str, int]) -> str:
    """The best-attested surface form of one entity (see the module docstring)."""
    counts: Counter[str] = Counter()
    articles: dict[str, set[str]] = defaultdict(set)
    place = set()
    for f in forms:
        counts[f.surface] += f.count
        articles[f.surface] |= f.articles
        if f.place:
            place.add(f.surface)
    spelt: dict[str, set[str]] = defaultdict(set)
    for surface in counts:
        spelt[fold(surface)] |= articles[surface]
    surname_articles: dict[str, set[str]] = defaultdict(set)
    alone: Counter[str] = Counter()
    for surface in counts:
        surname_articles[_surname(surface)] |= articles[surface]
        key = name_key(surface)
        if len(key) == 1:
            alone[key[0]] += counts[surface]

    def score(surface: str) -> tuple[int, ...]:
        key = name_key(surface)
        words = 1 if surface in place else min(len(key), 2)
        backed = alone.get(key[-1], 0) if len(key) >= 2 else 0
        return (
            words,
            len(spelt[fold(surface)]),
            len(surname_articles[_surname(surface)]),
            counts[surface] + backed,
            sum(trust.get(a, 0) for a in articles[surface]),
            sum(1 for c in surface if ord(c) > 127),
            int(surface.isupper()),
        )

    return sorted(counts, key=lambda s: (tuple(-x for x in score(s)), s))[0]


def acronym_name(forms: list[Form], name: str) -> str:
    """The entity's initials in place of its full `name` when at least as many articles use
    them (see the module docstring); else `name`."""
    articles: dict[str, set[str]] = defaultdict(set)
    for f in forms:
        articles[f.surface] |= f.articles
    short = [s for s in articles if s.isupper() and s.isalpha() and 2 <= len(s) <= 6]
    if len(short) != 1 or name in short or len(name.split()) < 2:
        return name
    full = {a for surface, used in articles.items() if surface not in short for a in used}
    return short[0] if len(articles[short[0]]) >= len(full) else name
