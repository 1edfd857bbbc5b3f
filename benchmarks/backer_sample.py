"""Draw random (fact, backer) pairs from a report for a hand check of "backed by" lines.

Only facts backed by two or more articles are drawn from. Each pair prints the fact's
statement, the backer's evidence span and the sentence around that span in its article, so a
reader can judge whether the backer states the fact.
Run: `.venv/bin/python benchmarks/backer_sample.py out/stories.json [N] [SEED]`.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path
from typing import Any


def pairs(report: dict[str, Any]) -> list[tuple[str, dict[str, Any], str, str]]:
    """(story id, fact, article id, span) for every backing article of multi-outlet facts."""
    out = []
    for story in report["stories"]:
        for fact in story["facts"]:
            backers = sorted({e["article"] for e in fact["support"]})
            if len(backers) < 2:
                continue
            for aid in backers:
                span = next(e["text"] for e in fact["support"] if e["article"] == aid)
                out.append((story["id"], fact, aid, span))
    return out


def sentence_around(text: str, span: str) -> str:
    """The sentence (or line) of `text` that holds `span`, as a whole word where it can
    ("mai" the month, not the start of "maintenant")."""
    found = re.search(r"(?<!\w)" + re.escape(span) + r"(?!\w)", text)
    i = found.start() if found else text.find(span)
    if i < 0:
        return span
    start = max(text.rfind(". ", 0, i), text.rfind("\n", 0, i)) + 1
    ends = [e for e in (text.find(". ", i + len(span)), text.find("\n", i + len(span))) if e >= 0]
    return text[start : (min(ends) + 1 if ends else len(text))].strip()


def main() -> None:
    """Print N pairs drawn with SEED from the report given on the command line."""
    path = Path(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    report = json.loads(path.read_text(encoding="utf-8"))
    texts = {a["id"]: a["text"] for a in report["articles"]}
    drawn = pairs(report)
    random.Random(seed).shuffle(drawn)
    for k, (sid, fact, aid, span) in enumerate(drawn[:n]):
        print(f"[{k}] {sid} {fact['id']} {fact['kind']}={fact['value']} outlets={fact['outlets']}")
        print(f"   fact:   {fact['statement'][:200]}")
        print(f"   {aid} [{span[:120]}]: {sentence_around(texts[aid], span)[:300]}")


if __name__ == "__main__":
    main()
