"""Ingest: turn paths, folders, globs, stdin and URLs into Documents, one per article.

Bad inputs come out as CorroborateError items in the same stream, so one bad file never
stops a batch. The same article reached twice (same URL or same normalised text) is yielded
once, and ids are made unique within a run.
"""

from __future__ import annotations

import glob
import hashlib
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from corroborate.errors import CorroborateError, E
from corroborate.ingest.files import read_bytes, read_file
from corroborate.ingest.records import record_document
from corroborate.ingest.url import read_url
from corroborate.settings import SETTINGS, Settings
from corroborate.types import Document

__all__ = ["Source", "expand", "read_sources"]


Source = str | dict[str, Any]  # a path, folder, glob, URL or "-"; or one JSON-like record


def read_sources(
    sources: Iterable[Source], settings: Settings = SETTINGS
) -> Iterator[Document | CorroborateError]:
    """Yield one Document per article found in the sources, or an error per bad input.

    A dict is one record with the fields a JSON line has (`text` or `html`, `id`, `url`,
    `outlet`, `title`, `date`, `lang`).
    """
    seen = _Seen()
    for number, source in enumerate(sources, start=1):
        items = (
            _read_record(source, number) if isinstance(source, dict)
            else _read_source(source, settings)
        )
        for item in items:
            if isinstance(item, Document):
                if seen.duplicate(item):
                    continue
                item.id = seen.unique_id(item.id)
            yield item


def _guarded(
    items: Iterator[Document | CorroborateError], origin: str
) -> Iterator[Document | CorroborateError]:
    """The items of one source; a reader that fails unexpectedly ends that source with one
    error line, never the run."""
    try:
        yield from items
    except Exception as exc:
        yield CorroborateError(E.E007, origin, detail=f"{type(exc).__name__}: {exc}"[:200])


def expand(source: str) -> list[Path] | None:
    """The files a path, folder (recursive, sorted) or glob names; None when nothing matches."""
    path = Path(source)
    if path.is_dir():
        return sorted(
            p for p in path.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
    if path.exists():
        return [path]
    if glob.has_magic(source):
        matches = sorted(Path(p) for p in glob.glob(source, recursive=True))
        files: list[Path] = []
        for match in matches:
            files.extend(expand(str(match)) or [])
        return files or None
    return None


def _read_record(record: dict[str, Any], number: int) -> Iterator[Document | CorroborateError]:
    try:
        yield record_document(record, f"record #{number}", f"record-{number}", "record")
    except CorroborateError as error:
        yield error


def _read_source(source: str, settings: Settings) -> Iterator[Document | CorroborateError]:
    if source == "-":
        yield from _guarded(read_bytes(sys.stdin.buffer.read(), "-", "-", settings), "-")
        return
    if re.match(r"^https?://", source, re.I):
        yield from _guarded(read_url(source, settings), source)
        return
    files = expand(source)
    if files is None:
        yield CorroborateError(E.E012, source, detail=source)
        return
    for path in files:
        yield from _guarded(read_file(path, settings), str(path))


def normal_url(url: str) -> str:
    """A URL reduced for duplicate detection: lower-case host, no fragment or trailing slash."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    return urlunsplit(("", host, parts.path.rstrip("/"), parts.query, ""))


def normal_text_key(text: str) -> str:
    """A hash of the text with case, accents' form and white space normalised."""
    folded = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha256(folded.encode()).hexdigest()


class _Seen:
    """What a run already yielded: URLs, normalised texts and ids."""

    def __init__(self) -> None:
        self.urls: set[str] = set()
        self.texts: set[str] = set()
        self.ids: set[str] = set()

    def duplicate(self, document: Document) -> bool:
        url = document.meta.get("url")
        key = normal_text_key(document.content)
        if (url and normal_url(url) in self.urls) or key in self.texts:
            return True
        if url:
            self.urls.add(normal_url(url))
        self.texts.add(key)
        return False

    def unique_id(self, doc_id: str) -> str:
        candidate, n = doc_id, 1
        while candidate in self.ids:
            n += 1
            candidate = f"{doc_id}-{n}"
        self.ids.add(candidate)
        return candidate
