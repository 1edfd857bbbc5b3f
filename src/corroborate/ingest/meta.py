"""Building Documents: ids, outlet from the URL, content hash."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import PurePath
from urllib.parse import urlsplit

from courlan import extract_domain

from corroborate.ingest.decode import scrub_surrogates, xml_safe
from corroborate.types import Document

# The only record fields that may reach a Document; anything else (labels, notes) is dropped.
META_FIELDS = ("url", "outlet", "title", "date", "lang")
# Suffixes stripped from a file name to make its id (longest first).
_SUFFIXES = (".warc.gz", ".tar.gz", ".gz", ".txt", ".html", ".htm", ".jsonl", ".ndjson",
             ".json", ".xml", ".rss", ".atom", ".warc")


def stem(path: str) -> str:
    """A file's name without its known extension(s): the article id of a one-article file."""
    name = PurePath(path).name
    for suffix in _SUFFIXES:
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return PurePath(name).stem or name


def slug(text: str, limit: int = 60) -> str:
    """An ASCII, dash-separated short form of a URL path or title, for stable ids."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[A-Za-z0-9]+", ascii_text.lower())
    return "-".join(words)[:limit].strip("-")


def url_slug(url: str) -> str:
    """The last meaningful path segment of a URL, as a slug (the host when the path is empty)."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    for segment in reversed(segments):
        candidate = slug(re.sub(r"\.(s?html?|php|aspx?)$", "", segment))
        if candidate and not candidate.isdigit():
            return candidate
    return slug(parts.netloc + parts.path) or "page"


def outlet_of(url: str | None) -> str | None:
    """The registrable domain of a URL (subdomains dropped), or None."""
    if not url:
        return None
    try:
        return extract_domain(url) or None
    except (ValueError, TypeError):
        return None


def clean_meta(values: dict[str, object]) -> dict[str, str | None]:
    """Keep only the known metadata fields as strings, and fill the outlet from the URL."""
    meta: dict[str, str | None] = {}
    for key in META_FIELDS:
        value = values.get(key)
        if value is not None and str(value).strip():
            meta[key] = str(value).strip()
    if "outlet" not in meta and meta.get("url"):
        outlet = outlet_of(meta["url"])
        if outlet:
            meta["outlet"] = outlet
    return meta


def make_document(
    doc_id: str, origin: str, fmt: str, content: str, meta: dict[str, str | None], kind: str
) -> Document:
    """A Document with its hash; `kind` (text or html) tells extraction how to read it."""
    # Lone surrogates (a JSON "\ud800") cannot be written as UTF-8 by any later stage.
    content = scrub_surrogates(content)
    if kind == "html":
        # lxml, which every later reading of a page goes through, refuses these characters.
        content = xml_safe(content)
    meta = {k: scrub_surrogates(v) if isinstance(v, str) else v for k, v in meta.items()}
    meta = {**meta, "type": kind}
    digest = hashlib.sha256()
    digest.update(content.encode("utf-8"))
    digest.update(json.dumps(meta, sort_keys=True, ensure_ascii=False).encode())
    return Document(id=doc_id, origin=origin, format=fmt, content=content, meta=meta,
                    sha=digest.hexdigest())
