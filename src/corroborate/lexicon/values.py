"""Value normalisation for facts: French numbers, units and dates made comparable across outlets.

"100 000", "1,12 million", "une cinquantaine", "deuxième" and "jeudi 30 décembre" all turn into
plain values ("100000", "1120000", "50", "2", "2021-12-30") so equal facts compare equal.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, timedelta
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

RULES = Path(__file__).parent / "rules"
# Larger figures are typing accidents or padding, not facts; bounded so no float overflows.
MAX_NUMBER = 1e15
MAX_DIGITS = 40


@cache
def units() -> dict[str, Any]:
    """The unit, number-word and date-word tables of `rules/fact_units.json`."""
    return json.loads((RULES / "fact_units.json").read_text("utf-8"))


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_UNIT = "un|une|deux|trois|quatre|cinq|six|sept|huit|neuf"
_UNIT2 = "deux|trois|quatre|cinq|six|sept|huit|neuf"
_TEEN = "dix-sept|dix-huit|dix-neuf|dix|onze|douze|treize|quatorze|quinze|seize"
_TENS = "vingt|trente|quarante|cinquante|soixante"
_J = r"(?:-|[ \u00a0])"  # the joint of a compound: "vingt-deux", "deux cents"
_ET = r"(?:-et-|[ \u00a0]et[ \u00a0])"  # "vingt-et-un", "vingt et un"
_BELOW_100 = (
    rf"(?:(?:soixante|quatre-vingt){_J}(?:{_TEEN})|soixante{_ET}onze|quatre-vingt-(?:{_UNIT})"
    rf"|quatre-vingts?|(?:{_TENS})(?:{_ET}(?:un|une)|-(?:{_UNIT2}))?|{_TEEN}|{_UNIT})"
)
_BELOW_1000 = rf"(?:(?:(?:{_UNIT2}){_J})?cents?(?:{_J}{_BELOW_100})?|{_BELOW_100})"
# A compound French numeral up to 999 999: "cinquante-et-un", "deux cent trente", "trois mille".
NUMERAL = rf"(?:(?:{_BELOW_1000}{_J})?mille(?:{_J}{_BELOW_1000})?|{_BELOW_1000})"


def number_word_pattern() -> str:
    """Regex of a French number in words, compounds included ("cinquante-et-un", "deux cents")."""
    return NUMERAL


def _simple_words() -> dict[str, int]:
    table = {k: int(v) for k, v in units()["words"].items()}
    return {**table, "quatre-vingt": 80, "cents": 100, "mille": 1000}


def parse_numeral(text: str) -> int | None:
    """The value of a French numeral in words, compounds included ("cinquante-et-un" is 51,
    "quatre-vingt-dix-huit" 98, "deux mille trois cents" 2300); None when it is not one."""
    low = " ".join(text.lower().replace("\u00a0", " ").split())
    if not re.fullmatch(NUMERAL, low):
        return None
    words = _simple_words()
    # Longest known words first, so "dix-sept" and "quatre-vingts" stay whole.
    parts = re.findall(rf"(?<!\w)(?:{_alternation(list(words))})(?!\w)", low)
    total = current = 0
    for part in parts:
        value = words[part]
        if value == 1000:
            total += (current or 1) * 1000
            current = 0
        elif value == 100:
            current = (current or 1) * 100
        else:
            current += value
    return total + current


def approx_word_pattern() -> str:
    """Regex alternation of the approximate-number nouns (cinquantaine, ...)."""
    return _alternation(list(units()["approx"]))


def month_pattern() -> str:
    """Regex alternation of the French month names."""
    return _alternation(list(units()["months"]))


def weekday_pattern() -> str:
    """Regex alternation of the French weekday names."""
    return _alternation(list(units()["weekdays"]))


@cache
def hedges() -> tuple[re.Pattern[str], dict[str, str]]:
    """The hedge words of `hedge_bounds` as one pattern (longest first), and the side of its
    figure each leaves open (above, below, about); apostrophes straight."""
    sides = {k.replace("’", "'"): v for k, v in units()["hedge_bounds"].items()}
    # A hedge ending in an apostrophe ("plus d'") is glued to the next word.
    pattern = re.compile(rf"(?<!\w)(?:{_alternation(list(sides))})(?:(?<=')|(?!\w))")
    return pattern, sides


def parse_number(text: str) -> float | None:
    """A French number written in digits or words ("100 000", "1,12", "deux", "cinquantaine");
    None for what no news fact counts (more than `MAX_NUMBER`)."""
    raw = text.strip().lower()
    digits = re.sub(r"[\s\u00a0\u202f]", "", raw)
    if re.fullmatch(r"\d+(?:[.,]\d+)?", digits):
        if len(digits) > MAX_DIGITS:
            return None
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits):
            value = float(digits.replace(".", ""))
        else:
            value = float(digits.replace(",", "."))
        return value if value <= MAX_NUMBER else None
    table = units()
    if raw in table["words"]:
        return float(table["words"][raw])
    numeral = parse_numeral(raw)
    if numeral is not None:
        return float(numeral)
    if raw in table["approx"]:
        return float(table["approx"][raw])
    return None


def scale_of(word: str | None) -> int:
    """The multiplier of a scale word (million -> 1 000 000), 1 when absent."""
    if not word:
        return 1
    return int(units()["scale"].get(word.lower(), 1))


def format_number(value: float) -> str:
    """A canonical string for a number: integers without decimals, others with a dot."""
    if not math.isfinite(value):
        return str(value)
    if abs(value - round(value)) < 1e-9:
        return str(round(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def magnitude(value: str) -> tuple[float, str] | None:
    """A normalised value as (amount, unit), durations in seconds so 40 min and 1 h compare."""
    parts = value.split()
    try:
        amount = float(parts[0])
    except (ValueError, IndexError):
        return None
    unit = parts[1] if len(parts) > 1 else ""
    seconds = units()["duration_seconds"].get(unit)
    return (amount * seconds, "s") if seconds else (amount, unit)


def ordinal_value(word: str) -> int | None:
    """The number of a French ordinal ("deuxième", "5e", "1re", "1er")."""
    low = word.lower()
    table = units()["ordinals"]
    if low in table:
        return int(table[low])
    match = re.fullmatch(r"(\d{1,3})(?:e|er|re|ère|ème|eme)", low)
    return int(match.group(1)) if match else None


def parse_iso(text: str | None) -> date | None:
    """A full ISO date (YYYY-MM-DD) from an article date field, else None."""
    if not text:
        return None
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _closest_year(month: int, day: int, base: date) -> date | None:
    """The date with this month and day nearest to the base date (year inferred)."""
    best: date | None = None
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((candidate - base).days) < abs((best - base).days):
            best = candidate
    return best


def parse_month(text: str | None) -> date | None:
    """The middle of the month of a date field (YYYY-MM or a full date), for year inference."""
    match = re.match(r"(\d{4})-(\d{2})", text or "")
    return date(int(match.group(1)), int(match.group(2)), 15) if match else None


def weekday_offset(weekday: int, base: date, future: bool = False, past: bool = False) -> int:
    """Days from the base to the named weekday: the next one (today included) for a future
    verb, the last one for a past verb, else the nearest within three days either way."""
    ahead = (weekday - base.weekday()) % 7
    if future:
        return ahead
    if past:
        return ahead - 7 if ahead else 0
    return ahead if ahead <= 3 else ahead - 7


@lru_cache(maxsize=8192)  # pure, and articles repeat their date expressions
def resolve_date(
    expr: str, base: date | None, future: bool = False, approximate: bool = False,
    past: bool = False,
) -> str | None:
    """Resolve a French date expression to ISO against a base date; None when it needs one.

    Weekdays resolve by `weekday_offset` (news speaks of the days around its own date),
    day-month without a year to the nearest year, relative words by offset. An
    `approximate` base (only the month is known) serves to infer years, not weekdays.
    """
    table = units()
    low = " ".join(expr.lower().replace("1er", "1").split())
    if low in table["relative_days"]:
        if base is None or approximate:
            return None
        return (base + timedelta(days=table["relative_days"][low])).isoformat()
    if low in table["weekdays"]:
        if base is None or approximate:
            return None
        offset = weekday_offset(table["weekdays"][low], base, future, past)
        return (base + timedelta(days=offset)).isoformat()
    parts = re.fullmatch(
        rf"(?:(?:{weekday_pattern()})\s+)?(\d{{1,2}})\s+({month_pattern()})(?:\s+(\d{{4}}))?", low
    )
    if parts:
        day, month = int(parts.group(1)), int(table["months"][parts.group(2)])
        if parts.group(3):
            # The pattern has read day, month and year; dateparser would say the same, slowly.
            try:
                return date(int(parts.group(3)), month, day).isoformat()
            except ValueError:
                return None
        if base is None:
            return None
        resolved = _closest_year(month, day, base)
        return resolved.isoformat() if resolved else None
    month_only = re.fullmatch(rf"({month_pattern()})(?:\s+(\d{{4}}))?", low)
    if month_only:
        month = int(table["months"][month_only.group(1)])
        if month_only.group(2):
            return f"{month_only.group(2)}-{month:02d}"
        if base is None:
            return None
        resolved = _closest_year(month, 15, base)
        return f"{resolved.year}-{month:02d}" if resolved else None
    return None
