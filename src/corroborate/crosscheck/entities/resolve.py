"""Entity resolution across the articles of a story: one canonical entity per real referent.

Cascade, each step on the output of the one before:
  1. collect NER mentions under their name form (no title, no article, "Le Goarnic" keeps its
     particle), drop junk (lower-case fragments unless a place noun opens them, line-spanning
     spans, stop words);
  2. group surface forms by their folded form (Otan / OTAN, Etats-Unis / États-Unis) and by the
     exonym table in rules/aliases.json (Poutine / Putin);
  3. vote each group's type over all its mentions (Washington PER once, LOC five times -> LOC);
  4. merge multi-word person names with the same surname key and agreeing first names
     (Jena Psaki / Jen Psaki, Yuri Ushakov / Iouri Ouchakov), never two different first names;
  5. attach one-word names to the one full name whose surname they match (Baiden -> Joe Biden),
     recovering one-word names the NER missed from proper-noun tokens;
  6. attach acronyms to the one long name whose initials they spell;
  7. attach "<place noun> de <Name>" to <Name> (vallée de l'Aulnette / Aulnette), a place name
     used alone to the one club named after it (Pontivel / US Pontivel, rules/club_prefixes.txt)
     and a short compound place to the one longer compound it starts (Saint-Péran);
  8. type each entity by the vote over its full names, and name it by the spelling most
     outlets agree on (corroborate.crosscheck.entities.forms);
  9. record the role nouns the articles give each person ("le ministre X" -> ministre), which
     quote groups use to resolve a bare-role speaker across the story.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from corroborate.crosscheck.entities.forms import Form, acronym_name, best_name, spelling_trust
from corroborate.crosscheck.entities.places import after_place_noun, club_place, place_form
from corroborate.crosscheck.entities.speakers import introduced_roles
from corroborate.crosscheck.parsed import Parsed
from corroborate.lexicon.names import (
    fold,
    is_capitalised,
    loose_key,
    matches_surname,
    name_key,
    name_surface,
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
    used_in: dict[str, set[str]] = field(default_factory=dict)  # surface -> articles

    def add(self, surface: str, label: str, article: str) -> None:
        """Count one mention of a surface form in an article."""
        self.surfaces[surface] += 1
        self.labels[label] += 1
        self.articles.add(article)
        self.used_in.setdefault(surface, set()).add(article)

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
    if not is_capitalised(surface) and not surface.isupper() and not place_form(surface):
        return True
    key = loose_key(surface)
    if not key or key in _junk() or len(key.replace(" ", "")) < 2:
        return True
    return len(key.split()) > 7


def _initial(analysis: Analysis, start: int) -> bool:
    """Whether a mention opens its sentence or line (a capitalised article there is an article)."""
    for k, token in enumerate(analysis.tokens):
        if token.idx == start:
            if k == 0 or token.sent_start:
                return True
            prev = analysis.tokens[k - 1].text
            return "\n" in prev or prev in (".", "!", "?", "«", "“", '"', ":", "—", "–")
        if token.idx > start:
            break
    return True


def _collect(analyses: list[Analysis]) -> dict[str, _Group]:
    groups: dict[str, _Group] = {}
    for analysis in analyses:
        for mention in analysis.mentions:
            initial = _initial(analysis, mention.start)
            surface = name_surface(mention.text, mention.label == "PER", initial)
            if is_junk(surface):
                continue
            key = loose_key(surface)
            key = _aliases().get(key, key)
            group = groups.setdefault(key, _Group(key))
            group.add(surface, mention.label, analysis.article_id)
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
            group.add(token.text, "PER", analysis.article_id)


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


def _merge_places(groups: dict[str, _Group], union: _Union) -> None:
    """Join "<place noun> de <Name>" to <Name> used alone (vallée de l'Aulnette / Aulnette)."""
    for g in groups.values():
        name = after_place_noun(g.surfaces.most_common(1)[0][0])
        if name is None:
            continue
        key = loose_key(name)
        if key in groups and key != g.key:
            union.join(key, g.key)


def _merge_clubs(groups: dict[str, _Group], union: _Union) -> None:
    """Join a place name used alone to the one club named after it (Pontivel / US Pontivel)."""
    clubs: dict[str, list[str]] = defaultdict(list)
    for g in groups.values():
        rest = club_place(g.key)
        if rest:
            clubs[rest].append(g.key)
    for rest, keys in clubs.items():
        if len(keys) == 1 and rest in groups:
            union.join(keys[0], rest)


def _merge_compounds(groups: dict[str, _Group], union: _Union) -> None:
    """Join a short compound place to the one longer compound it starts (Saint-Péran)."""
    places = [g for g in groups.values() if g.type == "LOC"]
    for g in places:
        surface = g.surfaces.most_common(1)[0][0]
        parts = g.key.split()
        if len(parts) < 2 or "-" not in surface or " " in surface:
            continue
        hits = [
            h
            for h in places
            if h is not g
            and len(h.key.split()) > len(parts)
            and h.key.split()[: len(parts)] == parts
            and " " not in h.surfaces.most_common(1)[0][0]
        ]
        if len(hits) == 1:
            union.join(hits[0].key, g.key)


def _entity_type(members: list[_Group]) -> str:
    """The voted type, over full names when there are any (they are tagged more reliably)."""
    full = [g for g in members if len(g.key.split()) >= 2] or members
    labels: Counter[str] = Counter()
    for g in full:
        labels.update(g.labels)
    best = max(labels.values())
    return min((t for t, n in labels.items() if n == best), key=_TYPE_ORDER.get)


def _forms(members: list[_Group]) -> list[Form]:
    return [
        Form(surface, n, frozenset(g.used_in.get(surface, g.articles)), place_form(surface))
        for g in members
        for surface, n in g.surfaces.items()
    ]


def resolve_entities(analyses: list[Analysis]) -> list[Entity]:
    """Canonical entities across the analyses of one story, most mentioned first."""
    groups = _collect(analyses)
    _recover_surnames(analyses, groups)
    union = _Union(list(groups))
    _merge_people(groups, union)
    _merge_acronyms(groups, union)
    _merge_places(groups, union)
    _merge_clubs(groups, union)
    _merge_compounds(groups, union)
    clusters: dict[str, list[_Group]] = defaultdict(list)
    for g in groups.values():
        clusters[union.find(g.key)].append(g)
    trust = spelling_trust([_forms(m) for m in clusters.values()])
    entities = []
    for members in clusters.values():
        etype = _entity_type(members)
        variants = sorted({s for g in members for s in g.surfaces}, key=lambda s: (-len(s), s))
        forms = _forms(members)
        name = best_name(forms, trust)
        entities.append(
            Entity(
                id="",
                name=acronym_name(forms, name) if etype == "ORG" else name,
                type=etype,
                variants=variants,
                articles=sorted({a for g in members for a in g.articles}),
                mentions=sum(g.count for g in members),
            )
        )
    entities.sort(key=lambda e: (-e.mentions, e.name))
    for n, entity in enumerate(entities, 1):
        entity.id = f"E{n}"
    _attach_roles(analyses, entities)
    return entities


def _token_text(analysis: Analysis) -> str:
    """A stand-in for the article text with every token at its offset (spaces between)."""
    if not analysis.tokens:
        return ""
    last = analysis.tokens[-1]
    chars = [" "] * (last.idx + len(last.text))
    for t in analysis.tokens:
        chars[t.idx : t.idx + len(t.text)] = t.text
    return "".join(chars)


def _attach_roles(analyses: list[Analysis], entities: list[Entity]) -> None:
    """Record on each person the role nouns the articles give it ("le ministre X")."""
    for analysis in analyses:
        for role in introduced_roles(Parsed(analysis, _token_text(analysis))):
            entity = canonical(role.name, entities)
            if entity is not None and entity.type == "PER" and role.head not in entity.roles:
                entity.roles.append(role.head)


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
