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
