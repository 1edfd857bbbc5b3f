"""Noise figures of the cleaner on the labelled sets, scored by the independent scorer.

Each set is read from `/work/sets/<set>` style folders (`input.jsonl` and `gold/raw.jsonl`,
`gold/noise.json`) or, failing that, from `../shared/eval/<set>` (records with their text).
Articles go through `extract` and the batch's repeated-line pass, as in a run; the scorer's own
`noise_scores` (../shared/tools/score.py) counts noise lines and fragments removed, titles
found and body characters lost.
Usage: .venv/bin/python benchmarks/noise_sets.py [--sets DIR] [--model FILE] [set ...]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

from corroborate.extract import extract, learned
from corroborate.extract.boilerplate import strip_repeated
from corroborate.ingest import read_sources
from corroborate.types import Article, Document

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SETS = ("dev", "dev2", "arcs-xling")


def scorer(shared: Path = SHARED) -> ModuleType:
    """The independent scorer module of ../shared/tools."""
    spec = importlib.util.spec_from_file_location("score", shared / "tools" / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def set_files(name: str, sets: Path | None, shared: Path = SHARED) -> tuple[Path, Path]:
    """The records file (with texts) and the noise gold of one set."""
    if sets is not None and (sets / name / "input.jsonl").exists():
        return sets / name / "input.jsonl", sets / name / "gold" / "noise.json"
    folder = shared / "eval" / name
    return folder / "articles.jsonl", folder / "noise.json"


def load_set(name: str, sets: Path | None, shared: Path = SHARED) -> tuple[dict, dict, dict]:
    """(raw text by id, noise gold, metadata records by id) of one set."""
    records_file, noise_file = set_files(name, sets, shared)
    records = {r["id"]: r for r in map(json.loads, records_file.read_text("utf-8").splitlines())
               if r}
    raw = {i: r["text"] for i, r in records.items()}
    return raw, json.loads(noise_file.read_text("utf-8")), records


def run_set(name: str, sets: Path | None, shared: Path = SHARED) -> list[Article]:
    """The set's articles as a run extracts them (one batch)."""
    records_file, _ = set_files(name, sets, shared)
    articles = []
    for document in read_sources([str(records_file)]):
        assert isinstance(document, Document), document
        articles.append(extract(document))
    return strip_repeated(articles)


def score_set(name: str, sets: Path | None, shared: Path = SHARED) -> dict:
    """The scorer's noise figures for one set."""
    raw, gold, _ = load_set(name, sets, shared)
    arts = {a.id: {"text": a.text, "title": a.title} for a in run_set(name, sets, shared)}
    return scorer(shared).noise_scores(gold, arts, raw)


def details(name: str, sets: Path | None, shared: Path = SHARED) -> list[str]:
    """The misses of one set: noise lines kept, fragments kept, body lines removed (with the
    reason the cleaner gave)."""
    norm = scorer(shared).norm
    raw_of, gold, _ = load_set(name, sets, shared)
    out = []
    for article in run_set(name, sets, shared):
        g = gold.get(article.id)
        if not g:
            continue
        kept = {norm(line) for line in article.text.splitlines()}
        text = norm(article.text)
        noise = {norm(x) for x in g["lines"]} | ({norm(g["title"])} if g.get("title") else set())
        why = {norm(r.text): r.reason for r in article.removed}
        for line in g["lines"]:
            if norm(line) in kept:
                out.append(f"{article.id} noise kept: {line[:100]!r}")
        for fragment in g.get("fragments", []):
            if norm(fragment) in text and len(norm(fragment)) >= 4:
                out.append(f"{article.id} fragment kept: {fragment[:100]!r}")
        for line in raw_of[article.id].splitlines():
            key = orig = norm(line)
            for fragment in g.get("fragments", []):
                key = norm(key.replace(norm(fragment), ""))
            if len(key) >= 3 and orig not in noise and key not in noise and orig not in text \
                    and key not in text and key.replace('" ', '"') not in text.replace('" ', '"'):
                reason = why.get(orig, "cut or fragment")
                out.append(f"{article.id} body lost {len(key)} ({reason}): {line.strip()[:90]!r}")
    return out


def main() -> int:
    """Print one line of figures per set."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", default=list(SETS))
    parser.add_argument("--sets", type=Path, default=Path("/work/sets"))
    parser.add_argument("--model", type=Path, help="a line model file instead of the shipped one")
    parser.add_argument("--no-model", action="store_true", help="rules only")
    parser.add_argument("--details", action="store_true", help="list the misses")
    args = parser.parse_args()
    if not (SHARED / "tools" / "score.py").exists():
        print(f"no scorer at {SHARED}/tools/score.py", file=sys.stderr)
        return 1
    if args.no_model:
        learned.use_model(None)
    elif args.model:
        learned.use_model(learned.load_model(args.model))
    for name in args.names:
        print(name, json.dumps(score_set(name, args.sets), ensure_ascii=False))
        if args.details:
            print("\n".join(details(name, args.sets)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
