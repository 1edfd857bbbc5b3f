"""Gate on the project's sample corpus: speakers and whole entities against its gold file.

The gold file (eval/examples/gold.json) is written apart from the code; the gates sit a little
below the figures measured with `corroborate eval eval/examples/gold.json <out>/stories.json`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import corroborate.pipeline as pipeline
from corroborate.evaluate import score
from corroborate.render.json import report_dict
from corroborate.store import Store

pytestmark = pytest.mark.model
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def scored(tmp_path_factory, analyzer) -> dict:
    store = Store(tmp_path_factory.mktemp("examples") / "c.db")
    result = pipeline.run([str(ROOT / "examples")], store, analyzer=analyzer)
    gold = json.loads((ROOT / "eval" / "examples" / "gold.json").read_text(encoding="utf-8"))
    return score(gold, report_dict(result.report))


def test_examples_quotes_have_their_speakers(scored) -> None:
    assert scored["quotes"]["found"] >= 10
    assert scored["quotes"]["speaker_ok"] >= 10


def test_examples_entities_whole_and_apart(scored) -> None:
    assert scored["entities"]["whole"] >= 25
    assert scored["entities"]["wrongly_merged"] == 0
