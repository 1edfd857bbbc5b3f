"""The HTML view: a stories index, one page per story and per article, from the report dicts."""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2

from corroborate.render.view import (
    arc_view,
    disputes,
    headline,
    story_view,
    support_phrase,
    witnesses,
)

Piece = dict[str, Any]


def environment(loader: jinja2.BaseLoader | None = None) -> jinja2.Environment:
    """Jinja2 over the packaged templates; autoescape on, since article text is untrusted."""
    env = jinja2.Environment(
        loader=loader or jinja2.PackageLoader("corroborate.render", "templates"),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
    )
    env.filters["by_speaker"] = by_speaker
    env.filters["backed"] = backed
    env.filters["one_outlet"] = one_outlet
    env.filters["corroborated"] = corroborated
    env.filters["single_source"] = single_source
    env.filters["headline"] = headline
    env.filters["label_in"] = lambda article_id, labels: labels.get(article_id, article_id)
    env.filters["support_phrase"] = support_phrase
    return env


def _outlets(fact: dict[str, Any]) -> int:
    return len({e["article"] for e in fact["support"]})


def corroborated(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Facts that two or more articles back, or that another article disputes."""
    return [f for f in facts if _outlets(f) >= 2 or f["disputed_by"]]


def single_source(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Claims that only one article makes and nobody disputes."""
    return [f for f in facts if _outlets(f) < 2 and not f["disputed_by"]]


def by_speaker(quotes: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Quotes grouped by speaker, the most backed speaker first (outlets of its best-backed
    quote, then its quotes), each speaker's quotes most backed first, unattributed ones last."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for quote_ in quotes:
        groups.setdefault(quote_["speaker"] or "", []).append(quote_)
    for items in groups.values():
        items.sort(key=lambda q: -_outlets(q))
    order = sorted(groups, key=lambda s: (s == "", -max(_outlets(q) for q in groups[s]),
                                          -len(groups[s]), s))
    return [(speaker or "unattributed", groups[speaker]) for speaker in order]


def backed(quotes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Quotes that two outlets or more carry."""
    return [q for q in quotes if _outlets(q) >= 2]


def one_outlet(quotes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Quotes that one outlet alone carries (folded away in the page)."""
    return [q for q in quotes if _outlets(q) < 2]


def stylesheet() -> str:
    """The one stylesheet every page links."""
    return _static("style.css")


def _static(name: str) -> str:
    return resources.files("corroborate.render").joinpath(f"static/{name}").read_text("utf-8")


def slug(identifier: str) -> str:
    """A file-name-safe form of an id."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", identifier)


def agreement(story: dict[str, Any]) -> float:
    """Share of a story's facts that at least two articles back and nobody disputes."""
    facts = story["facts"]
    if not facts:
        return 0.0
    backed = [
        f for f in facts if len({e["article"] for e in f["support"]}) >= 2 and not f["disputed_by"]
    ]
    return len(backed) / len(facts)


def story_row(story: dict[str, Any], articles: dict[str, dict[str, Any]], href: str) -> Piece:
    """One line of the stories list."""
    outlets = {articles[i]["outlet"] or i for i in story["articles"] if i in articles}
    return {
        "id": story["id"],
        "title": story["title"],
        "date": story["date"],
        "articles": len(story["articles"]),
        "outlets": len(outlets),
        "independent": witnesses(story, articles),
        "disputes": disputes(story),
        "agreement": agreement(story),
        "href": href,
    }


def by_date(rows: list[Piece]) -> list[Piece]:
    """Stories newest first; undated ones last."""
    return sorted(rows, key=lambda r: (r["date"] is not None, r["date"] or ""), reverse=True)


def paragraphs(
    text: str,
    marks: list[tuple[int, int]] | None = None,
    entities: list[tuple[int, int, str]] | None = None,
) -> list[list[Piece]]:
    """The article text cut into paragraphs of pieces, marked spans and entities flagged."""
    label = [""] * len(text)
    for start, end, kind in entities or []:
        for k in range(max(start, 0), min(end, len(text))):
            label[k] = kind
    marked = [False] * len(text)
    for start, end in marks or []:
        for k in range(max(start, 0), min(end, len(text))):
            marked[k] = True
    out: list[list[Piece]] = []
    offset = 0
    for line in text.split("\n"):
        pieces: list[Piece] = []
        for k, char in enumerate(line, start=offset):
            # A highlighted span stays one piece even where it crosses an entity.
            key = (marked[k], "" if marked[k] else label[k])
            if pieces and (pieces[-1]["mark"], pieces[-1]["entity"]) == key:
                pieces[-1]["text"] += char
            else:
                pieces.append({"text": char, "mark": key[0], "entity": key[1]})
        if pieces:
            out.append(pieces)
        offset += len(line) + 1
    return out


def find_all(text: str, needle: str) -> list[tuple[int, int]]:
    """Every occurrence of a span in a text, as (start, end)."""
    spans, start = [], text.find(needle) if needle else -1
    while start >= 0:
        spans.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    return spans


def _static_links() -> dict[str, Callable[..., str]]:
    # Static pages highlight the cited span with a URL text fragment, which browsers scroll to.
    return {
        "cite_href": lambda a, t: f"article-{slug(a)}.html#:~:text={quote(t[:300], safe='')}",
        "article_href": lambda a: f"article-{slug(a)}.html",
        "story_href": lambda s: f"story-{slug(s)}.html",
        "arc_href": lambda a: f"arc-{slug(a)}.html",
    }


def write_site(data: dict[str, Any], out: Path) -> list[Path]:
    """Write index.html, one page per arc, per story and per article, and the stylesheet."""
    env = environment()
    links = _static_links()
    articles = {a["id"]: a for a in data["articles"]}
    common = {"static_prefix": "", "home": "index.html", **links}
    written = [out / "style.css", out / "filters.js"]
    written[0].write_text(stylesheet(), encoding="utf-8")
    written[1].write_text(_static("filters.js"), encoding="utf-8")
    rows = by_date(
        [story_row(s, articles, links["story_href"](s["id"])) for s in data["stories"]]
    )
    index = out / "index.html"
    arcs = [{**a, "href": links["arc_href"](a["id"])} for a in data.get("arcs", [])]
    index.write_text(env.get_template("index.html").render(stories=rows, arcs=arcs, **common),
                     "utf-8")
    written.append(index)
    stories = {s["id"]: s for s in data["stories"]}
    for arc in arcs:
        page = out / arc["href"]
        html = env.get_template("arc.html").render(
            arc=arc, cards=arc_view(arc, stories, articles), **common
        )
        page.write_text(html, "utf-8")
        written.append(page)
    for story in data["stories"]:
        page = out / links["story_href"](story["id"])
        sources = [articles[i] for i in story["articles"] if i in articles]
        html = env.get_template("story.html").render(
            story=story,
            sources=sources,
            view=story_view(story, articles),
            outlet_of=lambda i: (articles.get(i) or {}).get("outlet") or i,
            **common,
        )
        page.write_text(html, "utf-8")
        written.append(page)
    for article in data["articles"]:
        page = out / links["article_href"](article["id"])
        html = env.get_template("article.html").render(
            article=article, paragraphs=paragraphs(article["text"]), **common
        )
        page.write_text(html, "utf-8")
        written.append(page)
    return written
