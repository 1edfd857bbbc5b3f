"""Measure entity resolution and quote attribution on ../shared (seeds gold and dev stories).

Usage: .venv/bin/python benchmarks/entities_quotes_eval.py [--shared PATH] [--sample N] [--seed S]

Seeds: each gold entity must come out as one entity holding all its variants, no two gold
entities merged; gold quotes found with the right speaker; Q2 one group over 000, 001, 002.
Dev: per gold story, quote recall (an extracted quote covers at least half of the gold span),
speaker accuracy on the found ones, and a fixed random sample of extracted quotes to judge by hand.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from corroborate.analyze.nlp import Analyzer
from corroborate.crosscheck.entities.resolve import canonical, resolve_entities
from corroborate.crosscheck.quotes.find import find_quotes, group_quotes
from corroborate.lexicon.names import fold, name_key, same_person, similar_word
from corroborate.types import Analysis, Article, Entity, QuoteMention

ROOT = Path(__file__).resolve().parents[1]
_STOP = {"de", "du", "des", "la", "le", "les", "en", "et", "non", "dans", "textes", "nommee"}


@dataclass
class Run:
    """Articles, analyses, quotes and entities of one story."""

    articles: dict[str, Article]
    analyses: list[Analysis]
    quotes: dict[str, list[QuoteMention]]
    entities: list[Entity]


Analyze = Callable[[list[Article]], list[Analysis]]


def run_story(analyze: Analyze, articles: list[Article]) -> Run:
    """Analyse a story's articles and extract quotes and entities."""
    analyses = analyze(articles)
    by_id = {a.id: a for a in articles}
    quotes = {an.article_id: find_quotes(by_id[an.article_id], an) for an in analyses}
    return Run(by_id, analyses, quotes, resolve_entities(analyses))


def strip_noise(text: str, noise: dict) -> str:
    """The seed text without the gold noise lines, title line and fragments."""
    drop = {line.strip() for line in noise.get("lines", [])}
    if noise.get("title"):
        drop.add(noise["title"].strip())
    kept = [line for line in text.split("\n") if line.strip() not in drop]
    out = "\n".join(kept)
    for fragment in noise.get("fragments", []):
        out = out.replace(fragment + " ", "").replace(fragment, "")
    return out


def gold_spans(text: str, gold: str) -> list[tuple[int, int]]:
    """Where a gold quote sits in an article: every exact occurrence, else the best alignment."""
    spans, at = [], text.find(gold)
    while at >= 0:
        spans.append((at, at + len(gold)))
        at = text.find(gold, at + 1)
    if spans:
        return spans
    found = fuzz.partial_ratio_alignment(fold(gold), fold(text))
    if found is None or found.score < 80:
        return []
    return [(found.dest_start, found.dest_end)]


def covering(quotes: list[QuoteMention], spans: list[tuple[int, int]]) -> list[QuoteMention]:
    """Extracted quotes covering at least half of one of the gold spans."""
    return [
        q for q in quotes if any(min(q.end, b) - max(q.start, a) >= 0.5 * (b - a) for a, b in spans)
    ]


def speaker_ok(speaker: str | None, gold: str, entities: list[Entity]) -> tuple[bool, bool]:
    """(strict, lenient) match of an extracted speaker against a gold speaker."""
    if not speaker:
        return False, False
    entity = canonical(speaker, entities)
    names = [speaker] + ([entity.name, *entity.variants] if entity else [])
    gold_key = name_key(gold.split("(")[0])
    strict = False
    for name in names:
        key = name_key(name)
        if not key or not gold_key:
            continue
        if same_person(key, gold_key) or (len(key) == 1 and similar_word(key[0], gold_key[-1])):
            strict = True
    gold_words = set(fold(gold).replace("(", " ").replace(")", " ").split()) - _STOP
    words = {w for n in names for w in fold(n).split() if len(w) >= 3} - _STOP
    return strict, strict or bool(words & gold_words)


def seeds(shared: Path, analyze: Analyze) -> dict:
    """Seed gates: entities, quotes with speakers, Q2 grouping."""
    gold = json.loads((shared / "eval/seeds/gold.json").read_text(encoding="utf-8"))
    story = gold["stories"][0]
    articles = []
    for aid in story["articles"]:
        raw = (shared / "corpus/seeds" / f"{aid}.txt").read_text(encoding="utf-8")
        text = strip_noise(raw, gold["noise"].get(aid, {}))
        articles.append(Article(id=aid, source=aid, text=text, lang="fr"))
    run = run_story(analyze, articles)
    report: dict = {"entities": [], "quotes": []}
    holders: dict[str, str] = {}
    for g in story["entities"]:
        hits = {e.id for e in run.entities for v in g["variants"] if v in e.variants}
        entity = next((e for e in run.entities if e.id in hits), None)
        whole = len(hits) == 1 and entity is not None and set(g["variants"]) <= set(entity.variants)
        report["entities"].append(
            {"gold": g["name"], "ok": whole, "got": [e.name for e in run.entities if e.id in hits]}
        )
        for h in hits:
            holders.setdefault(h, g["name"])
            if holders[h] != g["name"]:
                report.setdefault("merged", []).append([holders[h], g["name"]])
    for g in story["quotes"]:
        found = []
        for aid, evidence in g["evidence"].items():
            text = run.articles[aid].text
            hits = covering(run.quotes[aid], gold_spans(text, evidence))
            ok = any(speaker_ok(q.speaker, g["speaker"], run.entities)[0] for q in hits)
            found.append(
                {
                    "article": aid,
                    "found": bool(hits),
                    "speaker_ok": ok,
                    "speakers": [q.speaker for q in hits],
                }
            )
        report["quotes"].append(
            {
                "id": g["id"],
                "speaker": g["speaker"],
                "evidence": found,
                "ok": any(f["speaker_ok"] for f in found),
            }
        )
    groups = group_quotes(run.quotes, run.entities)
    q2 = next(g for g in story["quotes"] if g["id"] == "Q2")
    backing = set()
    for group in groups:
        arts = {
            e.article
            for e in group.support
            if q2["evidence"].get(e.article, "\0")[:40] in e.text
            or fuzz.partial_ratio(fold(q2["evidence"].get(e.article, "")), fold(e.text)) >= 90
        }
        if len(arts) > len(backing):
            backing = arts
    report["q2_group"] = sorted(backing)
    report["entities_ok"] = sum(e["ok"] for e in report["entities"])
    report["quotes_ok"] = sum(q["ok"] for q in report["quotes"])
    return report


def dev(shared: Path, analyze: Analyze, sample: int = 30, seed: int = 13) -> dict:
    """Dev set: quote recall, speaker accuracy, and a sample of extracted quotes."""
    records = [
        json.loads(line)
        for line in (shared / "eval/dev/articles.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    by_story: dict[str, list[Article]] = {}
    for r in records:
        article = Article(id=r["id"], source=r["id"], text=r["text"], lang="fr")
        by_story.setdefault(r["story"], []).append(article)
    stories = json.loads((shared / "eval/dev/stories.json").read_text(encoding="utf-8"))
    total = found = strict = lenient = 0
    misses, extracted = [], []
    for story in stories:
        run = run_story(analyze, by_story[story["story"]])
        for aid, qs in run.quotes.items():
            extracted.extend((aid, q, run) for q in qs)
        for g in story["quotes"]:
            for aid in g["articles"]:
                total += 1
                spans = gold_spans(run.articles[aid].text, g["text"])
                hits = covering(run.quotes[aid], spans)
                if not hits:
                    misses.append((aid, g["speaker"], g["text"][:80]))
                    continue
                found += 1
                marks = [speaker_ok(q.speaker, g["speaker"], run.entities) for q in hits]
                strict += any(m[0] for m in marks)
                lenient += any(m[1] for m in marks)
                if not any(m[1] for m in marks):
                    misses.append((aid, g["speaker"], f"WRONG SPEAKER {[q.speaker for q in hits]}"))
                elif not any(m[0] for m in marks):
                    misses.append((aid, g["speaker"], f"LENIENT ONLY {[q.speaker for q in hits]}"))
    rng = random.Random(seed)
    picked = rng.sample(extracted, min(sample, len(extracted)))
    return {
        "gold_quote_mentions": total,
        "found": found,
        "recall": round(found / total, 3) if total else 0.0,
        "speaker_strict": round(strict / found, 3) if found else 0.0,
        "speaker_lenient": round(lenient / found, 3) if found else 0.0,
        "extracted": len(extracted),
        "misses": misses,
        "sample": [
            {
                "article": aid,
                "kind": q.kind,
                "cue": q.cue,
                "speaker": q.speaker,
                "text": q.text[:200],
            }
            for aid, q, _ in picked
        ],
    }


def main() -> int:
    """Run both evaluations and print a readable report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--json", action="store_true", help="print the raw report as JSON")
    args = parser.parse_args()
    if not (args.shared / "eval").is_dir():
        print(f"no evaluation data at {args.shared}", file=sys.stderr)
        return 2
    analyze = Analyzer().analyze
    report = {
        "seeds": seeds(args.shared, analyze),
        "dev": dev(args.shared, analyze, args.sample, args.seed),
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    s, d = report["seeds"], report["dev"]
    print(
        f"SEEDS entities whole: {s['entities_ok']}/{len(s['entities'])}"
        f"  merged gold pairs: {s.get('merged', [])}"
    )
    for e in s["entities"]:
        if not e["ok"]:
            print(f"  entity miss: {e['gold']} -> {e['got']}")
    print(f"SEEDS quotes with right speaker: {s['quotes_ok']}/{len(s['quotes'])}")
    for q in s["quotes"]:
        print(
            f"  {q['id']} {q['speaker']}: "
            + "; ".join(
                f"{f['article'][:3]} found={f['found']} ok={f['speaker_ok']} {f['speakers']}"
                for f in q["evidence"]
            )
        )
    print(f"SEEDS Q2 group backed by: {s['q2_group']}")
    print(
        f"DEV quote recall: {d['found']}/{d['gold_quote_mentions']} = {d['recall']}"
        f"  speaker accuracy strict {d['speaker_strict']} lenient {d['speaker_lenient']}"
        f"  extracted quotes: {d['extracted']}"
    )
    for miss in d["misses"]:
        print("  miss:", *miss)
    print(f"DEV sample of {len(d['sample'])} extracted quotes:")
    for n, q in enumerate(d["sample"], 1):
        where = f"[{q['article']} {q['kind'][0]} {q['cue']}]"
        print(f"  {n:2d}. {where} {q['speaker']!r} :: {q['text']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
