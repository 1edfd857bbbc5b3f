"""Big stories: the cross-check of one story of 100, 300 and 1,000 articles, time per article.

A major event draws hundreds of outlets, most of them rewrites of a few agency texts. The
articles here are rewrites of the sample corpus's Ménestrol dam story (`examples/`, written by
the project): each takes one of its articles, keeps the lead, shuffles and drops some of the
other sentences, and one in five changes a figure (a dispute to find). All are analysed once
(the bare spaCy pass, timed), then `check_story` runs on the first 100, 300 and 1,000 of them
as one story. Growth is linear when the time per article at 1,000 stays within 1.5 x that at
100. Peak memory (max RSS) is printed at the end.
Run: `.venv/bin/python benchmarks/big_story.py [--sizes 100 300 1000]`.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import time
from pathlib import Path

from corroborate.analyze.nlp import Analyzer
from corroborate.crosscheck.story import check_story
from corroborate.errors import CorroborateError
from corroborate.extract import extract
from corroborate.ingest import read_sources
from corroborate.types import Analysis, Article, Story

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TOPIC = "Ménestrol"
SENTENCE = re.compile(r"(?<=[.!?»])\s+(?=[A-ZÀ-Ý«])")
FIGURE = re.compile(r"\b\d+\b")
DISPUTED = 0.2  # share of rewrites that change one figure


def base_articles() -> list[Article]:
    """The sample corpus's articles on the dam story, extracted as the pipeline does."""
    found = []
    for item in read_sources([str(EXAMPLES)]):
        if isinstance(item, CorroborateError):
            continue
        article = extract(item)
        if TOPIC in article.text:
            found.append(article)
    return found


def rewrite(base: Article, number: int) -> Article:
    """One outlet's rewrite of `base`: the lead kept, the rest shuffled, some of it dropped."""
    rng = random.Random(number)
    sentences = [s for s in SENTENCE.split(base.text) if s.strip()]
    lead, rest = sentences[:1], sentences[1:]
    rng.shuffle(rest)
    kept = [s for s in rest if rng.random() > 0.25] or rest[:1]
    text = " ".join(lead + kept)
    if rng.random() < DISPUTED:
        figures = list(FIGURE.finditer(text))
        if figures:
            m = rng.choice(figures)
            text = text[: m.start()] + str(int(m.group()) + 1 + rng.randrange(9)) + text[m.end():]
    return Article(id=f"r{number:04d}", source=f"rewrite-{number}", text=text, title=base.title,
                   date=base.date, outlet=f"outlet{number}.example", lang="fr")


def main() -> None:
    """Analyse the rewrites once, then time the cross-check of growing prefixes as one story."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1000])
    args = parser.parse_args()
    bases = base_articles()
    if not bases:
        raise SystemExit(f"benchmarks/big_story.py: no article on {TOPIC} in {EXAMPLES}")
    articles = [rewrite(bases[k % len(bases)], k) for k in range(max(args.sizes))]
    analyzer = Analyzer()
    analyzer.analyze(articles[:4], processes=1)  # loads and warms the model before timing
    started = time.perf_counter()
    analyses: dict[str, Analysis] = {a.article_id: a for a in analyzer.analyze(articles)}
    parse = (time.perf_counter() - started) / len(articles)
    print(f"{len(bases)} base articles, {len(articles)} rewrites")
    print(f"bare spaCy pass (Analyzer): {parse * 1000:.1f} ms/article")
    # One small story first: the encoder and the cached patterns load outside the timings.
    warm = articles[:10]
    check_story(Story("warm", [a.id for a in warm], date=warm[0].date),
                {a.id: a for a in warm}, {a.id: analyses[a.id] for a in warm})
    per_article: dict[int, float] = {}
    for size in sorted(args.sizes):
        chosen = articles[:size]
        story = Story("big", [a.id for a in chosen], date=chosen[0].date)
        started = time.perf_counter()
        check = check_story(story, {a.id: a for a in chosen},
                            {a.id: analyses[a.id] for a in chosen})
        seconds = time.perf_counter() - started
        per_article[size] = seconds / size
        disputed = sum(1 for f in check.facts if f.disputed_by)
        print(f"{size:5d} articles: cross-check {seconds:7.2f} s, "
              f"{per_article[size] * 1000:7.1f} ms/article "
              f"({per_article[size] / parse:.2f} x spaCy), {len(check.facts)} facts, "
              f"{disputed} disputed")
    small, large = min(per_article), max(per_article)
    print(f"time per article at {large} / at {small}: "
          f"{per_article[large] / per_article[small]:.2f} (linear: <= 1.5)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
