"""Cross-check one story: entities, quote groups, fact groups with backers and dissenters,
conflicts and the quality of each copy.

Steps: resolve entities; find and group quotes; find facts per article; resolve relative dates
(jeudi, le 10 janvier) against the story's date; group valued facts by kind, value and slot and
statements by key overlap, leaving out statements every outlet words inside a direct quote;
find disputes (same slot, other value or place) and names spelt against the canonical form;
fold statements that repeat a valued fact in the same clauses into it; number facts F1..
(backed or disputed claims first, by support, then single-source ones) and conflicts C1.. by
support; score quality.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from typing import TypeVar

import numpy as np

from corroborate.crosscheck.entities import canonical, resolve_entities
from corroborate.crosscheck.facts import (
    Dispute,
    Group,
    attach_sentences,
    context,
    find_facts,
    fold_overlaps,
    group_statements,
    group_values,
    join_languages,
    misspelled_names,
    name_evidence,
    readable,
    requested,
    slot_class,
    value_disputes,
)
from corroborate.crosscheck.quality import score_articles
from corroborate.crosscheck.quotes import find_quotes, group_quotes
from corroborate.crosscheck.witnesses import count_support
from corroborate.lexicon import values as v
from corroborate.types import (
    Analysis,
    Article,
    Conflict,
    Entity,
    Evidence,
    Fact,
    FactMention,
    Flag,
    OutletTrust,
    QuoteMention,
    Story,
    StoryCheck,
)

M = TypeVar("M")
QUOTE_MARGIN = 2  # quote spans may leave out their marks and a space
CENTRAL_SAMPLE = 50  # members read to choose the statement a group shows
_KIND_ORDER = {"date": 0, "duration": 1, "number": 1, "money": 1, "percent": 1, "score": 1,
               "count": 2, "place": 3, "event": 4}


def story_date(story: Story, articles: dict[str, Article], mentions: dict[str, list[FactMention]]
               ) -> date | None:
    """The story's base date: its own date, else the most common article date, else the most
    backed date written out in full (with its year) in the articles' months, latest first."""
    given = v.parse_iso(story.date)
    if given:
        return given
    days = Counter(d for a in articles.values() if (d := v.parse_iso(a.date)))
    if days:
        return max(days, key=lambda d: (days[d], d))
    months = {m.strftime("%Y-%m") for a in articles.values() if (m := v.parse_month(a.date))}
    votes: Counter[date] = Counter()
    for items in mentions.values():
        for m in items:
            day = v.parse_iso(m.value) if m.kind == "date" else None
            if day and re.search(r"\d{4}", m.text) and (not months or m.value[:7] in months):
                votes[day] += 1
    return max(votes, key=lambda d: (votes[d], d)) if votes else None


def _resolve_dates(mentions: dict[str, list[FactMention]], articles: dict[str, Article],
                   base: date | None) -> None:
    """Give relative dates a value from the article's own date, else from the story's.

    Without the article's own date, "aujourd'hui" or "hier" say nothing checkable; weekday
    names and day-month dates still name a day near the story's date.
    """
    relative = set(v.units()["relative_days"])
    for aid, items in mentions.items():
        own = v.parse_iso(articles[aid].date)
        for m in items:
            if m.kind == "date" and m.value.startswith("?"):
                tense = m.value[1] if m.value[1:2] in {"+", "-"} else ""
                expr = m.value[1 + len(tense):]
                if own is None and expr in relative:
                    continue
                resolved = v.resolve_date(expr, own or base, tense == "+", past=tense == "-")
                if resolved:
                    m.value = resolved


def _clause_of(aid: str, m: FactMention, mentions: dict[str, list[FactMention]]
               ) -> FactMention | None:
    """The shortest event clause of the article holding the mention, if any."""
    clauses = [c for c in mentions[aid]
               if c.kind == "event" and c.start <= m.start and m.end <= c.end]
    return min(clauses, key=lambda c: c.end - c.start) if clauses else None


def _statement(group: Group, mentions: dict[str, list[FactMention]]) -> str:
    """A readable short statement: the clause of the member whose clause words the other
    articles' members share most, so the statement speaks for the group rather than for the
    member that comes first ("une minute de silence à Mayotte" among three visits to
    Mayotte); a member with a whole clause before a bare span ("samedi"). Read over the
    first CENTRAL_SAMPLE members, so a big story's groups are not compared pair by pair."""
    members = group.members[:CENTRAL_SAMPLE]
    if group.kind == "event":
        texts: list[FactMention | None] = [m for _, m in members]
    else:
        texts = [_clause_of(aid, m, mentions) for aid, m in members]
    words = [context(m) for _, m in members]

    def rank(i: int) -> tuple[bool, int, int]:
        shared = sum(len(words[i] & words[j]) for j in range(len(members))
                     if members[j][0] != members[i][0])
        return texts[i] is not None, shared, -i

    best = max(range(len(members)), key=rank) if len(members) >= 3 else 0
    chosen = texts[best]
    return chosen.text if chosen is not None else members[best][1].text


def _quoted(group: Group, said: dict[str, list[QuoteMention]]) -> bool:
    """Whether every article words the statement inside a direct quote: the quote group
    carries it. A statement one outlet makes in its own voice stays a fact."""
    return all(
        any(q.kind == "direct" and q.start - QUOTE_MARGIN <= m.start
            and m.end <= q.end + QUOTE_MARGIN for q in said[aid])
        for aid, m in group.members
    )


def _evidence(aid: str, m: FactMention) -> Evidence:
    return Evidence(article=aid, text=m.text, value=m.value or None, start=m.start)


def _dedupe(members: list[tuple[str, FactMention]]) -> list[tuple[str, FactMention]]:
    seen: set[tuple[str, int, int]] = set()
    out = []
    for aid, m in members:
        if (aid, m.start, m.end) not in seen:
            seen.add((aid, m.start, m.end))
            out.append((aid, m))
    return out


def _entity_key(entities: list[Entity]) -> Callable[[str], str | None]:
    """Map a name surface to its canonical entity key ("@E3"), cached per story."""
    cache: dict[str, str | None] = {}

    def entity_of(surface: str) -> str | None:
        if surface not in cache:
            hit = canonical(surface, entities)
            cache[surface] = "@" + hit.id if hit else None
        return cache[surface]

    return entity_of


def _name_conflicts(entities: list[Entity], analyses: dict[str, Analysis],
                    articles: dict[str, Article]) -> list[Conflict]:
    conflicts = []
    for aid, found in sorted(misspelled_names(entities, analyses).items()):
        items = [e for variant, _ in found if (e := name_evidence(aid, variant, articles[aid]))]
        if not items:
            continue
        pairs = ", ".join(f"{variant} (elsewhere {reference})" for variant, reference in found)
        conflicts.append(Conflict("", f"names spelt unlike the other outlets in {aid}: {pairs}",
                                  items))
    return conflicts


def _dispute_conflicts(disputes: list[Dispute]) -> list[Conflict]:
    """One conflict per set of disputes linked by a shared fact group, with every value."""
    sets: list[tuple[set[int], list[Dispute]]] = []
    for d in disputes:
        ids = {id(d.backed), id(d.other)}
        linked = [s for s in sets if s[0] & ids and s[1][0].slot == d.slot]
        merged = (ids.union(*(s[0] for s in linked)), [x for s in linked for x in s[1]] + [d])
        sets = [s for s in sets if s not in linked] + [merged]
    conflicts = []
    for _, group in sets:
        slot = group[0].slot
        members = _dedupe([x for d in group for x in d.against + d.support])
        values = list(dict.fromkeys(m.value for _, m in members))
        about = (
            f"{readable(slot, members)}: " + " or ".join(values) if len(group) > 1
            else group[0].about
        )
        conflicts.append(Conflict("", about, [_evidence(a, m) for a, m in members]))
    return conflicts


def check_story(story: Story, articles: dict[str, Article], analyses: dict[str, Analysis],
                trust: dict[str, OutletTrust] | None = None) -> StoryCheck:
    """Cross-check the articles of one story; `trust` is what earlier stories taught about
    the outlets (see crosscheck.trust), read by the quality scores."""
    ids = [a for a in story.articles if a in articles and a in analyses]
    arts = {a: articles[a] for a in ids}
    anas = {a: analyses[a] for a in ids}
    entities = resolve_entities([anas[a] for a in ids])
    failed: dict[str, str] = {}
    said = {a: _guarded(find_quotes, arts[a], anas[a], failed) for a in ids}
    speakers_disputed: list[Conflict] = []
    langs = {a: arts[a].lang for a in ids}
    quotes = group_quotes(said, entities, speakers_disputed, langs)
    mentions = {a: _guarded(find_facts, arts[a], anas[a], failed) for a in ids}
    _resolve_dates(mentions, arts, story_date(story, arts, mentions))  # before values group
    people = frozenset("@" + e.id for e in entities if e.type == "PER")
    groups = group_values(mentions) + group_statements(mentions, _entity_key(entities),
                                                       people=people)
    read = _sentence_reader(arts, anas)
    groups = join_languages(groups, langs, read, _encode)
    if len(set(langs.values())) > 1:
        unparsed = {a: anas[a].sentences for a in ids if not any(t.dep for t in anas[a].tokens)}
        attach_sentences(groups, langs, unparsed, mentions, read, _encode)
    groups = [g for g in groups if g.kind != "event" or (len(g.articles) >= 2 and
              not _quoted(g, said))]
    base = story_date(story, arts, mentions)
    years = {a.date[:4] for a in arts.values() if a.date} | ({str(base.year)} if base else set())
    # A bare year that is the story's own ("2024" in a caption of 2024) tells no one anything.
    groups = [g for g in groups if not (g.kind == "date" and g.value in years)]
    disputes = value_disputes(groups, arts, years, anas, entities)
    groups = fold_overlaps(groups)  # after disputes, which quote the values' own words
    # Claims several outlets back or someone disputes lead; single-source claims follow.
    disputed = {id(d.backed.origin or d.backed) for d in disputes} | {
        id(d.other.origin or d.other) for d in disputes if d.other
    }
    groups.sort(key=lambda g: (len(g.articles) < 2 and id(g) not in disputed,
                               -len(g.articles), _KIND_ORDER.get(g.kind, 5),
                               min(m.start for _, m in g.members)))
    facts: list[Fact] = []
    fact_of: dict[int, Fact] = {}
    for n, g in enumerate(groups, 1):
        members = _dedupe(g.members)
        fact = Fact(f"F{n}", _statement(g, mentions), g.kind, g.value or None,
                    [_evidence(a, m) for a, m in members],
                    slot=slot_class(g.members[0][1].slot) if g.kind != "event" else "",
                    asked=[] if g.kind == "event" else [
                        k for k, (a, m) in enumerate(members)
                        if a in anas and requested(anas[a].tokens, m.start, m.end)
                    ])
        fact_of[id(g)] = fact
        facts.append(fact)
    for d in disputes:
        _dissent(fact_of[id(d.backed.origin or d.backed)], d.against)
        if d.other is not None:  # the lone side is disputed by the backed one too
            _dissent(fact_of[id(d.other.origin or d.other)], d.support)
    conflicts = (_dispute_conflicts(disputes) + _name_conflicts(entities, anas, arts)
                 + speakers_disputed)
    conflicts.sort(key=lambda c: -len({e.article for e in c.items}))
    for n, c in enumerate(conflicts, 1):
        c.id = f"C{n}"
    check = StoryCheck(story=story, entities=entities, facts=facts, quotes=quotes,
                       conflicts=conflicts)
    count_support(check, arts)
    check.quality = score_articles(story, arts, anas, check, trust)
    for article_id, reason in failed.items():
        check.quality[article_id].flags.append(Flag("check_failed", reason))
    return check


def _sentence_reader(arts: dict[str, Article], anas: dict[str, Analysis]
                     ) -> Callable[[str, FactMention], str]:
    """The sentence of its article that holds a mention (the mention alone past the end)."""
    def read(aid: str, m: FactMention) -> str:
        sentences = anas[aid].sentences
        if 0 <= m.sent < len(sentences):
            span = sentences[m.sent]
            return arts[aid].text[span.start : span.end]
        return m.text
    return read


def _encode(texts: Sequence[str]) -> np.ndarray:
    from corroborate.analyze import encoder  # loaded only for a story in several languages

    return encoder().encode(texts)


def _dissent(fact: Fact, against: list[tuple[str, FactMention]]) -> None:
    """Add dissenting mentions to a fact, except from articles that back it: an article that
    states both values is read as two facts, never as disputing itself."""
    backers = {e.article for e in fact.support}
    fact.disputed_by.extend(_evidence(a, m) for a, m in against if a not in backers)


def _guarded(find: Callable[[Article, Analysis], list[M]], article: Article, analysis: Analysis,
             failed: dict[str, str]) -> list[M]:
    """What `find` reads in one article; nothing when it fails, noted in `failed` so that
    one unreadable article costs its own facts or quotes, never the story's."""
    try:
        return find(article, analysis)
    except Exception as exc:  # any bug on one input; the article is flagged in its quality
        failed[article.id] = f"{getattr(find, '__name__', 'check')} failed: {exc!r}"[:200]
        return []
