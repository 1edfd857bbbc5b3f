"""Event statements: one clause per predicate (subject, verb, objects from the parse), keyed by its
content words so paraphrases in other outlets can be matched.

A clause is a verb with its dependents, minus the clauses it embeds (complement, coordinated and
adverbial clauses get their own entry). Reporting verbs (déclarer, ajouter) are not claims: the
clause they introduce is. Keys are synonym classes or six-letter stems of content lemmas, and
"@name" for proper nouns, so "la demande de Poutine" meets "Poutine a demandé".
"""

from __future__ import annotations

import re
from functools import cache

from corroborate.lexicon.words import fold, word_lists
from corroborate.types import Analysis, Article, FactMention, Token

_SPLIT = {"ccomp", "conj", "parataxis", "advcl", "csubj"}
_CONTENT = {"NOUN", "PROPN", "VERB", "ADJ"}
_EDGE = {"PUNCT", "CCONJ", "SCONJ", "SPACE"}
_QUOTES = {"«", "»", '"', "“", "”"}
MIN_KEYS = 2
MAX_TOKENS = 45
PLURAL = "+pl"  # marks a role's head noun in the plural
WIDE = "/"  # separates a statement's clause keys from the keys of the rest of its sentence


@cache
def _synonyms() -> dict[str, str]:
    return {w: cls for cls, words in word_lists()["synonyms"].items() for w in words}


@cache
def _stop_lemmas() -> frozenset[str]:
    return frozenset(word_lists()["stop_lemmas"])


def key_of(token: Token) -> str | None:
    """The comparison key of a content token, or None for function and stop words."""
    if token.pos not in _CONTENT:
        return None
    lemma = token.lemma.lower()
    if lemma in _stop_lemmas() or len(lemma) < 3:
        return None
    if token.pos == "PROPN" or token.ent_type:
        return "@" + fold(token.text)
    cls = _synonyms().get(lemma)
    return cls if cls else fold(lemma)[:6]


def children(tokens: list[Token]) -> dict[int, list[int]]:
    """Dependents of each token index, from the plain parse."""
    kids: dict[int, list[int]] = {}
    for t in tokens:
        if t.head != t.i:
            kids.setdefault(t.head, []).append(t.i)
    return kids


def _clause(root: int, tokens: list[Token], kids: dict[int, list[int]]) -> list[int]:
    """Token indices of the clause headed by `root`, without the clauses it embeds."""
    out, stack = [], [root]
    while stack:
        i = stack.pop()
        out.append(i)
        for k in kids.get(i, []):
            dep = tokens[k].dep.split(":")[0]
            if dep in _SPLIT and tokens[k].pos in {"VERB", "AUX"}:
                continue
            stack.append(k)
    return sorted(out)


def context_keys(tokens: list[Token], kids: dict[int, list[int]], i: int) -> list[str]:
    """Keys of the clause a token belongs to: its nearest verb ancestor's clause."""
    j, seen = i, set()
    while tokens[j].pos != "VERB" and tokens[j].head != j and j not in seen:
        seen.add(j)
        j = tokens[j].head
    return list(dict.fromkeys(k for n in _clause(j, tokens, kids) if (k := key_of(tokens[n]))))


def _contiguous(indices: list[int], root: int) -> list[int]:
    """The unbroken run of clause tokens around its root, so a span never spans a cut clause."""
    members = set(indices)
    lo = hi = root
    while lo - 1 in members:
        lo -= 1
    while hi + 1 in members:
        hi += 1
    return list(range(lo, hi + 1))


def _cut_at_quote(lo: int, hi: int, root: int, tokens: list[Token]) -> tuple[int, int]:
    """Stop a clause at a quotation it introduces (': « ...'), on the side away from its verb;
    the quote itself is reported by the quote finder."""
    for k in range(lo + 1, hi + 1):
        j = k - 1
        while j > lo and not tokens[j].text.strip():  # non-breaking spaces are tokens
            j -= 1
        if tokens[k].text in _QUOTES and tokens[j].text in {":", ","}:
            if k > root:
                return lo, k - 1
            lo = k + 1
    return lo, hi


def _one_line(lo: int, hi: int, root: int, tokens: list[Token], text: str) -> tuple[int, int]:
    """Keep a clause to the line of its verb: a parse that runs over a line break ("Une enquête
    a été ouverte.\nSelon les pompiers, ...") has joined two paragraphs, not one claim."""
    start = text.rfind("\n", 0, tokens[root].idx) + 1
    end = text.find("\n", tokens[root].idx)
    end = len(text) if end < 0 else end
    while lo < root and tokens[lo].idx < start:
        lo += 1
    while hi > root and tokens[hi].idx >= end:
        hi -= 1
    return lo, hi


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span to whole hyphenated words, so "Croix-Rouge" is never cut at its hyphen."""
    left = re.search(r"\w[\w-]*-$", text[max(0, start - 60) : start])
    if left:
        start -= len(left.group(0))
    glued = r"\w[\w-]*" if end > 0 and text[end - 1] == "-" else r"-\w[\w-]*"
    right = re.match(glued, text[end:])
    if right:
        end += len(right.group(0))
    return start, end


def _trim(indices: list[int], tokens: list[Token]) -> tuple[int, int] | None:
    lo, hi = indices[0], indices[-1]
    while lo < hi and (tokens[lo].pos in _EDGE or tokens[lo].text in _QUOTES):
        lo += 1
    while hi > lo and (tokens[hi].pos in _EDGE or tokens[hi].text in _QUOTES):
        hi -= 1
    if hi - lo + 1 > MAX_TOKENS:
        return None
    return lo, hi


def _sentence_keys(tokens: list[Token]) -> tuple[list[int], dict[int, list[tuple[int, str]]]]:
    """Sentence number of each token, and the (token, key) pairs of each sentence."""
    sent_of, keyed = [], {}
    n = 0
    for t in tokens:
        if t.sent_start and t.i > 0:
            n += 1
        sent_of.append(n)
        if k := key_of(t):
            keyed.setdefault(n, []).append((t.i, k))
    return sent_of, keyed


def _bare_participle(t: Token, tokens: list[Token], kids: dict[int, list[int]]) -> bool:
    """A present participle with no auxiliary, copula or subject ("l'exploitant X", "ayant
    en ligne de mire") qualifies a noun; it states nothing on its own. Gerunds ("en battant
    le Maroc") do."""
    if "VerbForm=Part" not in t.morph or "Tense=Pres" not in t.morph or t.dep == "ROOT":
        return False
    deps = {tokens[k].dep.split(":")[0] for k in kids.get(t.i, [])}
    gerund = any(tokens[k].text.lower() == "en" for k in kids.get(t.i, []) if k < t.i)
    return not gerund and not deps & {"aux", "cop", "nsubj", "expl"}


def _on_a_noun(t: Token, tokens: list[Token], kids: dict[int, list[int]]) -> bool:
    """An infinitive with no subject of its own hanging on a noun ("le premier pays à être
    touché par la panne"): what it is said of is outside it, and the clause that holds the
    noun states the claim whole. Participles on a noun ("le match disputé au stade") stay:
    they often carry the only statement of a fact."""
    if t.dep != "acl":
        return False
    deps = kids.get(t.i, [])
    infinitive = "VerbForm=Inf" in t.morph or any(
        tokens[k].dep.startswith("aux") and "VerbForm=Inf" in tokens[k].morph for k in deps
    )
    return infinitive and not any(tokens[k].dep.startswith("nsubj") for k in deps)


_AGENT = {"nsubj", "obl:agent"}
_PATIENT = {"obj", "nsubj:pass"}  # obl:arg is left out: the parser gives it to places too
_PHRASE = {"flat", "flat:name", "flat:foreign", "compound", "nmod", "amod", "appos", "conj",
           "fixed"}


def _phrase(head: int, tokens: list[Token], kids: dict[int, list[int]]) -> list[int]:
    """A noun phrase: its head and the names, nouns and adjectives hanging on it, at any
    depth, without the clauses it embeds."""
    out, stack = [], [head]
    while stack:
        i = stack.pop()
        out.append(i)
        stack += [k for k in kids.get(i, []) if tokens[k].dep in _PHRASE]
    return out


def roles(t: Token, tokens: list[Token], kids: dict[int, list[int]]) -> tuple[str, str]:
    """Keys of a predicate's agent and patient phrases, so that one verb said of different
    things is not one claim."""
    found: dict[str, list[str]] = {"agent": [], "patient": []}
    for k in kids.get(t.i, []):
        dep = tokens[k].dep
        role = "agent" if dep in _AGENT else "patient" if dep in _PATIENT else None
        if role is not None:
            keys = [key for n in _phrase(k, tokens, kids) if (key := key_of(tokens[n]))]
            head = key_of(tokens[k])
            if head and tokens[k].pos == "NOUN" and "Number=Plur" in tokens[k].morph:
                # "de nombreux immeubles se sont effondrés" is not "un immeuble s'effondre":
                # the head noun's number is part of who or what the claim is about.
                keys = [key + PLURAL if key == head else key for key in keys]
            found[role] += keys
    return " ".join(dict.fromkeys(found["agent"])), " ".join(dict.fromkeys(found["patient"]))


def negated(t: Token, tokens: list[Token], kids: dict[int, list[int]]) -> bool:
    """Whether a predicate is negated: a dependent the morphology marks Polarity=Neg."""
    return any("Polarity=Neg" in tokens[k].morph for k in kids.get(t.i, []))


def find_statements(article: Article, analysis: Analysis) -> list[FactMention]:
    """One event FactMention per clause with enough content words to be matched elsewhere."""
    tokens = analysis.tokens
    kids = children(tokens)
    sent_of, sent_keys = _sentence_keys(tokens)
    reporting = set(word_lists()["reporting_verbs"])
    sent_starts = [s.start for s in analysis.sentences]
    found: list[FactMention] = []
    copular = {t.head for t in tokens if t.dep == "cop"}
    for t in tokens:
        if t.lemma.lower() in reporting or not (t.pos == "VERB" or t.i in copular):
            continue
        if _bare_participle(t, tokens, kids) or _on_a_noun(t, tokens, kids):
            continue
        run = _contiguous(_clause(t.i, tokens, kids), t.i)
        lo, hi = _cut_at_quote(run[0], run[-1], t.i, tokens)
        lo, hi = _one_line(lo, hi, t.i, tokens, article.text)
        bounds = _trim(list(range(lo, hi + 1)), tokens) if lo <= hi else None
        if bounds is None:
            continue
        span = range(bounds[0], bounds[1] + 1)
        keys = list(dict.fromkeys(k for i in span if (k := key_of(tokens[i]))))
        # A claim is about something: a clause with no noun or name ("qui continuent de
        # dire") is a fragment, whatever its verbs.
        if len(keys) < MIN_KEYS or not any(tokens[i].pos in {"NOUN", "PROPN"} for i in span):
            continue
        agent, patient = roles(t, tokens, kids)
        wide = [k for i, k in sent_keys.get(sent_of[t.i], []) if i not in span and k not in keys]
        start, end = _whole_words(
            article.text, tokens[bounds[0]].idx, tokens[bounds[1]].idx + len(tokens[bounds[1]].text)
        )
        sent = sum(1 for s in sent_starts if s <= start) - 1
        found.append(
            FactMention(
                kind="event", value="", text=article.text[start:end], start=start, end=end,
                sent=max(sent, 0), slot=t.lemma.lower(),
                subject=" ".join([*keys, WIDE, *dict.fromkeys(wide)]),
                negated=negated(t, tokens, kids), agent=agent, patient=patient,
            )
        )
    return found
