"""Ingest: paths, folders, globs, stdin and URLs in, one `Document` per article out.

Bad inputs come out as `CorroborateError` items in the same stream, so one bad file never stops
a batch (`sources.py`); one reader per format sits in its own module.
"""

from corroborate.ingest.feed import feed_entries, looks_like_feed
from corroborate.ingest.guard import blocked, refusal
from corroborate.ingest.meta import outlet_of, slug, url_slug
from corroborate.ingest.sources import Source, expand, read_sources
from corroborate.ingest.url import (
    FEED_TYPES,
    HTML_TYPES,
    Fetched,
    conditional_get,
    decode_body,
    fetch,
)

__all__ = [
    "FEED_TYPES",
    "HTML_TYPES",
    "Fetched",
    "Source",
    "blocked",
    "conditional_get",
    "decode_body",
    "expand",
    "feed_entries",
    "fetch",
    "looks_like_feed",
    "outlet_of",
    "read_sources",
    "refusal",
    "slug",
    "url_slug",
]
