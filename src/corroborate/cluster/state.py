"""Saving and restoring a streaming clusterer as JSON data, so a run can continue later."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from corroborate.cluster.centroid import Centroid
from corroborate.cluster.clock import StreamClock
from corroborate.cluster.clusterer import Clusterer
from corroborate.cluster.copies import CopyIndex
from corroborate.cluster.df import DocFrequencies
from corroborate.cluster.features import Features
from corroborate.cluster.index import StoryIndex
from corroborate.cluster.score import PARAMS, ClusterParams
from corroborate.settings import SETTINGS, Settings
from corroborate.types import CopyPair


def save_state(clusterer: Clusterer) -> dict[str, Any]:
    """Everything a clusterer needs to continue, as JSON data (pending articles consolidated)."""
    clusterer.consolidate()
    c = clusterer
    return {
        "version": 1,
        "docs": c.docs,
        "df_docs": c._df.docs,
        "clock": c.clock.state(),
        "next": c._next,
        "temp": c._temp,
        "df": c._df.counts,
        "df_last": c._df.last,
        "merged": c.merged,
        "copies": [[p.copy, p.original, p.similarity] for p in c.copies],
        "stories": [s.to_state() for s in c._stories.values()],
        "closed": c.closed,
        "closed_dates": c._closed_dates,
        "index": c._index.state(),
        "window": [dict(vars(f)) for f in c._window.values()],
        "copy_index": c._copy_index.state(),
    }


def load_state(
    state: dict[str, Any], settings: Settings = SETTINGS, params: ClusterParams = PARAMS
) -> Clusterer:
    """Rebuild a clusterer saved by `save_state`; adding more articles continues the same run."""
    c = Clusterer(settings, params)
    c.docs = int(state["docs"])
    c.clock = StreamClock.from_state(state.get("clock"))
    c._next = int(state["next"])
    c._temp = int(state["temp"])
    df = {
        "seen": c.docs,
        "docs": state.get("df_docs", c.docs),
        "counts": state["df"],
        "last": state.get("df_last", {}),
    }
    c._df = DocFrequencies.from_state(df, params.df_halving, params.df_forget)
    c.merged = dict(state["merged"])
    c.copies = [CopyPair(a, b, s) for a, b, s in state["copies"]]
    for item in state["stories"]:
        story = Centroid.from_state(item)
        c._stories[story.id] = story
        for member in story.members:
            c.story_of[member] = story.id
    c.closed = {k: list(v) for k, v in state["closed"].items()}
    c._closed_dates = dict(state["closed_dates"])
    for story_id, members in c.closed.items():
        for member in members:
            c.story_of[member] = story_id
    c._index = StoryIndex.from_state(state["index"], params.postings)
    for story_id in [s for s in c._index.keys_of if s not in c._stories]:
        c._index.drop(story_id)  # states saved before eager removal kept such ids
    c._window = OrderedDict((f["id"], Features(**f)) for f in state["window"])
    c._copy_index = CopyIndex.from_state(state["copy_index"], c.settings)
    return c
