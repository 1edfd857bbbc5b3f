"""English articles without an English model, and one story across French and English."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from corroborate.analyze.nlp import ENGLISH_BLANK
from corroborate.cli import app
from corroborate.cluster.features import spelling_key

FIXTURE = Path(__file__).parent / "fixtures" / "bilingual" / "articles.jsonl"


def test_transliterations_of_one_name_share_a_key():
    assert spelling_key("zelensky") == spelling_key("zelenskyy") == spelling_key("zelenski")
    assert spelling_key("kowalski") != spelling_key("kowalczyk")


def test_an_english_report_joins_its_french_story_and_an_unrelated_one_stays_apart(tmp_path):
    out, db = tmp_path / "out", tmp_path / "store.db"
    result = CliRunner().invoke(app, ["run", str(FIXTURE), "--out", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "out" / "stories.json").read_text(encoding="utf-8"))
    story_of = {a["id"]: a["story"] for a in report["articles"]}
    assert story_of["en-1"] == story_of["fr-1"] == story_of["fr-2"]
    assert story_of["en-2"] != story_of["fr-1"]
    english = next(a for a in report["articles"] if a["id"] == "en-1")
    assert english["lang"] == "en"
    assert ENGLISH_BLANK in english["notes"] or any(n.startswith("en: ") for n in english["notes"])


def test_figures_read_without_a_parse_dispute_nothing(tmp_path):
    rows = [
        {"id": f"en-{k}", "outlet": f"wire-{k}.com", "lang": "en", "date": "2025-03-14",
         "title": "Storm Osterlund weakens after landfall",
         "text": f"Storm Osterlund weakened to a Category {k} hurricane near Brousselle on Friday, "
                 "March 14, 2025, officials said. Twelve people were injured near the port."}
        for k in (1, 2)
    ]
    source = tmp_path / "storm.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out, db = tmp_path / "out", tmp_path / "store.db"
    result = CliRunner().invoke(app, ["run", str(source), "--out", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    assert len(report["stories"]) == 1
    facts = report["stories"][0]["facts"]
    assert facts and not any(f["disputed_by"] for f in facts)


def test_english_attributions_are_read_off_the_word_order(analyzer):
    import pytest

    from corroborate.crosscheck.quotes.find import find_quotes
    from corroborate.types import Article

    cases = [
        ('"The bridge is safe," said Harbour Authority chief Maren Holt on Tuesday.',
         "Maren Holt"),
        ('"We will rebuild every house," Holt said after the visit.', "Holt"),
        ('"It is incredible that this can happen here." Holt wrote. Rain fell.', "Holt"),
        ('On Friday, Holt wrote: "Nothing is known yet about the cause of the fire."', "Holt"),
        # A pronoun or a common noun names no one: no speaker rather than a guess.
        ('"We will rebuild every house," he said after the visit.', None),
        ('"The bridge is safe and open again," the company said.', None),
    ]
    for n, (text, speaker) in enumerate(cases):
        article = Article(id=f"en-{n}", source="t", text=text, lang="en", sha=f"en-{n}")
        [analysis] = analyzer.analyze([article], processes=1)
        if any(t.dep for t in analysis.tokens):
            pytest.skip("an English model is installed: its parse attributes the quotes")
        quotes = [q for q in find_quotes(article, analysis) if q.kind == "direct"]
        assert len(quotes) == 1, (text, quotes)
        assert quotes[0].speaker == speaker, text
        if speaker:
            assert text[quotes[0].speaker_start:].startswith(speaker)
