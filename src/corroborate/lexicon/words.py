"""The fact word lists of `rules/fact_words.json` (synonym classes, reporting verbs, stop lemmas,
anaphoric openers) and the accent folding they are compared under."""

from __future__ import annotations

import json
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

RULES = Path(__file__).parent / "rules"


@cache
def word_lists() -> dict[str, Any]:
    """Synonym classes, reporting verbs and stop lemmas of `rules/fact_words.json`."""
    return json.loads((RULES / "fact_words.json").read_text("utf-8"))


@lru_cache(maxsize=65536)  # pure, and asked for the same words over and over
def fold(text: str) -> str:
    """Lower case without accents."""
    plain = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in plain if not unicodedata.combining(c)).replace("’", "'")
