"""Speakers that check themselves, clean quote text and speaker conflicts, on inline texts."""

from __future__ import annotations

import pytest

from corroborate.analyze.nlp import to_analysis
from corroborate.crosscheck.entities.resolve import resolve_entities
from corroborate.crosscheck.quotes.find import find_quotes, group_quotes
from corroborate.lexicon.marks import quote_marks
from corroborate.types import Analysis, Article, Conflict, QuoteMention

pytestmark = pytest.mark.model


def analysed(nlp, text: str, article_id: str = "t") -> tuple[Article, Analysis]:
    article = Article(id=article_id, source=article_id, text=text)
    return article, to_analysis(nlp(text), article)


def quotes_of(nlp, text: str, article_id: str = "t") -> list[QuoteMention]:
    found = find_quotes(*analysed(nlp, text, article_id))
    for q in found:
        assert text[q.start : q.end] == q.text
    return found


def quote_with(quotes: list[QuoteMention], words: str) -> QuoteMention:
    hits = [q for q in quotes if words in q.text]
    assert hits, f"no quote with {words!r} in {[q.text for q in quotes]}"
    return hits[0]


def test_pronoun_goes_back_across_sentences_to_the_antecedent_of_its_gender(nlp) -> None:
    text = (
        "La ministre Odile Ferrand a visité l'usine de Saint-Arvel mardi. Le directeur Paul "
        "Garnier l'accompagnait. Elle a longuement écouté les ouvriers.\n"
        "« Nous tiendrons nos promesses sur les salaires », a-t-elle ajouté devant la presse."
    )
    assert quote_with(quotes_of(nlp, text), "promesses").speaker == "Odile Ferrand"


def test_bare_role_resolves_to_the_name_the_story_gives_it(nlp) -> None:
    text = (
        "Le porte-parole de la préfecture, Marc Vellan, a tenu une conférence jeudi à Rennes.\n"
        "Les travaux sur le pont de la Vilaine ont pris du retard. « Rien n'est encore décidé "
        "pour la réouverture », a déclaré le porte-parole de la préfecture."
    )
    assert quote_with(quotes_of(nlp, text), "décidé").speaker == "Marc Vellan"


def test_inverted_attribution_with_an_adverb(nlp) -> None:
    text = "« Le chantier du tramway reprendra au mois de mai », a en effet annoncé Claire Dumont."
    assert quote_with(quotes_of(nlp, text), "chantier").speaker == "Claire Dumont"


def test_indefinite_role_never_stands_for_a_named_person(nlp) -> None:
    text = (
        "Le président du conseil régional, Paul Arnaud, a inauguré la ligne lundi.\n"
        "« La ligne a coûté plus que prévu », a déclaré un responsable de la région."
    )
    speaker = quote_with(quotes_of(nlp, text), "coûté").speaker
    assert speaker != "Paul Arnaud"


def test_roles_with_other_adjectives_are_other_persons(nlp) -> None:
    text = (
        "Le dirigeant russe Ivan Petrov a appelé son homologue jeudi. Le président américain "
        "Tom Walker a répondu.\n"
        "Tout accord passera par un retrait des troupes, a prévenu le dirigeant américain."
    )
    assert quote_with(quotes_of(nlp, text), "retrait").speaker == "Tom Walker"


def test_a_speaker_is_someone_or_no_one(nlp) -> None:
    cases = quotes_of(nlp, "Selon les cas, les peines vont de deux à cinq ans de prison ferme.")
    assert not cases  # "les cas" cannot speak: no quote at all
    channel = quotes_of(
        nlp,
        "« Nous ne voulons pas de guerre », a déclaré Vladimir Poutine, selon le Kremlin.",
    )
    assert quote_with(channel, "guerre").speaker == "Vladimir Poutine"
    plural = quotes_of(
        nlp,
        "Les syndicats ont quitté la réunion.\n« La grève continuera », ont-ils lancé.",
    )
    assert all(q.speaker is None for q in plural if "grève" in q.text)


def test_channel_noun_gives_its_agent(nlp) -> None:
    text = (
        "« Les taux resteront stables cet automne », indique un communiqué de la Banque de "
        "Vallorie."
    )
    assert quote_with(quotes_of(nlp, text), "taux").speaker == "Banque de Vallorie"


def test_straight_quotes_pair_within_their_paragraph() -> None:
    text = (
        'Il parle d\'un "moment historique" puis ajoute : "Nous sommes prêts".\n'
        'Le cortège "repart'
    )
    spans = [text[a:b] for a, b in quote_marks(text)]
    assert spans == ["moment historique", "Nous sommes prêts"]


def test_attribution_inside_the_quote_is_cut_out(nlp) -> None:
    text = (
        "« Beaucoup d'habitants ont tout perdu, constate dans un communiqué le préfet de la "
        "région, Jean Morvan, samedi à 18 heures, en annonçant le maintien de l'alerte. Les "
        "routes de la vallée restent coupées. »"
    )
    found = quotes_of(nlp, text)
    assert all("Morvan" not in q.text and "annonçant" not in q.text for q in found)
    assert quote_with(found, "routes").speaker == "Jean Morvan"
    assert quote_with(found, "tout perdu").speaker == "Jean Morvan"


def test_one_statement_credited_to_two_speakers_is_a_conflict(nlp) -> None:
    a = (
        "Le conseiller Igor Varine a commenté l'appel. « Ce sera une erreur colossale qui "
        "aura des conséquences graves », a déclaré Igor Varine."
    )
    b = (
        "Le président Oleg Sarov a parlé une heure. Oleg Sarov a estimé que des "
        "sanctions seraient une « erreur colossale » pour les deux pays."
    )
    articles = {"a": analysed(nlp, a, "a"), "b": analysed(nlp, b, "b")}
    said = {k: find_quotes(*v) for k, v in articles.items()}
    entities = resolve_entities([v[1] for v in articles.values()])
    conflicts: list[Conflict] = []
    groups = group_quotes(said, entities, conflicts)
    group = next(g for g in groups if "colossale" in g.text)
    assert {e.article for e in group.support} == {"a", "b"}
    assert group.speaker == "Igor Varine"  # the direct attribution leads
    assert len(conflicts) == 1
    assert {e.value for e in conflicts[0].items} == {"Igor Varine", "Oleg Sarov"}


def test_straight_marks_pair_by_direction_and_skip_measures() -> None:
    text = (
        'Elle a couru en 2\'10"45 et lance "Je suis ravie de ce chrono".\n'
        'Il le dit autrement" puis ajoute "Nous reviendrons".'
    )
    spans = [text[a:b] for a, b in quote_marks(text)]
    assert spans == ["Je suis ravie de ce chrono", "Nous reviendrons"]


def test_a_quote_opened_at_a_line_start_runs_to_the_line_end() -> None:
    text = "Louise Berthier, maire de Quintal :\n« Nous avons tout rebâti en deux ans. Tout.\nSuite"
    spans = [text[a:b] for a, b in quote_marks(text)]
    assert spans == [" Nous avons tout rebâti en deux ans. Tout."]


def test_a_verbless_heading_with_a_name_attributes_the_quote(nlp) -> None:
    text = (
        "Régates de Quintal : Louise Berthier : « Ce fut une course magnifique »\n"
        "Louise Berthier, skippeuse du Goéland (record de l'épreuve) :\n"
        "« Je n'ai jamais vu une mer pareille, c'était dur du début à la fin. »"
    )
    found = quotes_of(nlp, text)
    assert quote_with(found, "course magnifique").speaker == "Louise Berthier"
    assert quote_with(found, "mer pareille").speaker == "Louise Berthier"


def test_the_words_a_speech_verb_reports_are_a_quote(nlp) -> None:
    text = (
        "Le maire Paul Vernet a dénoncé une « décision injuste » du conseil. La foule a vécu "
        "un « moment fort ». Pour Anne Rivière, la décision constitue « un grave recul »."
    )
    found = quotes_of(nlp, text)
    assert quote_with(found, "décision injuste").speaker == "Paul Vernet"
    assert quote_with(found, "grave recul").speaker == "Anne Rivière"
    assert not [q for q in found if "moment fort" in q.text]  # a scare quote, no statement


def test_an_incise_after_a_comma_inside_the_marks(nlp) -> None:
    text = (
        '"Monsieur Garnier, vous êtes relaxé," a déclaré le président du tribunal, Henri '
        "Lasalle, à l'audience."
    )
    assert quote_with(quotes_of(nlp, text), "relaxé").speaker == "Henri Lasalle"


def test_no_incise_across_a_closed_sentence(nlp) -> None:
    text = (
        "La ministre Odile Ferrand a jugé l'attaque le fait « d'une bande très organisée. » "
        "Il précise que le préfet Marc Vellan a ouvert une enquête."
    )
    assert quote_with(quotes_of(nlp, text), "bande").speaker == "Odile Ferrand"


def test_selon_outranks_the_verb_and_the_statement_is_cut_out(nlp) -> None:
    text = (
        "Selon Igor Varine, Oleg Sarov a déclaré lors de l'appel que les livraisons de gaz "
        "reprendraient en mars.\n"
        "Le budget a été voté sans amendement, selon la porte-parole du conseil, Anne Rivière."
    )
    found = quotes_of(nlp, text)
    gas = quote_with(found, "livraisons")
    assert gas.text == "les livraisons de gaz reprendraient en mars"
    assert gas.speaker == "Igor Varine"
    vote = quote_with(found, "budget")
    assert vote.text == "Le budget a été voté sans amendement"
    assert vote.speaker == "Anne Rivière"


def test_pointer_words_of_a_role_named_later_in_the_article(nlp) -> None:
    text = (
        "« La séance est close » : après ces mots du président du tribunal de Quintal, la salle "
        "s'est vidée.\n"
        "Plus tôt, l'accusé avait écouté le président du tribunal Henri Lasalle lui annoncer "
        "qu'il était condamné à cinq ans de prison."
    )
    found = quotes_of(nlp, text)
    assert quote_with(found, "séance est close").speaker == "Henri Lasalle"
    # "écouter X annoncer que …": X speaks, not the one who listens.
    assert quote_with(found, "cinq ans").speaker == "Henri Lasalle"


def test_selon_les_sources_is_no_one(nlp) -> None:
    text = "Entre deux et trois mille marcheurs, selon les sources, ont rejoint le cortège."
    assert not [q for q in quotes_of(nlp, text) if q.speaker]


def test_a_bare_noun_speaker_is_the_organisation_it_starts(nlp) -> None:
    text = (
        "Des voleurs ont visité le musée du Louvre dimanche matin.\n"
        "Le musée a annoncé que neuf bijoux de la collection avaient été dérobés en sept minutes."
    )
    article = analysed(nlp, text, "a")
    entities = resolve_entities([article[1]])
    groups = group_quotes({"a": find_quotes(*article)}, entities)
    assert next(g for g in groups if "bijoux" in g.text).speaker == "musée du Louvre"


def test_la_meme_source_is_the_source_quoted_last(nlp) -> None:
    text = (
        "L'institut de géophysique a précisé que l'épicentre se situait près de Quintal. Le "
        "séisme a fait 40 morts, selon le ministère de l'Intérieur. La plupart des victimes "
        "vivaient dans la vallée, a précisé la même source."
    )
    found = quotes_of(nlp, text)
    assert quote_with(found, "vallée").speaker == "ministère de l'Intérieur"


def test_an_incise_glued_to_the_quote_on_a_page_without_spaces(nlp) -> None:
    text = (
        "« Nous restons attentifs aux chiffres [du mois],note Odile Ferrand,sa présidente. "
        "Nous déciderons à chaque réunion. »"
    )
    found = quotes_of(nlp, text)
    assert all("Ferrand" not in q.text for q in found)
    assert quote_with(found, "attentifs").speaker == "Odile Ferrand"
    assert quote_with(found, "chaque réunion").speaker == "Odile Ferrand"


def test_speakers_that_are_no_entity_merge_into_one_form(nlp) -> None:
    a = "Le trafic reprendra lundi sur la ligne 4, selon le ministère des Transports."
    b = "Les trains rouleront à nouveau dès mardi matin, selon le ministère des transports."
    articles = {"a": analysed(nlp, a, "a"), "b": analysed(nlp, b, "b")}
    said = {k: find_quotes(*v) for k, v in articles.items()}
    groups = group_quotes(said, resolve_entities([v[1] for v in articles.values()]))
    speakers = {g.speaker for g in groups if g.speaker}
    assert len(speakers) == 1 and "ministère des" in speakers.pop()
