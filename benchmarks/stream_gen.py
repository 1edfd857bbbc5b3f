"""The scale benchmark's synthetic newsroom stream, made from the analysed dev corpus.

Every labelled event of the analysed dev corpus (12 dev stories and the seed story) is copied
many times; each copy is a new event on its own day (each day, each labelled story gets a
Poisson number of new events, about `PER_DAY` articles a day in all), and the dates, weekdays
and years its articles mention move with it; its names are replaced by names of its own; its
figures are redrawn (the same way for all its articles, so they still agree); two thirds of its
other content words take one of 50 variants; and the body sentences of each article are
shuffled. A fifth of the articles are republished by another outlet (the same text less its
last sentence): the copies to detect. The articles come in date order, each event's a few days
apart with some jitter; undated ones stay so. An article's id starts with its event
("e12-dev-001"). The rewritten analyses stay consistent with their text (token offsets, heads
inside their sentence, sentence and mention spans with their exact text), so they can be
cross-checked; `inconsistencies` lists any disagreement. The stream is endless and drawn the
same way whatever its length: every size sees the same first articles.
"""

from __future__ import annotations

import heapq
import itertools
import json
import math
import random
import re
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import SHARED, analyses_for, load_labelled
from corroborate.cluster.features import fold
from corroborate.types import Analysis, Article, Mention, Span, Token

CONTENT = {"NOUN", "PROPN", "ADJ", "VERB"}
VARIANTS = 50  # other content words come from a fixed pool: the language stays bounded
REPUBLISHED = 0.2  # share of articles another outlet republishes (a copy to detect)
PER_DAY = 100  # articles a day: the span of the stream grows with its size
# Cross-checking costs about 5x clustering: above this size one batch in N // it is checked.
START = date(2030, 1, 5).toordinal()
RULES = Path(__file__).resolve().parents[1] / "src" / "corroborate" / "cluster" / "rules"
_NAMES = json.loads((RULES / "cluster_dates.json").read_text(encoding="utf-8"))
MONTHS: dict[str, int] = _NAMES["months"]
WEEKDAYS: dict[str, int] = _NAMES["weekdays"]
MONTH_OUT = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]  # fmt: skip
WEEKDAY_OUT = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
DAY_TOKEN = re.compile(r"1er|\d{1,2}")
YEAR_TOKEN = re.compile(r"(19|20)\d\d")
DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Event:
    """One synthetic event: a copy of a labelled story moved to its own day."""

    number: int
    story: str
    day: int  # proleptic ordinal of the new event day
    shift: int  # days between the labelled event day and the new one


def _story_days() -> dict[str, int]:
    stories = json.loads((SHARED / "eval" / "dev" / "stories.json").read_text(encoding="utf-8"))
    days = {s["story"]: date.fromisoformat(s["date"]).toordinal() for s in stories}
    seeds = json.loads((SHARED / "eval" / "seeds" / "gold.json").read_text(encoding="utf-8"))
    days["seed"] = date.fromisoformat(seeds["stories"][0]["date"]).toordinal()
    return days


def _name(number: int) -> str:
    """A short lowercase tag unique to an event, appended to its names."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _case(word: str, like: str) -> str:
    return word.capitalize() if like[:1].isupper() else word


def _space_after(tokens: list[Token], i: int) -> str:
    """The space a token had after it in its original text ("" or " ": spaCy's whitespace_)."""
    if i + 1 >= len(tokens):
        return " "
    return " " if tokens[i + 1].idx > tokens[i].idx + len(tokens[i].text) else ""


class Rewriter:
    """Rewrites one analysed article into its copy for one event."""

    def __init__(self, event: Event, base_day: int) -> None:
        self.event = event
        self.base_day = base_day
        self.tag = _name(event.number)
        self.year_shift = date.fromordinal(event.day).year - date.fromordinal(base_day).year

    def number(self, text: str) -> str:
        """Figures redrawn for the event, the same for all its articles."""

        def draw(found: re.Match[str]) -> str:
            digits = found.group(0)
            seed = zlib.crc32(f"{self.event.number}|{digits}".encode())
            value = seed % (10 ** len(digits))
            return str(value).zfill(len(digits)) if digits.startswith("0") else str(value or 1)

        return DIGITS.sub(draw, text)

    def dates(self, tokens: list[Token]) -> dict[int, str]:
        """New text for the tokens of each mentioned date (day month [year]) and weekday."""
        out: dict[int, str] = {}
        for i, token in enumerate(tokens):
            low = fold(token.text)
            if low in WEEKDAYS:
                out[i] = _case(WEEKDAY_OUT[(WEEKDAYS[low] + self.event.shift) % 7], token.text)
                continue
            if not DAY_TOKEN.fullmatch(token.text) or i + 1 >= len(tokens):
                continue
            month = MONTHS.get(tokens[i + 1].text.lower())
            if month is None:
                continue
            day = 1 if token.text == "1er" else int(token.text)
            has_year = i + 2 < len(tokens) and YEAR_TOKEN.fullmatch(tokens[i + 2].text)
            year = int(tokens[i + 2].text) if has_year else date.fromordinal(self.base_day).year
            try:
                old = date(year, month, day).toordinal()
            except ValueError:
                continue
            if not has_year:
                # The nearest such day to the event: "28 décembre" in a January story.
                old = min(
                    (date(year + k, month, min(day, 28)).toordinal() for k in (-1, 0, 1)),
                    key=lambda o: abs(o - self.base_day),
                ) + (day - min(day, 28))
            new = date.fromordinal(old + self.event.shift)
            out[i] = "1er" if new.day == 1 else str(new.day)
            out[i + 1] = _case(MONTH_OUT[new.month - 1], tokens[i + 1].text)
            if has_year:
                out[i + 2] = str(new.year)
        return out

    def word(self, token: Token) -> tuple[str, str]:
        """A token's new text and lemma: names of the event's own, variant content words.

        A name is a proper noun, or a capitalised word inside an entity ("Cour de cassation")."""
        text, lemma = token.text, token.lemma
        if text[:1].isalpha() and (
            token.pos == "PROPN" or (token.ent_iob != "O" and text[:1].isupper())
        ):
            return text + self.tag, lemma + self.tag
        if YEAR_TOKEN.fullmatch(text):
            return str(int(text) + self.year_shift), str(int(text) + self.year_shift)
        if any(c.isdigit() for c in text):
            new = self.number(text)
            return new, new
        draw = zlib.crc32(f"{lemma}|{self.event.number}".encode())
        if token.pos in CONTENT and draw % 3 != 0:
            suffix = f"v{draw % VARIANTS}"
            return text + suffix, lemma + suffix
        return text, lemma

    def article(
        self, article: Article, analysis: Analysis, rng: random.Random
    ) -> tuple[Article, Analysis]:
        """The event's copy of one article: moved date, rewritten tokens, shuffled body.

        Tokens keep their original spacing; heads, sentences and mentions follow the new order."""
        old = analysis.tokens
        dated = self.dates(old)
        sentences: list[list[int]] = []
        for i, token in enumerate(old):
            if token.sent_start or not sentences:
                sentences.append([])
            sentences[-1].append(i)
        body = sentences[1:]
        rng.shuffle(body)
        order = [*sentences[:1], *body]
        new_of = {i: n for n, i in enumerate(itertools.chain.from_iterable(order))}
        tokens: list[Token] = []
        bounds: list[tuple[int, int]] = []
        parts: list[str] = []
        offset = 0
        for sentence in order:
            start = offset
            for i in sentence:
                token = old[i]
                text, lemma = (dated[i], dated[i]) if i in dated else self.word(token)
                tokens.append(
                    Token(len(tokens), text, offset, lemma, token.pos, token.dep,
                          new_of[token.head], token.ent_iob, token.ent_type, token.morph,
                          i == sentence[0])
                )  # fmt: skip
                space = _space_after(old, i)
                if i == sentence[-1]:
                    bounds.append((start, offset + len(text)))
                    # Sentences now meet in another order: keep a space between them.
                    space = space or ("" if text.isspace() else " ")
                parts.append(text + space)
                offset += len(text) + len(space)
        text = "".join(parts)
        new_id = f"e{self.event.number}-{article.id}"
        new = Article(
            id=new_id, source=new_id, text=text, title=None, date=self.published(article.date),
            lang="fr",
        )  # fmt: skip
        spans = [Span(s, e, text[s:e]) for s, e in bounds]
        mentions = _moved_mentions(analysis, new_of, tokens, spans, text)
        return new, Analysis(new_id, "", "fr", tokens, spans, mentions)

    def published(self, value: str | None) -> str | None:
        """The article's published date moved with its event (a month stays a month)."""
        if not value:
            return None
        if len(value) == 10:
            return (date.fromisoformat(value) + timedelta(days=self.event.shift)).isoformat()
        middle = date.fromisoformat(value[:7] + "-15") + timedelta(days=self.event.shift)
        return middle.isoformat()[:7]


def _moved_mentions(
    analysis: Analysis, new_of: dict[int, int], tokens: list[Token], spans: list[Span], text: str
) -> list[Mention]:
    """The analysis's entity mentions on their moved tokens, with their new offsets and text.

    The analyser's own mentions are kept (labels and repaired cuts included), not re-read from
    the tokens' IOB tags; one that crosses a sentence boundary is dropped."""
    first_at = {t.idx: t.i for t in analysis.tokens}
    last_at = {t.idx + len(t.text): t.i for t in analysis.tokens}
    starts = [s.start for s in spans]
    out = []
    for mention in analysis.mentions:
        first, last = first_at.get(mention.start), last_at.get(mention.end)
        if first is None or last is None or new_of[last] - new_of[first] != last - first:
            continue
        start = tokens[new_of[first]].idx
        end = tokens[new_of[last]].idx + len(tokens[new_of[last]].text)
        sent = max(0, _bisect_right(starts, start) - 1)
        if _bisect_right(starts, end - 1) - 1 != sent:
            continue  # the parser cut a sentence inside the name: no sentence holds it
        out.append(Mention(text[start:end], mention.label, start, end, sent))
    return sorted(out, key=lambda m: m.start)


def _bisect_right(values: list[int], value: int) -> int:
    lo, hi = 0, len(values)
    while lo < hi:
        mid = (lo + hi) // 2
        if values[mid] <= value:
            lo = mid + 1
        else:
            hi = mid
    return lo


def republish(article: Article, analysis: Analysis) -> tuple[Article, Analysis]:
    """Another outlet's copy of an article: the same text without its last sentence."""
    kept = analysis.sentences[:-1] if len(analysis.sentences) > 2 else analysis.sentences
    cut = analysis.sentences[-1].start if len(kept) < len(analysis.sentences) else len(article.text)
    tokens = [t for t in analysis.tokens if t.idx < cut]
    mentions = [m for m in analysis.mentions if m.end <= cut]
    new_id = article.id + "-r"
    new = Article(
        id=new_id, source=new_id, text=article.text[:cut], title=None, date=article.date,
        lang="fr",
    )  # fmt: skip
    return new, Analysis(new_id, "", "fr", tokens, list(kept), mentions)


def inconsistencies(article: Article, analysis: Analysis) -> list[str]:
    """What in an analysis disagrees with its article's text (empty when all is consistent).

    Tokens sit at their offsets and are numbered in order, every head is a token of the same
    sentence, sentences start at the sentence-start tokens, and every sentence and mention span
    holds the exact text at its offsets, inside its sentence."""
    text, tokens, spans = article.text, analysis.tokens, analysis.sentences
    problems = []
    sent_of: list[int] = []
    for k, token in enumerate(tokens):
        sent_of.append(len(sent_of) and sent_of[-1] + token.sent_start)
        if token.i != k or text[token.idx : token.idx + len(token.text)] != token.text:
            problems.append(f"token {k} {token.text!r} not at {token.idx}")
    for k, token in enumerate(tokens):
        if not 0 <= token.head < len(tokens) or sent_of[token.head] != sent_of[k]:
            problems.append(f"token {k} has head {token.head} outside its sentence")
    if [s.start for s in spans] != [t.idx for k, t in enumerate(tokens) if k == 0 or t.sent_start]:
        problems.append("sentences do not start at the sentence-start tokens")
    for k, span in enumerate(spans):
        if text[span.start : span.end] != span.text or not span.text:
            problems.append(f"sentence {k} text is not the text at {span.start}:{span.end}")
    for mention in analysis.mentions:
        inside = 0 <= mention.sent < len(spans) and (
            spans[mention.sent].start <= mention.start < mention.end <= spans[mention.sent].end
        )
        if text[mention.start : mention.end] != mention.text or not inside:
            problems.append(f"mention {mention.text!r} at {mention.start}:{mention.end}")
    return [f"{article.id}: {p}" for p in problems]


def _lag(article: Article, base_day: int, rng: random.Random) -> float:
    """When an article arrives after its event, in days: its own delay, else 0-2 days."""
    if article.date and len(article.date) == 10:
        return max(0, date.fromisoformat(article.date).toordinal() - base_day) + rng.random()
    return 2 * rng.random()


def _poisson(rate: float, rng: random.Random) -> int:
    """A Poisson draw (Knuth's method: the rate is about one)."""
    limit, count, product = math.exp(-rate), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _events(
    by_story: dict[str, list[Article]], base_days: dict[str, int], rng: random.Random
) -> Iterator[Event]:
    """Events day after day, without end: each labelled story recurs at the same rate."""
    stories = sorted(by_story)
    rate = PER_DAY / sum(len(members) for members in by_story.values())
    number = 0
    for day in itertools.count(START):
        for story in stories:
            for _ in range(_poisson(rate, rng)):
                yield Event(number, story, day, day - base_days[story])
                number += 1


def stream(size: int | None, seed: int = 0) -> Iterator[tuple[Article, Analysis]]:
    """`size` synthetic articles (None: no end) in arrival order (by date, with jitter).

    A shorter stream is the beginning of a longer one with the same seed."""
    articles, gold = load_labelled()
    analyses = analyses_for(articles)
    base_days = _story_days()
    by_story: dict[str, list[Article]] = {}
    for article in articles:
        by_story.setdefault(gold[article.id], []).append(article)
    rng = random.Random(seed)
    by_id = {a.id: a for a in articles}
    # Events in day order; their articles wait in a heap until the clock passes their time.
    pending: list[tuple[float, int, Event, str | tuple[Article, Analysis]]] = []
    made = pushed = 0
    if size == 0:
        return
    for event in _events(by_story, base_days, rng):
        while pending and pending[0][0] <= event.day:
            at, _, ev, item = heapq.heappop(pending)
            if isinstance(item, str):
                item = Rewriter(ev, base_days[ev.story]).article(by_id[item], analyses[item], rng)
                if rng.random() < REPUBLISHED:
                    pushed += 1
                    heapq.heappush(pending, (at + rng.random(), pushed, ev, republish(*item)))
            yield item
            made += 1
            if made == size:
                return
        for article in by_story[event.story]:
            pushed += 1
            at = event.day + _lag(article, base_days[event.story], rng) + rng.random()
            heapq.heappush(pending, (at, pushed, event, article.id))
