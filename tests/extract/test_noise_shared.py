"""Quality gate: noise removal on the seeds and the dev set must not fall below its record."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import noise_eval

pytestmark = pytest.mark.shared

# Recorded with `.venv/bin/python benchmarks/noise_eval.py`; raise them when the cleaner improves.
SEEDS = {"noise_lines": 1.0, "fragments": 1.0, "titles": 1.0, "body_lost": 0.005}
DEV = {"noise_lines": 1.0, "fragments": 1.0, "titles": 1.0, "body_lost": 0.002,
       "dates_meta": 1.0, "dates_text": 0.95}


def _check(rates: dict[str, float], floor: dict[str, float]) -> None:
    for key, value in floor.items():
        if key == "body_lost":
            assert rates[key] <= value, (key, rates[key])
        else:
            assert rates[key] >= value, (key, rates[key])


def test_seeds_noise_gate(shared: Path) -> None:
    score = noise_eval.seeds_score(shared)
    _check(score.rates(), SEEDS)
    assert score.lines == 16 and score.titles == 2


def test_dev_noise_gate(shared: Path) -> None:
    score = noise_eval.dev_score(shared)
    _check(score.rates(), DEV)
    assert score.lines == 40 and score.fragments == 27
