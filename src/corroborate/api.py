"""The library's face: `check()` runs the whole pipeline on texts, records or paths.

The result is a `Report` whose stories, facts and quotes are typed views of the documented
`stories.json` contract, so what a script reads is what the JSON file holds.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corroborate.ingest import Source
from corroborate.settings import SETTINGS, Settings
from corroborate.store import Store

Input = str | os.PathLike[str] | dict[str, Any]
_URL = re.compile(r"^https?://\S+$", re.I)


@dataclass(frozen=True)
class Evidence:
    """One article's exact words for a fact or a quote (a substring of its text)."""

    article: str
    text: str
    value: Any = None


@dataclass(frozen=True)
class Fact:
    """A claim, the articles that state it and those that state another value."""

    id: str
    statement: str
    kind: str
    value: Any
    support: list[Evidence]
    disputed_by: list[Evidence]
    data: dict[str, Any] = field(repr=False)


@dataclass(frozen=True)
class Quote:
    """Words said by someone, with the articles that report them."""

    id: str
    speaker: str | None
    text: str
    support: list[Evidence]
    data: dict[str, Any] = field(repr=False)


@dataclass(frozen=True)
class Story:
    """One real-world event: its articles, summary, facts, quotes and conflicts."""

    id: str
    title: str
    date: str | None
    articles: list[str]
    summary: list[str]
    facts: list[Fact]
    quotes: list[Quote]
    conflicts: list[dict[str, Any]]
    data: dict[str, Any] = field(repr=False)


@dataclass(frozen=True)
class Article:
    """One input after cleaning: where it came from, its text and its quality."""

    id: str
    outlet: str | None
    title: str | None
    date: str | None
    url: str | None
    text: str
    story: str | None
    data: dict[str, Any] = field(repr=False)


@dataclass
class Report:
    """What `check()` found: stories, articles, the per-input errors, as views of stories.json."""

    data: dict[str, Any]
    errors: list[str]
    stories: list[Story]
    articles: list[Article]
    counts: dict[str, int] = field(default_factory=dict)  # inputs, new, failed, analysed, ...

    @classmethod
    def from_dict(
        cls, data: dict[str, Any], errors: Iterable[str] = (), counts: dict[str, int] | None = None
    ) -> Report:
        """Build the views over a stories.json document."""
        return cls(
            data=data,
            errors=list(errors),
            stories=[_story(s) for s in data.get("stories", [])],
            articles=[_article(a) for a in data.get("articles", [])],
            counts=dict(counts or {}),
        )

    @property
    def facts(self) -> list[Fact]:
        """Every story's facts, story by story."""
        return [f for s in self.stories for f in s.facts]

    @property
    def quotes(self) -> list[Quote]:
        """Every story's quotes, story by story."""
        return [q for s in self.stories for q in s.quotes]

    def story(self, story_id: str) -> Story | None:
        """The story with this id, or None."""
        return next((s for s in self.stories if s.id == story_id), None)

    def to_json(self, indent: int | None = 1) -> str:
        """The report as the stories.json contract writes it."""
        return json.dumps(self.data, ensure_ascii=False, indent=indent)

    def write(self, out_dir: str | os.PathLike[str]) -> Path:
        """Write stories.json, report.md and the static HTML site into `out_dir`."""
        from corroborate.render import write_markdown, write_site

        folder = Path(out_dir)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "stories.json").write_text(self.to_json(), encoding="utf-8")
        write_markdown(self.data, folder / "report.md")
        write_site(self.data, folder)
        return folder


def check(
    inputs: Input | Iterable[Input],
    db: str | os.PathLike[str] | None = None,
    *,
    settings: Settings = SETTINGS,
    progress: Callable[[str, int, int], None] | None = None,
    engine: str = "local",
) -> Report:
    """Cross-check articles and return the report of the stories they belong to.

    A `str` is an article's text, unless it is one line naming an http(s) URL or files on
    disk (a file, folder or glob); a `Path` is a file, folder or glob; a `dict` is a record
    as in JSON lines (`text` or `html`, `id`, `url`, `outlet`, `title`, `date`, `lang`).
    With `db`, analyses and stories are kept in that SQLite store and later calls add to it;
    without, nothing is written to disk. `engine="ray"` runs extraction and analysis on Ray
    (the `corroborate[ray]` extra); the stories are the same.
    """
    from corroborate.engine import engine as make_engine
    from corroborate.pipeline import run
    from corroborate.render import report_dict

    sources = [_source(item) for item in _items(inputs)]
    runner = make_engine(engine, settings)
    store = Store(":memory:" if db is None else Path(db))
    try:
        if progress is None:
            result = run(sources, store, settings, engine=runner)
        else:
            result = run(sources, store, settings, progress=progress, engine=runner)
        data = report_dict(result.report)
    finally:
        store.close()
    stats = result.stats
    counts = {
        "inputs": stats.inputs,
        "new": stats.documents_new,
        "failed": stats.failed,
        "analysed": stats.analysed,
        "reused": stats.analyses_reused,
        "stories": stats.stories,
    }
    return Report.from_dict(data, (e.line() for e in result.errors), counts)


def _items(inputs: Input | Iterable[Input]) -> list[Input]:
    if isinstance(inputs, str | dict | os.PathLike):
        return [inputs]
    return list(inputs)


def _source(item: Input) -> Source:
    if isinstance(item, dict):
        return item
    if isinstance(item, os.PathLike):
        return os.fspath(item)
    if isinstance(item, str):
        if _URL.match(item.strip()) or _names_files(item):
            return item.strip()
        return {"text": item}
    raise TypeError(f"cannot check a {type(item).__name__}: give a str, a Path or a dict")


def _names_files(text: str) -> bool:
    # An article's text is never one short line that names files on disk.
    from corroborate.ingest import expand

    line = text.strip()
    return "\n" not in line and 0 < len(line) < 1024 and expand(line) is not None


def _evidence(items: list[Any]) -> list[Evidence]:
    out = []
    for item in items:
        if isinstance(item, dict):
            out.append(Evidence(item.get("article", ""), item.get("text", ""), item.get("value")))
        else:
            out.append(Evidence(str(item), ""))
    return out


def _fact(d: dict[str, Any]) -> Fact:
    return Fact(
        id=d["id"],
        statement=d.get("statement", ""),
        kind=d.get("kind", ""),
        value=d.get("value"),
        support=_evidence(d.get("support", [])),
        disputed_by=_evidence(d.get("disputed_by", [])),
        data=d,
    )


def _quote(d: dict[str, Any]) -> Quote:
    return Quote(
        id=d["id"],
        speaker=d.get("speaker"),
        text=d.get("text", ""),
        support=_evidence(d.get("support", [])),
        data=d,
    )


def _story(d: dict[str, Any]) -> Story:
    return Story(
        id=d["id"],
        title=d.get("title", ""),
        date=d.get("date"),
        articles=list(d.get("articles", [])),
        summary=[s.get("text", "") for s in d.get("summary", []) if isinstance(s, dict)],
        facts=[_fact(f) for f in d.get("facts", [])],
        quotes=[_quote(q) for q in d.get("quotes", [])],
        conflicts=list(d.get("conflicts", [])),
        data=d,
    )


def _article(d: dict[str, Any]) -> Article:
    return Article(
        id=d["id"],
        outlet=d.get("outlet"),
        title=d.get("title"),
        date=d.get("date"),
        url=d.get("url"),
        text=d.get("text", ""),
        story=d.get("story"),
        data=d,
    )
