"""Scores a `stories.json` against a gold file in the seeds' format or an evaluation set folder."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

Row = tuple[str, float | int | str, str]


def bcubed(gold: dict[str, str], found: dict[str, str]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 of a clustering over the items of `gold`."""
    items = [i for i in gold if i in found]
    if not items:
        return 0.0, 0.0, 0.0
    by_gold: dict[str, set[str]] = defaultdict(set)
    by_found: dict[str, set[str]] = defaultdict(set)
    for item in items:
        by_gold[gold[item]].add(item)
        by_found[found[item]].add(item)
    precision = recall = 0.0
    for item in items:
        same_found = by_found[found[item]]
        same_gold = by_gold[gold[item]]
        both = len(same_found & same_gold)
        precision += both / len(same_found)
        recall += both / len(same_gold)
    precision /= len(items)
    recall /= len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("\u00a0", " ")
    return " ".join(text.split()).lower()


def spans_match(gold_text: str, found_text: str, article_text: str = "") -> bool:
    """Whether a found span states what a gold evidence string says (overlap in the article)."""
    g, f = _norm(gold_text), _norm(found_text)
    if not g or not f:
        return False
    if g in f or f in g:
        return True
    if article_text:
        a = _norm(article_text)
        gs, fs = a.find(g), a.find(f)
        if gs >= 0 and fs >= 0:
            overlap = min(gs + len(g), fs + len(f)) - max(gs, fs)
            if overlap >= 0.5 * min(len(g), len(f)):
                return True
    return fuzz.partial_ratio(g, f) >= 90 and min(len(g), len(f)) >= 12


def names_match(gold_name: str, found: str | None, variants: set[str]) -> bool:
    """Whether a found speaker names the gold speaker (a variant, or most of the same words)."""
    if not found:
        return False
    f = _norm(found)
    if f in variants or _norm(gold_name) == f:
        return True
    return fuzz.token_set_ratio(_norm(gold_name), f) >= 85


def _fact_scores(story: dict, found: list[dict], texts: dict[str, str]) -> tuple[list[Row], dict]:
    rows: list[Row] = []
    found_n = backers = gold_backers = wrong = 0
    for fact in story.get("facts", []):
        evidence: dict[str, str] = fact["evidence"]
        best: tuple[int, dict | None] = (0, None)
        for candidate in found:
            hits = sum(
                1
                for ev in candidate["support"]
                if ev["article"] in evidence
                and spans_match(evidence[ev["article"]], ev["text"], texts.get(ev["article"], ""))
            )
            if hits > best[0]:
                best = (hits, candidate)
        hits, match = best
        gold_backers += len(evidence)
        if match is None:
            rows.append((f"fact {fact['id']}", "missed", fact["fact"]))
            continue
        found_n += 1
        backed = {ev["article"] for ev in match["support"]}
        backers += len(backed & set(evidence))
        extra = sorted(backed - set(evidence))
        wrong += len(extra)
        detail = f"{len(backed & set(evidence))}/{len(evidence)} backers; {match['statement'][:70]}"
        if extra:
            detail += f"; also cites {', '.join(extra)}"
        rows.append((f"fact {fact['id']}", "found", detail))
    totals = {"found": found_n, "backers": backers, "gold_backers": gold_backers, "extra": wrong}
    return rows, totals


def _quote_scores(story: dict, quotes: list[dict], texts: dict[str, str]) -> tuple[list[Row], dict]:
    variants = {e["name"]: {_norm(v) for v in e.get("variants", [])} for e in story["entities"]}
    rows: list[Row] = []
    found_n = right = 0
    for quote in story.get("quotes", []):
        gold_speaker = quote["speaker"]
        match = None
        for candidate in quotes:
            for ev in candidate["support"]:
                gold_ev = quote["evidence"].get(ev["article"])
                if gold_ev and spans_match(gold_ev, ev["text"], texts.get(ev["article"], "")):
                    match = candidate
                    break
            if match:
                break
        if match is None:
            rows.append((f"quote {quote['id']}", "missed", quote["text"][:70]))
            continue
        found_n += 1
        ok = names_match(gold_speaker, match["speaker"], variants.get(gold_speaker, set()))
        right += ok
        backed = sorted({ev["article"] for ev in match["support"]})
        rows.append(
            (
                f"quote {quote['id']}",
                "found" if ok else "wrong speaker",
                f"speaker {match['speaker']!r} (gold {gold_speaker}); by {', '.join(backed)}",
            )
        )
    return rows, {"found": found_n, "speaker_ok": right}


def _conflict_scores(
    story: dict, conflicts: list[dict], texts: dict[str, str]
) -> tuple[list[Row], dict]:
    """A gold conflict is found by a report conflict whose items overlap its evidence spans in
    at least two of its articles (one when the gold names a single article)."""
    rows: list[Row] = []
    found_n = 0
    for gold in story.get("conflicts", []):
        evidence: dict[str, str] = gold["evidence"]
        needed = min(2, len(evidence))
        match = None
        for candidate in conflicts:
            hit = {
                item["article"]
                for item in candidate["items"]
                if item["article"] in evidence
                and spans_match(
                    evidence[item["article"]], item["text"], texts.get(item["article"], "")
                )
            }
            if len(hit) >= needed:
                match = candidate
                break
        if match is None:
            rows.append((f"conflict {gold['id']}", "missed", gold.get("about", "")[:70]))
            continue
        found_n += 1
        rows.append((f"conflict {gold['id']}", "found", f"{match['id']}: {match['about'][:70]}"))
    return rows, {"found": found_n}


def _entity_scores(story: dict, entities: list[dict]) -> tuple[list[Row], dict]:
    rows: list[Row] = []
    whole = 0
    owner: dict[str, str] = {}
    for gold in story.get("entities", []):
        for v in gold["variants"]:
            owner[_norm(v)] = gold["name"]
    for gold in story.get("entities", []):
        wanted = {_norm(v) for v in gold["variants"]}
        holders = [e for e in entities if wanted & {_norm(v) for v in e["variants"] + [e["name"]]}]
        best = max(
            holders, key=lambda e: len(wanted & {_norm(v) for v in e["variants"]}), default=None
        )
        held = wanted & {_norm(v) for v in best["variants"] + [best["name"]]} if best else set()
        ok = held == wanted
        whole += ok
        rows.append(
            (
                f"entity {gold['name']}",
                "whole" if ok else "split",
                f"{len(held)}/{len(wanted)} variants",
            )
        )
    merged = 0
    for entity in entities:
        names = {
            owner[_norm(v)] for v in entity["variants"] + [entity["name"]] if _norm(v) in owner
        }
        if len(names) > 1:
            merged += 1
            rows.append(("entity merge", "wrong", f"{entity['name']} holds {sorted(names)}"))
    return rows, {"whole": whole, "wrongly_merged": merged}


def _noise_scores(noise: dict, articles: dict[str, dict]) -> tuple[list[Row], dict]:
    lines_total = lines_removed = frags_total = frags_removed = titles = titles_found = 0
    body_chars = body_lost = 0
    for article_id, gold in noise.items():
        if article_id == "about" or article_id not in articles:
            continue
        article = articles[article_id]
        clean_lines = {_norm(x) for x in article["text"].split("\n")}
        clean = _norm(article["text"])
        for line in gold.get("lines", []):
            lines_total += 1
            lines_removed += _norm(line) not in clean_lines
        for fragment in gold.get("fragments", []):
            frags_total += 1
            frags_removed += _norm(fragment) not in clean
        if gold.get("title"):
            titles += 1
            titles_found += _norm(article.get("title") or "") == _norm(gold["title"])
        raw = article.get("raw") or ""
        noise_lines = {_norm(x) for x in gold.get("lines", [])}
        for line in raw.split("\n"):
            body = _norm(line)
            if not body or body in noise_lines or body == _norm(gold.get("title") or ""):
                continue
            for fragment in gold.get("fragments", []):
                body = _norm(body.replace(_norm(fragment), " "))
            body_chars += len(body)
            if body not in clean:
                # A line kept minus a piece counts only the piece as lost.
                kept = fuzz.partial_ratio_alignment(body, clean)
                body_lost += round(len(body) * (1 - kept.score / 100)) if kept else len(body)
    totals = {
        "lines": (lines_removed, lines_total),
        "fragments": (frags_removed, frags_total),
        "titles": (titles_found, titles),
        "body_lost": body_lost / body_chars if body_chars else 0.0,
    }
    rows: list[Row] = [
        (
            "noise lines removed",
            _ratio(lines_removed, lines_total),
            f"{lines_removed}/{lines_total}",
        ),
        (
            "noise fragments removed",
            _ratio(frags_removed, frags_total),
            f"{frags_removed}/{frags_total}",
        ),
        ("titles found", _ratio(titles_found, titles), f"{titles_found}/{titles}"),
        ("body text wrongly removed", totals["body_lost"], f"{body_lost}/{body_chars} chars"),
    ]
    return rows, totals


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def score(gold: dict[str, Any], report: dict[str, Any], raw: dict[str, str] | None = None) -> dict:
    """All scores as a dict with a `table` of (measure, value, detail) rows.

    `raw` maps article ids to their raw input, for the body-loss measure; without it the
    measure uses the article's `raw` field when the caller added one.
    """
    articles = {a["id"]: dict(a) for a in report["articles"]}
    for article_id, text in (raw or {}).items():
        if article_id in articles:
            articles[article_id]["raw"] = text
    texts = {i: a["text"] for i, a in articles.items()}
    gold_story = {a: s["story"] for s in gold["stories"] for a in s["articles"]}
    found_story = {a["id"]: a["story"] or a["id"] for a in report["articles"]}
    p, r, f1 = bcubed(gold_story, found_story)
    table: list[Row] = [
        ("story BCubed precision", p, ""),
        ("story BCubed recall", r, ""),
        ("story BCubed F1", f1, f"{len(set(found_story.values()))} stories found"),
    ]
    result: dict[str, Any] = {"bcubed": {"precision": p, "recall": r, "f1": f1}}
    fact_rows: list[Row] = []
    quote_rows: list[Row] = []
    entity_rows: list[Row] = []
    conflict_rows: list[Row] = []
    conflicts_total = {"found": 0, "gold": 0}
    facts_total = {"found": 0, "backers": 0, "gold_backers": 0, "extra": 0, "gold": 0}
    quotes_total = {"found": 0, "speaker_ok": 0, "gold": 0}
    entities_total = {"whole": 0, "wrongly_merged": 0, "gold": 0}
    by_id = {s["id"]: s for s in report["stories"]}
    for story in gold["stories"]:
        # The found story holding most of this gold story's articles is the one scored.
        counts: dict[str, int] = defaultdict(int)
        for article_id in story["articles"]:
            if found_story.get(article_id) in by_id:
                counts[found_story[article_id]] += 1
        found = by_id[max(counts, key=lambda k: counts[k])] if counts else None
        facts = found["facts"] if found else []
        quotes = found["quotes"] if found else []
        entities = found["entities"] if found else []
        rows, t = _conflict_scores(story, found.get("conflicts", []) if found else [], texts)
        conflict_rows += rows
        conflicts_total["found"] += t["found"]
        conflicts_total["gold"] += len(story.get("conflicts", []))
        rows, t = _fact_scores(story, facts, texts)
        fact_rows += rows
        for k in ("found", "backers", "gold_backers", "extra"):
            facts_total[k] += t[k]
        facts_total["gold"] += len(story.get("facts", []))
        rows, t = _quote_scores(story, quotes, texts)
        quote_rows += rows
        quotes_total["found"] += t["found"]
        quotes_total["speaker_ok"] += t["speaker_ok"]
        quotes_total["gold"] += len(story.get("quotes", []))
        rows, t = _entity_scores(story, entities)
        entity_rows += rows
        entities_total["whole"] += t["whole"]
        entities_total["wrongly_merged"] += t["wrongly_merged"]
        entities_total["gold"] += len(story.get("entities", []))
    ft, qt, et, ct = facts_total, quotes_total, entities_total, conflicts_total
    table += [
        ("fact recall", _ratio(ft["found"], ft["gold"]), f"{ft['found']}/{ft['gold']}"),
        (
            "fact backer recall",
            _ratio(ft["backers"], ft["gold_backers"]),
            f"{ft['backers']}/{ft['gold_backers']}; {ft['extra']} backers outside gold",
        ),
        ("quote recall", _ratio(qt["found"], qt["gold"]), f"{qt['found']}/{qt['gold']}"),
        (
            "quote recall with speaker",
            _ratio(qt["speaker_ok"], qt["gold"]),
            f"{qt['speaker_ok']}/{qt['gold']}",
        ),
        (
            "entities whole",
            _ratio(et["whole"], et["gold"]),
            f"{et['whole']}/{et['gold']}; {et['wrongly_merged']} wrongly merged",
        ),
        ("conflict recall", _ratio(ct["found"], ct["gold"]), f"{ct['found']}/{ct['gold']}"),
    ]
    result.update(facts=ft, quotes=qt, entities=et, conflicts=ct)
    if "noise" in gold:
        rows, totals = _noise_scores(gold["noise"], articles)
        table += rows
        result["noise"] = totals
    table += fact_rows + quote_rows + entity_rows + conflict_rows
    result["table"] = table
    return result


def raw_from_sources(report: dict[str, Any]) -> dict[str, str]:
    """The raw text of each article whose source is a plain-text file that still exists."""
    raw = {}
    for article in report["articles"]:
        path = Path(article.get("source") or "")
        if path.suffix == ".txt" and path.is_file():
            raw[article["id"]] = path.read_text(encoding="utf-8", errors="replace")
    return raw


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _value_stated(value: str, blob: str) -> bool:
    """Whether a fact's text states the gold value: each of its numbers, else most of its words."""
    digits = re.findall(r"\d+", value)
    if digits:
        return all(re.search(rf"(?<![\d.,]){d}(?!\d)", blob) for d in digits)
    return not value or spans_match(value, blob) or value in blob


def score_set(folder: Path, report: dict[str, Any]) -> dict:
    """Score against an evaluation set folder (`articles.jsonl` with story labels, `stories.json`
    with facts and quotes by article ids, optionally `noise.json` and `raw.jsonl`).

    A gold fact is found when one reported fact is backed by two thirds of its articles and
    states its value; precision is the share of reported facts (quotes) that match a gold one,
    a fact by its value and its meaning (sentence encoder), a quote by its span.
    """
    labels = {r["id"]: r["story"] for r in _read_jsonl(folder / "articles.jsonl")}
    gold = json.loads((folder / "stories.json").read_text(encoding="utf-8"))
    articles = {a["id"]: dict(a) for a in report["articles"]}
    texts = {i: a["text"] for i, a in articles.items()}
    found_story = {a["id"]: a.get("story") or a["id"] for a in report["articles"]}
    by_id = {s["id"]: s for s in report["stories"]}
    p, r, f1 = bcubed(labels, found_story)
    rows: list[Row] = [
        ("story BCubed precision", p, ""),
        ("story BCubed recall", r, ""),
        ("story BCubed F1", f1, f"{len(set(found_story.values()))} stories found"),
    ]
    meaning: list[tuple[str, str, str]] = []  # (fact id, gold wording, reported statement)
    matched_quotes: set[str] = set()
    facts_ok = facts_gold = quotes_ok = quotes_gold = 0
    for story in gold:
        for fact in story.get("facts", []):
            facts_gold += 1
            wanted = set(fact["articles"])
            value = _norm(str(fact.get("value") or ""))
            hit = False
            for reported in _stories_of(wanted, found_story, by_id):
                for candidate in reported.get("facts", []):
                    backers = {e["article"] for e in candidate.get("support", [])}
                    blob = _norm(" ".join(
                        [str(candidate.get("value") or ""), candidate.get("statement") or ""]
                        + [e.get("text", "") for e in candidate.get("support", [])]
                    ))
                    if not (backers & wanted and _value_stated(value, blob)):
                        continue
                    hit = hit or len(backers & wanted) >= 2 / 3 * len(wanted) - 1e-9
                    # For precision the fact itself must say the value, most of its backers
                    # being the gold fact's articles.
                    own = _norm(f"{candidate.get('value') or ''} {candidate.get('statement', '')}")
                    if _value_stated(value, own) and len(backers & wanted) * 2 >= len(backers):
                        meaning.append((candidate["id"], fact["fact"], candidate["statement"]))
            facts_ok += hit
        for quote in story.get("quotes", []):
            quotes_gold += 1
            wanted = set(quote["articles"])
            hit = False
            for reported in _stories_of(wanted, found_story, by_id):
                for candidate in reported.get("quotes", []):
                    said = [e for e in candidate.get("support", []) if e["article"] in wanted]
                    if any(
                        spans_match(quote["text"], e.get("text", ""), texts.get(e["article"], ""))
                        for e in said
                    ):
                        matched_quotes.add(candidate["id"])
                        hit = hit or names_match(quote["speaker"], candidate.get("speaker"), set())
            quotes_ok += hit
    matched_facts = _same_meaning(meaning)
    shared = [f for s in report["stories"] for f in s["facts"]
              if len({e["article"] for e in f["support"]}) >= 2]
    quotes = [q for s in report["stories"] for q in s["quotes"]]
    facts_right = sum(f["id"] in matched_facts for f in shared)
    quotes_right = sum(q["id"] in matched_quotes for q in quotes)
    rows += [
        ("fact recall", _ratio(facts_ok, facts_gold), f"{facts_ok}/{facts_gold}"),
        (
            "fact precision vs gold",
            _ratio(facts_right, len(shared)),
            f"{facts_right}/{len(shared)} facts backed by 2+ articles say a gold fact's value "
            "and meaning (the gold lists main facts only: a lower bound)",
        ),
        ("quote recall with speaker", _ratio(quotes_ok, quotes_gold), f"{quotes_ok}/{quotes_gold}"),
        (
            "quote precision vs gold",
            _ratio(quotes_right, len(quotes)),
            f"{quotes_right}/{len(quotes)} quotes match a gold quote",
        ),
    ]
    result: dict[str, Any] = {
        "bcubed": {"precision": p, "recall": r, "f1": f1},
        "facts": {"found": facts_ok, "gold": facts_gold, "reported": len(shared),
                  "matching": facts_right},
        "quotes": {"found": quotes_ok, "gold": quotes_gold, "reported": len(quotes),
                   "matching": quotes_right},
    }
    if (folder / "noise.json").is_file():
        noise = json.loads((folder / "noise.json").read_text(encoding="utf-8"))
        if (folder / "raw.jsonl").is_file():
            for record in _read_jsonl(folder / "raw.jsonl"):
                if record.get("id") in articles:
                    articles[record["id"]]["raw"] = record.get("text", "")
        noise_rows, totals = _noise_scores(noise, articles)
        rows += noise_rows
        result["noise"] = totals
    result["table"] = rows
    return result


MEANING_THRESHOLD = 0.45  # encoder cosine above which a statement says the gold fact


def _same_meaning(pairs: list[tuple[str, str, str]]) -> set[str]:
    """Ids of the reported facts whose statement means one of their candidate gold facts."""
    if not pairs:
        return set()
    from corroborate.analyze import encoder

    enc = encoder()
    gold = enc.encode([p[1] for p in pairs])
    said = enc.encode([p[2] for p in pairs])
    cosines = (gold * said).sum(axis=1)
    return {p[0] for p, c in zip(pairs, cosines, strict=True) if c >= MEANING_THRESHOLD}


def _stories_of(
    wanted: set[str], found_story: dict[str, str], by_id: dict[str, dict]
) -> list[dict]:
    ids = {found_story[a] for a in wanted if a in found_story}
    return [by_id[i] for i in sorted(ids) if i in by_id]
