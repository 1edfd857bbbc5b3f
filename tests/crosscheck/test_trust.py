"""Outlet trust across stories: kept in the store, and moving as independent outlets contradict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import corroborate.pipeline as pipeline
from corroborate.crosscheck.trust import PRIOR
from corroborate.store import Store

pytestmark = pytest.mark.model

# Three fictional stories, each told by two independent outlets that agree and by a third,
# clics-buzz.example, that gives other figures for most of them.
STORIES = Path(__file__).resolve().parents[1] / "fixtures" / "trust" / "stories.jsonl"
FARM, AGENCY, GAZETTE = "clics-buzz.example", "agence-sud.example", "gazette-nord.example"


def _story_files(tmp_path: Path) -> list[Path]:
    """One input file per story (festival, fire, tram), for runs that add a story each."""
    records = [json.loads(line) for line in STORIES.read_text("utf-8").splitlines()]
    files = []
    for topic in ("festival", "feu", "tram"):
        path = tmp_path / f"{topic}.jsonl"
        path.write_text(
            "".join(json.dumps(r) + "\n" for r in records if r["id"].startswith(topic)), "utf-8"
        )
        files.append(path)
    return files


def test_outlet_trust_survives_a_restart(tmp_path, analyzer):
    db = tmp_path / "c.db"
    store = Store(db)
    result = pipeline.run([str(STORIES)], store, analyzer=analyzer)
    assert len(result.report.briefs) == 3
    before = store.trust()
    assert {FARM, AGENCY, GAZETTE} <= set(before)
    store.close()

    reopened = Store(db)
    assert reopened.trust() == before
    # A re-run that brings nothing new leaves the learnt trust where it was.
    pipeline.run([str(STORIES)], reopened, analyzer=analyzer)
    after = reopened.trust()
    for outlet, known in before.items():
        assert after[outlet].trust == pytest.approx(known.trust, abs=0.01)
        assert after[outlet].claims == known.claims


def test_trust_moves_down_as_independent_outlets_contradict_an_outlet(tmp_path, analyzer):
    store = Store(tmp_path / "c.db")
    farm: list[float] = []
    for path in _story_files(tmp_path):
        pipeline.run([str(path)], store, analyzer=analyzer)
        trust = store.trust()
        farm.append(trust[FARM].trust)
    assert farm[0] > farm[1] > farm[2]
    assert farm[2] < PRIOR - 0.15
    final = store.trust()
    assert final[FARM].contradicted > final[FARM].backed
    for outlet in (AGENCY, GAZETTE):
        assert final[outlet].trust > PRIOR > final[FARM].trust
    assert "contradict" in final[FARM].explain()
