"""Publication dates: from metadata, a 'Publié le' line, the URL, the lead, or an index tag."""

from __future__ import annotations

import re
from datetime import date

import dateparser

_MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}
_WEEKDAYS = "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
_FR_DATE = re.compile(
    rf"\b(\d{{1,2}})(?:er)?\s+({'|'.join(_MONTHS)})\s+(\d{{4}})\b", re.IGNORECASE
)
_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
_PUBLISHED = re.compile(r"(?i)\b(?:publié|mis en ligne|posted)\b[^\n]{0,20}?" + _FR_DATE.pattern)
_PUBLISHED_NUMERIC = re.compile(
    r"(?i)\b(?:publié|mis en ligne|posted)\b[^\n]{0,20}?" + _NUMERIC.pattern
)
_DATELINE = re.compile(rf"(?i)^(?:le\s+)?{_FR_DATE.pattern}$")
_LEAD_DATE = re.compile(rf"(?i)\b(?:{_WEEKDAYS})\s+{_FR_DATE.pattern}")
# Compact dates may run into a time or an id (-202207210349.html), so no digit guard after.
_URL_DATE = re.compile(
    r"(?<![\dA-Za-z])(20\d{2}|19\d{2})([/-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])"
)
_DAY_MONTH_DATELINE = re.compile(
    rf"^[A-ZÀ-Ý][A-ZÀ-Ý' -]{{2,}}(?:\s*\([^)]*\))?,\s*(\d{{1,2}})(?:er)?\s+"
    rf"({'|'.join(_MONTHS)})\b", re.IGNORECASE
)
_URL_MONTH = re.compile(r"/(20\d{2}|19\d{2})/(0[1-9]|1[0-2])/")
_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?")
# dateparser must never look anything up: fixed languages, no relative dates.
_PARSER_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["month", "year"],
                    "RETURN_AS_TIMEZONE_AWARE": False}


def _iso(year: int, month: int, day: int | None = None) -> str | None:
    try:
        return date(year, month, day or 1).isoformat()[: 10 if day else 7]
    except ValueError:
        return None


def _from_match(match: re.Match[str], offset: int = 0) -> str | None:
    day, month, year = match.group(1 + offset), match.group(2 + offset), match.group(3 + offset)
    return _iso(int(year), _MONTHS[month.lower()], int(day))


def normalise(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) or month (YYYY-MM) from a metadata value, else None."""
    if not value:
        return None
    value = value.strip()
    if match := _ISO.match(value):
        year, month, day = match.groups()
        return _iso(int(year), int(month), int(day) if day else None)
    parsed = dateparser.parse(value, languages=["fr", "en"], settings=_PARSER_SETTINGS)
    return parsed.date().isoformat() if parsed else None


def _numeric(match: re.Match[str]) -> str | None:
    day, month, year = (int(g) for g in match.groups()[-3:])
    return _iso(year, month, day)  # day first: the French order


def from_lines(lines: list[str]) -> str | None:
    """A date from a publication line ('Publié le 19 janvier 2023 à 19h48', 'Publié le
    14/05/2024', 'le 22 mai 2023'), else from a short dated line ('Le Journal - 12 mai 2024')."""
    for line in lines:
        if match := _PUBLISHED.search(line):
            return _from_match(match)
        if match := _PUBLISHED_NUMERIC.search(line):
            return _numeric(match)
    for line in lines:
        if match := _DATELINE.match(line.strip()):
            return _from_match(match)
    for line in lines:
        if len(line) < 80 and (match := _FR_DATE.search(line)):
            return _from_match(match)
    return None


def from_url(url: str | None) -> str | None:
    """A date written in a URL path (/2022/09/08/, /2023-05-28/, -20230119_)."""
    if not url:
        return None
    if match := _URL_DATE.search(url):
        return _iso(int(match.group(1)), int(match.group(3)), int(match.group(4)))
    if match := _FR_DATE.search(url.replace("-", " ").replace("_", " ")):
        return _from_match(match)
    if match := _URL_MONTH.search(url):
        return _iso(int(match.group(1)), int(match.group(2)))
    return None


def from_lead(text: str) -> str | None:
    """A date heading on the first line, or a full date named with its weekday in the lead
    ('ce mercredi 17 mai 2023')."""
    first = text.split("\n", 1)[0].strip()
    if match := _DATELINE.match(first):
        return _from_match(match)
    if match := _LEAD_DATE.search(text[:600]):
        return _from_match(match)
    return None


def from_dateline(text: str, month: str | None) -> str | None:
    """A day from an agency dateline ('AMSTERDAM, 9 juin (Reuters) -') within a known month."""
    if not month:
        return None
    match = _DAY_MONTH_DATELINE.match(text[:200])
    if match and _MONTHS[match.group(2).lower()] == int(month[5:7]):
        return _iso(int(month[:4]), int(month[5:7]), int(match.group(1)))
    return None


def best_date(
    meta: str | None, header: list[str], url: str | None, text: str, month_hint: str | None
) -> str | None:
    """The publication date: metadata first (refined to a day when the text agrees), then
    publication lines, URL, the lead's weekday date, and the index month tag."""
    given = normalise(meta)
    found = from_lines(header) or from_url(url) or from_lead(text)
    month = given if given and len(given) == 7 else month_hint
    found = found or from_dateline(text, month)
    if given and len(given) == 7 and found and found.startswith(given):
        return found
    return given or found or month_hint
