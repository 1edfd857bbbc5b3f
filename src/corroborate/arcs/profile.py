"""What arc linking reads of one story: its day, headline words, salient entities and lead."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from corroborate.lexicon.words import fold
from corroborate.types import Brief

RULES = Path(__file__).parent / "rules"
WORD = re.compile(r"[\w'’-]+")
ELISION = re.compile(r"^(?:[ldjmnst]|qu|jusqu|lorsqu|puisqu)'")
TITLE_CHARS = 160
ENTITY_TYPES = {"PER", "ORG", "LOC", "MISC"}
LEAD_CHARS = 300  # the encoder reads the headline and the start of the lead


@dataclass
class Profile:
    """One story as arc linking sees it."""

    story: str
    day: int | None  # proleptic ordinal of the story's date (the 15th of a month-only date)
    exact: bool  # the date names a day, not only a month or a year
    title: str
    words: frozenset[str]  # folded headline words
    entities: dict[str, float] = field(default_factory=dict)  # key -> share of articles naming it
    text: str = ""  # headline and lead, for the encoder


@cache
def stop_words() -> frozenset[str]:
    """Headline words that never link two stories (`rules/headline_stop.txt`)."""
    lines = (RULES / "headline_stop.txt").read_text("utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def story_day(value: str | None) -> tuple[int | None, bool]:
    """A story date as a day ordinal and whether it is exact (YYYY-MM-DD)."""
    if not value:
        return None, False
    parts = value.split("-")
    try:
        if len(parts) == 3:
            return date(int(parts[0]), int(parts[1]), int(parts[2])).toordinal(), True
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 15).toordinal(), False
        return date(int(parts[0]), 7, 1).toordinal(), False
    except ValueError:
        return None, False


def entity_key(name: str) -> str:
    """The folded name an entity is known by across stories."""
    return " ".join(WORD.findall(fold(name)))


def headline_words(text: str) -> frozenset[str]:
    """Content words of a headline, folded; acronyms (BCE) count, function words do not."""
    out = set()
    for word in WORD.findall(text):
        folded = ELISION.sub("", fold(word)).strip("'’-")
        if folded in stop_words() or folded.isdigit():
            continue
        if len(folded) >= 4 or (len(word) >= 2 and word.isupper()):
            out.add(folded)
    return frozenset(out)


def profile(brief: Brief, titles: Iterable[str] = ()) -> Profile:
    """The profile of one story's brief; `titles` are its articles' own titles, whose words
    count as headline words too (the story's headline may be a lead sentence)."""
    day, exact = story_day(brief.date)
    n = max(1, len(brief.check.story.articles))
    entities: dict[str, float] = {}
    for entity in brief.check.entities:
        if entity.type not in ENTITY_TYPES:
            continue
        key = entity_key(entity.name)
        if len(key) >= 2:
            entities[key] = max(entities.get(key, 0.0), len(set(entity.articles)) / n)
    # Names the tagger missed in headlines ("Cyclone Chido"): a capitalised word inside an
    # article title, not part of a tagged name, salient by the share of titles naming it.
    titles = list(titles)
    named = {w for e in entities for w in e.split()}
    found = [title_names(t) for t in titles]
    for key in set().union(*found) - named:
        entities[key] = max(entities.get(key, 0.0), sum(key in f for f in found) / len(found))
    # The lead, unless it is the headline itself (a story with no titled article).
    leads = [c.text for c in brief.summary if c.text.strip() != brief.title.strip()]
    lead = leads[0] if leads else ""
    # No article has a title: its headline is a first sentence, often a kicker or a quote,
    # and the lead says what the story is about, as a headline would.
    heads = [brief.title, *titles] if titles else [brief.title, lead]
    words = frozenset().union(*(headline_words(h) for h in heads))
    # A headline naming an entity by a variant (BCE for the Banque centrale européenne)
    # shares that entity's key with the other headlines.
    keyed = [f" {entity_key(h)} " for h in heads]
    for entity in brief.check.entities:
        forms = [k for k in map(entity_key, [entity.name, *entity.variants]) if len(k) >= 2]
        if any(f" {k} " in title for k in forms for title in keyed):
            words |= {entity_key(entity.name)}
    text = (brief.title + ". " + lead[:LEAD_CHARS]).strip()
    return Profile(brief.story, day, exact, headline(brief.title), frozenset(words), entities,
                   text)


def title_names(title: str) -> set[str]:
    """Folded capitalised words inside a title, as names: not a title's or a clause's first
    word, not a function word; none from a title in capitals throughout."""
    words = [m for m in WORD.finditer(title)]
    letters = [c for c in title if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) > len(letters) / 2:
        return set()
    out = set()
    for n, m in enumerate(words):
        word = m.group()
        before = title[: m.start()].rstrip()
        if n == 0 or not before or before[-1] in ":–—-«\"“.!?|(":
            continue
        folded = ELISION.sub("", fold(word)).strip("'’-")
        if word[0].isupper() and len(folded) >= 3 and folded not in stop_words():
            out.add(folded)
    return out


def headline(title: str) -> str:
    """A story title short enough to head an arc: its first line, cut at a word."""
    line = title.strip().split("\n", 1)[0]
    if len(line) <= TITLE_CHARS:
        return line
    return line[:TITLE_CHARS].rsplit(" ", 1)[0] + "…"
