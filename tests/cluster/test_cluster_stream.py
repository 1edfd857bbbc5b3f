"""Long streams: the clock, time-based expiry of stories and copy signatures, forgetting IDF."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from corroborate.analyze.nlp import to_analysis
from corroborate.cluster import PARAMS, Clusterer, ClusterParams, load_state, save_state
from corroborate.cluster.clock import StreamClock, day_of
from corroborate.cluster.copies import CopyIndex
from corroborate.cluster.features import spelling_key
from corroborate.types import Analysis, Article

STRIKE = (
    "Grève des cheminots à Valmont : 4 000 grévistes selon la CFTV\n"
    "Mardi 5 mars, le syndicat CFTV a réuni 4 000 cheminots devant la gare de Valmont contre "
    "le plan du ministre Arnaud Castel. « Nous ne céderons pas », a déclaré Lucie Ferrand."
)
FLOOD = (
    "Crue de la Sorne : {n} maisons inondées à Bellerive\n"
    "La Sorne est sortie de son lit à Bellerive. Les pompiers ont évacué {m} habitants et {n} "
    "maisons sont inondées, selon le maire Paul Dumesnil, qui demande l'état de catastrophe."
)
MARKET = (
    "Le marché couvert de Bellerive rouvre après six mois de travaux. Les commerçants "
    "retrouvent leurs étals rénovés et la mairie promet un parking de {n} places."
)


def _day(start: str, offset: int) -> str:
    return (date.fromisoformat(start) + timedelta(days=offset)).isoformat()


def test_clock_ignores_a_wrong_date_and_never_goes_back() -> None:
    clock = StreamClock()
    for offset in range(9):
        clock.see(_day("2024-04-01", offset))
    assert clock.now() is None  # too few dates yet to trust any
    clock.see("2099-01-01")  # a typo among many right dates
    clock.see(None)
    clock.see("2024-04")  # a month alone is too loose to read
    assert clock.now() == day_of("2024-04-09")
    for _ in range(40):
        clock.see("2024-01-01")  # an old archive page arriving late
    assert clock.now() == day_of("2024-04-09")
    resumed = StreamClock.from_state(json.loads(json.dumps(clock.state())))
    assert resumed.now() == clock.now()


def test_copy_signatures_expire_with_stream_time() -> None:
    original = STRIKE + " Le préfet a appelé au calme."

    def run(index: CopyIndex) -> list[str]:
        index.add(Article(id="a", source="a", text=original, date="2024-03-05"))
        for k in range(12):
            text = MARKET.format(n=100 + k)
            index.add(Article(id=f"m{k}", source="m", text=text, date=_day("2024-05-01", k)))
        pairs = index.add(Article(id="b", source="b", text=STRIKE, date="2024-05-13"))
        return [p.original for p in pairs]

    # Two months later, the strike report is past `days`: a short-memory index forgot it.
    assert run(CopyIndex(days=30, keep=5)) == []
    assert run(CopyIndex()) == ["a"]


def _analysed(nlp, article_id: str, text: str, day: str) -> tuple[Article, Analysis]:
    article = Article(id=article_id, source=article_id, text=text, date=day, lang="fr")
    return article, to_analysis(nlp(text), article)


@pytest.mark.model
def test_idle_stories_close_in_stream_time_and_keep_their_members(nlp) -> None:
    stream = [_analysed(nlp, f"greve-{k}", STRIKE, "2024-03-05") for k in range(3)]
    for k in range(12):
        # One flood a day for twelve days: each its own event, two months after the strike.
        text = FLOOD.format(n=100 + 37 * k, m=20 + k)
        stream.append(_analysed(nlp, f"crue-{k}", text, _day("2024-05-01", k)))
    short = Clusterer(params=ClusterParams(**{**vars(PARAMS), "keep_articles": 5, "window": 5}))
    default = Clusterer()
    for clusterer in (short, default):
        for i, (article, analysis) in enumerate(stream, 1):
            clusterer.add(article, analysis)
            if i % 5 == 0:
                clusterer.consolidate()
    strike = short.story_of["greve-0"]
    assert sorted(short.closed[strike]) == ["greve-0", "greve-1", "greve-2"]
    assert any(s.id == strike and len(s.articles) == 3 for s in short.stories())
    assert short.story_of["crue-11"] not in short.closed  # the latest stories stay open
    assert not default.closed  # a short stream keeps everything open
    for clusterer in (short, default):
        # Closed, merged and renamed stories left the index at once: it holds open stories only.
        posted = {s for postings in clusterer._index.postings.values() for s in postings}
        assert posted == set(clusterer._index.keys_of) <= set(clusterer._stories)
        assert strike not in short._index.keys_of
    resumed = load_state(json.loads(json.dumps(save_state(short))))
    assert resumed.closed == short.closed and resumed.clock.now() == short.clock.now()


@pytest.mark.model
def test_document_frequencies_halve_and_forget_single_words(nlp) -> None:
    params = ClusterParams(**{**vars(PARAMS), "df_halving": 4})
    clusterer = Clusterer(params=params)
    for k in range(4):
        text = MARKET.format(n=200 + k)
        clusterer.add(*_analysed(nlp, f"marche-{k}", text, _day("2024-06-01", k)))
    # The 4th article halves the counts of the first three (a key seen once is forgotten)
    # and then adds its own.
    assert clusterer.docs == 4 and clusterer.df_docs == 2
    assert clusterer.df["@" + spelling_key("bellerive")] == 2
    assert "n:200" not in clusterer.df and "n:203" in clusterer.df
