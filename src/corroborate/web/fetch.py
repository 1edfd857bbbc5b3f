"""Fetching a URL given to the server, re-checking every redirect hop against private networks."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from corroborate.errors import CorroborateError, E
from corroborate.ingest import FEED_TYPES, HTML_TYPES, decode_body, fetch, url_slug
from corroborate.settings import SETTINGS, Settings
from corroborate.web.guard import GuardedTransport, Refused, check_url


def fetch_to_file(
    url: str, folder: Path, allow_private: bool = False, settings: Settings = SETTINGS
) -> Path:
    """Download a page into `folder` as a file the pipeline reads (a JSON record, or a feed)."""

    def hop(request: httpx.Request) -> None:
        try:
            check_url(str(request.url), allow_private)
        except Refused as exc:
            raise CorroborateError(E.E009, url, detail=exc.message) from None

    # The hook refuses a private host early with its reason; the transport is what holds, since
    # it connects to the very address it checked (a second DNS answer is never asked for).
    transport = None if allow_private else GuardedTransport()
    try:
        body, kind, final = fetch(url, settings, on_request=hop, transport=transport)
    except Refused as exc:
        raise CorroborateError(E.E009, url, detail=exc.message) from None
    text = decode_body(body, kind, url)
    base = url_slug(final) or "page"
    if kind.startswith(FEED_TYPES):
        path = folder / f"{base}.xml"
        path.write_text(text, encoding="utf-8")
        return path
    field = "html" if kind.startswith(HTML_TYPES) else "text"
    path = folder / f"{base}.json"
    record = {"id": base, "url": final, field: text}
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return path
