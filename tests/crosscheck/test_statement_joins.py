"""Event statements meet across outlets only as clauses: not through the rest of their
sentences, and never with their own negation."""

from __future__ import annotations

import pytest

from corroborate.analyze.nlp import to_analysis
from corroborate.crosscheck.facts import group_statements
from corroborate.crosscheck.facts.statements import WIDE
from corroborate.crosscheck.story import check_story
from corroborate.types import FactMention, Story, StoryCheck
from crosscheck.facts.test_facts import facts_of
from crosscheck_story import article


def _check(nlp, texts: dict[str, str]) -> StoryCheck:
    articles = {aid: article(text, "2024-03-12", aid) for aid, text in texts.items()}
    analyses = {aid: to_analysis(nlp(a.text), a) for aid, a in articles.items()}
    return check_story(Story("s", list(articles), date="2024-03-12"), articles, analyses)


def _joined(check: StoryCheck, a: str, b: str) -> bool:
    """Whether one fact holds a span containing `a` and one containing `b` (an event group
    may be folded into the figure fact it backs)."""
    for fact in check.facts:
        texts = [e.text for e in fact.support]
        if any(a in t for t in texts) and any(b in t for t in texts):
            return True
    return False


def _clause(text: str, verb: str, clause: str, sentence: str) -> FactMention:
    return FactMention("event", "", text, 0, len(text), 0, slot=verb,
                       subject=f"{clause} {WIDE} {sentence}")


def test_clauses_that_share_only_their_sentences_words_do_not_meet():
    rain = _clause("qui s'est abattue sur la foule", "abattre", "abattr foule",
                   "@vernier discou pont @brousselle esplan mardi")
    speech = _clause("le maire a prononcé son discours sur le pont", "prononcer",
                     "maire pronon discou pont", "@vernier @brousselle esplan mardi")
    same = _clause("la pluie s'est abattue sur la foule", "abattre", "pluie abattr foule",
                   "@vernier pont")
    assert not group_statements({"a": [rain], "b": [speech]}, lambda key: None)
    joined = group_statements({"a": [rain], "c": [same]}, lambda key: None)
    assert [sorted(a for a, _ in g.members) for g in joined] == [["a", "c"]]


@pytest.mark.parametrize("texts, same, other", [
    pytest.param({
        "a": "Au moment du verdict, le capitaine Paul Vernier a montré des signes "
        "d'abattement devant le tribunal de Brousselle.",
        "b": "Au moment du verdict, le capitaine Paul Vernier ne montre aucun signe "
        "d'abattement devant le tribunal de Brousselle.",
        "c": "Au moment du verdict, le capitaine Paul Vernier a montré des signes "
        "d'abattement face au tribunal de Brousselle.",
    }, ("a montré", "a montré"), ("ne montre", "a montré"), id="its-own-negation"),
    pytest.param({
        "a": "Le FC Brousselle a battu l'Olympique de Vernier 5-0 lors de la finale de samedi "
        "au stade du port.",
        "b": "Le FC Brousselle a battu l'Olympique de Vernier 4-0 lors de la finale de samedi "
        "au stade du port.",
        "c": "Samedi, lors de la finale au stade du port, le FC Brousselle a battu "
        "l'Olympique de Vernier 5-0.",
    }, ("5-0", "5-0"), ("4-0", "5-0"), id="other-scores"),
    pytest.param({
        "a": "À la 63e minute du match au stade du port, Paul Vernier a servi Marc Lebrun "
        "devant le but de Brousselle.",
        "b": "À la 63e minute du match au stade du port, Marc Lebrun a servi Paul Vernier "
        "devant le but de Brousselle.",
        "c": "À la 63e minute du match au stade du port, Paul Vernier a servi Marc Lebrun "
        "face au but de Brousselle.",
    }, ("Vernier a servi Marc", "Vernier a servi Marc"), ("Lebrun a servi", "Vernier a servi"),
        id="other-agents-or-patients"),
])
def test_one_clause_in_other_words_meets_and_another_claim_does_not(nlp, texts, same, other):
    # A negation, another score or swapped roles make another claim on the same verb.
    check = _check(nlp, texts)
    assert _joined(check, *same)
    assert not _joined(check, *other)


def test_a_paraphrase_on_the_same_verb_meets_through_its_sentence(nlp):
    check = _check(nlp, {
        "a": "Le maire Paul Vernier a averti que Brousselle répondrait fermement à toute "
        "fermeture du port de pêche.",
        "b": "Le maire Paul Vernier a averti que Brousselle répondra de façon résolue à la "
        "fermeture du port de pêche.",
    })
    assert _joined(check, "répondrait", "répondra")


def test_a_noun_in_one_role_may_stand_for_a_name_in_the_other(nlp):
    mentions = {
        aid: [m for m in facts_of(nlp, text) if m.kind == "event"]
        for aid, text in {
            "a": "La police de Brousselle a identifié le tireur du meeting de samedi.",
            "b": "La police de Brousselle a identifié Paul Vernier, tireur du meeting.",
        }.items()
    }
    assert any(m.patient for m in mentions["a"]) and any(m.patient for m in mentions["b"])
    groups = group_statements(mentions, lambda key: None)
    assert [sorted(g.articles) for g in groups] == [["a", "b"]]


def test_a_clause_without_a_noun_or_name_is_no_statement(nlp):
    found = facts_of(nlp, "Les accusés, qui continuent de dire, ont été entendus au tribunal.")
    assert not [m.text for m in found if m.kind == "event" and "continuent" in m.text
                and "accusés" not in m.text]
    assert any("tribunal" in m.text for m in found if m.kind == "event")


def test_a_place_named_once_with_no_slot_needs_two_clause_words_in_common():
    from corroborate.crosscheck.facts.groups import group_values

    def place(clause: str) -> FactMention:
        return FactMention("place", "France", "en France", 0, 9, 0, slot="",
                           subject=f"{clause} {WIDE}")

    apart = group_values({"a": [place("conten être")], "b": [place("servic public partou")]})
    assert sorted(len(g.articles) for g in apart) == [1, 1]
    one_word = group_values({"a": [place("manife marche")], "b": [place("manife défilé")]})
    assert sorted(len(g.articles) for g in one_word) == [1, 1]
    joined = group_values({"a": [place("manife marche ville")],
                           "b": [place("manife marche défilé")]})
    assert [sorted(g.articles) for g in joined] == [["a", "b"]]


def test_a_figure_with_no_noun_needs_a_clause_word_in_common():
    from corroborate.crosscheck.facts.groups import group_values

    def figure(clause: str) -> FactMention:
        return FactMention("number", "7000", "7 000", 0, 5, 0, slot="",
                           subject=f"{clause} {WIDE}")

    # two towns' marchers in two lists: nothing but the figure in common
    apart = group_values({"a": [figure("point chiffr police")],
                          "b": [figure("ville petit mobili")]})
    assert sorted(len(g.articles) for g in apart) == [1, 1]
    joined = group_values({"a": [figure("manifestant recens")],
                           "b": [figure("manifestant battre pave")]})
    assert [sorted(g.articles) for g in joined] == [["a", "b"]]


def _place_joined(check: StoryCheck, place: str, a: str, b: str) -> bool:
    """Whether one place fact on `place` is backed by both articles `a` and `b`."""
    for fact in check.facts:
        if fact.kind != "place" or place not in (fact.value or ""):
            continue
        spans = {e.article for e in fact.support}
        if {a, b} <= spans:
            return True
    return False


def test_one_place_in_two_claims_is_two_facts(nlp):
    # The town alone does not make two sentences one claim: what happens there must agree.
    check = _check(nlp, {
        "a": "Vendredi, un immeuble de trente étages s'est effondré à Brest pendant le séisme.",
        "b": "Vendredi, la panique a gagné les bureaux à Brest pendant les secousses.",
        "c": "Pendant le séisme de vendredi, un immeuble de trente étages s'est effondré à Brest.",
    })
    assert _place_joined(check, "Brest", "a", "c")
    assert not _place_joined(check, "Brest", "a", "b")
    assert not _place_joined(check, "Brest", "b", "c")


def test_the_story_s_own_year_alone_is_no_fact_and_another_year_is(nlp):
    check = _check(nlp, {
        "a": "Le festival de Brest, créé en 2011, a ouvert ses portes en 2024 sous la pluie.",
        "b": "Créé en 2011, le festival de Brest a ouvert en 2024 malgré la pluie.",
    })
    years = {f.value for f in check.facts if f.kind == "date"}
    assert "2011" in years
    assert "2024" not in years


def test_a_figure_the_markets_await_does_not_dispute_the_one_decided(nlp):
    # "s'attendaient à ce que …" puts its clause in the subjunctive: awaited, not decided.
    check = _check(nlp, {
        "a": "La Banque de Brest a relevé jeudi ses taux de 25 points de base.",
        "b": "Les marchés s'attendaient à ce que la Banque de Brest finisse par relever ses "
             "taux de 50 points de base jeudi.",
        "c": "Jeudi, la Banque de Brest a relevé ses taux de 25 points de base.",
    })
    assert not [f for f in check.facts if f.disputed_by]


def test_one_building_is_not_many_buildings():
    def said(agent: str, patient: str) -> FactMention:
        return FactMention("event", "", "x", 0, 1, 0, slot="effondrer",
                           subject=f"immeub effondrer @brest seisme {WIDE}", agent=agent,
                           patient=patient)

    # The parse reads "de nombreux immeubles se sont effondrés" with a passive subject and
    # "un immeuble s'est effondré" with an active one: the plural still tells them apart.
    apart = group_statements({"a": [said("", "immeub+pl")], "b": [said("immeub", "")]},
                             lambda key: None)
    assert not [g for g in apart if len(g.articles) > 1]
    same = group_statements({"a": [said("", "immeub")], "b": [said("immeub", "")]},
                            lambda key: None)
    assert [sorted(g.articles) for g in same] == [["a", "b"]]


def test_a_year_alone_joins_only_clauses_with_a_word_in_common(nlp):
    check = _check(nlp, {
        "a": "La Banque de Brest prévoit que le produit intérieur brut progressera de 1,3 % en"
             " 2031.",
        "b": "La Banque de Brest maintient que l'inflation restera proche de son but d'ici la fin"
             " de l'année 2031.",
    })
    assert not [f for f in check.facts if f.kind == "date" and f.value == "2031"
                and {e.article for e in f.support} == {"a", "b"}]


def test_an_ordinal_half_of_a_match_is_no_count(nlp):
    found = facts_of(nlp, "Le Real a marqué deux buts en seconde période. La première période"
                     " s'est achevée sur un arrêt de Courtois. Le Real remporte une troisième"
                     " Coupe.")
    counts = {f.value: f.slot for f in found if f.kind == "count"}
    assert counts == {"3": "coupe"}, counts


def test_one_verb_with_one_place_each_and_two_places_is_two_claims():
    def said(place: str) -> list[FactMention]:
        clause = FactMention("event", "", "x" * 40, 0, 40, 0, slot="naître",
                             subject=f"naître nageur @marchand {WIDE}")
        return [clause, FactMention("place", place, place, 5, 5 + len(place), 0, slot="naître")]

    apart = group_statements({"a": said("Paris"), "b": said("États-Unis")}, lambda key: None)
    assert not [g for g in apart if len(g.articles) > 1]
    nested = group_statements({"a": said("Toulouse"), "b": said("Toulouse (Haute-Garonne)")},
                              lambda key: None)
    assert [sorted(g.articles) for g in nested] == [["a", "b"]]
