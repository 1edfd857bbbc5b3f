"""Renderers: the facts split between corroborated and single-source claims."""

from __future__ import annotations

from corroborate.render.html import corroborated, environment, single_source
from corroborate.render.markdown import render
from corroborate.render.view import story_view


def _fact(fid: str, articles: list[str], disputed: list[str] = ()) -> dict:
    return {
        "id": fid,
        "statement": f"énoncé {fid}",
        "kind": "event",
        "value": None,
        "support": [{"article": a, "text": f"texte {fid}"} for a in articles],
        "disputed_by": [{"article": a, "text": "autre", "value": "2"} for a in disputed],
    }


FACTS = [_fact("F1", ["a", "b"]), _fact("F2", ["a", "a"]), _fact("F3", ["a"], ["b"])]


def _story(title: str) -> dict:
    return {
        "id": "S1",
        "title": title,
        "date": None,
        "articles": ["a", "b"],
        "summary": [],
        "facts": FACTS,
        "quotes": [],
        "conflicts": [],
    }


def test_facts_split_by_distinct_backers_and_dispute():
    assert [f["id"] for f in corroborated(FACTS)] == ["F1", "F3"]
    assert [f["id"] for f in single_source(FACTS)] == ["F2"]


def test_markdown_lists_corroborated_facts_and_counts_the_rest():
    story = _story("Titre")
    articles = [
        {
            "id": i,
            "outlet": None,
            "source": f"{i}.txt",
            "title": None,
            "quality": {"score": 1.0, "flags": []},
            "notes": [],
        }
        for i in ("a", "b")
    ]
    text = render({"articles": articles, "stories": [story]})
    assert "énoncé F1" in text
    assert "énoncé F3" in text
    assert "énoncé F2" not in text
    assert "1 claim made by one outlet only" in text


def test_story_template_escapes_and_folds_single_source_claims():
    env = environment()
    story = _story("<b>Titre</b>")
    html = env.get_template("story.html").render(
        story=story,
        sources=[],
        view=story_view(story, {}),
        outlet_of=lambda i: i,
        static_prefix="",
        home="index.html",
        cite_href=lambda a, t: "#",
        article_href=lambda a: "#",
        story_href=lambda s: "#",
    )
    assert "&lt;b&gt;Titre&lt;/b&gt;" in html
    assert "<details" in html and "1 claim made by one outlet only" in html
