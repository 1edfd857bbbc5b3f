"""What a reader scans on a story page: outlet labels, the outlet-by-fact grid, filter choices.

Built from the `stories.json` dicts, so the static report and the served pages show the same.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

HEADLINE_CHARS = 120


def outlet_label(article: dict[str, Any]) -> str:
    """The outlet as a reader names it ("lemonde.fr"), else the article id."""
    outlet = (article.get("outlet") or "").strip()
    return re.sub(r"^www\.", "", outlet) or article["id"]


def headline(article: dict[str, Any]) -> str:
    """The article's title, else its first sentence (cut at a word), never "(untitled)"."""
    if article.get("title"):
        return article["title"]
    text = " ".join((article.get("text") or "").split())
    first = re.split(r"(?<=[.!?…])\s", text, maxsplit=1)[0]
    if len(first) <= HEADLINE_CHARS:
        return first or article["id"]
    return first[:HEADLINE_CHARS].rsplit(" ", 1)[0] + "…"


def labels(story: dict[str, Any], articles: dict[str, dict[str, Any]]) -> dict[str, str]:
    """A short, unique label per article of the story: its outlet ("lemonde.fr", numbered
    when the outlet has several articles in the story), else its number in the story."""
    plain = {}
    for n, article_id in enumerate(story["articles"], start=1):
        outlet = (articles.get(article_id) or {}).get("outlet")
        plain[article_id] = outlet_label({"id": "", "outlet": outlet}) or str(n)
    counts = Counter(plain.values())
    seen: Counter[str] = Counter()
    out = {}
    for article_id, label in plain.items():
        if counts[label] > 1:
            seen[label] += 1
            label = f"{label} {seen[label]}"
        out[article_id] = label
    return out


def support_phrase(item: dict[str, Any]) -> str:
    """ "backed by 4 outlets (2 independent)", from a fact's or quote's counts."""
    outlets = item.get("outlets") or len({e["article"] for e in item["support"]})
    independent = item.get("independent") or outlets
    noun = "outlet" if outlets == 1 else "outlets"
    if independent >= outlets:
        return f"backed by {outlets} {noun}"
    return f"backed by {outlets} {noun} ({independent} independent)"


def _ids(items: list[dict[str, Any]]) -> list[str]:
    # One marker per article: an article cited twice for one fact is still one witness.
    return list(dict.fromkeys(e["article"] for e in items))


def story_view(story: dict[str, Any], articles: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The reader's view of one story: labels, grid rows, filter options, per-item attributes."""
    label = labels(story, articles)
    order = list(story["articles"])
    lang = {i: (articles.get(i) or {}).get("lang") or "?" for i in order}
    facts = []
    for fact in story["facts"]:
        backs, disputes = _ids(fact["support"]), _ids(fact["disputed_by"])
        facts.append(
            {
                "id": fact["id"],
                "backs": backs,
                "disputes": disputes,
                "outlets": "|".join(label[i] for i in backs + disputes if i in label),
                "langs": "|".join(sorted({lang.get(i, "?") for i in backs + disputes})),
                "cells": [
                    "backs" if i in backs else "disputes" if i in disputes else "" for i in order
                ],
            }
        )
    quotes = {
        q["id"]: {
            "ids": _ids(q["support"]),
            "outlets": "|".join(label[i] for i in _ids(q["support"]) if i in label),
            "langs": "|".join(sorted({lang.get(i, "?") for i in _ids(q["support"])})),
        }
        for q in story["quotes"]
    }
    speakers = sorted({q["speaker"] for q in story["quotes"] if q.get("speaker")})
    return {
        "label": label,
        "columns": [(i, label[i]) for i in order],
        "facts": {f["id"]: f for f in facts},
        "quotes": quotes,
        "speakers": speakers,
        "outlets": sorted(set(label.values())),
        "langs": sorted(set(lang.values())),
        "who": [e for e in story.get("entities", []) if e.get("type") in ("PER", "ORG")],
    }


def witnesses(story: dict[str, Any], articles: dict[str, dict[str, Any]]) -> int:
    """Independent witnesses: the story's outlets, a copy counting with its original."""
    copied = {c["copy"] for c in story.get("copies", [])}
    return len({outlet_label(articles.get(i) or {"id": i}) for i in story["articles"]
                if i not in copied})


def disputes(story: dict[str, Any]) -> int:
    """Disagreements a reader can check: disputed facts and conflicts."""
    return sum(1 for f in story["facts"] if f["disputed_by"]) + len(story["conflicts"])


def arc_view(arc: dict[str, Any], stories: dict[str, dict[str, Any]],
             articles: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The cards of an arc's timeline, in the arc's order: per story its date, headline and
    outlets, and the changes that lead to it from the card before."""
    cards = []
    for story_id in arc["stories"]:
        story = stories.get(story_id, {"id": story_id, "title": story_id, "date": None,
                                       "articles": []})
        outlets = sorted({outlet_label(articles[a]) for a in story["articles"] if a in articles})
        cards.append({
            "id": story_id,
            "date": story["date"],
            "title": _short(story["title"]),
            "outlets": outlets,
            "changes": [c for c in arc["changes"] if c["to"] == story_id],
            "newcomers": [n for n in arc.get("newcomers", []) if n["story"] == story_id],
        })
    return cards


CARD_TITLE_CHARS = 160


def _short(title: str) -> str:
    """A story title fit for a card: its first line, cut at a word."""
    line = (title or "").strip().split("\n", 1)[0]
    if len(line) <= CARD_TITLE_CHARS:
        return line
    return line[:CARD_TITLE_CHARS].rsplit(" ", 1)[0] + "…"
