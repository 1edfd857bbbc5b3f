"""Entity resolution: name keys, variant merging, type voting, junk, canonical look-ups."""

from __future__ import annotations

from pathlib import Path

import pytest

from corroborate.analyze.nlp import to_analysis
from corroborate.crosscheck.entities.resolve import canonical, is_junk, resolve_entities
from corroborate.lexicon.names import name_key, same_person, similar_word
from corroborate.types import Analysis, Article, Mention

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "entities"


def analysis(article_id: str, *mentions: tuple[str, str]) -> Analysis:
    """An Analysis holding only the given (text, label) mentions, built by hand."""
    found, at = [], 0
    for text, label in mentions:
        found.append(Mention(text, label, at, at + len(text), 0))
        at += len(text) + 1
    return Analysis(article_id=article_id, sha="", lang="fr", mentions=found)


def entity_of(entities, variant):
    holders = [e for e in entities if variant in e.variants]
    assert len(holders) == 1, f"{variant} held by {[e.name for e in holders]}"
    return holders[0]


def test_transliteration_keys_agree() -> None:
    assert name_key("Iouri Ouchakov") == name_key("Yuri Ushakov") == name_key("Youri Ouchakov")
    assert name_key("Sergueï Tchernov") == name_key("Sergei Chernov")
    assert name_key("Emilia Horna") == name_key("Emily Horne")


def test_misspelling_is_one_edit_not_another_name() -> None:
    assert similar_word("baiden", "biden")
    assert not similar_word("martinez", "martin")
    assert not similar_word("berger", "borne")


def test_same_surname_different_first_names_are_two_people() -> None:
    assert not same_person(name_key("Paul Martin"), name_key("Claire Martin"))
    assert same_person(name_key("Jena Dufresne"), name_key("Jen Dufresne"))
    assert same_person(name_key("P. Martin"), name_key("Paul Martin"))


def test_variants_merge_across_articles() -> None:
    entities = resolve_entities(
        [
            analysis(
                "a", ("Marc Delorme", "PER"), ("Marc Delorme", "PER"), ("Delorme", "PER"),
                ("l’OTAN", "ORG"),
            ),
            analysis("b", ("Marc Delorm", "PER"), ("Delorm", "PER"), ("Otan", "ORG")),
            analysis(
                "c", ("Iouri Tchernov", "PER"), ("Yuri Chernov", "PER"), ("Etats-Unis", "LOC")
            ),
            analysis("d", ("Tchernov", "PER"), ("États-Unis", "LOC"), ("États-Unis", "LOC")),
        ]
    )
    delorme = entity_of(entities, "Marc Delorme")
    assert set(delorme.variants) == {"Marc Delorme", "Delorme", "Marc Delorm", "Delorm"}
    assert delorme.name == "Marc Delorme"
    assert delorme.articles == ["a", "b"]
    assert set(entity_of(entities, "Yuri Chernov").variants) == {
        "Iouri Tchernov", "Yuri Chernov", "Tchernov"
    }
    assert set(entity_of(entities, "Otan").variants) == {"OTAN", "Otan"}
    usa = entity_of(entities, "Etats-Unis")
    assert usa.name == "États-Unis" and usa.mentions == 3


def test_one_word_misspelling_joins_the_full_name_of_the_story() -> None:
    entities = resolve_entities(
        [analysis("a", ("Joseph Bidal", "PER"), ("Bidal", "PER")), analysis("b", ("Baidal", "PER"))]
    )
    bidal = entity_of(entities, "Baidal")
    assert bidal.name == "Joseph Bidal" and bidal.mentions == 3


def test_two_people_sharing_a_surname_stay_apart() -> None:
    entities = resolve_entities(
        [analysis("a", ("Paul Martin", "PER"), ("Claire Martin", "PER"), ("Claire Martin", "PER"))]
    )
    assert entity_of(entities, "Paul Martin") is not entity_of(entities, "Claire Martin")


def test_exonyms_come_from_the_alias_table() -> None:
    entities = resolve_entities(
        [analysis("a", ("Poutine", "PER")), analysis("b", ("Putin", "PER"))]
    )
    assert entity_of(entities, "Putin") is entity_of(entities, "Poutine")


def test_type_is_voted_over_all_mentions() -> None:
    mentions = [("Washington", "LOC")] * 5 + [("Washington", "PER")]
    (washington,) = resolve_entities([analysis("a", *mentions)])
    assert washington.type == "LOC" and washington.mentions == 6


def test_ner_junk_is_dropped() -> None:
    for junk in ("Le", "l'", "x", "des négociations", "Noël\n\nNext"):
        assert is_junk(junk), junk
    assert not is_junk("Genève")
    entities = resolve_entities(
        [analysis("a", ("Le", "LOC"), ("la réforme", "MISC"), ("Dijon", "LOC"))]
    )
    assert [e.name for e in entities] == ["Dijon"]


def test_canonical_finds_the_entity_of_a_surface_form() -> None:
    entities = resolve_entities(
        [analysis("a", ("Iouri Tchernov", "PER"), ("Marc Delorme", "PER"), ("Lyon", "LOC"))]
    )
    assert canonical("Tchernov", entities).name == "Iouri Tchernov"
    assert canonical("Chernov", entities).name == "Iouri Tchernov"
    assert canonical("le Delorm", entities).name == "Marc Delorme"
    assert canonical("Lyon", entities).type == "LOC"
    assert canonical("Sophie Lambert", entities) is None


@pytest.mark.model
def test_fixture_story_entities(nlp) -> None:
    analyses = []
    for path in sorted(FIXTURES.glob("budget_*.txt")):
        article = Article(id=path.stem, source=str(path), text=path.read_text(encoding="utf-8"))
        analyses.append(to_analysis(nlp(article.text), article))
    entities = resolve_entities(analyses)
    tchernov = entity_of(entities, "Yuri Chernov")
    assert {"Iouri Tchernov", "Tchernov", "Chernov"} <= set(tchernov.variants)
    assert entity_of(entities, "Marc Delorm") is entity_of(entities, "Marc Delorme")
    assert entity_of(entities, "Paul Martin") is not entity_of(entities, "Claire Martin")
