"""The command line: parse, call the library, print. Errors become one clean line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from corroborate.errors import CorroborateError, E
from corroborate.store import Store

app = typer.Typer(
    help="Cross-check the news: stories, who said what, which facts several outlets back.",
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
out = Console()
err = Console(stderr=True, highlight=False, soft_wrap=True)

DB_OPTION = typer.Option("--db", help="SQLite store file.")
DEFAULT_DB = Path("corroborate.db")


def _fail(exc: CorroborateError, code: int = 2) -> None:
    err.print(exc.line(), markup=False)
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        from corroborate import __version__

        out.print(f"corroborate {__version__}", markup=False, highlight=False)
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Cross-check the news: stories, who said what, which facts several outlets back."""


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _open_store(db: Path, existing: bool = False) -> Store:
    """The store at `db`; read commands (`existing`) refuse to create an empty one."""
    if existing and str(db) != ":memory:" and not db.is_file():
        _fail(CorroborateError(E.E020, str(db), detail=f"no store at {db}"))
    try:
        return Store(db)
    except CorroborateError as exc:
        _fail(exc)
        raise AssertionError from exc  # unreachable: _fail exits


STORY_COLUMNS = ("id", "date", "articles", "facts", "quotes", "conflicts", "title")


def _stories_table(rows: list[dict]) -> Table:
    table = Table(title="Stories")
    for column in STORY_COLUMNS:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(str(row[c]) if row[c] is not None else "—" for c in STORY_COLUMNS))
    return table


def _story_rows(stories: list[dict]) -> list[dict]:
    return [
        {
            "id": s["id"],
            "date": s["date"],
            "articles": len(s["articles"]),
            "facts": len(s["facts"]),
            "quotes": len(s["quotes"]),
            "conflicts": len(s["conflicts"]),
            "title": s["title"],
        }
        for s in stories
    ]


@app.command()
def run(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs, URLs, - for stdin.")],
    out_dir: Annotated[Path, typer.Option("--out", help="Where the report goes.")] = Path("out"),
    db: Annotated[Path, DB_OPTION] = DEFAULT_DB,
    engine: Annotated[
        str, typer.Option("--engine", help="Where extraction and analysis run: local or ray.")
    ] = "local",
) -> None:
    """Ingest articles, group them into stories, cross-check them, and write the report."""
    from corroborate.api import check

    # Every argument names a source: URLs and "-" stay strings, the rest are paths (a string
    # alone would be taken by the library for an article's text).
    inputs: list[str | Path] = [p if p == "-" or _is_url(p) else Path(p) for p in paths]
    labels = {"extract": "Reading", "analyze": "Analysing", "crosscheck": "Cross-checking"}
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=not sys.stderr.isatty(),
    ) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(labels.get(stage, stage), total=total or None)
            bar.update(tasks[stage], completed=done, total=total or None)

        try:
            report = check(inputs, db, progress=progress, engine=engine)
        except CorroborateError as exc:
            _fail(exc)
            return
    for problem in report.errors:
        err.print(problem, markup=False)
    if not report.articles:
        err.print("error: no article could be processed", markup=False)
        raise typer.Exit(2)
    report.write(out_dir)
    counts = report.counts
    out.print(_stories_table(_story_rows(report.data["stories"])))
    out.print(
        f"{_count(counts['inputs'], 'input', 'inputs')} ({counts['new']} new, "
        f"{counts['failed']} failed), {counts['analysed']} analysed, "
        f"{_count(counts['reused'], 'analysis', 'analyses')} reused, "
        f"{_count(counts['stories'], 'story', 'stories')}",
        markup=False,
    )
    out.print(
        f"Report: {out_dir / 'index.html'}, {out_dir / 'report.md'}, {out_dir / 'stories.json'}",
        markup=False,
        soft_wrap=True,
    )


def _is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


@app.command()
def stories(db: Annotated[Path, DB_OPTION] = DEFAULT_DB) -> None:
    """List the stories in the store."""
    from corroborate.render import story_dict

    store = _open_store(db, existing=True)
    data = [story_dict(b) for b in store.briefs()]
    out.print(_stories_table(_story_rows(data)))


@app.command()
def arcs(
    db: Annotated[Path, DB_OPTION] = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print the arcs as JSON.")] = False,
) -> None:
    """List the arcs in the store: developing stories, their stories in date order, how
    many facts changed between steps and how many actors and places entered."""
    from corroborate.pipeline import stored_arcs
    from corroborate.render import arc_dict

    store = _open_store(db, existing=True)
    found = stored_arcs(store)
    if as_json:
        out.print_json(json.dumps([arc_dict(a) for a in found], ensure_ascii=False))
        return
    dates = {a.id: [store.brief(s) for s in a.stories] for a in found}
    table = Table(title="Arcs")
    for column in ("id", "from", "to", "stories", "changes", "new", "title"):
        table.add_column(column, overflow="fold")
    for arc in found:
        days = [b.date for b in dates[arc.id] if b is not None and b.date]
        table.add_row(arc.id, days[0] if days else "—", days[-1] if days else "—",
                      " → ".join(arc.stories), str(len(arc.changes)), str(len(arc.newcomers)),
                      arc.title)
    out.print(table)


@app.command()
def show(
    story_id: Annotated[str, typer.Argument(help="A story id, as `stories` lists them.")],
    db: Annotated[Path, DB_OPTION] = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print the story as JSON.")] = False,
    as_md: Annotated[bool, typer.Option("--md", help="Print the Markdown source.")] = False,
) -> None:
    """Show one story's brief from the store, rendered for the terminal."""
    from rich.markdown import Markdown

    from corroborate.render import render_markdown, report_dict
    from corroborate.types import Report

    store = _open_store(db, existing=True)
    brief = store.brief(story_id)
    if brief is None:
        _fail(CorroborateError(E.E040, str(db), detail=story_id))
        return
    report = Report(articles=store.articles(brief.check.story.articles), briefs=[brief])
    report.story_of = {a: brief.story for a in brief.check.story.articles}
    report.copy_of = {p.copy: p.original for p in brief.check.story.copies}
    data = report_dict(report)
    if as_json:
        out.print_json(json.dumps(data, ensure_ascii=False))
    elif as_md or not out.is_terminal:
        # Piped output stays plain Markdown, ready for a file or another tool.
        out.print(render_markdown(data), markup=False, highlight=False, soft_wrap=True)
    else:
        out.print(Markdown(render_markdown(data)))


@app.command()
def schema() -> None:
    """Print the JSON Schema of stories.json."""
    from corroborate.render import schema as report_schema

    print(json.dumps(report_schema(), ensure_ascii=False, indent=2))


@app.command()
def validate(
    report: Annotated[Path, typer.Argument(help="A stories.json file.")],
) -> None:
    """Check a stories.json against the schema and that every span is in its article."""
    from corroborate.render import validate as validate_report

    data = _read_json(report, E.E030)
    problems = validate_report(data)
    for problem in problems[:50]:
        err.print(f"{report}: {problem}", markup=False)
    if problems:
        raise typer.Exit(1)
    out.print(f"{report}: valid {data.get('schema')}", markup=False)


def _read_json(path: Path, code: E) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        _fail(CorroborateError(code, str(path), detail=str(exc).splitlines()[0]))
        raise AssertionError from exc  # unreachable: _fail exits


@app.command(name="eval")
def evaluate(
    gold: Annotated[
        Path,
        typer.Argument(help="A gold file in the seeds' format, or an evaluation set folder."),
    ],
    report: Annotated[Path, typer.Argument(help="The stories.json to score.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score a stories.json against gold: recall, and precision where the gold allows."""
    from corroborate.evaluate import raw_from_sources, score, score_set

    if gold.is_dir():
        if not (gold / "articles.jsonl").is_file() or not (gold / "stories.json").is_file():
            _fail(CorroborateError(
                E.E031, str(gold), detail="a set folder needs articles.jsonl and stories.json"
            ))
        gold_data = None
    else:
        gold_data = _read_json(gold, E.E031)
        if not isinstance(gold_data, dict):
            _fail(CorroborateError(
                E.E031, str(gold), detail="a gold file holds an object with 'stories'"
            ))
    report_data = _read_json(report, E.E030)
    try:
        if gold_data is None:
            scores = score_set(gold, report_data)
        else:
            scores = score(gold_data, report_data, raw_from_sources(report_data))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        _fail(CorroborateError(E.E031, str(gold), detail=f"unexpected shape ({exc!r})"))
        return
    if as_json:
        print(json.dumps(scores, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{report} against {gold}")
    table.add_column("measure")
    table.add_column("score", justify="right")
    table.add_column("detail", overflow="fold")
    for name, value, detail in scores["table"]:
        table.add_row(name, f"{value:.3f}" if isinstance(value, float) else str(value), detail)
    out.print(table)


@app.command()
def export(
    parquet: Annotated[
        Path, typer.Option("--parquet", help="Folder for articles, stories, facts, quotes and "
                           "conflicts as .parquet tables.")
    ],
    db: Annotated[Path, DB_OPTION] = DEFAULT_DB,
) -> None:
    """Export the store as Parquet tables, one per entity kind, for DuckDB or pandas."""
    from corroborate.export import write_parquet

    store = _open_store(db, existing=True)
    try:
        counts = write_parquet(store, parquet)
    except CorroborateError as exc:
        _fail(exc)
        return
    except OSError as exc:
        _fail(CorroborateError(E.E050, str(parquet), detail=str(exc)))
        return
    finally:
        store.close()
    written = ", ".join(f"{name} {n}" for name, n in counts.items())
    out.print(f"Parquet: {parquet} ({written})", markup=False, soft_wrap=True)


@app.command()
def watch(
    sources: Annotated[
        list[str], typer.Argument(help="RSS or Atom feed URLs, folders, files or globs.")
    ],
    every: Annotated[str, typer.Option("--every", help="Time between polls: 30s, 5m, 1h.")] = "5m",
    out_dir: Annotated[
        Path, typer.Option("--out", help="Where updates.jsonl and updates.xml go.")
    ] = Path("out"),
    db: Annotated[Path, DB_OPTION] = DEFAULT_DB,
    once: Annotated[bool, typer.Option("--once", help="Poll once and exit.")] = False,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow fetching URLs on private networks.")
    ] = False,
) -> None:
    """Poll feeds and folders, ingest what is new, and report what changed in each story."""
    import time

    from corroborate.watch import Watcher, headline, parse_every

    try:
        seconds = parse_every(every)
    except ValueError as exc:
        _fail(CorroborateError(E.E051, "--every", detail=str(exc)))
        return
    store = _open_store(db)
    watcher = Watcher(sources, store, out_dir, allow_private=allow_private)
    try:
        while True:
            try:
                result = watcher.poll()
            except CorroborateError as exc:
                _fail(exc)
                return
            for problem in result.errors:
                err.print(problem, markup=False)
            for update in result.updates:
                out.print(f"poll {result.poll}: {headline(update)}", markup=False, soft_wrap=True)
            out.print(
                f"poll {result.poll}: {_count(result.new_inputs, 'new input', 'new inputs')}, "
                f"{_count(len(result.updates), 'story changed', 'stories changed')}; "
                f"updates in {out_dir / 'updates.xml'}",
                markup=False,
                soft_wrap=True,
            )
            if once:
                return
            time.sleep(seconds)
    except KeyboardInterrupt:
        return
    finally:
        store.close()


@app.command()
def serve(
    db: Annotated[Path, DB_OPTION] = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow fetching URLs on private networks.")
    ] = False,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="CORROBORATE_TOKEN",
            help="Adding articles (POST /api/articles, /add) needs this token. Without one,"
            " only a server bound to loopback takes additions.",
        ),
    ] = None,
) -> None:
    """Serve the web UI and the JSON API over the store."""
    import uvicorn

    from corroborate.web import WriteGate, create_app

    _open_store(db, existing=True).close()
    gate = WriteGate.for_server(host, token)
    if not gate.open_to_all and gate.token is None:
        err.print(
            f"note: bound to {host} without --token: adding articles is off", markup=False
        )
    app_ = create_app(db, allow_private=allow_private, writes=gate)
    uvicorn.run(app_, host=host, port=port)


def main() -> None:
    """Entry point that keeps tracebacks from users."""
    import os

    try:
        app()
    except CorroborateError as exc:
        err.print(exc.line(), markup=False)
        sys.exit(2)
    except Exception as exc:
        if os.environ.get("CORROBORATE_DEBUG"):
            raise
        err.print(
            f"error: {type(exc).__name__}: {exc} (CORROBORATE_DEBUG=1 shows more)", markup=False
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
