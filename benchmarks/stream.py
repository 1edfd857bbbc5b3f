"""Scale benchmark: clustering and copy detection time per article and peak memory at 1k-100k.

The stream is synthetic and shaped like a newsroom feed. Every labelled event of the analysed
dev corpus (12 dev stories and the seed story) is copied many times; each copy is a new event:
it gets its own day (drawn over a span that grows with the stream, about `PER_DAY` articles a
day), and the dates, weekdays and years its articles mention move with it; its names are
replaced by names of its own; its figures are redrawn (the same way for all its articles, so
they still agree); two thirds of its other content words take one of 50 variants; and the
body sentences of each article are shuffled. A fifth of the articles are republished by
another outlet (the same text less its last sentence): the copies to detect. The articles
come in date order, each event's a few days apart with some jitter; undated ones stay so.
An article's id starts with its event ("e12-dev-001"): the expected stories and BCubed F1.
Each size runs in its own process so that its peak resident memory is its own; times are the
process's CPU time, so other work on a shared machine does not inflate them. Besides the
time over the whole stream, `steady` is the time per article over its second half: the first
articles of a stream are cheaper while the open stories, the index and the IDF table fill up.
Run: `.venv/bin/python benchmarks/stream.py [--sizes 1000 10000 100000] [--batch 500]`.
"""

from __future__ import annotations

import argparse
import heapq
import json
import random
import re
import resource
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import SHARED, analyses_for, load_labelled
from corroborate.cluster import Clusterer
from corroborate.cluster_features import fold
from corroborate.types import Analysis, Article, Mention, Span, Token

CONTENT = {"NOUN", "PROPN", "ADJ", "VERB"}
VARIANTS = 50  # other content words come from a fixed pool: the language stays bounded
REPUBLISHED = 0.2  # share of articles another outlet republishes (a copy to detect)
PER_DAY = 100  # articles a day: the span of the stream grows with its size
START = date(2030, 1, 5).toordinal()
RULES = Path(__file__).resolve().parents[1] / "src" / "corroborate" / "rules"
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
        """A token's new text and lemma: names of the event's own, variant content words."""
        text, lemma = token.text, token.lemma
        if token.pos == "PROPN" and text[:1].isalpha():
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

    def mention(self, mention: Mention) -> Mention:
        """An entity mention with the event's names."""
        words = [w + self.tag if w[:1].isupper() else w for w in mention.text.split()]
        return Mention(" ".join(words), mention.label, 0, 0, 0)

    def article(
        self, article: Article, analysis: Analysis, rng: random.Random
    ) -> tuple[Article, Analysis]:
        """The event's copy of one article: moved date, rewritten tokens, shuffled body."""
        dated = self.dates(analysis.tokens)
        sentences: list[list[int]] = []
        for i, token in enumerate(analysis.tokens):
            if token.sent_start or not sentences:
                sentences.append([])
            sentences[-1].append(i)
        body = sentences[1:]
        rng.shuffle(body)
        tokens: list[Token] = []
        spans: list[Span] = []
        parts: list[str] = []
        offset = 0
        for sentence in [*sentences[:1], *body]:
            start = offset
            for i in sentence:
                token = analysis.tokens[i]
                text, lemma = (dated[i], dated[i]) if i in dated else self.word(token)
                tokens.append(
                    Token(len(tokens), text, offset, lemma, token.pos, token.dep, token.head,
                          token.ent_iob, token.ent_type, token.morph, i == sentence[0])
                )  # fmt: skip
                parts.append(text + " ")
                offset += len(text) + 1
            spans.append(Span(start, offset, ""))
        text = "".join(parts)
        new_id = f"e{self.event.number}-{article.id}"
        new = Article(
            id=new_id, source=new_id, text=text, title=None, date=self.published(article.date),
            lang="fr",
        )  # fmt: skip
        mentions = [self.mention(m) for m in analysis.mentions]
        return new, Analysis(new_id, "", "fr", tokens, spans, mentions)

    def published(self, value: str | None) -> str | None:
        """The article's published date moved with its event (a month stays a month)."""
        if not value:
            return None
        if len(value) == 10:
            return (date.fromisoformat(value) + timedelta(days=self.event.shift)).isoformat()
        middle = date.fromisoformat(value[:7] + "-15") + timedelta(days=self.event.shift)
        return middle.isoformat()[:7]


def _lag(article: Article, base_day: int, rng: random.Random) -> float:
    """When an article arrives after its event, in days: its own delay, else 0-2 days."""
    if article.date and len(article.date) == 10:
        return max(0, date.fromisoformat(article.date).toordinal() - base_day) + rng.random()
    return 2 * rng.random()


def stream(size: int, seed: int = 0) -> Iterator[tuple[Article, Analysis]]:
    """`size` synthetic articles in arrival order (by date, with jitter)."""
    articles, gold = load_labelled()
    analyses = analyses_for(articles)
    base_days = _story_days()
    by_story: dict[str, list[Article]] = {}
    for article in articles:
        by_story.setdefault(gold[article.id], []).append(article)
    stories = sorted(by_story)
    rng = random.Random(seed)
    span = max(1, round(size / PER_DAY))
    events: list[Event] = []
    count = 0
    while count < size:
        story = stories[len(events) % len(stories)]
        day = START + rng.randrange(span)
        events.append(Event(len(events), story, day, day - base_days[story]))
        count += len(by_story[story])
    events.sort(key=lambda e: e.day)
    by_id = {a.id: a for a in articles}
    # Events in day order; their articles wait in a heap until the clock passes their time.
    pending: list[tuple[float, int, Event, str | tuple[Article, Analysis]]] = []
    made = pushed = 0
    for event in [*events, None]:
        clock = float("inf") if event is None else event.day
        while pending and pending[0][0] <= clock and made < size:
            at, _, ev, item = heapq.heappop(pending)
            if isinstance(item, str):
                item = Rewriter(ev, base_days[ev.story]).article(by_id[item], analyses[item], rng)
                if rng.random() < REPUBLISHED:
                    pushed += 1
                    heapq.heappush(pending, (at + rng.random(), pushed, ev, republish(*item)))
            yield item
            made += 1
        if event is None or made >= size:
            return
        for article in by_story[event.story]:
            pushed += 1
            at = event.day + _lag(article, base_days[event.story], rng) + rng.random()
            heapq.heappush(pending, (at, pushed, event, article.id))


def republish(article: Article, analysis: Analysis) -> tuple[Article, Analysis]:
    """Another outlet's copy of an article: the same text without its last sentence."""
    cut = analysis.sentences[-1].start if len(analysis.sentences) > 2 else len(article.text)
    tokens = [t for t in analysis.tokens if t.idx < cut]
    new_id = article.id + "-r"
    new = Article(
        id=new_id, source=new_id, text=article.text[:cut], title=None, date=article.date,
        lang="fr",
    )  # fmt: skip
    spans = [s for s in analysis.sentences if s.start < cut]
    return new, Analysis(new_id, "", "fr", tokens, spans, analysis.mentions)


def bcubed(story_of: dict[str, str]) -> float:
    """BCubed F1 against the synthetic events (the id prefix of each article)."""
    by_pred: dict[str, list[str]] = {}
    by_gold: dict[str, int] = {}
    for item, story in story_of.items():
        by_pred.setdefault(story, []).append(item)
        event = _event(item)
        by_gold[event] = by_gold.get(event, 0) + 1
    p = r = 0.0
    for members in by_pred.values():
        counts: dict[str, int] = {}
        for item in members:
            event = _event(item)
            counts[event] = counts.get(event, 0) + 1
        for event, both in counts.items():
            p += both * both / len(members)
            r += both * both / by_gold[event]
    n = len(story_of)
    p, r = p / n, r / n
    return 2 * p * r / (p + r) if p + r else 0.0


def _event(article_id: str) -> str:
    return article_id.split("-", 1)[0]


def measure(size: int, batch: int) -> dict[str, float]:
    """Cluster a stream of `size` articles; time per article and peak memory of this process."""
    clusterer = Clusterer()
    spent = 0.0
    tenths: list[float] = []  # ms per article over each tenth of the stream
    half = 0.0  # time spent over the first half
    # Every size draws its articles lazily, between the timed calls, the same way.
    for i, (article, analysis) in enumerate(stream(size), 1):
        started = time.process_time()
        clusterer.add(article, analysis)
        if i % batch == 0:
            clusterer.consolidate()
        spent += time.process_time() - started
        if i % (size // 10) == 0:
            tenths.append(1000 * spent / (size // 10) - sum(tenths))
        if i == size // 2:
            half = spent
    started = time.process_time()
    clusterer.consolidate()
    spent += time.process_time() - started
    stories = clusterer.stories()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "size": size,
        "ms_per_article": 1000 * spent / size,
        "steady_ms": 1000 * (spent - half) / (size - size // 2),
        "total_s": spent,
        "peak_mb": peak,
        "stories": len(stories),
        "expected": len({_event(a) for a in clusterer.story_of}),
        "open_stories": len(clusterer._stories),
        "index_entries": sum(len(p) for p in clusterer._index.postings.values()),
        "df_keys": len(clusterer.df),
        "copies": len(clusterer.copies),
        "copies_expected": sum(a.endswith("-r") for a in clusterer.story_of),
        "copies_wrong": sum(_event(p.copy) != _event(p.original) for p in clusterer.copies),
        "f1": bcubed(clusterer.story_of),
        "tenths": tenths,
    }


def main() -> None:
    """Run each size in a child process and print one table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.batch)))
        return
    # Analyse (or find cached) once here, so that no measured process loads the model.
    analyses_for(load_labelled()[0])
    rows = []
    for size in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(size), "--batch", str(args.batch)],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"{'articles':>9} {'ms/article':>11} {'growth/10x':>10} {'steady':>7} {'growth':>7} "
          f"{'total s':>8} {'peak MB':>8} {'stories':>8} {'expected':>8} {'BCubed':>7} "
          f"{'open':>6} {'copies':>14}")  # fmt: skip
    previous = None
    for row in rows:
        copies = f"{row['copies']}/{row['copies_expected']} ({row['copies_wrong']} x)"
        growth = f"{row['ms_per_article'] / previous['ms_per_article']:.2f}x" if previous else "-"
        steady = f"{row['steady_ms'] / previous['steady_ms']:.2f}x" if previous else "-"
        print(f"{row['size']:>9} {row['ms_per_article']:>11.2f} {growth:>10} "
              f"{row['steady_ms']:>7.2f} {steady:>7} "
              f"{row['total_s']:>8.1f} {row['peak_mb']:>8.0f} {row['stories']:>8} "
              f"{row['expected']:>8} {row['f1']:>7.3f} {row['open_stories']:>6} "
              f"{copies:>14}")  # fmt: skip
        previous = row
    print("live state at the end: " + ", ".join(
        f"{r['size']}: {r['open_stories']} open stories, {r['index_entries']} index entries, "
        f"{r['df_keys']} IDF keys" for r in rows))  # fmt: skip
    tenths = " ".join(f"{t:.2f}" for t in rows[-1]["tenths"])
    print(f"ms/article by tenth of the {rows[-1]['size']} stream: {tenths}")


if __name__ == "__main__":
    main()
