"""Quote groups across a story: the same words reported by several articles, whole or in part.

A quote whose speaker phrase is a bare role ("a déclaré le ministre") is given to the one person
of the story introduced with that role in any article, which overrides a guess made within the
article; when several persons hold the role, the article's own resolution stands.

Two quotes of different articles join when their normalised texts match as a whole
(token-sort ratio) or one is a cut of the other (partial ratio, the shorter having at least six
words), or when the multilingual sentence encoder finds them the same statement reworded or
translated (cosine >= MEANING_MIN, both of at least MIN_WORDS words; between articles in two
languages, TRANSLATION_MIN when they credit one entity, on one side or both). Quotes credited to two
different entities join only on the same words or a cosine >= CONFLICT_MIN: such a group is a
conflict over who said it (`speaker_conflicts`). A quote that carries a quoted phrase of two
words or more (« erreur colossale ») joins a quote of another article holding those words, both
of at least MIN_WORDS words: the outlets quote one statement. Groups are closed transitively.

A speaker phrase that is a bare noun ("le musée") is the one organisation or place of its
article whose name the noun starts ("musée du Louvre"). Speakers that are no entity are merged by
a loose key (article, case, accents, apostrophe style: "ministère de l'Intérieur", "le ministère
de l’intérieur"), and a bare noun into the one longer phrase of its article that it starts. A
group's speaker is the canonical entity most articles credit, direct attributions before
reported ones, so the variants of one name (Ouchakov, Iouri Ouchakov, Yuri Ushakov) give one
speaker.
"""

from __future__ import annotations

import re
from itertools import pairwise

import numpy as np
from rapidfuzz import fuzz, process

from corroborate.analyze import encoder
from corroborate.crosscheck.entities import canonical
from corroborate.lexicon.names import fold, strip_article
from corroborate.types import Conflict, Entity, Evidence, Quote, QuoteMention

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
PARTIAL_MIN = 88.0
WHOLE_MIN = 85.0
MIN_WORDS = 4
CUT_MIN_WORDS = 6  # a cut shorter than this matches too many sentences by chance
MEANING_MIN = 0.75  # on dev2 (calibration set) true pairs score 0.76 and up, no other pair 0.55
CONFLICT_MIN = 0.85  # two speakers for one statement: stricter, a wrong conflict is costly
# A translation scores lower than a rewording in one language (Trump's statement in English and
# in French: 0.68): across languages a pair that credits one entity (on one side or both)
# needs this.
TRANSLATION_MIN = 0.65


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
    quotes: dict[str, list[QuoteMention]], entities: list[Entity],
    conflicts: list[Conflict] | None = None, langs: dict[str, str | None] | None = None,
) -> list[Quote]:
    """Quote groups of a story, largest support first, ids Q1, Q2, ...; groups whose articles
    credit different speakers are appended to `conflicts` when it is given; `langs` gives
    each article's language, for translations."""
    langs = langs or {}
    items: list[tuple[str, QuoteMention, str, Entity | None]] = []
    for article_id in sorted(quotes):
        for q in quotes[article_id]:
            speaker = by_role(q.role, entities) if q.role else None
            if speaker is None and q.speaker:
                speaker = canonical(q.speaker, entities) or by_head_noun(q.speaker, entities,
                                                                          article_id)
            items.append((article_id, q, normalise(q.text), speaker))
    parent = list(range(len(items)))
    # The encoder sees each distinct text once: rewrites repeat quotes word for word.
    unique = list(dict.fromkeys(q.text for _, q, _, _ in items))
    at = {text: n for n, text in enumerate(unique)}
    row = [at[q.text] for _, q, _, _ in items]
    # Quotes meet by meaning only across articles: a story's lone article encodes nothing.
    across = sum(1 for said in quotes.values() if said) > 1
    sims = _similarities(unique) if across else np.zeros((len(unique),) * 2, dtype=np.float32)

    def sims_of(i: int, j: int) -> float:
        return float(sims[row[i], row[j]])

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    several = len({lang for lang in langs.values() if lang}) > 1
    floor = min(MEANING_MIN, CONFLICT_MIN, TRANSLATION_MIN if several else 1.0)
    for i, j in _candidate_quote_pairs(items, sims, row, floor):
        art_a, qa, na, sa = items[i]
        art_b, qb, nb, sb = items[j]
        if art_a == art_b:
            if _overlap(qa, qb):
                parent[find(j)] = find(i)
            continue
        two = sa is not None and sb is not None and sa.id != sb.id
        long_enough = min(len(na.split()), len(nb.split())) >= MIN_WORDS
        meaning = long_enough and sims_of(i, j) >= (CONFLICT_MIN if two else MEANING_MIN)
        if not meaning and long_enough and langs.get(art_a) != langs.get(art_b):
            # One entity credited, by both or by one of them (the other left unattributed).
            one = (sa is not None or sb is not None) and not two
            meaning = one and sims_of(i, j) >= TRANSLATION_MIN
        # A shared quoted phrase joins two statements, not a statement and a bare
        # fragment ("pacte de corruption" denounced by one source, found by another).
        phrase = long_enough and (_shares_phrase(qa.text, nb) or _shares_phrase(qb.text, na))
        if na == nb or meaning or same_words(na, nb) or phrase:
            parent[find(j)] = find(i)
    members: dict[int, list[int]] = {}
    for i in range(len(items)):
        members.setdefault(find(i), []).append(i)
    display = _speaker_forms(items)
    groups = [_to_quote([items[i] for i in idx], display) for idx in members.values()]
    credits = [[(items[i][0], items[i][1], items[i][3]) for i in idx] for idx in members.values()]
    order = sorted(range(len(groups)), key=lambda n: (-len({e.article for e in groups[n].support}),
                                                     -len(groups[n].support), groups[n].text))
    groups = [groups[n] for n in order]
    credits = [credits[n] for n in order]
    for n, g in enumerate(groups, 1):
        g.id = f"Q{n}"
    if conflicts is not None:
        conflicts.extend(speaker_conflicts(groups, credits))
    return groups


def _candidate_quote_pairs(items: list[tuple[str, QuoteMention, str, Entity | None]],
                           sims: np.ndarray, row: list[int], floor: float
                           ) -> list[tuple[int, int]]:
    """Pairs (i < j) worth the full test: quotes of one article, one text said by several
    articles, texts close by the fuzzy scores or the encoder, or sharing a quoted phrase.
    The fuzzy scores run over the distinct texts in C (rapidfuzz's cdist), and of the many
    pairs two texts' holders make, only one per kind (articles, speakers, wording) is
    tested: a big story of rewrites is not a Python loop over every pair. `floor` is the
    lowest cosine that may join two texts."""
    norms = [n for _, _, n, _ in items]
    distinct = list(dict.fromkeys(norms))
    index = {n: k for k, n in enumerate(distinct)}
    holders: dict[int, list[int]] = {}
    for i, n in enumerate(norms):
        holders.setdefault(index[n], []).append(i)
    close: set[tuple[int, int]] = set()
    if len(distinct) > 1:
        whole = process.cdist(distinct, distinct, scorer=fuzz.token_sort_ratio,
                              score_cutoff=WHOLE_MIN, dtype=np.uint8)
        cut = process.cdist(distinct, distinct, scorer=fuzz.partial_ratio,
                            score_cutoff=PARTIAL_MIN, dtype=np.uint8)
        close.update((int(x), int(y)) for x, y in np.argwhere(np.triu((whole > 0) | (cut > 0), 1)))
    spoken: dict[int, set[int]] = {}  # encoded text -> the distinct normalised texts it gives
    for i, r in enumerate(row):
        spoken.setdefault(r, set()).add(index[norms[i]])
    for x, y in np.argwhere(np.triu(sims >= floor, 1)):
        close.update((a, b) for a in spoken[int(x)] for b in spoken[int(y)] if a != b)
    for k, members in holders.items():
        phrases = {normalise(inner) for i in members for inner in _INNER.findall(items[i][1].text)}
        for phrase in (f" {p} " for p in phrases if len(p.split()) >= PHRASE_MIN_WORDS):
            close.update((k, m) for m, other in enumerate(distinct)
                         if m != k and phrase in f" {other} ")
    pairs: set[tuple[int, int]] = set()
    for members in holders.values():  # one text: chained, each article once
        firsts = sorted({items[i][0]: i for i in reversed(members)}.values())
        pairs.update(pairwise(firsts))
    for x, y in close:
        seen: set[tuple[object, ...]] = set()
        for a in holders[x]:
            for b in holders[y]:
                sa, sb = items[a][3], items[b][3]
                kind = (items[a][0] == items[b][0], sa.id if sa else None,
                        sb.id if sb else None, row[a], row[b])
                if kind not in seen:
                    seen.add(kind)
                    pairs.add((min(a, b), max(a, b)))
    by_article: dict[str, list[int]] = {}
    for i, (article, _, _, _) in enumerate(items):
        by_article.setdefault(article, []).append(i)
    for members in by_article.values():
        pairs.update((a, b) for x, a in enumerate(members) for b in members[x + 1:])
    return sorted(pairs)


_INNER = re.compile(r"[«“\"]\s*([^«»“”\"]{3,80}?)\s*[»”\"]")
PHRASE_MIN_WORDS = 2


def _shares_phrase(text: str, other: str) -> bool:
    """Whether a phrase quoted inside `text` appears in the normalised `other` quote."""
    for inner in _INNER.findall(text):
        phrase = normalise(inner)
        if len(phrase.split()) >= PHRASE_MIN_WORDS and f" {phrase} " in f" {other} ":
            return True
    return False


def by_role(role: str, entities: list[Entity]) -> Entity | None:
    """The one person of the story given this role in any article ("le ministre" -> X)."""
    holders = [e for e in entities if e.type == "PER" and role in e.roles]
    return holders[0] if len(holders) == 1 else None


def by_head_noun(phrase: str, entities: list[Entity], article: str) -> Entity | None:
    """The one organisation or place of the quote's article that a bare noun (and adjective)
    names by the start of its name ("le musée" -> "musée du Louvre", "la banque centrale" ->
    "Banque centrale européenne")."""
    words = fold(strip_article(phrase)).split()
    if not 1 <= len(words) <= 2 or len(words[0]) < 3:
        return None
    n = len(words)
    holders = [
        e for e in entities
        if e.type in ("ORG", "LOC") and article in e.articles
        and any(fold(strip_article(v)).split()[:n] == words and len(v.split()) > n
                for v in e.variants)
    ]
    return holders[0] if len(holders) == 1 else None


def _overlap(a: QuoteMention, b: QuoteMention) -> bool:
    return min(a.end, b.end) - max(a.start, b.start) > 0


def _similarities(texts: list[str]) -> np.ndarray:
    """Cosine similarity of every pair of quote texts (the encoder's vectors are unit length)."""
    if len(texts) < 2:
        return np.zeros((len(texts), len(texts)), dtype=np.float32)
    vectors = encoder().encode(texts)
    return vectors @ vectors.T


def _credited(members: list[Credit]) -> dict[str, set[str]]:
    """Persons credited by a group's members -> the articles crediting them."""
    by_name: dict[str, set[str]] = {}
    for article, _, entity in members:
        # Persons only: a person and the organisation they speak for ("Martinez" / "CGT") are
        # one voice, not a dispute.
        if entity is not None and entity.type == "PER":
            name = entity.name
            by_name.setdefault(name, set()).add(article)
    return by_name


Credit = tuple[str, QuoteMention, Entity | None]


def speaker_conflicts(groups: list[Quote], credits: list[list[Credit]]) -> list[Conflict]:
    """Quote groups whose articles credit different entities: one conflict each, with every
    side's evidence (value = the speaker that article credits)."""
    conflicts = []
    for g, members in zip(groups, credits, strict=True):
        names = _credited(members)
        if len(names) < 2:
            continue
        items = [
            Evidence(article=a, text=q.text, value=e.name, start=q.start)
            for a, q, e in sorted(members, key=lambda m: (m[0], m[1].start))
            if e is not None and e.name in names
        ]
        sides = " or ".join(f"{n} ({', '.join(sorted(arts))})" for n, arts in
                            sorted(names.items(), key=lambda x: (-len(x[1]), x[0])))
        conflicts.append(Conflict("", f"who said {g.id} ({g.text[:60]}…): {sides}", items))
    return conflicts


def speaker_key(phrase: str) -> str:
    """A speaker phrase compared loosely: no article, case, accents or apostrophe style."""
    return normalise(strip_article(phrase))


def _speaker_forms(items: list[tuple[str, QuoteMention, str, Entity | None]]) -> dict[str, str]:
    """One form per speaker that is no entity ("ministère de l'Intérieur", "le ministère de
    l’intérieur" -> the form most quotes use), and a bare noun of one article ("le ministère")
    folded into the one longer phrase of that article it starts."""
    forms: dict[str, dict[str, int]] = {}
    by_article: dict[str, set[str]] = {}
    for article, q, _, entity in items:
        if entity is None and q.speaker:
            key = speaker_key(q.speaker)
            forms.setdefault(key, {})
            forms[key][q.speaker] = forms[key].get(q.speaker, 0) + 1
            by_article.setdefault(article, set()).add(key)
    # The form most quotes use; on a tie the one that reads most as a name (no article,
    # capitals kept).
    best = {k: max(v, key=lambda f: (v[f], strip_article(f) == f,
                                     sum(c.isupper() for c in f), len(f)))
            for k, v in forms.items()}
    merged = {k: k for k in forms}
    for keys in by_article.values():
        for k in keys:
            longer = [o for o in keys if o != k and len(k.split()) == 1
                      and o.split()[:1] == k.split()]
            if len(longer) == 1:
                merged[k] = longer[0]
    display = {}
    for key, raw in forms.items():
        for form in raw:
            display[form] = best[merged[key]]
    return display


def _to_quote(members: list[tuple[str, QuoteMention, str, Entity | None]],
              display: dict[str, str]) -> Quote:
    """One group: the longest direct wording as its text, the best-attested speaker."""
    direct = [m for m in members if m[1].kind == "direct"] or members
    text = max(direct, key=lambda m: len(m[1].text))[1].text
    names: dict[str, tuple[int, int, int]] = {}
    for _, q, _, entity in members:
        name = entity.name if entity is not None else display.get(q.speaker or "", q.speaker)
        if not name:
            continue
        arts, directs, resolved = names.get(name, (0, 0, 0))
        names[name] = (arts + 1, directs + (q.kind == "direct"), resolved + (entity is not None))
    # Most articles first, then direct attributions, then names resolved to an entity.
    speaker = max(names, key=lambda n: (names[n][2] > 0, names[n][0], names[n][1])) if names \
        else None
    support = [
        Evidence(article=a, text=q.text, start=q.start)
        for a, q, _, _ in sorted(members, key=lambda m: (m[0], m[1].start))
    ]
    kind = "direct" if any(m[1].kind == "direct" for m in members) else "indirect"
    return Quote(id="", speaker=speaker, text=text, kind=kind, support=support)
