"""A story's running centroid: summed unit vectors of its members and their event days."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from corroborate.cluster.features import Features

LOOSE_SPAN = 16  # uncertainty of a month-only date, in days
CHANNELS = ("terms", "ents", "marks")


@dataclass
class Centroid:
    """The members of one story and the sum of their (unit-length) feature vectors."""

    id: str
    members: dict[str, None] = field(default_factory=dict)  # an ordered set of article ids
    terms: dict[str, float] = field(default_factory=dict)
    ents: dict[str, float] = field(default_factory=dict)
    marks: dict[str, float] = field(default_factory=dict)
    days: dict[int, float] = field(default_factory=dict)  # precise estimates -> weight
    loose: dict[int, float] = field(default_factory=dict)  # loose estimates -> weight
    # IDF-weighted unit vectors of the three channels and the document count they were made at.
    cache: list[dict[str, float]] | None = None
    cached_at: int = -1
    known_day: tuple[int | None, int] | None = None  # cached result of `day()`
    touched: int = 0  # document count when a member last arrived
    touched_day: int | None = None  # the stream's day then (ordinal), when it had one
    langs: dict[str, int] = field(default_factory=dict)  # members per language
    vec: list[float] | None = None  # sum of the members' encoder vectors

    def meaning(self, other: list[float] | None) -> float | None:
        """Cosine of the story's mean encoder vector with another vector, when both exist."""
        if self.vec is None or other is None:
            return None
        return cosine(self.vec, other)

    def day(self) -> tuple[int | None, int]:
        """The story's event-day estimate (weighted median of its members') and its spread."""
        if self.known_day is None:
            self.known_day = self._median_day()
        return self.known_day

    def _median_day(self) -> tuple[int | None, int]:
        for source, span in ((self.days, 0), (self.loose, LOOSE_SPAN)):
            if source:
                total = sum(source.values())
                acc = 0.0
                for day in sorted(source):
                    acc += source[day]
                    if acc >= total / 2:
                        return day, span
        return None, 0

    def add(
        self, features: Features, sign: float, limits: tuple[int, int, int], precise: int
    ) -> None:
        """Add (sign 1) or remove (sign -1) one member's features."""
        if sign > 0:
            self.members[features.id] = None
        else:
            del self.members[features.id]
        for name, limit in zip(CHANNELS, limits, strict=True):
            add_unit(getattr(self, name), getattr(features, name), sign, limit if sign > 0 else 0)
        if features.lang:
            count = self.langs.get(features.lang, 0) + int(sign)
            if count > 0:
                self.langs[features.lang] = count
            else:
                self.langs.pop(features.lang, None)
        if features.vec is not None:
            base = self.vec or [0.0] * len(features.vec)
            self.vec = [a + sign * b for a, b in zip(base, features.vec, strict=True)]
        if features.day is not None:
            target = self.days if features.span <= precise else self.loose
            value = target.get(features.day, 0.0) + sign
            if value > 0:
                target[features.day] = value
            else:
                target.pop(features.day, None)
        self.cache = None
        self.known_day = None

    def absorb(self, other: Centroid, limits: tuple[int, int, int]) -> None:
        """Take in all of another centroid's members and weights."""
        for name, limit in zip(CHANNELS, limits, strict=True):
            target = getattr(self, name)
            for k, v in getattr(other, name).items():
                target[k] = target.get(k, 0.0) + v
            trim(target, limit)
        for name in ("days", "loose"):
            target = getattr(self, name)
            for k, v in getattr(other, name).items():
                target[k] = target.get(k, 0.0) + v
        for lang, count in other.langs.items():
            self.langs[lang] = self.langs.get(lang, 0) + count
        if other.vec is not None:
            base = self.vec or [0.0] * len(other.vec)
            self.vec = [a + b for a, b in zip(base, other.vec, strict=True)]
        self.members.update(other.members)
        self.touched = max(self.touched, other.touched)
        if other.touched_day is not None:
            self.touched_day = max(self.touched_day or other.touched_day, other.touched_day)
        self.cache = None
        self.known_day = None

    def to_state(self) -> dict[str, Any]:
        """JSON-ready form (day keys become strings)."""
        return {
            "id": self.id,
            "members": list(self.members),
            "terms": self.terms,
            "ents": self.ents,
            "marks": self.marks,
            "days": {str(k): v for k, v in self.days.items()},
            "loose": {str(k): v for k, v in self.loose.items()},
            "touched": self.touched,
            "touched_day": self.touched_day,
            "langs": self.langs,
            "vec": self.vec,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Centroid:
        """Rebuild a centroid saved by `to_state`."""
        return cls(
            id=state["id"],
            members=dict.fromkeys(state["members"]),
            terms=dict(state["terms"]),
            ents=dict(state["ents"]),
            marks=dict(state["marks"]),
            days={int(k): v for k, v in state["days"].items()},
            loose={int(k): v for k, v in state["loose"].items()},
            touched=int(state.get("touched", 0)),
            touched_day=state.get("touched_day"),
            langs=dict(state.get("langs", {})),
            vec=state.get("vec"),
        )


def add_unit(target: dict[str, float], vector: dict[str, float], sign: float, limit: int) -> None:
    """Add (or remove) a vector scaled to unit length; keep about the `limit` heaviest entries."""
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    for k, v in vector.items():
        value = target.get(k, 0.0) + sign * v / norm
        if value > 1e-9:
            target[k] = value
        else:
            target.pop(k, None)
    if limit:
        trim(target, limit)


def trim(target: dict[str, float], limit: int) -> None:
    """Cut a vector back to its `limit` heaviest entries once it holds half as many more."""
    # Trimming only past 1.5 times the limit keeps the cost amortised.
    if len(target) > limit + limit // 2:
        keep = sorted(target.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        target.clear()
        target.update(keep)


def cosine(a: list[float], b: list[float]) -> float:
    """Cosine of two dense vectors (0 when either is zero)."""
    na = math.sqrt(math.fsum(x * x for x in a))
    nb = math.sqrt(math.fsum(x * x for x in b))
    if not na or not nb:
        return 0.0
    return math.fsum(x * y for x, y in zip(a, b, strict=True)) / (na * nb)


def dot(a: dict[str, float], b: dict[str, float]) -> float:
    """Dot product of two sparse vectors over their shared keys."""
    # The key intersection runs in C, a third faster than testing each key in Python; its
    # order follows string hashing, so an exactly rounded sum keeps results reproducible.
    if len(a) > len(b):
        a, b = b, a
    return math.fsum([a[k] * b[k] for k in a.keys() & b.keys()])
