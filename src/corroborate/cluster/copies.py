"""Near-duplicate detection: MinHash LSH over normalised word shingles, with a direction.

A pair is a copy when its estimated Jaccard similarity reaches `settings.copy_threshold`. The
original is the earlier article when both dates tell; otherwise the more complete (longer) one.
`CopyIndex` works incrementally and forgets old signatures, so memory stays bounded on a long
stream (copies are published close together): a signature goes once it arrived more than
`days` days ago on the stream's clock (see cluster_clock) with `keep` articles since, or once
`window` articles came since.
"""

from __future__ import annotations

import base64
import re
from collections import OrderedDict
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from corroborate.cluster.clock import StreamClock
from corroborate.cluster.features import fold_text
from corroborate.settings import SETTINGS, Settings
from corroborate.types import Article, CopyPair

WORD = re.compile(r"\w+")
SEED = 1
DEFAULT_WINDOW = 20_000
DAYS = 30  # a copy appears within this many days of its original
KEEP = 2_000  # never forget by time the latest this many articles (small or undated streams)


def shingles(text: str, size: int) -> set[str]:
    """The set of `size`-word shingles of the text, lowercased and without accents."""
    words = WORD.findall(fold_text(text))
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


@lru_cache(maxsize=4)
def _template(num_perm: int) -> MinHash:
    # Drawing the permutations is costly; every signature of one size shares them.
    return MinHash(num_perm=num_perm, seed=SEED)


def signature(text: str, settings: Settings = SETTINGS) -> MinHash:
    """The MinHash of a text's shingles."""
    template = _template(settings.minhash_perm)
    minhash = MinHash(
        num_perm=settings.minhash_perm,
        seed=SEED,
        permutations=template.permutations,
        scheme=template.scheme,
    )
    grams = shingles(text, settings.shingle_size)
    if grams:
        minhash.update_batch([g.encode("utf-8") for g in grams])
    return minhash


def _date_key(value: str | None) -> str | None:
    return value if value and re.match(r"\d{4}-\d\d", value) else None


def orient(a: tuple[str, str | None, int], b: tuple[str, str | None, int], sim: float) -> CopyPair:
    """Which of two near-duplicates (id, date, length) is the copy, as a CopyPair."""
    date_a, date_b = _date_key(a[1]), _date_key(b[1])
    if date_a and date_b:
        # Only compare at the precision both dates have ("2021-03" against "2021-03-02").
        width = min(len(date_a), len(date_b))
        if date_a[:width] != date_b[:width]:
            first, second = (a, b) if date_a[:width] < date_b[:width] else (b, a)
            return CopyPair(copy=second[0], original=first[0], similarity=round(sim, 3))
    if a[2] != b[2]:
        first, second = (a, b) if a[2] > b[2] else (b, a)
    else:
        first, second = (a, b) if a[0] <= b[0] else (b, a)
    return CopyPair(copy=second[0], original=first[0], similarity=round(sim, 3))


class CopyIndex:
    """Incremental copy finder: `add` each article, get the pairs it forms with earlier ones."""

    def __init__(
        self,
        settings: Settings = SETTINGS,
        window: int = DEFAULT_WINDOW,
        days: int = DAYS,
        keep: int = KEEP,
    ) -> None:
        self.settings = settings
        self.window = window
        self.days = days
        self.keep = keep
        self.clock = StreamClock()
        self._lsh = MinHashLSH(threshold=settings.copy_threshold, num_perm=settings.minhash_perm)
        # id -> (date, length, minhash, arrival day), oldest first, for direction and eviction.
        self._seen: OrderedDict[str, tuple[str | None, int, MinHash, int | None]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._seen)

    def add(self, article: Article) -> list[CopyPair]:
        """Index one article; return its copy pairs with the articles still in the window."""
        if article.id in self._seen:
            return []
        minhash = signature(article.text, self.settings)
        self.clock.see(article.date)
        return self._insert(article.id, article.date, len(article.text), minhash, self.clock.now())

    def _insert(
        self, key: str, day: str | None, length: int, minhash: MinHash, arrival: int | None
    ) -> list[CopyPair]:
        pairs = []
        for other in self._lsh.query(minhash):
            other_day, other_length, other_hash, _ = self._seen[other]
            sim = minhash.jaccard(other_hash)
            if sim >= self.settings.copy_threshold:
                pairs.append(orient((key, day, length), (other, other_day, other_length), sim))
        self._lsh.insert(key, minhash)
        self._seen[key] = (day, length, minhash, arrival)
        self._expire(arrival)
        return pairs

    def _expire(self, now: int | None) -> None:
        """Forget signatures past the window, and old ones (in stream days) past `keep`."""
        while len(self._seen) > self.window:
            self._lsh.remove(self._seen.popitem(last=False)[0])
        if now is None:
            return
        while len(self._seen) > self.keep:
            key, item = next(iter(self._seen.items()))
            if item[3] is not None and now - item[3] <= self.days:
                break
            del self._seen[key]
            self._lsh.remove(key)

    def state(self) -> dict[str, Any]:
        """JSON-ready state: the windowed signatures as base64 of 32-bit hash values."""
        items = []
        for key, (day, length, minhash, arrival) in self._seen.items():
            packed = base64.b64encode(minhash.hashvalues.astype(np.uint32).tobytes()).decode()
            items.append([key, day, length, packed, arrival])
        scheme = next(iter(self._seen.values()))[2].scheme if self._seen else None
        return {
            "window": self.window,
            "days": self.days,
            "keep": self.keep,
            "scheme": scheme,
            "items": items,
            "clock": self.clock.state(),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any], settings: Settings = SETTINGS) -> CopyIndex:
        """Rebuild an index saved by `state`."""
        index = cls(
            settings,
            window=int(state.get("window", DEFAULT_WINDOW)),
            days=int(state.get("days", DAYS)),
            keep=int(state.get("keep", KEEP)),
        )
        for key, day, length, packed, *arrival in state.get("items", []):
            values = np.frombuffer(base64.b64decode(packed), dtype=np.uint32).copy()
            minhash = MinHash(
                num_perm=settings.minhash_perm, seed=SEED, hashvalues=values, scheme=state["scheme"]
            )
            index._insert(key, day, int(length), minhash, arrival[0] if arrival else None)
        index.clock = StreamClock.from_state(state.get("clock"))
        return index


def find_copies(articles: list[Article], settings: Settings = SETTINGS) -> list[CopyPair]:
    """All near-duplicate pairs among the articles, each oriented copy -> original."""
    index = CopyIndex(settings, window=max(DEFAULT_WINDOW, len(articles)))
    pairs: list[CopyPair] = []
    for article in articles:
        pairs.extend(index.add(article))
    return sorted(pairs, key=lambda p: (p.original, p.copy))
