"""A failure inside one article's checks costs that article's facts or quotes, not the story."""

from __future__ import annotations

from corroborate.crosscheck import story as story_module
from corroborate.crosscheck.story import check_story
from crosscheck_story import load


def test_an_article_whose_fact_finder_fails_is_flagged_and_the_rest_checked(nlp, monkeypatch):
    story, articles, analyses = load(nlp)
    broken = story.articles[0]
    real = story_module.find_facts

    def find_facts(article, analysis):
        if article.id == broken:
            raise OverflowError("cannot convert float infinity to integer")
        return real(article, analysis)

    monkeypatch.setattr(story_module, "find_facts", find_facts)
    check = check_story(story, articles, analyses)
    flags = {f.code: f.detail for f in check.quality[broken].flags}
    assert "OverflowError" in flags["check_failed"]
    assert check.facts, "the other articles' facts are still grouped"
    assert all(e.article != broken for f in check.facts for e in f.support)
    assert all("check_failed" not in {f.code for f in q.flags}
               for aid, q in check.quality.items() if aid != broken)
