"""Arc linking against a labelled set: pairwise precision and recall of stories linked into
one arc, order of every linked pair, and the changes of each step for hand comparison.

Each predicted story stands for its majority gold story (by its articles' `story` labels).
A pair of gold stories is linked when two predicted stories standing for them share an arc;
gold arcs come from the `arc` labels of the articles when the set has them (arcs-xling),
else from the stories' `related_to` groups (dev), minus the groups named by `--not-arc`
(pairs inside them are then gold non-arcs). Order: every correctly linked pair must appear in
the arc in the order of the gold event dates.
Run: `.venv/bin/python benchmarks/arcs_eval.py OUT/stories.json ../shared/eval/dev
[--not-arc s07,s08] [--json]`.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import Any


def gold_arcs(labelled: Path, not_arc: set[frozenset[str]]) -> tuple[list[set[str]], dict]:
    """The gold arcs (sets of gold story ids) and the gold stories by id."""
    rows = [json.loads(line) for line in (labelled / "articles.jsonl").open(encoding="utf-8")]
    stories = {s["story"]: s for s in json.loads((labelled / "stories.json").read_text("utf-8"))}
    if any("arc" in r for r in rows):
        groups: dict[str, set[str]] = {}
        for r in rows:
            if r.get("arc"):
                groups.setdefault(r["arc"], set()).add(r["story"])
        return list(groups.values()), stories
    seen: set[str] = set()
    arcs: list[set[str]] = []
    for sid, story in stories.items():
        if sid in seen or not story.get("related_to"):
            continue
        group = {sid, *story["related_to"]}
        seen |= group
        if frozenset(group) not in not_arc:
            arcs.append(group)
    return arcs, stories


def evaluate(report: dict[str, Any], labelled: Path, not_arc: set[frozenset[str]]
             ) -> dict[str, Any]:
    """Pairwise scores, order and the listed changes of one report against one set."""
    rows = [json.loads(line) for line in (labelled / "articles.jsonl").open(encoding="utf-8")]
    label = {r["id"]: r["story"] for r in rows}
    arcs, stories = gold_arcs(labelled, not_arc)
    majority = {}
    for story in report["stories"]:
        counts = Counter(label[a] for a in story["articles"] if a in label)
        if counts:
            majority[story["id"]] = counts.most_common(1)[0][0]
    gold_pairs = {frozenset(p) for arc in arcs for p in combinations(sorted(arc), 2)}
    predicted: set[frozenset[str]] = set()
    order_ok = order_bad = 0
    for arc in report.get("arcs", []):
        mapped = [majority.get(s) for s in arc["stories"]]
        for i, j in combinations(range(len(mapped)), 2):
            a, b = mapped[i], mapped[j]
            if a is None or b is None or a == b:
                continue
            pair = frozenset((a, b))
            predicted.add(pair)
            if pair in gold_pairs:
                ok = (stories[a]["date"] or "") <= (stories[b]["date"] or "")
                order_ok, order_bad = order_ok + ok, order_bad + (not ok)
    hits = predicted & gold_pairs
    changes = [
        {"arc": arc["id"], "from": majority.get(c["from"]), "to": majority.get(c["to"]),
         "slot": c["slot"], "before": c["before"], "after": c["after"],
         "evidence": [e["text"] for e in c["evidence"]]}
        for arc in report.get("arcs", []) for c in arc["changes"]
    ]
    return {
        "gold_pairs": len(gold_pairs),
        "predicted_pairs": len(predicted),
        "correct_pairs": len(hits),
        "precision": round(len(hits) / len(predicted), 3) if predicted else 1.0,
        "recall": round(len(hits) / len(gold_pairs), 3) if gold_pairs else 1.0,
        "wrong_pairs": sorted(sorted(p) for p in predicted - gold_pairs),
        "missed_pairs": sorted(sorted(p) for p in gold_pairs - predicted),
        "order_right": order_ok,
        "order_wrong": order_bad,
        "arcs": [[majority.get(s) for s in arc["stories"]] for arc in report.get("arcs", [])],
        "changes": changes,
    }


def main() -> None:
    """Print the scores of one report against one labelled set."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("labelled", type=Path, help="a folder with articles.jsonl, stories.json")
    parser.add_argument("--not-arc", action="append", default=[],
                        help="a related_to group that is not an arc, as s07,s08")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    not_arc = {frozenset(g.split(",")) for g in args.not_arc}
    result = evaluate(json.loads(args.report.read_text("utf-8")), args.labelled, not_arc)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    print(f"pairs: {result['correct_pairs']} correct of {result['predicted_pairs']} linked,"
          f" {result['gold_pairs']} gold; P {result['precision']}, R {result['recall']}")
    print(f"order: {result['order_right']} right, {result['order_wrong']} wrong")
    print("arcs:", result["arcs"])
    for pair in result["wrong_pairs"]:
        print("  wrong:", pair)
    for pair in result["missed_pairs"]:
        print("  missed:", pair)
    arcs_file = args.labelled / "arcs.json"
    lines = {}
    if arcs_file.exists():
        for arc in json.loads(arcs_file.read_text("utf-8")):
            lines.update(zip(arc["stories"], arc["changes"], strict=True))
    for c in result["changes"]:
        print(f"change {c['arc']} {c['from']}→{c['to']} {c['slot']}: {c['before']} → {c['after']}")
        for text in c["evidence"]:
            print("    «", text[:160], "»")
        if c["to"] in lines:
            print("    gold:", lines[c["to"]])


if __name__ == "__main__":
    main()
