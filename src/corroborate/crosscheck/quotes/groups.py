"""Quote groups across a story: the same words reported by several articles, whole or in part.

A quote whose speaker phrase is a bare role ("a déclaré le ministre") is given to the one person
of the story introduced with that role in any article, which overrides a guess made within the
article; when several persons hold the role, the article's own resolution stands.

Two quotes join when their normalised texts match as a whole (token-sort ratio) or one is a cut
of the other (partial ratio, the shorter having at least six words), and their speakers do not
resolve to two different entities. Groups are closed transitively.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from corroborate.crosscheck.entities import canonical
from corroborate.lexicon.names import fold
from corroborate.types import Entity, Evidence, Quote, QuoteMention

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
PARTIAL_MIN = 88.0
WHOLE_MIN = 85.0
MIN_WORDS = 4
CUT_MIN_WORDS = 6  # a cut shorter than this matches too many sentences by chance


def normalise(text: str) -> str:
    """Folded words only: case, accents, quotation marks and punctuation removed."""
    return " ".join(_NON_WORD.sub(" ", fold(text)).split())


def same_words(a: str, b: str) -> bool:
    """Whether two normalised quotes say the same thing, whole, cut or slightly reworded."""
    if not a or not b:
        return False
    short = min(a, b, key=len)
    if len(short.split()) < MIN_WORDS:
        return a == b
    if fuzz.token_sort_ratio(a, b) >= WHOLE_MIN:
        return True
    return len(short.split()) >= CUT_MIN_WORDS and fuzz.partial_ratio(a, b) >= PARTIAL_MIN


def group_quotes(
    quotes: dict[str, list[QuoteMention]], entities: list[Entity]
) -> list[Quote]:
    """Quote groups of a story, largest support first, ids Q1, Q2, ..."""
    items: list[tuple[str, QuoteMention, str, Entity | None]] = []
    for article_id in sorted(quotes):
        for q in quotes[article_id]:
            speaker = by_role(q.role, entities) if q.role else None
            if speaker is None and q.speaker:
                speaker = canonical(q.speaker, entities)
            items.append((article_id, q, normalise(q.text), speaker))
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (art_a, qa, na, sa) in enumerate(items):
        for j in range(i + 1, len(items)):
            art_b, qb, nb, sb = items[j]
            if art_a == art_b and _overlap(qa, qb):
                parent[find(j)] = find(i)
                continue
            if sa is not None and sb is not None and sa.id != sb.id:
                continue
            if same_words(na, nb):
                parent[find(j)] = find(i)
    members: dict[int, list[int]] = {}
    for i in range(len(items)):
        members.setdefault(find(i), []).append(i)
    groups = [_to_quote([items[i] for i in idx]) for idx in members.values()]
    groups.sort(key=lambda g: (-len({e.article for e in g.support}), -len(g.support), g.text))
    for n, g in enumerate(groups, 1):
        g.id = f"Q{n}"
    return groups


def by_role(role: str, entities: list[Entity]) -> Entity | None:
    """The one person of the story given this role in any article ("le ministre" -> X)."""
    holders = [e for e in entities if e.type == "PER" and role in e.roles]
    return holders[0] if len(holders) == 1 else None


def _overlap(a: QuoteMention, b: QuoteMention) -> bool:
    return min(a.end, b.end) - max(a.start, b.start) > 0


def _to_quote(members: list[tuple[str, QuoteMention, str, Entity | None]]) -> Quote:
    """One group: the longest direct wording as its text, the best-attested speaker."""
    direct = [m for m in members if m[1].kind == "direct"] or members
    text = max(direct, key=lambda m: len(m[1].text))[1].text
    names: dict[str, int] = {}
    for _, q, _, entity in members:
        name = entity.name if entity is not None else q.speaker
        if name:
            names[name] = names.get(name, 0) + (2 if entity is not None else 1)
    speaker = max(names, key=lambda n: names[n]) if names else None
    support = [
        Evidence(article=a, text=q.text, start=q.start)
        for a, q, _, _ in sorted(members, key=lambda m: (m[0], m[1].start))
    ]
    kind = "direct" if any(m[1].kind == "direct" for m in members) else "indirect"
    return Quote(id="", speaker=speaker, text=text, kind=kind, support=support)
