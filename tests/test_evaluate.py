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
    return {"schema": "corroborate/report@2", "articles": articles, "stories": stories}


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


def test_conflict_recall_needs_both_sides_of_a_multi_article_conflict():
    text_a = "La préfecture a ordonné l'évacuation de 1 200 habitants mardi."
    text_b = "Près de 3 000 personnes ont dû quitter leur domicile mardi."
    text_c = "La préfète Ingrid Valmoral a ordonné l'évacuation."
    articles = [
        {"id": i, "text": t, "title": None, "story": "S1"}
        for i, t in (("a", text_a), ("b", text_b), ("c", text_c))
    ]
    evacuated = {
        "id": "C1",
        "about": "personnes évacuées : 1200 ou 3000",
        "items": [
            {"article": "a", "text": "1 200 habitants", "value": "1200"},
            {"article": "b", "text": "Près de 3 000 personnes", "value": "3000"},
        ],
    }
    one_side = dict(evacuated, items=evacuated["items"][:1])
    name = {
        "id": "C2",
        "about": "names spelt unlike the other outlets in c: Valmoral",
        "items": [{"article": "c", "text": "Ingrid Valmoral", "value": "Ingrid Valmoral"}],
    }
    gold = {
        "stories": [
            {
                "story": "g1",
                "articles": ["a", "b", "c"],
                "facts": [],
                "quotes": [],
                "entities": [],
                "conflicts": [
                    {
                        "id": "C1",
                        "about": "evacuated",
                        "evidence": {"a": "l'évacuation de 1 200 habitants", "b": "Près de 3 000"},
                    },
                    {"id": "C2", "about": "misspelt", "evidence": {"c": "Ingrid Valmoral"}},
                ],
            }
        ]
    }

    def found(conflicts: list[dict]) -> int:
        story = {"id": "S1", "facts": [], "quotes": [], "entities": [], "conflicts": conflicts}
        return score(gold, _report([story], articles))["conflicts"]["found"]

    assert found([evacuated, name]) == 2
    assert found([one_side, name]) == 1  # one side of the figures is not the conflict
    assert found([]) == 0


def _set_folder(tmp_path):
    """A two-story evaluation set in the shared sets' format, written by the test."""
    import json

    folder = tmp_path / "set"
    folder.mkdir()
    labels = [("a1", "s1"), ("a2", "s1"), ("a3", "s2")]
    (folder / "articles.jsonl").write_text(
        "".join(json.dumps({"id": i, "story": s, "text": "…"}) + "\n" for i, s in labels),
        encoding="utf-8",
    )
    gold = [
        {
            "story": "s1",
            "facts": [
                {"fact": "Le port est fermé pendant 48 heures", "value": "48 heures",
                 "articles": ["a1", "a2"]},
                {"fact": "Le ministre démissionne", "value": "démission",
                 "articles": ["a1", "a2"]},
            ],
            "quotes": [
                {"speaker": "Marc Dulac", "text": "Nous ne reprendrons pas avant un accord",
                 "articles": ["a1"]},
            ],
        },
        {"story": "s2", "facts": [], "quotes": []},
    ]
    (folder / "stories.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return folder


def _set_report():
    text1 = "Le port de Valbrune est fermé pendant 48 heures. « Nous ne reprendrons pas avant un " \
        "accord », a déclaré Marc Dulac."
    text2 = "Fermeture du port de Valbrune pour 48 heures. Le maire a inauguré un parc."
    text3 = "Un parc a été inauguré à Kerbrenn."
    articles = [
        {"id": "a1", "text": text1, "story": "S1"},
        {"id": "a2", "text": text2, "story": "S1"},
        {"id": "a3", "text": text3, "story": "S2"},
    ]
    closure = {
        "id": "F1", "statement": "Le port de Valbrune est fermé pendant 48 heures",
        "kind": "duration", "value": "48 h",
        "support": [{"article": "a1", "text": "fermé pendant 48 heures"},
                    {"article": "a2", "text": "Fermeture du port de Valbrune pour 48 heures"}],
    }
    park = {
        "id": "F2", "statement": "Le maire a inauguré un parc", "kind": "event", "value": None,
        "support": [{"article": "a2", "text": "Le maire a inauguré un parc"},
                    {"article": "a3", "text": "Un parc a été inauguré"}],
    }
    quote = {"id": "Q1", "speaker": "Marc Dulac", "text": "Nous ne reprendrons pas avant un accord",
             "support": [{"article": "a1", "text": "Nous ne reprendrons pas avant un accord"}]}
    stories = [
        {"id": "S1", "articles": ["a1", "a2"], "facts": [closure, park], "quotes": [quote]},
        {"id": "S2", "articles": ["a3"], "facts": [], "quotes": []},
    ]
    return {"articles": articles, "stories": stories}


def test_score_set_reads_the_set_format_and_reports_precision(tmp_path):
    from corroborate.evaluate import score_set

    scores = score_set(_set_folder(tmp_path), _set_report())
    assert scores["bcubed"]["f1"] == 1.0
    assert scores["facts"] == {"found": 1, "gold": 2, "reported": 2, "matching": 1}
    assert scores["quotes"] == {"found": 1, "gold": 1, "reported": 1, "matching": 1}
    rows = {name: detail for name, _, detail in scores["table"]}
    assert rows["fact recall"] == "1/2"
    assert rows["fact precision vs gold"].startswith("1/2 ")


def test_eval_command_takes_a_set_folder_and_refuses_a_bad_one(tmp_path):
    import json

    from typer.testing import CliRunner

    from corroborate.cli import app

    report = tmp_path / "stories.json"
    report.write_text(json.dumps(_set_report(), ensure_ascii=False), encoding="utf-8")
    runner = CliRunner()
    ok = runner.invoke(app, ["eval", str(_set_folder(tmp_path)), str(report), "--json"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.output)["facts"]["found"] == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    bad = runner.invoke(app, ["eval", str(empty), str(report)])
    assert bad.exit_code == 2
    assert "needs articles.jsonl and stories.json" in bad.output
