"""One data dict per page, built from the store; the HTML and JSON renderers both read it."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from rapidfuzz import fuzz, process

from corroborate.errors import CorroborateError, E
from corroborate.pipeline import stored_arcs
from corroborate.render import (
    arc_dict,
    arc_view,
    article_dict,
    by_date,
    find_all,
    story_dict,
    story_row,
)
from corroborate.store import Store
from corroborate.types import Analysis, Article, Brief, Report

# A summary sentence cites every article that reports it, often in other words; below this
# similarity the closest sentence of such an article is not shown as the cited passage.
CLOSEST_MIN_SCORE = 60.0

Data = dict[str, Any]


class NotFound(Exception):
    """A page or API object that does not exist; the app turns it into a 404."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(message)


def story_href(story_id: str) -> str:
    """The page of a story."""
    return f"/stories/{quote(story_id, safe='')}"


def arc_href(arc_id: str) -> str:
    """The timeline page of an arc."""
    return f"/arcs/{quote(arc_id, safe='')}"


def article_href(article_id: str) -> str:
    """The page of an article."""
    return f"/articles/{quote(article_id, safe='')}"


def cite_href(article_id: str, text: str) -> str:
    """The source article with the cited span highlighted and scrolled into view."""
    return f"{article_href(article_id)}?hl={quote(text, safe='')}#hl"


def _story_of(store: Store, article_id: str) -> Brief | None:
    # The store has no article-to-story index; the briefs name their articles.
    for brief in store.briefs():
        if article_id in brief.check.story.articles:
            return brief
    return None


def _report(store: Store, brief: Brief | None, article_ids: list[str]) -> Report:
    report = Report(articles=store.articles(article_ids), briefs=[brief] if brief else [])
    if brief:
        for article_id in brief.check.story.articles:
            report.story_of[article_id] = brief.story
        for pair in brief.check.story.copies:
            report.copy_of.setdefault(pair.copy, pair.original)
    return report


def _article_row(article: Article) -> dict[str, Any]:
    return {"id": article.id, "outlet": article.outlet}


def stories_page(store: Store, query: str = "") -> Data:
    """The stories list, newest first, or the stories whose title or entities match `query`."""
    query = query.strip()
    briefs = store.briefs()
    if query:
        rank = {story: n for n, story in enumerate(store.search(query))}
        briefs = sorted((b for b in briefs if b.story in rank), key=lambda b: rank[b.story])
    articles = {a["id"]: a for a in (_article_row(a) for a in store.articles())}
    rows = []
    for brief in briefs:
        story = story_dict(brief)
        row = story_row(story, articles, story_href(story["id"]))
        row.update(
            facts=len(story["facts"]),
            conflicts=len(story["conflicts"]),
            agreement=round(row["agreement"], 3),
        )
        rows.append(row)
    if not query:  # a search keeps its ranking
        rows = by_date(rows)
    return {"query": query, "stories": rows}


def arcs_list(store: Store) -> list[Data]:
    """Every arc of the store, in the `stories.json` shape, with its page."""
    return [{**arc_dict(a), "href": arc_href(a.id)} for a in stored_arcs(store)]


def _arc(store: Store, arc_id: str) -> tuple[Data, list[Brief]]:
    arc = next((a for a in stored_arcs(store) if a.id == arc_id), None)
    if arc is None:
        error = CorroborateError(E.E049, detail=arc_id)
        raise NotFound(error.code.name, error.message)
    return arc_dict(arc), [b for s in arc.stories if (b := store.brief(s)) is not None]


def arc_page(store: Store, arc_id: str) -> Data:
    """One arc: its stories as timeline cards in the arc's order, with the changes between."""
    data, briefs = _arc(store, arc_id)
    stories = {b.story: story_dict(b) for b in briefs}
    ids = [a for b in briefs for a in b.check.story.articles]
    articles = {a.id: _article_row(a) for a in store.articles(ids)}
    return {"arc": data, "cards": arc_view(data, stories, articles)}


def arc_stories(store: Store, arc_id: str) -> Data:
    """One arc and its stories in the arc's order, in the `stories.json` shapes."""
    data, briefs = _arc(store, arc_id)
    return {"arc": data, "stories": [story_dict(b) for b in briefs]}


def story_page(store: Store, story_id: str) -> Data:
    """One story's brief with the articles it is made of, in the `stories.json` shapes."""
    brief = store.brief(story_id)
    if brief is None:
        error = CorroborateError(E.E040, detail=story_id)
        raise NotFound(error.code.name, error.message)
    report = _report(store, brief, brief.check.story.articles)
    return {
        "story": story_dict(brief),
        "articles": [article_dict(report, a.id) for a in report.articles],
    }


def locate(
    text: str, highlight: str, analysis: Analysis | None
) -> tuple[list[tuple[int, int]], str]:
    """Where a cited span is: every exact occurrence, else the closest sentence, else nowhere."""
    exact = find_all(text, highlight)
    if exact:
        return exact, "exact"
    if analysis is not None and analysis.sentences:
        spans = [(s.start, s.end) for s in analysis.sentences]
    else:
        spans, offset = [], 0
        for line in text.split("\n"):
            spans.append((offset, offset + len(line)))
            offset += len(line) + 1
    choices = [text[start:end] for start, end in spans]
    best = process.extractOne(
        highlight, choices, scorer=fuzz.ratio, score_cutoff=CLOSEST_MIN_SCORE
    )
    if best is None:
        return [], "none"
    return [spans[best[2]]], "closest"


def _entity_spans(text: str, analysis: Analysis | None, brief: Brief | None) -> list:
    if analysis is not None and analysis.mentions:
        return [
            {"start": m.start, "end": m.end, "label": m.label}
            for m in analysis.mentions
            if text[m.start : m.end] == m.text
        ]
    # Without a stored analysis, fall back on the surface forms the story's entities list.
    spans = []
    for entity in brief.check.entities if brief else []:
        for form in {entity.name, *entity.variants}:
            spans += [{"start": s, "end": e, "label": entity.type} for s, e in find_all(text, form)]
    return sorted(spans, key=lambda s: (s["start"], s["end"]))


def article_page(store: Store, article_id: str, highlight: str | None = None) -> Data:
    """One article, the story it belongs to, its entity mentions and every place of `highlight`."""
    article = store.article(article_id)
    if article is None:
        error = CorroborateError(E.E041, detail=article_id)
        raise NotFound(error.code.name, error.message)
    brief = _story_of(store, article_id)
    data = article_dict(_report(store, brief, [article_id]), article_id)
    story = None
    if brief:
        story = {"id": brief.story, "title": brief.title, "href": story_href(brief.story)}
    analysis = store.analysis(article.sha)
    highlight = highlight or None
    marks, match = locate(article.text, highlight, analysis) if highlight else ([], "none")
    return {
        "article": data,
        "story": story,
        "highlight": highlight,
        "match": match,
        "marks": marks,
        "entities": _entity_spans(article.text, analysis, brief),
    }
