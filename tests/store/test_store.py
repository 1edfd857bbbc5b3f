"""The SQLite store: round trips, content-hash keys, migrations and crash safety."""

from __future__ import annotations

import json
import sqlite3
import zlib

import pytest

from corroborate.codec import to_dict
from corroborate.errors import CorroborateError
from corroborate.store import Store
from corroborate.store.schema import SCHEMA_VERSION
from corroborate.types import (
    Analysis,
    Article,
    Brief,
    Cited,
    Document,
    Entity,
    Mention,
    Removed,
    Span,
    Story,
    StoryCheck,
    Token,
)


def _article(article_id: str = "a1", sha: str = "h1") -> Article:
    return Article(
        id=article_id,
        source="x.txt",
        text="Le maire de Valbrune a démissionné mardi.",
        title="Démission à Valbrune",
        date="2024-05-14",
        lang="fr",
        removed=[Removed("Previous", "navigation")],
        sha=sha,
    )


def test_article_and_analysis_round_trip(tmp_path):
    store = Store(tmp_path / "c.db")
    doc = Document(id="a1", origin="x.txt", format="txt", content="raw", sha="d1")
    analysis = Analysis(
        article_id="a1",
        sha="h1",
        lang="fr",
        tokens=[Token(0, "Le", 0, "le", "DET", "det", 1)],
        sentences=[Span(0, 41, "Le maire de Valbrune a démissionné mardi.")],
        mentions=[Mention("Valbrune", "LOC", 12, 20, 0)],
    )
    with store.batch():
        store.put_document(doc)
        store.put_article(_article(), doc.sha)
        store.put_analysis(analysis)
    assert store.has_document("d1")
    assert store.article_for_document("d1") == _article()
    assert store.raw_text("a1") == "raw"
    assert store.analysis("h1") == analysis
    assert store.analysis("other") is None


def test_reopening_keeps_data_and_schema_version(tmp_path):
    path = tmp_path / "c.db"
    store = Store(path)
    with store.batch():
        store.put_article(_article(), "d1")
    store.close()
    again = Store(path)
    assert again.article("a1") == _article()
    version = again.db.execute("PRAGMA user_version").fetchone()[0]
    assert version == SCHEMA_VERSION
    mode = again.db.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_failed_batch_keeps_earlier_commits(tmp_path):
    store = Store(tmp_path / "c.db")
    with store.batch():
        store.put_article(_article("a1"), "d1")
    with pytest.raises(RuntimeError), store.batch():
        store.put_article(_article("a2"), "d2")
        raise RuntimeError("crash mid-batch")
    assert store.article("a1") is not None
    assert store.article("a2") is None


def test_briefs_are_searchable_by_title_and_entity(tmp_path):
    store = Store(tmp_path / "c.db")
    check = StoryCheck(
        story=Story(id="S1", articles=["a1"]),
        entities=[Entity("E1", "Ingrid Valmorel", "PER", ["Valmorel"], ["a1"], 2)],
    )
    brief = Brief(
        story="S1",
        title="Grève au port de Valbrune",
        date="2024-05-14",
        summary=[Cited("x", ["a1"])],
        check=check,
    )
    with store.batch():
        store.put_brief(brief)
    assert store.brief("S1") == brief
    assert store.search("Valbrune") == ["S1"]
    assert store.search("valmorel") == ["S1"]
    assert store.search("Lyon") == []
    with store.batch():
        store.delete_briefs_except(set())
    assert store.briefs() == []
    assert store.search("Valbrune") == []


def test_newer_schema_is_refused_with_a_clear_error(tmp_path):
    path = tmp_path / "c.db"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    db.close()
    with pytest.raises(CorroborateError) as info:
        Store(path)
    assert "newer" in info.value.line()


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "c.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(CorroborateError) as info:
        Store(path)
    assert str(path) in info.value.line()


def test_analyses_are_stored_as_tables_and_older_records_still_load(tmp_path):
    store = Store(tmp_path / "c.db")
    tokens = [Token(0, "Le", 0, "le", "DET", "det", 1), Token(1, "maire", 3, "maire", "NOUN",
                                                              "nsubj", 1, morph="Gender=Masc")]
    analysis = Analysis("a1", "h1", "fr", tokens, [Span(0, 8, "Le maire")])
    with store.batch():
        store.put_analysis(analysis)
    blob = store.db.execute("SELECT data FROM analyses WHERE sha='h1'").fetchone()[0]
    stored = json.loads(zlib.decompress(blob))
    assert stored["tokens"]["rows"][1][:3] == [1, "maire", 3]
    assert "morph" in stored["tokens"]["columns"]
    assert store.analysis("h1") == analysis
    # A record written one field per token, or with columns in another order, reads the same.
    older = json.dumps(to_dict(analysis))
    shuffled = dict(stored, tokens={"columns": stored["tokens"]["columns"][::-1],
                                    "rows": [row[::-1] for row in stored["tokens"]["rows"]]})
    for text in (older, json.dumps(shuffled)):
        with store.batch():
            store.db.execute("UPDATE analyses SET data=? WHERE sha='h1'",
                             (zlib.compress(text.encode()),))
        assert store.analysis("h1") == analysis


def test_one_run_at_a_time_holds_the_lock_until_released(tmp_path):
    first, second = Store(tmp_path / "s.db"), Store(tmp_path / "s.db")
    with first.exclusive():
        with pytest.raises(CorroborateError) as busy, second.exclusive():
            pass
        assert busy.value.code.name == "E022"
        assert "store busy" in busy.value.line()
        assert str(tmp_path / "s.db") in busy.value.line()
    with second.exclusive():  # released with the block
        second.put_state("k", 1)
    first.close()
    second.close()


def test_a_migration_is_all_or_nothing_and_a_half_made_store_is_completed(tmp_path):
    from corroborate.store import schema

    path = tmp_path / "s.db"
    db = sqlite3.connect(path)
    with db:
        schema.MIGRATIONS[0](db)
        db.execute("PRAGMA user_version = 1")
    # A migration that fails after its first table: neither the table nor the version stays.
    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half (x)")
        raise RuntimeError("killed")

    steps = list(schema.MIGRATIONS)
    schema.MIGRATIONS[1:] = [broken]
    try:
        with pytest.raises(RuntimeError):
            schema.migrate(db)
    finally:
        schema.MIGRATIONS[:] = steps
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    assert not db.execute("SELECT name FROM sqlite_master WHERE name='half'").fetchall()
    # A store an older version left between two steps (the search table made, its version
    # not written) opens and reaches the current schema.
    db.execute("CREATE VIRTUAL TABLE briefs_fts USING fts5(story UNINDEXED, title, entities)")
    db.close()
    store = Store(path)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    store.close()
