"""The store's schema as small recorded migrations; the version lives in `PRAGMA user_version`."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]


def _run(db: sqlite3.Connection, script: str) -> None:
    """Each statement of `script` in the open transaction (`executescript` would commit first,
    and a run killed between a migration's tables and its version would leave them half-made)."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _m1(db: sqlite3.Connection) -> None:
    _run(
        db,
        """
        CREATE TABLE IF NOT EXISTS documents (
            sha TEXT PRIMARY KEY, id TEXT NOT NULL, origin TEXT NOT NULL, format TEXT NOT NULL,
            meta TEXT NOT NULL, content TEXT NOT NULL, added_at TEXT DEFAULT CURRENT_TIMESTAMP
        );
        CREATE TABLE IF NOT EXISTS articles (
            id TEXT PRIMARY KEY, doc_sha TEXT NOT NULL, sha TEXT NOT NULL, data TEXT NOT NULL,
            added_at TEXT DEFAULT CURRENT_TIMESTAMP
        );
        CREATE INDEX IF NOT EXISTS articles_doc ON articles(doc_sha);
        CREATE TABLE IF NOT EXISTS analyses (
            sha TEXT PRIMARY KEY, article_id TEXT NOT NULL, data BLOB NOT NULL
        );
        CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, data TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS briefs (
            story TEXT PRIMARY KEY, title TEXT NOT NULL, date TEXT, data BLOB NOT NULL,
            updated_at TEXT DEFAULT CURRENT_TIMESTAMP
        );
        """
    )


def _m2(db: sqlite3.Connection) -> None:
    # Full-text search over story titles and entity names for the web UI.
    _run(
        db,
        """
        CREATE VIRTUAL TABLE IF NOT EXISTS briefs_fts USING fts5(story UNINDEXED, title, entities);
        """
    )


def _m3(db: sqlite3.Connection) -> None:
    # Claims of every checked story and the outlet trust computed from them. New tables only:
    # the data stored before stays as it was.
    _run(
        db,
        """
        CREATE TABLE IF NOT EXISTS claims (
            story TEXT NOT NULL, item TEXT NOT NULL, outlet TEXT NOT NULL,
            witness TEXT NOT NULL, value TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS claims_story ON claims(story);
        CREATE TABLE IF NOT EXISTS outlet_trust (
            outlet TEXT PRIMARY KEY, trust REAL NOT NULL, claims INTEGER NOT NULL,
            backed INTEGER NOT NULL, contradicted INTEGER NOT NULL,
            updated_at TEXT DEFAULT CURRENT_TIMESTAMP
        );
        """
    )


def _m4(db: sqlite3.Connection) -> None:
    # Watch mode's per-story updates, numbered in the order they were found: the JSON lines
    # and the Atom feed are rewritten from this table, so a killed watcher repeats none.
    _run(
        db,
        """
        CREATE TABLE IF NOT EXISTS updates (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, poll INTEGER NOT NULL, story TEXT NOT NULL,
            data TEXT NOT NULL, added_at TEXT DEFAULT CURRENT_TIMESTAMP
        );
        """
    )


def _m5(db: sqlite3.Connection) -> None:
    # Inputs that failed extraction, by content hash: a re-run reports them again without
    # extracting them again, and an input that changed is tried afresh.
    _run(
        db,
        """
        CREATE TABLE IF NOT EXISTS failures (
            sha TEXT PRIMARY KEY, code TEXT NOT NULL, origin TEXT NOT NULL,
            message TEXT NOT NULL, added_at TEXT DEFAULT CURRENT_TIMESTAMP
        );
        """
    )


MIGRATIONS: list[Migration] = [_m1, _m2, _m3, _m4, _m5]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: sqlite3.Connection) -> None:
    """Apply the migrations the database has not seen yet, each in its own transaction with
    the version it reaches: a crash leaves a store at one version or the next, never between.
    Every step also creates only what is missing, so a store a crash left between (by an older
    version of this code) is completed."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
        db.execute("BEGIN IMMEDIATE")
        try:
            step(db)
            db.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
