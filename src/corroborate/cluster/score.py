"""How well an article fits a story: IDF weighting, cosines, and the event-day gap penalty.

The score mixes three TF-IDF cosines (lemmas, entities, numbers and dates) and subtracts a
penalty when the two event days are further apart than `day_window`: related events share
actors and vocabulary but not their day.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from corroborate.cluster.centroid import dot

Vectors = list[dict[str, float]]


@dataclass(frozen=True)
class ClusterParams:
    """Knobs of the story decision; the defaults are the ones measured on the dev set."""

    w_terms: float = 0.4
    w_ents: float = 0.3
    w_marks: float = 0.3
    join: float = 0.25
    merge: float = 0.40
    lift: float = 0.3
    day_window: int = 3
    day_penalty: float = 1.0
    candidates: int = 16
    postings: int = 48
    index_keys: int = 16
    max_terms: int = 200
    max_ents: int = 60
    max_marks: int = 100
    exact_idf_below: int = 500  # below this many documents, centroid IDF is always fresh
    window: int = 1000  # consolidation re-clusters at most this many of the latest articles:
    window_days: int = 2  # the batch and those that came in its last days on the stream clock
    idle_days: int = 14  # a story nothing joined for this many stream days is closed...
    keep_articles: int = 2000  # ...once this many articles arrived since its last one
    idle_close: int = 10000  # a story nothing joined for this many articles is closed anyway
    df_halving: int = 10000  # document frequencies are halved every this many articles
    df_forget: int = 2000  # a key no article used for this many articles is forgotten
    # Across languages lemmas cannot meet: the encoder's cosine on title and lead stands in,
    # read as 0 at `meaning_low` and 1 at `meaning_high`.
    meaning: bool = True
    meaning_low: float = 0.35
    meaning_high: float = 0.75


PARAMS = ClusterParams()


def weigh(
    channels: list[dict[str, float]], df: dict[str, int], docs: int, logs: list[float]
) -> Vectors:
    """Weight each channel by the IDF of `docs` documents and scale it to unit length.

    `logs` is a growing table of log(n + 1), shared between calls."""
    # idf = log((1 + N) / (1 + df)) + 1; df never exceeds N.
    while len(logs) <= docs:
        logs.append(math.log(len(logs) + 1))
    top = logs[docs] + 1.0
    out = []
    for vector in channels:
        weighted = {k: v * (top - logs[df.get(k, 0)]) for k, v in vector.items()}
        norm = math.sqrt(sum(w * w for w in weighted.values())) or 1.0
        out.append({k: w / norm for k, w in weighted.items()})
    return out


def penalty(a: tuple[int | None, int], b: tuple[int | None, int], params: ClusterParams) -> float:
    """What the gap between two event days (day, uncertainty) takes off a score."""
    if a[0] is None or b[0] is None:
        return 0.0
    gap = abs(a[0] - b[0]) - a[1] - b[1]
    if gap <= params.day_window:
        return 0.0
    # A gap just past the window may be a loose estimate; a week or more is not.
    return params.day_penalty * min(2.0, (gap - params.day_window) / params.day_window)


def fit(
    a: Vectors, b: Vectors, gap_penalty: float, params: ClusterParams, meaning: float | None = None
) -> float:
    """The score of two weighted vector triples, less the day-gap penalty.

    `meaning` (the encoder cosine, given across languages) replaces the lemma cosine when higher.
    """
    sims = [dot(x, y) for x, y in zip(a, b, strict=True)]
    p = params
    if meaning is not None:
        scaled = (meaning - p.meaning_low) / (p.meaning_high - p.meaning_low)
        sims[0] = max(sims[0], min(1.0, max(0.0, scaled)))
    return p.w_terms * sims[0] + p.w_ents * sims[1] + p.w_marks * sims[2] - gap_penalty


def bound(gap_penalty: float, params: ClusterParams) -> float | None:
    """The best score a day-gap penalty leaves, when it is below every threshold (all are at
    least `join`): it then decides as the full score would, without computing it."""
    p = params
    best = p.w_terms + p.w_ents + p.w_marks - gap_penalty
    return best if best < p.join else None
