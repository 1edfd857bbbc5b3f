"""Property-based fuzzing of the whole pipeline on mutated copies of the project's own examples.

The property: the run finishes, every bad input has one error line, and every span of the report
is an exact substring of its article. The CI profile runs a few dozen cases; `make fuzz` runs the
long profile (HYPOTHESIS_PROFILE=long, 10,000 cases, or FUZZ_CASES of them).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corroborate import pipeline
from corroborate.render import report_dict, validate
from corroborate.store import Store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
BASES = sorted(p.read_text(encoding="utf-8") for p in EXAMPLES.glob("*.txt"))

settings.register_profile("ci", max_examples=25, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=int(os.environ.get("FUZZ_CASES", "10000")),
                          deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
pytestmark = pytest.mark.model

# What scraped news throws at a reader: quotation marks of every kind, digits and huge numbers,
# control and bidi characters, lone surrogates, very long lines, HTML fragments.
PIECES = st.sampled_from([
    "«", "»", "“", "”", '"', "« Nous ", " », a-t-il dit", "1", "3 000", "1" + "0" * 300,
    "\x00", "\x07", "\u202e", "\u200f", "\ufeff", "\ud800", "\udfff", "\n", "\n\n", "\t",
    "mot " * 2000, "<div><p>", "</p></div>", "&amp;", "selon le préfet, ", "près de ", "%",
])


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """An example text with pieces inserted at drawn positions."""
    text = draw(st.sampled_from(BASES))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(PIECES) + text[at:]
    return text


@given(text=mutated(), other=mutated(), broken=st.booleans())
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_mutated_inputs_never_stop_the_run_and_every_span_is_exact(
    analyzer, text, other, broken
):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        # A file cannot hold a lone surrogate: the text file gets them replaced, the JSON line
        # keeps them as escapes, as scraped dumps do.
        (folder / "page.txt").write_text(text, encoding="utf-8", errors="replace")
        lines = [json.dumps({"id": "rec", "text": other})]
        if broken:
            lines.append('{"id": "cut", "text": "Le préfet a dit')
        (folder / "dump.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        store = Store(Path(tmp) / "c.db")
        try:
            result = pipeline.run([str(folder)], store, analyzer=analyzer)
        finally:
            store.close()
    for error in result.errors:
        assert "\n" not in error.line()
    cut = [e for e in result.errors if e.origin.endswith("#L2")]
    assert len(cut) == (1 if broken else 0), [e.line() for e in result.errors]
    data = report_dict(result.report)
    assert validate(data) == []
