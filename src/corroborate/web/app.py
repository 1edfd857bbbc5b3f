"""The FastAPI app: each page builds one data dict (pages.py) that HTML and JSON both render."""

from __future__ import annotations

import hmac
import ipaddress
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

import corroborate
from corroborate.errors import CorroborateError, E
from corroborate.ingest import slug
from corroborate.store import Store
from corroborate.web import models, pages, views
from corroborate.web.docs import docs_data
from corroborate.web.guard import MAX_BODY_BYTES, Guard, Refused, check_url
from corroborate.web.jobs import Jobs

PAGE_METHODS = ["GET", "HEAD"]
INVALID = {422: {"model": models.ErrorModel, "description": "Invalid parameters or body"}}
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": models.ErrorModel, "description": "No such object"},
    **INVALID,
}


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    """The one error shape of the API and the pages."""
    return {"ok": False, "status": status, "code": code, "error": message}


def _wants_json(path: str) -> bool:
    return path.startswith("/api/") or path == "/openapi.json"


def error_response(path: str, status: int, code: str, message: str) -> Response:
    """The error as JSON for the API, as a page for people."""
    body = error_body(status, code, message)
    if _wants_json(path):
        return JSONResponse(body, status_code=status)
    return views.error_html(body)


def _too_large(scope: dict[str, Any]) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    limit = f"request body over {MAX_BODY_BYTES // (1024 * 1024)} MB"
    response = error_response(scope.get("path", ""), 413, "E008", f"file too large: {limit}")
    return 413, list(response.raw_headers), bytes(response.body)


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(pages.NotFound)
    async def not_found(request: Request, exc: pages.NotFound) -> Response:
        return error_response(request.url.path, 404, exc.code, exc.message)

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> Response:
        return error_response(request.url.path, 400, "E009", exc.message)

    @app.exception_handler(CorroborateError)
    async def corroborate_error(request: Request, exc: CorroborateError) -> Response:
        status = {E.E047: 409, E.E048: 403}.get(exc.code, 400)
        return error_response(request.url.path, status, exc.code.name, exc.message)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        # Every error carries an E-code, as the CLI's lines do.
        code = {404: E.E043, 405: E.E044}.get(exc.status_code, E.E046)
        detail = exc.detail if code is E.E046 else request.url.path
        error = CorroborateError(code, detail=detail)
        response = error_response(request.url.path, exc.status_code, code.name, error.message)
        # A 405 names the methods the path takes (Allow), as RFC 9110 asks.
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}"
            for e in exc.errors()
        )
        message = CorroborateError(E.E045, detail=problems).message
        return error_response(request.url.path, 422, E.E045.name, message)


def _refuse_taken_id(store: Store, wanted: str, text: str) -> None:
    """Refuse an upload whose id names a stored article: replacing it would silently lose it,
    and renaming the upload would hand the caller an id they did not ask for."""
    article_id = slug(wanted) or "article"
    stored = store.article(article_id)
    if stored is None:
        return
    if " ".join(stored.text.split()) == " ".join(text.split()):
        detail = f"{article_id} is already stored with this text"
    else:
        title = f" ({stored.title})" if stored.title else ""
        detail = (
            f"{article_id} is a different stored article{title}; give another id, or none"
            " to get a free one"
        )
    raise CorroborateError(E.E047, detail=detail)


def is_loopback(host: str) -> bool:
    """True for an address to bind that only this machine can reach."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class WriteGate:
    """Who may add articles: everyone (a loopback server), holders of a token, or no one."""

    def __init__(self, open_to_all: bool = True, token: str | None = None) -> None:
        self.open_to_all = open_to_all and not token
        self.token = token or None

    @classmethod
    def for_server(cls, host: str, token: str | None) -> WriteGate:
        """Writes need the token when one is given, are open on loopback, else off."""
        return cls(open_to_all=is_loopback(host), token=token)

    def check(self, request: Request, form_token: str | None = None) -> None:
        """Raise E048 unless this request may add articles."""
        if self.open_to_all:
            return
        if self.token is None:
            raise CorroborateError(
                E.E048,
                detail="this server is reachable from other machines and was started without"
                " --token; restart it with --token, or bound to 127.0.0.1",
            )
        header = request.headers.get("authorization", "")
        given = header[7:].strip() if header.lower().startswith("bearer ") else form_token or ""
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            raise CorroborateError(
                E.E048, detail="give the server's token (Authorization: Bearer TOKEN)"
            )


def create_app(
    db: Path | str,
    allow_private: bool = False,
    analyzer: Any = None,
    writes: WriteGate | None = None,
) -> FastAPI:
    """The web UI and JSON API over the store at `db`; `analyzer` reuses loaded models;
    `writes` says who may add articles (by default anyone, as for a loopback server)."""
    db = str(db)
    gate = writes or WriteGate()
    Store(db).close()  # create or migrate the file now, so a bad path fails at start
    jobs = Jobs(db, allow_private, analyzer)
    local = threading.local()

    def store() -> Store:
        # One connection per server thread: SQLite connections must not be shared mid-query.
        if getattr(local, "store", None) is None:
            local.store = Store(db)
        return local.store

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        jobs.close()

    app = FastAPI(
        title="corroborate",
        version=corroborate.__version__,
        description="Stories, facts, quotes and conflicts cross-checked across news articles.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.jobs = jobs
    app.state.writes = gate
    app.add_middleware(Guard, on_too_large=_too_large)
    app.mount(
        "/static",
        StaticFiles(packages=[("corroborate.web", "static"), ("corroborate.render", "static")]),
        name="static",
    )
    _handlers(app)
    _html_routes(app, store, jobs, allow_private, gate)
    _api_routes(app, store, jobs, allow_private, gate)
    return app


def _html_routes(
    app: FastAPI, store: Any, jobs: Jobs, allow_private: bool, gate: WriteGate
) -> None:
    @app.api_route("/", methods=PAGE_METHODS, include_in_schema=False)
    def index(q: str = "") -> Response:
        arcs = [] if q.strip() else pages.arcs_list(store())
        return views.stories_html(pages.stories_page(store(), q), arcs)

    @app.api_route("/arcs/{arc_id}", methods=PAGE_METHODS, include_in_schema=False)
    def arc(arc_id: str) -> Response:
        return views.arc_html(pages.arc_page(store(), arc_id))

    @app.api_route("/stories/{story_id}", methods=PAGE_METHODS, include_in_schema=False)
    def story(story_id: str) -> Response:
        return views.story_html(pages.story_page(store(), story_id))

    @app.api_route("/articles/{article_id}", methods=PAGE_METHODS, include_in_schema=False)
    def article(article_id: str, hl: str | None = None) -> Response:
        return views.article_html(pages.article_page(store(), article_id, hl))

    @app.api_route("/add", methods=PAGE_METHODS, include_in_schema=False)
    def add_page(request: Request) -> Response:
        if not gate.open_to_all and gate.token is None:
            gate.check(request)
        return views.render("add.html", token_field=gate.token is not None)

    @app.post("/add", include_in_schema=False)
    async def add_form(request: Request) -> Response:
        if not gate.open_to_all and gate.token is None:
            gate.check(request)  # refused before the body is read
        form = await request.form(max_files=100, max_part_size=MAX_BODY_BYTES)
        gate.check(request, str(form.get("token") or ""))
        text = str(form.get("text") or "").strip()
        url = str(form.get("url") or "").strip() or None
        uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
        if not (text or uploads or url):
            # The form again with the reason beside it, not a bare error page.
            return views.render(
                "add.html",
                status=400,
                token_field=gate.token is not None,
                form_error="Nothing to add yet: paste a text, choose files or give a URL.",
            )
        if url and not text and not uploads:
            check_url(url, allow_private)
        job = jobs.new()
        if text:
            jobs.add_text(job, text, str(form.get("title") or "").strip() or None, url, None)
        elif url and not uploads:
            job.url = url
        for upload in uploads:
            jobs.add_file(job, upload.filename or "upload.txt", await upload.read())
        jobs.start(job)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @app.api_route("/jobs/{job_id}", methods=PAGE_METHODS, include_in_schema=False)
    def job_page(job_id: str) -> Response:
        return views.render("job.html", job=_job(jobs, job_id))

    @app.api_route("/docs", methods=PAGE_METHODS, include_in_schema=False)
    def docs() -> Response:
        return views.render("docs.html", **docs_data(app.openapi()))


def _job(jobs: Jobs, job_id: str) -> dict[str, Any]:
    job = jobs.get(job_id)
    if job is None:
        error = CorroborateError(E.E042, detail=job_id)
        raise pages.NotFound(error.code.name, error.message)
    return job.data()


def _api_routes(
    app: FastAPI, store: Any, jobs: Jobs, allow_private: bool, gate: WriteGate
) -> None:
    def writable(request: Request) -> None:
        # A dependency runs before the body is read and validated: a refused writer learns
        # nothing about the body's shape.
        gate.check(request)

    @app.get(
        "/api/stories", response_model=models.StoriesPage, responses=INVALID, summary="List stories"
    )
    def api_stories(
        q: Annotated[str, Query(description="Full-text search over titles and entity names")] = "",
    ) -> dict[str, Any]:
        """The stories, newest first, or those whose title or entity names match `q`."""
        return pages.stories_page(store(), q)

    @app.get(
        "/api/stories/{story_id}",
        response_model=models.StoryPage,
        responses=ERRORS,
        summary="One story",
    )
    def api_story(story_id: str) -> dict[str, Any]:
        """A story's brief and cross-check, with its articles, in the `stories.json` shapes."""
        return pages.story_page(store(), story_id)

    @app.get("/api/arcs", response_model=models.ArcsPage, summary="List arcs")
    def api_arcs() -> dict[str, Any]:
        """Every arc of two stories or more, with its stories in date order and what changed."""
        return {"arcs": pages.arcs_list(store())}

    @app.get(
        "/api/arcs/{arc_id}", response_model=models.ArcPage, responses=ERRORS, summary="One arc"
    )
    def api_arc(arc_id: str) -> dict[str, Any]:
        """One arc and its stories, in the `stories.json` shapes."""
        return pages.arc_stories(store(), arc_id)

    @app.get(
        "/api/articles/{article_id}",
        response_model=models.ArticlePage,
        responses=ERRORS,
        summary="One article",
    )
    def api_article(
        article_id: str,
        hl: Annotated[str | None, Query(description="A span to locate in the text")] = None,
    ) -> dict[str, Any]:
        """An article, its story, its entity mentions and the offsets of `hl` in its text."""
        return pages.article_page(store(), article_id, hl)

    @app.post(
        "/api/articles",
        response_model=models.JobModel,
        status_code=202,
        responses={
            400: {"model": models.ErrorModel, "description": "Refused URL or nothing to add"},
            403: {"model": models.ErrorModel, "description": "Adding is off, or a wrong token"},
            409: {"model": models.ErrorModel, "description": "The id names a stored article"},
            413: {"model": models.ErrorModel, "description": "Body over 10 MB"},
            **INVALID,
        },
        summary="Add an article",
        dependencies=[Depends(writable)],
    )
    def api_add(new: models.NewArticle) -> dict[str, Any]:
        """Queue an article (its text, or a URL to fetch); follow the returned job.

        A server reachable from other machines takes it only with `Authorization: Bearer TOKEN`."""
        text = (new.text or "").strip()
        url = (new.url or "").strip() or None
        if not text and not url:
            raise Refused("give the article's text, or a URL to fetch")
        if url and not text:
            check_url(url, allow_private)
        if new.id:
            _refuse_taken_id(store(), new.id, text)
        job = jobs.new()
        if text:
            jobs.add_text(
                job, text, new.title, url, new.id,
                extra={"outlet": new.outlet, "date": new.date, "lang": new.lang},
            )
        else:
            job.url = url
        jobs.start(job)
        return job.data()

    @app.get(
        "/api/jobs/{job_id}", response_model=models.JobModel, responses=ERRORS, summary="One job"
    )
    def api_job(job_id: str) -> dict[str, Any]:
        """The state and progress of a background job, and the stories its articles went into."""
        return _job(jobs, job_id)
