"""Arcs: stories of one developing story linked in date order, with what changed; an
unrelated story sharing one name stays apart (fixture: tests/fixtures/arcs/README.md)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from corroborate import pipeline
from corroborate.arcs import Linker, Profile
from corroborate.cli import app
from corroborate.render import report_dict, validate, write_site
from corroborate.store import Store

FIXTURE = Path(__file__).parent / "fixtures" / "arcs" / "articles.jsonl"
STORM = [["arc-01", "arc-02", "arc-03"], ["arc-04", "arc-05", "arc-06"],
         ["arc-07", "arc-08", "arc-09"]]
MUSEUM = {"arc-10", "arc-11", "arc-12"}


@pytest.fixture(scope="module")
def linked(tmp_path_factory, analyzer):
    """(store path, report data) of one run over the fixture."""
    db = tmp_path_factory.mktemp("arcs") / "arcs.db"
    store = Store(db)
    result = pipeline.run([str(FIXTURE)], store, analyzer=analyzer)
    store.close()
    return db, report_dict(result.report)


def _members(data, story_id):
    return next(s["articles"] for s in data["stories"] if s["id"] == story_id)


@pytest.mark.model
def test_the_three_storm_days_form_one_arc_in_date_order_and_the_museum_stays_apart(linked):
    _, data = linked
    assert len(data["arcs"]) == 1
    arc = data["arcs"][0]
    assert [sorted(_members(data, s)) for s in arc["stories"]] == STORM
    linked_articles = {a for s in arc["stories"] for a in _members(data, s)}
    assert not linked_articles & MUSEUM


@pytest.mark.model
def test_each_step_says_how_the_toll_changed_with_both_spans(linked):
    _, data = linked
    arc = data["arcs"][0]
    texts = {a["id"]: a["text"] for a in data["articles"]}
    steps = [(c["before"], c["after"]) for c in arc["changes"]]
    assert steps == [("4", "7"), ("7", "12")]
    for change in arc["changes"]:
        assert change["slot"] == "mort"
        before, after = change["evidence"]
        assert change["before"] in before["text"] and change["after"] in after["text"]
        assert before["text"] in texts[before["article"]]
        assert after["text"] in texts[after["article"]]
        assert before["article"] in _members(data, change["from"])
        assert after["article"] in _members(data, change["to"])
    assert validate(data) == []


@pytest.mark.model
def test_the_minister_enters_the_arc_at_her_visit_and_nobody_else_is_new(linked):
    _, data = linked
    arc = data["arcs"][0]
    texts = {a["id"]: a["text"] for a in data["articles"]}
    [newcomer] = arc["newcomers"]
    assert (newcomer["story"], newcomer["role"], newcomer["name"]) == (
        arc["stories"][1], "actor", "Claire Duval")
    [span] = newcomer["evidence"]
    assert "Claire Duval" in span["text"] and span["text"] in texts[span["article"]]
    assert span["article"] in _members(data, arc["stories"][1])
    broken = json.loads(json.dumps(data))
    broken["arcs"][0]["newcomers"][0]["evidence"][0]["article"] = "arc-01"
    assert any("newcomer" in p or "span not in" in p for p in validate(broken))


@pytest.mark.model
def test_validate_names_a_change_span_missing_from_its_article(linked):
    _, data = linked
    broken = json.loads(json.dumps(data))
    broken["arcs"][0]["changes"][0]["evidence"][1]["text"] = "12 000 morts"
    problems = validate(broken)
    assert problems and all(p.startswith("arcs/") for p in problems)
    assert any("span not in article" in p for p in problems)


@pytest.mark.model
def test_a_second_run_keeps_the_arc_and_its_order(linked, analyzer):
    db, data = linked
    store = Store(db)
    pipeline.run([str(FIXTURE)], store, analyzer=analyzer)
    again = pipeline.stored_arcs(store)
    store.close()
    assert [a.stories for a in again] == [data["arcs"][0]["stories"]]


@pytest.mark.model
def test_the_arcs_command_lists_the_arc(linked):
    db, data = linked
    result = CliRunner().invoke(app, ["arcs", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["stories"] == data["arcs"][0]["stories"]


@pytest.mark.model
def test_the_static_report_has_an_arc_page_with_cards_in_order(linked, tmp_path):
    _, data = linked
    write_site(data, tmp_path)
    arc = data["arcs"][0]
    html = (tmp_path / f"arc-{arc['id']}.html").read_text("utf-8")
    places = [html.index(f'id="card-{s}"') for s in arc["stories"]]
    assert places == sorted(places)
    assert "7 morts" in html and "article-arc-04.html#:~:text=" in html
    assert f"arc-{arc['id']}.html" in (tmp_path / "index.html").read_text("utf-8")


@pytest.mark.model
def test_the_api_serves_the_arc_and_its_stories_in_the_report_shapes(linked, analyzer):
    from fastapi.testclient import TestClient

    from corroborate.web.app import create_app

    db, data = linked
    arc = data["arcs"][0]
    with TestClient(create_app(db, analyzer=analyzer)) as client:
        listed = client.get("/api/arcs").json()["arcs"]
        one = client.get(f"/api/arcs/{arc['id']}")
        missing = client.get("/api/arcs/no-such-arc")
    assert [(a["id"], a["stories"], a["href"]) for a in listed] == [
        (arc["id"], arc["stories"], f"/arcs/{arc['id']}")]
    assert one.status_code == 200
    body = one.json()
    assert body["arc"] == arc  # "from" keeps its name on the wire
    assert [s["id"] for s in body["stories"]] == arc["stories"]
    assert [sorted(s["articles"]) for s in body["stories"]] == STORM
    assert missing.status_code == 404 and missing.json()["code"] == "E049"


@pytest.mark.model
def test_the_articles_own_titles_count_as_headline_words(linked):
    # A story headed by a lead sentence still links by the words of its articles' titles.
    from corroborate.arcs import profile
    from corroborate.arcs.profile import headline_words

    db, data = linked
    store = Store(db)
    brief = store.brief(data["arcs"][0]["stories"][1])
    store.close()
    bare = profile(brief)
    titled = profile(brief, ["Brest : la visite ministérielle sous la pluie"])
    assert "ministerielle" in titled.words and "ministerielle" not in bare.words
    assert headline_words(brief.title) <= titled.words
    assert titled.text == bare.text and not titled.text.startswith(brief.title + ". " + brief.title)
    # With no article title at all, the lead's words stand in for the headline's.
    lead = next(c.text for c in brief.summary if c.text.strip() != brief.title.strip())
    assert headline_words(lead) <= bare.words
    assert not headline_words(lead) - headline_words(brief.title) <= titled.words


def test_title_names_are_capitalised_words_inside_a_title():
    from corroborate.arcs.profile import title_names

    assert title_names("Cyclone Chido : journée de deuil national pour Mayotte") == {
        "chido", "mayotte"}
    # A clause's first word is capitalised by grammar, not because it names anything.
    assert title_names("Tempête : Les secours mobilisés à Brest") == {"brest"}
    assert title_names("COMPTE RENDU D’AUDIENCE – Le procès s'ouvre") == set()


def _brief(story, facts):
    from corroborate.types import Brief, Story, StoryCheck

    articles = sorted({e.article for f in facts for e in f.support})
    return Brief(story, story, None, [], StoryCheck(Story(story, articles), facts=facts))


def _sentence_fact(fid, asked, *spans):
    from corroborate.types import Evidence, Fact

    return Fact(fid, "20 ans", "duration", "20 an", [Evidence(a, t) for a, t in spans],
                slot="réclusion", asked=list(asked))


def test_a_sentence_asked_for_then_decided_is_a_change_and_a_recalled_request_is_not():
    from corroborate.arcs import changes

    asked = _brief("S1", [_sentence_fact("F1", [0, 1], ("a", "a requis 20 ans"),
                                         ("b", "20 ans requis"), ("c", "risque 20 ans"))])
    decided = _brief("S2", [_sentence_fact("F1", [], ("d", "condamné à 20 ans"),
                                           ("e", "20 ans de réclusion"))])
    [change] = changes(asked, decided)
    assert (change.before, change.after) == ("20 an, asked for", "20 an, decided")
    assert [e.text for e in change.evidence] == ["a requis 20 ans", "condamné à 20 ans"]
    # A verdict story that still says "as requested" somewhere, or a request only one
    # article in three states as asked, shows no change.
    recalled = _brief("S2", [_sentence_fact("F1", [1], ("d", "condamné à 20 ans"),
                                            ("e", "les 20 ans requis"))])
    assert changes(asked, recalled) == []
    weak = _brief("S1", [_sentence_fact("F1", [0], ("a", "a requis 20 ans"),
                                        ("b", "20 ans"), ("c", "risque 20 ans"))])
    assert changes(weak, decided) == []


def _profile(story, day, entities, words=("tempete",), text="t"):
    return Profile(story, day, True, story, frozenset(words), dict(entities), text)


def _same(texts):
    return np.ones((len(texts), 1), dtype=np.float32)  # every pair means the same


def test_one_shared_name_never_links_two_stories():
    linker = Linker()
    for n in range(5):  # other stories, so that the guest's name is not everywhere
        linker.add(_profile(f"X{n}", 700_000 + n, {f"other {n}": 1.0, "brest": 1.0}), _same)
    linker.add(_profile("S1", 700_100, {"claire duval": 1.0, "finistere": 1.0}), _same)
    linker.add(_profile("S2", 700_105, {"claire duval": 1.0, "lyon": 1.0}, ("tempete",)), _same)
    assert linker.arc_of["S1"] != linker.arc_of["S2"]


def test_two_rare_shared_entities_link_and_the_same_day_does_not():
    linker = Linker()
    shared = {"marc olivier": 1.0, "finistere": 1.0}
    linker.add(_profile("S1", 700_100, shared), _same)
    linker.add(_profile("S2", 700_100, shared), _same)  # same day: one event, not a step
    linker.add(_profile("S3", 700_103, shared), _same)
    assert linker.arc_of["S1"] != linker.arc_of["S2"]
    assert linker.arc_of["S3"] in {linker.arc_of["S1"], linker.arc_of["S2"]}


def test_a_story_placed_later_goes_in_at_its_date_and_the_shown_order_stays():
    linker = Linker()
    shared = {"marc olivier": 1.0, "finistere": 1.0}
    for story, day in (("S1", 700_100), ("S3", 700_110), ("S2", 700_105)):
        linker.add(_profile(story, day, shared), _same)
    assert linker.arcs[linker.arc_of["S1"]] == ["S1", "S2", "S3"]


def test_a_place_is_new_only_where_an_article_locates_something_in_it():
    from corroborate.arcs.newcomers import newcomers
    from corroborate.types import Brief, Entity, Story, StoryCheck

    def brief(story, articles, entities):
        check = StoryCheck(Story(story, articles), entities=entities)
        return Brief(story, story, None, [], check)

    texts = {"a": "La tempête a frappé Brest.", "b": "La tempête a frappé Brest hier.",
             "c": "Le bilan sera publié à Quimper, selon Occurrence.",
             "d": "À Quimper, selon le cabinet Occurrence, 300 personnes ont défilé."}
    first = brief("S1", ["a", "b"], [Entity("E1", "Brest", "LOC", ["Brest"], ["a", "b"], 2)])
    then = brief("S2", ["c", "d"], [
        Entity("E1", "Quimper", "LOC", ["Quimper"], ["c", "d"], 2),
        Entity("E2", "Occurrence", "LOC", ["Occurrence"], ["c", "d"], 2),  # a firm, mis-tagged
        Entity("E3", "Brest", "LOC", ["Brest"], ["c", "d"], 2),  # named before: not new
    ])
    found = newcomers([first, then], texts)
    assert [(n.role, n.name, n.evidence.article) for n in found] == [("place", "Quimper", "c")]
    assert found[0].evidence.text in texts["c"]
