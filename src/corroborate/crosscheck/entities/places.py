"""Place and club name shapes: "<place noun> de <Name>", "stade Yves-Guyader", "US Pontivel".

The place nouns (rules/place_nouns.txt) let a lower-case NER span such as "barrage de
Ménestrol" count as a name; club prefixes (rules/club_prefixes.txt) tell which place name a club
is named after, so the place used alone for the club can join it.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from corroborate.lexicon.names import fold

RULES = Path(__file__).parent / "rules"


@cache
def place_nouns() -> frozenset[str]:
    """Common nouns that open a place or facility name ("barrage de Ménestrol")."""
    return _word_list("place_nouns.txt")


@cache
def club_prefixes() -> frozenset[str]:
    """First words of club names whose rest is a place name ("US Pontivel")."""
    return _word_list("club_prefixes.txt")


def _word_list(name: str) -> frozenset[str]:
    text = (RULES / name).read_text(encoding="utf-8")
    return frozenset(
        fold(line) for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def place_form(surface: str) -> bool:
    """A place-noun name: a place noun, then a capitalised name ("stade Yves-Guyader")."""
    parts = surface.split()
    return (
        len(parts) >= 2
        and fold(parts[0]) in place_nouns()
        and any(c.isupper() for c in " ".join(parts[1:]))
    )


_PLACE_PREP = re.compile(r"(?:^|\s)(?:de la|de l['’]|de|du|des|d['’])\s*$", re.IGNORECASE)


def after_place_noun(surface: str) -> str | None:
    """The proper name a place-noun form is built on: "vallée de l'Aulnette" -> "Aulnette"."""
    if not place_form(surface):
        return None
    at = next(i for i, c in enumerate(surface) if i > 0 and c.isupper())
    between = surface[len(surface.split()[0]) : at].strip()
    # "barrage de Ménestrol" names Ménestrol; "stade Yves-Guyader" is a name of its own.
    if not _PLACE_PREP.search(between):
        return None
    return surface[at:]


def club_place(key: str) -> str | None:
    """The place a club's loose key is named after ("us pontivel" -> "pontivel"), if a club."""
    parts = key.split()
    if len(parts) < 2 or parts[0] not in club_prefixes():
        return None
    rest = parts[2:] if parts[1] in ("de", "du", "d") and len(parts) > 2 else parts[1:]
    return " ".join(rest)
