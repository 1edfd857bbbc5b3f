"""Per-article facts: numbers with what they count, durations, money, percentages, ordinals,
dates, places, scores, and (via `statements`) event statements.

Values are found with patterns over the clean text, so every span is exact; the plain parse tokens
then say what a value counts (its slot: the lemma of the counted noun) and its context.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache

from corroborate.crosscheck.facts.groups import bare_year
from corroborate.crosscheck.facts.statements import children, context_keys, find_statements, key_of
from corroborate.lexicon import values as v
from corroborate.lexicon.words import word_lists
from corroborate.types import Analysis, Article, FactMention, Token

_SP = r"[ \u00a0\u202f]"
_DIGITS = rf"\d{{1,3}}(?:{_SP}\d{{3}})+(?:,\d+)?|\d+(?:[.,]\d+)?"


def _alt(words: list[str] | dict[str, object]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _quantity_re() -> re.Pattern[str]:
    table = v.units()
    hedge = _alt(table["hedges"])
    units = {**table["duration"], **table["money"], **table["percent"], **table["basis_points"]}
    number = rf"{_DIGITS}|(?:une?{_SP}+)?(?:{v.approx_word_pattern()})|{v.number_word_pattern()}"
    return re.compile(
        rf"(?<![\w,.])(?:(?P<hedge>{hedge}){_SP}+)?(?P<num>{number})"
        rf"(?:{_SP}*(?P<scale>{_alt(table['scale'])}))?"
        rf"(?:{_SP}*(?:de{_SP}+|d['’])?(?P<unit>{_alt(units)})(?!\w))?(?![\w])",
        re.IGNORECASE,
    )


@cache
def _date_re() -> re.Pattern[str]:
    wd, mo = v.weekday_pattern(), v.month_pattern()
    rel = _alt(v.units()["relative_days"])
    return re.compile(
        rf"(?<!\w)(?:(?:{wd}){_SP}+)?(?:1er|\d{{1,2}}){_SP}+(?:{mo})(?:{_SP}+\d{{4}})?(?!\w)"
        rf"|(?<!\w)(?:{wd}|{rel})(?!\w)"
        rf"|(?<!\w)(?:en|de|d['’]){_SP}+(?P<month>(?:{mo})(?:{_SP}+\d{{4}})?)(?!\w)",
        re.IGNORECASE,
    )


@cache
def _ordinal_re() -> re.Pattern[str]:
    words = _alt(v.units()["ordinals"])
    return re.compile(rf"(?<!\w)(?:{words}|\d{{1,3}}(?:e|er|re|ère|ème))(?!\w)", re.IGNORECASE)


_CLOCK = re.compile(
    rf"(?<![\w,.])(?:[01]?\d|2[0-4]){_SP}*(?:h{_SP}*[0-5]\d(?!\w)|(?:h|heures?)(?!\w))",
    re.IGNORECASE,
)
# A score may end its sentence ("se sont imposés 2-0."), not a decimal ("2-0,5").
_SCORE = re.compile(r"(?<![\w/.,-])(\d{1,2}) ?[-–] ?(\d{1,2})(?![\w/%-])(?![.,]\d)")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def _is_de(token: Token) -> bool:
    return token.text.lower() in {"de", "d'", "d’", "des", "du"}


@dataclass
class _Doc:
    """Article text with its tokens indexed by character offset."""

    article: Article
    analysis: Analysis

    def __post_init__(self) -> None:
        self.tokens: list[Token] = self.analysis.tokens
        self.starts = [t.idx for t in self.tokens]
        self.sent_starts = [s.start for s in self.analysis.sentences] or [0]
        self.kids = children(self.tokens)
        self._contexts: dict[int, list[str]] = {}

    def token_at(self, offset: int) -> int | None:
        """Index of the token covering a character offset."""
        i = bisect_right(self.starts, offset) - 1
        return i if 0 <= i < len(self.tokens) else None

    def sent_of(self, offset: int) -> int:
        """Index of the sentence holding a character offset."""
        return max(0, bisect_right(self.sent_starts, offset) - 1)

    def subject(self, offset: int, end: int | None = None) -> str:
        """Keys of the clause around a span, without the span's own words: the fact's context."""
        i = self.token_at(offset)
        if i is None:
            return ""
        first = bisect_left(self.starts, offset)
        last = bisect_left(self.starts, end if end else offset + 1)
        own = {key_of(t) for t in self.tokens[first:last]}
        return " ".join(k for k in self._context(i) if k not in own)

    def _context(self, i: int) -> list[str]:
        # Many figures of one clause share its keys: work them out once per token.
        found = self._contexts.get(i)
        if found is None:
            found = self._contexts[i] = context_keys(self.tokens, self.kids, i)
        return found

    def mention(self, kind: str, value: str, start: int, end: int, slot: str) -> FactMention:
        """A FactMention whose text is the exact article span."""
        return FactMention(
            kind=kind, value=value, text=self.article.text[start:end], start=start, end=end,
            sent=self.sent_of(start), slot=slot, subject=self.subject(start, end),
        )

    def noun_after(self, offset: int, skip_de: bool = True) -> Token | None:
        """The first noun after an offset, over adjectives and one 'de'; None if another word."""
        i = self.token_at(offset)
        if i is None:
            return None
        while i < len(self.tokens) and self.tokens[i].idx < offset:
            i += 1
        for t in self.tokens[i : i + 4]:
            if t.pos in {"NOUN", "PROPN"} and any(c.isalpha() for c in t.text):
                return t  # the tagger may call a stray quote mark a noun
            if t.pos == "ADJ" or (skip_de and _is_de(t)):
                continue
            return None
        return None

    def noun_before(self, offset: int, reach: int = 4) -> Token | None:
        """The nearest common noun before an offset, over adjectives, names and articles."""
        i = self.token_at(offset)
        if i is None:
            return None
        for t in reversed(self.tokens[max(0, i - reach) : i]):
            if t.pos == "NOUN":
                return t
            if t.pos not in {"ADJ", "PROPN", "DET", "ADP", "NUM"}:
                return None
        return None


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in taken)


def _base_date(article: Article) -> tuple[v.date | None, bool]:
    """The article's own date, or the middle of its month flagged as approximate."""
    full = v.parse_iso(article.date)
    return (full, False) if full else (v.parse_month(article.date), True)


def _verb_tense(doc: _Doc, i: int) -> str:
    """'+' (future or conditional), '-' (past) or '' for the finite verb governing token i,
    climbing over infinitives and participles without auxiliaries."""
    seen: set[int] = set()
    while i not in seen:
        seen.add(i)
        t = doc.tokens[i]
        if t.pos in {"VERB", "AUX"} or any(doc.tokens[k].dep == "cop" for k in doc.kids.get(i, [])):
            forms = [t.morph] + [
                doc.tokens[k].morph for k in doc.kids.get(i, [])
                if doc.tokens[k].dep.split(":")[0] in {"aux", "cop"}
            ]
            if any("Tense=Fut" in f or "Mood=Cnd" in f for f in forms):
                return "+"
            deps = {doc.tokens[k].dep for k in doc.kids.get(i, [])}
            if "aux:tense" in deps or any(
                "Tense=Past" in f or "Tense=Imp" in f for f in forms if "VerbForm=Fin" in f
            ):
                return "-"
            if any("VerbForm=Fin" in f for f in forms):
                return ""
        if t.head == i:
            break
        i = t.head
    return ""


def _tense(doc: _Doc, offset: int) -> str:
    """Tense of the verb a date hangs on; a future anywhere in the sentence when none."""
    i = doc.token_at(offset)
    own = _verb_tense(doc, i) if i is not None else ""
    if own or not doc.analysis.sentences:
        return own
    sent = doc.analysis.sentences[doc.sent_of(offset)]
    future = any("Tense=Fut" in t.morph for t in doc.tokens if sent.start <= t.idx < sent.end)
    return "+" if future else ""


def _dates(doc: _Doc, taken: list[tuple[int, int]]) -> list[FactMention]:
    base, approximate = _base_date(doc.article)
    found: list[FactMention] = []
    for m in _date_re().finditer(doc.article.text):
        start, end = m.span()
        expr = m.group("month") or m.group(0)
        if m.group("month"):
            start = m.start("month")
        tense = _tense(doc, start)
        value = v.resolve_date(expr, base, tense == "+", approximate, tense == "-")
        if value is None:
            # Left for the story's date to resolve; "+" or "-" keeps the verb's tense.
            value = "?" + tense + " ".join(expr.lower().split())
        taken.append((start, end))
        if _in_dateline(doc.article.text, m.start(), end):
            continue
        head = doc.noun_before(start, reach=3)
        found.append(doc.mention("date", value, start, end, head.lemma.lower() if head else ""))
    return found


# An agency dateline opens a paragraph: "AMSTERDAM, 9 juin (Reuters) -", "PARIS, 3 mars 2023
# (AFP) –". Its date is when the copy was filed, not a claim of the text.
_DATELINE_BEFORE = re.compile(r"(?:^|\n)\W{0,3}[A-ZÀ-Ý][A-ZÀ-Ý'’. -]{1,40},\s*$")
_DATELINE_AFTER = re.compile(r"\s*(?:\([^()\n]{2,30}\)\s*)?[-–—]")


def _in_dateline(text: str, start: int, end: int) -> bool:
    """Whether a date is the date of an agency dateline opening its paragraph."""
    line_start = text.rfind("\n", 0, start) + 1
    return bool(_DATELINE_BEFORE.search(text[max(line_start - 1, 0) : start])
                and _DATELINE_AFTER.match(text, end))


ENUMERATED_YEARS = 3


def _without_year_lists(facts: list[FactMention]) -> list[FactMention]:
    """Bare years listed in one sentence ("in the 2020, 2016, 2004 and 2000 elections"):
    `ENUMERATED_YEARS` or more of them are a list, no claim about any one year."""
    years: dict[int, set[str]] = {}
    for m in facts:
        if bare_year(m):
            years.setdefault(m.sent, set()).add(m.value)
    listed = {sent for sent, values in years.items() if len(values) >= ENUMERATED_YEARS}
    return [m for m in facts if not (bare_year(m) and m.sent in listed)]


def _clock_times(doc: _Doc, taken: list[tuple[int, int]]) -> None:
    """Mark times of day ("5 h 40", "23h11", "vers 15 heures") and days of a month named
    without it ("mardi 7 et samedi 11 janvier") as taken: not durations nor counts."""
    text = doc.article.text
    day = re.compile(
        rf"(?<!\w)(?:{v.weekday_pattern()}){_SP}+(?:1er|\d{{1,2}})(?={_SP}*(?:et\b|au\b|[,.;)]))",
        re.IGNORECASE,
    )
    taken += [m.span() for m in day.finditer(text)]
    before = _alt(v.units()["clock_before"])
    after_word = re.compile(rf"(?:^|\W)(?:{before}){_SP}*$", re.IGNORECASE)
    for m in _CLOCK.finditer(text):
        minutes = re.search(r"\d\s*$", m.group(0)) is not None
        if minutes or after_word.search(text[max(0, m.start() - 20) : m.start()]):
            taken.append(m.span())


def _quantity_kind(unit: str | None) -> tuple[str, str]:
    table = v.units()
    low = (unit or "").lower()
    for kind, key in (("duration", "duration"), ("money", "money"), ("percent", "percent")):
        if low in table[key]:
            return kind, table[key][low]
    if low in table["basis_points"]:
        return "number", "pb"
    return "number", ""


def _quantities(doc: _Doc, taken: list[tuple[int, int]]) -> list[FactMention]:
    found: list[FactMention] = []
    text = doc.article.text
    for m in _quantity_re().finditer(text):
        start, end = m.span()
        if _overlaps(m.start("num"), m.end("num"), taken):
            continue
        raw = re.sub(r"^une?\s+", "", m.group("num").lower())
        number = v.parse_number(raw)
        if number is None:
            continue
        is_word = not raw[0].isdigit()
        unit, scale = m.group("unit"), m.group("scale")
        kind, norm_unit = _quantity_kind(unit)
        if is_word and raw in {"un", "une"} and not (unit or scale):
            continue
        total = number * v.scale_of(scale)
        if kind != "number" or norm_unit:
            value = f"{v.format_number(total)} {norm_unit}"
            noun = doc.noun_after(end) if kind == "duration" else None
            prep = text[end : end + 4].lower().lstrip()
            slot = noun.lemma.lower() if noun and prep.startswith(("de", "d'", "d’")) else ""
            slot = slot or {"duration": "durée", "money": "montant", "percent": "taux"}.get(
                kind, "point de base"
            )
            if kind == "percent":
                before = doc.noun_before(start, reach=6)
                slot = before.lemma.lower() if before else slot
            found.append(doc.mention(kind, value, start, end, slot))
            continue
        if _YEAR.match(raw) and not scale:
            found.append(doc.mention("date", raw, m.start("num"), m.end("num"), "année"))
            continue
        noun = doc.noun_after(end)
        if noun is None and not scale and _after_name(doc, start):
            continue  # a figure glued to a name is part of it ("Microsoft 365", "Windows 11")
        if noun is None:
            before = doc.noun_before(start, reach=3)
            if before is not None and not is_word:
                slot = before.lemma.lower()
            elif scale or (not is_word and total >= 1000):
                slot = ""  # a large figure stands on its own ("42,8 millions", "87 000 à Paris")
            else:
                continue
        else:
            slot = noun.lemma.lower()
            end = noun.idx + len(noun.text)
        if is_word and total <= 2:
            continue
        found.append(doc.mention("number", v.format_number(total), start, end, slot))
    return found


def _after_name(doc: _Doc, start: int) -> bool:
    """Whether the word just before an offset is a proper name, with only a space between."""
    i = doc.token_at(start)
    if i is None or i == 0:
        return False
    prev = doc.tokens[i - 1]
    gap = doc.article.text[prev.idx + len(prev.text) : start]
    return prev.pos == "PROPN" and prev.text[:1].isupper() and gap.isspace()


_FRAME_CASES = {"en", "durant", "pendant"}  # not "dès": "dès la 12e minute" dates a goal


def _time_frame(doc: _Doc, end: int) -> bool:
    """Whether an ordinal's noun is an adverbial of time ("en première mi-temps", "durant la
    seconde période"): it dates what the clause says, it is not itself a claim ("après une
    première baisse" is one)."""
    i = doc.token_at(max(end - 1, 0))
    if i is None:
        return False
    noun = doc.tokens[i]
    if not noun.dep.startswith("obl"):
        return False
    cases = [doc.tokens[k] for k in doc.kids.get(i, []) if doc.tokens[k].dep == "case"]
    return any(c.text.lower() in _FRAME_CASES for c in cases)


def _bare_time_span(doc: _Doc, noun: Token | None, slot: str) -> bool:
    """An ordinal on a stretch of time with nothing after it ("la seconde période", "la
    première minute"): a moment in the event, not a count; "la deuxième journée de
    mobilisation" names an event and stays."""
    if slot not in word_lists()["time_spans"]:
        return False
    if noun is None:
        return True
    return not any(doc.tokens[k].dep.startswith("nmod") for k in doc.kids.get(noun.i, []))


def _ordinals(doc: _Doc, taken: list[tuple[int, int]]) -> list[FactMention]:
    found: list[FactMention] = []
    stop = set(word_lists()["ordinal_stop_slots"])
    for m in _ordinal_re().finditer(doc.article.text):
        start, end = m.span()
        value = v.ordinal_value(m.group(0))
        if value is None or _overlaps(start, end, taken):
            continue
        noun = doc.noun_after(end, skip_de=False)
        if noun is not None:
            slot, end = noun.lemma.lower(), noun.idx + len(noun.text)
        else:
            i = doc.token_at(start)
            head = doc.tokens[doc.tokens[i].head] if i is not None else None
            if head is None or head.pos != "NOUN" or head.i == i:
                continue
            slot = head.lemma.lower()
        if slot in stop or _time_frame(doc, end) or _bare_time_span(doc, noun, slot):
            continue
        found.append(doc.mention("count", str(value), start, end, slot))
    return found


def _scores(doc: _Doc, taken: list[tuple[int, int]]) -> list[FactMention]:
    found: list[FactMention] = []
    for m in _SCORE.finditer(doc.article.text):
        start, end = m.span()
        if _overlaps(start, end, taken):
            continue
        a, b = int(m.group(1)), int(m.group(2))
        if a > 20 or b > 20:
            continue
        found.append(doc.mention("score", f"{a}-{b}", start, end, "score"))
    return found


def find_facts(article: Article, analysis: Analysis) -> list[FactMention]:
    """All checkable claims of one article, each with its exact span and normalised value."""
    from corroborate.crosscheck.facts.places import find_places

    doc = _Doc(article, analysis)
    taken: list[tuple[int, int]] = []
    facts = _dates(doc, taken)
    facts += _scores(doc, taken)
    taken += [(f.start, f.end) for f in facts if f.kind == "score"]
    _clock_times(doc, taken)
    facts += _quantities(doc, taken)
    facts += _ordinals(doc, taken)
    facts += find_places(article, analysis, doc.subject, doc.sent_of)
    facts += find_statements(article, analysis)
    facts = _without_year_lists(facts)
    facts.sort(key=lambda f: (f.start, f.end))
    return facts
