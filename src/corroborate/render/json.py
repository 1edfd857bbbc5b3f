"""The `stories.json` view of a report (schema `corroborate/report@2`)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from corroborate.codec import to_dict
from corroborate.types import Arc, Brief, Quality, Report

SCHEMA_ID = "corroborate/report@2"


def schema() -> dict[str, Any]:
    """The JSON Schema shipped with the package."""
    text = resources.files("corroborate.schema").joinpath("report.schema.json").read_text("utf-8")
    return json.loads(text)


def article_dict(report: Report, article_id: str) -> dict[str, Any]:
    """One article as the contract shows it, with its quality from its story's check."""
    article = next(a for a in report.articles if a.id == article_id)
    quality = Quality(score=1.0)
    story = report.story_of.get(article_id)
    for brief in report.briefs:
        if brief.story == story:
            quality = brief.check.quality.get(article_id, quality)
    return {
        "id": article.id,
        "source": article.source,
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "date": article.date,
        "lang": article.lang,
        "text": article.text,
        "removed": [{"text": r.text, "reason": r.reason} for r in article.removed],
        "notes": list(article.notes),
        "quality": {"score": round(quality.score, 3), "flags": to_dict(quality.flags)},
        "story": story,
        "copy_of": report.copy_of.get(article_id),
    }


def _evidence(items: list[Any], with_value: bool) -> list[dict[str, Any]]:
    out = []
    for ev in items:
        row: dict[str, Any] = {"article": ev.article, "text": ev.text}
        if with_value:
            row["value"] = ev.value
        out.append(row)
    return out


def story_dict(brief: Brief) -> dict[str, Any]:
    """One story's brief and cross-check as the contract shows it."""
    check = brief.check
    return {
        "id": brief.story,
        "title": brief.title,
        "date": brief.date,
        "articles": list(check.story.articles),
        "copies": [
            {
                "copy": p.copy,
                "original": p.original,
                "similarity": round(p.similarity, 3),
                "containment": round(p.containment, 3),
                "passage": p.passage,
                "kind": p.kind,
                "why": p.why,
            }
            for p in check.story.copies
        ],
        "summary": [
            {"text": c.text, "sources": list(c.sources), "evidence": _evidence(c.evidence, False)}
            for c in brief.summary
        ],
        "entities": [
            {
                "id": e.id,
                "name": e.name,
                "type": e.type,
                "variants": list(e.variants),
                "articles": list(e.articles),
                "mentions": e.mentions,
            }
            for e in check.entities
        ],
        "facts": [
            {
                "id": f.id,
                "statement": f.statement,
                "kind": f.kind,
                "value": f.value,
                "support": _evidence(f.support, False),
                "disputed_by": _evidence(f.disputed_by, True),
                "outlets": f.outlets,
                "independent": f.independent,
            }
            for f in check.facts
        ],
        "quotes": [
            {
                "id": q.id,
                "speaker": q.speaker,
                "text": q.text,
                "kind": q.kind,
                "support": _evidence(q.support, False),
                "outlets": q.outlets,
                "independent": q.independent,
            }
            for q in check.quotes
        ],
        "conflicts": [
            {"id": c.id, "about": c.about, "items": _evidence(c.items, True)}
            for c in check.conflicts
        ],
    }


def arc_dict(arc: Arc) -> dict[str, Any]:
    """One arc as the contract shows it: its stories in date order and what changed."""
    return {
        "id": arc.id,
        "title": arc.title,
        "stories": list(arc.stories),
        "changes": [
            {
                "from": c.from_story,
                "to": c.to_story,
                "slot": c.slot,
                "before": c.before,
                "after": c.after,
                "evidence": _evidence(c.evidence, False),
            }
            for c in arc.changes
        ],
        "newcomers": [
            {"story": n.story, "role": n.role, "name": n.name,
             "evidence": _evidence([n.evidence], False)}
            for n in arc.newcomers
        ],
    }


def report_dict(report: Report) -> dict[str, Any]:
    """The whole report as the contract shows it."""
    ordered = [a.id for a in report.articles]
    return {
        "schema": SCHEMA_ID,
        "articles": [article_dict(report, i) for i in ordered],
        "stories": [story_dict(b) for b in report.briefs],
        "arcs": [arc_dict(a) for a in report.arcs],
    }


def write(report: Report, path: Path) -> dict[str, Any]:
    """Write `stories.json` and return what was written."""
    data = report_dict(report)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return data


def validate(data: dict[str, Any]) -> list[str]:
    """Problems with a report: JSON Schema errors, then spans that are not in their article."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema())
    problems = [
        f"{'/'.join(str(p) for p in err.absolute_path) or '(root)'}: {err.message}"
        for err in validator.iter_errors(data)
    ]
    if problems:
        return problems
    texts = {a["id"]: a["text"] for a in data["articles"]}
    for story in data["stories"]:
        spans = [(f"facts/{f['id']}", ev) for f in story["facts"] for ev in f["support"]]
        spans += [(f"facts/{f['id']}", ev) for f in story["facts"] for ev in f["disputed_by"]]
        spans += [(f"quotes/{q['id']}", ev) for q in story["quotes"] for ev in q["support"]]
        spans += [(f"conflicts/{c['id']}", ev) for c in story["conflicts"] for ev in c["items"]]
        for where, ev in spans:
            if ev["text"] not in texts.get(ev["article"], ""):
                problems.append(f"{story['id']}/{where}: span not in article {ev['article']}")
        for cited in story["summary"]:
            if not any(cited["text"] in texts.get(s, "") for s in cited["sources"]):
                problems.append(f"{story['id']}/summary: sentence not in any cited source")
            for ev in cited["evidence"]:
                if ev["text"] not in texts.get(ev["article"], ""):
                    problems.append(f"{story['id']}/summary: span not in article {ev['article']}")
            if sorted(ev["article"] for ev in cited["evidence"]) != sorted(cited["sources"]):
                problems.append(f"{story['id']}/summary: a cited source without its span")
    return problems + _arc_problems(data, texts)


def _arc_problems(data: dict[str, Any], texts: dict[str, str]) -> list[str]:
    """Arcs name stories of the report; each change's spans are in articles of its two
    stories, the first in the story it comes from, the last in the one it goes to."""
    problems: list[str] = []
    members = {s["id"]: set(s["articles"]) for s in data["stories"]}
    for arc in data.get("arcs", []):
        where = f"arcs/{arc['id']}"
        missing = [s for s in arc["stories"] if s not in members]
        if missing:
            problems.append(f"{where}: stories not in the report: {', '.join(missing)}")
            continue
        for change in arc["changes"]:
            if change["from"] not in arc["stories"] or change["to"] not in arc["stories"]:
                problems.append(f"{where}: a change between stories outside the arc")
                continue
            for ev in change["evidence"]:
                if ev["text"] not in texts.get(ev["article"], ""):
                    problems.append(f"{where}: span not in article {ev['article']}")
            first, last = change["evidence"][0], change["evidence"][-1]
            if first["article"] not in members[change["from"]] or \
                    last["article"] not in members[change["to"]]:
                problems.append(f"{where}: a change's spans are not in its two stories")
        for newcomer in arc.get("newcomers", []):
            if newcomer["story"] not in arc["stories"]:
                problems.append(f"{where}: a newcomer of a story outside the arc")
                continue
            for ev in newcomer["evidence"]:
                if ev["text"] not in texts.get(ev["article"], ""):
                    problems.append(f"{where}: span not in article {ev['article']}")
                elif ev["article"] not in members[newcomer["story"]]:
                    problems.append(f"{where}: a newcomer's span is not in its story")
    return problems
