"""An input that failed extraction is recorded by its content: a re-run repeats its error line
without extracting it again, and the changed input is tried afresh."""

from __future__ import annotations

import shutil

from conftest import FIXTURES
from corroborate.pipeline import run
from corroborate.store import Store

CHROME_ONLY = "<html><body><nav><a href='/'>Accueil</a></nav></body></html>"


def test_a_failed_input_is_not_extracted_again_until_it_changes(analyzer, tmp_path, monkeypatch):
    import corroborate.engine as engine

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FIXTURES / "ingest" / "club.txt", folder / "club.txt")
    bad = folder / "menu.html"
    bad.write_text(CHROME_ONLY, encoding="utf-8")
    store = Store(tmp_path / "s.db")
    first = run([str(folder)], store, analyzer=analyzer)
    assert [e.code.name for e in first.errors] == ["E007"]

    extracted: list[str] = []
    real = engine.extract

    def counting(document):
        extracted.append(document.origin)
        return real(document)

    monkeypatch.setattr(engine, "extract", counting)
    again = run([str(folder)], store, analyzer=analyzer)
    assert [e.line() for e in again.errors] == [e.line() for e in first.errors]
    assert extracted == []

    bad.write_text(CHROME_ONLY.replace("Accueil", "Sommaire"), encoding="utf-8")
    changed = run([str(folder)], store, analyzer=analyzer)
    assert [e.code.name for e in changed.errors] == ["E007"]
    assert extracted == [changed.errors[0].origin]
