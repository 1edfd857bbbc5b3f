"""Story clustering on small fictional French articles, analysed with the real model."""

from __future__ import annotations

import json

import pytest

from corroborate.analyze.nlp import to_analysis
from corroborate.cluster import load_state, save_state
from corroborate.cluster.clusterer import Clusterer, cluster
from corroborate.cluster.features import extract
from corroborate.types import Analysis, Article

pytestmark = pytest.mark.model

# Two strikes by the same union against the same minister, a week apart, plus an unrelated
# flood: the strikes share their actors but not their day or their figures.
TEXTS = {
    "greve1-a": (
        "2024-03-05",
        "Grève des cheminots à Valmont : 4 000 grévistes selon la CFTV\n"
        "Mardi 5 mars, le syndicat CFTV a réuni 4 000 cheminots devant la gare de Valmont contre "
        "le plan du ministre Arnaud Castel. « Nous ne céderons pas », a déclaré Lucie Ferrand, "
        "secrétaire générale de la CFTV. La préfecture a compté 2 500 manifestants.",
    ),
    "greve1-b": (
        "2024-03-05",
        "Valmont : premier jour de grève contre le plan Castel\n"
        "Les cheminots de Valmont ont cessé le travail ce mardi 5 mars. Lucie Ferrand, à la tête "
        "de la CFTV, revendique 4 000 grévistes ; 2 500 selon la préfecture. Le ministre Arnaud "
        "Castel refuse de retirer son plan.",
    ),
    "greve1-c": (
        "2024-03-06",
        "La CFTV a mobilisé 4 000 cheminots mardi 5 mars à Valmont contre le plan d'Arnaud "
        "Castel, selon Lucie Ferrand. La préfecture parle de 2 500 personnes devant la gare.",
    ),
    "greve2-a": (
        "2024-03-12",
        "Deuxième journée de grève à Valmont : 9 000 cheminots dans la rue\n"
        "Mardi 12 mars, la CFTV de Lucie Ferrand a rassemblé 9 000 cheminots, plus du double "
        "de la semaine passée, contre le plan du ministre Arnaud Castel. La préfecture en a "
        "compté 6 100. Un blocage des voies est annoncé pour le 19 mars.",
    ),
    "greve2-b": (
        "2024-03-12",
        "Valmont : la deuxième grève des cheminots double sa mobilisation\n"
        "Ce mardi 12 mars, 9 000 grévistes selon la CFTV et 6 100 selon la préfecture ont défilé "
        "à Valmont. Lucie Ferrand annonce un blocage des voies le 19 mars. Arnaud Castel maintient "
        "son plan.",
    ),
    "crue-a": (
        "2024-03-08",
        "Crue de la Sorne : 300 maisons inondées à Bellerive\n"
        "La Sorne est sortie de son lit vendredi 8 mars à Bellerive. Les pompiers ont évacué 120 "
        "habitants et 300 maisons sont inondées, selon le maire Paul Dumesnil.",
    ),
    "crue-b": (
        "2024-03-08",
        "Bellerive sous les eaux après la crue de la Sorne\n"
        "Vendredi 8 mars, la Sorne a inondé 300 maisons de Bellerive. Le maire, Paul Dumesnil, "
        "a fait évacuer 120 habitants ; les pompiers restent mobilisés.",
    ),
}
EXPECTED = {"greve1-a": "g1", "greve1-b": "g1", "greve1-c": "g1", "greve2-a": "g2",
            "greve2-b": "g2", "crue-a": "c", "crue-b": "c"}  # fmt: skip


@pytest.fixture(scope="module")
def corpus(nlp) -> list[tuple[Article, Analysis]]:
    """The fictional articles and their analyses."""
    items = []
    for article_id, (day, text) in TEXTS.items():
        article = Article(id=article_id, source=article_id, text=text, date=day, lang="fr")
        items.append((article, to_analysis(nlp(text), article)))
    return items


def _groups(story_of: dict[str, str]) -> set[frozenset[str]]:
    by_story: dict[str, set[str]] = {}
    for article_id, story in story_of.items():
        by_story.setdefault(story, set()).add(article_id)
    return {frozenset(g) for g in by_story.values()}


def test_related_events_with_same_actors_stay_apart(corpus) -> None:
    stories = cluster([a for a, _ in corpus], [an for _, an in corpus])
    found = {frozenset(s.articles) for s in stories}
    assert found == _groups(EXPECTED)


def test_story_date_is_the_event_day(corpus) -> None:
    stories = cluster([a for a, _ in corpus], [an for _, an in corpus])
    dates = {s.date for s in stories if "greve1-c" in s.articles}
    assert dates == {"2024-03-05"}


def test_event_day_from_weekday_and_lead(corpus) -> None:
    article, analysis = corpus[2]
    features = extract(article, analysis)
    assert features.day is not None and features.span == 0
    assert "d:03-05" in features.marks
    assert "@castel" in features.ents and "@arnaud castel" in features.ents


def test_order_does_not_change_the_result(corpus) -> None:
    forward = Clusterer()
    for article, analysis in corpus:
        forward.add(article, analysis)
    forward.consolidate()
    backward = Clusterer()
    for article, analysis in reversed(corpus):
        backward.add(article, analysis)
    backward.consolidate()
    assert _groups(forward.story_of) == _groups(backward.story_of)


def test_incremental_from_saved_state_equals_one_shot(corpus) -> None:
    one = Clusterer()
    for article, analysis in corpus:
        one.add(article, analysis)
    one.consolidate()
    first = Clusterer()
    for article, analysis in corpus[:4]:
        first.add(article, analysis)
    saved = json.loads(json.dumps(save_state(first)))
    resumed = load_state(saved)
    for article, analysis in corpus[4:]:
        resumed.add(article, analysis)
    resumed.consolidate()
    assert resumed.story_of == one.story_of
    assert [s.articles for s in resumed.stories()] == [s.articles for s in one.stories()]


def test_batches_keep_ids_stable_and_report_changes(corpus) -> None:
    clusterer = Clusterer()
    for article, analysis in corpus[:3]:
        clusterer.add(article, analysis)
    clusterer.consolidate()
    first_story = clusterer.story_of["greve1-a"]
    for article, analysis in corpus[3:]:
        clusterer.add(article, analysis)
    report = clusterer.consolidate()
    assert clusterer.story_of["greve1-a"] == first_story
    assert all(line.startswith(("moved ", "merged ")) for line in report)
    assert _groups(clusterer.story_of) == _groups(EXPECTED)
