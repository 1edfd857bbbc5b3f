"""Fact groups across the articles of a story: the same claim backed by several outlets.

Valued facts (dates, numbers, durations, places, ...) join when kind and normalised value agree
and their slots are compatible (same slot class, or a shared content word in their clause).
Statements join by IDF-weighted overlap of their clause keys, names mapped to canonical entities,
with single-link merging that never puts two clauses of one article in a group. A statement
group over the same clauses as a valued group is folded into it, so each claim shows once.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache

from corroborate.crosscheck.facts.statements import WIDE
from corroborate.lexicon.words import fold, word_lists
from corroborate.types import FactMention

STATEMENT_MIN_SIM = 0.34
WIDE_WEIGHT = 0.8  # a match on the whole sentence counts less than one on the clause
AVERAGE_SHARE = 0.75  # a merge needs a mean link of this share of the threshold
MIN_SHARE = 0.4  # ... and no link below this share
OTHER_PREDICATE = 0.75  # clauses on different verbs are less likely the same claim
CANONICAL = {"score", "percent", "money"}  # kinds whose values have one written form
MAX_POSTING = 200  # clauses a key may propose pairs among (see _candidate_pairs)
SHARED_CONTEXT = 2  # clause words two precise figures share to count as one fact
FIGURES = {"number", "percent", "money", "duration", "count", "score"}
GENERIC_SLOTS = {"", "durée", "montant", "taux", "point de base", "score", "année"} | set(
    word_lists()["generic_slots"]
)


@dataclass
class Group:
    """Mentions of one fact, at most a few per article, with their article ids."""

    kind: str
    value: str
    members: list[tuple[str, FactMention]] = field(default_factory=list)
    origin: Group | None = None  # the full group this one was filtered from

    @property
    def articles(self) -> list[str]:
        """Distinct backing articles, in first-seen order."""
        return list(dict.fromkeys(a for a, _ in self.members))


@cache
def _classes() -> dict[str, str]:
    return {w: cls for cls, words in word_lists()["synonyms"].items() for w in words}


def slot_class(slot: str) -> str:
    """The synonym class of a slot lemma (conversation, entretien -> appel)."""
    return _classes().get(slot, slot)


def _content(keys: set[str]) -> set[str]:
    return {k for k in keys if not k.startswith("@")}


def _specific(mention: FactMention) -> bool:
    """A value precise enough to identify its fact without context (50 min, 100000, 20 mars)."""
    if mention.kind == "date":
        return any(c.isdigit() for c in mention.text)
    if mention.kind in {"place", "count", "score"}:
        return mention.kind == "score"
    head = mention.value.split()[0] if mention.value else ""
    try:
        number = float(head)
    except ValueError:
        return False
    return number >= 10 or number != int(number)


def compatible(a: FactMention, b: FactMention, unique: bool = False) -> bool:
    """Whether two mentions with the same value can be the same fact; `unique` when each is
    its article's only mention of that value (a place named once per article)."""
    ca, cb = slot_class(a.slot), slot_class(b.slot)
    if a.kind == "place":
        return _same_place_fact(a, b, ca, cb, unique)
    if a.kind == "number":
        # "l'évacuation de 1 200 riverains" parsed with another slot than "1 200 habitants":
        # a precise figure in the same clause words is the same count. Figures with no noun
        # need a clause word in common: "Nice : 25 000 / 7 000 selon la police" and "Alès
        # (7.000)" count two towns' marchers.
        shared = context(a) & context(b)
        return (ca == cb and (ca != "" or bool(shared))) or (
            _specific(a) and _specific(b) and len(shared) >= SHARED_CONTEXT
        )
    if a.kind == "count":
        # Ordinals rank what they qualify: "premier but" and "premier ballon" are two facts.
        return ca == cb and ca not in GENERIC_SLOTS
    if ca == cb and ca not in GENERIC_SLOTS:
        return True
    if bare_year(a) and bare_year(b):
        # "progresser de 1,3 % en 2025" and "l'inflation d'ici la fin de l'année 2025": a
        # year alone dates many claims; the clauses must share a word or a name.
        return bool(_clause_keys(a) & _clause_keys(b))
    if _specific(a) and _specific(b):
        return True
    return bool(context(a) & context(b))


def _clause_keys(m: FactMention) -> set[str]:
    return {slot_class(k) for k in m.subject.split(WIDE)[0].split()}


def bare_year(m: FactMention) -> bool:
    """A date that gives only a year ("en 2025")."""
    return m.kind == "date" and len(m.value) == 4 and m.value.isdigit()


def _same_place_fact(a: FactMention, b: FactMention, ca: str, cb: str, unique: bool) -> bool:
    """Whether two mentions of one place state one fact: "une minute de silence à Mayotte" and
    "sa visite à Mayotte" are two. The same noun placed (one mention per article, or a word of
    the clause in common) is one; otherwise the clauses must share `SHARED_CONTEXT` words, or
    read the same. A slot left unread (empty or generic) on either side matches nothing by
    itself: "un immeuble s'est effondré à Bangkok" and "à Bangkok, des secousses ont causé la
    panique" share only the city. A town given with its region ("de Wilmington, Delaware",
    "depuis Wilmington, dans le Delaware"), once in each article, is precise enough alone."""
    shared = context(a) & context(b)
    if ca == cb and ca not in GENERIC_SLOTS and (unique or shared):
        return True
    if unique and "," in a.text and "," in b.text:
        return True
    return len(shared) >= SHARED_CONTEXT or (bool(shared) and context(a) == context(b))


def context(mention: FactMention) -> set[str]:
    """Content keys of the clause around a mention, names left out, synonyms merged."""
    clause = mention.subject.split(WIDE)[0]
    return _content({slot_class(k) for k in clause.split()})


def group_values(mentions: dict[str, list[FactMention]]) -> list[Group]:
    """Single-link groups of valued mentions with equal kind and value and compatible slots."""
    buckets: dict[tuple[str, str], list[tuple[str, FactMention]]] = {}
    for aid, items in mentions.items():
        for m in items:
            if m.kind != "event" and not m.value.startswith("?"):
                buckets.setdefault((m.kind, m.value), []).append((aid, m))
    groups: list[Group] = []
    for (kind, value), items in buckets.items():
        parent = list(range(len(items)))

        def find(i: int, parent: list[int] = parent) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        per_article = Counter(aid for aid, _ in items)
        # Whether two mentions are compatible depends only on what `compatible` reads: the
        # mentions of one signature are tested once, a big story's rewrites not pair by pair.
        kinds: dict[tuple[object, ...], list[int]] = {}
        for i, (aid, m) in enumerate(items):
            sign = (slot_class(m.slot), _specific(m), frozenset(context(m)),
                    per_article[aid] == 1)
            kinds.setdefault(sign, []).append(i)
        signs = list(kinds.values())
        for same in signs:
            a = items[same[0]][1]
            if len(same) > 1 and compatible(a, a, per_article[items[same[0]][0]] == 1):
                for k in same[1:]:
                    parent[find(k)] = find(same[0])
        for x, one in enumerate(signs):
            for other in signs[x + 1 :]:
                i, j = one[0], other[0]
                once = per_article[items[i][0]] == 1 and per_article[items[j][0]] == 1
                if compatible(items[i][1], items[j][1], once):
                    parent[find(i)] = find(j)
        clusters: dict[int, Group] = {}
        for i, item in enumerate(items):
            clusters.setdefault(find(i), Group(kind, value)).members.append(item)
        groups.extend(clusters.values())
    return groups


def _idf(keyed: list[tuple[str, set[str]]]) -> dict[str, float]:
    df: Counter[str] = Counter()
    per_article: dict[str, set[str]] = {}
    for aid, keys in keyed:
        per_article.setdefault(aid, set()).update(keys)
    for keys in per_article.values():
        df.update(keys)
    n = max(len(per_article), 1)
    return {k: math.log(1 + n / c) for k, c in df.items()}


def similarity(a: set[str], b: set[str], idf: dict[str, float]) -> float:
    """Mean of IDF-weighted Dice and overlap coefficients; 0 unless two keys, one of them a
    content word, are shared."""
    return _weighted(a, b, idf, _weight(a, idf), _weight(b, idf))


def _weight(keys: set[str], idf: dict[str, float]) -> float:
    return sum(idf.get(k, 1.0) for k in keys)


def _weighted(a: set[str], b: set[str], idf: dict[str, float], wa: float, wb: float) -> float:
    """`similarity` given the total weights of both sets (summed once per set, not per pair)."""
    shared = a & b
    if len(shared) < 2 or all(k.startswith("@") for k in shared):
        return 0.0
    weight = _weight(shared, idf)
    return (2 * weight / (wa + wb) + weight / min(wa, wb)) / 2


def _named(key: str, entity_of: Callable[[str], str | None]) -> str:
    """A name key ("@poutine") as its story entity's id, any other key as it is."""
    return (entity_of(key[1:]) or key) if key.startswith("@") else key


def _keys(m: FactMention, entity_of: Callable[[str], str | None]) -> tuple[set[str], set[str]]:
    """Clause keys and sentence-wide keys of a statement, names mapped to entity ids."""
    clause, _, rest = m.subject.partition(WIDE)
    narrow = {_named(k, entity_of) for k in clause.split()}
    return narrow, narrow | {_named(k, entity_of) for k in rest.split()}


def _roles(m: FactMention, entity_of: Callable[[str], str | None]) -> tuple[frozenset[str], ...]:
    """A statement's agent and patient keys, names mapped to entities, synonyms merged."""
    def norm(k: str) -> str:
        return slot_class(_named(k, entity_of))

    return frozenset(map(norm, m.agent.split())), frozenset(map(norm, m.patient.split()))


def _other_arguments(a: tuple[frozenset[str], ...], b: tuple[frozenset[str], ...]) -> bool:
    """Whether one verb has different things in one role: "Vitinha a servi Doué" and "servi
    par Désiré Doué", "un immeuble s'est effondré" and "plusieurs bâtiments se sont
    effondrés". Only names against names or nouns against nouns: a noun may stand for a name
    ("le tireur", "Thomas Crooks"), and a role one side leaves unsaid decides nothing."""
    def names(keys: frozenset[str]) -> bool:
        return any(k.startswith("@") for k in keys)

    def nouns(keys: frozenset[str]) -> bool:
        return bool(_content(set(keys)))

    pairs = list(zip(a, b, strict=True))
    if (a[0] and not a[1] and b[1] and not b[0]) or (a[1] and not a[0] and b[0] and not b[1]):
        # "de nombreux immeubles se sont effondrés" parsed as a passive subject, "un immeuble
        # s'est effondré" as an active one: the one thing said of each is one role.
        pairs = [(a[0] | a[1], b[0] | b[1])]
    return any(
        x and y and not x & y and ((names(x) and names(y)) or (nouns(x) and nouns(y)))
        for x, y in pairs
    )


def _figures(clause: FactMention, found: list[FactMention]) -> list[tuple[str, str, str]]:
    """The figures stated inside a clause: (kind, slot class, value)."""
    return [
        (m.kind, slot_class(m.slot), m.value)
        for m in found
        if (m.kind in FIGURES or m.kind == "place") and clause.start <= m.start
        and m.end <= clause.end
    ]


def _figures_differ(a: list[tuple[str, str, str]], b: list[tuple[str, str, str]]) -> bool:
    """Whether two clauses give one slot figures with none in common, or scores, rates or sums
    with none in common ("a battu l'Inter 5-0" / "l'Inter 4-0"): a dispute, not a paraphrase.
    Counts of other slots are left out: their units are not one ("75 points de base", "0,75
    point"). Places count as one kind: "né à Paris" and "né aux États-Unis" are two claims."""
    def by(figures: list[tuple[str, str, str]]) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for kind, slot, value in figures:
            if kind == "place":
                out.setdefault("kind:place", set()).add(value)
                continue
            out.setdefault("slot:" + slot, set()).add(value)
            if kind in CANONICAL:
                out.setdefault("kind:" + kind, set()).add(value)
        return out

    fa, fb = by(a), by(b)
    # Several places in a clause may nest ("au stade Al Bayt d'Al Khor, au Qatar"): only one
    # place on each side, neither named in the other, tells two claims apart.
    pa, pb = fa.pop("kind:place", set()), fb.pop("kind:place", set())
    if len(pa) == 1 and len(pb) == 1 and not _nested(next(iter(pa)), next(iter(pb))):
        return True
    return any(not fa[k] & fb[k] for k in fa.keys() & fb.keys())


def _nested(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    return fa in fb or fb in fa


def _same_predicate(a: tuple[str, FactMention, set[str], set[str]],
                    b: tuple[str, FactMention, set[str], set[str]]) -> bool:
    """Whether two clauses share their verb, or one's verb is a content word of the other."""
    pa, pb = slot_class(a[1].slot), slot_class(b[1].slot)
    return pa == pb or pa in b[2] or pb in a[2]


def _one_verb(a: str, b: str) -> bool:
    """Whether two clause verbs are one: the same synonym class or stem (the lemmatizer reads
    "montre" as the noun for the verb "montrer")."""
    return slot_class(a) == slot_class(b) or (len(a) >= 5 and fold(a)[:6] == fold(b)[:6])


def _candidate_pairs(keysets: list[set[str]]) -> list[tuple[int, int]]:
    """Pairs (i < j) sharing at least two keys, found through an inverted index. Keys held by
    more than MAX_POSTING sets (the story's own names) propose no pairs, so a big story's
    pairs grow with its clauses, not with their square; they still count in the score."""
    postings: dict[str, list[int]] = {}
    for i, keys in enumerate(keysets):
        for k in keys:
            postings.setdefault(k, []).append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for members in postings.values():
        if len(members) > MAX_POSTING:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                shared[(i, j)] += 1
    return sorted(pair for pair, n in shared.items() if n >= 2)


def group_statements(
    mentions: dict[str, list[FactMention]],
    entity_of: Callable[[str], str | None],
    min_sim: float = STATEMENT_MIN_SIM,
    people: frozenset[str] = frozenset(),
) -> list[Group]:
    """Groups of statements from at least two articles, merged by average link, most similar
    first, never two clauses of one article in a group; two sentences that name persons
    (`people`: their entity keys) but none in common never meet ("Dembélé a délivré une
    passe décisive" is not "la passe décisive de Doué")."""
    items: list[tuple[str, FactMention, set[str], set[str]]] = []
    figures: list[list[tuple[str, str, str]]] = []
    arguments: list[tuple[frozenset[str], ...]] = []
    # Rewrites repeat clauses word for word: identical clauses of several articles are one
    # prototype, compared once (a clause said twice in one article makes a second one).
    protos: list[list[int]] = []
    proto_of: dict[tuple[object, ...], int] = {}
    for aid, found in mentions.items():
        said: Counter[tuple[object, ...]] = Counter()
        for m in found:
            if m.kind != "event":
                continue
            narrow, wide = _keys(m, entity_of)
            figs = _figures(m, found)
            args = _roles(m, entity_of)
            key = (frozenset(narrow), frozenset(wide), m.slot, m.negated, tuple(sorted(figs)),
                   args)
            said[key] += 1
            slot = proto_of.setdefault((*key, said[key]), len(protos))
            if slot == len(protos):
                protos.append([])
                figures.append(figs)
                arguments.append(args)
            protos[slot].append(len(items))
            items.append((aid, m, narrow, wide))
    heads = [items[p[0]] for p in protos]
    articles = [frozenset(items[k][0] for k in p) for p in protos]
    idf = _idf([(aid, wide) for aid, _, _, wide in items])
    narrow_w = [_weight(narrow, idf) for _, _, narrow, _ in heads]
    wide_w = [_weight(wide, idf) for _, _, _, wide in heads]
    sim: dict[tuple[int, int], float] = {}
    for i, j in _candidate_pairs([wide for _, _, _, wide in heads]):
        persons_i, persons_j = heads[i][3] & people, heads[j][3] & people
        if persons_i and persons_j and not persons_i & persons_j:
            continue
        if articles[i] & articles[j] or _figures_differ(figures[i], figures[j]):
            continue
        # A claim is its clause: two clauses on different verbs that share no words but
        # their sentences' ("qui s'est abattue sur la capitale" in a sentence on the
        # speech) never meet, nor does a clause meet its own negation ("a montré" / "ne
        # montre aucune"); a negation on another verb may be a paraphrase ("ne s'étendra
        # pas" / "l'interdiction de tout élargissement").
        verb = _one_verb(heads[i][1].slot, heads[j][1].slot)
        narrow = _weighted(heads[i][2], heads[j][2], idf, narrow_w[i], narrow_w[j])
        if (narrow == 0 and not verb) or (verb and heads[i][1].negated != heads[j][1].negated):
            continue
        if verb and _other_arguments(arguments[i], arguments[j]):
            continue
        score = max(
            narrow,
            WIDE_WEIGHT * _weighted(heads[i][3], heads[j][3], idf, wide_w[i], wide_w[j]),
        )
        if not _same_predicate(heads[i], heads[j]):
            score *= OTHER_PREDICATE
        if score > 0:
            sim[(i, j)] = score
    clusters: dict[int, list[int]] = {i: [i] for i in range(len(protos))}
    owner = {i: i for i in range(len(protos))}
    held = {i: set(articles[i]) for i in range(len(protos))}
    for (i, j), score in sorted(sim.items(), key=lambda kv: -kv[1]):
        if score < min_sim:
            break
        ci, cj = owner[i], owner[j]
        if ci == cj or held[ci] & held[cj]:
            continue
        a, b = clusters[ci], clusters[cj]
        links = [sim.get((min(x, y), max(x, y)), 0.0) for x in a for y in b]
        if sum(links) / len(links) < min_sim * AVERAGE_SHARE or min(links) < min_sim * MIN_SHARE:
            continue
        a.extend(b)
        held[ci] |= held.pop(cj)
        for k in b:
            owner[k] = ci
        del clusters[cj]
    groups: list[Group] = []
    for members in clusters.values():
        found_in = sorted(k for p in members for k in protos[p])
        if len({items[k][0] for k in found_in}) < 2:
            continue
        group = Group("event", "")
        group.members = [(items[k][0], items[k][1]) for k in found_in]
        groups.append(group)
    return groups


OVERLAP_SHARE = 0.6  # share of the groups' articles where their spans overlap to be one claim


def _overlap(a: Group, b: Group) -> dict[str, FactMention]:
    """Per article, the member of `b` whose span overlaps a member of `a` there."""
    spans: dict[str, list[FactMention]] = {}
    for aid, m in a.members:
        spans.setdefault(aid, []).append(m)
    return {
        aid: m for aid, m in b.members
        if any(m.start < o.end and o.start < m.end for o in spans.get(aid, []))
    }


def _same_claim(a: Group, b: Group) -> dict[str, FactMention]:
    """The overlapping members of `b` when the two groups say one thing in the same words."""
    shared = _overlap(a, b)
    union = set(a.articles) | set(b.articles)
    return shared if len(shared) >= 2 and len(shared) >= OVERLAP_SHARE * len(union) else {}


def _widen(host: Group, clauses: dict[str, FactMention]) -> None:
    """Let the host's mentions quote the whole clause that states them, value unchanged."""
    for n, (aid, m) in enumerate(host.members):
        c = clauses.get(aid)
        if c is not None and c.start <= m.start and m.end <= c.end:
            host.members[n] = (aid, replace(m, text=c.text, start=c.start, end=c.end))


def _adds_nothing(event: Group, host: Group, shared: dict[str, FactMention],
                  valued: list[Group]) -> bool:
    """Whether every article whose statement does not hold the value gives another value
    there (it disputes the fact rather than backing the statement apart from it)."""
    others = [g for g in valued if g.kind == host.kind and g.value != host.value]
    rest = Group(event.kind, "", [(a, m) for a, m in event.members if a not in shared])
    return all(aid in {a for g in others for a in _overlap(g, rest)} for aid in rest.articles)


def _shows(host: Group, event: Group) -> bool:
    """Whether a valued fact already shows the statement: its first mention lies in the
    statement's clause, and in every other article too the clause holds one of its mentions."""
    if set(_overlap(host, event)) != set(event.articles):
        return False
    aid, first = host.members[0]
    return any(a == aid and m.start <= first.start and first.end <= m.end for a, m in event.members)


def fold_overlaps(groups: list[Group]) -> list[Group]:
    """Drop statement groups that repeat another group in the same articles' words.

    A statement over the same spans as a valued fact is folded into that fact, whose mentions
    then quote the whole clause (the value is the more checkable form); of two overlapping
    statements the better backed, then the shorter, stays and takes the other's articles.
    """
    valued = [g for g in groups if g.kind != "event"]
    events = sorted((g for g in groups if g.kind == "event"),
                    key=lambda g: (-len(g.articles), sum(m.end - m.start for _, m in g.members)))
    kept: list[Group] = []
    for e in events:
        host = max(valued, key=lambda g: len(_same_claim(g, e)), default=None)
        shared = _same_claim(host, e) if host else {}
        if host and shared and _adds_nothing(e, host, shared, valued):
            _widen(host, shared)
            continue
        cover = next((g for g in valued if _shows(g, e)), None)
        if cover is not None:
            _widen(cover, _overlap(cover, e))
            continue
        # Lead with a clause no valued fact already shows, so the statement reads as new.
        shown = [g.members[0] for g in valued]
        e.members.sort(key=lambda am: any(
            a == am[0] and m.start < am[1].end and am[1].start < m.end for a, m in shown
        ))
        twin = next((k for k in kept if _same_claim(k, e)), None)
        if twin is None:
            kept.append(e)
            continue
        have = set(twin.articles)
        twin.members += [(aid, m) for aid, m in e.members if aid not in have]
    order = {id(g): n for n, g in enumerate(groups)}
    return sorted(valued + kept, key=lambda g: order[id(g)])
