"""The cited brief of a story: headline, event date and an extractive summary.

The summary opens on a lead: a sentence that does not lean on an earlier one (no "Cet échange",
"Il", "Mais" at its start), names the story's main entities, comes early in its article and carries
backed facts. The other sentences are chosen by MMR (Carbonell & Goldstein 1998): each step takes
the sentence with the best mix of centrality (LexRank-style sum of TF-IDF cosine to the other
articles' sentences), coverage of not-yet-covered fact groups weighted by their backers, and the
quality of its article, minus its similarity to sentences already chosen (word overlap, or the same
backed facts told again). Every sentence is copied word for word from an article and cites every
article that backs it: those with a near-duplicate sentence stating the same figures and those
supporting a fact group the sentence carries, each with the span that backs it. An article that
disputes one of the sentence's facts is never cited for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from corroborate.lexicon import values as v
from corroborate.lexicon.words import fold, word_lists
from corroborate.types import Analysis, Article, Brief, Cited, Evidence, Span, StoryCheck

_NUMBER = re.compile(r"\d+(?:[\s\u00a0\u202f.,]\d+)*")
MIN_CHARS, MAX_CHARS = 40, 420
MAX_SENTENCES, MIN_SENTENCES = 5, 3
NEAR_DUPLICATE = 0.55
REDUNDANT = 0.35
MAIN_ENTITIES = 3


@dataclass
class _Sentence:
    article: str
    start: int
    end: int
    text: str
    facts: set[str] = field(default_factory=set)
    rank: int = 0  # position among its article's candidate sentences


def _sentences(articles: dict[str, Article], analyses: dict[str, Analysis]) -> list[_Sentence]:
    """Candidate sentences: exact, stripped article spans of a readable length, one per text."""
    out: list[_Sentence] = []
    seen: set[str] = set()
    for aid, analysis in analyses.items():
        text = articles[aid].text
        for span in analysis.sentences:
            raw = text[span.start : span.end]
            lead = len(raw) - len(raw.lstrip())
            clean = raw.strip()
            if not MIN_CHARS <= len(clean) <= MAX_CHARS or "\n" in clean or clean in seen:
                continue
            if clean[-1] not in ".!?»\"”" or not clean[0].isupper():
                continue
            if clean.count("»") > clean.count("«"):  # the tail of a quote opened before
                continue
            seen.add(clean)
            start = span.start + lead
            rank = sum(1 for x in out if x.article == aid)
            out.append(_Sentence(aid, start, start + len(clean), clean, rank=rank))
    return out


def _attach_facts(sentences: list[_Sentence], check: StoryCheck) -> dict[str, float]:
    """Mark which backed fact groups each sentence carries; return each fact's weight."""
    weight: dict[str, float] = {}
    for fact in check.facts:
        backers = {e.article for e in fact.support}
        if len(backers) < 2:
            continue
        weight[fact.id] = float(len(backers))
        for s in sentences:
            for e in fact.support:
                if e.article == s.article and e.start is not None and s.start <= e.start < s.end:
                    s.facts.add(fact.id)
    return weight


# Flags that mark a text as a poor copy (machine translation, content farm, spun rewrite): its
# title never heads the story, however few other flags it has.
POOR_COPY = frozenset({
    "misspelled_names", "foreign_fragments", "glued_punctuation", "spam_lines",
    "translated_page", "title_case_headings",
})
HEADLINE_MIN = 0.6  # quality below which an article's title is not trusted to head the story


def _trusted(check: StoryCheck, aid: str) -> bool:
    """Whether an article is trusted to give the story its headline: no poor-copy flag, not a
    rewrite of another article, and a quality of at least `HEADLINE_MIN`."""
    quality = check.quality.get(aid)
    if quality is None:
        return True
    rewrite = any(c.copy == aid and c.kind == "rewrite" for c in check.story.copies)
    poor = any(f.code in POOR_COPY for f in quality.flags)
    return not rewrite and not poor and quality.score >= HEADLINE_MIN


def _headline(check: StoryCheck, articles: dict[str, Article], analyses: dict[str, Analysis]
              ) -> str:
    """The title of the best trusted, titled article; else an early sentence of a trusted
    article that reads as a clause; then the same from every article; the first sentence of
    any article when nothing else is left."""
    ranked = sorted(articles, key=lambda a: -(check.quality[a].score if a in check.quality else 0))
    for pool in ([a for a in ranked if _trusted(check, a)], ranked):
        titled = [a for a in pool if articles[a].title]
        if titled:
            return articles[titled[0]].title or ""
        for aid in pool:
            analysis = analyses.get(aid)
            for sentence in analysis.sentences[:LEAD_SENTENCES] if analysis else []:
                if _reads_as_clause(analysis, sentence):
                    return sentence.text.strip()
    for aid in ranked:
        if analyses.get(aid) and analyses[aid].sentences:
            return analyses[aid].sentences[0].text.strip()
    return check.story.id


LEAD_SENTENCES = 3  # sentences of an untitled article tried as its headline
CLAUSE_WORDS = 4


def _reads_as_clause(analysis: Analysis, sentence: Span) -> bool:
    """Whether a sentence can head a story: a few words and, when parsed, a verb; a kicker
    ("COMPTE RENDU –") or a caption fragment cannot."""
    tokens = [t for t in analysis.tokens if sentence.start <= t.idx < sentence.end]
    if sum(1 for t in tokens if t.text.isalpha()) < CLAUSE_WORDS:
        return False
    if not any(t.dep for t in tokens):  # no parse (a language without a model): words suffice
        return True
    return any(t.pos in ("VERB", "AUX") for t in tokens)


NEWS_BEFORE, NEWS_AFTER = 31, 7  # days an event may precede or follow its articles' dates


def _published(value: str | None) -> tuple[date, date] | None:
    """The first and last day an article date field allows: one day, or a whole month."""
    day = v.parse_iso(value)
    if day:
        return day, day
    middle = v.parse_month(value)
    if middle is None:
        return None
    first = middle.replace(day=1)
    return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def _event_date(check: StoryCheck, articles: dict[str, Article]) -> str | None:
    """The most backed full date among the fact groups that falls near the articles' own
    dates (a reopening's story is not dated by the fire it recalls), else the earliest
    article date."""
    dated = [f for f in check.facts if f.kind == "date" and f.value and len(f.value) == 10]
    published = [span for a in articles.values() if (span := _published(a.date))]
    if published:
        low, high = min(lo for lo, _ in published), max(hi for _, hi in published)
        dated = [f for f in dated if (day := v.parse_iso(f.value)) and
                 (day - low).days >= -NEWS_BEFORE and (day - high).days <= NEWS_AFTER]
    if dated:
        best = max(dated, key=lambda f: len({e.article for e in f.support}))
        return best.value
    days = sorted(a.date for a in articles.values() if a.date)
    return days[0] if days else check.story.date


def anaphoric(text: str) -> bool:
    """Whether a sentence opens on a word that points back to an earlier one (Cet échange, Il)."""
    low = fold(text.lstrip("«\"“ ")).replace("’", "'")
    for opener in word_lists()["anaphoric_openers"]:
        word = fold(opener)
        if low.startswith(word) and (word.endswith("'") or not low[len(word) : len(word) + 1]
                                     .isalnum()):
            return True
    return False


def _main_names(check: StoryCheck) -> list[set[str]]:
    """Folded surface forms of the entities most outlets name, most named first."""
    ranked = sorted(check.entities, key=lambda e: (-len(e.articles), -e.mentions))
    return [{fold(n) for n in [e.name, *e.variants] if len(n) >= 3}
            for e in ranked[:MAIN_ENTITIES] if len(e.articles) >= 2]


def _lead(sentences: list[_Sentence], centrality: list[float], weight: dict[str, float],
          quality: dict[str, float], check: StoryCheck) -> int:
    """The sentence that opens the summary: not anaphoric, naming the main entities, early in
    its article, central and carrying backed facts."""
    names = _main_names(check)
    top_weight = max(weight.values(), default=1.0)
    best, best_score = -1, float("-inf")
    for i, s in enumerate(sentences):
        if anaphoric(s.text):
            continue
        low = fold(s.text)
        named = sum(any(n in low for n in forms) for forms in names) / max(len(names), 1)
        early = 1.0 / (1 + s.rank)
        gain = min(sum(weight[f] for f in s.facts) / top_weight, 2.0) / 2
        score = (0.3 * named + 0.25 * early + 0.25 * centrality[i] + 0.2 * gain) * (
            0.6 + 0.4 * quality.get(s.article, 0.5)
        )
        if score > best_score:
            best, best_score = i, score
    return best


def _redundancy(a: _Sentence, b: _Sentence, sim: float) -> float:
    """How much of sentence `a` sentence `b` already says: word overlap, or the share of a's
    backed facts b carries."""
    told = len(a.facts & b.facts) / len(a.facts) if a.facts else 0.0
    return max(sim, told)


def _select(sentences: list[_Sentence], sims: list[list[float]], centrality: list[float],
            weight: dict[str, float], quality: dict[str, float], lead: int) -> list[int]:
    chosen: list[int] = [lead] if lead >= 0 else []
    covered: set[str] = set(sentences[lead].facts) if lead >= 0 else set()
    top_weight = max(weight.values(), default=1.0)
    while len(chosen) < min(MAX_SENTENCES, len(sentences)):
        best, best_score = -1, float("-inf")
        for i, s in enumerate(sentences):
            if i in chosen:
                continue
            gain = sum(weight[f] for f in s.facts - covered) / top_weight
            redundancy = max(
                (_redundancy(s, sentences[j], sims[i][j]) for j in chosen), default=0.0
            )
            if redundancy > REDUNDANT:
                continue
            score = (0.5 * centrality[i] + 0.5 * min(gain, 2.0) / 2) * (
                0.6 + 0.4 * quality.get(s.article, 0.5)
            ) - 0.7 * redundancy
            if score > best_score:
                best, best_score = i, score
        if best < 0 or (len(chosen) >= MIN_SENTENCES and best_score <= 0.05):
            break
        chosen.append(best)
        covered |= sentences[best].facts
    rest = sorted(chosen[1:], key=lambda i: (-len(sentences[i].facts), i))
    return chosen[:1] + rest


@lru_cache(maxsize=1)
def _number_words() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{v.number_word_pattern()})(?!\w)", re.IGNORECASE)


def figures(text: str) -> set[float]:
    """The figures a sentence states, in digits or in words ("trois mois" gives 3.0)."""
    found = {v.parse_number(n) for n in _NUMBER.findall(text)}
    found |= {v.parse_number(w.lower()) for w in _number_words().findall(text)}
    return {x for x in found if x is not None}


def _same_figures(a: str, b: str) -> bool:
    """Whether one sentence's figures include the other's: '1 200' and '1 400', or "trois mois"
    and "six mois", do not back each other however alike the words are."""
    na, nb = figures(a), figures(b)
    return na <= nb or nb <= na


def _citations(i: int, sentences: list[_Sentence], sims: list[list[float]],
               check: StoryCheck) -> list[Evidence]:
    """Per backing article, the span that backs sentence i; never an article disputing one of
    the facts the sentence carries."""
    s = sentences[i]
    carried = [f for f in check.facts if f.id in s.facts]
    against = {e.article for f in carried for e in f.disputed_by}
    cited = {s.article: Evidence(s.article, s.text, start=s.start)}
    for j, t in enumerate(sentences):
        if t.article in cited or t.article in against:
            continue
        if sims[i][j] >= NEAR_DUPLICATE and _same_figures(s.text, t.text):
            cited[t.article] = Evidence(t.article, t.text, start=t.start)
    for fact in carried:
        for e in fact.support:
            if e.article not in cited and e.article not in against:
                cited[e.article] = Evidence(e.article, e.text, e.value, e.start)
    order = list(check.story.articles)
    return sorted(cited.values(),
                  key=lambda e: order.index(e.article) if e.article in order else len(order))


def make_brief(check: StoryCheck, articles: dict[str, Article], analyses: dict[str, Analysis]
               ) -> Brief:
    """Headline, event date and a cited extractive summary of one checked story."""
    ids = [a for a in check.story.articles if a in articles and a in analyses]
    arts = {a: articles[a] for a in ids}
    anas = {a: analyses[a] for a in ids}
    sentences = _sentences(arts, anas)
    summary: list[Cited] = []
    if sentences:
        weight = _attach_facts(sentences, check)
        matrix = TfidfVectorizer(sublinear_tf=True, strip_accents="unicode").fit_transform(
            [s.text for s in sentences]
        )
        sims = cosine_similarity(matrix).tolist()
        raw = [
            sum(sims[i][j] for j, t in enumerate(sentences) if t.article != s.article)
            for i, s in enumerate(sentences)
        ]
        top = max(raw) or 1.0
        centrality = [r / top for r in raw]
        quality = {a: q.score for a, q in check.quality.items()}
        lead = _lead(sentences, centrality, weight, quality, check)
        for i in _select(sentences, sims, centrality, weight, quality, lead):
            evidence = _citations(i, sentences, sims, check)
            summary.append(Cited(sentences[i].text, [e.article for e in evidence], evidence))
    date = _event_date(check, arts)
    return Brief(story=check.story.id, title=_headline(check, arts, anas),
                 date=v.parse_iso(date).isoformat() if v.parse_iso(date) else date,
                 summary=summary, check=check)
