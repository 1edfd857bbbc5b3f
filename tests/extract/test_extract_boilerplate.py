"""Batch chrome: lines repeated across the pages of one outlet leave the text for `removed`."""

from __future__ import annotations

from pathlib import Path

import pytest

from corroborate.extract import article_sha, extract
from corroborate.extract.boilerplate import repeated_lines, strip_repeated
from corroborate.ingest import read_sources
from corroborate.types import Article, Document

RECORDS = Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "outlet.jsonl"
PROMO = ("Le Petit Riverain vous offre un mois de lecture gratuite pour toute inscription "
         "avant dimanche.")
SLOGAN = "Le Petit Riverain, l'information des bords de la Sorne depuis 1921."


@pytest.fixture(scope="module")
def batch() -> list[Article]:
    docs = [d for d in read_sources([str(RECORDS)]) if isinstance(d, Document)]
    return [extract(d) for d in docs]


@pytest.fixture(scope="module")
def stripped(batch: list[Article]) -> dict[str, Article]:
    return {a.id: a for a in strip_repeated(batch)}


def test_the_line_cleaner_alone_keeps_the_outlet_lines(batch: list[Article]) -> None:
    riverain = [a for a in batch if a.outlet == "Le Petit Riverain"]
    assert len(riverain) == 4
    assert all(SLOGAN in a.text for a in riverain)


def test_lines_on_most_pages_of_the_outlet_are_moved_to_removed(
    stripped: dict[str, Article],
) -> None:
    for article_id in ("riv-marche", "riv-pont", "riv-ecole", "riv-fete"):
        article = stripped[article_id]
        assert SLOGAN not in article.text and PROMO not in article.text
        reasons = {r.text: r.reason for r in article.removed}
        assert reasons[SLOGAN] == "repeated across 4 pages of Le Petit Riverain"
    assert stripped["riv-pont"].text.startswith("Le pont de la Sorne sera fermé")
    removed = {r.text: r.reason for r in stripped["riv-marche"].removed}
    assert removed[PROMO] == "repeated across 3 pages of Le Petit Riverain"


def test_text_and_removed_stay_consistent_and_sha_follows(
    batch: list[Article], stripped: dict[str, Article]
) -> None:
    before = {a.id: a for a in batch}
    for article_id, article in stripped.items():
        assert article.sha == article_sha(article)
        old = before[article_id]
        moved = [r for r in article.removed if r.reason.startswith("repeated across")]
        assert article.removed[: len(old.removed)] == old.removed
        # Every body line is either still in the text or among the moved lines.
        for line in old.text.split("\n"):
            assert line in article.text.split("\n") or line in [r.text for r in moved]
        assert (article.sha != old.sha) == bool(moved)


def test_another_outlet_quoting_the_line_keeps_it(stripped: dict[str, Article]) -> None:
    assert PROMO in stripped["autre-promo"].text
    assert not stripped["autre-promo"].removed or all(
        not r.reason.startswith("repeated") for r in stripped["autre-promo"].removed
    )


def test_versions_of_one_dispatch_are_not_emptied(
    batch: list[Article], stripped: dict[str, Article]
) -> None:
    before = {a.id: a for a in batch}
    for n in (1, 2, 3):
        article_id = f"echo-incendie-v{n}"
        assert stripped[article_id].text == before[article_id].text
    # The shared body is repeated on all three pages, yet no page gives most of its text away.
    pages = [a for a in batch if a.id.startswith("echo-incendie")]
    assert len(repeated_lines(pages)) == 3


def test_too_few_pages_and_no_outlet_change_nothing(batch: list[Article]) -> None:
    two = [a for a in batch if a.outlet == "Le Petit Riverain"][:2]
    assert strip_repeated(two) == two
    anonymous = [Article(id=a.id, source=a.source, text=a.text) for a in batch]
    assert strip_repeated(anonymous) == anonymous
