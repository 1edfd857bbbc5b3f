"""Render: one report model, several views (JSON, Markdown, HTML)."""

from corroborate.render.html import (
    agreement,
    by_date,
    environment,
    find_all,
    paragraphs,
    story_row,
    write_site,
)
from corroborate.render.json import (
    arc_dict,
    article_dict,
    report_dict,
    schema,
    story_dict,
    validate,
)
from corroborate.render.json import write as write_json
from corroborate.render.markdown import render as render_markdown
from corroborate.render.markdown import write as write_markdown
from corroborate.render.view import arc_view, headline, outlet_label, story_view, witnesses

__all__ = [
    "agreement",
    "arc_dict",
    "arc_view",
    "article_dict",
    "by_date",
    "environment",
    "find_all",
    "headline",
    "outlet_label",
    "paragraphs",
    "render_markdown",
    "report_dict",
    "schema",
    "story_dict",
    "story_row",
    "story_view",
    "validate",
    "witnesses",
    "write_json",
    "write_markdown",
    "write_site",
]
