"""WARC archives (plain or gzipped): one Document per HTML response record."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from corroborate.errors import CorroborateError, E
from corroborate.ingest.meta import clean_meta, make_document, url_slug
from corroborate.ingest.pages import html_has_body
from corroborate.settings import SETTINGS, Settings
from corroborate.types import Document

_HTML_TYPES = ("text/html", "application/xhtml+xml")
HEADER_LINE_MAX = 65536  # a WARC or HTTP header line longer than this is a bomb, not a header


def _bound_lines(iterator: ArchiveIterator) -> None:
    """Make every header line warcio reads stop at HEADER_LINE_MAX: its readline() has no
    bound, and a record whose header never ends would otherwise be read whole into memory."""
    reader = iterator.reader
    readline = reader.readline

    def bounded(length: int | None = None) -> bytes:
        cap = HEADER_LINE_MAX if length is None else min(length, HEADER_LINE_MAX)
        line = readline(cap)
        if len(line) >= HEADER_LINE_MAX and not line.endswith(b"\n"):
            raise ValueError(f"a header line runs over {HEADER_LINE_MAX} bytes")
        return bytes(line)

    reader.readline = bounded  # LimitReader over a record reads its lines through this too


def _charset(content_type: str) -> str:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return "utf-8"


def _decode(payload: bytes, content_type: str) -> str:
    try:
        return payload.decode(_charset(content_type))
    except (LookupError, UnicodeDecodeError):
        return payload.decode("utf-8", errors="replace")


def read_warc(
    stream: IO[bytes], origin: str, base: str, settings: Settings = SETTINGS
) -> Iterator[Document | CorroborateError]:
    """Yield HTML responses in archive order; a truncated archive ends with an E010 error, and
    one that unpacks past the caps (a record over max_file_bytes, all over max_unpacked_bytes)
    with an E008 error, read no further."""
    number = 0
    left = settings.max_unpacked_bytes
    try:
        records = ArchiveIterator(stream)
        _bound_lines(records)
        for record in records:
            if record.rec_type != "response" or record.http_headers is None:
                continue
            content_type = record.http_headers.get_header("Content-Type") or ""
            if not content_type.lower().startswith(_HTML_TYPES):
                continue
            number += 1
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            date = (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
            where = f"{origin}#record{number}"
            # Read at most one byte past the caps: a packed record can unpack a thousandfold.
            cap = min(settings.max_file_bytes, left)
            payload = record.content_stream().read(cap + 1)
            if len(payload) > cap:
                if cap == settings.max_file_bytes:
                    detail = f"a record unpacks to over {cap} bytes"
                else:
                    detail = f"the archive unpacks to over {settings.max_unpacked_bytes} bytes"
                yield CorroborateError(E.E008, where, detail=detail)
                return
            left -= len(payload)
            html = _decode(payload, content_type)
            if getattr(record.raw_stream, "limit", 0):
                # The record ends before its declared length: the archive was cut here.
                yield CorroborateError(E.E010, where, detail="record truncated")
                return
            if not html_has_body(html):
                yield CorroborateError(E.E007, where, detail="HTML without a body")
                continue
            doc_id = f"{base}-{url_slug(url)}" if url else f"{base}-{number}"
            # The crawl date is not the publication date: only a hint kept apart from `date`.
            meta = clean_meta({"url": url or None})
            if date:
                meta["fetched"] = date
            yield make_document(doc_id, where, "warc", html, meta, "html")
    except (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError) as error:
        reason = (str(error).splitlines() or ["truncated"])[0][:200]
        yield CorroborateError(E.E010, origin, detail=reason)
