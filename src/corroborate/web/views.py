"""The HTML renderer: Jinja2 templates (autoescaped) over the page data dicts."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2
from fastapi.responses import HTMLResponse

from corroborate.render import environment as report_environment
from corroborate.render import paragraphs, story_view
from corroborate.web.pages import arc_href, article_href, cite_href, story_href

LINKS = {
    "cite_href": cite_href,
    "article_href": article_href,
    "story_href": story_href,
    "arc_href": arc_href,
    "static_prefix": "/static/",
    "home": "/",
}


@cache
def environment() -> jinja2.Environment:
    """The web templates first, then the report templates they share with the static site."""
    return report_environment(
        jinja2.ChoiceLoader(
            [
                jinja2.PackageLoader("corroborate.web", "templates"),
                jinja2.PackageLoader("corroborate.render", "templates"),
            ]
        )
    )


def render(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """One page from its template and data."""
    html = environment().get_template(template).render(**LINKS, **context)
    return HTMLResponse(html, status_code=status)


def article_paragraphs(data: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """The article text in paragraphs; the first highlighted piece carries the `#hl` anchor."""
    entities = [(e["start"], e["end"], e["label"]) for e in data["entities"]]
    paras = paragraphs(data["article"]["text"], [tuple(m) for m in data["marks"]], entities)
    anchored = False
    for para in paras:
        for piece in para:
            piece["anchor"] = piece["mark"] and not anchored
            anchored = anchored or piece["mark"]
    return paras


def stories_html(data: dict[str, Any], arcs: list[dict[str, Any]] | None = None
                 ) -> HTMLResponse:
    """The stories list with its search box, and the arcs below it."""
    return render("index.html", stories=data["stories"], query=data["query"], arcs=arcs or [])


def arc_html(data: dict[str, Any]) -> HTMLResponse:
    """One arc's vertical timeline."""
    return render("arc.html", arc=data["arc"], cards=data["cards"])


def story_html(data: dict[str, Any]) -> HTMLResponse:
    """One story's brief."""
    outlets = {a["id"]: a["outlet"] or a["id"] for a in data["articles"]}
    articles = {a["id"]: a for a in data["articles"]}
    return render(
        "story.html",
        story=data["story"],
        sources=data["articles"],
        view=story_view(data["story"], articles),
        outlet_of=lambda i: outlets.get(i, i),
    )


def article_html(data: dict[str, Any]) -> HTMLResponse:
    """One article with its highlighted span and entities."""
    return render(
        "article.html",
        article=data["article"],
        story=data["story"],
        highlight=data["highlight"],
        match=data["match"],
        paragraphs=article_paragraphs(data),
    )


def error_html(data: dict[str, Any]) -> HTMLResponse:
    """The error page, from the same dict the API returns."""
    return render("error.html", status=data["status"], error=data)
