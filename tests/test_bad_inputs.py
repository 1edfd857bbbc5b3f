"""One bad input never sinks a run: each of these gives at most its own error line, and the
other inputs of the batch are still processed and reported."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from corroborate.cli import app
from corroborate.lexicon.values import format_number, parse_number
from corroborate.render import validate

runner = CliRunner()
pytestmark = pytest.mark.model

GOOD = (
    "Grève au port de Valbrune\n\n"
    "Les dockers du port de Valbrune ont cessé le travail mardi matin, a déclaré le syndicat.\n"
    "« Nous ne reprendrons pas avant un accord », a affirmé Marc Dulac, délégué du personnel.\n"
)


def _run(tmp_path, name: str, content: str):
    """Run the CLI on one bad input beside a good one; the result, report and stderr lines."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).write_text(content, encoding="utf-8")
    (tmp_path / "in" / "good.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(tmp_path / "in"), "--out", str(out),
                                 "--db", str(tmp_path / "c.db")])
    data = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    errors = [line for line in result.output.splitlines() if "error" in line]
    return result, data, errors


def test_a_number_of_hundreds_of_digits_is_no_fact_and_no_crash(tmp_path):
    text = ("Crue de la Vaudre\n\nLa crue a duré 1" + "0" * 400 + " ans, a dit le maire. "
            "Elle a touché 40 maisons jeudi à Brisac.\n")
    result, data, errors = _run(tmp_path, "huge.txt", text)
    assert result.exit_code == 0, result.output
    assert errors == []
    assert {a["id"] for a in data["articles"]} == {"huge", "good"}
    assert validate(data) == []
    values = [f["value"] for s in data["stories"] for f in s["facts"]]
    assert not any(v and "0" * 100 in v for v in values)


def test_a_lone_surrogate_in_a_json_line_is_replaced(tmp_path):
    line = json.dumps({"id": "sur", "text": "Le maire de Brisac a parlé \ud800 jeudi. "
                                            "Il a annoncé la fermeture de 3 écoles."})
    assert "\\ud800" in line  # the JSON holds the escape, as scraped dumps do
    result, data, errors = _run(tmp_path, "dump.jsonl", line + "\n")
    assert result.exit_code == 0, result.output
    assert errors == []
    article = next(a for a in data["articles"] if a["id"] == "sur")
    assert "\ufffd" in article["text"] and "\ud800" not in article["text"]
    assert "good" in {a["id"] for a in data["articles"]}


def test_a_text_longer_than_the_parser_takes_is_one_error_line(tmp_path):
    text = ("Le maire de Brisac a parlé jeudi devant la presse réunie. " * 18000)[:1_049_999]
    result, data, errors = _run(tmp_path, "big.txt", text)
    assert result.exit_code == 0, result.output
    assert len(errors) == 1
    assert "big.txt" in errors[0] and "E008" in errors[0] and "more than the 1,000,000" in errors[0]
    assert [a["id"] for a in data["articles"]] == ["good"]


def test_numbers_are_parsed_with_bounds():
    assert parse_number("1" + "0" * 400) is None
    assert parse_number("2 000 000 000 000 000") is None
    assert parse_number("100 000") == 100000.0
    assert format_number(float("inf")) == "inf"


def test_a_control_character_after_a_script_in_a_page_is_no_crash(tmp_path):
    # Found by `make fuzz`: lxml refuses a BEL in the text it re-attaches when a <script> is
    # dropped, which stopped the whole run (exit 1) while reading the page.
    page = ("<html><head><title>Crue de la Vaudre</title></head><body><article>"
            "<p>La crue a touché 40 maisons jeudi à Brisac, a dit le maire.</p>"
            "<script>x()</script>\x07<p>Les pompiers sont intervenus toute la nuit.</p>"
            "</article></body></html>")
    result, data, errors = _run(tmp_path, "page.html", page)
    assert result.exit_code == 0, result.output
    assert errors == []
    article = next(a for a in data["articles"] if a["id"] == "page")
    assert "40 maisons" in article["text"] and "\x07" not in article["text"]
    assert validate(data) == []


def test_a_reader_that_fails_unexpectedly_costs_only_its_file(tmp_path, monkeypatch):
    from corroborate.ingest import files

    read_text = files.read_text

    def broken(text, suffix, origin, base):
        if suffix == ".md":
            raise RuntimeError("reader bug")
        yield from read_text(text, suffix, origin, base)

    monkeypatch.setattr(files, "read_text", broken)
    result, data, errors = _run(tmp_path, "other.md", "Un texte quelconque.")
    assert result.exit_code == 0, result.output
    assert len(errors) == 1 and "other.md" in errors[0]
    assert "E007" in errors[0] and "RuntimeError: reader bug" in errors[0]
    assert [a["id"] for a in data["articles"]] == ["good"]
