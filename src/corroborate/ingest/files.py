"""Local files: size check, decoding, then one reader per format (by extension, else content)."""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from pathlib import Path

from corroborate.errors import CorroborateError, E
from corroborate.ingest.decode import decode
from corroborate.ingest.feed import looks_like_feed, read_feed
from corroborate.ingest.meta import stem
from corroborate.ingest.pages import html_document, looks_like_html, text_document
from corroborate.ingest.records import read_json, read_jsonl
from corroborate.ingest.warc import read_warc
from corroborate.settings import Settings
from corroborate.types import Document

TEXT_SUFFIXES = {"", ".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | {".json", ".jsonl", ".ndjson"}


def _suffix(name: str) -> str:
    lower = name.lower()
    if lower.endswith((".warc", ".warc.gz")):
        return ".warc"
    return Path(lower).suffix


def read_file(path: Path, settings: Settings) -> Iterator[Document | CorroborateError]:
    """Every Document in one file, or the error that stops it; never raises for a bad file."""
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > settings.max_file_bytes:
            detail = f"{size} bytes > {settings.max_file_bytes}"
            raise CorroborateError(E.E008, origin, detail=detail)
        if _suffix(path.name) == ".warc":
            if size == 0:
                raise CorroborateError(E.E002, origin)
            with path.open("rb") as stream:
                yield from read_warc(stream, origin, stem(path.name), settings)
            return
        data = path.read_bytes()
    except CorroborateError as error:
        yield error
        return
    except OSError as error:
        yield CorroborateError(E.E001, origin, detail=error.strerror or type(error).__name__)
        return
    yield from read_bytes(data, path.name, origin, settings)


def _gunzip(data: bytes, origin: str, limit: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(limit + 1)
    except (EOFError, OSError, zlib.error) as error:
        raise CorroborateError(E.E010, origin, detail=str(error) or "truncated gzip") from None
    if len(out) > limit:
        raise CorroborateError(E.E008, origin, detail=f"over {limit} bytes once unpacked")
    return out


def read_bytes(
    data: bytes, name: str, origin: str, settings: Settings
) -> Iterator[Document | CorroborateError]:
    """Dispatch raw bytes named `name` (a file name, or "-" for stdin) to their reader."""
    try:
        if name.lower().endswith(".gz"):
            data = _gunzip(data, origin, settings.max_file_bytes)
            name = name[:-3]
        if _suffix(name) == ".warc":
            yield from read_warc(io.BytesIO(data), origin, stem(name), settings)
            return
        suffix = _suffix(name) if name != "-" else ""
        if suffix not in KNOWN_SUFFIXES:
            raise CorroborateError(E.E006, origin, detail=f"extension {suffix}")
        text = decode(data, origin)
    except CorroborateError as error:
        yield error
        return
    base = "stdin" if name == "-" else stem(name)
    yield from read_text(text, suffix, origin, base)


def read_text(
    text: str, suffix: str, origin: str, base: str
) -> Iterator[Document | CorroborateError]:
    """Dispatch decoded text by extension; files without one are sniffed."""
    head = text.lstrip()[:1]
    if suffix == ".jsonl" or suffix == ".ndjson" or (suffix in ("", ".json") and _is_jsonl(text)):
        yield from read_jsonl(text, origin, base)
        return
    if suffix == ".json" or (suffix == "" and head in "[{" and head):
        yield from read_json(text, origin, base)
        return
    if suffix in FEED_SUFFIXES or (suffix == "" and looks_like_feed(text)):
        yield from read_feed(text, origin, base)
        return
    try:
        if suffix in HTML_SUFFIXES or looks_like_html(text):
            yield html_document(text, origin, base, {})
        else:
            yield text_document(text, origin, base, {})
    except CorroborateError as error:
        yield error


def _is_jsonl(text: str) -> bool:
    """Several lines that each open a JSON object: JSON lines, whatever the extension."""
    lines = [line for line in text.splitlines()[:5] if line.strip()]
    return len(lines) > 1 and all(line.lstrip().startswith("{") and line.rstrip().endswith("}")
                                  for line in lines)
