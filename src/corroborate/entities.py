"""Entity resolution across the articles of a story: one canonical entity per real referent.

Cascade, each step on the output of the one before:
  1. collect NER mentions, drop junk (lower-case fragments, line-spanning spans, stop words);
  2. group surface forms by their folded form (Otan / OTAN, Etats-Unis / États-Unis) and by the
     exonym table in rules/aliases.json (Poutine / Putin);
  3. vote each group's type over all its mentions (Washington PER once, LOC five times -> LOC);
  4. merge multi-word person names with the same surname key and agreeing first names
     (Jena Psaki / Jen Psaki, Yuri Ushakov / Iouri Ouchakov), never two different first names;
  5. attach one-word names to the one full name whose surname they match (Baiden -> Joe Biden),
     recovering one-word names the NER missed from proper-noun tokens;
  6. attach acronyms to the one long name whose initials they spell;
  7. name each entity by its best-attested full form.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from corroborate.names import (
    fold,
    is_capitalised,
    loose_key,
    matches_surname,
    name_key,
    same_person,
    similar_word,
    strip_article,
)
from corroborate.types import Analysis, Entity

RULES = Path(__file__).parent / "rules"
_TYPE_ORDER = {"PER": 0, "ORG": 1, "LOC": 2, "MISC": 3}
_ACRONYM_STOP = {"de", "du", "des", "la", "le", "les", "l", "d", "et", "pour", "sur", "en", "of"}


@dataclass
class _Group:
    """Surface forms sharing one folded key, with their mentions."""

    key: str
    surfaces: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)
    articles: set[str] = field(default_factory=set)

    @property
    def type(self) -> str:
        """The voted type; ties go to the more specific label."""
        best = max(self.labels.values())
        return min((t for t, n in self.labels.items() if n == best), key=_TYPE_ORDER.get)

    @property
    def count(self) -> int:
        """Number of mentions."""
        return sum(self.surfaces.values())

    @property
    def words(self) -> tuple[str, ...]:
        """Name key of the most frequent surface form."""
        return name_key(self.surfaces.most_common(1)[0][0])


@cache
def _aliases() -> dict[str, str]:
    """Exonym table: loose key of each spelling -> loose key of the group's first spelling."""
    data = json.loads((RULES / "aliases.json").read_text(encoding="utf-8"))
    table: dict[str, str] = {}
    for group in data["groups"]:
        head = loose_key(group[0])
        for spelling in group:
            table[loose_key(spelling)] = head
    return table


@cache
def _junk() -> frozenset[str]:
    """Surface forms never kept as entities, folded."""
    text = (RULES / "junk.txt").read_text(encoding="utf-8")
    return frozenset(
        fold(line) for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def is_junk(surface: str) -> bool:
    """Whether an NER span is noise rather than a name."""
    if "\n" in surface or len(surface) < 2:
        return True
    if not is_capitalised(surface) and not surface.isupper():
        return True
    key = loose_key(surface)
    if not key or key in _junk() or len(key.replace(" ", "")) < 2:
        return True
    return len(key.split()) > 7


def _collect(analyses: list[Analysis]) -> dict[str, _Group]:
    groups: dict[str, _Group] = {}
    for analysis in analyses:
        for mention in analysis.mentions:
            surface = strip_article(mention.text)
            if is_junk(surface):
                continue
            key = loose_key(surface)
            key = _aliases().get(key, key)
            group = groups.setdefault(key, _Group(key))
            group.surfaces[surface] += 1
            group.labels[mention.label] += 1
            group.articles.add(analysis.article_id)
    return groups


def _recover_surnames(analyses: list[Analysis], groups: dict[str, _Group]) -> None:
    """Count proper-noun tokens outside NER spans that match a known surname as its mentions."""
    surnames = {
        g.words[-1] for g in groups.values() if g.type == "PER" and len(g.words) >= 2
    }
    if not surnames:
        return
    for analysis in analyses:
        for token in analysis.tokens:
            if token.ent_iob != "O" or token.pos != "PROPN" or not token.text[:1].isupper():
                continue
            key = name_key(token.text)
            if len(key) != 1 or not any(similar_word(key[0], s) for s in surnames):
                continue
            loose = loose_key(token.text)
            group = groups.setdefault(loose, _Group(loose))
            group.surfaces[token.text] += 1
            group.labels["PER"] += 1
            group.articles.add(analysis.article_id)


class _Union:
    """Disjoint sets over group keys."""

    def __init__(self, keys: list[str]) -> None:
        self.parent = {k: k for k in keys}

    def find(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, a: str, b: str) -> None:
        self.parent[self.find(b)] = self.find(a)


def _merge_people(groups: dict[str, _Group], union: _Union) -> None:
    people = [g for g in groups.values() if g.type == "PER"]
    full = [g for g in people if len(g.words) >= 2]
    for i, a in enumerate(full):
        for b in full[i + 1 :]:
            if same_person(a.words, b.words):
                union.join(a.key, b.key)
    clusters: dict[str, list[_Group]] = defaultdict(list)
    for g in full:
        clusters[union.find(g.key)].append(g)
    for g in groups.values():
        if len(g.words) != 1 or g.type not in ("PER", "MISC"):
            continue
        hits = {
            root
            for root, members in clusters.items()
            if any(matches_surname(g.words, m.words) for m in members)
        }
        target = _dominant(hits, clusters)
        if target:
            union.join(target, g.key)


def _dominant(roots: set[str], clusters: dict[str, list[_Group]]) -> str | None:
    """The one candidate, or the candidate mentioned more than twice as often as any other."""
    if not roots:
        return None
    ranked = sorted(roots, key=lambda r: -sum(m.count for m in clusters[r]))
    if len(ranked) == 1:
        return ranked[0]
    first = sum(m.count for m in clusters[ranked[0]])
    second = sum(m.count for m in clusters[ranked[1]])
    return ranked[0] if first > 2 * second else None


def _initials(key: str) -> str:
    return "".join(w[0] for w in key.replace("-", " ").split() if w not in _ACRONYM_STOP)


def _merge_acronyms(groups: dict[str, _Group], union: _Union) -> None:
    long_names = [g for g in groups.values() if len(g.key.split()) >= 2]
    for g in groups.values():
        surface = g.surfaces.most_common(1)[0][0]
        if not (surface.isupper() and surface.isalpha() and 2 <= len(surface) <= 6):
            continue
        hits = [h for h in long_names if _initials(h.key) == g.key]
        if len(hits) == 1:
            union.join(hits[0].key, g.key)


def _best_name(members: list[_Group]) -> str:
    """The best-attested full form: most mentions counting its surname used alone, then articles.

    A surname used alone backs every full form with the same surname key; one spelt exactly
    like it breaks ties (Ouchakov alone favours Iouri Ouchakov over Yuri Ushakov).
    """
    counts: Counter[str] = Counter()
    articles: dict[str, int] = {}
    for g in members:
        for surface, n in g.surfaces.items():
            counts[surface] += n
            articles[surface] = max(articles.get(surface, 0), len(g.articles))
    alone_key: Counter[str] = Counter()
    alone_exact: Counter[str] = Counter()
    for surface, n in counts.items():
        key = name_key(surface)
        if len(key) == 1:
            alone_key[key[0]] += n
            alone_exact[fold(surface)] += n

    def score(surface: str) -> tuple[int, ...]:
        key = name_key(surface)
        last = surface.split()[-1] if surface.split() else surface
        backed = alone_key.get(key[-1], 0) if len(key) >= 2 else 0
        exact = alone_exact.get(fold(last), 0) if len(key) >= 2 else 0
        accents = sum(1 for c in surface if ord(c) > 127)
        return (min(len(key), 2), counts[surface] + backed, exact, articles[surface], accents,
                int(surface.isupper()))

    return sorted(counts, key=lambda s: (tuple(-x for x in score(s)), s))[0]


def resolve_entities(analyses: list[Analysis]) -> list[Entity]:
    """Canonical entities across the analyses of one story, most mentioned first."""
    groups = _collect(analyses)
    _recover_surnames(analyses, groups)
    union = _Union(list(groups))
    _merge_people(groups, union)
    _merge_acronyms(groups, union)
    clusters: dict[str, list[_Group]] = defaultdict(list)
    for g in groups.values():
        clusters[union.find(g.key)].append(g)
    entities = []
    for members in clusters.values():
        labels: Counter[str] = Counter()
        for g in members:
            labels.update(g.labels)
        best = max(labels.values())
        etype = min((t for t, n in labels.items() if n == best), key=_TYPE_ORDER.get)
        variants = sorted({s for g in members for s in g.surfaces}, key=lambda s: (-len(s), s))
        entities.append(
            Entity(
                id="",
                name=_best_name(members),
                type=etype,
                variants=variants,
                articles=sorted({a for g in members for a in g.articles}),
                mentions=sum(g.count for g in members),
            )
        )
    entities.sort(key=lambda e: (-e.mentions, e.name))
    for n, entity in enumerate(entities, 1):
        entity.id = f"E{n}"
    return entities


def canonical(name: str, entities: list[Entity]) -> Entity | None:
    """The entity a surface form (a quote speaker, a one-word name) belongs to, if any."""
    surface = strip_article(name)
    if not surface:
        return None
    loose = loose_key(surface)
    loose = _aliases().get(loose, loose)
    for entity in entities:
        if any(_aliases().get(loose_key(v), loose_key(v)) == loose for v in entity.variants):
            return entity
    key = name_key(surface)
    if not key:
        return None
    people = [e for e in entities if e.type == "PER"]
    hits = []
    for entity in people:
        keys = [name_key(v) for v in entity.variants]
        if len(key) >= 2:
            found = any(same_person(key, k) for k in keys)
        else:
            found = any(
                matches_surname(key, k) or (len(k) == 1 and similar_word(key[0], k[0]))
                for k in keys
            )
        if found:
            hits.append(entity)
    if not hits:
        return None
    hits.sort(key=lambda e: -e.mentions)
    if len(hits) > 1 and hits[0].mentions <= 2 * hits[1].mentions:
        return None
    return hits[0]
