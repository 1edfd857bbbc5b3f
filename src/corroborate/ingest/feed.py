"""RSS and Atom feeds: one Document per entry (its content, else its summary)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import feedparser

from corroborate.errors import CorroborateError, E
from corroborate.ingest.meta import clean_meta, make_document, url_slug
from corroborate.ingest.pages import looks_like_html, refuse_entities
from corroborate.types import Document


def looks_like_feed(text: str) -> bool:
    """True when an XML text opens an RSS, RDF or Atom document."""
    head = text[:2000].lower()
    return "<rss" in head or "<feed" in head or "<rdf:rdf" in head


def _entry_date(entry: dict) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
    return None


def _entry_body(entry: dict) -> str:
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        if value.strip():
            return value
    return entry.get("summary") or entry.get("description") or ""


def feed_entries(text: str) -> tuple[list[dict[str, str | None]], str | None]:
    """The entries of a feed as plain fields (url, title, date, lang, outlet, body), or
    ([], reason) when it cannot be parsed or has none.

    `outlet` is the entry's RSS `<source>` (an aggregator's feed names each item's outlet).
    A feed that declares XML entities (billion laughs) has none.
    """
    try:
        refuse_entities(text, "")
    except CorroborateError as error:
        return [], error.message
    parsed = feedparser.parse(text)
    if not parsed.entries:
        reason = str(parsed.get("bozo_exception") or "no entries")
        return [], reason.splitlines()[0][:200]
    entries = []
    for entry in parsed.entries:
        source = entry.get("source") or {}
        entries.append({
            "url": entry.get("link"),
            "title": entry.get("title"),
            "date": _entry_date(entry),
            "lang": entry.get("language") or parsed.feed.get("language"),
            "outlet": source.get("title") if isinstance(source, dict) else None,
            "body": _entry_body(entry),
        })
    return entries, None


def read_feed(text: str, origin: str, base: str) -> Iterator[Document | CorroborateError]:
    """Parse a feed with feedparser; an unparsable feed or one without entries is an error,
    and one declaring XML entities is refused (E006)."""
    try:
        refuse_entities(text, origin)
    except CorroborateError as error:
        yield error
        return
    entries, reason = feed_entries(text)
    if reason:
        yield CorroborateError(E.E011, origin, detail=reason)
        return
    for number, entry in enumerate(entries, start=1):
        where = f"{origin}#entry{number}"
        body = entry["body"] or ""
        link = entry["url"]
        doc_id = f"{base}-{url_slug(link)}" if link else f"{base}-{number}"
        meta = clean_meta(
            {"url": link, "title": entry["title"], "date": entry["date"], "lang": entry["lang"]}
        )
        if not body.strip():
            yield CorroborateError(E.E007, where, detail="feed entry without content")
            continue
        kind = "html" if looks_like_html(body) or "</" in body else "text"
        yield make_document(doc_id, where, "feed", body, meta, kind)
