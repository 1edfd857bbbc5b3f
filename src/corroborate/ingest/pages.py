"""One-article inputs: a plain-text file or an HTML page."""

from __future__ import annotations

import re

import lxml.html
from lxml.etree import ParserError

from corroborate.errors import CorroborateError, E
from corroborate.ingest.meta import make_document
from corroborate.types import Document

_HTML_START = re.compile(
    r"^\s*(<!doctype html|<html|<head|<body|<meta|<div|<p[\s>]|<article)", re.I
)


def looks_like_html(text: str) -> bool:
    """True when text starts like an HTML page or fragment."""
    return bool(_HTML_START.match(text[:2000]))


def html_has_body(html: str) -> bool:
    """True when the page has a body holding some visible text."""
    try:
        tree = lxml.html.document_fromstring(html)
    except (ParserError, ValueError):
        return False
    bodies = tree.xpath("//body")
    if not bodies:
        return False
    for junk in bodies[0].xpath(".//script|.//style|.//noscript|.//template"):
        junk.drop_tree()
    return bool(bodies[0].text_content().strip())


def text_document(text: str, origin: str, doc_id: str, meta: dict[str, str | None]) -> Document:
    """A plain-text article."""
    if not text.strip():
        raise CorroborateError(E.E002, origin)
    return make_document(doc_id, origin, "txt", text, meta, "text")


def html_document(
    html: str, origin: str, doc_id: str, meta: dict[str, str | None], fmt: str = "html"
) -> Document:
    """An HTML page; refused when it has no body text."""
    if not html.strip():
        raise CorroborateError(E.E002, origin)
    if not html_has_body(html):
        raise CorroborateError(E.E007, origin, detail="HTML without a body")
    return make_document(doc_id, origin, fmt, html, meta, "html")
