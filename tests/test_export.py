"""`corroborate export --parquet`: the store's five tables, read back with DuckDB."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corroborate.cli import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
runner = CliRunner()
duckdb = pytest.importorskip("duckdb", reason="duckdb comes with the test extra")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The sample corpus run once, its stories.json, and its store exported as Parquet."""
    out = tmp_path_factory.mktemp("export")
    db = out / "c.db"
    result = runner.invoke(app, ["run", str(EXAMPLES), "--out", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    written = runner.invoke(app, ["export", "--parquet", str(out / "pq"), "--db", str(db)])
    assert written.exit_code == 0, written.output
    report = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    return report, out / "pq", written.output


def _query(sql: str) -> list[tuple]:
    return duckdb.connect().execute(sql).fetchall()


def test_every_table_is_written_and_read_back(exported):
    report, folder, output = exported
    for name in ("articles", "stories", "facts", "quotes", "conflicts"):
        assert (folder / f"{name}.parquet").is_file()
    path = folder.as_posix()
    assert _query(f"SELECT count(*) FROM '{path}/articles.parquet'")[0][0] == len(
        report["articles"]
    )
    stories = _query(f"SELECT id, title, len(articles) FROM '{path}/stories.parquet' ORDER BY id")
    expected = sorted((s["id"], s["title"], len(s["articles"])) for s in report["stories"])
    assert stories == expected
    facts = sum(len(s["facts"]) for s in report["stories"])
    assert _query(f"SELECT count(*) FROM '{path}/facts.parquet'")[0][0] == facts
    assert f"facts {facts}" in output


def test_rows_keep_their_story_and_their_evidence_spans(exported):
    report, folder, _ = exported
    path = folder.as_posix()
    texts = {a["id"]: a["text"] for a in report["articles"]}
    story_of = {a["id"]: a["story"] for a in report["articles"]}
    rows = _query(
        f"SELECT a.id, a.story FROM '{path}/articles.parquet' a WHERE a.story IS NOT NULL"
    )
    assert rows and all(story_of[i] == s for i, s in rows)
    conflicts = _query(
        f"SELECT story, about, unnest(items).article, unnest(items).text"
        f" FROM '{path}/conflicts.parquet'"
    )
    expected = sum(len(c["items"]) for s in report["stories"] for c in s["conflicts"])
    assert len(conflicts) == expected > 0
    for story, _, article, text in conflicts:
        assert story_of[article] == story and text in texts[article]
    # A join a newsroom would write: the outlets that quote each speaker.
    quoted = _query(
        f"SELECT q.speaker, count(DISTINCT a.outlet) FROM '{path}/quotes.parquet' q,"
        f" unnest(q.support) AS s(ev) JOIN '{path}/articles.parquet' a ON a.id = ev.article"
        " WHERE q.speaker IS NOT NULL GROUP BY 1 ORDER BY 2 DESC"
    )
    assert quoted and quoted[0][1] >= 2


def test_export_of_a_missing_store_is_one_line(tmp_path):
    result = runner.invoke(
        app, ["export", "--parquet", str(tmp_path / "pq"), "--db", str(tmp_path / "none.db")]
    )
    assert result.exit_code == 2
    assert "error E020" in result.output and not (tmp_path / "none.db").exists()
