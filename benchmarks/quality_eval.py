"""Do machine translations, content farms and spun copies rank last in their story?

Reads a run's stories.json and a labelled set directory (articles.jsonl with `story` and `note`,
README.md). The labelled poor copies are the articles whose `note` calls them a machine
translation, a content farm, an automatic rewrite or a low-reliability site, plus (dev2) the
outlets the README lists as such. Each counts as found when it ranks in the bottom third of its
labelled story's quality scores (ties counted against it) and carries a flag that names a
poor-copy reason. Run:
`.venv/bin/python benchmarks/quality_eval.py /tmp/x/dev2/stories.json ../shared/eval/dev2`.
"""

from __future__ import annotations

import argparse
import json
import math
import re
from collections import defaultdict
from pathlib import Path

# Flags that say why a text reads as a machine translation, a farm or a spun copy; the generic
# ones (chrome removed, uncorroborated, short text) do not name such a reason.
REASONS = {
    "misspelled_names", "foreign_fragments", "glued_punctuation", "odd_wording",
    "role_conflict", "spam_lines", "unbacked_specifics", "near_copy", "translated_page",
    "title_case_headings",
}
_NOTE = re.compile(
    r"(^|: |, |; )(Ferme de contenu|[Rr]éécriture|Brève réécrite"
    r"|Traduction (\(vraisemblablement )?automatique|traduction inachevée|Site à faible fiabilité)"
)
_README_LIST = re.compile(r"Machine translations and content-farm rewrites[^:]*:([^\n]*)")


def _rows(set_dir: Path) -> list[dict]:
    lines = (set_dir / "articles.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def labelled_poor(set_dir: Path) -> dict[str, dict]:
    """The articles of a labelled set its notes or README call poor copies, by id."""
    rows = _rows(set_dir)
    readme = (set_dir / "README.md").read_text("utf-8") if (set_dir / "README.md").exists() else ""
    listed: set[str] = set()
    if match := _README_LIST.search(readme):
        listed = {d.strip(" .`") for d in match.group(1).split(",") if "." in d}
    poor = {}
    for row in rows:
        host = re.sub(r"^https?://", "", row.get("url") or "").split("/")[0]
        if _NOTE.search(row.get("note") or "") or any(
            host == d or host.endswith("." + d) for d in listed
        ):
            poor[row["id"]] = row
    return poor


def bottom_third(score: float, others: list[float]) -> bool:
    """Whether a score ranks in the bottom third of its story, ties counted against it."""
    n = len(others) + 1
    rank = 1 + sum(1 for s in others if s > score)
    return rank > n - math.ceil(n / 3)


def evaluate(stories_json: Path, set_dir: Path) -> dict:
    """Per labelled poor copy: score, rank, reason flags; and the share found."""
    out = json.loads(stories_json.read_text("utf-8"))
    quality = {a["id"]: a.get("quality") or {"score": 1.0, "flags": []} for a in out["articles"]}
    rows = _rows(set_dir)
    story_of = {r["id"]: r["story"] for r in rows}
    members = defaultdict(list)
    for r in rows:
        if r["id"] in quality:
            members[r["story"]].append(r["id"])
    cases = []
    for aid in sorted(labelled_poor(set_dir)):
        if aid not in quality:
            continue
        score = quality[aid]["score"]
        others = [quality[o]["score"] for o in members[story_of[aid]] if o != aid]
        reasons = sorted({f["code"] for f in quality[aid]["flags"]} & REASONS)
        low = bottom_third(score, others)
        cases.append({
            "id": aid, "story": story_of[aid], "score": score,
            "others": sorted(others, reverse=True), "bottom_third": low, "reasons": reasons,
            "found": low and bool(reasons), "flags": quality[aid]["flags"],
        })
    found = sum(c["found"] for c in cases)
    return {"cases": cases, "found": found, "total": len(cases)}


def main() -> None:
    """Print each labelled poor copy's rank and flags, then the share found."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stories", type=Path, help="stories.json of a run")
    parser.add_argument("set_dir", type=Path, help="labelled set directory (articles.jsonl)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every flag")
    args = parser.parse_args()
    result = evaluate(args.stories, args.set_dir)
    for c in result["cases"]:
        mark = "ok " if c["found"] else "MISS"
        others = " ".join(f"{s:.2f}" for s in c["others"])
        reasons = ",".join(c["reasons"])
        print(f"{mark} {c['id']} {c['story']} {c['score']:.3f} vs [{others}] {reasons}")
        if args.verbose:
            for f in c["flags"]:
                print(f"       {f['code']}: {f['detail'][:160]}")
    total = result["total"] or 1
    print(f"poor copies in the bottom third with a reason: {result['found']}/{result['total']}"
          f" ({100 * result['found'] / total:.0f}%)")


if __name__ == "__main__":
    main()
