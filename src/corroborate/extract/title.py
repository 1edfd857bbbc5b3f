"""Finding the headline of a plain-text page."""

from __future__ import annotations

import re

from corroborate.extract.patterns import (
    DATE_ONLY,
    chrome_reason,
    ends_sentence,
    normal,
    words,
)

MAX_TITLE = 200
MIN_TITLE_WORDS = 5
LOOKAHEAD = 12  # headline lines sit among the first lines of a page


def is_body_paragraph(text: str) -> bool:
    """A line that reads as article prose: long, or a full sentence of some length."""
    return len(text) >= 150 or (len(text) >= 60 and ends_sentence(text) and len(words(text)) >= 8)


def _title_like(text: str) -> bool:
    return (
        len(words(text)) >= MIN_TITLE_WORDS
        and len(text) <= MAX_TITLE
        and not text.rstrip().endswith((".", ":", ","))
        and not DATE_ONLY.search(text)
        and chrome_reason(text) is None
        and not re.search(r"https?://", text)
    )


def find_title_line(texts: list[str], given: str | None) -> int | None:
    """Index of the headline line among stripped lines ('' for blank lines), or None.

    With a title from the metadata, the line equal to it; else the first title-like line
    (five words or more, no final period, no date) before the first body paragraph.
    """
    if given:
        target = normal(given)
        for i, text in enumerate(texts[:LOOKAHEAD * 2]):
            if text and normal(text) == target:
                return i
        return None
    for i, text in enumerate(texts[:LOOKAHEAD]):
        if not text:
            continue
        if is_body_paragraph(text):
            return None
        if _title_like(text) and any(t for t in texts[i + 1:]):
            return i
    return None


def glued_title(first: str, given: str | None) -> str | None:
    """The headline (with any kicker before it) glued to the start of the first line."""
    if not given:
        return None
    target = given.strip()
    at = first.find(target)
    if at < 0 or at > 120 or first.strip() == target:
        return None
    end = at + len(target)
    if end < len(first) and first[end] not in " \u00a0.:–-|":
        return None
    return first[:end]
