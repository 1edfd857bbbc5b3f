"""The text rendering of an HTML page, block by block, and the blocks left out of its main text.

`page_text(html)` is the reference text of an HTML input: tags dropped, entities decoded, one
line per block element (paragraph, heading, list item, cell, ...), white space inside a line
collapsed to single spaces, empty lines dropped; script, style and the <head> are not rendered.
Every `Removed.text` of an HTML article is an exact substring of it.
"""

from __future__ import annotations

from collections.abc import Iterator

import lxml.html
from lxml.etree import ParserError

from corroborate.extract.patterns import normal
from corroborate.types import Removed

_SKIP = {"script", "style", "noscript", "template", "head", "svg", "iframe", "select"}
_BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "button", "dd", "details", "dialog",
    "div", "dl", "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
    "td", "th", "tr", "ul",
}
# Page furniture containers, by tag or by ARIA role, named in the removal reason.
_CONTAINERS = {"nav", "header", "footer", "aside", "form", "dialog"}
_ROLES = {
    "navigation": "nav", "banner": "header", "contentinfo": "footer",
    "complementary": "aside", "dialog": "dialog", "alertdialog": "dialog", "search": "form",
}
MIN_INSIDE = 30  # a shorter block counts as main text only when it is a whole main-text line


def _root(html: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return None


def _walk(element: lxml.html.HtmlElement, where: str) -> Iterator[tuple[str, str]]:
    """(text, container) pieces in page order; an empty text marks a block boundary."""
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag and tag not in _SKIP:
        inner = _ROLES.get((element.get("role") or "").lower()) or (
            tag if tag in _CONTAINERS else where
        )
        block = tag in _BLOCKS
        if block:
            yield "", where
        if element.text:
            yield element.text, inner
        for child in element:
            yield from _walk(child, inner)
        if block:
            yield "", where
    if element.tail:
        yield element.tail, where


def page_blocks(html: str) -> list[tuple[str, str]]:
    """The rendered lines of a page with the furniture container each sits in ('' if none)."""
    root = _root(html)
    if root is None:
        return []
    lines: list[tuple[str, str]] = []
    parts: list[str] = []
    where = ""

    def close() -> None:
        text = " ".join("".join(parts).split())
        if text:
            lines.append((text, where))
        parts.clear()

    for text, container in _walk(root, ""):
        if not text:
            close()
            continue
        if not parts or not "".join(parts).strip():
            where = container
        parts.append(text)
    close()
    return lines


def page_text(html: str) -> str:
    """The reference text rendering of a page: one block per line (see the module docstring)."""
    return "\n".join(text for text, _ in page_blocks(html))


def outside_main(
    blocks: list[tuple[str, str]], main_text: str, title: str | None
) -> list[Removed]:
    """Rendered blocks that are not in the extracted main text (nor the headline), as Removed."""
    main_lines = {normal(line) for line in main_text.split("\n") if line.strip()}
    main_all = normal(main_text)
    headline = normal(title) if title else None
    removed: list[Removed] = []
    for text, container in blocks:
        key = normal(text)
        if key in main_lines or key == headline or (len(key) >= MIN_INSIDE and key in main_all):
            continue
        where = f" ({container})" if container else ""
        removed.append(Removed(text, f"outside main content{where}"))
    return removed


def anchor(piece: Removed, rendering: str) -> Removed | None:
    """The piece with its exact text in the rendering (white space may differ), or None."""
    if piece.text in rendering:
        return piece
    wanted = normal(piece.text)
    for line in rendering.split("\n"):
        if normal(line) == wanted:
            return Removed(line, piece.reason)
    return None
