"""Independent witnesses: an outlet that reprints another's text is not a second witness.

Articles linked by a copy pair (either way, transitively) form one witness, and so do articles
of one outlet; a fact or quote is backed by as many independent witnesses as the distinct
witnesses among its backers (Li et al., VLDB 2013: copying between sources is common, so a
majority of copies must not outvote independent reporters).
"""

from __future__ import annotations

from collections.abc import Iterable

from corroborate.types import Article, CopyPair, StoryCheck


class Witnesses:
    """Which articles of a story are one witness: copies with their source, one outlet's pages."""

    def __init__(self, articles: dict[str, Article], copies: Iterable[CopyPair] = ()) -> None:
        self._parent: dict[str, str] = {}
        self.outlet = {aid: (a.outlet or aid).lower() for aid, a in articles.items()}
        by_outlet: dict[str, str] = {}
        for aid in sorted(articles):
            first = by_outlet.setdefault(self.outlet[aid], aid)
            self._union(aid, first)
        for pair in copies:
            if pair.copy in articles and pair.original in articles:
                self._union(pair.copy, pair.original)

    def _find(self, aid: str) -> str:
        root = self._parent.setdefault(aid, aid)
        if root != aid:
            root = self._parent[aid] = self._find(root)
        return root

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)

    def witness(self, aid: str) -> str:
        """The witness an article belongs to (one of its articles' ids)."""
        return self._find(aid)

    def outlets(self, aids: Iterable[str]) -> int:
        """Distinct outlets among the articles."""
        return len({self.outlet.get(a, a) for a in aids})

    def independent(self, aids: Iterable[str]) -> int:
        """Distinct independent witnesses among the articles."""
        return len({self._find(a) for a in aids})


def count_support(check: StoryCheck, articles: dict[str, Article]) -> Witnesses:
    """Set `outlets` and `independent` on every fact and quote of a checked story."""
    witnesses = Witnesses(articles, check.story.copies)
    for item in [*check.facts, *check.quotes]:
        backers = {e.article for e in item.support}
        item.outlets = witnesses.outlets(backers)
        item.independent = witnesses.independent(backers)
    return witnesses
