"""Line-level chrome patterns, loaded from `rules/noise_lines.json`, and small text features."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

MAX_PATTERN_LINE = 160
FINAL_PUNCT = ".!?…»\"”)"
_URL = re.compile(r"https?://\S+")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_CONNECTORS = {"et", "de", "du", "des", "la", "le", "and", "&", "pour", "avec", "d'", "of"}
_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    "novembre|décembre|decembre"
)
DATE_ONLY = re.compile(rf"(?i)(?:\w+ )?\d{{1,2}}(?:er)? (?:{_MONTHS}) \d{{4}}")
NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")


@lru_cache(maxsize=1)
def line_rules() -> list[tuple[re.Pattern[str], str]]:
    """The compiled (pattern, reason) pairs of the noise-line rules file."""
    rules_file = resources.files("corroborate.extract") / "rules" / "noise_lines.json"
    text = rules_file.read_text("utf-8")
    rules: list[tuple[re.Pattern[str], str]] = []
    for reason, patterns in json.loads(text).items():
        if reason == "about":
            continue
        rules.extend((re.compile(p, re.IGNORECASE), reason) for p in patterns)
    return rules


def chrome_reason(line: str) -> str | None:
    """Why a stripped line is page chrome by the rules file, or None."""
    links = sum(len(url) for url in _URL.findall(line))
    if links and links >= 0.3 * len(line):
        return "link line"
    if len(line) > MAX_PATTERN_LINE:
        return None
    for pattern, reason in line_rules():
        if pattern.fullmatch(line):
            return reason
    return None


def words(text: str) -> list[str]:
    """The alphabetic words of a text (apostrophes and hyphens kept inside words)."""
    return _WORD.findall(text)


def ends_sentence(text: str) -> bool:
    """True when the text ends like a sentence (final punctuation or closing quote)."""
    return bool(text) and text.rstrip()[-1] in FINAL_PUNCT


def is_names_only(text: str) -> bool:
    """A short line made only of capitalised words and connectors: names, outlet, credit."""
    tokens = text.split()
    if not 2 <= len(tokens) <= 8 or ends_sentence(text) or any(c.isdigit() for c in text):
        return False
    if any(ch in text for ch in ",:;«»\"()"):
        return False
    capitalised = [t for t in tokens if t.lower() not in _CONNECTORS]
    return bool(capitalised) and all(t[0].isupper() for t in capitalised)


def is_date_only(text: str) -> bool:
    """True for a line holding only a date, such as a chronology heading '1er mars 2021'."""
    return bool(DATE_ONLY.fullmatch(text.strip()))


def has_date(text: str) -> bool:
    """True when the text holds a full date, written out ('12 mai 2024') or numeric (12/05/2024)."""
    return bool(DATE_ONLY.search(text) or NUMERIC_DATE.search(text))


def normal(text: str) -> str:
    """Text folded for comparisons: case, curly quotes and white space."""
    text = text.replace("’", "'").replace("\u00a0", " ").casefold()
    return " ".join(text.split())
