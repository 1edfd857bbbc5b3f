"""Who and where enters an arc at each step: actors and places new to the developing story.

Precision first. An entity counts only when it is a person, an organisation or a place,
named by at least `MIN_ARTICLES` articles and half the articles of its story, and when no
story before it in the arc names it: not among their entities under any spelling, and not
in their texts either (a name the tagger missed there is not new); a place must be named after
a locative preposition somewhere ("à Los Angeles"). Its evidence is the
sentence of the first article naming it, copied exactly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from corroborate.arcs.changes import sentence
from corroborate.arcs.profile import entity_key
from corroborate.lexicon.words import fold
from corroborate.types import ArcNewcomer, Brief, Evidence

ROLES = {"PER": "actor", "ORG": "actor", "LOC": "place"}
MIN_ARTICLES = 2
MIN_SHARE = 0.5
PER_ROLE = 3  # newcomers shown per role and step, the most named first
LOCATIVE = r"(?:à|au|aux|en|dans|vers|in|at|near)"


def newcomers(shown: Sequence[Brief], texts: Mapping[str, str]) -> list[ArcNewcomer]:
    """The actors and places each story of an arc (`shown`, in its order) brings that none of
    the stories before it names; `texts` (article id -> clean text) gives the spans and the
    earlier stories' words."""
    known: set[str] = set()
    earlier_text = ""
    out: list[ArcNewcomer] = []
    for step, brief in enumerate(shown):
        if step:
            out.extend(_new_in(brief, known, earlier_text, texts))
        known |= {entity_key(form) for e in brief.check.entities for form in (e.name, *e.variants)}
        earlier_text += " " + fold(" ".join(texts.get(a, "") for a in brief.check.story.articles))
    return out


def _new_in(after: Brief, known: set[str], earlier_text: str, texts: Mapping[str, str]
            ) -> list[ArcNewcomer]:
    n = max(1, len(after.check.story.articles))
    found: dict[str, list[tuple[int, int, ArcNewcomer]]] = {}
    for entity in after.check.entities:
        role = ROLES.get(entity.type)
        articles = sorted(set(entity.articles) & set(after.check.story.articles))
        if role is None or len(articles) < MIN_ARTICLES or len(articles) / n < MIN_SHARE:
            continue
        forms = [f for f in (entity.name, *entity.variants) if f.strip()]
        if not entity.name[:1].isupper() or any(entity_key(f) in known for f in forms):
            continue
        if any(f" {fold(f)}" in f" {earlier_text}" for f in forms):
            continue
        if role == "place" and not _located(forms, articles, texts):
            continue
        span = _span(forms, articles, texts)
        if span is None:
            continue
        newcomer = ArcNewcomer(after.story, role, entity.name, span)
        found.setdefault(role, []).append((-len(articles), -entity.mentions, newcomer))
    out = []
    for role in ("actor", "place"):
        out.extend(c for *_, c in sorted(found.get(role, []), key=lambda x: x[:2])[:PER_ROLE])
    return out


def _located(forms: list[str], articles: list[str], texts: Mapping[str, str]) -> bool:
    """Whether some article names the place after a locative preposition ("à Los Angeles",
    "aux États-Unis"): the tagger's places include firms and clubs ("selon Occurrence")."""
    pattern = re.compile(
        rf"\b{LOCATIVE}\s+(?:{'|'.join(re.escape(f) for f in forms)})(?!\w)", re.IGNORECASE)
    return any(pattern.search(texts.get(a, "")) for a in articles)


def _span(forms: list[str], articles: list[str], texts: Mapping[str, str]) -> Evidence | None:
    for article in articles:
        text = texts.get(article, "")
        for form in forms:
            if form in text:
                return Evidence(article, sentence(text, form))
    return None
