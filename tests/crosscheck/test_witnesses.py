"""Independent witnesses: copies collapse into their source, one outlet's pages count once."""

from __future__ import annotations

from corroborate.crosscheck.witnesses import Witnesses, count_support
from corroborate.render.markdown import support_phrase
from corroborate.types import Article, CopyPair, Evidence, Fact, Story, StoryCheck


def _articles(*pairs: tuple[str, str]) -> dict[str, Article]:
    return {aid: Article(id=aid, source=aid, text="x", outlet=outlet) for aid, outlet in pairs}


def test_a_dispatch_printed_three_times_is_one_witness() -> None:
    arts = _articles(
        ("a", "agence.example"),
        ("b", "relais.example"),
        ("c", "ferme.example"),
        ("d", "gazette.example"),
    )
    copies = [CopyPair("b", "a", 0.4), CopyPair("c", "b", 0.3)]
    fact = Fact("F1", "s", "count", "12", [Evidence(x, "12 blessés") for x in "abcd"])
    check = StoryCheck(story=Story("S1", list(arts), copies=copies), facts=[fact])
    count_support(check, arts)
    assert (fact.outlets, fact.independent) == (4, 2)
    row = {"support": [{"article": x} for x in "abcd"], "outlets": 4, "independent": 2}
    assert support_phrase(row) == "backed by 4 outlets (2 independent)"


def test_two_pages_of_one_outlet_are_one_outlet_and_one_witness() -> None:
    w = Witnesses(_articles(("a", "Gazette.example"), ("b", "gazette.example"), ("c", "x.example")))
    assert w.outlets(["a", "b", "c"]) == 2
    assert w.independent(["a", "b", "c"]) == 2
    assert w.independent(["a", "c"]) == 2


def test_independent_outlets_are_said_plainly() -> None:
    row = {"support": [{"article": "a"}, {"article": "b"}], "outlets": 2, "independent": 2}
    assert support_phrase(row) == "backed by 2 outlets"
