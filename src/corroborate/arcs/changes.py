"""What changed between two steps of an arc: facts whose slot continues with a new value.

Precision first. Only facts that `MIN_BACKERS` articles back count (a lone article's figure
may be a recall or an aside). A change is emitted when the slot (the counted noun, in its
synonym class) and the unit are the same on both sides, each side holds one such value for
that slot (several mean the pairing is a guess), and neither story backs the other's value
under any slot of that kind (a story that states both figures is recalling the earlier one
or announcing the later one, and the reader is better served by no change than a wrong one).
A figure kept from one step to the next is a change too when the first step only asked for
it (most backing articles: "20 ans requis") and the next states it as done (none asks).
Each side's evidence is the sentence of the article that holds the value, copied exactly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from corroborate.types import ArcChange, Brief, Evidence, Fact

KINDS = {"number", "count", "duration", "money", "percent"}
MIN_BACKERS = 2
NUMBER = re.compile(r"^-?\d+(?:\.\d+)?")
GENERIC = {"", "durée", "montant", "taux", "fois", "an", "année", "jour", "heure"}
ASKED, DECIDED = "asked for", "decided"


def _unit(value: str) -> str:
    return NUMBER.sub("", value).strip()


def _by_slot(brief: Brief) -> dict[tuple[str, str, str], list[Fact]]:
    """Backed valued facts by (kind, slot, unit)."""
    out: dict[tuple[str, str, str], list[Fact]] = {}
    for fact in brief.check.facts:
        if fact.kind in KINDS and fact.value and NUMBER.match(fact.value) \
                and _backers(fact) >= MIN_BACKERS:
            out.setdefault((fact.kind, fact.slot, _unit(fact.value)), []).append(fact)
    return out


def _backers(fact: Fact) -> int:
    return len({e.article for e in fact.support})


def _asking(fact: Fact) -> int:
    return len({fact.support[k].article for k in fact.asked})


def _values(brief: Brief) -> set[tuple[str, str]]:
    return {(f.kind, f.value) for f in brief.check.facts
            if f.value and _backers(f) >= MIN_BACKERS}


def sentence(text: str, span: str) -> str:
    """The sentence of `text` around the first occurrence of `span` (the span itself when
    it is not found): an exact substring either way."""
    at = text.find(span)
    if at < 0:
        return span
    start = max(text.rfind(mark, 0, at) for mark in (". ", "\n", "! ", "? "))
    start = 0 if start < 0 else start + (1 if text[start] == "\n" else 2)
    ends = [e for mark in (". ", "\n", "! ", "? ") if (e := text.find(mark, at + len(span))) >= 0]
    end = min(ends) + 1 if ends else len(text)
    found = text[start:end].strip()
    if len(found) > SENTENCE_CHARS or span not in found:
        return span
    return found


SENTENCE_CHARS = 400


def changes(before: Brief, after: Brief, texts: Mapping[str, str] | None = None
            ) -> list[ArcChange]:
    """The facts of `after` that continue a slot of `before` with another value; `texts`
    (article id -> clean text), when given, widens each span to its sentence."""
    old, new = _by_slot(before), _by_slot(after)
    old_values, new_values = _values(before), _values(after)
    texts = texts or {}
    found: list[ArcChange] = []
    for key in sorted(old.keys() & new.keys()):
        kind, slot, _ = key
        if slot in GENERIC:
            continue
        a_values = {f.value for f in old[key]}
        b_values = {f.value for f in new[key]}
        if len(a_values) != 1 or len(b_values) != 1:
            continue
        a, b = old[key][0], new[key][0]
        before_value, after_value = a.value or "", b.value or ""
        before_span = a.support[0]
        if a_values == b_values:
            # The same figure, first asked for by most backing articles (a parse may miss one),
            # then by none: the request was granted (20 years requested, then decided).
            if not (all(2 * _asking(f) > _backers(f) for f in old[key])
                    and not any(f.asked for f in new[key])):
                continue
            before_value, after_value = f"{before_value}, {ASKED}", f"{after_value}, {DECIDED}"
            before_span = a.support[a.asked[0]]
        elif (kind, b.value) in old_values or (kind, a.value) in new_values:
            continue
        evidence = [
            Evidence(e.article, sentence(texts.get(e.article, ""), e.text), f.value)
            for f, e in ((a, before_span), (b, b.support[0]))
        ]
        found.append(ArcChange(before.story, after.story, slot, before_value, after_value,
                               evidence))
    return found
