"""Story-level entity and speaker resolution on the fictional tunnel story (three articles)."""

from __future__ import annotations

from pathlib import Path

import pytest

from corroborate.analyze.nlp import to_analysis
from corroborate.crosscheck.entities.forms import Form, best_name, spelling_trust
from corroborate.crosscheck.entities.resolve import resolve_entities
from corroborate.crosscheck.quotes.find import find_quotes, group_quotes
from corroborate.lexicon.names import name_surface, strip_title
from corroborate.types import Analysis, Article, Entity, Mention, QuoteMention

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "entities"


@pytest.fixture(scope="module")
def story(nlp) -> tuple[dict[str, list[QuoteMention]], list[Entity]]:
    articles = [
        Article(id=p.stem, source=p.stem, text=p.read_text(encoding="utf-8"))
        for p in sorted(FIXTURES.glob("tunnel_*.txt"))
    ]
    analyses = [to_analysis(nlp(a.text), a) for a in articles]
    quotes = {a.id: find_quotes(a, an) for a, an in zip(articles, analyses, strict=True)}
    for article in articles:
        for q in quotes[article.id]:
            assert article.text[q.start : q.end] == q.text
    return quotes, resolve_entities(analyses)


def quote(quotes: dict[str, list[QuoteMention]], article: str, words: str) -> QuoteMention:
    hits = [q for q in quotes[article] if words in q.text]
    assert hits, f"no quote with {words!r} in {[q.text for q in quotes[article]]}"
    return hits[0]


def hand(article_id: str, *mentions: tuple[str, str]) -> Analysis:
    found, at = [], 0
    for text, label in mentions:
        found.append(Mention(text, label, at, at + len(text), 0))
        at += len(text) + 1
    return Analysis(article_id=article_id, sha="", lang="fr", mentions=found)


def holder(entities: list[Entity], variant: str) -> Entity:
    found = [e for e in entities if variant in e.variants]
    assert len(found) == 1, f"{variant} held by {[e.name for e in found]}"
    return found[0]


def test_titles_and_particles() -> None:
    assert strip_title("Me Lucie Ravanel") == "Lucie Ravanel"
    assert strip_title("M. Ortiga") == "Ortiga"
    assert name_surface("Le Goarnic", person=True) == "Le Goarnic"
    assert name_surface("Le Kremlin") == "Kremlin"
    assert name_surface("La Rochelle", initial=False) == "La Rochelle"


@pytest.mark.model
def test_pronoun_after_a_role_introduced_subject(story) -> None:
    quotes, _ = story
    assert quote(quotes, "tunnel_agence", "chaque famille").speaker == "Odile Favrat"


@pytest.mark.model
def test_verbless_frames_attribute_quotes(story) -> None:
    quotes, _ = story
    assert quote(quotes, "tunnel_agence", "La voûte").speaker == "Samuel Ortiga"
    assert quote(quotes, "tunnel_agence", "réouverture").speaker == "Karim Delorge"
    assert quote(quotes, "tunnel_agence", "sans solution").speaker == "Armand Quillévéré"


@pytest.mark.model
def test_selon_skips_the_apposed_name(story) -> None:
    quotes, _ = story
    found = quote(quotes, "tunnel_agence", "roche")
    assert found.text == "la roche reste instable"
    assert found.speaker == "Paul Vénerand"


@pytest.mark.model
def test_bare_role_goes_to_the_person_given_that_role_in_another_article(story) -> None:
    quotes, entities = story
    guessed = quote(quotes, "tunnel_radio", "travaux")
    assert guessed.role == "ministre"
    assert "ministre" in holder(entities, "Armand Quillévéré").roles
    group = next(g for g in group_quotes(quotes, entities) if "travaux" in g.text)
    assert group.speaker == "Armand Quillévéré"


@pytest.mark.model
def test_place_forms_titles_and_extended_names(story) -> None:
    _, entities = story
    assert {"tunnel de Brévanne", "Brévanne"} <= set(holder(entities, "Brévanne").variants)
    assert holder(entities, "Lucie Ravanel").name == "Lucie Ravanel"
    assert any(e.name == "Radio Val Sorlière" for e in entities)


def test_club_names_and_compound_places_join_their_short_forms() -> None:
    entities = resolve_entities(
        [
            hand("a", ("US Kerlouan", "ORG"), ("Kerlouan", "PER"), ("Kerlouan", "PER")),
            hand("b", ("Saint-Avé-du-Lac", "LOC"), ("Saint-Avé", "LOC"), ("Haute-Brière", "LOC")),
            hand("c", ("Brière", "LOC"), ("Olympique de Lanvéoc", "ORG"), ("Lanvéoc", "LOC")),
        ]
    )
    club = holder(entities, "US Kerlouan")
    assert "Kerlouan" in club.variants and club.type == "ORG"
    assert "Lanvéoc" in holder(entities, "Olympique de Lanvéoc").variants
    assert "Saint-Avé" in holder(entities, "Saint-Avé-du-Lac").variants
    assert holder(entities, "Brière") is not holder(entities, "Haute-Brière")


def test_canonical_name_follows_the_outlets_that_spell_well() -> None:
    # Article "t" misspells two names everybody else spells alike; on a 1-1 tie its spelling loses.
    entities = resolve_entities(
        [
            hand("a", ("Marc Dubreuil", "PER"), ("Anna Keller", "PER"), ("Mila Morvan", "PER")),
            hand("b", ("Marc Dubreuil", "PER"), ("Anna Keller", "PER")),
            hand("t", ("Marc Dubreul", "PER"), ("Ana Keler", "PER"), ("Milla Morvana", "PER")),
        ]
    )
    assert holder(entities, "Milla Morvana").name == "Mila Morvan"
    assert holder(entities, "Marc Dubreul").name == "Marc Dubreuil"


def test_spelling_trust_needs_a_strict_majority() -> None:
    tie = [[Form("Emily Horne", 1, frozenset({"a"})), Form("Emilia Horna", 1, frozenset({"b"}))]]
    assert spelling_trust(tie) == {}
    forms = tie[0]
    assert best_name(forms, {"b": -2}) == "Emily Horne"
    assert best_name(forms, {"a": -2}) == "Emilia Horna"


def test_an_organisation_known_by_its_initials_is_named_by_them() -> None:
    # Each article gives the full name once and the initials after: readers know it as "CPB".
    entities = resolve_entities(
        [
            hand("a", ("Caisse portuaire de Brest", "ORG"), ("CPB", "ORG"), ("CPB", "ORG")),
            hand("b", ("Caisse portuaire de Brest", "ORG"), ("CPB", "ORG")),
            hand("c", ("Office régional du littoral", "ORG"), ("ORL", "ORG"),
                 ("Office régional du littoral", "ORG")),
            hand("d", ("Office régional du littoral", "ORG"),
                 ("Office régional du littoral", "ORG")),
        ]
    )
    assert holder(entities, "Caisse portuaire de Brest").name == "CPB"
    # Initials one article uses, against a full name two use: the full name stays.
    assert holder(entities, "ORL").name == "Office régional du littoral"
