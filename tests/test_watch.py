"""Watch mode against a feed and pages the test serves itself on 127.0.0.1.

The feed gains articles between polls (the project's own sample articles and test fixtures);
the first poll runs in a watcher process killed with SIGKILL while it waits for the next one,
and the later polls start again from the store alone.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import pytest

from conftest import EXAMPLES, FIXTURES, ROOT
from corroborate.pipeline import run
from corroborate.settings import SETTINGS
from corroborate.store import Store
from corroborate.watch import Watcher, parse_every

TIMEOUT = 240.0
ROBOTS = "User-agent: *\nDisallow: /private/\n"


class Site:
    """Pages by path, with ETags, a log of (path, status) and robots.txt."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[bytes, str]] = {"/robots.txt": (ROBOTS.encode(), "text/plain")}
        self.log: list[tuple[str, int]] = []
        self.modified = formatdate(usegmt=True)
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                page = site.pages.get(self.path)
                if page is None:
                    site.log.append((self.path, 404))
                    self.send_error(404)
                    return
                body, kind = page
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    site.log.append((self.path, 304))
                    self.send_response(304)
                    self.end_headers()
                    return
                site.log.append((self.path, 200))
                self.send_response(200)
                self.send_header("Content-Type", f"{kind}; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", site.modified)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.items: list[tuple[str, str, str]] = []  # (path, title, outlet)

    def add(self, path: str, title: str, body: str | None, outlet: str) -> None:
        """Publish one article page (none when `body` is None) and list it in the feed."""
        if body is not None:
            paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n") if p)
            page = (
                f"<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'><title>"
                f"{html.escape(title)}</title></head><body><article><h1>{html.escape(title)}"
                f"</h1>{paragraphs}</article></body></html>"
            )
            self.pages[path] = (page.encode(), "text/html")
        self.items.append((path, title, outlet))
        items = "".join(
            f"<item><title>{html.escape(t)}</title><link>{self.base}{p}</link>"
            f"<source url='{self.base}/'>{html.escape(o)}</source>"
            f"<pubDate>Tue, 14 May 2024 18:00:00 +0200</pubDate></item>"
            for p, t, o in self.items
        )
        feed = (
            "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
            f"<title>Fil régional</title><link>{self.base}/</link><language>fr</language>"
            f"{items}</channel></rss>"
        )
        self.pages["/feed.xml"] = (feed.encode(), "application/rss+xml")

    def fetched(self, path: str) -> int:
        """How many times a page was sent in full."""
        return sum(1 for p, status in self.log if p == path and status == 200)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _text_file(path: Path) -> tuple[str, str]:
    title, _, body = path.read_text(encoding="utf-8").partition("\n")
    return title.strip(), body


def _record(record_id: str) -> tuple[str, str]:
    for line in (EXAMPLES / "syndication-2024-05-14.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        if record["id"] == record_id:
            return record["title"], record["text"]
    raise KeyError(record_id)


@pytest.fixture
def site():
    served = Site()
    yield served
    served.close()


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _updates(out: Path) -> list[dict]:
    path = out / "updates.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.model
def test_three_polls_report_what_changed_and_a_kill_loses_and_repeats_nothing(
    site, tmp_path, analyzer
):
    db, out = tmp_path / "watch.db", tmp_path / "out"
    site.add("/a/courrier.html", *_text_file(EXAMPLES / "courrier-aulnette-barrage-menestrol.txt"),
             outlet="Le Courrier de l'Aulnette")
    site.add("/a/ouest.html", *_record("ouest-aulnette-menestrol"), outlet="Ouest-Aulnette")
    feed = f"{site.base}/feed.xml"

    # Poll 1 in a watcher process, killed with SIGKILL while it waits for its next poll.
    child = subprocess.Popen(
        [sys.executable, "-m", "corroborate.cli", "watch", feed, "--every", "1h", "--db", str(db),
         "--out", str(out), "--allow-private"],
        env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        while not _updates(out) and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.5)
        assert child.poll() is None, child.communicate()
    finally:
        child.send_signal(signal.SIGKILL)
        stdout, _ = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL
    first = _updates(out)
    assert [u["poll"] for u in first] == [1], stdout
    (dam,) = first
    assert dam["status"] == "new" and dam["new_outlets"] == ["Le Courrier de l'Aulnette",
                                                             "Ouest-Aulnette"]
    assert "poll 1: 2 new inputs, 1 story changed" in stdout

    # Poll 2, from the store alone: a new outlet with another count of evacuees.
    site.add("/a/radio.html", *_record("radio-plein-sud-menestrol"), outlet="Radio Plein Sud")
    settings = replace(SETTINGS, watch_host_delay=0.0)
    store = Store(db)
    watcher = Watcher([feed], store, out, settings, allow_private=True, analyzer=analyzer)
    second = watcher.poll()
    assert second.poll == 2 and second.new_inputs == 1, second
    (update,) = second.updates
    assert update["story"] == dam["story"] and update["status"] == "updated"
    assert update["new_outlets"] == ["Radio Plein Sud"]
    assert len(update["new_articles"]) == 1
    assert any("3000" in d.replace(" ", "") for d in update["new_disputes"]), update
    assert all(d not in dam["new_disputes"] for d in update["new_disputes"])
    assert any("3 000" in f for f in update["new_facts"])
    assert not set(update["new_facts"]) & set(dam["new_facts"])

    # Poll 3: one more outlet, and an entry robots.txt keeps us from fetching.
    site.add("/a/gazette.html", *_text_file(FIXTURES / "web" / "gazette-menestrol-inspection.txt"),
             outlet="La Gazette de Ménestrol")
    site.add("/private/draft.html", "Brouillon", None, outlet="Fil régional")
    third = watcher.poll()
    assert third.new_inputs == 1
    (update,) = third.updates
    assert update["new_outlets"] == ["La Gazette de Ménestrol"]
    assert not any("3000" in d.replace(" ", "") for d in update["new_disputes"])
    assert any("robots.txt disallows" in e for e in third.errors)

    # Poll 4, nothing new: the feed answers 304 and nothing else is asked for.
    before = len(site.log)
    fourth = watcher.poll()
    assert (fourth.new_inputs, fourth.updates, fourth.not_modified) == (0, [], [feed])
    assert [p for p, _ in site.log[before:]] == ["/robots.txt", "/feed.xml"]
    assert site.log[-1] == ("/feed.xml", 304)

    # Nothing lost, nothing repeated: each page fetched once, each article stored once, every
    # update once in the JSON lines and in the Atom feed.
    for page in ("/a/courrier.html", "/a/ouest.html", "/a/radio.html", "/a/gazette.html"):
        assert site.fetched(page) == 1, page
    assert not any(p.startswith("/private/") for p, _ in site.log)
    assert store.count("articles") == store.count("documents") == 4
    lines = _updates(out)
    assert [u["poll"] for u in lines] == [1, 2, 3]
    assert len({u["seq"] for u in lines}) == 3
    atom = feedparser.parse((out / "updates.xml").read_bytes())
    assert [e.id for e in atom.entries] == [f"urn:corroborate:update:{u['seq']}"
                                            for u in reversed(lines)]
    assert "1 new outlet" in atom.entries[1].title and "Radio Plein Sud" in atom.entries[1].summary
    store.close()


def test_every_reads_seconds_minutes_and_hours():
    assert [parse_every(t) for t in ("90", "30s", "5m", "1.5h")] == [90, 30, 300, 5400]
    for bad in ("", "5x", "-1m", "0"):
        with pytest.raises(ValueError):
            parse_every(bad)


@pytest.mark.model
def test_a_folder_is_read_once_and_a_private_feed_refused(tmp_path, analyzer):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "club.txt").write_bytes((FIXTURES / "ingest" / "club.txt").read_bytes())
    store = Store(tmp_path / "w.db")
    # A story the store had before watching is the baseline, not an update.
    run([str(EXAMPLES / "us-pontivel-coupe.txt")], store, analyzer=analyzer)
    watcher = Watcher([str(folder), "http://127.0.0.1:9/feed.xml"], store, tmp_path / "out",
                      analyzer=analyzer)
    first = watcher.poll()
    assert first.new_inputs == 1 and len(first.updates) == 1
    assert first.updates[0]["new_articles"] == ["club"], first.updates
    assert any("loopback" in e and "127.0.0.1" in e for e in first.errors), first.errors
    again = watcher.poll()
    assert (again.new_inputs, again.updates) == (0, [])
    store.close()


@pytest.mark.model
def test_a_story_that_joins_an_arc_is_reported_on_both_sides(tmp_path, analyzer):
    # The storm fixture: day one and an unrelated museum opening first, the minister's visit
    # three days later in the next poll; the visit joins the storm's arc, the museum never.
    records = {
        json.loads(line)["id"]: line
        for line in (FIXTURES / "arcs" / "articles.jsonl").read_text("utf-8").splitlines()
    }
    folder = tmp_path / "in"
    folder.mkdir()
    first = ["arc-01", "arc-02", "arc-03", "arc-10", "arc-11", "arc-12"]
    (folder / "a.jsonl").write_text("\n".join(records[r] for r in first) + "\n", "utf-8")
    store = Store(tmp_path / "w.db")
    watcher = Watcher([str(folder)], store, tmp_path / "out", analyzer=analyzer)
    one = watcher.poll()
    assert len(one.updates) == 2 and all(u["new_arc_stories"] == [] for u in one.updates)
    storm = next(u["story"] for u in one.updates if "arc-01" in u["new_articles"])
    museum = next(u["story"] for u in one.updates if "arc-10" in u["new_articles"])

    (folder / "b.jsonl").write_text(
        "\n".join(records[r] for r in ("arc-04", "arc-05", "arc-06")) + "\n", "utf-8")
    two = watcher.poll()
    by_story = {u["story"]: u for u in two.updates}
    visit = next(s for s, u in by_story.items() if "arc-04" in u["new_articles"])
    assert by_story[visit]["new_arc_stories"] == [storm]
    assert by_story[storm]["new_arc_stories"] == [visit]
    assert by_story[storm]["arc"] == by_story[visit]["arc"] is not None
    assert by_story[storm]["new_articles"] == []
    assert museum not in by_story
    assert "1 new story in its arc" in (tmp_path / "out" / "updates.xml").read_text("utf-8")

    three = watcher.poll()
    assert three.updates == []
    store.close()
