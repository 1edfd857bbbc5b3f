"""Runs the stages in order over a batch of sources, records failures, and never prints."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import TypeVar

from corroborate.analyze import Analyzer
from corroborate.arcs import arcs_for, link_arcs
from corroborate.brief import make_brief
from corroborate.cluster import Clusterer, load_state, save_state
from corroborate.crosscheck import check_story, claims_of, discover
from corroborate.engine import Engine, LocalEngine
from corroborate.errors import CorroborateError, E
from corroborate.extract import strip_repeated
from corroborate.ingest import Source, read_sources
from corroborate.parallel import fork_map, workers
from corroborate.settings import SETTINGS, Settings
from corroborate.store import Store
from corroborate.types import (
    Analysis,
    Arc,
    Article,
    Brief,
    Document,
    OutletTrust,
    Report,
    Story,
)

Progress = Callable[[str, int, int], None]  # stage name, items done, items in all (0: unknown)
COMMIT_EVERY = 32
T = TypeVar("T")
CLUSTER_STATE = "clusterer"
ARCS_STATE = "arcs"


@dataclass
class RunStats:
    """What a run did, for the summary line and for checking that re-runs skip work."""

    inputs: int = 0  # every article read or refused, as the user counts them
    documents: int = 0
    documents_new: int = 0
    analysed: int = 0
    analyses_reused: int = 0
    stories: int = 0
    failed: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per stage
    _nested: list[float] = field(default_factory=list, repr=False)

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        """Add the wall time of the block to the stage's total, less that of blocks inside it
        (a stage run during another counts once, as itself)."""
        started = time.perf_counter()
        self._nested.append(0.0)
        try:
            yield
        finally:
            elapsed = time.perf_counter() - started
            inner = self._nested.pop()
            if self._nested:
                self._nested[-1] += elapsed
            self.seconds[stage] = self.seconds.get(stage, 0.0) + elapsed - inner


@dataclass
class RunResult:
    """The report of the stories a run touched, the per-input errors, and the counts."""

    report: Report
    errors: list[CorroborateError] = field(default_factory=list)
    stats: RunStats = field(default_factory=RunStats)


def _noop(stage: str, done: int, total: int) -> None:
    return None


def ingest_and_extract(
    sources: list[Source],
    store: Store,
    stats: RunStats,
    errors: list[CorroborateError],
    progress: Progress = _noop,
    settings: Settings = SETTINGS,
    engine: Engine | None = None,
) -> list[Article]:
    """Read every source into articles; inputs stored before are not extracted again.

    New documents are extracted in forked workers when there are enough of them, a chunk at
    a time so that memory stays bounded; articles keep the order of their sources.
    """
    articles: dict[str, Article] = {}
    for chunk in _chunks(read_sources(sources, settings), EXTRACT_CHUNK):
        documents: list[Document] = []
        for item in chunk:
            stats.inputs += 1
            if isinstance(item, CorroborateError):
                errors.append(item)
                stats.failed += 1
            else:
                documents.append(item)
        stored = {d.sha: store.article_for_document(d.sha) for d in documents}
        # An input that failed before fails again the same way: its line is repeated, its
        # extraction is not (it changes when the input does, and then it is tried afresh).
        failed_before = {d.sha: store.failure_for(d.sha) for d in documents
                         if stored[d.sha] is None}
        fresh = [d for d in documents if stored[d.sha] is None and not failed_before.get(d.sha)]
        processes = workers(len(fresh), settings.n_process, settings.min_documents_per_process)
        new: list[tuple[Document, Article]] = []
        failures: list[tuple[str, CorroborateError]] = []
        with closing(iter((engine or LocalEngine()).extract(fresh, processes))) as extracted:
            for document in documents:
                stats.documents += 1
                article = stored[document.sha]
                before = failed_before.get(document.sha)
                if before is not None:
                    before.origin = document.origin or before.origin
                    errors.append(before)
                    stats.failed += 1
                    continue
                if article is None:
                    outcome = next(extracted)  # in the order of `fresh`
                    if isinstance(outcome, CorroborateError):
                        errors.append(outcome)
                        stats.failed += 1
                        if outcome.code is not E.E008:  # a size limit is a setting, not the input
                            failures.append((document.sha, outcome))
                        continue
                    article = outcome
                    article.id = _unique_id(article.id, articles)
                    stats.documents_new += 1
                    new.append((document, article))
                articles[article.id] = article
                progress("extract", stats.documents, 0)
        with store.batch():
            for document, article in new:
                store.put_document(document)
                store.put_article(article, document.sha)
            for sha, error in failures:
                store.put_failure(sha, error)
    return _strip_boilerplate(list(articles.values()), store)


EXTRACT_CHUNK = 256  # documents read, extracted and committed together


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


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
    ready: Callable[[Article, Analysis], None] | None = None,
    settings: Settings = SETTINGS,
    engine: Engine | None = None,
) -> dict[str, Analysis]:
    """Analyses by article id; only articles whose content hash is new go through spaCy.

    `ready` sees every article with its analysis in the order of `articles`, each as soon
    as it and all those before it are analysed, so that later stages overlap this one.
    """
    analyses: dict[str, Analysis] = {}
    todo: list[Article] = []
    following = 0

    def release() -> None:
        nonlocal following
        while following < len(articles) and articles[following].id in analyses:
            if ready:
                ready(articles[following], analyses[articles[following].id])
            following += 1

    with stats.timed("analyze"):
        for article in articles:
            stored = store.analysis(article.sha)
            if stored is None:
                todo.append(article)
            else:
                stored.article_id = article.id
                analyses[article.id] = stored
                stats.analyses_reused += 1
        release()
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
        release()

    engine = engine or LocalEngine()
    if engine.name == "local":
        with stats.timed("load models"):
            for lang in {a.lang or "fr" for a in todo}:
                analyzer.pipeline(lang)
    with stats.timed("analyze"):
        # One stream over every article, so that the worker processes start once per run.
        engine.analyze(analyzer, todo, on_done, settings.n_process)
        if done:
            flush()
    return analyses


class Placement:
    """The stored clusterer, placing this run's articles one by one and then saving itself."""

    def __init__(self, store: Store, settings: Settings, stats: RunStats) -> None:
        self.store, self.stats = store, stats
        with stats.timed("cluster"):
            state = store.get_state(CLUSTER_STATE)
            self.clusterer = load_state(state, settings) if state else Clusterer(settings)
            self.placed = set(store.get_state("placed") or [])

    def add(self, article: Article, analysis: Analysis) -> None:
        """Place one article unless an earlier run placed it."""
        if article.id not in self.placed:
            with self.stats.timed("cluster"):
                self.clusterer.add(article, analysis)
            self.placed.add(article.id)

    def finish(self) -> list[Story]:
        """Save the clusterer's state; every story it holds."""
        with self.stats.timed("cluster"):
            with self.store.batch():
                self.store.put_state(CLUSTER_STATE, save_state(self.clusterer))
                self.store.put_state("placed", sorted(self.placed))
            return self.clusterer.stories()


def brief_stories(
    stories: Iterable[Story],
    store: Store,
    progress: Progress = _noop,
    known: dict[str, Analysis] | None = None,
    processes: int = 1,
    errors: list[CorroborateError] | None = None,
) -> tuple[list[Brief], dict[str, Article]]:
    """Cross-check each story over all its stored articles and keep its brief.

    `known` holds analyses already in memory by article id; others are read from the store.
    Stories are checked in `processes` forked workers; the store is written here only.
    """
    known = known or {}
    trust = store.trust()
    jobs: list[StoryInputs] = []
    seen: dict[str, Article] = {}
    for story in stories:
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
        jobs.append((story, articles, analyses, trust))
        seen.update(articles)
    briefs: list[Brief] = []
    for done, brief in enumerate(fork_map(_brief, jobs, processes, cost=_story_cost), 1):
        progress("crosscheck", done, len(jobs))
        if isinstance(brief, CorroborateError):
            if errors is not None:
                errors.append(brief)
            continue
        briefs.append(brief)
        with store.batch():
            store.put_brief(brief)
            store.put_claims(brief.story, claims_of(brief.check, seen))
    if briefs:
        with store.batch():
            store.put_trust(discover(store.claims(), trust))
    return briefs, seen


StoryInputs = tuple[Story, dict[str, Article], dict[str, Analysis], dict[str, OutletTrust]]


def _brief(job: StoryInputs) -> Brief | CorroborateError:
    """The brief of one story, or the error that stops it (never raises: one story's bug
    must not lose the other stories of the run)."""
    story, articles, analyses, trust = job
    try:
        return make_brief(check_story(story, articles, analyses, trust), articles, analyses)
    except Exception as exc:
        where = f"story {story.id} ({', '.join(story.articles[:5])})"
        return CorroborateError(E.E021, where, detail=repr(exc)[:200])


def _story_cost(job: StoryInputs) -> float:
    # Cross-checking compares the claims of every pair of articles: about quadratic in tokens.
    tokens = sum(len(a.tokens) for a in job[2].values())
    return float(tokens * len(job[2]))


def link_stories(store: Store, live: set[str], briefs: list[Brief],
                 articles: dict[str, Article]) -> list[Arc]:
    """Place the stories briefed now into the stored arcs and save them; the arcs that link
    two or more of these stories. Arcs are kept in the store's state, so a later run attaches
    its stories to them and never reorders what they showed."""
    titles = {a.id: a.title for a in articles.values() if a.title}
    linker, state = link_arcs(briefs, store.get_state(ARCS_STATE), keep=live, titles=titles)
    with store.batch():
        store.put_state(ARCS_STATE, state)
    return arcs_for(linker, {b.story: b for b in briefs}, {a.id: a.text for a in articles.values()})


def stored_arcs(store: Store) -> list[Arc]:
    """Every arc of two stories or more in the store, with its steps' changes."""
    linker, _ = link_arcs([], store.get_state(ARCS_STATE))
    linked = [s for stories in linker.arcs.values() if len(stories) > 1 for s in stories]
    briefs = {s: b for s in linked if (b := store.brief(s)) is not None}
    ids = [a for b in briefs.values() for a in b.check.story.articles]
    return arcs_for(linker, briefs, {a.id: a.text for a in store.articles(ids)})


def run(
    sources: list[Source],
    store: Store,
    settings: Settings = SETTINGS,
    progress: Progress = _noop,
    analyzer: Analyzer | None = None,
    engine: Engine | None = None,
) -> RunResult:
    """Ingest, extract, analyse, cluster, cross-check and brief; report the stories touched.

    `engine` runs extraction and analysis (forked workers here by default); clustering,
    cross-checking and the store stay in this process. One run at a time per store: a second
    one fails at once with E022 (store busy)."""
    with store.exclusive():
        return _run(sources, store, settings, progress, analyzer, engine)


def _run(
    sources: list[Source],
    store: Store,
    settings: Settings,
    progress: Progress,
    analyzer: Analyzer | None,
    engine: Engine | None,
) -> RunResult:
    stats = RunStats()
    errors: list[CorroborateError] = []
    with stats.timed("ingest+extract"):
        articles = ingest_and_extract(sources, store, stats, errors, progress, settings, engine)
    placement = Placement(store, settings, stats)
    analyses = analyze_articles(
        articles, store, analyzer or Analyzer(settings), stats, progress, placement.add,
        settings, engine,
    )
    stories = placement.finish()
    with stats.timed("cluster"), store.batch():
        store.delete_briefs_except({s.id for s in stories})
    run_ids = {a.id for a in articles}
    touched = [s for s in stories if run_ids & set(s.articles)]
    with stats.timed("crosscheck+brief"):
        processes = workers(len(touched), settings.n_process, settings.min_stories_per_process)
        briefs, members = brief_stories(touched, store, progress, analyses, processes, errors)
    stats.stories = len(briefs)
    with stats.timed("arcs"):
        arcs = link_stories(store, {s.id for s in stories}, briefs, members)
    report = Report(articles=list(members.values()), briefs=briefs, arcs=arcs)
    for brief in briefs:
        for article_id in brief.check.story.articles:
            report.story_of[article_id] = brief.story
        for pair in brief.check.story.copies:
            report.copy_of.setdefault(pair.copy, pair.original)
    return RunResult(report=report, errors=errors, stats=stats)
