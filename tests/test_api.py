"""The Python face: `corroborate.check` on texts, records and paths, and the README's example."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
from pathlib import Path

import corroborate
from corroborate.render import validate

ROOT = Path(__file__).resolve().parents[1]
TEXT_A = (
    "Grève au port de Valbrune\n\n"
    "Les dockers du port de Valbrune ont cessé le travail mardi matin pendant 48 heures, "
    "a déclaré le syndicat CGT.\n"
    "« Nous ne reprendrons pas avant un accord », a affirmé Marc Dulac, délégué du personnel.\n"
)
TEXT_B = (
    "Le port de Valbrune paralysé\n\n"
    "Mardi matin, les dockers du port de Valbrune ont arrêté le travail pour 48 heures, "
    "selon le syndicat CGT.\n"
    "« Nous ne reprendrons pas avant un accord », a prévenu Marc Dulac, délégué du personnel.\n"
)


def test_check_takes_texts_and_records_and_writes_nothing_without_a_db(tmp_path):
    before = set(os.listdir(tmp_path))
    report = corroborate.check(
        [TEXT_A, {"id": "valbrune-b", "outlet": "ouest.example", "text": TEXT_B}]
    )
    assert set(os.listdir(tmp_path)) == before
    assert report.counts["inputs"] == 2 and report.errors == []
    assert len(report.stories) == 1
    story = report.stories[0]
    assert sorted(story.articles) == ["record-1", "valbrune-b"]
    assert {a.outlet for a in report.articles} >= {"ouest.example"}
    texts = {a.id: a.text for a in report.articles}
    for fact in report.facts:
        for evidence in fact.support:
            assert evidence.text in texts[evidence.article]
    assert any(q.speaker == "Marc Dulac" for q in report.quotes)
    data = json.loads(report.to_json())
    assert validate(data) == []
    assert report.story(story.id) is story


def test_check_keeps_a_store_and_reports_bad_records_as_lines(tmp_path):
    db = tmp_path / "c.db"
    first = corroborate.check([{"id": "a", "text": TEXT_A}, {"id": "empty"}], db=db)
    assert first.counts == {
        "inputs": 2, "new": 1, "failed": 1, "analysed": 1, "reused": 0, "stories": 1
    }
    assert len(first.errors) == 1 and "record #2" in first.errors[0]
    again = corroborate.check([{"id": "a", "text": TEXT_A}], db=db)
    assert again.counts["new"] == 0 and again.counts["analysed"] == 0


def test_paths_and_folders_are_read_as_sources(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT_A, encoding="utf-8")
    by_path = corroborate.check(tmp_path / "a.txt")
    by_folder_string = corroborate.check(str(tmp_path))
    assert [a.id for a in by_path.articles] == ["a"]
    assert [a.id for a in by_folder_string.articles] == ["a"]


def test_the_readme_example_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"## From Python\n\n```python\n(.*?)```", readme, re.S)
    assert code, "README has no Python example"
    assert len(code.group(1).strip().splitlines()) <= 5
    printed = io.StringIO()
    cwd = Path.cwd()
    os.chdir(ROOT)  # the example names examples/ as a user in the clone would
    try:
        with contextlib.redirect_stdout(printed):
            exec(compile(code.group(1), "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    assert "Ménestrol" in printed.getvalue() or "barrage" in printed.getvalue().lower()
