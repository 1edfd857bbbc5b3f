"""Document frequencies of the recent stream, for the clusterer's IDF, in bounded memory.

Counts are halved every `halving` articles (with the document count behind them), so IDF
follows the recent stream. A key no article used in the last `forget` articles (between half
that and that, checked every `forget // 2` articles) is dropped: the table holds the words of
the live stream, not every word ever seen, so its size and the cost of looking words up stay
flat on an endless stream. A forgotten word that comes back counts as new, as it should.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class DocFrequencies:
    """How many of the recent articles hold each key, and when each key was last used."""

    def __init__(self, halving: int, forget: int) -> None:
        self.halving = halving
        self.period = max(1, forget // 2)
        self.seen = 0  # articles added
        self.docs = 0  # the document count behind `counts` (halved with it)
        self.counts: dict[str, int] = {}
        self.last: dict[str, int] = {}  # key -> the period (of `period` articles) it was last used

    def add(self, keys: Iterable[str]) -> bool:
        """Count one article's keys; return whether the counts were halved first."""
        self.seen += 1
        self.docs += 1
        halved = self.seen % self.halving == 0
        if halved:
            self.docs //= 2
            self.counts = {k: v // 2 for k, v in self.counts.items() if v > 1}
            self.last = {k: self.last[k] for k in self.counts}
        now = self.seen // self.period
        if self.seen % self.period == 0:
            self.counts = {k: v for k, v in self.counts.items() if self.last[k] >= now - 1}
            self.last = {k: self.last[k] for k in self.counts}
        counts, last = self.counts, self.last
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
            last[key] = now
        return halved

    def state(self) -> dict[str, Any]:
        """JSON-ready state."""
        return {"seen": self.seen, "docs": self.docs, "counts": self.counts, "last": self.last}

    @classmethod
    def from_state(cls, state: dict[str, Any], halving: int, forget: int) -> DocFrequencies:
        """Rebuild the table saved by `state`."""
        table = cls(halving, forget)
        table.seen = int(state["seen"])
        table.docs = int(state["docs"])
        table.counts = dict(state["counts"])
        now = table.seen // table.period
        table.last = {k: int(state.get("last", {}).get(k, now)) for k in table.counts}
        return table
