"""The current day of a news stream, read from the publication dates of its latest articles.

A stream may carry a wrong date (a year typed wrong, an archive page): the clock is a high
percentile of the latest dated articles, not their maximum, and it never goes back. Stories
and copy signatures expire against it, so expiry follows event time, not article counts.
"""

from __future__ import annotations

import re
from collections import deque
from datetime import date
from typing import Any

DAY = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
RECENT = 200  # dated articles the clock reads
QUANTILE = 0.9
REFRESH = 32  # recompute after this many new dates
FIRST = 10  # dates needed before the clock starts: one wrong date must not set it


def day_of(value: str | None) -> int | None:
    """A full ISO publication date as a proleptic ordinal, else None (months are too loose)."""
    if not value:
        return None
    found = DAY.match(value)
    if not found:
        return None
    try:
        return date(int(found[1]), int(found[2]), int(found[3])).toordinal()
    except ValueError:
        return None


class StreamClock:
    """The stream's current day: a high percentile of the latest publication days."""

    def __init__(self) -> None:
        self._recent: deque[int] = deque(maxlen=RECENT)
        self._day: int | None = None
        self._fresh = 0

    def see(self, published: str | None) -> None:
        """Take one article's publication date into account (undated articles are ignored)."""
        day = day_of(published)
        if day is not None:
            self._recent.append(day)
            self._fresh += 1

    def now(self) -> int | None:
        """The current day as an ordinal, or None before any dated article."""
        ready = len(self._recent) >= FIRST
        if ready and self._fresh and (self._day is None or self._fresh >= REFRESH):
            ordered = sorted(self._recent)
            day = ordered[int(QUANTILE * (len(ordered) - 1))]
            self._day = day if self._day is None else max(self._day, day)
            self._fresh = 0
        return self._day

    def state(self) -> dict[str, Any]:
        """JSON-ready state."""
        return {"day": self._day, "recent": list(self._recent), "fresh": self._fresh}

    @classmethod
    def from_state(cls, state: dict[str, Any] | None) -> StreamClock:
        """Rebuild a clock saved by `state` (a missing state gives a fresh clock)."""
        clock = cls()
        if state:
            clock._day = state.get("day")
            clock._recent.extend(int(d) for d in state.get("recent", []))
            clock._fresh = int(state.get("fresh", 0))
        return clock
