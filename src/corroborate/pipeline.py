"""Runs the stages in order over a batch of sources, records failures, and never prints."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from corroborate.analyze import Analyzer
from corroborate.brief import make_brief
from corroborate.cluster import Clusterer
from corroborate.crosscheck import check_story
from corroborate.errors import CorroborateError, E
from corroborate.extract import extract
from corroborate.extract.boilerplate import strip_repeated
from corroborate.ingest import read_sources
from corroborate.settings import SETTINGS, Settings
from corroborate.store import Store
from corroborate.types import Analysis, Article, Brief, Document, Report, Story

Progress = Callable[[str, int, int], None]  # stage name, items done, items in all (0: unknown)
COMMIT_EVERY = 32
CLUSTER_STATE = "clusterer"


@dataclass
class RunStats:
    """What a run did, for the summary line and for checking that re-runs skip work."""

    documents: int = 0
    documents_new: int = 0
    analysed: int = 0
    analyses_reused: int = 0
    stories: int = 0
    failed: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per stage

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        """Add the wall time of the block to the stage's total."""
        started = time.perf_counter()
        try:
            yield
        finally:
            elapsed = time.perf_counter() - started
            self.seconds[stage] = self.seconds.get(stage, 0.0) + elapsed


@dataclass
class RunResult:
    """The report of the stories a run touched, the per-input errors, and the counts."""

    report: Report
    errors: list[CorroborateError] = field(default_factory=list)
    stats: RunStats = field(default_factory=RunStats)


def _noop(stage: str, done: int, total: int) -> None:
    return None


def ingest_and_extract(
    sources: list[str],
    store: Store,
    stats: RunStats,
    errors: list[CorroborateError],
    progress: Progress = _noop,
) -> list[Article]:
    """Read every source into articles; inputs stored before are not extracted again."""
    articles: dict[str, Article] = {}
    pending: list[tuple[Document, Article]] = []

    def flush() -> None:
        with store.batch():
            for doc, article in pending:
                store.put_document(doc)
                store.put_article(article, doc.sha)
        pending.clear()

    for item in read_sources(sources):
        if isinstance(item, CorroborateError):
            errors.append(item)
            stats.failed += 1
            continue
        stats.documents += 1
        article = store.article_for_document(item.sha)
        if article is None:
            try:
                article = extract(item)
            except CorroborateError as exc:
                exc.origin = exc.origin or item.origin
                errors.append(exc)
                stats.failed += 1
                continue
            except Exception as exc:  # one broken input must not lose the batch
                errors.append(CorroborateError(E.E007, item.origin, detail=repr(exc)[:200]))
                stats.failed += 1
                continue
            article.id = _unique_id(article.id, articles)
            stats.documents_new += 1
            pending.append((item, article))
            if len(pending) >= COMMIT_EVERY:
                flush()
        articles[article.id] = article
        progress("extract", stats.documents, 0)
    flush()
    return _strip_boilerplate(list(articles.values()), store)


def _strip_boilerplate(articles: list[Article], store: Store) -> list[Article]:
    # Lines repeated across many pages of one outlet are chrome that no single page shows.
    stripped = strip_repeated(articles)
    changed = [new for old, new in zip(articles, stripped, strict=True) if old is not new]
    if changed:
        with store.batch():
            for article in changed:
                store.update_article(article)
    return stripped


def _unique_id(article_id: str, taken: dict[str, Article]) -> str:
    candidate, n = article_id, 2
    while candidate in taken:
        candidate, n = f"{article_id}-{n}", n + 1
    return candidate


def analyze_articles(
    articles: list[Article],
    store: Store,
    analyzer: Analyzer,
    stats: RunStats,
    progress: Progress = _noop,
) -> dict[str, Analysis]:
    """Analyses by article id; only articles whose content hash is new go through spaCy."""
    analyses: dict[str, Analysis] = {}
    todo: list[Article] = []
    with stats.timed("analyze"):
        for article in articles:
            stored = store.analysis(article.sha)
            if stored is None:
                todo.append(article)
            else:
                stored.article_id = article.id
                analyses[article.id] = stored
                stats.analyses_reused += 1
    total = len(todo)
    progress("analyze", 0, total)
    by_id = {a.id: a for a in todo}
    done: list[Analysis] = []

    def flush() -> None:
        with store.batch():
            for analysis in done:
                store.put_analysis(analysis)
                article = by_id[analysis.article_id]
                fresh = [n for n in analysis.notes if n not in article.notes]
                if fresh:
                    # The reader must see that an article got only a reduced analysis.
                    article.notes.extend(fresh)
                    store.update_article(article)
        stats.analysed += len(done)
        done.clear()
        progress("analyze", stats.analysed, total)

    def on_done(analysis: Analysis) -> None:
        analyses[analysis.article_id] = analysis
        done.append(analysis)
        if len(done) >= COMMIT_EVERY:
            flush()

    with stats.timed("load models"):
        for lang in {a.lang or "fr" for a in todo}:
            analyzer.pipeline(lang)
    with stats.timed("analyze"):
        # One stream over every article, so that spaCy's worker processes start once per run.
        analyzer.analyze(todo, on_done=on_done)
        if done:
            flush()
    return analyses


def cluster_articles(
    articles: list[Article],
    analyses: dict[str, Analysis],
    store: Store,
    settings: Settings,
) -> list[Story]:
    """Place new articles into the stored stories; returns every story."""
    state = store.get_state(CLUSTER_STATE)
    clusterer = Clusterer.from_state(state, settings) if state else Clusterer(settings)
    placed = set(store.get_state("placed") or [])
    for article in articles:
        if article.id not in placed and article.id in analyses:
            clusterer.add(article, analyses[article.id])
            placed.add(article.id)
    with store.batch():
        store.put_state(CLUSTER_STATE, clusterer.state())
        store.put_state("placed", sorted(placed))
    return clusterer.stories()


def brief_stories(
    stories: Iterable[Story],
    store: Store,
    progress: Progress = _noop,
    known: dict[str, Analysis] | None = None,
) -> tuple[list[Brief], dict[str, Article]]:
    """Cross-check each story over all its stored articles and keep its brief.

    `known` holds analyses already in memory by article id; others are read from the store.
    """
    stories = list(stories)
    known = known or {}
    briefs: list[Brief] = []
    seen: dict[str, Article] = {}
    for n, story in enumerate(stories, start=1):
        members = store.articles(story.articles)
        articles = {a.id: a for a in members}
        analyses: dict[str, Analysis] = {}
        for article in members:
            analysis = known.get(article.id)
            if analysis is None or analysis.sha != article.sha:
                analysis = store.analysis(article.sha)
            if analysis is not None:
                analysis.article_id = article.id
                analyses[article.id] = analysis
        check = check_story(story, articles, analyses)
        brief = make_brief(check, articles, analyses)
        briefs.append(brief)
        seen.update(articles)
        with store.batch():
            store.put_brief(brief)
        progress("crosscheck", n, len(stories))
    return briefs, seen


def run(
    sources: list[str],
    store: Store,
    settings: Settings = SETTINGS,
    progress: Progress = _noop,
    analyzer: Analyzer | None = None,
) -> RunResult:
    """Ingest, extract, analyse, cluster, cross-check and brief; report the stories touched."""
    stats = RunStats()
    errors: list[CorroborateError] = []
    with stats.timed("ingest+extract"):
        articles = ingest_and_extract(sources, store, stats, errors, progress)
    analyses = analyze_articles(articles, store, analyzer or Analyzer(settings), stats, progress)
    with stats.timed("cluster"):
        stories = cluster_articles(articles, analyses, store, settings)
        with store.batch():
            store.delete_briefs_except({s.id for s in stories})
    run_ids = {a.id for a in articles}
    touched = [s for s in stories if run_ids & set(s.articles)]
    with stats.timed("crosscheck+brief"):
        briefs, members = brief_stories(touched, store, progress, analyses)
    stats.stories = len(briefs)
    report = Report(articles=list(members.values()), briefs=briefs)
    for brief in briefs:
        for article_id in brief.check.story.articles:
            report.story_of[article_id] = brief.story
        for pair in brief.check.story.copies:
            report.copy_of.setdefault(pair.copy, pair.original)
    return RunResult(report=report, errors=errors, stats=stats)
