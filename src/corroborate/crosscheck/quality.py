"""Trust in each copy of a story, 0 to 1, with the reasons as flags.

Each article starts at 1 and loses points for what marks a poor copy:
- names spelt against the story's canonical forms (a machine-translation mark), 0.08 each;
- fragments in another language left in the text, 0.1 each;
- page chrome and spam removed by extraction: 0.06 a promotion or link-farm line, 0.02 a
  navigation or comment-widget line, 0.005 a byline or date line (a news site's own furniture);
- reprinting another article of the story (Story.copies): 0.15 a rewrite that kept the
  passages and figures and changed the words between them, 0.05 a copy or a partial reprise
  (not a poor text, but not a second witness);
- promotion or link-farm lines around the text are named in their own flag (spam_lines);
- a page address whose words are in another language than its text (".../thieves-assault-
  louvre" over a French text), 0.15: a translation of a foreign article that kept its slug;
- several headings in English title case in a French text ("Les Aéroports Fortement
  Impactés"), 0.1: a machine rewrite of an English page keeps its capitals;
- punctuation run into the next word ("virgule,sans espace") in several places, 0.1: text
  scraped from another page and re-set, a content-farm mark that carries across sites;
- valued claims that no other outlet backs, up to 0.2 by their share;
- few claims that another independent outlet backs: 0.2 for none, less for each backed one up
  to `CORROBORATED`; an article alone in its story has nothing to compare with, so it is not
  trusted by default: its score rests on its own signals and its outlet's history;
- its outlet's trust across stories (crosscheck.trust), once it rests on `TRUST_CLAIMS`
  checked claims: up to 0.12 off for an outlet independent outlets often contradict, up to
  0.08 back for one they often back;
- a very short text (under 400 characters), 0.15.
So a clean agency story (franceinfo with AFP on the seeds: a few chrome lines, every name spelt
as elsewhere, its figures backed) ranks above a machine-translated rewrite that misspells three
names and comes wrapped in promotion links and a comment widget.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlparse

from corroborate.crosscheck.facts import misspelled_names
from corroborate.crosscheck.trust import PRIOR
from corroborate.crosscheck.witnesses import Witnesses
from corroborate.extract import foreign as foreign_language
from corroborate.types import (
    Analysis,
    Article,
    CopyPair,
    Flag,
    OutletTrust,
    Quality,
    Story,
    StoryCheck,
)

SHORT_TEXT = 400
CORROBORATED = 3  # independently backed claims that earn an article full marks
CORROBORATION = 0.2
TRUST_CLAIMS = 3
TRUST_WEIGHT = 0.4
# A lowercase letter, a comma or full stop, then a word with no space between: "dit,selon".
# Numbers ("3,5", "1.200") and abbreviations of one letter ("U.S") are left alone.
GLUED = re.compile(r"[a-zà-ÿ]{2}[,.;][A-Za-zÀ-ÿ]{3,}")
GLUED_PER_1000 = 1.5
SLUG_WORDS = 5  # words a page address needs before its language is judged
SLUG_CONFIDENCE = 0.6
TRANSLATED = 0.15
TITLE_CASE_LINES = 2
TITLE_CASE = 0.1
_WORD = re.compile(r"[A-Za-zÀ-ÿ'’]+")
_COPY_PENALTY = {"rewrite": 0.15, "copy": 0.05, "partial": 0.05}
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
    # A short line between chrome lines weighs as promotion ("Santander consumer crédit"), but
    # is as often a label ("Les dernières actualités", "| Durée : 1:06"): only lines whose
    # reason says promotion or link farm are named as such.
    spam = [r for r in removed if _weight(r.reason) >= _REMOVED_WEIGHTS[0][1]
            and not r.reason.lower().startswith("short line between chrome")]
    detail = f"{len(removed)} chrome or spam lines removed"
    flags = [Flag("chrome_removed", detail)]
    if spam:
        sample = "; ".join(r.text[:60] for r in spam[:3])
        flags.append(Flag("spam_lines", f"{len(spam)} promotion or link-farm lines around the"
                          f" text ({sample})"))
    return penalty, flags


def _translated(article: Article) -> tuple[float, list[Flag]]:
    """A page address in another language than the text: a translation that kept its slug."""
    path = unquote(urlparse(article.url or "").path)
    parts = [p for p in path.split("/") if p]
    if not parts or not article.lang:
        return 0.0, []
    slug = re.sub(r"\.[a-z]{2,5}$", "", max(parts, key=len))
    words = [w for w in re.split(r"[-_+]", slug) if w.isalpha()]
    if len(words) < SLUG_WORDS:
        return 0.0, []
    lang = foreign_language(" ".join(words), article.lang, SLUG_CONFIDENCE)
    if lang is None:
        return 0.0, []
    detail = (f"its address is in another language ({lang}: {slug[:70]}) than its text"
              f" ({article.lang}): a translation of a foreign article")
    return TRANSLATED, [Flag("translated_page", detail)]


def _title_case(article: Article) -> tuple[float, list[Flag]]:
    """Headings with every long word capitalised, as English titles are, in a French text."""
    if article.lang != "fr":
        return 0.0, []
    found = []
    for line in article.text.split("\n"):
        line = line.strip()
        if not line or line == article.title or line[-1] in ".!?:" or re.search(r"[\d:]", line):
            continue
        words = _WORD.findall(line)
        long = [w for w in words if len(w) > 3]
        if not 3 <= len(words) <= 12 or len(long) < 3 or any(w.isupper() for w in long):
            continue
        if all(w[0].isupper() for w in long):
            found.append(line)
    if len(found) < TITLE_CASE_LINES:
        return 0.0, []
    sample = "; ".join(found[:2])
    detail = f"{len(found)} headings in English title case in a French text ({sample})"
    return TITLE_CASE, [Flag("title_case_headings", detail)]


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


def _glued(article: Article) -> tuple[float, list[Flag]]:
    found = GLUED.findall(article.text)
    if len(found) < 2 or len(found) * 1000 / max(1, len(article.text)) < GLUED_PER_1000:
        return 0.0, []
    sample = ", ".join(found[:3])
    detail = f"{len(found)} places where punctuation runs into the next word ({sample})"
    return 0.1, [Flag("glued_punctuation", detail)]


def _corroboration(aid: str, check: StoryCheck, witnesses: Witnesses) -> tuple[float, list[Flag]]:
    own = witnesses.witness(aid)
    facts = [f for f in check.facts if any(e.article == aid for e in f.support)]
    backed = [f for f in facts if any(witnesses.witness(e.article) != own for e in f.support)]
    if len(backed) >= CORROBORATED:
        return 0.0, []
    others = {witnesses.witness(a) for a in check.story.articles} - {own}
    if not others:
        detail = "alone in its story (or with copies only): no independent outlet to check it"
    elif not backed:
        detail = "none of its claims is backed by another independent outlet"
    else:
        detail = f"only {len(backed)} of its claims backed by another independent outlet"
    penalty = CORROBORATION * (1 - len(backed) / CORROBORATED)
    return penalty, [Flag("uncorroborated", detail)]


def _history(article: Article, trust: dict[str, OutletTrust] | None) -> tuple[float, list[Flag]]:
    known = (trust or {}).get((article.outlet or article.id).lower())
    if known is None or known.claims < TRUST_CLAIMS:
        return 0.0, []
    return TRUST_WEIGHT * (PRIOR - known.trust), [Flag("outlet_trust", known.explain())]


def score_articles(
    story: Story,
    articles: dict[str, Article],
    analyses: dict[str, Analysis],
    check: StoryCheck,
    trust: dict[str, OutletTrust] | None = None,
) -> dict[str, Quality]:
    """Quality of each article of a story, explained by flags; `trust` holds the outlets'
    trust learnt from earlier stories."""
    names = misspelled_names(check.entities, {a: analyses[a] for a in articles if a in analyses})
    copies = {c.copy: c for c in story.copies}
    witnesses = Witnesses(articles, story.copies)
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
            penalty += _COPY_PENALTY.get(pair.kind, 0.05)
            flags.append(Flag("near_copy", _copy_detail(pair)))
        for extra, more in (
            _translated(article),
            _title_case(article),
            _glued(article),
            _unbacked(aid, check),
            _corroboration(aid, check, witnesses),
            _history(article, trust),
        ):
            penalty, flags = penalty + extra, flags + more
        if len(article.text) < SHORT_TEXT:
            penalty += 0.15
            flags.append(Flag("short_text", f"{len(article.text)} characters"))
        result[aid] = Quality(score=round(min(1.0, max(0.0, 1.0 - penalty)), 3), flags=flags)
    return result


def _copy_detail(pair: CopyPair) -> str:
    what = {"rewrite": "rewrites", "partial": "reprints part of"}.get(pair.kind, "copies")
    why = f"; {pair.original} taken for the source: {pair.why}" if pair.why else ""
    shared = f", {pair.passage} words in one passage" if pair.passage else ""
    return (
        f"{what} {pair.original} (similarity {pair.similarity:.2f}{shared}), so it is not an"
        f" independent witness{why}"
    )
