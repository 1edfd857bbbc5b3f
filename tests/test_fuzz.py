"""Property-based fuzzing of the whole pipeline on mutated copies of the project's own examples.

Each drawn batch holds many cases (a text file, an HTML page, a JSON line, or a broken JSON line,
all mutated) and goes through `corroborate run` once. The property: the run exits 0, every input
gives at most one error line and every broken line exactly one, every input without an error
line is stored, and every span of the report is an exact substring of its article. The CI
profile runs a few batches; `make fuzz` runs the long profile (HYPOTHESIS_PROFILE=long, 10,000
cases, or FUZZ_CASES of them, FUZZ_BATCH per run) and writes its tally to FUZZ_STATS.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import EXAMPLES
from corroborate import pipeline
from corroborate.cli import app
from corroborate.ingest.meta import scrub_surrogates
from corroborate.ingest.sources import normal_text_key
from corroborate.render import validate
from corroborate.store import Store

TEXTS = sorted(p.read_text(encoding="utf-8") for p in EXAMPLES.glob("*.txt"))
PAGES = sorted(p.read_text(encoding="utf-8") for p in EXAMPLES.glob("*.html"))
RECORDS = [
    json.loads(line)
    for p in sorted(EXAMPLES.glob("*.jsonl"))
    for line in p.read_text(encoding="utf-8").splitlines()
    if line.strip()
]

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
CASES = int(os.environ.get("FUZZ_CASES", "10000"))
BATCH = int(os.environ.get("FUZZ_BATCH", "50")) if LONG else 8
settings.register_profile("ci", max_examples=4, deadline=None, derandomize=True,
                          suppress_health_check=list(HealthCheck))
settings.register_profile("long", max_examples=max(1, CASES // BATCH), deadline=None,
                          suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
pytestmark = pytest.mark.model
TALLY: Counter[str] = Counter()

# What scraped news throws at a reader: quotation marks of every kind, digits and huge numbers,
# control and bidi characters, lone surrogates, very long lines, HTML fragments.
PIECES = st.sampled_from([
    "«", "»", "“", "”", '"', "« Nous ", " », a-t-il dit", "“Jamais”, a déclaré le maire. ",
    "1", "3 000", "1" + "0" * 300, "9" * 40 + ",5 %", "-0", "1e308", "12 345 678 901 234 567",
    "\x00", "\x07", "\x1b[31m", "\u202e", "\u202d", "\u2066", "\u200f", "\u200b", "\ufeff",
    "\ud800", "\udfff", "\U0001f600", "\n", "\n\n", "\r\n", "\t", "\u2028",
    "mot " * 2000, "a" * 30000, "<div><p>", "</p></div>", "<script>x()</script>", "&amp;",
    "&#0;", "<!--", "]]>", "selon le préfet, ", "près de ", "%",
])


def _mutate(draw: st.DrawFn, text: str, most: int = 8) -> str:
    for _ in range(draw(st.integers(1, most))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(PIECES) + text[at:]
    return text


def _broken(draw: st.DrawFn, line: str) -> str:
    """A JSON line made invalid: cut short, with garbage after it, or a brace torn out."""
    how = draw(st.sampled_from(["cut", "tail", "brace"]))
    if how == "cut":
        return line[: draw(st.integers(1, len(line) - 1))]
    if how == "tail":
        return line + draw(st.sampled_from(["}", ",", " x", "{}", '"']))
    return line[1:]


@st.composite
def case(draw: st.DrawFn) -> tuple[str, str]:
    """One input: (kind, content), kind one of txt, html, json, broken."""
    kind = draw(st.sampled_from(["txt", "txt", "html", "json", "json", "broken"]))
    if kind == "txt":
        return kind, _mutate(draw, draw(st.sampled_from(TEXTS)))
    if kind == "html":
        return kind, _mutate(draw, draw(st.sampled_from(PAGES)))
    record = dict(draw(st.sampled_from(RECORDS)))
    record["text"] = _mutate(draw, record["text"])
    line = json.dumps(record)  # lone surrogates stay escapes, as in scraped dumps
    return kind, (_broken(draw, line) if kind == "broken" else line)


def _write(folder: Path, cases: list[tuple[str, str]]) -> tuple[dict[str, str], dict[str, str]]:
    """The batch as files: each case's origin (as error lines name it) to its article id, and
    each id to the key under which a run drops an input as a repeat of another (same text, or
    for the pages the one URL their metadata gives)."""
    origins: dict[str, str] = {}
    repeats: dict[str, str] = {}
    lines: list[str] = []
    dump = folder / "dump.jsonl"
    for n, (kind, content) in enumerate(cases):
        if kind in ("txt", "html"):
            path = folder / f"c{n:04d}.{kind}"
            # A file cannot hold a lone surrogate: it is written replaced.
            path.write_text(content, encoding="utf-8", errors="replace")
            origins[str(path)] = f"c{n:04d}"
            written = path.read_text(encoding="utf-8")
            repeats[f"c{n:04d}"] = "page" if kind == "html" else normal_text_key(written)
            continue
        if kind == "json":
            record = json.loads(content)
            record["id"] = f"j{n:04d}"
            record["url"] = f"https://fuzz.example/{n}"
            repeats[record["id"]] = normal_text_key(scrub_surrogates(record["text"]))
            content = json.dumps(record)
        lines.append(content)
        origins[f"{dump}#L{len(lines)}"] = "" if kind == "broken" else f"j{n:04d}"
    if lines:
        dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return origins, repeats


LINE = re.compile(r"^(?P<origin>.*?): error (?P<code>E\d{3}): (?P<message>.*)$")


@given(cases=st.lists(case(), min_size=BATCH, max_size=BATCH))
def test_mutated_inputs_never_stop_the_run_and_every_span_is_exact(
    analyzer, monkeypatch, cases
):
    # The CLI as a user runs it, with the session's loaded models instead of a fresh load.
    monkeypatch.setattr(pipeline, "Analyzer", lambda settings: analyzer)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        origins, repeats = _write(folder, cases)
        db, out = Path(tmp) / "c.db", Path(tmp) / "out"
        result = CliRunner().invoke(app, ["run", str(folder), "--out", str(out), "--db", str(db)])
        assert result.exit_code == 0, result.output
        errors = [m for m in map(LINE.match, result.stderr.splitlines()) if m]
        # Each error is one line and names one input; no input has two.
        per_input = Counter(m["origin"] for m in errors)
        assert set(per_input) <= set(origins), result.stderr
        assert max(per_input.values(), default=1) == 1, per_input
        for origin, article_id in origins.items():
            if not article_id:
                assert per_input[origin] == 1, (origin, result.stderr)
        data = json.loads((out / "stories.json").read_text(encoding="utf-8"))
        store = Store(db)
        try:
            stored = {a.id for a in store.articles()}
        finally:
            store.close()
    # An input without an error line is stored, or was dropped as a repeat of a stored one.
    kept = {repeats[i] for i in stored if i in repeats}
    missing = [i for o, i in origins.items()
               if i and not per_input[o] and i not in stored and repeats[i] not in kept]
    assert missing == [], result.stderr
    assert validate(data) == []
    TALLY["cases"] += len(cases)
    TALLY["runs"] += 1
    # Rejections by code and reason (positions left out, so like reasons count together).
    TALLY.update(f"rejected {m['code']}: {re.sub(r'[0-9]+', 'N', m['message'])[:60]}"
                 for m in errors)
    TALLY["broken JSON lines"] += sum(k == "broken" for k, _ in cases)
    TALLY["stored"] += len(stored)


def teardown_module() -> None:
    """The long profile's tally: cases, runs, rejections by code."""
    path = os.environ.get("FUZZ_STATS")
    if path:
        Path(path).write_text(json.dumps(dict(sorted(TALLY.items())), indent=1) + "\n")
