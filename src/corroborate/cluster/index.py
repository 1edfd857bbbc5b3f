"""The inverted index of open stories: telling keys -> the stories last posted under them.

Each key keeps a bounded posting list (most recent last; the oldest goes past `cap`), and
each story remembers the keys it is posted under, so a story that closes, merges away or is
renamed leaves the index at once. The index thus holds only open stories, and its size and
the cost of a look-up follow the live stories, not how many were ever seen.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable


class StoryIndex:
    """Keys -> bounded, recency-ordered posting lists of open story ids."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.postings: dict[str, dict[str, None]] = {}  # key -> story ids, most recent last
        self.keys_of: dict[str, set[str]] = {}  # story id -> keys it is posted under

    def post(self, story_id: str, keys: Iterable[str]) -> None:
        """Post a story under the keys (moving it to the recent end of each list)."""
        mine = self.keys_of.setdefault(story_id, set())
        for key in keys:
            postings = self.postings.setdefault(key, {})
            postings.pop(story_id, None)
            postings[story_id] = None
            mine.add(key)
            if len(postings) > self.cap:
                oldest = next(iter(postings))
                del postings[oldest]
                self.keys_of[oldest].discard(key)

    def drop(self, story_id: str) -> None:
        """Remove a story from every posting list it is in."""
        for key in self.keys_of.pop(story_id, ()):
            postings = self.postings[key]
            del postings[story_id]
            if not postings:
                del self.postings[key]

    def rename(self, old: str, new: str) -> None:
        """Give a story's postings a new id (they move to the recent end of their lists)."""
        keys = self.keys_of.get(old, set())
        self.drop(old)
        self.post(new, sorted(keys))

    def ranked(self, keys: Iterable[str], limit: int) -> list[str]:
        """The `limit` stories posted under most of the keys (first seen first among ties)."""
        hits: dict[str, int] = {}
        for key in keys:
            for story_id in self.postings.get(key, ()):
                hits[story_id] = hits.get(story_id, 0) + 1
        return heapq.nlargest(limit, hits, key=hits.__getitem__)

    def state(self) -> dict[str, list[str]]:
        """JSON-ready posting lists."""
        return {k: list(v) for k, v in self.postings.items()}

    @classmethod
    def from_state(cls, state: dict[str, list[str]], cap: int) -> StoryIndex:
        """Rebuild an index saved by `state`."""
        index = cls(cap)
        for key, story_ids in state.items():
            index.postings[key] = dict.fromkeys(story_ids)
            for story_id in story_ids:
                index.keys_of.setdefault(story_id, set()).add(key)
        return index
