"""Incremental arc linking in the manner of Story Forest (Liu et al., KDD 2019).

A new story joins an arc only when every gate agrees with one story already in it: a day
apart at least (the same day is one event, the clusterer's job) and at most `MAX_GAP_DAYS`;
at least two shared salient entities, weighted by rarity (IDF over the stories seen), so
that one shared name (a celebrity guest) is not enough unless it heads both stories (both
headlines name it, most articles of each do, and the meanings are closer still); a shared
headline word; and a close meaning of headline and lead (sentence encoder). It then joins
the arc of the story it fits best, else it starts an arc of its own. An arc never reorders
what it showed: a new story is inserted at its date, the stories already there keep their
order.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from corroborate.arcs.profile import Profile

MAX_GAP_DAYS = 6 * 366  # a rebuilt cathedral or an appeal ruling comes years after the event
MIN_SHARE = 0.34  # an entity is salient in a story when a third of its articles name it
MIN_SHARED = 2  # shared salient entities: one shared name never links two stories
MIN_OVERLAP = 0.25  # rarity-weighted share of the smaller story's salient entities
# Headline and lead meaning (USE v3 cosine). Unrelated pairs sit near 0.14; the steps of a
# trial (opening, requisitions, verdict) near 0.3, since each step's lead tells its own event.
# The entity and headline gates before it let no unrelated pair through on the labelled sets.
MIN_COSINE = 0.25
# One shared entity is enough only when it heads both stories: named in both headlines, by
# most articles of each, and the headlines and leads mean nearly the same (three meetings of
# one central bank); a name shared in passing (a guest at a ceremony) never is.
HEADLINE_SHARE = 0.75
HEADLINE_COSINE = 0.5
POSTING_LIMIT = 400  # stories kept per entity key for candidate look-up (the latest ones)

Encode = Callable[[Sequence[str]], np.ndarray]


@dataclass
class Linker:
    """The arcs found so far: story -> arc, each arc's stories in shown order, and what is
    known of every story placed (its profile) and of every entity key (document frequency)."""

    arcs: dict[str, list[str]] = field(default_factory=dict)
    arc_of: dict[str, str] = field(default_factory=dict)
    profiles: dict[str, Profile] = field(default_factory=dict)
    df: dict[str, int] = field(default_factory=dict)
    postings: dict[str, list[str]] = field(default_factory=dict)
    next_id: int = 1

    def idf(self, key: str) -> float:
        """Rarity of an entity key over the stories placed."""
        n = len(self.profiles) + 1
        return math.log((n + 1) / (self.df.get(key, 0) + 1)) + 0.1

    def forget(self, story: str) -> None:
        """Drop a story that is gone from the store (merged into another, or deleted)."""
        arc = self.arc_of.pop(story, None)
        if arc is not None:
            self.arcs[arc] = [s for s in self.arcs[arc] if s != story]
            if not self.arcs[arc]:
                del self.arcs[arc]
        self._unindex(story)

    def refresh(self, profile: Profile) -> None:
        """Update a placed story's profile (more articles joined it); its arc stays."""
        self._unindex(profile.story)
        self._index(profile)

    def add(self, profile: Profile, encode: Encode) -> str:
        """Place a new story: attach it to the arc it fits best, or start one; its arc id."""
        best = self.best_match(profile, encode)
        self._index(profile)
        if best is None:
            arc = f"A{self.next_id}"
            self.next_id += 1
            self.arcs[arc] = [profile.story]
        else:
            arc = self.arc_of[best]
            self._insert(arc, profile)
        self.arc_of[profile.story] = arc
        return arc

    def best_match(self, profile: Profile, encode: Encode) -> str | None:
        """The placed story this one continues, by entities × meaning, or None."""
        passed: list[tuple[str, float, float]] = []
        for story in self._candidates(profile):
            gate = self.overlap(profile, self.profiles[story])
            if gate is not None:
                passed.append((story, *gate))
        if not passed:
            return None
        vectors = encode([profile.text] + [self.profiles[s].text for s, _, _ in passed])
        best, best_score = None, 0.0
        for (story, overlap, needed), vector in zip(passed, vectors[1:], strict=True):
            cosine = float(vectors[0] @ vector)
            score = overlap * cosine
            if cosine >= needed and score > best_score:
                best, best_score = story, score
        return best

    def overlap(self, a: Profile, b: Profile) -> tuple[float, float] | None:
        """The rarity-weighted entity overlap of two stories and the cosine their meanings
        must reach, when the entity, headline and time gates pass; else None."""
        if a.day is not None and b.day is not None:
            gap = abs(a.day - b.day)
            if (gap == 0 and a.exact and b.exact) or gap > MAX_GAP_DAYS:
                return None
        if not (a.words & b.words):
            return None
        sa, sb = _salient(a), _salient(b)
        shared = sa.keys() & sb.keys()
        needed = MIN_COSINE
        if len(shared) < MIN_SHARED:
            heads = [k for k in shared if k in a.words and k in b.words
                     and min(sa[k], sb[k]) >= HEADLINE_SHARE]
            if not heads:
                return None
            needed = HEADLINE_COSINE
        weight = {k: self.idf(k) for k in sa.keys() | sb.keys()}
        common = sum(weight[k] * min(sa[k], sb[k]) for k in shared)
        smaller = min(sum(weight[k] * v for k, v in sa.items()),
                      sum(weight[k] * v for k, v in sb.items()))
        overlap = common / smaller if smaller else 0.0
        return (overlap, needed) if overlap >= MIN_OVERLAP else None

    def _candidates(self, profile: Profile) -> list[str]:
        seen: dict[str, None] = {}
        for key in _salient(profile):
            for story in self.postings.get(key, []):
                if story != profile.story and story in self.arc_of:
                    seen[story] = None
        return list(seen)

    def _insert(self, arc: str, profile: Profile) -> None:
        stories = self.arcs[arc]
        at = len(stories)
        if profile.day is not None:
            for i, story in enumerate(stories):
                day = self.profiles[story].day
                if day is not None and day > profile.day:
                    at = i
                    break
        stories.insert(at, profile.story)

    def _index(self, profile: Profile) -> None:
        self.profiles[profile.story] = profile
        for key in _salient(profile):
            self.df[key] = self.df.get(key, 0) + 1
            posting = self.postings.setdefault(key, [])
            posting.append(profile.story)
            if len(posting) > POSTING_LIMIT:
                del posting[0]

    def _unindex(self, story: str) -> None:
        old = self.profiles.pop(story, None)
        if old is not None:
            for key in _salient(old):
                self.df[key] = max(0, self.df.get(key, 1) - 1)
                self.postings[key] = [s for s in self.postings.get(key, []) if s != story]


def _salient(profile: Profile) -> dict[str, float]:
    return {k: v for k, v in profile.entities.items() if v >= MIN_SHARE}


def save(linker: Linker) -> dict[str, Any]:
    """The linker's state as JSON-ready data: the arcs in shown order and every profile."""
    profiles = [
        [p.story, p.day, p.exact, p.title, sorted(p.words), p.entities, p.text]
        for p in linker.profiles.values()
    ]
    return {"arcs": linker.arcs, "next_id": linker.next_id, "profiles": profiles}


def restore(data: dict[str, Any] | None) -> Linker:
    """The linker saved by `save` (an empty one for None)."""
    linker = Linker()
    if data:
        linker.next_id = int(data.get("next_id", 1))
        for row in data.get("profiles", []):
            story, day, exact, title, words, entities, text = row
            linker._index(Profile(story, day, exact, title, frozenset(words), entities, text))
        linker.arcs = {k: list(v) for k, v in data.get("arcs", {}).items()}
        linker.arc_of = {s: a for a, stories in linker.arcs.items() for s in stories}
    return linker
