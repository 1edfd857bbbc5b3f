"""Quality gate: the whole pipeline on a shuffled, label-free copy of the dev set."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from corroborate.pipeline import run
from corroborate.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

pytestmark = [pytest.mark.shared, pytest.mark.model]


def _count(fraction: str) -> int:
    return int(fraction.split("/")[0])


def test_dev_set_through_the_pipeline_keeps_its_recorded_scores(shared, analyzer, tmp_path):
    from dev_pipeline import INPUT_FIELDS, label_free_copy, score

    path, gold = label_free_copy(tmp_path, seed=1)
    for line in path.read_text(encoding="utf-8").splitlines():
        assert set(json.loads(line)) <= set(INPUT_FIELDS)
    result = run([str(path)], Store(tmp_path / "dev.db"), analyzer=analyzer)
    assert result.errors == []
    stories = json.loads((shared / "eval" / "dev" / "stories.json").read_text(encoding="utf-8"))
    figures = score(result, gold, stories)
    # Recorded when last tuned (F1 0.956, facts 63, backers 174, quotes 30, speakers 28,
    # conflicts 13); the gate sits a little below so that noise does not fail CI. Conflicts
    # re-recorded at 10 when figures of other sets and other people stopped disputing (a
    # figure held by a role noun, "l'ex-président, 66 ans", is no longer set against a name).
    assert figures["bcubed"]["f1"] >= 0.93
    assert _count(figures["facts"]) >= 60
    assert _count(figures["backers"]) >= 165
    assert _count(figures["quotes"]) >= 28
    assert _count(figures["quotes_with_speaker"]) >= 26
    assert _count(figures["conflicts"]) >= 9
