"""Language identification with lingua, restricted to the languages news inputs come in."""

from __future__ import annotations

import multiprocessing
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
    """The shared lingua detector, its models loaded once (and shared by forked workers)."""
    return LanguageDetectorBuilder.from_languages(*LANGUAGES).with_preloaded_language_models(
    ).build()


_SEEN: dict[str, str | None] = {}  # detections made ahead for the lines of the current page


def _wordy(text: str) -> bool:
    """Whether the text has at least three letters (stops counting at the third)."""
    count = 0
    for c in text:
        if c.isalpha():
            count += 1
            if count == 3:
                return True
    return False


def _code(language: Language | None) -> str | None:
    return LANGUAGES.get(language) if language else None


def detect(text: str) -> str | None:
    """ISO 639-1 code of the most likely language of the text, or None when unsure."""
    if not _wordy(text):
        return None
    if text in _SEEN:
        return _SEEN[text]
    return _code(detector().detect_language_of(text))


def detect_ahead(texts: list[str]) -> None:
    """Detect the languages of one page's lines at once on all cores, for `detect` to answer
    later; forgets the previous page's."""
    _SEEN.clear()
    todo = [t for t in dict.fromkeys(texts) if _wordy(t)]
    if len(todo) < 2:
        return
    if multiprocessing.parent_process() is not None:
        # A forked worker must not use lingua's thread pool: the threads the parent started
        # do not exist in the child, so a parallel call could wait for them forever.
        found = [detector().detect_language_of(t) for t in todo]
    else:
        found = detector().detect_languages_in_parallel_of(todo)
    for text, language in zip(todo, found, strict=True):
        _SEEN[text] = _code(language)


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
