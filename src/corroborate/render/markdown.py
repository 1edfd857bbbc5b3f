"""The Markdown view of a report: one section per story, citations as article ids."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from corroborate.render.html import backed as backed_quotes
from corroborate.render.html import by_speaker, one_outlet
from corroborate.render.view import headline, support_phrase


def _cite(ids: list[str]) -> str:
    return " ".join(f"[{i}]" for i in ids)


def _backers(fact: dict[str, Any]) -> int:
    return len({e["article"] for e in fact["support"]})


def _story_md(story: dict[str, Any], articles: dict[str, dict[str, Any]]) -> list[str]:
    lines = [f"## {story['title']}", ""]
    lines.append(f"*{story['date'] or 'date unknown'} · {len(story['articles'])} articles*")
    lines.append("")
    for cited in story["summary"]:
        lines.append(f"- {cited['text']} {_cite(cited['sources'])}")
    backed = [f for f in story["facts"] if _backers(f) >= 2 or f["disputed_by"]]
    single = len(story["facts"]) - len(backed)
    if story["facts"]:
        lines += ["", "### Facts", ""]
        if single:
            plural = "s" if single != 1 else ""
            lines += [f"{single} claim{plural} made by one outlet only: see stories.json.", ""]
        for fact in backed:
            backers = _cite(sorted({e["article"] for e in fact["support"]}))
            row = f"- **{fact['statement']}**"
            if fact["value"]:
                row += f" ({fact['kind']}: {fact['value']})"
            row += f" — {support_phrase(fact)}: {backers}"
            if fact["disputed_by"]:
                dissent = "; ".join(
                    f"[{e['article']}] says {e['value'] or e['text']}" for e in fact["disputed_by"]
                )
                row += f" — disputed: {dissent}"
            lines.append(row)
    if story["quotes"]:
        lines += ["", "### Quotes", ""]
        for speaker, quotes in by_speaker(story["quotes"]):
            lines += [f"#### {speaker}", ""]
            for quote in backed_quotes(quotes):
                lines.append(_quote_md(quote))
            alone = one_outlet(quotes)
            if alone:
                lines += ["<details><summary>one outlet only</summary>", ""]
                lines += [_quote_md(quote) for quote in alone]
                lines += ["", "</details>"]
            lines.append("")
    if story["conflicts"]:
        lines += ["", "### Conflicts", ""]
        for conflict in story["conflicts"]:
            items = "; ".join(f"[{e['article']}] “{e['text']}”" for e in conflict["items"])
            lines.append(f"- {conflict['about']}: {items}")
    lines += ["", "### Sources", ""]
    for article_id in story["articles"]:
        art = articles[article_id]
        flags = ", ".join(f["code"] for f in art["quality"]["flags"]) or "no flags"
        name = art["outlet"] or art["source"]
        title = headline(art)
        notes = "".join(f"; {n}" for n in art.get("notes", []))
        lines.append(
            f"- [{article_id}] {name}: {title} — quality {art['quality']['score']:.2f}"
            f" ({flags}{notes})"
        )
    lines.append("")
    return lines


def _quote_md(quote: dict[str, Any]) -> str:
    backers = _cite(sorted({e["article"] for e in quote["support"]}))
    return f"- « {quote['text']} » ({quote['kind']}) {support_phrase(quote)}: {backers}"


def render(data: dict[str, Any]) -> str:
    """Markdown for a whole `stories.json` document."""
    articles = {a["id"]: a for a in data["articles"]}
    lines = ["# corroborate report", ""]
    for story in data["stories"]:
        lines += _story_md(story, articles)
    return "\n".join(lines)


def write(data: dict[str, Any], path: Path) -> None:
    """Write `report.md`."""
    path.write_text(render(data), encoding="utf-8")
