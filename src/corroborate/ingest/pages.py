"""One-article inputs: a plain-text file or an HTML page."""

from __future__ import annotations

import re

import lxml.html
from lxml.etree import ParserError

from corroborate.errors import CorroborateError, E
from corroborate.ingest.decode import xml_safe
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
        tree = lxml.html.document_fromstring(xml_safe(html))
    except (ParserError, ValueError):
        return False
    bodies = tree.xpath("//body")
    if not bodies:
        return False
    for junk in bodies[0].xpath(".//script|.//style|.//noscript|.//template"):
        junk.drop_tree()
    return bool(bodies[0].text_content().strip())


_FIRST_ELEMENT = re.compile(r"<[A-Za-z]")
_ENTITY = re.compile(r"<!ENTITY", re.I)


def refuse_entities(markup: str, origin: str) -> None:
    """E006 for markup whose prolog declares entities: no reader here expands them, and a
    document that needs them is an entity bomb or not news (billion laughs, quadratic blow-up)."""
    first = _FIRST_ELEMENT.search(markup)
    if _ENTITY.search(markup, 0, first.start() if first else len(markup)):
        raise CorroborateError(
            E.E006, origin, detail="XML entity declarations (<!ENTITY>) are refused"
        )


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
    refuse_entities(html, origin)
    if not html_has_body(html):
        raise CorroborateError(E.E007, origin, detail="HTML without a body")
    return make_document(doc_id, origin, fmt, html, meta, "html")
