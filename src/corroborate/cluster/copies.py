"""Copies between articles: shared passages found by fingerprints, with a direction.

Two outlets printing one dispatch cut to different lengths share long passages word for word
while their whole-text Jaccard stays low (page excerpts begin and end in different places).
So candidates come from two indexes: MinHash LSH over the whole text's word shingles (for
near-duplicates) and winnowed shingle fingerprints (Schleimer et al. 2003: any passage of
`WINNOW + shingle_size - 1` words shared by two texts shares a fingerprint). Each candidate is
then compared exactly: its shared passages (runs of shared shingles) are found, passages lying
inside quotation marks are left out (two outlets quoting one speaker or one communiqué are
not copying each other), and the pair is a copy when

- a passage of at least `PASSAGE` words is shared outside quotes ("copy" when it holds most of
  the shorter text, else "partial": a reprise of part of a dispatch), or
- several shorter passages add up (`REWRITE_PASSAGES` of `REWRITE_MIN` words or more, `REWRITE`
  words in all) and the two share their figures: a rewrite that changed the words between the
  facts ("rewrite").

The source is the earlier article when both dates tell, else the dated one when only one is,
else the one that credits a news agency, else the fuller text. `CopyIndex` works incrementally
and forgets old prints, so memory stays bounded on a long stream (copies are published close
together): a print goes once it
arrived more than `days` days ago on the stream's clock with `keep` articles since, or once
`window` articles came since.
"""

from __future__ import annotations

import base64
import re
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from corroborate.cluster.clock import StreamClock
from corroborate.cluster.features import fold_text
from corroborate.settings import SETTINGS, Settings
from corroborate.types import Article, CopyPair

WORD = re.compile(r"\w+")
QUOTED = re.compile(r"«[^»]{0,800}»|“[^”]{0,800}”|\"[^\"\n]{0,800}\"")
NUMBER = re.compile(r"\d+(?:[.,']\d+)*")
# An agency credit: "(AFP)", "avec AFP", "source : Reuters", "- ATS", "AFP -", "ats/tzing".
CREDIT = re.compile(
    r"(?:\(|avec |source\s*:?\s*|[-–—|/]\s*)(?:AFP|Reuters|ATS|AP|dpa|Belga|Keystone|AOF|ANSA|EFE)"
    r"\b|\b(?:AFP|Reuters|ATS|AP|dpa|Belga|AOF)\s*[-–—|/)]|\bats/\w+",
)
SEED = 1
DEFAULT_WINDOW = 20_000
DAYS = 30  # a copy appears within this many days of its original
KEEP = 2_000  # never forget by time the latest this many articles (small or undated streams)
LSH_THRESHOLD = 0.3  # whole-text candidates; partial copies come from the fingerprints
WINNOW = 6  # shingles per winnowing window: passages of 10 words or more share a fingerprint
POSTINGS = 64  # a fingerprint in more articles than this is a stock phrase, not a copy sign
PASSAGE = 18  # words of one shared unquoted passage that make a copy
FULL = 0.5  # containment of the shorter text from which a copy is whole, not partial
REWRITE_MIN = 7  # words of a passage that counts towards a rewrite
REWRITE_PASSAGES = 4
REWRITE = 45  # words of such passages in all
REWRITE_NUMBERS = 2  # figures (other than years) both texts give


def shingles(text: str, size: int) -> set[str]:
    """The set of `size`-word shingles of the text, lowercased and without accents."""
    words = WORD.findall(fold_text(text))
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


@dataclass
class Print:
    """What the copy finder keeps of one text: its shingle hashes in order, which of them lie
    inside quotation marks, its figures and whether it credits an agency."""

    hashes: np.ndarray  # uint32, one per shingle, in text order
    quoted: np.ndarray  # bool, one per shingle
    numbers: frozenset[str]
    credit: bool

    def fingerprints(self) -> set[int]:
        """The winnowed fingerprints: the smallest hash of every window of WINNOW shingles."""
        h = self.hashes
        if len(h) == 0:
            return set()
        if len(h) <= WINNOW:
            return {int(h.min())}
        windows = np.lib.stride_tricks.sliding_window_view(h, WINNOW)
        return {int(x) for x in windows.min(axis=1)}

    def pack(self) -> list[Any]:
        """JSON-ready form."""
        return [
            base64.b64encode(self.hashes.astype(np.uint32).tobytes()).decode(),
            base64.b64encode(np.packbits(self.quoted).tobytes()).decode(),
            sorted(self.numbers),
            self.credit,
        ]

    @classmethod
    def unpack(cls, data: list[Any]) -> Print:
        """Rebuild a print saved by `pack`."""
        hashes = np.frombuffer(base64.b64decode(data[0]), dtype=np.uint32).copy()
        bits = np.frombuffer(base64.b64decode(data[1]), dtype=np.uint8)
        quoted = np.unpackbits(bits)[: len(hashes)].astype(bool)
        return cls(hashes, quoted, frozenset(data[2]), bool(data[3]))


def make_print(text: str, size: int) -> Print:
    """The print of a text with `size`-word shingles."""
    folded = fold_text(text)
    inside = np.zeros(len(folded) + 1, dtype=bool)
    for m in QUOTED.finditer(folded):
        inside[m.start() : m.end()] = True
    words = [(m.group(), m.start()) for m in WORD.finditer(folded)]
    count = max(0, len(words) - size + 1)
    hashes = np.fromiter(
        (zlib.crc32(" ".join(w for w, _ in words[i : i + size]).encode()) for i in range(count)),
        dtype=np.uint32,
        count=count,
    )
    quoted = np.array([inside[words[i][1]] for i in range(count)], dtype=bool)
    numbers = frozenset(
        n for n in NUMBER.findall(text) if not re.fullmatch(r"(?:19|20)\d\d", n) and len(n) > 1
    )
    return Print(hashes, quoted, numbers, bool(CREDIT.search(text)))


@dataclass
class Match:
    """How two prints overlap: containment each way and the passages shared outside quotes."""

    containment_a: float
    containment_b: float
    passages: list[int]  # words of each shared unquoted passage, longest first

    @property
    def longest(self) -> int:
        """Words of the longest shared passage outside quotes."""
        return self.passages[0] if self.passages else 0


def compare(a: Print, b: Print, size: int) -> Match:
    """The passages `a` shares with `b` (runs of shared shingles), quoted ones left out."""
    if len(a.hashes) == 0 or len(b.hashes) == 0:
        return Match(0.0, 0.0, [])
    shared = np.isin(a.hashes, b.hashes)
    quoted_b = dict(zip(b.hashes.tolist(), b.quoted.tolist(), strict=True))
    passages = []
    i, n = 0, len(shared)
    while i < n:
        if not shared[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and shared[j + 1]:
            j += 1
        run = a.hashes[i : j + 1]
        # Quoted in either text: both quote a third party (a speaker, a communiqué).
        in_quotes = max(a.quoted[i : j + 1].mean(), np.mean([quoted_b[x] for x in run.tolist()]))
        if in_quotes <= 0.5:
            passages.append(j - i + size)
        i = j + 1
    set_a, set_b = np.unique(a.hashes), np.unique(b.hashes)
    common = len(np.intersect1d(set_a, set_b, assume_unique=True))
    return Match(common / len(set_a), common / len(set_b), sorted(passages, reverse=True))


def copy_kind(match: Match, a: Print, b: Print) -> str | None:
    """copy | partial | rewrite when the overlap is a copy, else None."""
    if match.longest >= PASSAGE:
        return "copy" if max(match.containment_a, match.containment_b) >= FULL else "partial"
    parts = [p for p in match.passages if p >= REWRITE_MIN]
    if (
        len(parts) >= REWRITE_PASSAGES
        and sum(parts) >= REWRITE
        and len(a.numbers & b.numbers) >= REWRITE_NUMBERS
    ):
        return "rewrite"
    return None


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


Side = tuple[str, str | None, int]  # id, date, length


def orient(a: Side, b: Side, sim: float, credit: tuple[bool, bool] = (False, False)) -> CopyPair:
    """Which of two overlapping articles is the copy, as a CopyPair saying why."""
    date_a, date_b = _date_key(a[1]), _date_key(b[1])
    if date_a and date_b:
        # Only compare at the precision both dates have ("2021-03" against "2021-03-02").
        width = min(len(date_a), len(date_b))
        if date_a[:width] != date_b[:width]:
            first, second = (a, b) if date_a[:width] < date_b[:width] else (b, a)
            return CopyPair(second[0], first[0], round(sim, 3), why="earlier date")
    if bool(date_a) != bool(date_b):
        # Rewrites and aggregators tend to drop the dateline the source carries.
        first, second = (a, b) if date_a else (b, a)
        return CopyPair(second[0], first[0], round(sim, 3), why="dated (the other is not)")
    if credit[0] != credit[1]:
        first, second = (a, b) if credit[0] else (b, a)
        return CopyPair(second[0], first[0], round(sim, 3), why="credits a news agency")
    if a[2] != b[2]:
        first, second = (a, b) if a[2] > b[2] else (b, a)
    else:
        first, second = (a, b) if a[0] <= b[0] else (b, a)
    return CopyPair(second[0], first[0], round(sim, 3), why="fuller text")


@dataclass
class _Seen:
    day: str | None
    length: int
    minhash: MinHash
    arrival: int | None
    print: Print | None  # None for entries restored from a state that kept no prints


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
        self._lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=settings.minhash_perm)
        self._seen: OrderedDict[str, _Seen] = OrderedDict()  # oldest first
        self._postings: dict[int, list[str]] = {}

    def __len__(self) -> int:
        return len(self._seen)

    def add(self, article: Article) -> list[CopyPair]:
        """Index one article; return its copy pairs with the articles still in the window."""
        if article.id in self._seen:
            return []
        minhash = signature(article.text, self.settings)
        self.clock.see(article.date)
        seen = _Seen(
            article.date,
            len(article.text),
            minhash,
            None,
            make_print(article.text, self.settings.shingle_size),
        )
        return self._insert(article.id, seen, self.clock.now())

    def _candidates(self, seen: _Seen) -> set[str]:
        found = set(self._lsh.query(seen.minhash))
        if seen.print is not None:
            for fp in seen.print.fingerprints():
                found.update(self._postings.get(fp, ()))
        return found

    def pair(self, key: str, seen: _Seen, other: str) -> CopyPair | None:
        """The copy pair of a new entry with an indexed one, if they copy each other."""
        old = self._seen[other]
        sim = seen.minhash.jaccard(old.minhash)
        if seen.print is None or old.print is None:
            if sim < self.settings.copy_threshold:
                return None
            return orient((key, seen.day, seen.length), (other, old.day, old.length), sim)
        match = compare(seen.print, old.print, self.settings.shingle_size)
        kind = copy_kind(match, seen.print, old.print)
        if kind is None:
            return None
        pair = orient(
            (key, seen.day, seen.length),
            (other, old.day, old.length),
            sim,
            (seen.print.credit, old.print.credit),
        )
        pair.containment = round(
            match.containment_a if pair.copy == key else match.containment_b, 3
        )
        pair.passage, pair.kind = match.longest, kind
        return pair

    def _insert(self, key: str, seen: _Seen, arrival: int | None) -> list[CopyPair]:
        pairs = [
            p for other in sorted(self._candidates(seen)) if (p := self.pair(key, seen, other))
        ]
        seen.arrival = arrival
        self._lsh.insert(key, seen.minhash)
        self._seen[key] = seen
        if seen.print is not None:
            for fp in seen.print.fingerprints():
                posting = self._postings.setdefault(fp, [])
                posting.append(key)
                if len(posting) > POSTINGS:
                    del posting[0]
        self._expire(arrival)
        return pairs

    def _forget(self, key: str) -> None:
        seen = self._seen.pop(key)
        self._lsh.remove(key)
        if seen.print is not None:
            for fp in seen.print.fingerprints():
                posting = self._postings.get(fp)
                if posting and key in posting:
                    posting.remove(key)
                    if not posting:
                        del self._postings[fp]

    def _expire(self, now: int | None) -> None:
        """Forget prints past the window, and old ones (in stream days) past `keep`."""
        while len(self._seen) > self.window:
            self._forget(next(iter(self._seen)))
        if now is None:
            return
        while len(self._seen) > self.keep:
            key, item = next(iter(self._seen.items()))
            if item.arrival is not None and now - item.arrival <= self.days:
                break
            self._forget(key)

    def state(self) -> dict[str, Any]:
        """JSON-ready state: the windowed signatures (base64 of 32-bit values) and prints."""
        items = []
        for key, s in self._seen.items():
            packed = base64.b64encode(s.minhash.hashvalues.astype(np.uint32).tobytes()).decode()
            items.append(
                [key, s.day, s.length, packed, s.arrival, s.print.pack() if s.print else None]
            )
        scheme = next(iter(self._seen.values())).minhash.scheme if self._seen else None
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
        """Rebuild an index saved by `state` (states saved before prints existed load too)."""
        index = cls(
            settings,
            window=int(state.get("window", DEFAULT_WINDOW)),
            days=int(state.get("days", DAYS)),
            keep=int(state.get("keep", KEEP)),
        )
        for key, day, length, packed, *rest in state.get("items", []):
            values = np.frombuffer(base64.b64decode(packed), dtype=np.uint32).copy()
            minhash = MinHash(
                num_perm=settings.minhash_perm, seed=SEED, hashvalues=values, scheme=state["scheme"]
            )
            arrival = rest[0] if rest else None
            printed = Print.unpack(rest[1]) if len(rest) > 1 and rest[1] else None
            seen = _Seen(day, int(length), minhash, None, printed)
            # Restoring re-inserts without comparing: the pairs were found when first added.
            seen.arrival = arrival
            index._lsh.insert(key, minhash)
            index._seen[key] = seen
            if printed is not None:
                for fp in printed.fingerprints():
                    index._postings.setdefault(fp, []).append(key)
        index.clock = StreamClock.from_state(state.get("clock"))
        return index


def find_copies(articles: list[Article], settings: Settings = SETTINGS) -> list[CopyPair]:
    """All copy pairs among the articles, each oriented copy -> original."""
    index = CopyIndex(settings, window=max(DEFAULT_WINDOW, len(articles)))
    pairs: list[CopyPair] = []
    for article in articles:
        pairs.extend(index.add(article))
    return sorted(pairs, key=lambda p: (p.original, p.copy))
