"""One claim told in two languages: fact groups of a bilingual story joined by meaning.

Groups form within a language (their keys are lemmas and stems), so "au moins 95 morts" and
"at least 95 people have died" stay two facts. In a story whose articles are in several
languages, a group whose articles are all in one language joins a group whose articles are all
in another when the multilingual sentence encoder reads their sentences as the same statement:
- valued groups (a number, a date, a duration) only with the same kind and value, and a cosine
  of at least `VALUE_COSINE` between the sentences that hold them;
- statements with a cosine of at least `STATEMENT_COSINE`, a translation's level rather than a
  topic's.
Each group joins at most one group of each other language: its best match, which must choose
it back. A monolingual story is returned as it is, and nothing is encoded for it.

An article analysed without a parse (a language with no model) states no clause, so its
sentences are read as such: a sentence backs the group of another language it is closest to
when that group is also its own best match, at `SENTENCE_COSINE` for a statement, or at
`VALUE_COSINE` for a valued group when the sentence holds the same value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from corroborate.crosscheck.facts.groups import Group
from corroborate.types import FactMention, Span

VALUE_COSINE = 0.5
STATEMENT_COSINE = 0.7
SENTENCE_COSINE = 0.65  # a whole sentence against a clause: a little lower than clause to clause
MEMBERS_READ = 3  # sentences read per group: its first members
Encode = Callable[[Sequence[str]], np.ndarray]
Sentence = Callable[[str, FactMention], str]


def join_languages(groups: list[Group], langs: dict[str, str | None], sentence: Sentence,
                   encode: Encode) -> list[Group]:
    """Groups with those that state one claim in different languages merged."""
    if len({lang for lang in langs.values() if lang}) < 2:
        return groups
    lang_of: list[str | None] = []
    for g in groups:
        found = {langs.get(a) for a in g.articles}
        lang_of.append(found.pop() if len(found) == 1 else None)
    texts: dict[int, list[str]] = {
        i: [sentence(a, m) for a, m in g.members[:MEMBERS_READ]]
        for i, g in enumerate(groups) if lang_of[i]
    }
    if not texts:
        return groups
    order = list(texts)
    flat = [t for i in order for t in texts[i]]
    vectors = encode(flat)
    blocks, at = {}, 0
    for i in order:
        blocks[i] = vectors[at : at + len(texts[i])]
        at += len(texts[i])
    best: dict[tuple[int, str], tuple[float, int]] = {}
    for x, i in enumerate(order):
        for j in order[x + 1 :]:
            if lang_of[i] == lang_of[j] or not _comparable(groups[i], groups[j]):
                continue
            cosine = float((blocks[i] @ blocks[j].T).max())
            if cosine < (STATEMENT_COSINE if groups[i].kind == "event" else VALUE_COSINE):
                continue
            for a, b in ((i, j), (j, i)):
                key = (a, lang_of[b] or "")
                if cosine > best.get(key, (-1.0, -1))[0]:
                    best[key] = (cosine, b)
    parent = list(range(len(groups)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for (i, _), (_, j) in sorted(best.items()):
        if best.get((j, lang_of[i] or ""), (0.0, -1))[1] == i:
            a, b = sorted((find(i), find(j)))
            parent[b] = a
    out: dict[int, Group] = {}
    for i, g in enumerate(groups):
        root = find(i)
        if root == i:
            out[i] = g
    for i, g in enumerate(groups):
        root = find(i)
        if root != i:
            out[root].members.extend(g.members)
    return list(out.values())


def _comparable(a: Group, b: Group) -> bool:
    if a.kind != b.kind:
        return False
    return a.kind == "event" or (bool(a.value) and a.value == b.value)


def attach_sentences(groups: list[Group], langs: dict[str, str | None],
                     unparsed: dict[str, list[Span]], mentions: dict[str, list[FactMention]],
                     sentence: Sentence, encode: Encode) -> None:
    """Add to groups of one language the sentences of unparsed articles in another that
    state their claim (see the module's docstring); each sentence backs one group at most."""
    home = [{langs.get(a) for a in g.articles} for g in groups]
    targets = [g for g, found in zip(groups, home, strict=True) if len(found) == 1]
    target_langs = [found for found in home if len(found) == 1]
    if not targets or not unparsed:
        return
    texts = [[sentence(a, m) for a, m in g.members[:MEMBERS_READ]] for g in targets]
    flat = encode([t for group in texts for t in group])
    # A group reads as the closest of its first members' sentences.
    owner = np.repeat(np.arange(len(targets)), [len(group) for group in texts])
    for aid, spans in unparsed.items():
        lang = langs.get(aid)
        if not spans or not lang:
            continue
        vectors = encode([span.text for span in spans])
        sims = np.full((len(spans), len(targets)), -1.0)
        np.maximum.at(sims.T, owner, (vectors @ flat.T).T)  # sentences x groups
        for k, found in enumerate(target_langs):
            if lang in found:  # its own language: the usual grouping has read it
                sims[:, k] = -1.0
        for row, span in enumerate(spans):
            # Its closest group it can back: a valued one needs its value in the sentence.
            for k in np.argsort(-sims[row]):
                g = targets[int(k)]
                bar = SENTENCE_COSINE if g.kind == "event" else VALUE_COSINE
                if sims[row, k] < bar:
                    break
                member = _member(g, span, row, mentions.get(aid, []))
                if member is None:
                    continue
                if int(sims[:, k].argmax()) == row:
                    g.members.append((aid, member))
                break


def _member(group: Group, span: Span, row: int, mentions: list[FactMention]
            ) -> FactMention | None:
    """The mention a sentence backs a group with: its own mention of the group's value, or
    for a statement the sentence itself."""
    if group.kind != "event":
        return next((m for m in mentions if m.kind == group.kind and m.value == group.value
                     and span.start <= m.start and m.end <= span.end), None)
    text = span.text.strip()
    start = span.start + span.text.index(text) if text else span.start
    return FactMention("event", "", text, start, start + len(text), row)
