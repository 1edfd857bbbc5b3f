"""Trust in each copy of a story, 0 to 1, with the reasons as flags.

Each article starts at 1 and loses points for what marks a poor copy:
- names spelt against the story's canonical forms (a machine-translation mark), 0.08 each;
- fragments in another language left in the text, 0.1 each;
- page chrome and spam removed by extraction: 0.06 a promotion or link-farm line, 0.02 a
  navigation or comment-widget line, 0.005 a byline or date line (a news site's own furniture);
- being a near-copy of another article of the story (Story.copies), 0.2;
- valued claims that no other outlet backs, up to 0.2 by their share;
- a very short text (under 400 characters), 0.15.
So a clean agency story (franceinfo with AFP on the seeds: a few chrome lines, every name spelt
as elsewhere, its figures backed) ranks above a machine-translated rewrite that misspells three
names and comes wrapped in promotion links and a comment widget.
"""

from __future__ import annotations

from corroborate.crosscheck.facts import misspelled_names
from corroborate.types import Analysis, Article, Flag, Quality, Story, StoryCheck

SHORT_TEXT = 400
# Weight of one removed line by what its reason says: promotion and link farms weigh most,
# navigation and comment widgets less, a news site's own byline or date line hardly at all.
_REMOVED_WEIGHTS = (
    (("spam", "promo", "short line between chrome", "link line", "advert"), 0.06),
    (("navigation", "comment", "share", "subscription", "paywall"), 0.02),
)
_EDITORIAL_WEIGHT = 0.005
_NOT_NOISE = ("headline", "title", "foreign", "another language")


def _weight(reason: str) -> float:
    low = reason.lower()
    for words, weight in _REMOVED_WEIGHTS:
        if any(w in low for w in words):
            return weight
    return _EDITORIAL_WEIGHT


def _removed_penalty(article: Article) -> tuple[float, list[Flag]]:
    removed = [r for r in article.removed if not any(w in r.reason.lower() for w in _NOT_NOISE)]
    if not removed:
        return 0.0, []
    penalty = min(0.3, sum(_weight(r.reason) for r in removed))
    spam = [r for r in removed if _weight(r.reason) >= _REMOVED_WEIGHTS[0][1]]
    detail = f"{len(removed)} chrome or spam lines removed"
    if spam:
        detail += f", {len(spam)} of them promotion or link-farm lines"
    return penalty, [Flag("chrome_removed", detail)]


def _unbacked(aid: str, check: StoryCheck) -> tuple[float, list[Flag]]:
    if len(check.story.articles) < 2:
        return 0.0, []
    own = [f for f in check.facts if f.kind != "event" and any(e.article == aid for e in f.support)]
    alone = [f for f in own if {e.article for e in f.support} == {aid}]
    if not own or not alone:
        return 0.0, []
    share = len(alone) / len(own)
    sample = "; ".join(sorted({f.support[0].text for f in alone})[:3])
    detail = f"{len(alone)} of {len(own)} figures, dates or places backed by no other outlet"
    return 0.2 * share, [Flag("unbacked_claims", f"{detail} ({sample})")]


def score_articles(
    story: Story,
    articles: dict[str, Article],
    analyses: dict[str, Analysis],
    check: StoryCheck,
) -> dict[str, Quality]:
    """Quality of each article of a story, explained by flags."""
    names = misspelled_names(check.entities, {a: analyses[a] for a in articles if a in analyses})
    copies = {c.copy: c for c in story.copies}
    result: dict[str, Quality] = {}
    for aid, article in articles.items():
        penalty, flags = 0.0, []
        if names.get(aid):
            spelled = ", ".join(f"{v} (elsewhere {ref})" for v, ref in names[aid])
            penalty += min(0.3, 0.08 * len(names[aid]))
            flags.append(Flag("misspelled_names", spelled))
        foreign = article.foreign + [
            r for r in article.removed if any(w in r.reason for w in _NOT_NOISE[2:])
        ]
        if foreign:
            penalty += min(0.2, 0.1 * len(foreign))
            frags = ", ".join(f.text for f in foreign[:3])
            flags.append(Flag("foreign_fragments", frags))
        extra, more = _removed_penalty(article)
        penalty, flags = penalty + extra, flags + more
        if aid in copies:
            pair = copies[aid]
            penalty += 0.2
            flags.append(Flag("near_copy", f"copy of {pair.original} ({pair.similarity:.2f})"))
        extra, more = _unbacked(aid, check)
        penalty, flags = penalty + extra, flags + more
        if len(article.text) < SHORT_TEXT:
            penalty += 0.15
            flags.append(Flag("short_text", f"{len(article.text)} characters"))
        result[aid] = Quality(score=round(max(0.0, 1.0 - penalty), 3), flags=flags)
    return result
