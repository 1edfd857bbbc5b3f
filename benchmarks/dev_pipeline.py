"""The whole product on the dev set: feed a shuffled, label-free copy through `pipeline.run`.

Prints story BCubed P/R/F1, the confusions between related events, fact recall and backer
recall, quote recall with speaker, and conflict recall, all measured on the stories the
pipeline itself formed. The `story` and `note` labels are read only here, to score.

    .venv/bin/python benchmarks/dev_pipeline.py [--seed N] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corroborate.evaluate import bcubed, names_match, spans_match
from corroborate.pipeline import run
from corroborate.store import Store
from corroborate.types import Brief
from crosscheck_eval import _matches, dev_conflicts, gold_values

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev"
INPUT_FIELDS = ("id", "url", "outlet", "title", "date", "lang", "text")


def label_free_copy(folder: Path, seed: int) -> tuple[Path, dict[str, str]]:
    """Write the dev articles shuffled and without labels; return the file and the gold map."""
    records = [json.loads(line) for line in (DEV / "articles.jsonl").open(encoding="utf-8")]
    gold = {r["id"]: r["story"] for r in records}
    random.Random(seed).shuffle(records)
    path = folder / "dev.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps({k: record.get(k) for k in INPUT_FIELDS}, ensure_ascii=False))
            out.write("\n")
    return path, gold


def _story_for(members: list[str], story_of: dict[str, str], briefs: dict[str, Brief]) -> Brief:
    counts = Counter(story_of[a] for a in members if a in story_of)
    return briefs[counts.most_common(1)[0][0]]


def score(result, gold: dict[str, str], stories: list[dict]) -> dict:
    """All figures for one run."""
    story_of = result.report.story_of
    p, r, f1 = bcubed(gold, story_of)
    confusions = Counter()
    for found in {story_of[a] for a in gold}:
        members = Counter(gold[a] for a in gold if story_of.get(a) == found)
        if len(members) > 1:
            confusions[" + ".join(f"{s}×{n}" for s, n in sorted(members.items()))] += 1
    briefs = {b.story: b for b in result.report.briefs}
    texts = {a.id: a.text for a in result.report.articles}
    facts = backers = gold_backers = quotes = speakers = conflicts = conflict_total = 0
    fact_total = quote_total = 0
    for story in stories:
        members = [a for a in gold if gold[a] == story["story"]]
        brief = _story_for(members, story_of, briefs)
        check = brief.check
        for fact in story["facts"]:
            fact_total += 1
            gold_backers += len(fact["articles"])
            forms = gold_values(fact["value"])
            hits = [f for f in check.facts if _matches(f, forms)]
            if hits:
                facts += 1
                best = max(hits, key=lambda f: len({e.article for e in f.support}))
                backers += len({e.article for e in best.support} & set(fact["articles"]))
        entities = {e.name: e for e in check.entities}
        for quote in story["quotes"]:
            quote_total += 1
            match = next(
                (
                    q
                    for q in check.quotes
                    for e in q.support
                    if e.article in quote["articles"]
                    and spans_match(quote["text"], e.text, texts.get(e.article, ""))
                ),
                None,
            )
            if match:
                quotes += 1
                entity = entities.get(match.speaker or "")
                variants = {v.lower() for v in entity.variants} if entity else set()
                speakers += names_match(quote["speaker"], match.speaker, variants)
        rows = dev_conflicts(story, check)
        conflict_total += len(rows)
        conflicts += sum(1 for row in rows if row["found"])
    return {
        "bcubed": {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3)},
        "stories_found": len(set(story_of[a] for a in gold)),
        "confusions": dict(confusions),
        "facts": f"{facts}/{fact_total}",
        "backers": f"{backers}/{gold_backers}",
        "quotes": f"{quotes}/{quote_total}",
        "quotes_with_speaker": f"{speakers}/{quote_total}",
        "conflicts": f"{conflicts}/{conflict_total}",
    }


def main() -> None:
    """Run the product on the dev set once and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not DEV.is_dir():
        sys.exit("needs ../shared/eval/dev beside the project")
    stories = json.loads((DEV / "stories.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        path, gold = label_free_copy(Path(tmp), args.seed)
        store = Store(Path(tmp) / "dev.db")
        start = time.perf_counter()
        result = run([str(path)], store)
        seconds = time.perf_counter() - start
        figures = score(result, gold, stories)
        figures["seconds"] = round(seconds, 1)
        figures["errors"] = [e.line() for e in result.errors]
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return
    for key, value in figures.items():
        print(f"{key:>20}: {value}")


if __name__ == "__main__":
    main()
