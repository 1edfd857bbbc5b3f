"""Copies: precision and recall of a run's copy pairs against the pairs a labelled set notes.

Reads a run's stories.json and a labelled set directory (articles.jsonl with `story` and
`note`). A gold pair is an article whose note says it shares passages with ("passages
identiques à X", "reprise d'une même dépêche") or rewrites ("réécriture de l'article de X")
another article of its story, X named by id or by outlet. Pairs are unordered; a predicted pair
is any (copy, original) of a story's `copies`. Pairs not in the notes are printed for a hand
check. `--pair A:B` adds gold pairs by hand (for the examples, which have no notes). Run:
`.venv/bin/python benchmarks/copy_eval.py /tmp/x/dev2/stories.json ../shared/eval/dev2`.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

_COPY_NOTE = re.compile(
    r"(identiques? à|[Rr]éécriture[^;]*? de l'article de)([^;]*)"
)
_ID = re.compile(r"\b([a-z]{1,3}\d?-\d{3})\b")


def _host(row: dict) -> str:
    url = re.sub(r"^https?://", "", row.get("url") or "")
    return (row.get("outlet") or url.split("/")[0]).lower()


def gold_pairs(set_dir: Path) -> set[frozenset[str]]:
    """The unordered copy pairs the notes of a labelled set name."""
    lines = (set_dir / "articles.jsonl").read_text("utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    by_story: dict[str, list[dict]] = {}
    for r in rows:
        by_story.setdefault(r["story"], []).append(r)
    pairs: set[frozenset[str]] = set()
    for r in rows:
        for match in _COPY_NOTE.finditer(r.get("note") or ""):
            target = match.group(2)
            for other in by_story[r["story"]]:
                if other["id"] == r["id"]:
                    continue
                host = _host(other).removeprefix("www.").removeprefix("m.")
                name = host.rsplit(".", 1)[0] if host.count(".") >= 1 else host
                if other["id"] in _ID.findall(target) or (len(name) > 3 and name in target):
                    pairs.add(frozenset((r["id"], other["id"])))
    return pairs


def predicted_pairs(stories_json: Path) -> set[frozenset[str]]:
    """The unordered copy pairs of a run."""
    out = json.loads(stories_json.read_text("utf-8"))
    return {frozenset((c["copy"], c["original"])) for s in out["stories"] for c in s["copies"]}


def main() -> None:
    """Print recall on the noted pairs and the predicted pairs the notes do not list."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stories", type=Path, help="stories.json of a run")
    parser.add_argument("set_dir", type=Path, nargs="?", help="labelled set directory")
    parser.add_argument("--pair", action="append", default=[], help="a gold pair A:B")
    args = parser.parse_args()
    gold = gold_pairs(args.set_dir) if args.set_dir else set()
    gold |= {frozenset(p.split(":")) for p in args.pair}
    pred = predicted_pairs(args.stories)
    for pair in sorted(gold, key=sorted):
        print(("found  " if pair in pred else "MISSED ") + " / ".join(sorted(pair)))
    extra = sorted(pred - gold, key=sorted)
    for pair in extra:
        print("not in the notes (check by hand): " + " / ".join(sorted(pair)))
    found = len(gold & pred)
    print(f"recall {found}/{len(gold)}; predicted {len(pred)}, {len(pred & gold)} in the notes,"
          f" {len(extra)} to check by hand")


if __name__ == "__main__":
    main()
