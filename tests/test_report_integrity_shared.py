"""Report integrity on the real evaluation sets: no article both backs and disputes a fact, and
every summary citation carries an exact evidence span from each source it cites."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corroborate.pipeline import run
from corroborate.render import report_dict
from corroborate.store import Store

pytestmark = [pytest.mark.shared, pytest.mark.model]

INPUT_FIELDS = ("id", "url", "outlet", "title", "date", "lang", "text")


def _label_free(shared: Path, name: str, folder: Path) -> list[str]:
    """The set's articles without their labels, as a user would feed them."""
    if name == "seeds":
        return [str(shared / "corpus" / "seeds")]
    path = folder / f"{name}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for line in (shared / "eval" / name / "articles.jsonl").open(encoding="utf-8"):
            record = json.loads(line)
            out.write(json.dumps({k: record.get(k) for k in INPUT_FIELDS}, ensure_ascii=False))
            out.write("\n")
    return [str(path)]


@pytest.mark.parametrize("name", ["seeds", "dev", "dev2"])
def test_no_self_dissent_and_every_citation_has_its_evidence(name, shared, analyzer, tmp_path):
    result = run(_label_free(shared, name, tmp_path), Store(tmp_path / "s.db"), analyzer=analyzer)
    data = report_dict(result.report)
    texts = {a["id"]: a["text"] for a in data["articles"]}
    cited = 0
    for story in data["stories"]:
        for fact in story["facts"]:
            backers = {e["article"] for e in fact["support"]}
            assert not backers & {e["article"] for e in fact["disputed_by"]}, fact["id"]
        for sentence in story["summary"]:
            evidence = {e["article"] for e in sentence["evidence"]}
            assert evidence == set(sentence["sources"]), sentence["text"]
            for e in sentence["evidence"]:
                assert e["text"] and e["text"] in texts[e["article"]], e
            cited += len(sentence["sources"])
    assert cited > 0
