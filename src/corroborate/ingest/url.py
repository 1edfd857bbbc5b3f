"""http(s) sources: fetched with a timeout, a size cap, few redirects and a clear user agent."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx

from corroborate.errors import CorroborateError, E
from corroborate.ingest.feed import read_feed
from corroborate.ingest.meta import clean_meta, url_slug
from corroborate.ingest.pages import html_document, text_document
from corroborate.settings import Settings
from corroborate.types import Document

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")
_TEXT = ("text/plain",)


def fetch(
    url: str,
    settings: Settings,
    on_request: Callable[[httpx.Request], None] | None = None,
    transport: httpx.BaseTransport | None = None,
) -> tuple[bytes, str, str]:
    """GET a URL: (body, content type, final URL); errors are E009, oversize bodies E008.

    `on_request` sees every request, redirects included, and may raise to stop the fetch;
    `transport`, when given, makes every connection (and no proxy from the environment does).
    """
    headers = {"User-Agent": settings.user_agent, "Accept": "text/html, application/xml;q=0.9"}
    try:
        with (
            httpx.Client(
                follow_redirects=True,
                max_redirects=settings.url_max_redirects,
                timeout=settings.url_timeout,
                headers=headers,
                event_hooks={"request": [on_request] if on_request else []},
                transport=transport,
                trust_env=transport is None,
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise CorroborateError(E.E009, url, detail=f"HTTP {response.status_code}")
            content_type = response.headers.get("content-type", "").lower()
            if not content_type.startswith(HTML_TYPES + FEED_TYPES + _TEXT):
                raise CorroborateError(
                    E.E009, url, detail=f"unsupported content type {content_type or 'none'}"
                )
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > settings.url_max_bytes:
                raise CorroborateError(E.E008, url, detail=f"{declared} bytes")
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > settings.url_max_bytes:
                    raise CorroborateError(
                        E.E008, url, detail=f"over {settings.url_max_bytes} bytes"
                    )
            return bytes(body), content_type, str(response.url)
    except httpx.TooManyRedirects:
        raise CorroborateError(E.E009, url, detail="too many redirects") from None
    except httpx.TimeoutException:
        raise CorroborateError(E.E009, url, detail="timed out") from None
    except httpx.HTTPError as error:
        raise CorroborateError(E.E009, url, detail=type(error).__name__) from None


@dataclass
class Fetched:
    """One response of `conditional_get`: 304 has an empty body, 4xx and 5xx are kept too."""

    status: int
    body: bytes
    content_type: str
    url: str  # after redirects
    etag: str | None = None
    modified: str | None = None  # the Last-Modified header, as sent


def conditional_get(
    url: str,
    settings: Settings,
    etag: str | None = None,
    modified: str | None = None,
    on_request: Callable[[httpx.Request], None] | None = None,
) -> Fetched:
    """GET with If-None-Match / If-Modified-Since; network errors are E009, big bodies E008.

    Unlike `fetch`, an error status is returned, not raised: a poller tells a missing
    robots.txt (allow all) from a failing one.
    """
    headers = {"User-Agent": settings.user_agent, "Accept": "application/xml, text/html;q=0.9"}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    try:
        with (
            httpx.Client(
                follow_redirects=True,
                max_redirects=settings.url_max_redirects,
                timeout=settings.url_timeout,
                headers=headers,
                event_hooks={"request": [on_request] if on_request else []},
            ) as client,
            client.stream("GET", url) as response,
        ):
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > settings.url_max_bytes:
                    raise CorroborateError(
                        E.E008, url, detail=f"over {settings.url_max_bytes} bytes"
                    )
            return Fetched(
                status=response.status_code,
                body=bytes(body),
                content_type=response.headers.get("content-type", "").lower(),
                url=str(response.url),
                etag=response.headers.get("etag"),
                modified=response.headers.get("last-modified"),
            )
    except httpx.TooManyRedirects:
        raise CorroborateError(E.E009, url, detail="too many redirects") from None
    except httpx.TimeoutException:
        raise CorroborateError(E.E009, url, detail="timed out") from None
    except httpx.HTTPError as error:
        raise CorroborateError(E.E009, url, detail=type(error).__name__) from None


def decode_body(body: bytes, content_type: str, url: str) -> str:
    """The body as text, in the declared charset, else UTF-8."""
    charset = "utf-8"
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    try:
        return body.decode(charset)
    except (LookupError, UnicodeDecodeError):
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise CorroborateError(E.E004, url, detail=error.reason) from None


def read_url(url: str, settings: Settings) -> Iterator[Document | CorroborateError]:
    """Fetch one URL and yield its article (or each entry of a feed)."""
    try:
        body, content_type, final = fetch(url, settings)
        if not body.strip():
            raise CorroborateError(E.E002, url)
        text = decode_body(body, content_type, url)
    except CorroborateError as error:
        yield error
        return
    base = url_slug(final)
    if content_type.startswith(FEED_TYPES):
        yield from read_feed(text, url, base)
        return
    meta = clean_meta({"url": final})
    try:
        if content_type.startswith(HTML_TYPES):
            yield html_document(text, url, base, meta, fmt="url")
        else:
            yield text_document(text, url, base, meta)
    except CorroborateError as error:
        yield error
