"""Fetching a URL given to the server, re-checking every redirect hop against private networks."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from corroborate.errors import CorroborateError, E
from corroborate.ingest.meta import url_slug
from corroborate.settings import SETTINGS, Settings
from corroborate.web.guard import Refused, check_url

_HTML = ("text/html", "application/xhtml+xml")
_FEED = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")
_TEXT = ("text/plain",)


def fetch_to_file(
    url: str, folder: Path, allow_private: bool = False, settings: Settings = SETTINGS
) -> Path:
    """Download a page into `folder` as a file the pipeline reads (a JSON record, or a feed)."""

    def hop(request: httpx.Request) -> None:
        try:
            check_url(str(request.url), allow_private)
        except Refused as exc:
            raise CorroborateError(E.E009, url, detail=exc.message) from None

    headers = {"User-Agent": settings.user_agent, "Accept": "text/html, application/xml;q=0.9"}
    try:
        with httpx.Client(
            follow_redirects=True,
            max_redirects=settings.url_max_redirects,
            timeout=settings.url_timeout,
            headers=headers,
            event_hooks={"request": [hop]},
        ) as client, client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise CorroborateError(E.E009, url, detail=f"HTTP {response.status_code}")
            kind = response.headers.get("content-type", "").lower()
            if not kind.startswith(_HTML + _FEED + _TEXT):
                raise CorroborateError(E.E009, url, detail=f"unsupported content type {kind!r}")
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > settings.url_max_bytes:
                    raise CorroborateError(E.E008, url, detail=f"over {settings.url_max_bytes} B")
            text = bytes(body).decode(response.charset_encoding or "utf-8", errors="replace")
            final = str(response.url)
    except httpx.HTTPError as exc:
        raise CorroborateError(E.E009, url, detail=type(exc).__name__) from None
    base = url_slug(final) or "page"
    if kind.startswith(_FEED):
        path = folder / f"{base}.xml"
        path.write_text(text, encoding="utf-8")
        return path
    field = "html" if kind.startswith(_HTML) else "text"
    path = folder / f"{base}.json"
    record = {"id": base, "url": final, field: text}
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return path
