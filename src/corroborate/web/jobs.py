"""Background runs of the pipeline over added articles, one at a time, with their progress."""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corroborate.errors import CorroborateError
from corroborate.ingest import slug
from corroborate.store import Store
from corroborate.web.fetch import fetch_to_file
from corroborate.web.pages import story_href

KEEP_JOBS = 200
STAGES = {"extract": "reading", "analyze": "analysing", "crosscheck": "cross-checking"}


@dataclass
class Job:
    """One submission: its folder of inputs, its state and what it produced."""

    id: str
    folder: Path
    url: str | None = None
    state: str = "queued"  # queued | running | done | failed
    stage: str = "queued"
    done: int = 0
    total: int = 0
    message: str = "waiting for the worker"
    errors: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    stories: list[dict[str, str]] = field(default_factory=list)

    def data(self) -> dict[str, Any]:
        """The job as the API shows it."""
        return {
            "id": self.id,
            "state": self.state,
            "stage": self.stage,
            "done": self.done,
            "total": self.total,
            "message": self.message,
            "errors": list(self.errors),
            "articles": list(self.articles),
            "stories": [dict(s) for s in self.stories],
            "href": f"/jobs/{self.id}",
        }


class Jobs:
    """A single worker thread runs the pipeline job by job, since runs share the clusterer."""

    def __init__(self, db: str, allow_private: bool = False, analyzer: Any = None) -> None:
        self.db = db
        self.allow_private = allow_private
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()
        self.reserved: set[str] = set()  # article ids given to uploads this server started
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="corroborate-job")
        self._store: Store | None = None
        self._analyzer: Any = analyzer  # the language models load once, on the first job
        self.on_done: list[Callable[[Job], None]] = []

    def new(self) -> Job:
        """A job with an empty folder to put its inputs in."""
        job = Job(id=uuid.uuid4().hex[:12], folder=Path(tempfile.mkdtemp(prefix="corroborate-")))
        with self.lock:
            self.jobs[job.id] = job
            for old in list(self.jobs)[:-KEEP_JOBS]:
                del self.jobs[old]
        return job

    def get(self, job_id: str) -> Job | None:
        """A job by id, while it is kept."""
        with self.lock:
            return self.jobs.get(job_id)

    def free_id(self, wanted: str) -> str:
        """An article id not used in the store yet, so an addition never replaces an article."""
        store = Store(self.db)
        try:
            # Ids handed out but not stored yet (their jobs are queued) count as used, or two
            # uploads at once would get one id and the second would replace the first.
            with self.lock:
                candidate, n = wanted, 1
                while candidate in self.reserved or store.article(candidate) is not None:
                    n += 1
                    candidate = f"{wanted}-{n}"
                self.reserved.add(candidate)
            return candidate
        finally:
            store.close()

    def add_text(
        self,
        job: Job,
        text: str,
        title: str | None,
        url: str | None,
        article_id: str | None,
        extra: dict[str, str | None] | None = None,
    ) -> None:
        """Put a pasted article into the job's folder as a JSON record (`extra`: outlet, date,
        lang, as a JSON line has them)."""
        wanted = slug(article_id or title or text[:60]) or "article"
        record = {
            **(extra or {}), "id": self.free_id(wanted), "title": title, "url": url, "text": text
        }
        record = {k: v for k, v in record.items() if v}
        path = job.folder / f"{record['id']}.json"
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")

    def add_file(self, job: Job, name: str, content: bytes) -> None:
        """Put an uploaded file into the job's folder under a safe, unused name."""
        name = Path(name.replace("\\", "/")).name or "upload.txt"
        stem, dot, suffix = name.partition(".")
        suffix = dot + slug(suffix).replace("-", ".") if dot else ""
        safe = self.free_id(slug(stem) or "upload") + suffix
        (job.folder / safe).write_bytes(content)

    def start(self, job: Job) -> None:
        """Queue the job on the worker."""
        self.pool.submit(self._run, job)

    def _run(self, job: Job) -> None:
        from dataclasses import replace

        from corroborate.analyze import Analyzer
        from corroborate.pipeline import run
        from corroborate.settings import SETTINGS

        job.state, job.message = "running", "starting"
        try:
            if job.url:
                job.stage, job.message = "fetching", f"fetching {job.url}"
                fetch_to_file(job.url, job.folder, self.allow_private)
            if self._store is None:
                self._store = Store(self.db)
            # Forking workers from a threaded server is unsafe: every stage runs in-process.
            settings = replace(SETTINGS, n_process=1)
            if self._analyzer is None:
                job.message = "loading the language model"
                self._analyzer = Analyzer(settings)
            result = run(
                [str(job.folder)], self._store, settings, progress=self._progress(job),
                analyzer=self._analyzer,
            )
        except CorroborateError as exc:
            job.state, job.message = "failed", exc.line()
            job.errors.append(exc.line())
            return
        except Exception as exc:  # a broken job must not stop the worker
            job.state, job.message = "failed", f"{type(exc).__name__}: {exc}"
            return
        finally:
            shutil.rmtree(job.folder, ignore_errors=True)
        self._finish(job, result)

    def _progress(self, job: Job) -> Callable[[str, int, int], None]:
        def progress(stage: str, done: int, total: int) -> None:
            job.stage, job.done, job.total = STAGES.get(stage, stage), done, total
            job.message = f"{job.stage}: {done}" + (f" of {total}" if total else "")

        return progress

    def _finish(self, job: Job, result: Any) -> None:
        folder = str(job.folder)
        job.errors += [e.line().replace(folder + "/", "") for e in result.errors]
        # The run touches exactly the stories its inputs went into; an input already stored
        # keeps its first source, so only new articles are recognised by their folder.
        job.articles = [a.id for a in result.report.articles if a.source.startswith(folder)]
        job.stories = [
            {"id": b.story, "title": b.title, "href": story_href(b.story)}
            for b in result.report.briefs
        ]
        stats = result.stats
        job.stage = "done"
        if stats.documents == 0:
            job.state, job.message = "failed", "no article could be processed"
        else:
            known = stats.documents - stats.documents_new
            job.state = "done"
            job.message = (
                f"{stats.documents_new} new article(s) placed into {len(job.stories)} story(ies)"
            )
            if known:
                job.message += f"; {known} already in the store"
        for hook in self.on_done:
            hook(job)

    def close(self) -> None:
        """Stop the worker after the running job."""
        self.pool.shutdown(wait=True, cancel_futures=True)
        if self._store is not None:
            self._store.close()
