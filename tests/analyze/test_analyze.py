"""The language pass: what it leaves out of the model changes nothing, workers change nothing."""

from __future__ import annotations

from dataclasses import replace

from conftest import EXAMPLES, session_analyzer
from corroborate.analyze.nlp import to_analysis
from corroborate.settings import SETTINGS
from corroborate.types import Article


def _examples() -> list[Article]:
    texts = sorted(EXAMPLES.glob("*.txt"))
    return [Article(id=p.stem, source=str(p), text=p.read_text(encoding="utf-8")) for p in texts]


def test_leaving_out_the_attribute_ruler_keeps_every_token(nlp) -> None:
    for article in _examples():
        without = to_analysis(nlp(article.text), article)
        nlp.enable_pipe("attribute_ruler")
        try:
            full = to_analysis(nlp(article.text), article)
        finally:
            nlp.disable_pipe("attribute_ruler")
        assert any(t.pos == "SPACE" for t in full.tokens)  # the ruler's whitespace rule applies
        assert without.tokens == full.tokens
        assert without.mentions == full.mentions


def test_forked_workers_give_the_analyses_of_one_process(nlp) -> None:
    articles = _examples() * 3  # enough texts to start two workers
    settings = replace(SETTINGS, n_process=2, min_texts_per_process=2)
    seen: list[str] = []
    forked = session_analyzer(nlp, settings).analyze(articles, on_done=lambda a: seen.append(
        a.article_id))
    alone = session_analyzer(nlp, replace(settings, n_process=1)).analyze(articles)
    assert seen == [a.id for a in articles]  # results stream back in input order
    assert forked == alone
    assert all(a.tokens and a.sentences and a.mentions for a in forked)

