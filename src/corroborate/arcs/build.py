"""The arcs of a set of briefs: link the new stories, then describe each arc's steps."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import pairwise
from typing import Any

from corroborate.arcs.changes import changes
from corroborate.arcs.link import Encode, Linker, restore, save
from corroborate.arcs.newcomers import newcomers
from corroborate.arcs.profile import headline, profile
from corroborate.types import Arc, Brief


def _encoder() -> Encode:
    from corroborate.analyze import encoder  # the model loads only when a pair needs it

    return encoder().encode


def link_arcs(briefs: Iterable[Brief], state: dict[str, Any] | None, keep: set[str] | None = None,
              encode: Encode | None = None, titles: Mapping[str, str] | None = None,
              ) -> tuple[Linker, dict[str, Any]]:
    """Place the stories of `briefs` into the stored arcs (`state`), the new ones in date
    order; stories not in `keep` (when given) are forgotten; `titles` are article titles by
    id. The linker and its new state."""
    linker = restore(state)
    if keep is not None:
        for story in [s for s in linker.arc_of if s not in keep]:
            linker.forget(story)
    fresh = []
    titles = titles or {}
    for brief in briefs:
        seen = profile(brief, [t for a in brief.check.story.articles if (t := titles.get(a))])
        if brief.story in linker.arc_of:
            linker.refresh(seen)
        else:
            fresh.append(seen)
    # Date order, so that a story links back to the events before it; undated ones last.
    fresh.sort(key=lambda p: (p.day is None, p.day or 0, p.story))
    lazy: list[Encode] = []

    def encode_lazily(texts):  # type: ignore[no-untyped-def]
        if not lazy:
            lazy.append(encode or _encoder())
        return lazy[0](texts)

    for p in fresh:
        linker.add(p, encode_lazily)
    return linker, save(linker)


def arcs_for(linker: Linker, briefs: Mapping[str, Brief],
             texts: Mapping[str, str] | None = None) -> list[Arc]:
    """The arcs of two stories or more among `briefs`, each with its steps' changes (spans
    widened to their sentences in `texts`, article id -> clean text, when given)."""
    out: list[Arc] = []
    for arc_id, stories in linker.arcs.items():
        shown = [s for s in stories if s in briefs]
        if len(shown) < 2:
            continue
        arc = Arc(arc_id, headline(briefs[shown[0]].title), shown)
        for before, after in pairwise(shown):
            arc.changes.extend(changes(briefs[before], briefs[after], texts))
        if texts:
            arc.newcomers = newcomers([briefs[s] for s in shown], texts)
        out.append(arc)
    out.sort(key=lambda a: a.id)
    return out
