"""Score the cleaner against the noise gold of the seeds, the dev set and the sample corpus.

Reads ../shared (beside the project) and `examples/` with `eval/examples/gold.json`. Body loss
is measured against the text the cleaner was given: the whole file for .txt, the record text for
JSON lines, and the text trafilatura yields for .html. Prints one table; `--details` lists misses.
Usage: .venv/bin/python benchmarks/noise_eval.py [--details]
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from corroborate.extract import extract
from corroborate.extract.dates import normalise
from corroborate.extract.html import parse_html
from corroborate.extract.patterns import normal
from corroborate.ingest import read_sources
from corroborate.types import Article, Document

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"
EXAMPLES_GOLD = ROOT / "eval" / "examples" / "gold.json"


@dataclass
class Score:
    """Counts for one corpus."""

    name: str
    lines: int = 0
    lines_removed: int = 0
    fragments: int = 0
    fragments_removed: int = 0
    body_chars: int = 0
    body_lost: int = 0
    titles: int = 0
    titles_found: int = 0
    dates: int = 0
    dates_meta: int = 0
    dates_text: int = 0
    dates_text_month: int = 0
    misses: list[str] = field(default_factory=list)

    def rates(self) -> dict[str, float]:
        """The headline figures as fractions."""

        def rate(a: int, b: int) -> float:
            return a / b if b else 1.0

        return {
            "noise_lines": rate(self.lines_removed, self.lines),
            "fragments": rate(self.fragments_removed, self.fragments),
            "body_lost": self.body_lost / self.body_chars if self.body_chars else 0.0,
            "titles": rate(self.titles_found, self.titles),
            "dates_meta": rate(self.dates_meta, self.dates),
            "dates_text": rate(self.dates_text, self.dates),
            "dates_text_month": rate(self.dates_text_month, self.dates),
        }


def _strip_all(text: str, fragments: list[str]) -> str:
    for fragment in fragments:
        text = text.replace(fragment, " ")
    return " ".join(text.split(" ")).strip()


def _kept_chars(line: str, output_lines: list[str]) -> int:
    best = 0
    for out in output_lines:
        matcher = difflib.SequenceMatcher(None, line, out, autojunk=False)
        best = max(best, sum(block.size for block in matcher.get_matching_blocks()))
        if best == len(line):
            break
    return best


def score_article(
    score: Score,
    raw: str,
    gold: dict,
    article: Article,
    record_date: str | None,
    blind: Article | None,
) -> None:
    """Add one article's figures to the corpus score."""
    out_lines = article.text.split("\n")
    out_norm = {normal(line) for line in out_lines}
    text_norm = normal(article.text)
    noise = [normal(line) for line in gold["lines"]]
    for line, key in zip(gold["lines"], noise, strict=True):
        score.lines += 1
        if key in out_norm or (len(key) >= 20 and key in text_norm):
            score.misses.append(f"{article.id}: noise line kept: {line[:80]!r}")
        else:
            score.lines_removed += 1
    for fragment in gold["fragments"]:
        score.fragments += 1
        if fragment.strip() in article.text:
            score.misses.append(f"{article.id}: fragment kept: {fragment[:80]!r}")
        else:
            score.fragments_removed += 1
    title = gold.get("title")
    if title:
        score.titles += 1
        expected = normal(_strip_all(title, gold["fragments"]))
        if article.title and normal(article.title) == expected:
            score.titles_found += 1
        else:
            score.misses.append(f"{article.id}: title {article.title!r} != {expected!r}")
    for raw_line in raw.split("\n"):
        line = raw_line.strip()
        key = normal(line)
        if not line or key in noise or (title and key == normal(title)):
            continue
        body = _strip_all(line, gold["fragments"])
        if not body:
            continue
        score.body_chars += len(body)
        if body in article.text:
            continue
        lost = len(body) - _kept_chars(body, out_lines)
        score.body_lost += lost
        if lost > 3:
            score.misses.append(f"{article.id}: body lost {lost} chars: {body[:80]!r}")
    if record_date:
        score.dates += 1
        score.dates_meta += article.date == record_date
        if blind is not None:
            score.dates_text += blind.date == record_date
            score.dates_text_month += bool(blind.date) and blind.date[:7] == record_date[:7]
            if blind.date != record_date:
                score.misses.append(f"{article.id}: date from text {blind.date} != {record_date}")


def _hide_date(document: Document) -> Document:
    meta = {k: v for k, v in document.meta.items() if k != "date"}
    return replace(document, meta=meta)


def seeds_score(shared: Path = SHARED) -> Score:
    """Score the five seed articles against `eval/seeds/gold.json`."""
    gold = json.loads((shared / "eval" / "seeds" / "gold.json").read_text("utf-8"))["noise"]
    score = Score("seeds")
    for document in read_sources([str(shared / "corpus" / "seeds")]):
        assert isinstance(document, Document), document
        raw = Path(document.origin).read_text("utf-8")
        score_article(score, raw, gold[document.id], extract(document), None, None)
    return score


def dev_score(shared: Path = SHARED) -> Score:
    """Score the 60 dev articles against `eval/dev/noise.json`, dates with and without meta."""
    dev = shared / "eval" / "dev"
    gold = json.loads((dev / "noise.json").read_text("utf-8"))
    lines = (dev / "articles.jsonl").read_text("utf-8").splitlines()
    records = {r["id"]: r for r in map(json.loads, lines)}
    score = Score("dev")
    for document in read_sources([str(dev / "articles.jsonl")]):
        assert isinstance(document, Document), document
        record = records[document.id]
        article = extract(document)
        blind = extract(_hide_date(document))
        score_article(score, record["text"], gold[document.id], article, record["date"], blind)
    return score


def _cleaner_input(document: Document) -> str:
    """The text the line cleaner starts from: trafilatura's text for HTML, else the content."""
    if document.format in ("html", "warc") or document.meta.get("type") == "html":
        return parse_html(document.content, document.meta.get("url")).text
    return document.content


def examples_score(
    examples: Path = EXAMPLES, gold_path: Path = EXAMPLES_GOLD
) -> Score:
    """Score the sample corpus (every format) against its own gold noise section."""
    gold = json.loads(gold_path.read_text("utf-8"))["noise"]
    score = Score("examples")
    for document in read_sources([str(examples)]):
        assert isinstance(document, Document), document
        article = extract(document)
        date = normalise(document.meta.get("date")) if document.format == "jsonl" else None
        blind = extract(_hide_date(document)) if date else None
        raw = _cleaner_input(document)
        score_article(score, raw, gold[document.id], article, date, blind)
    return score


def main() -> int:
    """Print the table (and the misses with --details)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--details", action="store_true", help="list every miss")
    args = parser.parse_args()
    if not (SHARED / "eval").is_dir():
        print(f"no evaluation data at {SHARED}", file=sys.stderr)
        return 1
    scores = [seeds_score(), dev_score(), examples_score()]
    print(
        f"{'corpus':9} {'noise lines':>16} {'fragments':>14} {'body lost':>16} "
        f"{'titles':>10} {'date+meta':>10} {'date text':>10} {'month text':>10}"
    )
    for s in scores:
        r = s.rates()
        print(
            f"{s.name:9} {s.lines_removed:>4}/{s.lines:<4} {r['noise_lines']:6.1%} "
            f"{s.fragments_removed:>3}/{s.fragments:<3} {r['fragments']:6.1%} "
            f"{s.body_lost:>5}/{s.body_chars:<6} {r['body_lost']:5.2%} "
            f"{s.titles_found:>3}/{s.titles:<3} {r['titles']:>4.0%} "
            f"{s.dates_meta:>3}/{s.dates:<3}{r['dates_meta']:4.0%} "
            f"{s.dates_text:>3}/{s.dates:<3}{r['dates_text']:4.0%} "
            f"{s.dates_text_month:>3}/{s.dates:<3}{r['dates_text_month']:4.0%}"
        )
    if args.details:
        for s in scores:
            for miss in s.misses:
                print(f"[{s.name}] {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
