"""Quality gates for entities and quotes on ../shared (skipped without it).

Baselines measured with benchmarks/entities_quotes_eval.py; the gates sit a little below them.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from corroborate.analyze.nlp import to_analysis

pytestmark = [pytest.mark.shared, pytest.mark.model]
BENCH = Path(__file__).resolve().parents[3] / "benchmarks" / "entities_quotes_eval.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("entities_quotes_eval", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def analyze(nlp):
    return lambda articles: [to_analysis(nlp(a.text), a) for a in articles]


@pytest.fixture(scope="module")
def seeds(shared, bench, analyze) -> dict:
    return bench.seeds(shared, analyze)


def test_seed_entities_whole_and_apart(seeds) -> None:
    missing = [e for e in seeds["entities"] if not e["ok"]]
    assert missing == []
    assert seeds.get("merged", []) == []


def test_seed_quotes_with_right_speaker(seeds) -> None:
    assert seeds["quotes_ok"] >= 6


def test_seed_q2_is_one_group_over_three_articles(seeds) -> None:
    assert [a[:3] for a in seeds["q2_group"]] == ["000", "001", "002"]


def test_dev_quote_recall_and_speakers(shared, bench, analyze) -> None:
    report = bench.dev(shared, analyze, sample=0)
    assert report["recall"] >= 0.9
    assert report["speaker_lenient"] >= 0.9
    assert report["speaker_strict"] >= 0.73
