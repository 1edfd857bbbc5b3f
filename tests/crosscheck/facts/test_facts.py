"""Per-article facts: values, slots, exact spans; and the value normaliser they rely on."""

from __future__ import annotations

from datetime import date

from corroborate.analyze.nlp import to_analysis
from corroborate.crosscheck.facts.find import find_facts
from corroborate.lexicon.values import parse_number, resolve_date
from corroborate.types import FactMention
from crosscheck_story import article


def facts_of(nlp, text: str, when: str | None = None) -> list[FactMention]:
    art = article(text, when)
    found = find_facts(art, to_analysis(nlp(text), art))
    for f in found:
        assert art.text[f.start : f.end] == f.text
    return found


def values(found: list[FactMention], kind: str) -> list[tuple[str, str]]:
    return [(f.value, f.slot) for f in found if f.kind == kind]


def test_parse_number_reads_digits_words_and_approximations():
    assert parse_number("100 000") == 100000
    assert parse_number("100\u00a0000") == 100000
    assert parse_number("1,12") == 1.12
    assert parse_number("806.000") == 806000
    assert parse_number("deux") == 2
    assert parse_number("cinquantaine") == 50
    assert parse_number("beaucoup") is None


def test_resolve_date_weekdays_day_month_and_relative_words():
    base = date(2021, 12, 30)  # a Thursday
    assert resolve_date("jeudi", base) == "2021-12-30"
    assert resolve_date("mercredi", base) == "2021-12-29"
    assert resolve_date("dimanche", base, future=True) == "2022-01-02"
    assert resolve_date("10 janvier", base) == "2022-01-10"
    assert resolve_date("aujourd'hui", base) == "2021-12-30"
    assert resolve_date("mardi 7 mars 2023", None) == "2023-03-07"
    assert resolve_date("jeudi", None) is None
    assert resolve_date("jeudi", base, approximate=True) is None


def test_durations_normalise_to_minutes(nlp):
    found = facts_of(
        nlp,
        "La réunion a duré environ 40 minutes. Le second échange, d'une quarantaine de minutes, "
        "a suivi.",
    )
    durations = [f for f in found if f.kind == "duration"]
    assert [f.value for f in durations] == ["40 min", "40 min"]
    assert durations[0].text == "environ 40 minutes"
    assert durations[1].text == "une quarantaine de minutes"


def test_counted_numbers_keep_their_noun_as_slot(nlp):
    found = facts_of(
        nlp,
        "Selon la préfecture, 1,3 million de manifestants ont défilé et 12 000 policiers étaient "
        "mobilisés. Le séisme de magnitude 5,9 a fait 2 012 morts.",
    )
    numbers = values(found, "number")
    assert ("1300000", "manifestant") in numbers
    assert ("12000", "policier") in numbers
    assert ("2012", "mort") in numbers
    assert ("5.9", "magnitude") in numbers


def test_rates_money_percent_scores_and_ordinals(nlp):
    found = facts_of(
        nlp,
        "La banque relève son taux de 25 points de base, à 3,5 %. Le club a dépensé 42,8 millions "
        "d'euros. L'équipe a gagné 2-0 et dispute sa troisième finale.",
    )
    assert ("25 pb", "point de base") in values(found, "number")
    assert [v for v, _ in values(found, "percent")] == ["3.5 %"]
    assert [v for v, _ in values(found, "money")] == ["42800000 EUR"]
    assert [v for v, _ in values(found, "score")] == ["2-0"]
    assert ("3", "finale") in values(found, "count")


def test_a_score_that_ends_its_sentence_is_one_score(nlp):
    found = facts_of(nlp, "Au terme d'un match intense, les visiteurs se sont imposés 3-1. Le "
                     "taux passe de 2-0,5 points.")
    assert [v for v, _ in values(found, "score")] == ["3-1"]
    assert not [f for f in found if f.kind == "number" and f.text.endswith("-")]


def test_dates_resolve_against_the_article_date(nlp):
    found = facts_of(
        nlp,
        "Les deux ministres se sont parlé jeudi. Ils se retrouveront le 10 janvier à Lisbonne.",
        when="2021-12-30",
    )
    dates = {f.text: f.value for f in found if f.kind == "date"}
    assert dates["jeudi"] == "2021-12-30"
    assert dates["10 janvier"] == "2022-01-10"


def test_dates_without_article_date_are_left_for_the_story_with_their_tense(nlp):
    found = facts_of(
        nlp,
        "Les deux ministres se sont parlé jeudi au téléphone. Ils se verront lundi à Rome. "
        "La commission doit rendre son avis mercredi.",
    )
    dates = [f.value for f in found if f.kind == "date"]
    assert dates == ["?-jeudi", "?+lundi", "?mercredi"]


def test_places_need_a_preposition_of_place(nlp):
    found = facts_of(
        nlp,
        "Le président s'exprimait depuis Lisbonne. Les pourparlers auront lieu à Genève. "
        "La Norvège a salué l'accord.",
    )
    places = [f.value for f in found if f.kind == "place"]
    assert "Lisbonne" in places and "Genève" in places
    assert "Norvège" not in places


def test_statements_are_clauses_with_content_keys(nlp):
    found = facts_of(nlp, "La maire a ordonné l'évacuation immédiate du quartier inondé.")
    events = [f for f in found if f.kind == "event"]
    assert events and events[0].slot == "ordonner"
    assert "évacuation" in events[0].text
    # "évacuation" is keyed by its synonym class, so "ont dû quitter" meets it
    assert "évacuer" in events[0].subject.split()


def test_french_numerals_in_words_compounds_included():
    from corroborate.lexicon.values import parse_number, parse_numeral

    for words, value in [("cinquante-et-un", 51), ("vingt et un", 21), ("soixante-douze", 72),
                         ("soixante-dix-sept", 77), ("quatre-vingts", 80),
                         ("quatre-vingt-dix-huit", 98), ("deux cents", 200),
                         ("deux cent trente", 230), ("mille deux cents", 1200),
                         ("trois mille", 3000), ("trente-cinq", 35)]:
        assert parse_numeral(words) == value, words
    assert parse_numeral("cinquante deux") is None  # no French numeral is written so
    assert parse_number("cinquante-et-un") == 51.0


def test_a_figure_glued_to_a_name_is_part_of_the_name(nlp):
    found = facts_of(nlp, "Les services Microsoft 365 sont en panne depuis vendredi, et "
                     "1 200 vols ont été annulés à Brousselle.")
    numbers = values(found, "number")
    assert "365" not in [value for value, _ in numbers]
    assert ("1200", "vol") in numbers


def test_a_quote_mark_after_a_figure_is_not_its_noun(nlp):
    found = facts_of(nlp, "Microsoft indique que les utilisateurs ne peuvent accéder aux "
                     "services “Microsoft 365”.")
    assert "365" not in [value for value, _ in values(found, "number")]


def test_an_ordinal_that_dates_the_clause_is_no_count(nlp):
    found = facts_of(nlp, "Le FC Brousselle a été courageux en première mi-temps. Vernier a été "
                     "remplacé en seconde période. Un nouveau pas, après une première baisse "
                     "des taux en juin.")
    counts = values(found, "count")
    assert ("1", "baisse") in counts
    assert [slot for _, slot in counts] == ["baisse"]


def test_a_nationality_before_a_name_is_no_place(nlp):
    found = facts_of(nlp, "La troisième place est revenue à l'Américain Carson Forster, et la "
                     "finale aura lieu à Marseille.")
    places = [value for value, _ in values(found, "place")]
    assert "Marseille" in places
    assert not [p for p in places if "Américain" in p]


def test_years_listed_in_one_sentence_are_no_claims(nlp):
    listed = facts_of(nlp, "L'écart fut inférieur à un point en 2000, 2004, 2016 et 2020.")
    assert not [m for m in listed if m.kind == "date"]
    one = facts_of(nlp, "Il avait perdu l'élection en 2020 face au sortant.")
    assert [m.value for m in one if m.kind == "date"] == ["2020"]


def test_an_infinitive_on_a_noun_is_no_statement_of_its_own(nlp):
    found = facts_of(nlp, "L'Australie a été le premier pays à être grandement touché par cette"
                     " panne informatique.")
    events = [f.text for f in found if f.kind == "event"]
    # the clause that holds "pays" states who was touched; "à être touché par cette panne"
    # alone would back any sentence where a breakdown touches something
    assert events and all(e.startswith("L'Australie") for e in events), events
    assert not any(e.startswith("à être") for e in events)


def test_a_statement_never_runs_over_a_line_break(nlp):
    text = ("Une enquête a été ouverte.\nSelon les pompiers de Paris, l'incendie est lié aux"
            " travaux de rénovation du monument.")
    for f in facts_of(nlp, text):
        assert "\n" not in f.text, f.text


def test_an_agency_dateline_is_no_date_claim(nlp):
    text = ("AMSTERDAM, 9 juin (Reuters) - La Banque de Brest a relevé ses taux le 8 juin, a"
            " déclaré sa présidente.")
    dates = [f.text for f in facts_of(nlp, text, "2022-06-09") if f.kind == "date"]
    assert dates == ["8 juin"]


def test_a_role_s_head_noun_in_the_plural_is_marked(nlp):
    from corroborate.crosscheck.facts.statements import PLURAL

    many = facts_of(nlp, "De nombreux immeubles se sont effondrés à Brest pendant le séisme.")
    one = facts_of(nlp, "Un immeuble s'est effondré à Brest pendant le séisme.")
    roles = [f"{f.agent} {f.patient}".split() for f in many if f.kind == "event"]
    assert any("immeub" + PLURAL in r for r in roles), roles
    assert not any(PLURAL in f.agent + f.patient for f in one if f.kind == "event")
