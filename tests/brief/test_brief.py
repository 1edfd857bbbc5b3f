"""The cited brief of the fictional flood story."""

from __future__ import annotations

import pytest

from corroborate.brief.summary import make_brief
from corroborate.crosscheck.story import check_story
from crosscheck_story import load


@pytest.fixture(scope="module")
def brief_and_articles(nlp):
    story, articles, analyses = load(nlp)
    check = check_story(story, articles, analyses)
    return make_brief(check, articles, analyses), articles


def test_headline_is_the_title_of_the_best_titled_article(brief_and_articles):
    brief, articles = brief_and_articles
    assert brief.title == articles["agence"].title


def test_date_is_the_most_backed_event_date(brief_and_articles):
    brief, _ = brief_and_articles
    assert brief.date == "2023-03-14"


def test_summary_sentences_are_exact_and_cited(brief_and_articles):
    brief, articles = brief_and_articles
    assert 3 <= len(brief.summary) <= 6
    for cited in brief.summary:
        assert cited.sources
        assert any(cited.text in articles[a].text for a in cited.sources)
    assert len({c.text for c in brief.summary}) == len(brief.summary)


def test_citations_include_paraphrases_but_not_other_figures(brief_and_articles):
    brief, _ = brief_and_articles
    by_text = {c.text: c.sources for c in brief.summary}
    evac = [t for t in by_text if "1 200 habitants" in t]
    assert evac and all("ferme" not in by_text[t] for t in evac)
    assert any(set(s) == {"agence", "reprise", "ferme"} for s in by_text.values())


def test_summary_opens_on_a_lead_not_an_anaphor(brief_and_articles):
    from corroborate.brief.summary import anaphoric

    brief, _ = brief_and_articles
    assert not anaphoric(brief.summary[0].text)
    assert anaphoric("Cet échange a duré une heure.")
    assert anaphoric("Il a ajouté que l'eau montait.")
    assert anaphoric("C’était la deuxième crue du mois.")
    assert not anaphoric("Centre-ville : la crue a atteint 4,2 mètres.")
    assert not anaphoric("Ilona Ferrand, la maire, a ordonné l'évacuation.")
