"""Watch mode: poll feeds and folders, ingest what is new, report per story what changed.

A poll fetches each feed with a conditional GET (ETag, Last-Modified), fetches the page of
every entry not seen before (robots.txt respected, one request per host at a time with a
delay between them, no private address reached unless allowed), runs the pipeline on the new
articles, and compares each story with its state at the last poll: new outlets, new facts, new
disputes, and an arc it joined (or that other stories joined). The updates go to the store
first and then to `updates.jsonl` and `updates.xml` (Atom), which are rewritten from it; a
watcher killed at any point repeats nothing on restart and loses nothing, since what a poll
saw is saved in the same transaction as its updates.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from corroborate.analyze import Analyzer
from corroborate.errors import CorroborateError, E
from corroborate.ingest import (
    FEED_TYPES,
    HTML_TYPES,
    Fetched,
    Source,
    conditional_get,
    decode_body,
    expand,
    feed_entries,
    looks_like_feed,
    refusal,
    url_slug,
)
from corroborate.pipeline import ARCS_STATE, run
from corroborate.settings import SETTINGS, Settings
from corroborate.store import Store

ATOM = "http://www.w3.org/2005/Atom"
UNREACHABLE = "robots.txt cannot be read now; tried again at the next poll"
_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.I)
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> float:
    """Seconds in an interval like `90`, `30s`, `5m`, `1h`; ValueError otherwise."""
    match = _EVERY.match(text)
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"not an interval: {text!r} (try 30s, 5m or 1h)")
    return float(match.group(1)) * _UNITS[match.group(2).lower()]


@dataclass
class PollResult:
    """What one poll did: its number, the new inputs, the updates found, the errors met."""

    poll: int
    new_inputs: int = 0
    updates: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    not_modified: list[str] = field(default_factory=list)  # feeds that answered 304


class _Http:
    """Guarded, polite GETs: every hop checked against private addresses, robots.txt read
    once per host and poll, and a pause between two requests to the same host."""

    def __init__(self, settings: Settings, allow_private: bool) -> None:
        self.settings, self.allow_private = settings, allow_private
        self.last: dict[str, float] = {}
        self.robots: dict[str, RobotFileParser | None] = {}

    def _hop(self, request: httpx.Request) -> None:
        reason = refusal(str(request.url), self.allow_private)
        if reason:
            raise CorroborateError(E.E009, str(request.url), detail=reason)

    def get(self, url: str, etag: str | None = None, modified: str | None = None) -> Fetched:
        host = urlsplit(url).netloc.lower()
        wait = self.last.get(host, 0.0) + self.settings.watch_host_delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        try:
            return conditional_get(url, self.settings, etag, modified, on_request=self._hop)
        finally:
            self.last[host] = time.monotonic()

    def allowed(self, url: str) -> bool | None:
        """Whether robots.txt lets us fetch `url`: a missing file allows all; None while the
        server fails (5xx, no answer), to try again at the next poll. A refused host is E009."""
        reason = refusal(url, self.allow_private)
        if reason:
            raise CorroborateError(E.E009, url, detail=reason)
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}".lower()
        if host not in self.robots:
            rules: RobotFileParser | None = RobotFileParser()
            try:
                got: Fetched | None = self.get(host + "/robots.txt")
            except CorroborateError:
                got = None
            if got is None or got.status >= 500:
                rules = None
            elif got.status >= 400:
                rules.allow_all = True  # type: ignore[union-attr]
            else:
                text = got.body.decode("utf-8", errors="replace")
                rules.parse(text.splitlines())  # type: ignore[union-attr]
            self.robots[host] = rules
        rules = self.robots[host]
        return None if rules is None else rules.can_fetch(self.settings.robots_agent, url)


class Watcher:
    """Polls the same sources again and again into one store, writing updates to `out_dir`."""

    def __init__(
        self,
        sources: list[str],
        store: Store,
        out_dir: Path,
        settings: Settings = SETTINGS,
        allow_private: bool = False,
        analyzer: Analyzer | None = None,
    ) -> None:
        self.sources, self.store, self.out_dir = sources, store, out_dir
        self.settings, self.allow_private = settings, allow_private
        self.analyzer = analyzer or Analyzer(settings)  # loaded once for every poll

    def poll(self) -> PollResult:
        """One poll: fetch, ingest, compare, record; the store holds the run lock throughout."""
        with self.store.exclusive():
            return self._poll()

    def _poll(self) -> PollResult:
        store = self.store
        number = int(store.get_state("watch:poll") or 0) + 1
        result = PollResult(number)
        validators: dict[str, dict[str, str | None]] = store.get_state("watch:feeds") or {}
        seen = set(store.get_state("watch:seen") or [])
        if store.get_state("watch:snapshot") is None:
            # A store filled by `run` before: its stories are the baseline, not news. Saved
            # before this poll's run, so that a kill during it still reports what it added.
            with store.batch():
                store.put_state("watch:snapshot", snapshot(store))
        http = _Http(self.settings, self.allow_private)
        inputs: list[Source] = []
        fresh: list[str] = []
        for source in self.sources:
            if re.match(r"^https?://", source, re.I):
                self._feed(source, http, validators, seen, inputs, fresh, result)
            else:
                self._folder(source, seen, inputs, fresh, result)
        result.new_inputs = len(inputs)
        if inputs:
            outcome = run(inputs, store, self.settings, analyzer=self.analyzer)
            result.errors.extend(e.line() for e in outcome.errors)
        before = store.get_state("watch:snapshot")
        now = snapshot(store)
        result.updates = changes(before, now, number)
        with store.batch():
            store.put_updates(number, result.updates)
            store.put_state("watch:poll", number)
            store.put_state("watch:feeds", validators)
            store.put_state("watch:seen", sorted(seen | set(fresh)))
            store.put_state("watch:snapshot", now)
        write_updates(store, self.out_dir, self.settings.watch_feed_entries)
        return result

    def _folder(
        self, source: str, seen: set[str], inputs: list[Source], fresh: list[str],
        result: PollResult,
    ) -> None:
        files = expand(source)
        if files is None:
            result.errors.append(CorroborateError(E.E012, source, detail=source).line())
            return
        for path in files:
            stat = path.stat()
            # A file written again is read again; the store skips it if its text is the same.
            key = f"file:{path.resolve()}:{stat.st_mtime_ns}:{stat.st_size}"
            if key not in seen:
                inputs.append(str(path))
                fresh.append(key)

    def _feed(
        self,
        url: str,
        http: _Http,
        validators: dict[str, dict[str, str | None]],
        seen: set[str],
        inputs: list[Source],
        fresh: list[str],
        result: PollResult,
    ) -> None:
        try:
            verdict = http.allowed(url)
            if not verdict:
                why = "robots.txt disallows it" if verdict is False else UNREACHABLE
                raise CorroborateError(E.E009, url, detail=why)
            known = validators.get(url, {})
            got = http.get(url, known.get("etag"), known.get("modified"))
            if got.status == 304:
                result.not_modified.append(url)
                return
            if got.status >= 400:
                raise CorroborateError(E.E009, url, detail=f"HTTP {got.status}")
            text = decode_body(got.body, got.content_type, url)
        except CorroborateError as exc:
            result.errors.append(exc.line())
            return
        if not (got.content_type.startswith(FEED_TYPES) or looks_like_feed(text)):
            result.errors.append(CorroborateError(E.E011, url, detail="not a feed").line())
            return
        entries, reason = feed_entries(text)
        if reason:
            result.errors.append(CorroborateError(E.E011, url, detail=reason).line())
            return
        complete = True
        for entry in entries:
            link, body = entry["url"], entry["body"] or ""
            key = f"url:{link}" if link else "entry:" + hashlib.sha256(body.encode()).hexdigest()
            if key in seen or key in fresh:
                continue
            record = self._entry(entry, http, result)
            if record is None:
                complete = False  # tried again at the next poll, with the feed fetched in full
                continue
            if record:
                inputs.append(record)
            fresh.append(key)
        if complete:
            validators[url] = {"etag": got.etag, "modified": got.modified}

    def _entry(
        self, entry: dict[str, str | None], http: _Http, result: PollResult
    ) -> dict[str, Any] | None:
        """The record of one new entry: its page when robots.txt allows and it answers, else
        the feed's own text; {} for an entry with neither, None to try again later."""
        link, body = entry["url"], (entry["body"] or "").strip()
        meta = {k: entry[k] for k in ("url", "title", "date", "lang", "outlet") if entry[k]}
        if link and re.match(r"^https?://", link, re.I):
            try:
                verdict = http.allowed(link)
            except CorroborateError as exc:  # a refused host: its page is never fetched
                result.errors.append(exc.line())
                verdict = False
                refused = True
            else:
                refused = False
            if verdict is None:
                result.errors.append(CorroborateError(E.E009, link, detail=UNREACHABLE).line())
                return None
            if verdict:
                page = self._page(link, meta, http, result)
                if page is not False:
                    return page
            elif not refused:
                result.errors.append(
                    CorroborateError(E.E009, link, detail="robots.txt disallows it").line()
                )
        if not body:
            return {}
        field_name = "html" if "</" in body else "text"
        return {"id": url_slug(link) if link else None, **meta, field_name: body}


    def _page(
        self, link: str, meta: dict[str, str | None], http: _Http, result: PollResult
    ) -> dict[str, Any] | bool | None:
        """The record of an entry's page; None to try again later, False to fall back on the
        feed's text (the page is gone or is not HTML)."""
        try:
            got = http.get(link)
        except CorroborateError as exc:
            result.errors.append(exc.line())
            return None
        if got.status >= 500:
            result.errors.append(CorroborateError(E.E009, link, detail=f"HTTP {got.status}").line())
            return None
        if got.status >= 400 or not got.content_type.startswith(HTML_TYPES):
            return False
        try:
            html = decode_body(got.body, got.content_type, link)
        except CorroborateError as exc:
            result.errors.append(exc.line())
            return False
        return {"id": url_slug(got.url), **meta, "html": html}


def snapshot(store: Store) -> dict[str, dict[str, Any]]:
    """Each stored story as watch mode compares it: articles, outlets, facts, disputes, and
    the other stories of its arc."""
    stories: dict[str, dict[str, Any]] = {}
    outlet_of: dict[str, str | None] = {}
    arcs: dict[str, list[str]] = (store.get_state(ARCS_STATE) or {}).get("arcs", {})
    arc_of = {s: (arc, members) for arc, members in arcs.items() for s in members}
    for brief in store.briefs():
        check = brief.check
        members = check.story.articles
        for article in store.articles([a for a in members if a not in outlet_of]):
            outlet_of[article.id] = article.outlet
        stories[brief.story] = {
            "title": brief.title,
            "articles": sorted(members),
            "outlets": sorted({o for a in members if (o := outlet_of.get(a))}),
            # A fact by its statement and the spans that back it: a new backer may change
            # which words state it, and it is the same fact still.
            "facts": sorted(
                [f.statement, sorted({f"{e.article}:{e.text}" for e in f.support})]
                for f in check.facts
            ),
            "disputes": sorted({c.about for c in check.conflicts}),
        }
        arc, members = arc_of.get(brief.story, (None, []))
        # An arc of one story is no arc yet: nothing links it to another event.
        stories[brief.story]["arc"] = [arc, [s for s in members if s != brief.story]] if (
            len(members) > 1) else None
    return stories


def changes(
    before: dict[str, dict[str, Any]], now: dict[str, dict[str, Any]], poll: int
) -> list[dict[str, Any]]:
    """Per story, what `now` has that `before` had not; a story merged from others is
    compared with all of them."""
    at = datetime.now(UTC).isoformat(timespec="seconds")
    updates = []
    for story_id, story in sorted(now.items()):
        if story_id in before:
            earlier = [before[story_id]]
        else:
            earlier = [s for s in before.values() if set(s["articles"]) & set(story["articles"])]
        added = {
            key: [x for x in story[key] if not any(x in old[key] for old in earlier)]
            for key in ("articles", "outlets", "disputes")
        }
        # New only when neither its statement nor any span backing it was there before.
        said = {statement for old in earlier for statement, _ in old["facts"]}
        spans = {span for old in earlier for _, backers in old["facts"] for span in backers}
        added["facts"] = [
            statement for statement, backers in story["facts"]
            if statement not in said and not spans & set(backers)
        ]
        # Arc stories are named as the store knew them; old snapshots have no "arc" key.
        was = {s for old in earlier if old.get("arc") for s in old["arc"][1]}
        arc = story.get("arc")
        added["arc_stories"] = [s for s in arc[1] if s not in was] if arc else []
        if not any(added.values()):
            continue
        updates.append({
            "poll": poll,
            "at": at,
            "story": story_id,
            "title": story["title"],
            "status": "updated" if earlier else "new",
            "new_articles": added["articles"],
            "new_outlets": added["outlets"],
            "new_facts": added["facts"],
            "new_disputes": added["disputes"],
            "arc": arc[0] if arc else None,
            "new_arc_stories": added["arc_stories"],
            "articles": len(story["articles"]),
            "outlets": len(story["outlets"]),
        })
    return updates


def headline(update: dict[str, Any]) -> str:
    """One line for an update: the story and what it gained."""
    parts = []
    for key, one, many in (
        ("new_articles", "article", "articles"),
        ("new_outlets", "outlet", "outlets"),
        ("new_facts", "fact", "facts"),
        ("new_disputes", "dispute", "disputes"),
        ("new_arc_stories", "story in its arc", "stories in its arc"),
    ):
        n = len(update.get(key, []))
        if n:
            parts.append(f"{n} new {one if n == 1 else many}")
    kind = "new story" if update["status"] == "new" else "story"
    return f"{kind} {update['story']} «{update['title']}»: {', '.join(parts)}"


def write_updates(store: Store, out_dir: Path, feed_entries_kept: int = 100) -> None:
    """Rewrite `updates.jsonl` (every update) and `updates.xml` (an Atom feed of the latest)
    from the store, each through a temporary file so that no reader sees half of one."""
    out_dir.mkdir(parents=True, exist_ok=True)
    updates = store.updates()
    lines = "".join(json.dumps(u, ensure_ascii=False) + "\n" for u in updates)
    _replace(out_dir / "updates.jsonl", lines.encode("utf-8"))
    _replace(out_dir / "updates.xml", atom(updates[-feed_entries_kept:]))


def atom(updates: list[dict[str, Any]]) -> bytes:
    """An Atom feed of updates, newest first."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    newest = updates[-1]["at"] if updates else datetime.now(UTC).isoformat(timespec="seconds")
    for tag, text in (
        ("id", "urn:corroborate:updates"),
        ("title", "corroborate: what changed in the stories"),
        ("updated", newest),
    ):
        ET.SubElement(feed, f"{{{ATOM}}}{tag}").text = text
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "corroborate"
    for update in reversed(updates):
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"urn:corroborate:update:{update['seq']}"
        ET.SubElement(entry, f"{{{ATOM}}}title").text = headline(update)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = update["at"]
        body = [f"Poll {update['poll']}."]
        for key, label in (
            ("new_outlets", "New outlets"),
            ("new_disputes", "New disputes"),
            ("new_facts", "New facts"),
            ("new_articles", "New articles"),
            ("new_arc_stories", f"Arc {update.get('arc')}: new stories"),
        ):
            if update.get(key):
                body.append(f"{label}: " + "; ".join(update[key]))
        content = ET.SubElement(entry, f"{{{ATOM}}}content", type="text")
        content.text = "\n".join(body)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _replace(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    partial.replace(path)
