"""Batch chrome: lines that recur on most pages of one outlet are its boilerplate.

A single page cannot tell a site's slogan or promotion line from prose; several pages of the
same outlet can. `strip_repeated` looks at one batch of extracted articles, counts on how many
pages of each outlet every body line appears, and moves the lines found on most of them into
`removed`. Pages that would lose most of their text that way are versions of one article, not
pages sharing chrome, and are left alone.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

from corroborate.extract.article import article_sha
from corroborate.extract.patterns import normal
from corroborate.types import Article, Removed

MIN_PAGES = 3  # fewer pages of an outlet tell nothing about its template
MAX_SHARE_LOST = 0.5  # above this a page shares its body, not its chrome, with the others


def _keys(article: Article) -> set[str]:
    return {normal(line) for line in article.text.split("\n") if line.strip()}


def repeated_lines(pages: list[Article], min_pages: int = MIN_PAGES) -> dict[str, int]:
    """Folded body lines found on more than half of the pages (and on `min_pages` at least),
    with the number of pages holding each."""
    if len(pages) < min_pages:
        return {}
    counts = Counter(key for page in pages for key in _keys(page))
    need = max(min_pages, len(pages) // 2 + 1)
    return {key: n for key, n in counts.items() if n >= need}


def _strip(article: Article, repeated: dict[str, int], outlet: str) -> Article:
    lines = article.text.split("\n")
    hits = [normal(line) in repeated for line in lines]
    lost = sum(len(line) for line, hit in zip(lines, hits, strict=True) if hit)
    if not any(hits) or lost > MAX_SHARE_LOST * len(article.text.replace("\n", "")):
        return article
    kept = [line for line, hit in zip(lines, hits, strict=True) if not hit]
    moved = [
        Removed(line, f"repeated across {repeated[normal(line)]} pages of {outlet}")
        for line, hit in zip(lines, hits, strict=True)
        if hit
    ]
    gone = {normal(r.text) for r in moved}
    cleaned = replace(
        article,
        text="\n".join(kept),
        removed=[*article.removed, *moved],
        foreign=[f for f in article.foreign if normal(f.text) not in gone],
    )
    cleaned.sha = article_sha(cleaned)
    return cleaned


def strip_repeated(articles: list[Article], min_pages: int = MIN_PAGES) -> list[Article]:
    """The batch with each outlet's repeated lines moved from `text` to `removed`.

    Articles keep their order; unchanged ones are returned as they are, changed ones are new
    objects with a new `sha`. Articles without an outlet are never touched.
    """
    by_outlet: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        if article.outlet:
            by_outlet[article.outlet.casefold()].append(article)
    repeated = {o: repeated_lines(pages, min_pages) for o, pages in by_outlet.items()}
    result: list[Article] = []
    for article in articles:
        found = repeated.get(article.outlet.casefold()) if article.outlet else None
        result.append(_strip(article, found, article.outlet or "") if found else article)
    return result
