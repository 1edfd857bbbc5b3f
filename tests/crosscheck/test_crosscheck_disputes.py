"""Disputes between outlets: far-apart figures, durations in other units, attributed counts and
local figures, and the order of facts in the check."""

from __future__ import annotations

from corroborate.analyze.nlp import to_analysis
from corroborate.crosscheck.story import check_story
from corroborate.types import Story, StoryCheck
from crosscheck_story import article


def _check(nlp, texts: dict[str, str]) -> StoryCheck:
    articles = {aid: article(text, "2024-03-12", aid) for aid, text in texts.items()}
    analyses = {aid: to_analysis(nlp(a.text), a) for aid, a in articles.items()}
    return check_story(Story("s", list(articles), date="2024-03-12"), articles, analyses)


def _values(check: StoryCheck) -> list[set[str]]:
    return [{e.value or "" for e in c.items} for c in check.conflicts]


EVACUATION = {
    "agence": "Mardi, la préfecture a ordonné l'évacuation de 800 habitants du hameau de "
    "Brousselle. La cellule de crise a duré environ 40 minutes.",
    "reprise": "La préfecture a ordonné mardi l'évacuation de 800 riverains du hameau de "
    "Brousselle. La cellule de crise a duré environ 40 minutes.",
    "radio": "Près de 2 000 personnes ont dû quitter leur domicile mardi. "
    "La cellule de crise a duré une heure. Le lac retient 35 millions de mètres cubes.",
}


def test_unattributed_figures_far_apart_and_durations_in_other_units_conflict(nlp):
    check = _check(nlp, EVACUATION)
    values = _values(check)
    assert {"800", "2000"} in values
    assert {"40 min", "1 h"} in values
    evacuated = next(f for f in check.facts if f.kind == "number" and f.value == "800")
    assert {e.article for e in evacuated.support} == {"agence", "reprise"}
    assert [e.article for e in evacuated.disputed_by] == ["radio"]
    lone = next(f for f in check.facts if f.kind == "number" and f.value == "2000")
    assert {e.article for e in lone.disputed_by} == {"agence", "reprise"}


def test_backed_and_disputed_facts_come_before_single_source_ones(nlp):
    check = _check(nlp, EVACUATION)
    lead = [len({e.article for e in f.support}) >= 2 or bool(f.disputed_by) for f in check.facts]
    assert lead == sorted(lead, reverse=True)
    assert not lead[-1]  # single-source claims exist and come last


def test_counts_attributed_to_different_sources_are_not_a_dispute(nlp):
    check = _check(
        nlp,
        {
            "a": "Selon la police, 800 personnes ont manifesté mardi contre la fermeture du port.",
            "b": "Selon la police, 800 manifestants ont défilé mardi contre la fermeture du port.",
            "c": "Selon les syndicats, 2 000 personnes ont manifesté mardi contre la fermeture "
            "du port.",
        },
    )
    assert not any({"800", "2000"} <= v for v in _values(check))


def test_figures_for_one_town_do_not_dispute_the_total(nlp):
    check = _check(
        nlp,
        {
            "a": "La grève a réuni 12 000 manifestants mardi dans tout le département.",
            "b": "La grève a réuni 12 000 manifestants mardi dans le département.",
            "c": "La grève a réuni 11 000 manifestants à Valbrune mardi.",
        },
    )
    assert not any({"12000", "11000"} <= v for v in _values(check))


def test_a_hedge_that_allows_the_other_figure_is_no_dispute(nlp):
    check = _check(nlp, {
        "agence": "Mardi, la préfecture a ordonné l'évacuation de 800 habitants du hameau de "
        "Brousselle, a indiqué le préfet.",
        "reprise": "La préfecture a ordonné mardi l'évacuation de 800 riverains du hameau de "
        "Brousselle, selon le préfet.",
        "radio": "Mardi, la préfecture a ordonné l'évacuation de près de 780 habitants du "
        "hameau de Brousselle, a indiqué le préfet.",
    })
    assert not any(f.disputed_by for f in check.facts if f.kind == "number"), [
        (f.value, [e.value for e in f.disputed_by]) for f in check.facts]


def test_the_bounds_of_a_range_are_not_disputed_as_figures(nlp):
    check = _check(nlp, {
        "agence": "Le tribunal de Brousselle a condamné mardi les 12 prévenus à des peines "
        "allant de 2 à 6 ans de prison, a indiqué le parquet.",
        "reprise": "Mardi, le tribunal de Brousselle a condamné les 12 prévenus à des peines "
        "de 2 à 6 ans de prison, selon le parquet.",
        "radio": "Le tribunal de Brousselle a condamné mardi les 12 prévenus à des peines de "
        "prison allant jusqu'à 6 ans, dont une de 4 ans, a indiqué le parquet.",
    })
    durations = [f for f in check.facts if f.kind == "duration"]
    assert not any(f.disputed_by for f in durations), [
        (f.value, [e.value for e in f.disputed_by]) for f in durations]


def test_no_article_backs_and_disputes_one_fact(nlp):
    check = _check(nlp, {
        "agence": "La cellule de crise a duré 40 minutes mardi à Brousselle. Selon d'autres, "
        "la cellule de crise de Brousselle a duré une heure.",
        "reprise": "La cellule de crise a duré 40 minutes mardi à Brousselle.",
        "radio": "La cellule de crise a duré une heure mardi à Brousselle.",
    })
    for fact in check.facts:
        assert not {e.article for e in fact.support} & {e.article for e in fact.disputed_by}


RAIN = {
    "meteo": "Mardi, il est tombé 180 millimètres de pluie sur la commune de Brousselle "
    "en six heures, selon la station du col.",
    "radio": "Mardi, il est tombé 180 millimètres de pluie sur la commune de Brousselle "
    "en six heures.",
    "veille": "Mardi, il pourrait tomber jusqu'à 150 millimètres de pluie "
    "sur la commune de Brousselle en six heures.",
}


def test_a_forecast_is_not_set_against_a_report(nlp):
    check = _check(nlp, RAIN)
    assert not [f for f in check.facts if f.disputed_by and f.kind == "number"]
    reported = {**RAIN, "veille": RAIN["veille"].replace("il pourrait tomber jusqu'à",
                                                         "il est tombé")}
    assert {"180", "150"} in _values(_check(nlp, reported))


def test_modal_reads_mood_tense_and_modal_verbs_off_the_parse(nlp):
    from corroborate.crosscheck.facts.modality import modal

    for text, figure, expected in [
        ("La fermeture doit durer trois mois.", "trois", True),
        ("Le procès durera quatre mois.", "quatre", True),
        ("Le bilan pourrait atteindre 40 morts.", "40", True),
        ("Le procès a duré quatre mois.", "quatre", False),
        ("Le bilan fait état de 250 blessés.", "250", False),
        ("Près de 2 000 personnes ont dû quitter leur domicile.", "2 000", False),
        ("Il a pu tomber jusqu'à 400 litres par mètre carré.", "400", True),
    ]:
        tokens = to_analysis(nlp(text), article(text, "2024-03-12", "x")).tokens
        assert modal(tokens, text.index(figure)) is expected, text


def test_requested_reads_a_verb_of_asking_and_its_object_off_the_parse(nlp):
    from corroborate.crosscheck.facts.modality import requested

    for text, expected in [
        ("Le parquet a requis 20 ans de réclusion contre l'accusé.", True),
        ("Vingt ans de réclusion criminelle ont été requis contre l'accusé.", True),
        ("L'avocate générale avait demandé la peine maximale de 20 ans.", True),
        ("Une peine de 20 ans requise contre l'accusé.", True),
        ("L'accusé est condamné à 20 ans de réclusion criminelle.", False),
        ("La cour a suivi les réquisitions et condamné l'accusé à 20 ans de prison.", False),
        # A circumstance of the asking is not what is asked.
        ("Il a demandé pardon devant 300 personnes.", False),
    ]:
        tokens = _tokens(nlp, text)
        assert requested(tokens, 0, len(text)) is expected, text


def _tokens(nlp, text: str):
    return to_analysis(nlp(text), article(text, "2024-03-12", "x")).tokens


def test_the_frame_reads_remainders_restrictions_and_holders_off_the_parse(nlp):
    from corroborate.crosscheck.facts.frame import REMAINDER, frame, same_set

    def at(text: str, figure: str):
        start = text.index(figure)
        return frame(_tokens(nlp, text), start, start + len(figure))

    rest = at("Les 12 autres marins ont été hélitreuillés.", "12 autres marins")
    assert REMAINDER in rest.restrictions
    crew = at("Les 14 marins ont été hélitreuillés.", "14 marins")
    assert not crew.restrictions and not same_set(rest, crew)
    held = at("Un box vitré attend les 6 hommes qui comparaissent détenus.", "6 hommes")
    free = at("Les 8 hommes qui sont restés libres ont quitté la salle.", "8 hommes")
    assert "comparaître" in held.restrictions and "rester" in free.restrictions
    assert not same_set(held, free)
    mayor = at("Le maire Paul Vernier, 58 ans, a démissionné.", "58 ans")
    deputy = at("Son adjoint Marc Tessier, 61 ans, reste en poste.", "61 ans")
    again = at("Paul Vernier, 57 ans, a quitté la mairie mardi.", "57 ans")
    assert "vernier" in mayor.holder and "tessier" in deputy.holder
    assert not same_set(mayor, deputy) and same_set(mayor, again)


def test_figures_of_other_sets_or_other_people_are_no_dispute(nlp):
    texts = {
        "a": "Le tribunal de Brousselle a jugé mardi 14 marins du chalutier Albatros. "
        "Le capitaine Paul Vernier, 58 ans, a été condamné à huit ans de prison.",
        "b": "Mardi, à Brousselle, les 12 autres marins de l'Albatros ont été relaxés. "
        "Son second Marc Tessier, 61 ans, a été condamné à trois ans de prison.",
        "c": "Le tribunal de Brousselle a jugé mardi 14 marins de l'Albatros. Le capitaine "
        "Paul Vernier, 58 ans, a été condamné à huit ans de prison.",
    }
    check = _check(nlp, texts)
    disputed = [f for f in check.facts if f.disputed_by]
    assert not disputed, [(f.value, [e.value for e in f.disputed_by]) for f in disputed]
    crew = next(f for f in check.facts if f.value == "14")
    assert {e.article for e in crew.support} == {"a", "c"}


def test_a_range_with_words_between_its_bounds_is_not_a_figure(nlp):
    check = _check(nlp, {
        "a": "Les peines prononcées mardi à Brousselle vont de 2 ans de prison, dont un avec "
        "sursis, à 9 ans de réclusion.",
        "b": "Mardi à Brousselle, les condamnations allaient de deux ans d'emprisonnement dont "
        "un avec sursis à 12 ans de réclusion.",
    })
    assert not [f for f in check.facts if f.disputed_by]


def test_a_bare_place_noun_is_no_place_and_nested_places_do_not_compete(nlp):
    check = _check(nlp, {
        "a": "Les pluies ont frappé mardi la vallée en Savoie, selon la préfecture.",
        "b": "Les pluies ont frappé mardi la vallée en Savoie, a indiqué la préfecture.",
        "c": "Les pluies ont frappé mardi la vallée dans la région de Chambéry, en Savoie.",
        "d": "Les pluies ont aussi inondé le stade mardi, selon la mairie.",
    })
    places = {f.value for f in check.facts if f.kind == "place"}
    assert "stade" not in places and "région" not in places
    assert not [f for f in check.facts if f.kind == "place" and f.disputed_by]


def test_a_year_in_another_clause_does_not_make_a_figure_a_recall(nlp):
    texts = {
        "a": "Le capitaine Paul Vernier, 58 ans, a été condamné mardi pour avoir tenté en 2019 "
        "de couler le chalutier.",
        "b": "Le capitaine Paul Vernier, 58 ans, a été condamné mardi pour avoir tenté en 2019 "
        "de couler le chalutier.",
        "c": "Paul Vernier, 48 ans, a été condamné mardi à Brousselle.",
        "d": "En 2004, une crue avait touché la vallée, provoquant alors la mort de 9 "
        "personnes.",
    }
    check = _check(nlp, texts)
    age = next(f for f in check.facts if f.value == "58 an")
    assert [e.article for e in age.disputed_by] == ["c"]
    assert not [f for f in check.facts if f.value == "9" and f.disputed_by]



def test_an_articles_sole_count_of_a_thing_disputes_anothers(nlp):
    texts = {
        "a": "À Brousselle, les athlètes ont pris place sur 85 embarcations.",
        "b": "Au total, 94 embarcations ont rejoint le cortège de Brousselle.",
    }
    assert {"85", "94"} in _values(_check(nlp, texts))
    texts["b"] = ("Au total, 94 embarcations ont rejoint le cortège de Brousselle, dont 12 "
                  "embarcations de secours.")
    assert {"85", "94"} not in _values(_check(nlp, texts))
