"""Scoring against gold: BCubed, span matching and the full score table."""

from __future__ import annotations

import pytest

from corroborate.evaluate import bcubed, score, spans_match


def test_bcubed_perfect_and_all_in_one():
    gold = {"a": "x", "b": "x", "c": "y", "d": "y"}
    assert bcubed(gold, {"a": 1, "b": 1, "c": 2, "d": 2}) == (1.0, 1.0, 1.0)
    p, r, f1 = bcubed(gold, {"a": 1, "b": 1, "c": 1, "d": 1})
    assert (p, r) == (0.5, 1.0)
    assert f1 == pytest.approx(2 / 3)


def test_bcubed_singletons():
    gold = {"a": "x", "b": "x"}
    assert bcubed(gold, {"a": "1", "b": "2"}) == (1.0, 0.5, pytest.approx(2 / 3))


def test_spans_match_by_containment_overlap_and_not_otherwise():
    text = "Le conseil a voté la fermeture du port de Valbrune mardi soir."
    assert spans_match("la fermeture du port", "a voté la fermeture du port de Valbrune", text)
    assert spans_match("voté la fermeture du port", "la fermeture du port de Valbrune mardi", text)
    assert not spans_match("mardi soir", "Le conseil a voté", text)
    assert spans_match("l’appel", "l'appel")


def _report(stories, articles):
    return {"schema": "corroborate/report@1", "articles": articles, "stories": stories}


def test_score_counts_facts_quotes_entities_and_noise():
    text_a = "L'appel a duré 40 minutes, a déclaré Ingrid Valmorel."
    text_b = "Selon Valmorel, l'appel a duré une quarantaine de minutes."
    articles = [
        {"id": "a", "text": text_a, "title": "Titre A", "story": "S1", "raw": "Next\n" + text_a},
        {"id": "b", "text": text_b, "title": None, "story": "S1", "raw": text_b},
    ]
    story = {
        "id": "S1",
        "facts": [
            {
                "id": "F1",
                "statement": "L'appel a duré 40 minutes",
                "kind": "duration",
                "value": "40 min",
                "support": [
                    {"article": "a", "text": "a duré 40 minutes"},
                    {"article": "b", "text": "une quarantaine de minutes"},
                ],
                "disputed_by": [],
            }
        ],
        "quotes": [],
        "entities": [
            {"id": "E1", "name": "Ingrid Valmorel", "type": "PER", "variants": ["Valmorel"]}
        ],
    }
    gold = {
        "stories": [
            {
                "story": "g1",
                "articles": ["a", "b"],
                "facts": [
                    {
                        "id": "F1",
                        "fact": "durée",
                        "evidence": {"a": "duré 40 minutes", "b": "une quarantaine de minutes"},
                    },
                    {"id": "F2", "fact": "absent", "evidence": {"a": "a déclaré"}},
                ],
                "quotes": [],
                "entities": [
                    {"name": "Ingrid Valmorel", "variants": ["Ingrid Valmorel", "Valmorel"]}
                ],
            }
        ],
        "noise": {"a": {"lines": ["Next"], "fragments": [], "title": "Titre A"}},
    }
    result = score(gold, _report([story], articles))
    assert result["bcubed"]["f1"] == 1.0
    assert result["facts"]["found"] == 1
    assert result["facts"]["backers"] == 2
    assert result["entities"]["whole"] == 1
    assert result["noise"]["lines"] == (1, 1)
    assert result["noise"]["titles"] == (1, 1)
    assert result["noise"]["body_lost"] == 0.0
