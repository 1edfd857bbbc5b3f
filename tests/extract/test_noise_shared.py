"""Quality gate: noise removal on the seeds and the dev set must not fall below its record."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import noise_eval
import train_line_model

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


# Leave-one-set-out (train the line model on two sets, score the third with the scorer), as
# measured by `.venv/bin/python benchmarks/train_line_model.py --loso --sets /nonexistent`:
# (noise lines, fragments, titles, body lost %) per held-out set.
LEAVE_ONE_OUT = {
    "dev": ((40, 40), (27, 27), (17, 17), 0.1),
    "dev2": ((58, 74), (39, 44), (11, 11), 0.2),
    "arcs-xling": ((52, 71), (28, 33), (13, 13), 0.15),
}


def _ratio(text: str) -> tuple[int, int]:
    found, total = text.split("/")
    return int(found), int(total)


def test_sets_leave_one_set_out_gate(shared: Path) -> None:
    results = train_line_model.leave_one_out(None)
    for held, (model, figures) in results.items():
        lines, fragments, titles, lost = LEAVE_ONE_OUT[held]
        assert held not in model["trained_on"]
        got = [_ratio(figures[k]) for k in ("noise_removed", "fragments_removed", "titles_found")]
        for (found, total), (want, want_total) in zip(got, (lines, fragments, titles), strict=True):
            assert total == want_total and found >= want, (held, figures)
        assert figures["body_lost_pct"] <= lost, (held, figures)
