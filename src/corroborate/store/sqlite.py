"""SQLite store: documents, articles, analyses keyed by content hash, clusterer state, briefs."""

from __future__ import annotations

import fcntl
import json
import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from corroborate.codec import dumps, loads
from corroborate.errors import CorroborateError, E, restore_error
from corroborate.store.schema import SCHEMA_VERSION, migrate
from corroborate.types import Analysis, Article, Brief, Claim, Document, OutletTrust

# The fastest zlib level: analyses are written once per article on the hot path, and level 6
# would take three times as long to save a fifth of the space.
COMPRESSION = 1


class Store:
    """One SQLite file in WAL mode; every write happens inside `batch()` transactions."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._held = 0  # depth of `exclusive()` blocks this object is inside
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise CorroborateError(
                    E.E020, self.path, detail=f"schema {version} is newer than this version knows"
                )
            migrate(self.db)
        except sqlite3.DatabaseError as exc:
            raise CorroborateError(E.E020, self.path, detail=str(exc)) from None

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """One transaction: everything inside commits together or not at all."""
        with self.db:
            yield

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the store's run lock (a `.lock` file beside it) for the block, or fail at once
        with E022 when another run holds it: two runs interleaving would each save a clusterer
        state that lacks the other's articles."""
        if self.path == ":memory:" or self._held:
            # Re-entrant: a watcher holds the lock over a poll and the run inside it.
            self._held += 1
            try:
                yield
            finally:
                self._held -= 1
            return
        # flock, not a lock file's mere presence: the kernel drops it when its process dies,
        # so a killed run never leaves the store locked.
        handle = open(self.path + ".lock", "a")  # noqa: SIM115 (held for the whole block)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise CorroborateError(
                E.E022, self.path, detail=f"another run is writing to it ({self.path}.lock)"
            ) from None
        self._held = 1
        try:
            yield
        finally:
            self._held = 0
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()

    # documents and articles
    def has_document(self, sha: str) -> bool:
        """Whether this exact input was stored before."""
        row = self.db.execute("SELECT 1 FROM documents WHERE sha=?", (sha,)).fetchone()
        return row is not None

    def put_document(self, doc: Document) -> None:
        """Keep the raw input, so removed chrome can always be shown against it."""
        self.db.execute(
            "INSERT OR IGNORE INTO documents(sha, id, origin, format, meta, content)"
            " VALUES (?,?,?,?,?,?)",
            (doc.sha, doc.id, doc.origin, doc.format, json.dumps(doc.meta), doc.content),
        )

    def raw_text(self, article_id: str) -> str | None:
        """The raw input an article was extracted from."""
        row = self.db.execute(
            "SELECT d.content FROM documents d JOIN articles a ON a.doc_sha = d.sha WHERE a.id=?",
            (article_id,),
        ).fetchone()
        return row[0] if row else None

    def article_for_document(self, doc_sha: str) -> Article | None:
        """The article already extracted from this exact input, if any."""
        row = self.db.execute("SELECT data FROM articles WHERE doc_sha=?", (doc_sha,)).fetchone()
        return loads(Article, row[0]) if row else None

    def failure_for(self, doc_sha: str) -> CorroborateError | None:
        """The error this exact input failed with before, if it did."""
        row = self.db.execute(
            "SELECT code, origin, message FROM failures WHERE sha=?", (doc_sha,)
        ).fetchone()
        if row is None or row[0] not in E.__members__:
            return None
        return restore_error(E[row[0]], row[1], row[2])

    def put_failure(self, doc_sha: str, error: CorroborateError) -> None:
        """Record that this exact input failed extraction, with its error."""
        self.db.execute(
            "INSERT OR REPLACE INTO failures(sha, code, origin, message) VALUES (?,?,?,?)",
            (doc_sha, error.code.name, error.origin, error.message),
        )

    def put_article(self, article: Article, doc_sha: str) -> None:
        """Store (or replace) an article under its id."""
        self.db.execute(
            "INSERT INTO articles(id, doc_sha, sha, data) VALUES (?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET doc_sha=excluded.doc_sha, sha=excluded.sha,"
            " data=excluded.data",
            (article.id, doc_sha, article.sha, dumps(article)),
        )

    def update_article(self, article: Article) -> None:
        """Replace a stored article's content, keeping the input it came from."""
        self.db.execute(
            "UPDATE articles SET sha=?, data=? WHERE id=?",
            (article.sha, dumps(article), article.id),
        )

    def article(self, article_id: str) -> Article | None:
        """One article by id."""
        row = self.db.execute("SELECT data FROM articles WHERE id=?", (article_id,)).fetchone()
        return loads(Article, row[0]) if row else None

    def articles(self, ids: list[str] | None = None) -> list[Article]:
        """Articles by id (in that order), or all of them in insertion order."""
        if ids is None:
            rows = self.db.execute("SELECT data FROM articles ORDER BY rowid").fetchall()
            return [loads(Article, r[0]) for r in rows]
        found = {a.id: a for a in (self.article(i) for i in ids) if a}
        return [found[i] for i in ids if i in found]

    def count(self, table: str) -> int:
        """Rows in one of the store's tables."""
        if table not in {
            "documents", "articles", "analyses", "briefs", "claims", "outlet_trust", "updates"
        }:
            raise ValueError(table)
        return self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    # analyses
    def has_analysis(self, sha: str) -> bool:
        """Whether an article with this content hash was analysed before."""
        return self.db.execute("SELECT 1 FROM analyses WHERE sha=?", (sha,)).fetchone() is not None

    def put_analysis(self, analysis: Analysis) -> None:
        """Store an analysis under the content hash of its article."""
        kept = replace(analysis, meaning=[]) if analysis.meaning else analysis
        blob = zlib.compress(dumps(kept).encode("utf-8"), COMPRESSION)
        self.db.execute(
            "INSERT OR REPLACE INTO analyses(sha, article_id, data) VALUES (?,?,?)",
            (analysis.sha, analysis.article_id, blob),
        )

    def analysis(self, sha: str) -> Analysis | None:
        """The stored analysis for an article content hash."""
        row = self.db.execute("SELECT data FROM analyses WHERE sha=?", (sha,)).fetchone()
        return loads(Analysis, zlib.decompress(row[0])) if row else None

    # state and briefs
    def get_state(self, key: str) -> Any:
        """A JSON value kept between runs (the clusterer's state)."""
        row = self.db.execute("SELECT data FROM state WHERE key=?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def put_state(self, key: str, value: Any) -> None:
        """Keep a JSON value between runs."""
        self.db.execute(
            "INSERT OR REPLACE INTO state(key, data) VALUES (?,?)",
            (key, json.dumps(value, ensure_ascii=False)),
        )

    def put_brief(self, brief: Brief) -> None:
        """Store the brief of a story, and index its title and entity names for search."""
        blob = zlib.compress(dumps(brief).encode("utf-8"), COMPRESSION)
        self.db.execute(
            "INSERT OR REPLACE INTO briefs(story, title, date, data) VALUES (?,?,?,?)",
            (brief.story, brief.title, brief.date, blob),
        )
        names = " ".join(v for e in brief.check.entities for v in [e.name, *e.variants])
        self.db.execute("DELETE FROM briefs_fts WHERE story=?", (brief.story,))
        self.db.execute(
            "INSERT INTO briefs_fts(story, title, entities) VALUES (?,?,?)",
            (brief.story, brief.title, names),
        )

    def delete_briefs_except(self, keep: set[str]) -> None:
        """Drop briefs of stories that no longer exist (after a merge)."""
        for (story,) in self.db.execute("SELECT story FROM briefs").fetchall():
            if story not in keep:
                self.db.execute("DELETE FROM briefs WHERE story=?", (story,))
                self.db.execute("DELETE FROM briefs_fts WHERE story=?", (story,))
        # A story merged away takes its claims with it: they are the merged story's now.
        for (story,) in self.db.execute("SELECT DISTINCT story FROM claims").fetchall():
            if story not in keep:
                self.db.execute("DELETE FROM claims WHERE story=?", (story,))

    def brief(self, story: str) -> Brief | None:
        """One story's brief."""
        row = self.db.execute("SELECT data FROM briefs WHERE story=?", (story,)).fetchone()
        return loads(Brief, zlib.decompress(row[0])) if row else None

    def briefs(self) -> list[Brief]:
        """All briefs, newest event first."""
        rows = self.db.execute("SELECT data FROM briefs ORDER BY date DESC, story").fetchall()
        return [loads(Brief, zlib.decompress(r[0])) for r in rows]

    def search(self, query: str) -> list[str]:
        """Story ids whose title or entity names match a full-text query."""
        terms = " ".join(f'"{t}"' for t in query.replace('"', " ").split())
        if not terms:
            return []
        rows = self.db.execute(
            "SELECT story FROM briefs_fts WHERE briefs_fts MATCH ? ORDER BY rank", (terms,)
        ).fetchall()
        return [r[0] for r in rows]

    # claims and outlet trust
    def put_claims(self, story: str, claims: list[Claim]) -> None:
        """Replace the claims of one story (a re-checked story says everything again)."""
        self.db.execute("DELETE FROM claims WHERE story=?", (story,))
        self.db.executemany(
            "INSERT INTO claims(story, item, outlet, witness, value) VALUES (?,?,?,?,?)",
            [(c.story, c.item, c.outlet, c.witness, c.value) for c in claims],
        )

    def claims(self) -> list[Claim]:
        """Every stored claim, story by story."""
        rows = self.db.execute(
            "SELECT story, item, outlet, witness, value FROM claims ORDER BY rowid"
        ).fetchall()
        return [Claim(*r) for r in rows]

    def put_trust(self, trust: dict[str, OutletTrust]) -> None:
        """Keep the outlets' trust."""
        self.db.executemany(
            "INSERT INTO outlet_trust(outlet, trust, claims, backed, contradicted)"
            " VALUES (?,?,?,?,?) ON CONFLICT(outlet) DO UPDATE SET trust=excluded.trust,"
            " claims=excluded.claims, backed=excluded.backed,"
            " contradicted=excluded.contradicted, updated_at=CURRENT_TIMESTAMP",
            [(t.outlet, t.trust, t.claims, t.backed, t.contradicted) for t in trust.values()],
        )

    def trust(self) -> dict[str, OutletTrust]:
        """The stored trust of every outlet, by outlet."""
        rows = self.db.execute(
            "SELECT outlet, trust, claims, backed, contradicted FROM outlet_trust"
        ).fetchall()
        return {r[0]: OutletTrust(*r) for r in rows}

    # watch mode's updates
    def put_updates(self, poll: int, updates: list[dict[str, Any]]) -> None:
        """Append one poll's per-story updates (JSON objects with a `story` key)."""
        self.db.executemany(
            "INSERT INTO updates(poll, story, data) VALUES (?,?,?)",
            [(poll, u["story"], json.dumps(u, ensure_ascii=False)) for u in updates],
        )

    def updates(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Stored updates, oldest first (the last `limit` only, when given), each with its `seq`."""
        rows = self.db.execute(
            "SELECT seq, data FROM (SELECT seq, data FROM updates ORDER BY seq DESC LIMIT ?)"
            " ORDER BY seq",
            (-1 if limit is None else limit,),
        ).fetchall()
        return [{"seq": seq, **json.loads(data)} for seq, data in rows]
