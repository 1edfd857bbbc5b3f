"""A big story of rewrites: clauses, quotes and figures said word for word by many outlets are
compared once per wording, and still give one group holding every outlet."""

from __future__ import annotations

from corroborate.analyze.nlp import to_analysis
from corroborate.crosscheck.story import check_story
from corroborate.types import Story
from crosscheck_story import article

LEAD = "Le barrage de Brousselle a cédé mardi dans la nuit."
QUOTE = "« Nous avons évacué tous les habitants de la vallée avant l'aube », a déclaré le préfet."
FIGURE = "La préfecture a ordonné l'évacuation de {n} habitants du hameau."
CRISIS = "La cellule de crise a duré environ 40 minutes."


def test_many_rewrites_make_one_group_per_claim(nlp):
    texts = {}
    for k in range(40):
        rest = [QUOTE, FIGURE.format(n=900 if k % 8 == 7 else 800), CRISIS]
        texts[f"r{k:02d}"] = " ".join([LEAD, *(rest[k % 3 :] + rest[: k % 3])])
    docs = {aid: nlp(text) for aid, text in texts.items()}
    articles = {aid: article(text, "2024-03-12", aid) for aid, text in texts.items()}
    analyses = {aid: to_analysis(docs[aid], a) for aid, a in articles.items()}
    check = check_story(Story("s", list(articles), date="2024-03-12"), articles, analyses)
    quote = max(check.quotes, key=lambda q: len({e.article for e in q.support}))
    assert len({e.article for e in quote.support}) == 40
    evacuated = next(f for f in check.facts if f.kind == "number" and f.value == "800")
    assert len({e.article for e in evacuated.support}) == 35
    assert {e.article for e in evacuated.disputed_by} == {f"r{k:02d}" for k in range(7, 40, 8)}
    crisis = next(f for f in check.facts if f.kind == "duration" and f.value == "40 min")
    assert len({e.article for e in crisis.support}) == 40
