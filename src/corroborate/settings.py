"""Thresholds and options in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass


def _cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # platforms without affinity masks
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Settings:
    """Tunable knobs of the pipeline; the defaults are the measured ones."""

    batch_size: int = 32
    n_process: int = _cores()  # spaCy worker processes for large batches: all cores
    # Fewer texts per worker do not repay starting it (forking and shipping Docs back).
    min_texts_per_process: int = 16
    # Pages to extract for a worker to repay its fork (lingua's models are shared, not loaded).
    min_documents_per_process: int = 16
    # Cross-checking a story is costlier: a few per worker repay forking it.
    min_stories_per_process: int = 2
    max_file_bytes: int = 20_000_000
    # What an archive may unpack to in all (a WARC record alone: max_file_bytes); a crawl's
    # HTML packs about 8 to 1, a bomb a thousand to one.
    max_unpacked_bytes: int = 200_000_000
    # spaCy's parser needs about 1 GB per 100,000 characters; its own default cap.
    max_text_chars: int = 1_000_000
    url_timeout: float = 15.0
    url_max_bytes: int = 5_000_000
    url_max_redirects: int = 5
    user_agent: str = "corroborate/0.1 (+news cross-checking; respects robots)"
    robots_agent: str = "corroborate"  # the product token robots.txt rules are matched on
    # Watch mode: seconds between two requests to one host, and updates kept in updates.xml.
    watch_host_delay: float = 1.0
    watch_feed_entries: int = 100
    copy_threshold: float = 0.5
    minhash_perm: int = 128
    shingle_size: int = 5


SETTINGS = Settings()
