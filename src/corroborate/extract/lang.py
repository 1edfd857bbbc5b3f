"""Language identification with lingua, restricted to the languages news inputs come in."""

from __future__ import annotations

from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

LANGUAGES = {
    Language.FRENCH: "fr",
    Language.ENGLISH: "en",
    Language.GERMAN: "de",
    Language.SPANISH: "es",
    Language.ITALIAN: "it",
    Language.PORTUGUESE: "pt",
    Language.DUTCH: "nl",
    Language.RUSSIAN: "ru",
    Language.ARABIC: "ar",
    Language.POLISH: "pl",
    Language.TURKISH: "tr",
    Language.UKRAINIAN: "uk",
}


@lru_cache(maxsize=1)
def detector() -> LanguageDetector:
    """The shared lingua detector (built once; its models load on first use)."""
    return LanguageDetectorBuilder.from_languages(*LANGUAGES).build()


def detect(text: str) -> str | None:
    """ISO 639-1 code of the most likely language of the text, or None when unsure."""
    if sum(c.isalpha() for c in text) < 3:
        return None
    language = detector().detect_language_of(text)
    return LANGUAGES.get(language) if language else None


def confidence(text: str, lang: str) -> float:
    """Lingua's confidence (0 to 1) that the text is in language `lang`."""
    for language, code in LANGUAGES.items():
        if code == lang:
            return detector().compute_language_confidence(text, language)
    return 0.0


def foreign(text: str, expected: str, threshold: float = 0.6) -> str | None:
    """The language of `text` when it is confidently not `expected`, else None."""
    lang = detect(text)
    if lang is None or lang == expected:
        return None
    if confidence(text, lang) < threshold or confidence(text, expected) > 0.2:
        return None
    return lang
