"""HTML pages through trafilatura: body text, title, author, site name, date, URL."""

from __future__ import annotations

from dataclasses import dataclass

import lxml.html
import trafilatura
from lxml.etree import ParserError


@dataclass
class HtmlParts:
    """What trafilatura found in a page."""

    text: str
    title: str | None
    date: str | None
    author: str | None
    sitename: str | None
    url: str | None
    lang: str | None


def _fallback_text(html: str) -> str:
    """Block-level text of a fragment trafilatura refuses (short feed entries)."""
    try:
        tree = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ParserError, ValueError):
        return ""
    for junk in tree.xpath(".//script|.//style|.//noscript"):
        junk.drop_tree()
    blocks = tree.xpath(".//p|.//h1|.//h2|.//h3|.//li|.//blockquote")
    if not blocks:
        return " ".join(tree.text_content().split())
    return "\n".join(" ".join(b.text_content().split()) for b in blocks if b.text_content().strip())


def parse_html(html: str, url: str | None) -> HtmlParts:
    """Extract the main text and metadata of a page (date via htmldate, inside trafilatura)."""
    # trafilatura's deduplication counts paragraphs in one cache for the whole process, so a
    # page would lose text the process had read often enough before; lines an outlet repeats
    # across its pages are `boilerplate.strip_repeated`'s job, within one batch.
    result = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        deduplicate=False,
    )
    if result is None:
        return HtmlParts(_fallback_text(html), None, None, None, None, url, None)
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = data.get("text") or ""
    if not text.strip():
        text = _fallback_text(html)
    return HtmlParts(
        text=text,
        title=data.get("title"),
        date=data.get("date"),
        author=data.get("author"),
        sitename=data.get("sitename"),
        url=data.get("url") or url,
        lang=data.get("language"),
    )
