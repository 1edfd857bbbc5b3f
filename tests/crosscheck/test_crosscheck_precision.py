"""Precision of the facts list: one fact per claim, no clock times as figures, weekdays near
the story date, whole hyphenated words, quoted words left to the quote groups."""

from __future__ import annotations

from datetime import date

import pytest

from corroborate.crosscheck.facts.groups import Group, fold_overlaps
from corroborate.crosscheck.facts.statements import _whole_words
from corroborate.crosscheck.story import check_story
from corroborate.lexicon.values import resolve_date, weekday_offset
from corroborate.types import Fact, FactMention, StoryCheck
from crosscheck.facts.test_facts import facts_of
from crosscheck_story import load


@pytest.fixture(scope="module")
def tunnel(nlp):
    story, articles, analyses = load(nlp, "tunnel")
    return check_story(story, articles, analyses), articles


def backers(fact: Fact) -> set[str]:
    return {e.article for e in fact.support}


def facts_saying(check: StoryCheck, words: str) -> list[Fact]:
    return [f for f in check.facts if words in f.statement]


def test_weekdays_resolve_near_the_story_date_by_tense():
    tuesday = date(2024, 5, 14)
    assert weekday_offset(2, tuesday) == 1  # mercredi, no tense: tomorrow
    assert weekday_offset(4, tuesday) == 3 and weekday_offset(5, tuesday) == -3
    assert weekday_offset(2, tuesday, past=True) == -6
    assert weekday_offset(0, tuesday, future=True) == 6
    assert weekday_offset(1, tuesday, past=True) == 0
    assert resolve_date("mercredi", tuesday) == "2024-05-15"
    assert resolve_date("mercredi", tuesday, past=True) == "2024-05-08"


def test_times_of_day_and_bare_days_are_neither_durations_nor_counts(nlp):
    found = facts_of(
        nlp,
        "Les techniciens ont repéré vers 5 h 40 une fuite. Arrivé vers 15 heures, le ministre "
        "a parlé. Un point est prévu à 9 heures. La secousse a eu lieu à 23h11. "
        "Les secours ont travaillé pendant 15 heures. Les syndicats appellent à manifester "
        "mardi 7 et samedi 11 janvier. La préfecture a fait évacuer mardi 1 200 habitants.",
    )
    figures = [(f.kind, f.value) for f in found if f.kind in {"duration", "number"}]
    assert figures == [("duration", "15 h"), ("number", "1200")]
    assert next(f.text for f in found if f.kind == "duration") == "15 heures"
    assert "samedi 11 janvier" in [f.text for f in found if f.kind == "date"]


def test_spans_are_widened_to_whole_hyphenated_words():
    text = "où la Croix-Rouge a installé deux cents lits"
    cut = text.index("Croix-") + len("Croix-")
    assert text[slice(*_whole_words(text, 0, cut))] == "où la Croix-Rouge"
    assert text[slice(*_whole_words(text, cut, len(text)))] == (
        "Croix-Rouge a installé deux cents lits"
    )
    assert _whole_words(text, 0, 5) == (0, 5)


def test_statements_stop_at_the_quotation_they_introduce(nlp):
    found = facts_of(
        nlp,
        "La maire de Saint-Luc-d’Orvanne, Odile Ferrand, a salué le calme de ses administrés "
        ":\u00a0«\u00a0Les gens sont partis sans panique, avec un sac et leurs papiers.\u00a0»",
    )
    events = [f.text for f in found if f.kind == "event"]
    assert (
        "La maire de Saint-Luc-d’Orvanne, Odile Ferrand, a salué le calme de ses administrés"
        in events
    )
    assert not any("«" in t or "»" in t for t in events)


def test_no_statement_is_cut_at_a_hyphen(tunnel):
    check, articles = tunnel
    for fact in check.facts:
        for e in fact.support:
            text = articles[e.article].text
            end = e.start + len(e.text)
            assert not e.text.endswith("-") and not e.text.startswith("-")
            assert not (end < len(text) and text[end] == "-" and text[end - 1].isalnum())
            assert not (e.start and text[e.start - 1] == "-")


def test_quoted_words_are_left_to_the_quote_group(tunnel):
    check, _ = tunnel
    assert not facts_saying(check, "aucun danger")
    quote = next(q for q in check.quotes if "aucun danger" in q.text)
    assert quote.kind == "direct" and {e.article for e in quote.support} == {
        "agence", "quotidien", "radio",
    }


def test_a_clause_stating_a_figure_shows_once_with_its_value(tunnel):
    check, articles = tunnel
    figure = facts_saying(check, "2 400")
    assert [(f.kind, f.value) for f in figure] == [("number", "2400")]
    assert backers(figure[0]) == {"agence", "quotidien", "radio"}
    for e in figure[0].support:  # each backer's whole clause, value unchanged
        assert "ordonné la fermeture" in e.text and e.value == "2400"
        assert articles[e.article].text[e.start : e.start + len(e.text)] == e.text


def test_statements_shown_once(tunnel):
    check, _ = tunnel
    statements = [f.statement for f in check.facts if len(backers(f)) > 1]
    assert len(statements) == len(set(statements))
    # The closure is backed by the radio too, which gives no date: it stays a statement,
    # worded from an article whose clause the dated fact does not already show.
    closed = [f for f in check.facts if f.kind == "event" and "tunnel de Valbrune a été" in
              f.statement]
    dated = next(f for f in check.facts if f.kind == "date" and f.value == "2025-03-11")
    assert closed and backers(closed[0]) == {"agence", "quotidien", "radio"}
    assert closed[0].statement != dated.statement


def test_undated_weekday_resolves_to_the_nearest_day_of_the_story(tunnel):
    check, _ = tunnel
    friday = next(f for f in check.facts if f.kind == "date" and "vendredi" in f.statement)
    assert friday.value == "2025-03-14" and backers(friday) == {"radio"}
    thursday = next(f for f in check.facts if "restera fermé jeudi" in f.statement)
    assert thursday.value == "2025-03-13"


def _mention(kind: str, value: str, start: int, end: int, text: str = "") -> FactMention:
    return FactMention(kind=kind, value=value, text=text or "x" * (end - start), start=start,
                       end=end, sent=0, slot="habitant")


def test_fold_drops_a_statement_whose_extra_backer_gives_another_figure():
    figure = Group("number", "1200", [("a", _mention("number", "1200", 40, 45)),
                                      ("b", _mention("number", "1200", 10, 15))])
    other = Group("number", "3000", [("c", _mention("number", "3000", 60, 65))])
    said = Group("event", "", [("a", _mention("event", "", 20, 70)),
                               ("b", _mention("event", "", 0, 30)),
                               ("c", _mention("event", "", 50, 90))])
    kept = fold_overlaps([figure, other, said])
    assert kept == [figure, other]
    assert [(a, m.start, m.end, m.value) for a, m in figure.members] == [
        ("a", 20, 70, "1200"), ("b", 0, 30, "1200"),
    ]


def test_fold_keeps_a_statement_backed_beyond_the_figure():
    figure = Group("number", "1200", [("a", _mention("number", "1200", 40, 45)),
                                      ("b", _mention("number", "1200", 10, 15))])
    said = Group("event", "", [("a", _mention("event", "", 20, 70)),
                               ("b", _mention("event", "", 0, 30)),
                               ("c", _mention("event", "", 50, 90))])
    assert fold_overlaps([figure, said]) == [figure, said]
    # Worded from a clause other than the one the figure shows (its first, in "a").
    assert [a for a, _ in said.members] == ["b", "c", "a"]
