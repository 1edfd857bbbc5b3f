"""Outlet trust by truth discovery over every checked story (Sums / AverageLog family).

An item is one fact of one story on which at least two independent witnesses speak (backing
one value or stating another). Each witness (an outlet, or a copy group: copies vote once,
with their source) votes for its value. Then, alternately (Pasternack & Roth 2010, Yin et al.
2008 TruthFinder): a value's confidence is the trust-weighted share of the witnesses voting
for it; an outlet's trust is the mean confidence of the values it voted for, shrunk towards a
prior by `PRIOR_WEIGHT` pseudo-claims so that a few claims move it a little, many a lot.
Trust is recomputed over the store's claims after each run, starting from the stored values,
so it moves as stories arrive; outlets with nothing checked keep the prior.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from corroborate.crosscheck.witnesses import Witnesses
from corroborate.types import Article, Claim, OutletTrust, StoryCheck

PRIOR = 0.7  # trust of an outlet nothing is known about
PRIOR_WEIGHT = 3.0  # pseudo-claims at the prior
ROUNDS = 20
TOLERANCE = 1e-4


def claims_of(check: StoryCheck, articles: dict[str, Article]) -> list[Claim]:
    """The claims a checked story adds: every fact that two independent witnesses speak on."""
    witnesses = Witnesses(articles, check.story.copies)
    story = check.story.id
    claims: list[Claim] = []
    for fact in check.facts:
        votes = [(e.article, fact.value or "=") for e in fact.support]
        votes += [(e.article, f"≠{e.value or e.text}") for e in fact.disputed_by]
        votes = [(a, v) for a, v in votes if a in articles]
        if len({witnesses.witness(a) for a, _ in votes}) < 2:
            continue
        seen: set[tuple[str, str]] = set()
        for aid, value in votes:
            outlet = witnesses.outlet[aid]
            if (outlet, value) in seen:
                continue
            seen.add((outlet, value))
            claims.append(Claim(story, fact.id, outlet, f"{story}/{witnesses.witness(aid)}", value))
    return claims


def discover(
    claims: Iterable[Claim], previous: dict[str, OutletTrust] | None = None
) -> dict[str, OutletTrust]:
    """Trust of every outlet that has claims, from the claims of all stories."""
    items: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        items[(c.story, c.item)].append(c)
    trust = {c.outlet: PRIOR for group in items.values() for c in group}
    for outlet, known in (previous or {}).items():
        if outlet in trust:
            trust[outlet] = known.trust  # warm start: a new run refines what the store knew
    for _ in range(ROUNDS):
        confidence = _confidence(items, trust)
        total: dict[str, float] = defaultdict(float)
        count: dict[str, int] = defaultdict(int)
        for key, group in items.items():
            for c in group:
                total[c.outlet] += confidence[key][c.value]
                count[c.outlet] += 1
        new = {o: (PRIOR * PRIOR_WEIGHT + total[o]) / (PRIOR_WEIGHT + count[o]) for o in trust}
        moved = max((abs(new[o] - trust[o]) for o in trust), default=0.0)
        trust = new
        if moved < TOLERANCE:
            break
    return {o: _summary(o, t, items) for o, t in trust.items()}


def _witness_trust(group: list[Claim], trust: dict[str, float]) -> dict[tuple[str, str], float]:
    """One vote per witness and value: the mean trust of the outlets in it."""
    members: dict[tuple[str, str], list[float]] = defaultdict(list)
    for c in group:
        members[(c.witness, c.value)].append(trust[c.outlet])
    return {k: sum(v) / len(v) for k, v in members.items()}


def _confidence(
    items: dict[tuple[str, str], list[Claim]], trust: dict[str, float]
) -> dict[tuple[str, str], dict[str, float]]:
    result = {}
    for key, group in items.items():
        votes: dict[str, float] = defaultdict(float)
        for (_, value), weight in _witness_trust(group, trust).items():
            votes[value] += weight
        norm = sum(votes.values()) or 1.0
        result[key] = {v: w / norm for v, w in votes.items()}
    return result


def _summary(outlet: str, trust: float, items: dict[tuple[str, str], list[Claim]]) -> OutletTrust:
    claims = backed = contradicted = 0
    for group in items.values():
        mine = [c for c in group if c.outlet == outlet]
        if not mine:
            continue
        claims += 1
        own = {c.witness for c in mine}
        values = {c.value for c in mine}
        others = [c for c in group if c.witness not in own]
        backed += any(c.value in values for c in others)
        contradicted += any(c.value not in values for c in others)
    return OutletTrust(outlet, round(trust, 4), claims, backed, contradicted)
