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


def test_every_citation_has_its_span_in_the_cited_article(brief_and_articles):
    brief, articles = brief_and_articles
    for cited in brief.summary:
        assert [e.article for e in cited.evidence] == cited.sources
        for e in cited.evidence:
            assert e.text and e.text in articles[e.article].text


_BRIDGE = (
    "La préfecture de la Drôme a {verb} lundi la fermeture du pont de Saint-Vallier pour {d}, "
    "après la découverte de fissures sur deux piles de l'ouvrage. "
    "Les travaux de réparation commenceront le 14 mars, selon le conseil départemental. "
    "Environ 12 000 véhicules empruntent ce pont chaque jour, a précisé la préfète Claire "
    "Aubanel. Une déviation par Tain-l'Hermitage sera mise en place dès mardi."
)


def test_an_outlet_giving_another_duration_is_never_cited_for_it(nlp):
    import corroborate

    records = [
        {"id": "a", "outlet": "drome-matin.fr", "date": "2026-03-02",
         "text": _BRIDGE.format(verb="annoncé", d="trois mois")},
        {"id": "b", "outlet": "valence-infos.fr", "date": "2026-03-02",
         "text": _BRIDGE.format(verb="décidé", d="trois mois")},
        {"id": "c", "outlet": "rhone-echo.fr", "date": "2026-03-02",
         "text": _BRIDGE.format(verb="annoncé", d="six mois")},
    ]
    report = corroborate.check(records, db=None)
    story = report.data["stories"][0]
    closing = [c for c in story["summary"] if "mois" in c["text"]]
    assert closing, "the sentence with the duration is in the summary"
    for cited in closing:
        said = "six" if "six mois" in cited["text"] else "trois"
        other = "c" if said == "trois" else "a"
        assert other not in cited["sources"]
        assert all(f"{said} mois" in e["text"] for e in cited["evidence"])
    shared = [c for c in story["summary"] if "14 mars" in c["text"]]
    assert shared and set(shared[0]["sources"]) == {"a", "b", "c"}


def test_a_story_is_not_dated_by_a_past_event_it_recalls():
    from corroborate.brief.summary import _event_date
    from corroborate.types import Article, Evidence, Fact, Story, StoryCheck

    def fact(value: str, *articles: str) -> Fact:
        return Fact(id=value, statement=value, kind="date", value=value,
                    support=[Evidence(a, value) for a in articles])

    arts = {a: Article(id=a, source=a, url=None, outlet=a, title=None, date="2024-12-08",
                       lang="fr", text="texte") for a in ("a", "b", "c")}
    check = StoryCheck(story=Story("s", list(arts), date=None),
                       facts=[fact("2019-04-15", "a", "b", "c"), fact("2024-12-07", "a", "b")])
    assert _event_date(check, arts) == "2024-12-07"
    check.facts = check.facts[:1]
    assert _event_date(check, arts) == "2024-12-08"


def test_a_flagged_copy_never_gives_the_headline(nlp):
    # Only the content farm has a title: its misspelt names and spam lines bar it, so the
    # headline is the lead sentence of a trusted article instead.
    story, articles, analyses = load(nlp)
    articles["agence"].title = None
    check = check_story(story, articles, analyses)
    assert {f.code for f in check.quality["ferme"].flags} & {"misspelled_names", "spam_lines"}
    title = make_brief(check, articles, analyses).title
    assert title != articles["ferme"].title
    assert any(title in articles[a].text for a in ("agence", "reprise"))


def test_a_rewrite_of_another_article_never_gives_the_headline(nlp):
    from corroborate.types import CopyPair

    story, articles, analyses = load(nlp)
    articles["reprise"].title = "La Loue déborde"
    story.copies = [CopyPair("agence", "reprise", 0.6, kind="rewrite")]
    check = check_story(story, articles, analyses)
    assert check.quality["agence"].score > 0.6
    assert make_brief(check, articles, analyses).title == "La Loue déborde"


def test_an_untitled_story_is_headed_by_a_clause_not_by_its_kicker(nlp, analyzer):
    # No article has a title, and each opens on a kicker with no verb.
    from corroborate.types import Story

    _, articles, _ = load(nlp)
    for a in articles.values():
        a.title = None
        a.text = "La crue de la Loue en images.\n" + a.text
    analyses = {a.article_id: a for a in analyzer.analyze(articles.values(), processes=1)}
    assert analyses["agence"].sentences[0].text.strip() == "La crue de la Loue en images."
    check = check_story(Story("flood", list(articles), date=None), articles, analyses)
    title = make_brief(check, articles, analyses).title
    assert "en images" not in title
    assert any(title in a.text for a in articles.values())
    assert any(t.pos_ in ("VERB", "AUX") for t in nlp(title)), title
