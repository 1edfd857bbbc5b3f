"""Copy detection: MinHash near-duplicates with a direction, on fictional French texts."""

from __future__ import annotations

import json

from corroborate.cluster.copies import CopyIndex, find_copies, shingles
from corroborate.types import Article

ORIGINAL = (
    "Le conseil municipal de Bellerive a voté jeudi soir la construction d'une nouvelle "
    "médiathèque sur l'ancien site de la filature. Le projet, estimé à 12 millions d'euros, "
    "doit ouvrir ses portes en 2027. La maire, Hélène Brisac, a salué « un lieu pour toutes les "
    "générations ». L'opposition dénonce un coût excessif et réclame un référendum local."
)
# A syndicated copy: same text, a new headline line and the last sentence cut.
COPY = "Bellerive aura sa médiathèque.\n" + ORIGINAL.rsplit(" L'opposition", 1)[0]
OTHER = (
    "Les pompiers de Valmont sont intervenus samedi pour un feu de broussailles près de la "
    "départementale 12. Aucun blessé n'est à déplorer, mais six hectares sont partis en fumée."
)


def _article(article_id: str, text: str, date: str | None = None) -> Article:
    return Article(id=article_id, source=article_id, text=text, date=date, lang="fr")


def test_shingles_ignore_case_accents_and_punctuation() -> None:
    assert shingles("Élu, ÉLU ; élu !", 2) == {"elu elu"}


def test_copy_points_to_the_earlier_original() -> None:
    pairs = find_copies(
        [
            _article("b", COPY, "2024-04-05"),
            _article("a", ORIGINAL, "2024-04-04"),
            _article("c", OTHER),
        ]
    )
    assert len(pairs) == 1
    assert (pairs[0].copy, pairs[0].original) == ("b", "a")
    assert pairs[0].similarity >= 0.5


def test_without_dates_the_longer_text_is_the_original() -> None:
    pairs = find_copies([_article("short", COPY), _article("long", ORIGINAL)])
    assert [(p.copy, p.original) for p in pairs] == [("short", "long")]


def test_month_precision_dates_still_decide_when_they_differ() -> None:
    pairs = find_copies([_article("x", ORIGINAL, "2024-05"), _article("y", COPY, "2024-04-30")])
    assert [(p.copy, p.original) for p in pairs] == [("x", "y")]


def test_unrelated_texts_are_not_copies() -> None:
    assert find_copies([_article("a", ORIGINAL), _article("c", OTHER)]) == []


def test_index_resumes_from_saved_state_and_forgets_past_its_window() -> None:
    index = CopyIndex(window=2)
    index.add(_article("a", ORIGINAL))
    saved = json.loads(json.dumps(index.state()))
    resumed = CopyIndex.from_state(saved)
    pairs = resumed.add(_article("b", COPY))
    assert [(p.copy, p.original) for p in pairs] == [("b", "a")]
    resumed.add(_article("c", OTHER))
    resumed.add(_article("d", OTHER + " Fin."))
    assert len(resumed) == 2
    assert resumed.add(_article("e", COPY + " Encore.")) == []


# A dispatch of which two outlets print different stretches: one passage in common.
DISPATCH = (
    "La crue de la Sorne a atteint dimanche soir son plus haut niveau depuis 1983 à Vermois, "
    "où les eaux ont recouvert la place du marché et coupé la route départementale entre le pont "
    "de pierre et la gare de triage pendant plus de six heures."
)
OUTLET_A = (
    "Vermois sous les eaux. Les pompiers ont évacué quarante personnes dans la nuit. "
    + DISPATCH
    + " La mairie a ouvert le gymnase aux sinistrés et promet un bilan lundi."
)
OUTLET_B = (
    "Intempéries : la vallée de la Sorne touchée. " + DISPATCH + " Selon Météo-Aulnette, la pluie "
    "devrait cesser mardi. Les agriculteurs redoutent des pertes importantes sur les semis."
)
# Two outlets quoting the same communiqué at length, each in its own words otherwise.
COMMUNIQUE = (
    "« Le conseil a décidé de maintenir inchangés ses taux directeurs compte tenu des perspectives "
    "d'inflation actualisées et de la dynamique de l'inflation sous-jacente observée ce trimestre »"
)
QUOTING_A = "La banque centrale n'a pas bougé jeudi. " + COMMUNIQUE + ", indique son communiqué."
QUOTING_B = (
    "Statu quo attendu à Francfort, où l'institution écrit : " + COMMUNIQUE + ". Les marchés "
    "avaient anticipé cette pause."
)


def test_a_shared_passage_makes_a_partial_copy_despite_a_low_jaccard() -> None:
    pairs = find_copies([_article("a", OUTLET_A), _article("b", OUTLET_B)])
    assert len(pairs) == 1
    assert pairs[0].kind in {"partial", "copy"}
    assert pairs[0].passage >= 30
    assert pairs[0].similarity < 0.5  # the old whole-text rule would have missed it


def test_a_long_quote_shared_by_two_outlets_is_not_a_copy() -> None:
    assert find_copies([_article("a", QUOTING_A), _article("b", QUOTING_B)]) == []


def test_the_outlet_crediting_an_agency_is_the_source() -> None:
    credited = OUTLET_B + " (AFP)"
    pairs = find_copies(
        [_article("plain", OUTLET_A + " Fin de l'article."), _article("agency", credited)]
    )
    assert [(p.copy, p.original, p.why) for p in pairs] == [
        ("plain", "agency", "credits a news agency")
    ]


def test_a_dated_article_is_the_source_of_an_undated_one() -> None:
    pairs = find_copies(
        [_article("farm", OUTLET_A + " " * 50), _article("wire", OUTLET_B, "2024-03-02")]
    )
    assert [(p.copy, p.original) for p in pairs] == [("farm", "wire")]


def test_prints_survive_a_saved_state() -> None:
    index = CopyIndex()
    index.add(_article("a", OUTLET_A))
    resumed = CopyIndex.from_state(json.loads(json.dumps(index.state())))
    pairs = resumed.add(_article("b", OUTLET_B))
    assert len(pairs) == 1
    assert pairs[0].passage >= 30
