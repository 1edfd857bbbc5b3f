"""The command line end to end on the project's own sample corpus and on bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corroborate.cli import app
from corroborate.render.json import validate

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

runner = CliRunner()

GOOD = (
    "Grève au port de Valbrune\n\n"
    "Les dockers du port de Valbrune ont cessé le travail mardi matin, a déclaré le syndicat.\n"
    "« Nous ne reprendrons pas avant un accord », a affirmé Marc Dulac, délégué du personnel.\n"
)


@pytest.fixture(scope="module")
def example_run(tmp_path_factory):
    """One run of the sample corpus, shared by the tests that read its output."""
    out = tmp_path_factory.mktemp("out")
    db = out / "c.db"
    result = runner.invoke(app, ["run", str(EXAMPLES), "--out", str(out), "--db", str(db)])
    return result, out, db


def test_run_writes_a_valid_report_site_and_markdown(example_run):
    result, out, _ = example_run
    assert result.exit_code == 0, result.output
    data = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    assert validate(data) == []
    assert len(data["articles"]) >= 7
    assert (out / "index.html").is_file()
    assert (out / "report.md").read_text(encoding="utf-8").startswith("# corroborate report")
    for story in data["stories"]:
        assert (out / f"story-{story['id']}.html").is_file()
    assert "Stories" in result.output


def test_second_run_analyses_nothing(example_run, tmp_path):
    _, _, db = example_run
    again = runner.invoke(app, ["run", str(EXAMPLES), "--out", str(tmp_path), "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert " 0 analysed" in again.output
    assert "0 new" in again.output


def test_stories_and_show_read_the_store(example_run):
    _, out, db = example_run
    data = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    listing = runner.invoke(app, ["stories", "--db", str(db)])
    assert listing.exit_code == 0
    first = data["stories"][0]["id"]
    assert first in listing.output
    shown = runner.invoke(app, ["show", first, "--db", str(db)])
    assert shown.exit_code == 0
    assert data["stories"][0]["title"][:30] in shown.output
    missing = runner.invoke(app, ["show", "S999", "--db", str(db)])
    assert missing.exit_code == 2
    assert "S999" in missing.output


def test_bad_files_are_reported_one_line_each_and_the_rest_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bon.txt").write_text(GOOD, encoding="utf-8")
    (folder / "vide.txt").write_text("", encoding="utf-8")
    (folder / "binaire.txt").write_bytes(bytes(range(256)) * 40)
    result = runner.invoke(
        app, ["run", str(folder), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "c.db")]
    )
    assert result.exit_code == 0, result.output
    assert "vide.txt" in result.output
    assert "binaire.txt" in result.output
    assert "Traceback" not in result.output
    data = json.loads((tmp_path / "o" / "stories.json").read_text(encoding="utf-8"))
    assert [a["id"] for a in data["articles"]] == ["bon"]


def test_only_bad_input_exits_2(tmp_path):
    (tmp_path / "vide.txt").write_text("   \n", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "run",
            str(tmp_path / "vide.txt"),
            "--out",
            str(tmp_path / "o"),
            "--db",
            str(tmp_path / "c.db"),
        ],
    )
    assert result.exit_code == 2
    assert "vide.txt" in result.output


def test_schema_and_validate_commands(example_run, tmp_path):
    _, out, _ = example_run
    printed = runner.invoke(app, ["schema"])
    assert json.loads(printed.output)["$id"] == "corroborate/report@2"
    assert runner.invoke(app, ["validate", str(out / "stories.json")]).exit_code == 0
    broken = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    broken["articles"][0]["text"] = "texte remplacé"
    if broken["stories"][0]["summary"]:
        path = tmp_path / "broken.json"
        path.write_text(json.dumps(broken), encoding="utf-8")
        assert runner.invoke(app, ["validate", str(path)]).exit_code == 1


def test_eval_scores_the_sample_corpus_against_its_gold(example_run):
    _, out, _ = example_run
    gold = Path(__file__).resolve().parents[1] / "eval" / "examples" / "gold.json"
    result = runner.invoke(app, ["eval", str(gold), str(out / "stories.json"), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    # Quality gate on the project's own corpus, at the figures recorded when last tuned.
    assert scores["bcubed"]["f1"] == 1.0
    assert scores["facts"]["found"] >= 18
    assert scores["facts"]["backers"] >= 52
    assert scores["quotes"]["speaker_ok"] >= 10
    assert scores["conflicts"]["found"] >= 3
    assert scores["noise"]["lines"] == [28, 28]


def test_eval_of_a_missing_file_is_one_line(tmp_path):
    result = runner.invoke(app, ["eval", str(tmp_path / "nope.json"), str(tmp_path / "x.json")])
    assert result.exit_code == 2
    assert "nope.json" in result.output
    assert "Traceback" not in result.output


def test_seeds_form_one_story(shared, tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(shared / "corpus" / "seeds", seeds)
    result = runner.invoke(
        app, ["run", str(seeds), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "c.db")]
    )
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "o" / "stories.json").read_text(encoding="utf-8"))
    assert validate(data) == []
    assert len(data["stories"]) == 1
    assert len(data["stories"][0]["articles"]) == 5
    gold = shared / "eval" / "seeds" / "gold.json"
    scored = runner.invoke(app, ["eval", str(gold), str(tmp_path / "o" / "stories.json"), "--json"])
    scores = json.loads(scored.output)
    # Quality gate over the whole pipeline: the figures recorded when it was last tuned.
    assert scores["facts"]["found"] >= 9
    assert scores["facts"]["backers"] >= 28
    assert scores["facts"]["extra"] <= 1
    assert scores["quotes"]["speaker_ok"] >= 6
    assert scores["entities"]["whole"] == 10
    assert scores["entities"]["wrongly_merged"] == 0
    assert scores["noise"]["lines"] == [16, 16]
    assert scores["noise"]["titles"] == [2, 2]
    assert scores["noise"]["body_lost"] <= 0.01
    by_id = {a["id"][:3]: a["quality"]["score"] for a in data["articles"]}
    assert by_id["004"] > by_id["001"]


def test_version_and_short_help():
    from corroborate import __version__

    version = runner.invoke(app, ["--version"])
    assert version.exit_code == 0
    assert version.output.strip() == f"corroborate {__version__}"
    short = runner.invoke(app, ["-h"])
    assert short.exit_code == 0
    assert "run" in short.output and "stories" in short.output


@pytest.mark.parametrize("command", [["stories"], ["show", "S1"], ["serve"]])
def test_read_commands_refuse_a_missing_store_without_creating_one(command, tmp_path):
    db = tmp_path / "nope.db"
    result = runner.invoke(app, [*command, "--db", str(db)])
    assert result.exit_code == 2
    assert f"no store at {db}" in result.output
    assert not db.exists()


def test_show_prints_markdown_source_with_md(example_run):
    _, out, db = example_run
    data = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    first = data["stories"][0]
    shown = runner.invoke(app, ["show", first["id"], "--db", str(db), "--md"])
    assert shown.exit_code == 0
    assert shown.output.lstrip().startswith("#")
    as_json = runner.invoke(app, ["show", first["id"], "--db", str(db), "--json"])
    assert json.loads(as_json.output)["stories"][0]["id"] == first["id"]


def test_counts_name_every_input_and_broken_json_gives_line_and_column(tmp_path):
    lines = [
        json.dumps({"id": "a", "text": GOOD}, ensure_ascii=False),
        '{"id": "b", "text": "Les dockers',
        json.dumps({"id": "c", "text": GOOD.replace("mardi", "mercredi")}, ensure_ascii=False),
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(
        app, ["run", str(source), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "c.db")]
    )
    assert result.exit_code == 0, result.output
    assert "3 inputs (2 new, 1 failed)" in result.output
    assert "1 story" in result.output and "1 stories" not in result.output
    assert f"{source}#L2: error E005: broken JSON on line 2, column 21: Unterminated string" in (
        result.output.replace("\n", "")
    )
