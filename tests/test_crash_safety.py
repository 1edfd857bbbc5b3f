"""A run killed with SIGKILL leaves a sound store, and the re-run finishes what it left.

The kill points are found by watching the store from outside (no hook in the product): a
migrated store means reading is about to start, stored articles mean extraction committed and
analysis runs, a saved clusterer state means cross-checking has started.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.model

TIMEOUT = 240.0


def _command(out: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "corroborate.cli", "run", str(EXAMPLES), "--out", str(out),
            "--db", str(db)]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _count(db: Path, table: str) -> int:
    """Rows in a table, read from outside the run; 0 while the table does not exist yet."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1.0) as con:
            return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def _version(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1.0) as con:
            return con.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def _run(out: Path, db: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(_command(out, db), env=_env(), capture_output=True, text=True,
                          timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr
    return done


def _essence(report: Path) -> list[dict]:
    """What a report says, without its ids' numbering: members, facts and quotes per story."""
    data = json.loads(report.read_text(encoding="utf-8"))

    def support(item: dict) -> list[tuple[str, str]]:
        return sorted((s["article"], s["text"]) for s in item["support"])

    stories = [
        {
            "articles": sorted(s["articles"]),
            "facts": sorted(
                json.dumps([f["statement"], f["kind"], f.get("value"), support(f)],
                           ensure_ascii=False)
                for f in s["facts"]
            ),
            "quotes": sorted(
                json.dumps([q["speaker"], q["text"], q["kind"], support(q)], ensure_ascii=False)
                for q in s["quotes"]
            ),
        }
        for s in data["stories"]
    ]
    return sorted(stories, key=lambda s: s["articles"])


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory) -> list[dict]:
    base = tmp_path_factory.mktemp("whole")
    _run(base / "out", base / "s.db")
    return _essence(base / "out" / "stories.json")


@pytest.mark.parametrize(
    ("stage", "ready"),
    [
        # the store is open and migrated, nothing read into it yet
        ("extraction", lambda db: _count(db, "state") == 0 and db.exists()
         and _version(db) > 0),
        ("analysis", lambda db: _count(db, "articles") > 0),
        # the clusterer's state is saved just before stories are cross-checked
        ("cross-checking", lambda db: _count(db, "state") > 0),
    ],
)
def test_sigkill_leaves_a_sound_store_and_the_rerun_matches(stage, ready, uninterrupted,
                                                             tmp_path):
    db, out = tmp_path / "s.db", tmp_path / "out"
    child = subprocess.Popen(_command(out, db), env=_env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
    started = time.monotonic()
    try:
        while not ready(db):
            assert child.poll() is None, f"run ended before {stage}: {child.stderr.read()}"
            assert time.monotonic() - started < TIMEOUT, f"never reached {stage}"
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL, f"run finished before the kill at {stage}"

    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = _count(db, "analyses")

    rerun = _run(out, db)
    summary = next(line for line in rerun.stdout.splitlines() if " analysed, " in line)
    analysed = int(summary.split(" analysed, ")[0].rsplit(" ", 1)[1])
    reused = int(summary.split(" analysed, ")[1].split(" ")[0])
    assert reused == stored, summary  # nothing stored is analysed again
    assert analysed + reused == _count(db, "articles"), summary
    assert _essence(out / "stories.json") == uninterrupted


def test_a_second_run_on_a_busy_store_fails_with_one_line(tmp_path):
    db = tmp_path / "s.db"
    first = subprocess.Popen(_command(tmp_path / "one", db), env=_env(),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        started = time.monotonic()
        while _count(db, "articles") == 0:  # stored inside the lock, analysis is next
            assert first.poll() is None, first.stderr.read()
            assert time.monotonic() - started < TIMEOUT
            time.sleep(0.02)
        second = subprocess.run(_command(tmp_path / "two", db), env=_env(), capture_output=True,
                                text=True, timeout=TIMEOUT)
        assert first.poll() is None, "the first run ended before the second one started"
        assert second.returncode == 2
        lines = second.stderr.strip().splitlines()
        assert len(lines) == 1 and "error E022: store busy" in lines[0], second.stderr
        assert str(db) in lines[0]
        assert not (tmp_path / "two").exists()
        assert first.wait(timeout=TIMEOUT) == 0, first.stderr.read()
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
        first.stderr.close()
    assert json.loads((tmp_path / "one" / "stories.json").read_text(encoding="utf-8"))["stories"]
    # The lock goes with its run: a third run finds the store free.
    third = _run(tmp_path / "three", db)
    assert " 0 analysed, " in third.stdout

