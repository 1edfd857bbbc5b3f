"""Integrity of the sample corpus in examples/ and of its gold file eval/examples/gold.json."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
GOLD = ROOT / "eval" / "examples" / "gold.json"
RECORD_FIELDS = {"id", "url", "outlet", "title", "date", "lang", "text"}
FACT_KINDS = {"date", "place", "count", "duration", "event", "statement"}
# Realistic article length, in words of body text.
MIN_WORDS, MAX_WORDS = 150, 450


def _raw_articles() -> dict[str, str]:
    """Article id -> raw text: the whole file for .txt/.html, the record's text for JSON lines."""
    raw: dict[str, str] = {}
    for path in sorted(EXAMPLES.iterdir()):
        if path.suffix in {".txt", ".html"}:
            raw[path.stem] = path.read_text(encoding="utf-8")
        elif path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    record = json.loads(line)
                    raw[record["id"]] = record["text"]
    return raw


def _body_words(article_id: str, raw: str) -> int:
    """Word count of the article body (the <article> element for HTML pages)."""
    if (EXAMPLES / f"{article_id}.html").exists():
        body = lxml.html.document_fromstring(raw).find(".//article")
        assert body is not None, article_id
        return len(body.text_content().split())
    return len(raw.split())


def _evidence(story: dict) -> Iterator[tuple[str, str, str, str]]:
    """(item id, article id, evidence text, item kind) for every fact, quote and conflict."""
    for kind in ("facts", "quotes", "conflicts"):
        for item in story[kind]:
            for article_id, text in item["evidence"].items():
                yield item["id"], article_id, text, kind


@pytest.fixture(scope="module")
def gold() -> dict:
    """The gold file, parsed."""
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def raw() -> dict[str, str]:
    """Raw text of every sample article by id."""
    return _raw_articles()


def test_gold_is_not_inside_the_ingested_corpus() -> None:
    """`corroborate run examples/` must see articles only, never the gold nor a README."""
    suffixes = {path.suffix for path in EXAMPLES.iterdir()}
    assert suffixes <= {".txt", ".html", ".jsonl"}
    assert not (EXAMPLES / "gold.json").exists()


def test_jsonl_records_have_the_input_fields() -> None:
    """Every JSON-lines record carries exactly the documented input fields, with a unique id."""
    ids = []
    for path in EXAMPLES.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            assert set(record) == RECORD_FIELDS, path.name
            assert record["lang"] == "fr"
            ids.append(record["id"])
    assert len(ids) == len(set(ids)) >= 2


def test_every_article_belongs_to_exactly_one_story(gold: dict, raw: dict[str, str]) -> None:
    """Story article ids exist in examples/, and each article is in one story only."""
    listed = [article for story in gold["stories"] for article in story["articles"]]
    assert len(listed) == len(set(listed))
    assert set(listed) == set(raw)


def test_evidence_is_an_exact_substring_of_the_raw_text(gold: dict, raw: dict[str, str]) -> None:
    """Each fact, quote and conflict evidence is found verbatim in an article of its story."""
    for story in gold["stories"]:
        for item_id, article_id, text, kind in _evidence(story):
            assert article_id in story["articles"], (story["story"], kind, item_id, article_id)
            assert text and text in raw[article_id], (story["story"], kind, item_id, article_id)


def test_facts_and_quotes_are_well_formed(gold: dict) -> None:
    """Fact kinds are known, ids are unique per story, quotes name a speaker."""
    for story in gold["stories"]:
        for kind in ("facts", "quotes", "conflicts"):
            ids = [item["id"] for item in story[kind]]
            assert len(ids) == len(set(ids)), (story["story"], kind)
        assert all(fact["kind"] in FACT_KINDS for fact in story["facts"])
        assert all(quote["speaker"].strip() for quote in story["quotes"])
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", story["date"])


def test_entity_variants_occur_in_the_story(gold: dict, raw: dict[str, str]) -> None:
    """Each entity variant is written in at least one article of its own story."""
    for story in gold["stories"]:
        texts = [raw[article] for article in story["articles"]]
        for entity in story["entities"]:
            for variant in entity["variants"]:
                assert any(variant in text for text in texts), (story["story"], variant)


def test_unrelated_story_shares_no_entity_with_the_main_one(
    gold: dict, raw: dict[str, str]
) -> None:
    """The stories have disjoint casts: no entity variant of one appears in the other's articles."""
    for story in gold["stories"]:
        others = [raw[a] for s in gold["stories"] if s is not story for a in s["articles"]]
        for entity in story["entities"]:
            for variant in entity["variants"]:
                assert not any(variant in text for text in others), (story["story"], variant)


def test_noise_lines_fragments_and_titles_are_in_the_raw_text(
    gold: dict, raw: dict[str, str]
) -> None:
    """Noise lines and titles are whole stripped lines; fragments are substrings."""
    noise = {key: value for key, value in gold["noise"].items() if key != "about"}
    assert set(noise) == set(raw)
    for article_id, entry in noise.items():
        lines = {line.strip() for line in raw[article_id].splitlines()}
        for line in entry["lines"]:
            assert line in lines, (article_id, line)
        for fragment in entry["fragments"]:
            assert fragment in raw[article_id], (article_id, fragment)
        if entry["title"] is not None:
            assert entry["title"] in lines, (article_id, entry["title"])


def test_main_story_has_the_expected_difficulties(gold: dict, raw: dict[str, str]) -> None:
    """Five articles, one quote carried by at least three of them, three speakers, conflicts."""
    main = max(gold["stories"], key=lambda story: len(story["articles"]))
    assert len(main["articles"]) == 5
    assert max(len(quote["evidence"]) for quote in main["quotes"]) >= 3
    assert len({quote["speaker"] for quote in main["quotes"]}) >= 3
    assert len(main["conflicts"]) >= 3
    assert any("\u00a0»" in raw[article] for article in main["articles"])


def test_articles_have_a_realistic_length(raw: dict[str, str]) -> None:
    """Every sample article body is between 150 and 450 words."""
    for article_id, text in raw.items():
        assert MIN_WORDS <= _body_words(article_id, text) <= MAX_WORDS, article_id


def test_gold_has_the_seed_gold_layout(gold: dict, shared: Path) -> None:
    """Same keys, at every level, as the shared seed gold file."""
    seed = json.loads((shared / "eval" / "seeds" / "gold.json").read_text(encoding="utf-8"))
    assert set(gold) == set(seed)
    seed_story, story = seed["stories"][0], gold["stories"][0]
    assert set(story) == set(seed_story)
    for kind in ("facts", "quotes", "entities", "conflicts"):
        seed_keys = set().union(*(set(item) for item in seed_story[kind]))
        for item in story[kind]:
            assert set(item) <= seed_keys, (kind, item.get("id"))
    seed_entry = next(value for key, value in seed["noise"].items() if key != "about")
    assert all(
        set(entry) == set(seed_entry) for key, entry in gold["noise"].items() if key != "about"
    )
