"""Quote detection, speaker attribution and quote groups on French fictional fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from corroborate.analyze.nlp import to_analysis
from corroborate.crosscheck.entities.resolve import resolve_entities
from corroborate.crosscheck.quotes.find import find_quotes, group_quotes
from corroborate.crosscheck.quotes.groups import same_words
from corroborate.lexicon.marks import quote_marks
from corroborate.types import Article, QuoteMention

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "entities"
pytestmark = pytest.mark.model


def quotes_of(nlp, text: str, article_id: str = "t") -> list[QuoteMention]:
    article = Article(id=article_id, source=article_id, text=text)
    found = find_quotes(article, to_analysis(nlp(text), article))
    for q in found:
        assert text[q.start : q.end] == q.text
    return found


def quote_with(quotes: list[QuoteMention], words: str) -> QuoteMention:
    hits = [q for q in quotes if words in q.text]
    assert hits, f"no quote with {words!r} in {[q.text for q in quotes]}"
    return hits[0]


def speaker_in(nlp, text: str, words: str) -> str | None:
    """The speaker of the quote of `text` that holds `words`."""
    return quote_with(quotes_of(nlp, text), words).speaker


@pytest.fixture(scope="module")
def fixture_quotes(nlp) -> dict[str, list[QuoteMention]]:
    return {
        path.stem: quotes_of(nlp, path.read_text(encoding="utf-8"), path.stem)
        for path in sorted(FIXTURES.glob("budget_*.txt"))
    }


def test_quote_marks_accept_mixed_pairs() -> None:
    text = "Il a dit “nous partirons demain » puis « rien » et \"encore ceci\"."
    inner = [text[a:b] for a, b in quote_marks(text)]
    assert inner == ["nous partirons demain ", " rien ", "encore ceci"]


def test_direct_quote_with_inverted_attribution(fixture_quotes) -> None:
    q = quote_with(fixture_quotes["budget_agence"], "réduire la dette publique")
    assert (q.kind, q.speaker, q.cue) == ("direct", "Marc Delorme", "déclarer")
    assert q.text == "Nous devons réduire la dette publique avant la fin de l’année"


def test_pronoun_goes_to_the_last_compatible_speaker(fixture_quotes) -> None:
    q = quote_with(fixture_quotes["budget_agence"], "Le calendrier sera tenu")
    assert q.speaker == "Sophie Lambert"


def test_role_mention_resolves_to_the_person_introduced_with_it(fixture_quotes) -> None:
    q = quote_with(fixture_quotes["budget_agence"], "Aucune nouvelle taxe")
    assert q.speaker == "Iouri Tchernov"


def test_indirect_speech_and_selon(fixture_quotes) -> None:
    reported = quote_with(fixture_quotes["budget_agence"], "voté au mois de mars")
    assert (reported.kind, reported.speaker) == ("indirect", "Sophie Lambert")
    assert reported.text == "le texte serait voté au mois de mars"
    selon = quote_with(fixture_quotes["budget_agence"], "sacrifie les services publics")
    assert (selon.kind, selon.cue, selon.speaker) == ("indirect", "selon", "l’opposition")


def test_scare_quotes_are_not_quotes(nlp) -> None:
    text = "Le ministre juge la reprise « fragile » et promet une politique « responsable »."
    assert [q for q in quotes_of(nlp, text) if q.kind == "direct"] == []


def test_short_statement_of_its_own_is_kept(nlp) -> None:
    found = quotes_of(nlp, "La juge a lu le verdict. « Une honte ! », s’est indignée l’avocate.")
    assert [q.text for q in found] == ["Une honte !"]


def test_attribution_inside_the_quote_splits_it(nlp) -> None:
    text = (
        "« Nous ne lâcherons rien, a lancé la syndicaliste Anne Morel devant la foule. "
        "La mobilisation continuera jusqu’au retrait du projet. »"
    )
    found = quotes_of(nlp, text)
    assert [q.text for q in found] == [
        "Nous ne lâcherons rien",
        "La mobilisation continuera jusqu’au retrait du projet",
    ]
    assert {q.speaker for q in found} == {"Anne Morel"}


def test_same_words_whole_cut_or_reworded() -> None:
    assert same_words("nous devons reduire la dette avant la fin de l annee",
                      "nous devons reduire la dette avant la fin de cette annee")
    assert same_words("les marches attendent des signaux clairs",
                      "les marches attendent des signaux clairs et nous allons les donner")
    assert not same_words("la croissance resterait fragile",
                          "la croissance serait faible l an prochain")


def test_reworded_quote_is_one_group_across_articles(fixture_quotes, nlp) -> None:
    analyses = []
    for path in sorted(FIXTURES.glob("budget_*.txt")):
        article = Article(id=path.stem, source=str(path), text=path.read_text(encoding="utf-8"))
        analyses.append(to_analysis(nlp(article.text), article))
    groups = group_quotes(fixture_quotes, resolve_entities(analyses))
    dette = [g for g in groups if "dette publique" in g.text]
    assert len(dette) == 1
    assert dette[0].speaker == "Marc Delorme"
    assert sorted(e.article for e in dette[0].support) == ["budget_agence", "budget_traduction"]
    marches = next(g for g in groups if "signaux clairs" in g.text)
    assert marches.speaker == "Iouri Tchernov" and len(marches.support) == 2
    assert [g.id for g in groups] == [f"Q{n}" for n in range(1, len(groups) + 1)]
    assert len(groups[0].support) >= len(groups[-1].support)


def test_a_present_participle_speaks_for_the_noun_it_hangs_on(nlp) -> None:
    text = (
        "Le tribunal a rendu sa décision jeudi à Rennes. La peine est assortie d'une période "
        "de sûreté, a précisé le président du tribunal, Alain Kervella, ajoutant que le "
        "condamné \"pourra demander un réexamen dans dix ans\"."
    )
    quote = quote_with(quotes_of(nlp, text), "réexamen")
    assert quote.speaker == "Alain Kervella"


def test_any_verb_with_its_subject_after_the_quote_attributes_it(nlp) -> None:
    text = ('« Les débats seront publics », a tranché le président de la cour criminelle, après'
            ' une courte suspension de séance.')
    quote = quote_with(quotes_of(nlp, text), "débats seront publics")
    assert quote.speaker is not None and "président de la cour" in quote.speaker


def test_a_person_named_between_two_quotes_stops_the_continuation(nlp) -> None:
    text = ('Le président de la cour criminelle a déclaré : « Les débats seront publics. »'
            ' Même s\'il y aura des moments difficiles,'
            ' Gisèle Martin, 72 ans, « estime qu\'elle n\'a pas à se cacher ».')
    quote = quote_with(quotes_of(nlp, text), "pas à se cacher")
    assert quote.speaker is None or "Martin" in quote.speaker


def test_a_pronoun_incise_reaches_past_a_full_stop_the_parser_missed(nlp) -> None:
    text = ('“Vingt ans, ce n\'est pas rien. C\'est trop peu au regard de la gravité des faits”,'
            ' a insisté Laure Chabaud, à propos du principal accusé poursuivi entre 2011 et'
            ' 2020.  “Sa responsabilité est donc pleine et entière”, a-t-elle estimé.')
    quotes = quotes_of(nlp, text)
    assert quote_with(quotes, "responsabilité est donc").speaker == "Laure Chabaud"
    # the incise reports the quote before it, not the whole run of sentences
    assert not [q for q in quotes if q.kind == "indirect" and "insisté" in q.text]


def test_a_speech_verb_before_a_colon_attributes_the_quote_on_the_next_line(nlp) -> None:
    text = ("Pour le moment, Microsoft assure gérer ce bug avec la plus haute priorité :\n"
            "« Nos services sont en cours d’amélioration tandis que nous prenons des mesures. »\n"
            "Aéroports paralysés")
    assert speaker_in(nlp, text, "Nos services") == "Microsoft"


def test_celle_ci_takes_up_the_last_noun_that_can_speak_not_the_subject(nlp) -> None:
    text = ("Le ministre a reçu la présidente de la région. Celle-ci a déclaré : « Nous sommes"
            " prêts. »")
    assert speaker_in(nlp, text, "Nous sommes") == "la présidente de la région"
    text = ("Plusieurs témoins ont alerté la police de Brest. Celle-ci a assuré avoir « répondu"
            " à un certain nombre de rapports », sans donner plus de précisions.")
    assert speaker_in(nlp, text, "répondu") == "la police de Brest"


def test_one_of_a_group_that_speaks_is_the_speaker_of_an_incise(nlp) -> None:
    text = ("« La honte doit changer de camp », a asséné l'un des avocats de la victime."
            " Conformément à son souhait, la cour a refusé le huis clos.")
    assert speaker_in(nlp, text, "La honte") == "l'un des avocats de la victime"


def test_a_quote_after_one_with_its_own_incise_continues_it(nlp) -> None:
    text = ("« Nous sommes très déçus. On a tout donné », a déclaré Raphaël Varane au micro de la"
            " radio. « On n'était pas dans le match pendant une heure mais on est revenu. »")
    quotes = quotes_of(nlp, text)
    assert quote_with(quotes, "pas dans le match").speaker == "Raphaël Varane"


def test_an_inverted_speaker_is_read_where_the_parse_puts_the_subject_first(nlp) -> None:
    from corroborate.crosscheck.parsed import Parsed
    from corroborate.crosscheck.quotes.cues import inverted, speaker_of

    text = ("Et de nouvelles hausses sont à prévoir en octobre, explique le Conseil des"
            " gouverneurs de la BCE dans un communiqué.")
    article = Article(id="t", source="t", text=text)
    analysis = to_analysis(nlp(text), article)
    index = {t.text: t.i for t in analysis.tokens}
    verb, noun, speaker = index["explique"], index["hausses"], index["Conseil"]
    # The parse a longer page gets: the clause's noun as the subject of the speech verb, with
    # the rest of its clause under it, and the speaker after the verb as its object.
    analysis.tokens[noun].dep, analysis.tokens[noun].head = "nsubj", verb
    analysis.tokens[index["sont"]].dep, analysis.tokens[index["sont"]].head = "dep", noun
    analysis.tokens[index["prévoir"]].head = index["sont"]
    analysis.tokens[speaker].dep, analysis.tokens[speaker].head = "obj", verb
    p = Parsed(analysis, text)
    assert inverted(p, verb)
    assert speaker_of(p, verb) == speaker


def test_a_quote_opening_the_sentence_after_reported_speech_continues_it(nlp) -> None:
    text = ("Christine Lagarde a répété sa détermination. Elle annonce donc que la hausse de ce"
            " jeudi n'est qu'un début. « Lors de nos prochaines réunions, nous prévoyons"
            " d'augmenter encore les taux d'intérêt. »")
    assert speaker_in(nlp, text, "prochaines réunions") == "Christine Lagarde"


def test_a_first_name_set_off_before_an_indefinite_role_is_the_speaker(nlp) -> None:
    text = ("Mounira, une habitante de Kawéni, le plus grand bidonville de France, a témoigné :"
            " « Tout a été emporté, tout a été rasé. »")
    assert speaker_in(nlp, text, "Tout a été") == "Mounira, une habitante de Kawéni"
    text = "Mercredi, une habitante de Kawéni a témoigné : « Tout a été emporté. »"
    assert speaker_in(nlp, text, "Tout a été") == "une habitante de Kawéni"


def test_a_gerund_speaks_for_the_subject_of_its_clause(nlp) -> None:
    text = ("Dans l'après-midi, la ministre Claire Vautrin a surpris les élus en déclarant que,"
            " malgré les retards, « les travaux seront terminés avant l'hiver ».")
    assert speaker_in(nlp, text, "travaux seront") == "Claire Vautrin"


def test_an_infinitive_sentence_goes_on_with_the_speech_verb_before_it(nlp) -> None:
    text = ("Le maire Paul Drouet a lancé : « Nous reconstruirons chaque maison ! »"
            " Avant d'ajouter : « Il faudra du temps. »")
    assert speaker_in(nlp, text, "du temps") == "Paul Drouet"
    # With no speech verb before it, the infinitive names no one.
    text = "La séance a été levée à midi. Avant d'ajouter : « Il faudra du temps. »"
    assert speaker_in(nlp, text, "du temps") is None


def test_a_quote_opening_on_its_speech_verb_goes_to_the_subject_before_it(nlp) -> None:
    text = ("Malgré des semaines difficiles, Hélène Marchal, 58 ans, « estime qu'elle n'a rien"
            " à regretter », qu'elle « n'a pas à se justifier ».")
    assert speaker_in(nlp, text, "rien à regretter") == "Hélène Marchal"
    assert speaker_in(nlp, text, "se justifier") == "Hélène Marchal"


def test_a_definite_man_takes_up_the_one_person_just_named(nlp) -> None:
    text = ("Le procès de Marc Dutilleul s'est ouvert lundi à Lyon. L'homme de 54 ans a"
            " affirmé : « Je n'ai rien volé. »")
    assert speaker_in(nlp, text, "rien volé") == "Marc Dutilleul"
    # Two people named before: no one is guessed.
    text = ("Marc Dutilleul et Louis Garnier ont été entendus lundi. L'homme de 54 ans a"
            " affirmé : « Je n'ai rien volé. »")
    assert speaker_in(nlp, text, "rien volé") is None


def test_a_quoted_epithet_opening_a_sentence_is_no_quote(nlp) -> None:
    text = ("« Soulagé », l'architecte Jean Morel a décrit la nouvelle flèche « aux reflets"
            " d'argent ».")
    found = quotes_of(nlp, text)
    assert [q.text for q in found] == ["aux reflets d'argent"]
    assert found[0].speaker == "Jean Morel"


def test_a_quote_does_not_take_the_speech_verb_of_the_next_quote(nlp) -> None:
    text = ("Le ministre Paul Drouet a décrit ce pont « aux arches de pierre », qui « rappelle"
            " que la ville peut tout reconstruire ».")
    assert speaker_in(nlp, text, "arches de pierre") == "Paul Drouet"
    assert speaker_in(nlp, text, "tout reconstruire") == "Paul Drouet"


def test_a_quoted_heading_takes_the_speaker_of_the_quote_that_carries_it(nlp) -> None:
    text = ("Le Premier ministre a parlé à la presse.\n"
            "« Une chance pour la région »\n"
            "Ce chantier « est une chance pour la région, une chance pour ses habitants »,"
            " a déclaré Paul Drouet depuis la mairie.")
    assert speaker_in(nlp, text, "Une chance pour la région") == "Paul Drouet"


def test_a_statement_runs_over_its_first_person_paragraphs() -> None:
    text = ("Jeanne Roux, championne du monde :\n"
            "« C'est un rêve, je n'arrive pas à y croire.\n"
            "Mon entraîneur m'a dit qu'il avait pleuré dans les tribunes.\n"
            "La finale a réuni dix mille spectateurs.")
    spans = [text[a:b].strip() for a, b in quote_marks(text)]
    assert spans == ["C'est un rêve, je n'arrive pas à y croire.\n"
                     "Mon entraîneur m'a dit qu'il avait pleuré dans les tribunes."]
    text = ("Jeanne Roux, championne du monde :\n"
            "« C'est un rêve, je n'arrive pas à y croire.\n"
            "Et je garderai ce souvenir toute ma vie. »\n"
            "La finale a réuni dix mille spectateurs.")
    spans = [text[a:b].strip() for a, b in quote_marks(text)]
    assert spans == ["C'est un rêve, je n'arrive pas à y croire.\n"
                     "Et je garderai ce souvenir toute ma vie."]


def test_a_pull_quote_signed_at_its_line_end_is_the_signers(nlp) -> None:
    text = ("La banque centrale, que préside Hélène Marchal, a baissé ses taux jeudi.\n"
            "PHOTO JEAN DUPRÉ, ARCHIVES Hélène Marchal\n"
            "Allons-nous vers une récession ? Je ne le crois pas. Hélène Marchal\n"
            "Mercredi, la banque voisine avait fait de même.")
    found = quotes_of(nlp, text)
    assert [(q.text, q.speaker) for q in found] == [
        ("Allons-nous vers une récession ? Je ne le crois pas.", "Hélène Marchal")]
    # A signature naming no one the article names elsewhere is left alone.
    text = ("La banque centrale a baissé ses taux jeudi.\n"
            "Allons-nous vers une récession ? Je ne le crois pas. Hélène Marchal\n"
            "Mercredi, la banque voisine avait fait de même.")
    assert quotes_of(nlp, text) == []
