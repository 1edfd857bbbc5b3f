"""Cross-check of the fictional flood story: fact groups, dissent, conflicts and quality."""

from __future__ import annotations

import pytest

from corroborate.crosscheck.story import check_story
from corroborate.types import Fact, StoryCheck
from crosscheck_story import load


@pytest.fixture(scope="module")
def flood(nlp):
    story, articles, analyses = load(nlp)
    return check_story(story, articles, analyses), articles


def backers(fact: Fact) -> set[str]:
    return {e.article for e in fact.support}


def group(check: StoryCheck, kind: str, value: str) -> Fact:
    return next(f for f in check.facts if f.kind == kind and f.value == value)


def test_paraphrased_durations_form_one_group_backed_by_all(flood):
    check, _ = flood
    fact = group(check, "duration", "40 min")
    assert backers(fact) == {"agence", "reprise", "ferme"}
    assert {e.text for e in fact.support} == {
        "environ 40 minutes", "une quarantaine de minutes", "40 minutes",
    }


def test_other_figure_for_the_same_slot_is_dissent_and_a_conflict(flood):
    check, _ = flood
    fact = group(check, "number", "1200")
    assert backers(fact) == {"agence", "reprise"}
    assert [(e.article, e.text) for e in fact.disputed_by] == [("ferme", "1 400 habitants")]
    conflict = next(c for c in check.conflicts if "1400" in c.about)
    assert {e.article for e in conflict.items} == {"agence", "reprise", "ferme"}


def test_misspelled_name_is_a_conflict_of_that_article_only(flood):
    check, _ = flood
    names = [c for c in check.conflicts if c.about.startswith("names")]
    assert len(names) == 1
    assert [(e.article, e.text) for e in names[0].items] == [("ferme", "Helena Vasseur")]


def test_relative_and_written_dates_resolve_to_the_same_day(flood):
    check, _ = flood
    assert backers(group(check, "date", "2023-03-20")) == {"agence", "reprise"}
    assert "ferme" in backers(group(check, "date", "2023-03-14"))


def test_statements_group_paraphrases_but_not_other_figures(flood):
    check, _ = flood
    # The evacuation clauses fold into the figure they state; the farm's 1 400 stays apart.
    evac = [f for f in check.facts if "évacu" in f.statement and len(backers(f)) > 1]
    assert [(f.kind, f.value) for f in evac] == [("number", "1200")]
    assert backers(evac[0]) == {"agence", "reprise"}
    river = [f for f in check.facts if "4,2 mètres" in f.statement and f.kind != "date"]
    assert [(f.kind, f.value) for f in river] == [("number", "4.2")]
    assert backers(river[0]) == {"agence", "reprise", "ferme"}


def test_ids_follow_support_and_spans_are_exact(flood):
    check, articles = flood
    assert [f.id for f in check.facts] == [f"F{n}" for n in range(1, len(check.facts) + 1)]
    sizes = [len(backers(f)) for f in check.facts]
    assert sizes == sorted(sizes, reverse=True)
    assert [c.id for c in check.conflicts] == [f"C{n}" for n in range(1, len(check.conflicts) + 1)]
    for fact in check.facts:
        for e in fact.support + fact.disputed_by:
            assert articles[e.article].text[e.start : e.start + len(e.text)] == e.text
    for conflict in check.conflicts:
        for e in conflict.items:
            assert e.text in articles[e.article].text


def test_quality_ranks_the_content_farm_last_with_reasons(flood):
    check, _ = flood
    scores = {a: q.score for a, q in check.quality.items()}
    assert scores["ferme"] < scores["agence"] and scores["ferme"] < scores["reprise"]
    codes = {f.code for f in check.quality["ferme"].flags}
    assert {"misspelled_names", "chrome_removed", "short_text", "unbacked_claims"} <= codes
    assert all(0.0 <= s <= 1.0 for s in scores.values())


def test_near_copy_is_flagged_with_its_original(nlp):
    from corroborate.types import CopyPair
    from crosscheck_story import load as load_story

    story, articles, analyses = load_story(nlp)
    story.copies = [CopyPair(copy="reprise", original="agence", similarity=0.82)]
    quality = check_story(story, articles, analyses).quality
    flags = {f.code: f.detail for f in quality["reprise"].flags}
    assert flags["near_copy"].startswith("copies agence (similarity 0.82)")
    assert "not an independent witness" in flags["near_copy"]
    assert "near_copy" not in {f.code for f in quality["agence"].flags}


def test_only_lines_removed_as_promotion_are_named_spam():
    from corroborate.crosscheck.quality import _removed_penalty
    from corroborate.types import Article, Removed

    def page(*removed: tuple[str, str]) -> Article:
        return Article(id="p", source="p", url=None, outlet="p", title=None, date=None,
                       lang="fr", text="texte",
                       removed=[Removed(text, reason) for text, reason in removed])

    label = page(("Les dernières actualités", "short line between chrome lines"))
    penalty, flags = _removed_penalty(label)
    assert penalty > 0 and [f.code for f in flags] == ["chrome_removed"]
    promo = page(("Gagnez un crédit à 0 %", "promotion or spam line"))
    assert "spam_lines" in [f.code for f in _removed_penalty(promo)[1]]


def test_a_lone_full_name_spelt_word_for_word_like_a_known_one_is_misspelt():
    from corroborate.crosscheck.facts import misspelled_names
    from corroborate.types import Analysis, Entity, Mention

    def analysis(aid: str, *names: str) -> Analysis:
        return Analysis(aid, aid, "fr", mentions=[Mention(n, "PER", 0, len(n), 0) for n in names])

    analyses = {
        "a": analysis("a", "Khvicha Kvaratskhelia"),
        "b": analysis("b", "Khvicha Kvaratskhelia", "Désiré Doué"),
        "c": analysis("c", "Chwitscha Kwarazchelia", "Désiré Doué"),
        "d": analysis("d", "Dominique Martin"),
    }
    entities = [
        Entity("e1", "Khvicha Kvaratskhelia", "PER", ["Khvicha Kvaratskhelia"], ["a", "b"], 2),
        Entity("e2", "Chwitscha Kwarazchelia", "PER", ["Chwitscha Kwarazchelia"], ["c"], 1),
        Entity("e3", "Désiré Doué", "PER", ["Désiré Doué"], ["b", "c"], 2),
        # another person of the story, not a spelling of anyone
        Entity("e4", "Dominique Martin", "PER", ["Dominique Martin"], ["d"], 1),
    ]
    found = misspelled_names(entities, analyses)
    assert found == {"c": [("Chwitscha Kwarazchelia", "Khvicha Kvaratskhelia")]}
