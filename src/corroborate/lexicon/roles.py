"""Nouns that name a person by role (le ministre, la porte-parole): `rules/person_roles.txt`."""

from __future__ import annotations

from functools import cache
from pathlib import Path

RULES = Path(__file__).parent / "rules"


@cache
def person_roles() -> frozenset[str]:
    """Lemmas of nouns that name a person by role."""
    text = (RULES / "person_roles.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))
