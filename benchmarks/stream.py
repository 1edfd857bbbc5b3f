"""Scale benchmark: clustering and copy detection time per article and peak memory at 1k-100k.

The stream is synthetic: the analysed dev corpus is replicated into "universes", each a year
later (52 weeks, so weekdays and month-days still agree), with every name and two thirds of
the other content words swapped for variants (from a pool of 50) and its sentences shuffled.
Each size runs in its own process so that its peak resident memory is its own.
Run: `.venv/bin/python benchmarks/stream.py [--sizes 1000 10000 100000] [--batch 500]`.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import analyses_for, load_labelled
from corroborate.cluster import Clusterer
from corroborate.types import Analysis, Article, Mention, Span, Token

CONTENT = {"NOUN", "PROPN", "ADJ", "VERB"}
VARIANTS = 50  # swapped words come from a fixed pool, so the vocabulary stays bounded


def _swapped(word: str, universe: int) -> bool:
    # Which words change depends on the universe; what they change to comes from a small pool.
    return zlib.crc32(f"{word}|{universe}".encode()) % 3 != 0


def perturb(
    article: Article, analysis: Analysis, universe: int, rng: random.Random
) -> tuple[Article, Analysis]:
    """A new article from an analysed one: later date, swapped words, shuffled sentences."""
    suffix = f"v{universe % VARIANTS}"
    sentences: list[list[Token]] = []
    for token in analysis.tokens:
        if token.sent_start or not sentences:
            sentences.append([])
        sentences[-1].append(token)
    body = sentences[1:]
    rng.shuffle(body)
    tokens: list[Token] = []
    spans: list[Span] = []
    parts: list[str] = []
    offset = 0
    for sentence in [*sentences[:1], *body]:
        start = offset
        for token in sentence:
            text, lemma = token.text, token.lemma
            if token.pos == "PROPN" or (token.pos in CONTENT and _swapped(lemma, universe)):
                text, lemma = text + suffix, lemma + suffix
            tokens.append(
                Token(
                    len(tokens),
                    text,
                    offset,
                    lemma,
                    token.pos,
                    token.dep,
                    token.head,
                    token.ent_iob,
                    token.ent_type,
                    token.morph,
                    token is sentence[0],
                )
            )
            parts.append(text + " ")
            offset += len(text) + 1
        spans.append(Span(start, offset, ""))
    text = "".join(parts)
    mentions = [
        Mention(" ".join(w + suffix for w in m.text.split()), m.label, 0, 0, 0)
        for m in analysis.mentions
    ]
    day = article.date
    if day:
        shift = timedelta(weeks=52 * universe)
        if len(day) == 10:
            day = (date.fromisoformat(day) + shift).isoformat()
        else:
            day = (date.fromisoformat(day + "-15") + shift).isoformat()[:7]
    new_id = f"u{universe}-{article.id}"
    new = Article(id=new_id, source=new_id, text=text, title=None, date=day, lang="fr")
    return new, Analysis(new_id, "", "fr", tokens, spans, mentions)


def stream(size: int, seed: int = 0) -> Iterator[tuple[Article, Analysis]]:
    """`size` synthetic articles, universe after universe, shuffled within each."""
    articles, _ = load_labelled()
    analyses = analyses_for(articles)
    rng = random.Random(seed)
    made = 0
    universe = 0
    while made < size:
        order = list(articles)
        rng.shuffle(order)
        for article in order[: size - made]:
            yield perturb(article, analyses[article.id], universe, rng)
            made += 1
        universe += 1


def measure(size: int, batch: int) -> dict[str, float]:
    """Cluster a stream of `size` articles; time per article and peak memory of this process."""
    items = list(stream(size)) if size <= 2_000 else None
    clusterer = Clusterer()
    spent = 0.0
    source = items if items is not None else stream(size)
    for i, (article, analysis) in enumerate(source, 1):
        started = time.perf_counter()
        clusterer.add(article, analysis)
        if i % batch == 0:
            clusterer.consolidate()
        spent += time.perf_counter() - started
    started = time.perf_counter()
    clusterer.consolidate()
    spent += time.perf_counter() - started
    stories = clusterer.stories()
    return {
        "size": size,
        "ms_per_article": 1000 * spent / size,
        "total_s": spent,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "stories": len(stories),
        "open_stories": len(clusterer._stories),
        "copies": len(clusterer.copies),
    }


def main() -> None:
    """Run each size in a child process and print one table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.batch)))
        return
    rows = []
    for size in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(size), "--batch", str(args.batch)],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"{'articles':>9} {'ms/article':>11} {'total s':>8} {'peak MB':>8} {'stories':>8} "
          f"{'open':>6} {'copies':>7} {'growth':>7}")  # fmt: skip
    previous = None
    for row in rows:
        growth = row["ms_per_article"] / previous if previous else 1.0
        print(f"{row['size']:>9} {row['ms_per_article']:>11.2f} {row['total_s']:>8.1f} "
              f"{row['peak_mb']:>8.0f} {row['stories']:>8} {row['open_stories']:>6} "
              f"{row['copies']:>7} {growth:>6.2f}x")  # fmt: skip
        previous = row["ms_per_article"]


if __name__ == "__main__":
    main()
