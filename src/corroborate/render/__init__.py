"""Render: one report model, several views (JSON, Markdown, HTML)."""

from corroborate.render.html import agreement, environment, find_all, paragraphs, write_site
from corroborate.render.json import article_dict, report_dict, schema, story_dict, validate
from corroborate.render.json import write as write_json
from corroborate.render.markdown import render as render_markdown
from corroborate.render.markdown import write as write_markdown

__all__ = [
    "agreement",
    "article_dict",
    "environment",
    "find_all",
    "paragraphs",
    "render_markdown",
    "report_dict",
    "schema",
    "story_dict",
    "validate",
    "write_json",
    "write_markdown",
    "write_site",
]
