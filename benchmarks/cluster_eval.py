"""Story clustering quality on the shared dev set: BCubed P/R/F1 over shuffled streams.

Reads ../shared/eval/dev (60 articles + 9 reserve) and the 5 seed articles, builds label-free
Articles, analyses them once (cached under /tmp), then feeds them to the Clusterer in several
shuffled orders, one-shot and in batches, and prints the scores and the confusions between the
related events. Run: `.venv/bin/python benchmarks/cluster_eval.py [--seeds N] [--batch K]`.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import analyses_for, load_labelled
from corroborate.cluster.clusterer import PARAMS, Clusterer, ClusterParams
from corroborate.evaluate import bcubed
from corroborate.types import Analysis, Article

RELATED = [("s01", "s02", "s03"), ("s04", "s05"), ("s07", "s08"), ("s10", "s11", "s12")]


def run(
    articles: list[Article],
    analyses: dict[str, Analysis],
    seed: int,
    batch: int = 0,
    params: ClusterParams = PARAMS,
) -> dict[str, str]:
    """Cluster one shuffled order (consolidating every `batch` articles, or once) -> story_of."""
    order = list(articles)
    random.Random(seed).shuffle(order)
    clusterer = Clusterer(params=params)
    for i, article in enumerate(order, 1):
        clusterer.add(article, analyses[article.id])
        if batch and i % batch == 0:
            clusterer.consolidate()
    clusterer.consolidate()
    return dict(clusterer.story_of)


def confusions(pred: dict[str, str], gold: dict[str, str]) -> list[str]:
    """For each group of related events, which predicted stories hold articles of several."""
    lines = []
    for group in RELATED:
        mixed: Counter[tuple[str, str]] = Counter()
        for item, story in pred.items():
            if gold.get(item) in group:
                mixed[(story, gold[item])] += 1
        by_story: dict[str, list[str]] = {}
        for (story, klass), n in sorted(mixed.items()):
            by_story.setdefault(story, []).append(f"{klass}x{n}")
        parts = [f"{s}[{' '.join(v)}]" for s, v in by_story.items()]
        lines.append(f"  {'/'.join(group)}: " + " ".join(parts))
    return lines


def evaluate(seeds: int, batch: int, params: ClusterParams = PARAMS, show: bool = True) -> float:
    """Mean BCubed F1 over `seeds` shuffles; prints per-run scores and confusions."""
    articles, gold = load_labelled()
    analyses = analyses_for(articles)
    f1s = []
    for seed in range(seeds):
        pred = run(articles, analyses, seed, batch, params)
        p, r, f = bcubed(gold, pred)
        f1s.append(f)
        if show:
            stories = len(set(pred.values()))
            print(f"seed {seed:2d}  P {p:.3f}  R {r:.3f}  F1 {f:.3f}  stories {stories}")
            if f < 0.999:
                print("\n".join(confusions(pred, gold)))
    mean = statistics.mean(f1s)
    print(f"mean F1 {mean:.3f}  min {min(f1s):.3f}  ({len(articles)} articles, batch {batch})")
    return mean


def order_effects(seeds: int) -> None:
    """One run against batches, with the default re-clustering window and with short ones."""
    print(f"order effects over {seeds} shuffles (mean / min BCubed F1):")
    for label, batch, window in (
        ("one run", 0, PARAMS.window),
        ("batches of 5", 5, PARAMS.window),
        ("batches of 20", 20, PARAMS.window),
        ("batches of 10, window 20", 10, 20),
        ("batches of 10, window 10", 10, 10),
    ):
        params = ClusterParams(**{**vars(PARAMS), "window": window})
        articles, gold = load_labelled()
        analyses = analyses_for(articles)
        scores = [bcubed(gold, run(articles, analyses, s, batch, params))[2] for s in range(seeds)]
        print(f"  {label:<26} {statistics.mean(scores):.3f} / {min(scores):.3f}")


def main() -> None:
    """Command line entry: detailed shuffled runs, then the order-effects table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--batch", type=int, default=0, help="consolidate every K articles")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args()
    mean = evaluate(args.seeds, args.batch, show=not args.quiet)
    if args.quiet:
        print(f"mean F1 {mean:.3f}")
    else:
        order_effects(args.seeds)


if __name__ == "__main__":
    main()
