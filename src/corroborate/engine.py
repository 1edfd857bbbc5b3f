"""Engines: where the per-article stages (extraction, analysis) run.

The pipeline hands each engine the new documents and articles and gets the results back;
clustering, cross-checking and every store write stay with the pipeline, in this process, so
an engine changes where the work runs and never what a run finds. `LocalEngine` (the default)
forks workers on this machine; `RayEngine` (the `corroborate[ray]` extra) runs the same
functions as Ray Data `map_batches`, on a local Ray or a cluster.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from corroborate.analyze import Analyzer
from corroborate.codec import dumps, loads
from corroborate.errors import CorroborateError, E
from corroborate.extract import detector, extract
from corroborate.parallel import fork_map
from corroborate.settings import SETTINGS, Settings
from corroborate.types import Analysis, Article, Document

ENGINES = ("local", "ray")


class Engine(Protocol):
    """Runs the stateless per-article stages; results come back in input order."""

    name: str

    def extract(
        self, documents: list[Document], processes: int
    ) -> Iterator[Article | CorroborateError]:
        """The article of each document, or the error that stops it, in input order."""
        ...

    def analyze(
        self,
        analyzer: Analyzer,
        articles: list[Article],
        on_done: Callable[[Analysis], None],
        processes: int,
    ) -> None:
        """Analyse every article, calling `on_done` with each analysis (in any order)."""
        ...


def extract_one(document: Document) -> Article | CorroborateError:
    """The article of one document, or the error that stops it (never raises)."""
    try:
        return extract(document)
    except CorroborateError as exc:
        exc.origin = exc.origin or document.origin
        return exc
    except Exception as exc:  # one broken input must not lose the batch
        return CorroborateError(E.E007, document.origin, detail=repr(exc)[:200])


def _size(document: Document) -> float:
    return float(len(document.content))


class LocalEngine:
    """Forked workers on this machine (`corroborate.parallel`)."""

    name = "local"

    def extract(
        self, documents: list[Document], processes: int
    ) -> Iterator[Article | CorroborateError]:
        """Extract in `processes` forked workers, the language models loaded once before."""
        if processes > 1:
            detector()  # loaded here, the language models are shared by the workers
        return fork_map(extract_one, documents, processes, cost=_size)

    def analyze(
        self,
        analyzer: Analyzer,
        articles: list[Article],
        on_done: Callable[[Analysis], None],
        processes: int,
    ) -> None:
        """spaCy in forked workers, one stream over every article."""
        analyzer.analyze(articles, on_done=on_done, processes=processes)


class _Extractor:
    """A Ray Data batch function: documents (as JSON) to articles or errors (as JSON)."""

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        out: list[str] = []
        kinds: list[str] = []
        for text in batch["document"]:
            result = extract_one(loads(Document, text))
            if isinstance(result, CorroborateError):
                kinds.append("error")
                out.append(dumps({"code": result.code.name, "origin": result.origin,
                                  "message": result.message}))
            else:
                kinds.append("article")
                out.append(dumps(result))
        return {"i": batch["i"], "kind": kinds, "result": out}


class _Analyst:
    """A Ray Data actor: the spaCy model loaded once, then batches of articles analysed."""

    def __init__(self, settings: Settings) -> None:
        self.analyzer = Analyzer(settings)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        articles = [loads(Article, text) for text in batch["article"]]
        by_id = {a.id: i for i, a in zip(batch["i"], articles, strict=True)}
        done = self.analyzer.analyze(articles, processes=1)
        return {"i": [by_id[a.article_id] for a in done], "analysis": [dumps(a) for a in done]}


def _error(data: str) -> CorroborateError:
    import json

    fields = json.loads(data)
    error = CorroborateError(E[fields["code"]], fields["origin"])
    error.message = fields["message"]
    error.args = (error.line(),)
    return error


class RayEngine:
    """Ray Data: extraction as tasks, analysis on actors that each load spaCy once.

    Connects to the cluster named by `RAY_ADDRESS` when set, else starts a local Ray with
    `cpus` CPUs; one CPU is left to the readers and the driver (Ray Data starves without).
    """

    name = "ray"

    def __init__(self, settings: Settings = SETTINGS, cpus: int | None = None) -> None:
        try:
            import ray
        except ImportError:
            raise CorroborateError(
                E.E052, "--engine ray", detail="install the extra: pip install 'corroborate[ray]'"
            ) from None
        self.settings = settings
        if not ray.is_initialized():
            if os.environ.get("RAY_ADDRESS"):
                ray.init(log_to_driver=False, logging_level=logging.WARNING)
            else:
                ray.init(num_cpus=cpus or settings.n_process, include_dashboard=False,
                         log_to_driver=False, logging_level=logging.WARNING)
        self.cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True
        ctx.enable_progress_bars = False

    def _workers(self) -> int:
        return max(1, self.cpus - 1)

    def extract(
        self, documents: list[Document], processes: int
    ) -> Iterator[Article | CorroborateError]:
        """Extract as Ray Data tasks; results back in input order."""
        if not documents:
            return
        import ray

        rows = [{"i": i, "document": dumps(d)} for i, d in enumerate(documents)]
        size = max(1, min(64, -(-len(rows) // self._workers())))
        dataset = ray.data.from_items(rows).map_batches(
            _Extractor, batch_size=size, num_cpus=1,
            compute=ray.data.ActorPoolStrategy(size=self._workers()),
        )
        results: dict[int, Article | CorroborateError] = {}
        for row in dataset.iter_rows():
            kind, data = row["kind"], row["result"]
            results[int(row["i"])] = loads(Article, data) if kind == "article" else _error(data)
        for i in range(len(documents)):
            yield results[i]

    def analyze(
        self,
        analyzer: Analyzer,
        articles: list[Article],
        on_done: Callable[[Analysis], None],
        processes: int,
    ) -> None:
        """Analyse on Ray Data actors; each analysis is handed over as it streams back."""
        if not articles:
            return
        import ray

        rows = [{"i": i, "article": dumps(a)} for i, a in enumerate(articles)]
        size = max(1, min(self.settings.batch_size, -(-len(rows) // (2 * self._workers()))))
        dataset = ray.data.from_items(rows).map_batches(
            _Analyst, fn_constructor_args=(self.settings,), batch_size=size, num_cpus=1,
            compute=ray.data.ActorPoolStrategy(size=self._workers()),
        )
        for row in dataset.iter_rows():
            on_done(loads(Analysis, row["analysis"]))


def engine(name: str, settings: Settings = SETTINGS) -> Engine:
    """The engine called `name` (`local` or `ray`)."""
    if name == "local":
        return LocalEngine()
    if name == "ray":
        return RayEngine(settings)
    raise CorroborateError(E.E052, "--engine", detail=f"unknown engine {name!r} (local or ray)")
