"""What story clustering compares: per-article lemma, entity and mark (number, date) weights.

Features come from the Article and its Analysis only. Three sparse vectors are built:
`terms` (content lemmas, headline boosted), `ents` (normalised PER/ORG/LOC mentions and the
surname of people, keys starting with "@") and `marks` (numbers "n:", years "y:", scores "s:",
mentioned days "d:MM-DD", estimated event day "e:MM-DD"). The event-day estimate is read from
the published date (or a leading index tag) and the dates and weekdays the lead mentions.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources

from corroborate.types import Analysis, Article

CONTENT_POS = {"NOUN", "PROPN", "ADJ", "VERB"}
ENTITY_LABELS = {"PER", "ORG", "LOC"}
HEADLINE_BOOST = 2.0
# An article keeps its heaviest entries only: enough to match, bounded in cost.
MAX_TERMS, MAX_ENTS, MAX_MARKS = 120, 30, 40
LEAD_CHARS = 400  # dates mentioned in the lead usually name the event's own day
ISO_DAY = re.compile(r"\b(20\d\d|19\d\d)-(\d\d)-(\d\d)\b")
ISO_MONTH = re.compile(r"\b(20\d\d|19\d\d)-(\d\d)\b")
NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
SCORE = re.compile(r"(?<![\w.,])(\d{1,2})\s?[-–]\s?(\d{1,2})(?![\w.,])")
LEADING_WORDS = {"le", "la", "les", "l", "de", "du", "des", "d", "me", "m", "mme", "dr", "the"}


@lru_cache(maxsize=1)
def _rules() -> tuple[dict[str, int], dict[str, int], frozenset[str]]:
    base = resources.files("corroborate.cluster") / "rules"
    names = json.loads((base / "cluster_dates.json").read_text(encoding="utf-8"))
    stop = (base / "cluster_stop.txt").read_text(encoding="utf-8").splitlines()
    lemmas = frozenset(s.strip() for s in stop if s.strip() and not s.startswith("#"))
    return names["months"], names["weekdays"], lemmas


@lru_cache(maxsize=1)
def _date_pattern() -> re.Pattern[str]:
    months, weekdays, _ = _rules()
    month_alt = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))
    day_alt = "|".join(sorted(weekdays, key=len, reverse=True))
    # "vendredi 19 juillet 2024" and, in English order, "Friday, July 19, 2024".
    return re.compile(
        rf"(?:\b(?P<wd>{day_alt})\s+)?\b(?P<day>1er|\d{{1,2}})\s+(?P<month>{month_alt})"
        rf"(?:\s+(?P<year>(?:19|20)\d\d))?\b"
        rf"|(?:\b(?P<wd2>{day_alt}),?\s+)?\b(?P<month2>{month_alt})\s+(?P<day2>\d{{1,2}})"
        rf"(?:st|nd|rd|th)?\b(?:,?\s+(?P<year2>(?:19|20)\d\d)\b)?",
        re.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _weekday_pattern() -> re.Pattern[str]:
    _, weekdays, _ = _rules()
    return re.compile(rf"\b({'|'.join(sorted(weekdays, key=len, reverse=True))})\b", re.IGNORECASE)


class _FoldTable(dict[int, str]):
    """Per-character folding for `str.translate`, filled the first time a character is met."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char == "’":
            folded = "'"
        else:
            decomposed = unicodedata.normalize("NFKD", char)
            folded = "".join(c for c in decomposed if not unicodedata.combining(c))
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold_text(text: str) -> str:
    """Lowercase without accents, apostrophes unified; for whole texts (not cached)."""
    text = text.lower()
    return text if text.isascii() else text.translate(_FOLD)


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lowercase without accents, apostrophes unified: the key form of names and lemmas."""
    return fold_text(text)


@dataclass
class Features:
    """One article as the clusterer sees it."""

    id: str
    terms: dict[str, float] = field(default_factory=dict)
    ents: dict[str, float] = field(default_factory=dict)
    marks: dict[str, float] = field(default_factory=dict)
    day: int | None = None  # event-day estimate (proleptic ordinal)
    span: int = 0  # how many days either side of `day` the estimate may be off
    published: str | None = None
    size: int = 0  # words of text, to tell a full article from a fragment
    arrival: int | None = None  # the stream's day when the article came (set by the clusterer)
    lang: str | None = None
    vec: list[float] | None = None  # sentence-encoder vector of title and lead (unit length)


def extract(article: Article, analysis: Analysis) -> Features:
    """Build the features of one analysed article."""
    features = Features(
        id=article.id, published=article.date, size=len(analysis.tokens), lang=article.lang or "fr"
    )
    headline_end = _headline_end(article)
    _, _, stop = _rules()
    counts: dict[str, float] = {}
    for token in analysis.tokens:
        if token.pos not in CONTENT_POS or len(token.text) < 2 or not token.text[0].isalpha():
            continue
        lemma = fold(token.lemma if token.pos != "PROPN" else token.text)
        if lemma in stop:
            continue
        weight = HEADLINE_BOOST if token.idx < headline_end else 1.0
        counts[lemma] = counts.get(lemma, 0.0) + weight
    features.terms = _heaviest(_sublinear(counts), MAX_TERMS)
    features.ents = _heaviest(_sublinear(_entity_counts(analysis)), MAX_ENTS)
    marks, day, span = _marks_and_day(article)
    features.marks = _heaviest(_sublinear(marks), MAX_MARKS)
    features.day, features.span = day, span
    return features


def _sublinear(counts: dict[str, float]) -> dict[str, float]:
    return {k: 1.0 + math.log(v) if v >= 1 else v for k, v in counts.items()}


def _heaviest(vector: dict[str, float], limit: int) -> dict[str, float]:
    if len(vector) <= limit:
        return vector
    return dict(sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[:limit])


def _headline_end(article: Article) -> int:
    """End offset of the headline in the text: the given title, else a short first line."""
    text = article.text
    if article.title:
        at = text.find(article.title.strip()[:60])
        if 0 <= at < 300:
            return at + len(article.title.strip())
    stripped = text.lstrip()
    offset = len(text) - len(stripped)
    first = stripped.split("\n", 1)[0]
    if len(first) <= 200 and len(first) < len(stripped):
        return offset + len(first)
    # A single long first line: the lead sentence stands in for the headline.
    stop = stripped.find(". ")
    return offset + (stop if 0 < stop < 300 else min(len(stripped), 200))


def _entity_counts(analysis: Analysis) -> dict[str, float]:
    counts: dict[str, float] = {}
    for mention in analysis.mentions:
        if mention.label not in ENTITY_LABELS:
            continue
        words = [w for w in re.split(r"[^\w-]+", fold(mention.text)) if w]
        while words and words[0] in LEADING_WORDS:
            words = words[1:]
        if not words or len(" ".join(words)) < 2:
            continue
        words = [spelling_key(w) for w in words]
        key = "@" + " ".join(words)
        counts[key] = counts.get(key, 0.0) + 1.0
        if mention.label == "PER" and len(words) > 1:
            # The surname alone matches "Sarkozy" with "Nicolas Sarkozy" and mangled first names.
            counts["@" + words[-1]] = counts.get("@" + words[-1], 0.0) + 1.0
    return counts


def spelling_key(word: str) -> str:
    """One key for a name's transliterations: Zelensky, Zelenskyy and Zelenski meet."""
    # Doubled letters and y/i are where romanisations of one name differ most.
    key = re.sub(r"(\w)\1+", r"\1", word.replace("y", "i"))
    return key


def _published(value: str | None) -> tuple[int | None, int]:
    """Published date as (ordinal of its middle, uncertainty in days)."""
    if not value:
        return None, 0
    found = ISO_DAY.match(value)
    if found:
        try:
            return date(int(found[1]), int(found[2]), int(found[3])).toordinal(), 0
        except ValueError:
            return None, 0
    found = ISO_MONTH.match(value)
    if found and 1 <= int(found[2]) <= 12:
        return date(int(found[1]), int(found[2]), 15).toordinal(), 16
    return None, 0


def _marks_and_day(article: Article) -> tuple[dict[str, float], int | None, int]:
    """Number and date marks of the text, and the event-day estimate."""
    text = article.text
    marks: dict[str, float] = {}
    pub, pub_span = _published(article.date)
    if pub is None:
        # An index tag like " date 2022-01 " at the very start still tells the month.
        tag = ISO_MONTH.search(text[:40])
        if tag:
            pub, pub_span = _published(tag.group(0))
    months, weekdays, _ = _rules()
    # (month, year, day, offset, weekday named with it)
    mentioned: list[tuple[int, int | None, int, int, int | None]] = []
    spans: list[tuple[int, int]] = []
    for found in _date_pattern().finditer(text):
        french = found["day"] is not None
        day_text, month_text, year_text, weekday_text = (
            (found["day"], found["month"], found["year"], found["wd"])
            if french
            else (found["day2"], found["month2"], found["year2"], found["wd2"])
        )
        day = 1 if day_text.lower() == "1er" else int(day_text)
        month = months[month_text.lower()]
        if not 1 <= day <= 31:
            continue
        year = int(year_text) if year_text else None
        named = weekdays[weekday_text.lower()] if weekday_text else None
        mentioned.append((month, year, day, found.start(), named))
        spans.append(found.span())
        weight = 2.0 if found.start() < LEAD_CHARS else 1.0
        marks[f"d:{month:02d}-{day:02d}"] = marks.get(f"d:{month:02d}-{day:02d}", 0.0) + weight
    for found in NUMBER.finditer(text):
        if any(a <= found.start() < b for a, b in spans):
            continue
        value = found.group(0).replace(",", ".")
        key = f"y:{value}" if re.fullmatch(r"(19|20)\d\d", value) else f"n:{value}"
        marks[key] = marks.get(key, 0.0) + 1.0
    for found in SCORE.finditer(text):
        key = f"s:{found[1]}-{found[2]}"
        marks[key] = marks.get(key, 0.0) + 1.0
    years = [int(k[2:]) for k in marks if k.startswith("y:")] + [m[1] for m in mentioned if m[1]]
    day, span = _event_day(mentioned, pub, pub_span, _weekday_in_lead(text, weekdays), years)
    if day is not None and span <= 3:
        # The estimated month and day, so fuzzy estimates still meet on the same key.
        d = date.fromordinal(day)
        marks[f"e:{d.month:02d}-{d.day:02d}"] = 2.0
    return marks, day, span


def _weekday_in_lead(text: str, weekdays: dict[str, int]) -> int | None:
    found = _weekday_pattern().search(text[:LEAD_CHARS])
    return weekdays[found.group(1).lower()] if found else None


def _event_day(
    mentioned: list[tuple[int, int | None, int, int, int | None]],
    pub: int | None,
    pub_span: int,
    weekday: int | None,
    years: list[int],
) -> tuple[int | None, int]:
    """The day the reported event happened, with its uncertainty, or (None, 0)."""
    candidates: list[int] = []
    for month, year, day, offset, named_weekday in mentioned:
        resolved = _resolve(month, year, day, pub, pub_span, named_weekday, years)
        if resolved is not None and offset < LEAD_CHARS:
            candidates.append(resolved)
    if pub is not None:
        # A report names its event day in the lead, at most a week before it is published;
        # the earliest such day is the event, later ones are the page's own dates.
        near = [c for c in candidates if pub - pub_span - 8 <= c <= pub + pub_span + 1]
        if near:
            return min(near), 0
        if pub_span == 0:
            if weekday is not None:
                back = (date.fromordinal(pub).weekday() - weekday) % 7
                return pub - back, 0
            # Published that day, about an event of the days before.
            return pub - 3, 4
        return pub, pub_span
    if candidates:
        return candidates[0], 0
    return None, 0


def _resolve(
    month: int,
    year: int | None,
    day: int,
    pub: int | None,
    pub_span: int,
    weekday: int | None,
    years: list[int],
) -> int | None:
    """A mentioned day as an ordinal; a missing year comes from the publication date, or from
    the latest year the text mentions when it puts the day on the weekday named with it."""
    try:
        if year is not None:
            return date(year, month, day).toordinal()
        if pub is not None:
            year = date.fromordinal(pub + pub_span).year
            if date(year, month, day).toordinal() > pub + pub_span + 40:
                year -= 1
            return date(year, month, day).toordinal()
        if weekday is not None and years:
            # News is about the present: only the latest year the text mentions is trusted.
            latest = max(years)
            if date(latest, month, day).weekday() == weekday:
                return date(latest, month, day).toordinal()
    except ValueError:
        return None
    return None


def iso(day: int | None, span: int = 0) -> str | None:
    """An event-day estimate as ISO text: a day, or only the month when it is that loose."""
    if day is None:
        return None
    d = date.fromordinal(day)
    return d.isoformat() if span <= 3 else d.isoformat()[:7]
