"""The pipeline as a whole: batch-level cleaning, re-runs and crash safety."""

from __future__ import annotations

from pathlib import Path

import pytest

import corroborate.pipeline as pipeline
from corroborate.store import Store

pytestmark = pytest.mark.model

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_outlet_boilerplate_is_removed_in_the_stored_articles(tmp_path, analyzer):
    store = Store(tmp_path / "c.db")
    result = pipeline.run([str(FIXTURES / "ingest" / "outlet.jsonl")], store, analyzer=analyzer)
    stored = store.article("riv-marche")
    assert stored is not None
    reasons = [r.reason for r in stored.removed]
    assert any(r.startswith("repeated across") for r in reasons)
    assert "mois de lecture gratuite" not in stored.text
    assert (
        "mois de lecture gratuite"
        not in next(a for a in result.report.articles if a.id == "riv-marche").text
    )
    assert store.analysis(stored.sha) is not None


def test_a_crash_after_analysis_keeps_the_analyses_and_the_next_run_resumes(
    tmp_path, analyzer, monkeypatch
):
    db = tmp_path / "c.db"
    store = Store(db)

    def crash(*args, **kwargs):
        # An interrupt, not an error: errors of one story are caught and reported.
        raise KeyboardInterrupt("power cut during cross-checking")

    monkeypatch.setattr(pipeline, "check_story", crash)
    with pytest.raises(KeyboardInterrupt):
        pipeline.run([str(EXAMPLES)], store, analyzer=analyzer)
    store.close()
    monkeypatch.undo()

    reopened = Store(db)
    assert reopened.count("articles") == 8
    assert reopened.count("analyses") == 8
    result = pipeline.run([str(EXAMPLES)], reopened, analyzer=analyzer)
    assert result.stats.analysed == 0
    assert result.stats.analyses_reused == 8
    assert result.stats.documents_new == 0
    assert len(result.report.briefs) == 2


def test_a_story_whose_cross_check_fails_is_one_error_line_and_the_others_are_reported(
    tmp_path, analyzer, monkeypatch
):
    real = pipeline.check_story

    def check_story(story, articles, analyses, trust=None):
        if "breizh-foot-finale-kerbrenn" in story.articles:
            raise ValueError("a bug in one story")
        return real(story, articles, analyses, trust)

    monkeypatch.setattr(pipeline, "check_story", check_story)
    result = pipeline.run([str(EXAMPLES)], Store(tmp_path / "c.db"), analyzer=analyzer)
    assert len(result.report.briefs) == 1
    assert [e.code.name for e in result.errors] == ["E021"]
    assert "breizh-foot-finale-kerbrenn" in result.errors[0].line()
    assert "ValueError" in result.errors[0].line()


def test_articles_added_later_join_the_stories_already_stored(tmp_path, analyzer):
    store = Store(tmp_path / "c.db")
    txt = sorted(EXAMPLES.glob("*.txt"))
    first = pipeline.run([str(p) for p in txt], store, analyzer=analyzer)
    later = pipeline.run([str(EXAMPLES / "syndication-2024-05-14.jsonl")], store, analyzer=analyzer)
    assert later.stats.analysed == 2
    dam = first.report.story_of["courrier-aulnette-barrage-menestrol"]
    assert later.report.story_of["ouest-aulnette-menestrol"] == dam
    assert later.report.story_of["radio-plein-sud-menestrol"] == dam
    assert "courrier-aulnette-barrage-menestrol" in {a.id for a in later.report.articles}


def test_forked_workers_give_the_report_of_one_process(tmp_path, nlp):
    from dataclasses import replace

    from conftest import session_analyzer
    from corroborate.render.json import report_dict
    from corroborate.settings import SETTINGS

    bad = tmp_path / "chrome.txt"  # read fine, nothing left once cleaned: fails in a worker
    bad.write_text("Partager sur Facebook\nPartager sur Twitter\n", encoding="utf-8")
    sources = [str(EXAMPLES), str(bad)]
    forked = replace(SETTINGS, n_process=2, min_texts_per_process=1, min_documents_per_process=1,
                     min_stories_per_process=1)
    reports = []
    for settings in (forked, replace(forked, n_process=1)):
        store = Store(tmp_path / f"{settings.n_process}.db")
        result = pipeline.run(sources, store, settings, analyzer=session_analyzer(nlp, settings))
        assert [e.origin for e in result.errors] == [str(bad)]  # errors cross processes intact
        assert result.errors[0].code.name == "E007"
        reports.append(report_dict(result.report))
        assert store.count("analyses") == 8
    assert reports[0] == reports[1]
    assert len(reports[0]["stories"]) == 2
