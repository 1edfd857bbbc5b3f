"""Build Articles and Analyses from the shared seeds and dev set, for benchmarks and tests only.

Until the extract stage is wired in, an Article is the raw text minus the gold noise lines and the
title line; the noise is kept in Article.removed so quality scoring sees it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from corroborate.types import Analysis, Article, Removed, Story

SEED_DATE = "2021-12-30"
_DATE_IN_TEXT = re.compile(r"jeudi 30 décembre")


def _clean(raw: str, noise: dict[str, Any]) -> tuple[str, str | None, list[Removed], list[Removed]]:
    """Drop the noise lines and the title line; return text, title, removed and foreign pieces."""
    drop = {line.strip() for line in noise.get("lines", [])}
    title = noise.get("title")
    removed: list[Removed] = []
    kept: list[str] = []
    title_seen = False
    for line in raw.split("\n"):
        stripped = line.strip()
        if stripped and stripped in drop:
            removed.append(Removed(stripped, "chrome"))
            continue
        if title and not title_seen and stripped == title.strip():
            title_seen = True
            continue
        kept.append(line)
    text = "\n".join(kept)
    foreign: list[Removed] = []
    for frag in noise.get("fragments", []):
        if frag in text:
            text = text.replace(frag + " ", "", 1) if frag + " " in text else text.replace(frag, "")
            foreign.append(Removed(frag, "foreign"))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text, title, removed, foreign


def seed_articles(shared: Path) -> dict[str, Article]:
    """The five seed articles, cleaned with the gold noise lines."""
    gold = json.loads((shared / "eval/seeds/gold.json").read_text())
    articles: dict[str, Article] = {}
    for path in sorted((shared / "corpus/seeds").glob("*.txt")):
        aid = path.stem
        text, title, removed, foreign = _clean(path.read_text(), gold["noise"].get(aid, {}))
        date = SEED_DATE if _DATE_IN_TEXT.search(text) else None
        articles[aid] = Article(
            id=aid,
            source=str(path),
            text=text,
            title=title,
            date=date,
            lang="fr",
            removed=removed,
            foreign=foreign,
            sha=aid,
        )
    return articles


def seed_gold(shared: Path) -> dict[str, Any]:
    """The gold story of the seeds."""
    return json.loads((shared / "eval/seeds/gold.json").read_text())["stories"][0]


def dev_articles(shared: Path) -> dict[str, Article]:
    """The 60 dev articles with their noise lines removed (labels are not copied)."""
    noise = json.loads((shared / "eval/dev/noise.json").read_text())
    articles: dict[str, Article] = {}
    for line in (shared / "eval/dev/articles.jsonl").read_text().splitlines():
        rec = json.loads(line)
        text, title, removed, foreign = _clean(rec["text"], noise.get(rec["id"], {}))
        articles[rec["id"]] = Article(
            id=rec["id"],
            source=rec["url"] or rec["id"],
            text=text,
            title=rec["title"] or title,
            date=rec["date"],
            url=rec["url"],
            outlet=rec["outlet"],
            lang="fr",
            removed=removed,
            foreign=foreign,
            sha=rec["id"],
        )
    return articles


def dev_membership(shared: Path) -> dict[str, str]:
    """Gold story of each dev article (a label: for measuring, never for the product)."""
    lines = (shared / "eval/dev/articles.jsonl").read_text().splitlines()
    return {rec["id"]: rec["story"] for rec in map(json.loads, lines)}


def dev_stories(shared: Path) -> list[dict[str, Any]]:
    """The gold dev stories."""
    return json.loads((shared / "eval/dev/stories.json").read_text())


def analyse(nlp: Any, articles: dict[str, Article]) -> dict[str, Analysis]:
    """Run the shared spaCy pipeline over articles and keep plain analyses."""
    from corroborate.analyze.nlp import to_analysis

    ids = list(articles)
    docs = nlp.pipe([articles[i].text for i in ids], batch_size=16)
    return {i: to_analysis(doc, articles[i]) for i, doc in zip(ids, docs, strict=True)}


def gold_story(story_id: str, article_ids: list[str], date: str | None = None) -> Story:
    """A Story holding the gold article grouping (clustering is measured elsewhere)."""
    return Story(id=story_id, articles=list(article_ids), date=date)
