"""Dispute labels use the articles' words, never the internal stems."""

from corroborate.crosscheck.facts import readable
from corroborate.types import FactMention


def _mention(text: str) -> FactMention:
    return FactMention(kind="duration", value="1 h", text=text, start=0, end=len(text), sent=0)


def test_stem_keys_become_the_words_of_the_evidence():
    members = [
        ("a", _mention("la première mi-temps de la finale a duré une heure")),
        ("b", _mention("l'ancien magistrat, âgé de 65 ans")),
    ]
    assert readable("finale premie", members) == "finale première"
    assert readable("ancien magist", members) == "ancien magistrat"


def test_a_key_no_evidence_word_starts_with_stays_as_it_is():
    assert readable("durée", [("a", _mention("pendant 40 minutes"))]) == "durée"
