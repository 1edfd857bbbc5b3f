"""Dissent between outlets: the same slot given different values or places, and names spelt
against the story's canonical form.

Figures that change between articles published on different dates (death tolls rising over
hours) are updates, not contradictions, and are not reported. Two values stated by the same
article are taken as two facts (official count and union count), not as a dispute.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache

from rapidfuzz.distance import Levenshtein

from corroborate.crosscheck.facts.frame import Frame, clause_of, clauses_above, frame, same_set
from corroborate.crosscheck.facts.groups import GENERIC_SLOTS, Group, slot_class
from corroborate.crosscheck.facts.modality import modal
from corroborate.lexicon.names import fold, word_key, words
from corroborate.lexicon.values import hedges, magnitude, number_word_pattern, units
from corroborate.lexicon.words import word_lists
from corroborate.types import Analysis, Article, Entity, Evidence, FactMention

SAME_WORD = 0.6
CLOSE_RATIO = 1.25
FAR_RATIO = 3.0
GENERIC_SHARED = 2
RECALL_WINDOW = 80
HEDGE_WINDOW = 14  # characters before a number that may hold its hedge ("au-delà de")
HEDGE_RATIO = 1.1  # "environ 50" allows 45 to 55, "plus de 50" 50 to 55
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_LOCAL_AFTER = re.compile(r"[^\S\n]*(?:[\w']+[^\S\n]+)?(?:à|au|aux|en|dans)[^\S\n]+[A-ZÉÈ]")
# A figure that bounds a range ("de 13 à 15 ans", "entre 27 et 74 ans") is not a point value.
_RANGE_END = re.compile(r"\b(?:de|d'|d’|entre)[^\S\n]*[\d.,\u00a0\u202f ]+(?:[\w%]+[^\S\n]+)?"
                        r"(?:à|et)[^\S\n]+$")
_RANGE_OPEN = re.compile(r"\b(?:de|d'|d’|entre)[^\S\n]*$")
_RANGE_NEXT = re.compile(r"[^\S\n]*(?:[\w%]+[^\S\n]+)?(?:à|et)[^\S\n]+\d")
LISTED = 3  # figures of one kind in one sentence: which one is which slot the parse does not say
# Kinds whose listed figures name parallel slots (three rates, several sentences); counts in
# one sentence are more often one figure and its sources' variants (police, union).
LISTED_KINDS = {"percent", "duration"}
SPREAD = 60  # characters a range may hold between its bounds' units and the "à" of the upper
_AGAINST_BEFORE = re.compile(r"\bcontre[^\S\n]+(?:\w+[^\S\n]+)?$")


@dataclass
class Dispute:
    """Group `backed` is contradicted by `against` (mentions of another group, same slot)."""

    about: str
    backed: Group
    support: list[tuple[str, FactMention]]
    against: list[tuple[str, FactMention]]
    slot: str = ""
    other: Group | None = None


def _content_keys(group: Group) -> set[str]:
    return {
        slot_class(k) for _, m in group.members for k in m.subject.split() if not k.startswith("@")
    }


def _dates_differ(a: Group, b: Group, articles: dict[str, Article]) -> bool:
    """Whether the two sides come from articles of different full dates (an evolving figure)."""
    days_a = {articles[x].date for x in a.articles if articles[x].date}
    days_b = {articles[x].date for x in b.articles if articles[x].date}
    full = {d for d in days_a | days_b if d and len(d) == 10}
    return bool(days_a and days_b and len(full) > 1 and not (days_a & days_b))


def _ratio(a: str, b: str) -> float | None:
    """How many times the larger figure is the smaller one; None across units (EUR and USD)."""
    x, y = magnitude(a), magnitude(b)
    if x is None or y is None or x[1] != y[1]:
        return None
    low, high = sorted((abs(x[0]), abs(y[0])))
    return high / low if low > 0 else None


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding a span, cut at full stops and line breaks."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    return text[left : min(stops) if stops else len(text)]


def _attributed(group: Group, articles: dict[str, Article]) -> bool:
    """Whether a member's sentence says whose count it is (selon la CGT, d'après la police)."""
    cues = [c.lower() for c in word_lists()["attribution_cues"]]
    for aid, m in group.members:
        sentence = _sentence_around(articles[aid].text, m.start, m.end).lower().replace("’", "'")
        if any(re.search(rf"(?<!\w){re.escape(c)}(?!\w)", sentence) for c in cues):
            return True
    return False


def _interval(aid: str, m: FactMention, articles: dict[str, Article]) -> tuple[float, float]:
    """The amounts a figure allows, from the hedge just before its number: "plus de 200" is
    200 to a tenth more, "jusqu'à 400" up to 400 from a tenth less, "environ 50" and "une
    cinquantaine" a tenth either side; a bare figure allows itself only. A hedge rounds a
    nearby figure: "plus de 2,5 millions" against 2,8 millions is two reports."""
    amount = magnitude(m.value)
    value = abs(amount[0]) if amount else 0.0
    text = articles[aid].text
    lead = (text[max(0, m.start - HEDGE_WINDOW) : m.start] + m.text[:HEDGE_WINDOW]).lower()
    lead = lead.replace("’", "'")
    pattern, sides = hedges()
    found = pattern.search(lead)
    side = sides[found.group(0)] if found else None
    if side == "above":
        return value, value * HEDGE_RATIO
    if side == "below":
        return value / HEDGE_RATIO, value
    if side == "about" or any(noun in lead for noun in units()["approx"]):
        return value / HEDGE_RATIO, value * HEDGE_RATIO
    return value, value


Interval = tuple[float, float]


def _compatible(spans_a: list[Interval], spans_b: list[Interval]) -> bool:
    """Whether one mention of each side allows the other's figure (plus de 200 and 250)."""
    return any(lo_a <= hi_b and lo_b <= hi_a for lo_a, hi_a in spans_a for lo_b, hi_b in spans_b)


def _competing(a: Group, b: Group, articles: dict[str, Article],
               spans: dict[int, list[Interval]]) -> bool:
    """Figures that read as two reports of one quantity: near each other (1,12 vs 1,2 million),
    or further apart (1 200 vs près de 3 000 evacuated) when neither side says whose count it
    is; attributed figures that far apart are two sources' counts (police against union).
    Figures a hedge reconciles (plus de 200 and 250) do not compete; `spans` holds each
    group's intervals, by `id`."""
    ratio = _ratio(a.value, b.value)
    if ratio is None or _compatible(spans[id(a)], spans[id(b)]):
        return False
    if ratio <= CLOSE_RATIO:
        return True
    return ratio <= FAR_RATIO and not _attributed(a, articles) and not _attributed(b, articles)


def _slots(group: Group) -> set[str]:
    return {slot_class(m.slot) for _, m in group.members}


def _sole(group: Group, slot: str, told: Counter[tuple[str, str, str]]) -> bool:
    """Whether every article of the group gives this slot one figure of the group's kind, and
    only this one: the article's own count of that thing ("85 embarcations")."""
    return all(told[(aid, slot, group.kind)] == 1 for aid, m in group.members
               if slot_class(m.slot) == slot)


def _shared_slot(a: Group, b: Group,
                 told: Counter[tuple[str, str, str]] | None = None) -> str | None:
    """The slot two figure groups are about: a specific slot class both use with a further
    content word in common, or, for generic slots (durée), two clause words in common
    (une cellule de crise d'une heure, une cellule de crise d'environ 40 minutes)."""
    keys_a, keys_b = _content_keys(a), _content_keys(b)
    for slot in sorted(_slots(a) & _slots(b) - GENERIC_SLOTS):
        if (keys_a - {slot}) & (keys_b - {slot}):
            return slot
    # With no other word in common, a specific slot still names one thing when each article
    # counts it once: "85 embarcations" in one, "94 embarcations" in the other.
    if told is not None:
        for slot in sorted(_slots(a) & _slots(b) - GENERIC_SLOTS):
            if _sole(a, slot, told) and _sole(b, slot, told):
                return slot
    if _slots(a) <= GENERIC_SLOTS and _slots(b) <= GENERIC_SLOTS:
        shared = sorted(keys_a & keys_b)
        if len(shared) >= GENERIC_SHARED:
            return " ".join(shared[:3])
    return None


def _forecast(group: Group, analyses: dict[str, Analysis] | None) -> bool | None:
    """True when every mention is conditional, future or modal, False when none is, None when
    mixed or unknown (no parse)."""
    if not analyses:
        return None
    flags = {modal(analyses[aid].tokens, m.start) for aid, m in group.members if aid in analyses}
    return flags.pop() if len(flags) == 1 else None


Framed = tuple[Frame, bool]


def _frames(group: Group, analyses: dict[str, Analysis] | None,
            roles: dict[str, frozenset[str]]) -> list[Framed] | None:
    """The parse frame of each mention of a group and whether it is a forecast; None without
    the parse. A holder named by a role ("l'ex-président") becomes the one person of the
    story given that role."""
    if not analyses:
        return None
    out = []
    for aid, m in group.members:
        if aid not in analyses:
            continue
        f = frame(analyses[aid].tokens, m.start, m.end)
        if len(f.holder) == 1 and (key := next(iter(f.holder))).startswith("="):
            f = replace(f, holder=roles.get(key[1:], f.holder))
        out.append((f, modal(analyses[aid].tokens, m.start)))
    return out


def role_holders(entities: list[Entity]) -> dict[str, frozenset[str]]:
    """Role lemma -> the folded name words of the one person of the story given it."""
    people: dict[str, list[Entity]] = {}
    for e in entities:
        if e.type == "PER":
            for role in e.roles:
                people.setdefault(role.lower(), []).append(e)
    return {role: frozenset(fold(w).lower() for w in found[0].name.split())
            for role, found in people.items() if len(found) == 1}


def _one_set(a: list[Framed] | None, b: list[Framed] | None) -> bool:
    """Whether some mention of each side counts the same set for the same holder, both
    stated or both forecast."""
    if a is None or b is None:
        return True
    return any(same_set(x, y) and fx == fy for x, fx in a for y, fy in b)


def _figure_disputes(groups: list[Group], articles: dict[str, Article],
                     analyses: dict[str, Analysis] | None = None,
                     roles: dict[str, frozenset[str]] | None = None) -> list[Dispute]:
    found = []
    figures = [g for g in groups if g.kind in {"number", "percent", "money", "duration"}]
    spans = {id(g): [_interval(aid, m, articles) for aid, m in g.members] for g in figures}
    forecast = {id(g): _forecast(g, analyses) for g in figures}
    frames = {id(g): _frames(g, analyses, roles or {}) for g in figures}
    values: dict[tuple[str, str, str], set[str]] = {}
    for g in figures:
        for aid, m in g.members:
            values.setdefault((aid, slot_class(m.slot), g.kind), set()).add(g.value)
    told = Counter({key: len(found) for key, found in values.items()})
    for i, a in enumerate(figures):
        for b in figures[i + 1 :]:
            if a.kind != b.kind or set(a.articles) & set(b.articles):
                continue
            # A forecast against a report (up to 400 litres may fall; 491 fell) is two claims.
            if {forecast[id(a)], forecast[id(b)]} == {True, False}:
                continue
            slot = _shared_slot(a, b, told)
            if slot is None or _dates_differ(a, b, articles):
                continue
            if not _competing(a, b, articles, spans):
                continue
            # "51 hommes accusés" and "les 49 autres accusés" count different sets.
            if not _one_set(frames[id(a)], frames[id(b)]):
                continue
            backed, other = (a, b) if len(a.articles) >= len(b.articles) else (b, a)
            label = readable(slot, backed.members + other.members)
            about = f"{label}: {backed.value} or {other.value}"
            found.append(Dispute(about, backed, backed.members, other.members, slot, other))
    return found


def readable(slot: str, members: list[tuple[str, FactMention]]) -> str:
    """The slot in the articles' own words: each stem key ("magist", "premie") becomes the
    first word of the evidence spans it is the start of ("magistrat", "première")."""
    said = [w for _, m in members for w in re.findall(r"\w+", m.text)]
    out = []
    for key in slot.split():
        folded = fold(key).lower()
        word = next(
            (w.lower() for w in said if len(folded) >= 3 and fold(w).lower().startswith(folded)),
            key,
        )
        out.append(word)
    return " ".join(out)


def _slot_articles(group: Group) -> dict[str, set[str]]:
    """Articles of a group per slot class of its mentions."""
    out: dict[str, set[str]] = {}
    for aid, m in group.members:
        out.setdefault(slot_class(m.slot), set()).add(aid)
    return out


def _on(group: Group, slot: str) -> list[tuple[str, FactMention]]:
    return [(aid, m) for aid, m in group.members if slot_class(m.slot) == slot]


def _nested(a: Group, b: Group) -> bool:
    """Whether one sentence of some article names both places ("le musée du Louvre à Paris",
    "la région de Valence en Espagne"): one holds the other, they do not compete."""
    return bool({(aid, m.sent) for aid, m in a.members} & {(aid, m.sent) for aid, m in b.members})


def _names_other(a: Group, b: Group, articles: dict[str, Article]) -> bool:
    """Whether an article of `a` names `b`'s place anywhere in its text, unless `a`'s place is
    set against it by name ("à la frontière de l'Ukraine" against "en Ukraine")."""
    words = [w for w in b.value.split() if w[:1].isupper()]
    if set(words) <= set(a.value.split()):
        return False
    return any(all(w in articles[x].text for w in words) for x in a.articles if x in articles)


def _named_value(value: str) -> bool:
    return any(w[:1].isupper() for w in value.split())


def _place_disputes(groups: list[Group], articles: dict[str, Article]) -> list[Dispute]:
    """A thing placed in one spot by a single article and elsewhere by two or more."""
    found = []
    places = [(g, _slot_articles(g)) for g in groups if g.kind == "place"]
    for a, slots_a in places:
        for b, slots_b in places:
            if a is b or fold(a.value) == fold(b.value) or _nested(a, b):
                continue
            # Only named places compete: "la région" is no answer to "where".
            if not (_named_value(a.value) and _named_value(b.value)):
                continue
            # An article naming the other place too may nest them (Valence, in Spain).
            if _names_other(a, b, articles) or _names_other(b, a, articles):
                continue
            for slot in set(slots_a) & set(slots_b) - GENERIC_SLOTS:
                if len(slots_a[slot]) >= 2 and len(slots_b[slot]) == 1:
                    label = readable(slot, _on(a, slot) + _on(b, slot))
                    about = f"where ({label}): {a.value} or {b.value}"
                    found.append(Dispute(about, a, _on(a, slot), _on(b, slot), "where " + slot, b))
    return found


def _recalled(aid: str, m: FactMention, articles: dict[str, Article], years: set[str],
              analyses: dict[str, Analysis] | None = None) -> bool:
    """Whether a figure sits next to a year other than the story's: a past event recalled
    (the 2004 earthquake's toll), not a competing report of this one. With the parse, the
    year must be in the figure's clause: "Sarkozy, 66 ans, a été condamné pour avoir tenté en
    2014 de…" recalls nothing about the age."""
    text = articles[aid].text
    analysis = analyses.get(aid) if analyses else None
    if analysis is None or not 0 <= m.sent < len(analysis.sentences):
        low = max(0, m.start - RECALL_WINDOW)
        near = text[low : m.end + RECALL_WINDOW]
        return any(y.group(0) not in years for y in _YEAR.finditer(near))
    # With the parse, the figure's whole sentence, however long, and only its clauses; a year
    # just before the sentence still dates it ("En 1996, … Cette année-là, 87 personnes").
    sentence = analysis.sentences[m.sent]
    low = sentence.start
    if any(y not in years for y in _YEAR.findall(text[max(0, low - RECALL_WINDOW) : low])):
        return True
    others = [low + y.start() for y in _YEAR.finditer(text[low : sentence.end])
              if y.group(0) not in years]
    if not others:
        return False
    tokens = analysis.tokens
    # The year dates the figure when it sits in the figure's clause or one it is embedded in
    # ("En 2004, un séisme avait touché…, provoquant la mort de 628 personnes").
    above = clauses_above(tokens, m.start)
    return None in above or any(clause_of(tokens, at) in above | {None} for at in others)


def _qualified(aid: str, m: FactMention, articles: dict[str, Article]) -> bool:
    """Whether a figure is tied to a place or set against another figure ("25 000 à Nantes",
    "contre 26 000 le 19 janvier"): a part or a comparison, not the story's own count."""
    if m.kind not in {"number", "percent", "money"}:
        return False
    text = articles[aid].text
    before = text[max(0, m.start - RECALL_WINDOW) : m.start]
    return bool(_LOCAL_AFTER.match(text, m.end) or _AGAINST_BEFORE.search(before))


@cache
def _spread_re() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A range whose bounds carry a unit, with words between them ("de 3 ans de prison, dont 2
    avec sursis, à 20 ans"): a lower bound followed by the text up to an "à" that ends what
    it is searched in, and an upper bound. Compiled once, whatever the unit: the unit is the
    group `unit`, compared by the caller (the numeral pattern is long to compile)."""
    number = rf"(?:\d[\d.,\u00a0\u202f ]*|{number_word_pattern()})"
    unit = r"(?P<unit>[^\W\d_]+)(?!\w)"
    lower = re.compile(rf"(?<!\w)(?:de|d'|d’)[^\S\n]*{number}[^\S\n]+{unit}"
                       rf"(?=[^.;!?\n]{{0,{SPREAD}}}(?<!\w)à[^\S\n]+$)", re.IGNORECASE)
    upper = re.compile(rf"(?<!\w)à[^\S\n]+{number}[^\S\n]+{unit}", re.IGNORECASE)
    return lower, upper


def _spread(unit: str, before: str, text: str, end: int) -> bool:
    """Whether a figure in `unit` ending at `end` is a bound of a spread range: a lower bound
    in the same unit opens in `before`, or, when "de" opens the figure, an upper bound in the
    same unit follows within SPREAD characters of one sentence."""
    lower, upper = _spread_re()
    if any(m.group("unit").lower() == unit for m in lower.finditer(before)):
        return True
    if not re.search(r"(?<!\w)(?:de|d'|d’)[^\S\n]*$", before[-RECALL_WINDOW // 2 :]):
        return False
    window = text[end : end + SPREAD + 200]
    for m in upper.finditer(window):
        if m.start() > SPREAD or re.search(r"[.;!?\n]", window[: m.start()]):
            break
        if m.group("unit").lower() == unit:
            return True
    return False


def _ranged(aid: str, m: FactMention, articles: dict[str, Article]) -> bool:
    """Whether a figure is one end of a range ("de 10 à 18 ans", "entre 27 et 74 ans",
    "de trois ans d'emprisonnement dont deux avec sursis à 13 ans")."""
    text = articles[aid].text
    before = text[max(0, m.start - RECALL_WINDOW // 2) : m.start]
    if _RANGE_END.search(before):
        return True
    if _RANGE_OPEN.search(before) and _RANGE_NEXT.match(text, m.end):
        return True
    unit = m.text.split()[-1] if len(m.text.split()) > 1 else ""
    if not unit.isalpha():
        return False
    return _spread(unit.lower(), text[max(0, m.start - RECALL_WINDOW - SPREAD) : m.start],
                   text, m.end)


def _listed(groups: list[Group]) -> set[tuple[str, int, str]]:
    """(article, sentence, kind) holding `LISTED` or more figures: an enumeration of rates or
    sentences whose slots a sentence-level comparison cannot tell apart."""
    counts: dict[tuple[str, int, str], set[tuple[int, int]]] = {}
    for g in groups:
        for aid, m in g.members:
            if m.kind in LISTED_KINDS:
                counts.setdefault((aid, m.sent, m.kind), set()).add((m.start, m.end))
    return {key for key, spans in counts.items() if len(spans) >= LISTED}


def value_disputes(
    groups: list[Group], articles: dict[str, Article], years: set[str] | None = None,
    analyses: dict[str, Analysis] | None = None, entities: list[Entity] | None = None,
) -> list[Dispute]:
    """Disputes between valued fact groups of a story; figures beside another year than the
    story's (recalls of other events), local or compared figures, range bounds and figures
    listed with others of their kind in one sentence are left out, and with the parse
    (`analyses`) a forecast is never set against a report."""
    listed = _listed(groups)
    # Without a parse (an English page with no English model) a figure has no frame to set
    # it against another: "downgraded to a Category 2" and "weakened to a Category 1" are two
    # moments, not a dispute. Such figures still back facts.
    unparsed = {aid for aid, a in (analyses or {}).items() if a.tokens and
                not any(t.dep for t in a.tokens)}
    kept = []
    for g in groups:
        members = [
            (a, m)
            for a, m in g.members
            if a not in unparsed and not (years and (_recalled(a, m, articles, years, analyses)
                               or _qualified(a, m, articles)))
            and not (m.kind != "place" and _ranged(a, m, articles))
            and (a, m.sent, m.kind) not in listed
        ]
        if members:
            kept.append(Group(g.kind, g.value, members, origin=g))
    roles = role_holders(entities or [])
    return _figure_disputes(kept, articles, analyses, roles) + _place_disputes(kept, articles)


def _spellings(entity: Entity, used: dict[str, set[str]]) -> list[dict[str, set[str]]]:
    """The name's words clustered into spellings of one word, each with the articles using it."""
    usage: dict[str, set[str]] = {}
    for variant in entity.variants:
        for w in words(variant):
            usage.setdefault(w, set()).update(used.get(variant, set()))
    clusters: list[dict[str, set[str]]] = []
    for w in sorted(usage, key=lambda x: -len(usage[x])):
        home = next((c for c in clusters if any(_same_word(w, x) for x in c)), None)
        if home is None:
            clusters.append({w: usage[w]})
        else:
            home[w] = usage[w]
    return clusters


def _same_word(a: str, b: str) -> bool:
    """Two spellings of one name word: equal transliteration keys or a small edit apart."""
    ka, kb = word_key(a), word_key(b)
    return ka == kb or (min(len(ka), len(kb)) >= 3 and Levenshtein.normalized_similarity(ka, kb)
                        >= SAME_WORD)


def _odd_words(
    entity: Entity, used: dict[str, set[str]], deviations: dict[str, int]
) -> dict[str, str]:
    """Spellings used by fewer articles than another spelling of the same word, with that
    reference; a two-way tie goes against the article with more clear deviations elsewhere."""
    odd: dict[str, str] = {}
    for spellings in _spellings(entity, used):
        if len(spellings) < 2:
            continue
        ranked = sorted(spellings.items(), key=lambda kv: -len(kv[1]))
        top, top_articles = ranked[0]
        tied = [w for w, arts in ranked if len(arts) == len(top_articles)]
        if len(tied) == 1:
            odd.update({w: top for w, _ in ranked[1:]})
        elif len(tied) == 2 and deviations:
            a, b = (max(deviations.get(x, 0) for x in spellings[w]) for w in tied)
            if a != b:
                worse, better = (tied[0], tied[1]) if a > b else (tied[1], tied[0])
                odd[worse] = better
    return odd


def _surface(word: str, entity: Entity) -> str:
    """A folded name word as the articles write it."""
    for variant in entity.variants:
        for part in variant.replace("-", " ").split():
            if words(part) == [word]:
                return part
    return word


def misspelled_names(
    entities: list[Entity], analyses: dict[str, Analysis]
) -> dict[str, list[tuple[str, str]]]:
    """Per article, person names spelt unlike the majority of outlets: (variant, reference)."""
    used: dict[str, set[str]] = {}
    for aid, analysis in analyses.items():
        for m in analysis.mentions:
            used.setdefault(m.text, set()).add(aid)
    people = [e for e in entities if e.type == "PER" and len(e.articles) >= 2]
    deviations: dict[str, int] = {}
    for _ in range(2):  # a second pass breaks ties with the first pass's clear deviations
        found: dict[str, list[tuple[str, str]]] = {}
        for entity in people:
            odd = _odd_words(entity, used, deviations)
            for variant in entity.variants:
                spelt = words(variant)
                if not any(w in odd for w in spelt):
                    continue
                reference = " ".join(_surface(odd[w], entity) for w in spelt if w in odd)
                for aid in sorted(used.get(variant, set())):
                    found.setdefault(aid, []).append((variant, reference))
        deviations = {aid: len(items) for aid, items in found.items()}
    for aid, variant, reference in _lone_spellings(entities, used):
        if (variant, reference) not in found.get(aid, []):
            found.setdefault(aid, []).append((variant, reference))
    return found


SAME_NAME_WORD = 0.7  # each word of a lone full name this close to the word of a known one


def _lone_spellings(entities: list[Entity], used: dict[str, set[str]]
                    ) -> list[tuple[str, str, str]]:
    """Full names only one article uses that spell, word for word, a person several outlets
    name ("Chwitscha Kwarazchelia" for Khvicha Kvaratskhelia, "Niklas Furkrük" for Niclas
    Füllkrug): the entity resolver keeps them apart, a translation mangled them."""
    people = [e for e in entities if e.type == "PER"]
    known = [e for e in people if len(e.articles) >= 2]
    found = []
    for lone in people:
        if len(lone.articles) != 1:
            continue
        for variant in lone.variants:
            spelt = words(variant)
            if len(spelt) < 2:
                continue
            for ref in known:
                target = words(ref.name)
                if len(target) != len(spelt) or target == spelt:
                    continue
                close = all(
                    Levenshtein.normalized_similarity(word_key(a), word_key(b)) >= SAME_NAME_WORD
                    for a, b in zip(spelt, target, strict=True)
                )
                if close:
                    for aid in sorted(used.get(variant, set()) & set(lone.articles)):
                        found.append((aid, variant, ref.name))
                    break
    return found


def name_evidence(aid: str, variant: str, article: Article) -> Evidence | None:
    """The first exact occurrence of a name variant in an article."""
    at = article.text.find(variant)
    return Evidence(aid, variant, variant, at) if at >= 0 else None
