"""Scale benchmark: clustering and cross-checking time per article and peak memory at 1k-100k.

The articles come from the synthetic newsroom stream of `stream_gen.py` (perturbed copies of
the analysed dev corpus, about 100 articles a day, a fifth of them republished copies), checked
for consistency with their text on a sample before any run.

What is measured, per size N, each in its own process (so its peak resident memory is its
own; times are the process's CPU time, so other work on a shared machine does not inflate
them). The stream goes to a `Clusterer` (add, and consolidate every `--batch` articles); after
each consolidation, every live story holding an article of the batch is cross-checked and
briefed as the pipeline does (`make_brief(check_story(...))`), over the articles of the live
stories kept in memory (those of closed stories are dropped). Clustering and cross-checking
are timed apart, in CPU ms per article of the stream. One run feeds `--warm` + N articles:
`cold` is over its first N articles, `warm` over its last N (the first `--warm` ones are fed
but not counted): the first articles are cheaper while the open stories, the index and the
IDF table fill up.
Arc linking runs after each cross-checked batch as a run does it (the arcs' state restored,
the batch's stories placed, the state saved, the changes of the arcs they are in described),
timed apart and reported with its share of clustering + cross-checking (`--no-arcs`: off).
`--crosscheck-every K` cross-checks one batch in K (its time is then per article of the
checked batches; by default all batches up to `CHECK_ALL_UPTO` articles, one in N // it
above, so that 100k takes minutes, not half an hour); 0 clusters only.
Run: `.venv/bin/python benchmarks/stream.py [--sizes 1000 10000 100000] [--batch 500]
[--warm 3000] [--crosscheck-every 1]`.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import analyses_for, load_labelled
from corroborate.cluster.clusterer import Clusterer
from corroborate.cluster.features import iso
from corroborate.evaluate import bcubed
from corroborate.types import Analysis, Article, CopyPair, Story
from stream_gen import inconsistencies, stream

CHECK_ALL_UPTO = 20_000
SAMPLE = 2000  # stream articles whose analyses are checked for consistency before a run


class CrossChecker:
    """Cross-checks and briefs the live stories a batch touched, as the pipeline does.

    Holds the articles and analyses of live stories only: those of closed stories go."""

    def __init__(self, clusterer: Clusterer) -> None:
        # Imported here: briefs load scikit-learn, which a clustering-only run must not count
        # in its peak memory.
        from corroborate.brief.summary import make_brief
        from corroborate.crosscheck.story import check_story

        self._check, self._brief = check_story, make_brief
        self.clusterer = clusterer
        self.articles: dict[str, Article] = {}
        self.analyses: dict[str, Analysis] = {}
        self.copies: dict[str, list[CopyPair]] = {}  # by copy id, for held articles
        self._copies_seen = 0
        self.checked = 0  # stories checked
        self.checked_members = 0  # their articles, summed
        self.facts = 0  # facts in their briefs, summed
        self.briefs: list[Any] = []  # the briefs of the last check, for arc linking

    def hold(self, article: Article, analysis: Analysis) -> None:
        """Keep an article of the stream until its story closes."""
        self.articles[article.id] = article
        self.analyses[article.id] = analysis

    def check(self, batch: list[str]) -> None:
        """Cross-check and brief every live story holding an article of the batch."""
        c = self.clusterer
        for pair in c.copies[self._copies_seen :]:
            self.copies.setdefault(pair.copy, []).append(pair)
        self._copies_seen = len(c.copies)
        live = c._stories
        self.briefs = []
        for sid in dict.fromkeys(s for a in batch if (s := c.story_of[a]) in live):
            centroid = live[sid]
            members = list(centroid.members)
            story = Story(id=sid, articles=members, date=iso(*centroid.day()))
            story.copies = [
                p for m in members for p in self.copies.get(m, ()) if c.story_of[p.original] == sid
            ]
            check = self._check(story, self.articles, self.analyses)
            brief = self._brief(check, self.articles, self.analyses)
            self.briefs.append(brief)
            self.checked += 1
            self.checked_members += len(members)
            self.facts += len(brief.check.facts)

    def link(self, state: dict[str, Any] | None) -> dict[str, Any]:
        """Place the last check's stories into the arcs as a run does (the state restored,
        extended and saved; every story of the stream kept, their arcs described); the new state."""
        from corroborate.arcs import arcs_for, link_arcs

        stories = set(self.clusterer.story_of.values())
        titles = {a: t for a in self.articles if (t := self.articles[a].title)}
        linker, state = link_arcs(self.briefs, state, keep=stories, titles=titles)
        texts = {a: self.articles[a].text for b in self.briefs for a in b.check.story.articles
                 if a in self.articles}
        arcs_for(linker, {b.story: b for b in self.briefs}, texts)  # timed: a run describes them
        return state

    def forget(self) -> None:
        """Drop the articles whose story closed (or that no live story holds)."""
        live, story_of = self.clusterer._stories, self.clusterer.story_of
        for article_id in [a for a in self.articles if story_of[a] not in live]:
            del self.articles[article_id], self.analyses[article_id]
            self.copies.pop(article_id, None)


def _event(article_id: str) -> str:
    return article_id.split("-", 1)[0]


def measure(size: int, batch: int, warm: int, every: int, arcs: bool = True) -> dict[str, Any]:
    """Feed `warm` + `size` articles; CPU time per article (cold and warm) and peak memory."""
    clusterer = Clusterer()
    checker = CrossChecker(clusterer) if every else None
    if checker is not None and arcs:
        from corroborate.analyze import encoder

        encoder().encode(["warm"])  # the model loads before the clock starts, as in a server
    state: dict[str, Any] | None = None
    arcs_s, arcs_checked = 0.0, 0
    arcs_marks: dict[int, tuple[float, int]] = {0: (0.0, 0)}
    total, tenth = warm + size, max(1, size // 10)
    cluster_s = check_s = 0.0
    checked = 0  # stream articles of the cross-checked batches
    # Cumulative (cluster s, check s, checked articles) after article i, at the tenths.
    marks: dict[int, tuple[float, float, int]] = {0: (0.0, 0.0, 0)}
    wanted = {k * tenth for k in range(11)} | {warm + k * tenth for k in range(11)}
    pending: list[str] = []
    # Every size draws its articles lazily, between the timed calls, the same way.
    for i, (article, analysis) in enumerate(stream(total), 1):
        started = time.process_time()
        clusterer.add(article, analysis)
        if i % batch == 0 or i == total:
            clusterer.consolidate()
        cluster_s += time.process_time() - started
        if checker is not None:
            checker.hold(article, analysis)
            pending.append(article.id)
            if i % batch == 0 or i == total:
                started = time.process_time()
                linking = ((i - 1) // batch) % every == 0
                if linking:
                    checker.check(pending)
                    checked += len(pending)
                check_s += time.process_time() - started
                if linking and arcs:
                    started = time.process_time()
                    state = checker.link(state)
                    arcs_s += time.process_time() - started
                    arcs_checked += len(pending)
                started = time.process_time()
                checker.forget()
                check_s += time.process_time() - started
                pending = []
        if i in wanted:
            marks[i] = (cluster_s, check_s, checked)
            arcs_marks[i] = (arcs_s, arcs_checked)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def per_article(a: int, b: int) -> tuple[float, float | None]:
        cluster = 1000 * (marks[b][0] - marks[a][0]) / (b - a)
        n = marks[b][2] - marks[a][2]
        return cluster, (1000 * (marks[b][1] - marks[a][1]) / n if n else None)

    def arcs_per_article(a: int, b: int) -> float | None:
        n = arcs_marks[b][1] - arcs_marks[a][1]
        return 1000 * (arcs_marks[b][0] - arcs_marks[a][0]) / n if n else None

    def tenths(first: int) -> list[tuple[float, float | None]]:
        return [per_article(first + k * tenth, first + (k + 1) * tenth) for k in range(10)]

    return {
        "size": size,
        "cold": per_article(0, size),
        "warm": per_article(warm, total),
        "arcs_cold": arcs_per_article(0, size),
        "arcs_warm": arcs_per_article(warm, total),
        "arcs": len((state or {}).get("arcs", {})),
        "arcs_linked": sum(len(v) > 1 for v in (state or {}).get("arcs", {}).values()),
        "total_s": cluster_s + check_s + arcs_s,
        "peak_mb": peak,
        "stories": len(clusterer.stories()),
        "expected": len({_event(a) for a in clusterer.story_of}),
        "open_stories": len(clusterer._stories),
        "index_entries": sum(len(p) for p in clusterer._index.postings.values()),
        "df_keys": len(clusterer.df),
        "copies": len(clusterer.copies),
        "copies_expected": sum(a.endswith("-r") for a in clusterer.story_of),
        "copies_wrong": sum(_event(p.copy) != _event(p.original) for p in clusterer.copies),
        "f1": bcubed({a: _event(a) for a in clusterer.story_of}, clusterer.story_of)[2],
        "checked": checker.checked if checker else 0,
        "checked_size": checker.checked_members / checker.checked
        if checker and checker.checked
        else 0.0,
        "facts": checker.facts / checker.checked if checker and checker.checked else 0.0,
        "held": len(checker.articles) if checker else 0,
        "tenths_cold": tenths(0),
        "tenths_warm": tenths(warm),
    }


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _growth(value: float | None, before: float | None) -> str:
    return f"{value / before:.2f}x" if value is not None and before else "-"


def print_tables(rows: list[dict[str, Any]], warm: int) -> None:
    """Times (cold, then warm), quality and live state, each table under 100 columns."""
    head = (f"{'articles':>9} {'cluster ms':>10} {'growth':>7} {'check ms':>9} {'growth':>7} "
            f"{'total ms':>9} {'growth':>7}")  # fmt: skip
    for key, title in (("cold", "from the first article"), ("warm", f"after {warm} articles")):
        print(f"{key}: CPU ms per article, {title} (growth: per 10x articles)")
        print(head)
        before: tuple[float | None, ...] = (None, None, None)
        for row in rows:
            cluster, check = row[key]
            now = (cluster, check, cluster + check if check is not None else None)
            print(f"{row['size']:>9} {cluster:>10.2f} {_growth(cluster, before[0]):>7} "
                  f"{_ms(check):>9} {_growth(check, before[1]):>7} "
                  f"{_ms(now[2]):>9} {_growth(now[2], before[2]):>7}")  # fmt: skip
            before = now
        print()
    if any(row.get("arcs_warm") is not None for row in rows):
        print("arcs: CPU ms per article of the checked batches, and their share of cluster + check")
        print(f"{'articles':>9} {'cold ms':>8} {'share':>6} {'warm ms':>8} {'share':>6} "
              f"{'arcs':>6} {'linked':>7}")  # fmt: skip
        for row in rows:
            shares = []
            for key in ("cold", "warm"):
                cluster, check = row[key]
                arcs = row[f"arcs_{key}"]
                base = cluster + check if check is not None else None
                shares.append(f"{100 * arcs / base:.1f}%" if arcs is not None and base else "-")
            print(f"{row['size']:>9} {_ms(row['arcs_cold']):>8} {shares[0]:>6} "
                  f"{_ms(row['arcs_warm']):>8} {shares[1]:>6} {row['arcs']:>6} "
                  f"{row['arcs_linked']:>7}")  # fmt: skip
        print()
    print(
        f"whole run ({warm} + N articles): quality, memory, stories checked (mean members, facts)"
    )
    print(
        f"{'articles':>9} {'total s':>8} {'peak MB':>8} {'stories':>8} {'expected':>8} "
        f"{'BCubed':>7} {'open':>5} {'copies':>14} {'checked':>8} {'members':>7} {'facts':>6}"
    )
    for row in rows:
        copies = f"{row['copies']}/{row['copies_expected']} ({row['copies_wrong']} x)"
        print(f"{row['size']:>9} {row['total_s']:>8.1f} {row['peak_mb']:>8.0f} "
              f"{row['stories']:>8} {row['expected']:>8} {row['f1']:>7.3f} "
              f"{row['open_stories']:>5} {copies:>14} {row['checked']:>8} "
              f"{row['checked_size']:>7.1f} {row['facts']:>6.1f}")  # fmt: skip
    print("live state at the end: " + "; ".join(
        f"{r['size']}: {r['open_stories']} open stories, {r['index_entries']} index entries, "
        f"{r['df_keys']} IDF keys, {r['held']} articles held" for r in rows))  # fmt: skip
    last = rows[-1]
    for key in ("cold", "warm"):
        parts = " ".join(f"{c:.2f}/{_ms(x)}" for c, x in last[f"tenths_{key}"])
        print(f"{key} cluster/check ms per article by tenth of the {last['size']} run: {parts}")


def main() -> None:
    """Check the stream's analyses on a sample, run each size in a child process, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--warm", type=int, default=3000, help="articles fed before timing")
    parser.add_argument(
        "--crosscheck-every",
        type=int,
        default=None,
        metavar="K",
        help="cross-check one batch in K; 0: cluster only; default: 1, and "
        f"one in N // {CHECK_ALL_UPTO} above {CHECK_ALL_UPTO} articles",
    )
    parser.add_argument("--no-arcs", action="store_true", help="leave arc linking out")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        every = args.crosscheck_every
        if every is None:
            every = max(1, args.one // CHECK_ALL_UPTO)
        print(json.dumps(measure(args.one, args.batch, args.warm, every, not args.no_arcs)))
        return
    # Analyse (or find cached) once here, so that no measured process loads the model.
    analyses_for(load_labelled()[0])
    problems = [p for pair in stream(SAMPLE) for p in inconsistencies(*pair)]
    assert not problems, f"{len(problems)} inconsistent analyses: {problems[:5]}"
    rows = []
    for size in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(size), "--batch", str(args.batch),
             "--warm", str(args.warm)]
            + (["--no-arcs"] if args.no_arcs else [])
            + ([] if args.crosscheck_every is None
               else ["--crosscheck-every", str(args.crosscheck_every)]),
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print_tables(rows, args.warm)


if __name__ == "__main__":
    main()
