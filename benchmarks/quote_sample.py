"""Draw random quotes that have a speaker from a report, for a hand check of the speakers.

Each quote prints its speaker, its article and the text around its span in that article, so a
reader can judge whether the speaker said it.
Run: `.venv/bin/python benchmarks/quote_sample.py out/stories.json [N] [SEED]`.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

AROUND = 140  # characters of the article shown before the span


def credited(report: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(speaker, evidence) for every span of every quote group that names a speaker."""
    return [(q["speaker"], e) for story in report["stories"] for q in story["quotes"]
            if q.get("speaker") for e in q["support"]]


def main() -> None:
    """Print N quotes drawn with SEED from the report given on the command line."""
    report = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    texts = {a["id"]: a["text"] for a in report["articles"]}
    drawn = credited(report)
    random.Random(seed).shuffle(drawn)
    for k, (speaker, e) in enumerate(drawn[:n]):
        text = texts[e["article"]]
        i = max(text.find(e["text"]), 0)
        after = text[i + len(e["text"]) : i + len(e["text"]) + 90]
        print(f"[{k}] {speaker!r} | {e['article']} | …{text[max(0, i - AROUND):i]!r} "
              f"<<{e['text'][:80]}>> {after!r}")


if __name__ == "__main__":
    main()
