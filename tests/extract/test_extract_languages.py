"""An article in a language without a spaCy model is ingested, clustered and reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from corroborate.analyze.nlp import ENGLISH_BLANK
from corroborate.pipeline import run
from corroborate.render.json import report_dict, validate
from corroborate.store import Store

pytestmark = pytest.mark.model

FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "languages"


def test_french_and_english_articles_both_reach_the_report(tmp_path: Path, analyzer) -> None:
    store = Store(tmp_path / "c.db")
    try:
        result = run([str(FOLDER)], store, analyzer=analyzer)
        articles = {a.id: a for a in result.report.articles}
        assert set(articles) == {"fr-digue-sorne", "en-harbour-festival"}, result.errors
        assert result.errors == []
        assert articles["fr-digue-sorne"].lang == "fr"
        english = articles["en-harbour-festival"]
        assert english.lang == "en"
        assert english.title == "Harbour festival draws record crowd in Port Wenlow"
        assert english.text.startswith("More than 12,000 visitors came")
        # Two unrelated stories in two languages: two stories, one article each.
        assert result.report.story_of["fr-digue-sorne"] != result.report.story_of[
            "en-harbour-festival"
        ]
        assert result.stats.stories == 2
        reduced = store.analysis(english.sha)
        assert reduced is not None and ENGLISH_BLANK in reduced.notes
        assert reduced.sentences and reduced.tokens
        assert ENGLISH_BLANK in english.notes
        assert articles["fr-digue-sorne"].notes == []
        shown = report_dict(result.report)
        notes = {a["id"]: a["notes"] for a in shown["articles"]}
        assert notes["en-harbour-festival"] == [ENGLISH_BLANK]
        assert validate(shown) == []
        french = store.analysis(articles["fr-digue-sorne"].sha)
        assert french is not None and not french.notes and french.mentions
    finally:
        store.close()
