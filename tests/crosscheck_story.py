"""Loads the fictional stories of tests/fixtures/crosscheck as Articles and Analyses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from corroborate.analyze.nlp import to_analysis
from corroborate.types import Analysis, Article, Removed, Story

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "crosscheck"
STORY = FIXTURES / "story.json"


def load(nlp: Any, name: str = "flood") -> tuple[Story, dict[str, Article], dict[str, Analysis]]:
    """A fixture story (flood, tunnel), its articles and their analyses (shared model)."""
    data = json.loads((STORY if name == "flood" else FIXTURES / f"{name}.json").read_text("utf-8"))
    articles = {
        rec["id"]: Article(
            id=rec["id"], source=f"{rec['id']}.txt", text=rec["text"], title=rec["title"],
            date=rec["date"], lang="fr", sha=rec["id"],
            removed=[Removed(r["text"], r["reason"]) for r in rec["removed"]],
        )
        for rec in data["articles"]
    }
    analyses = {aid: to_analysis(nlp(a.text), a) for aid, a in articles.items()}
    return Story(name, list(articles), date=data["story_date"]), articles, analyses


def article(text: str, date: str | None = None, aid: str = "a") -> Article:
    """A one-off article for unit tests."""
    return Article(id=aid, source=f"{aid}.txt", text=text, date=date, lang="fr", sha=aid)
