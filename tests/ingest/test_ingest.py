"""Ingest: every input format, folders and globs, URLs, duplicates and each bad-input case."""

from __future__ import annotations

import gzip
import http.server
import io
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from corroborate.errors import CorroborateError, E
from corroborate.ingest import read_sources
from corroborate.settings import Settings
from corroborate.types import Document

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


def _split(
    items: list[Document | CorroborateError],
) -> tuple[list[Document], list[CorroborateError]]:
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, CorroborateError)]
    return docs, errors


def _read(*sources: str | Path, settings: Settings | None = None) -> tuple[list, list]:
    args = [str(s) for s in sources]
    return _split(list(read_sources(args, settings) if settings else read_sources(args)))


def test_plain_text_file_gets_its_stem_as_id(tmp_path: Path) -> None:
    path = tmp_path / "breve-valmorel.txt"
    path.write_text("Le pont de Valmorel a rouvert mercredi.\n", encoding="utf-8")
    docs, errors = _read(path)
    assert errors == []
    assert [d.id for d in docs] == ["breve-valmorel"]
    assert docs[0].format == "txt" and docs[0].meta["type"] == "text"
    assert docs[0].content.startswith("Le pont de Valmorel")
    assert len(docs[0].sha) == 64


def test_folder_is_read_recursively_in_sorted_order() -> None:
    docs, errors = _read(HERE / "folder")
    assert errors == []
    assert [d.id for d in docs] == ["a", "b", "c"]
    assert docs[2].format == "html"


def test_glob_pattern_expands_to_matching_files() -> None:
    docs, errors = _read(str(HERE / "folder" / "**" / "*.txt"))
    assert errors == []
    assert sorted(d.id for d in docs) == ["a", "b"]


def test_same_article_twice_is_yielded_once() -> None:
    docs, _ = _read(HERE / "page.html", HERE / "folder" / "sub" / "c.html")
    assert [d.id for d in docs] == ["page"]


def test_jsonl_keeps_good_lines_and_reports_the_broken_one() -> None:
    docs, errors = _read(HERE / "records.jsonl")
    assert [d.id for d in docs] == ["rec-1", "rec-2", "records-4"]
    assert len(errors) == 1
    assert errors[0].code is E.E005
    assert errors[0].origin.endswith("records.jsonl#L3")
    assert "line 3" in errors[0].line()


def test_json_record_fields_and_outlet_from_url() -> None:
    docs, _ = _read(HERE / "records.jsonl")
    rec1, rec2, rec4 = docs
    assert rec1.meta["outlet"] == "example.fr"
    assert rec1.meta["date"] == "2024-04"
    assert "title" not in rec1.meta
    assert rec2.meta["title"] == "Réouverture du pont"
    assert rec2.meta["outlet"] == "example.com"
    assert rec4.meta["type"] == "html"


def test_labels_never_reach_the_document() -> None:
    docs, _ = _read(HERE / "records.jsonl")
    for doc in docs:
        assert set(doc.meta) <= {"url", "outlet", "title", "date", "lang", "type"}
        assert "SECRET" not in doc.content
        assert all("SECRET" not in (v or "") for v in doc.meta.values())


def test_json_list_numbers_records_without_id() -> None:
    docs, errors = _read(HERE / "records.json")
    assert errors == []
    assert [d.id for d in docs] == ["list-1", "records-2"]
    assert docs[0].meta["title"] == "Un marché couvert à Bréval"


def test_rss_feed_gives_one_document_per_entry() -> None:
    docs, errors = _read(HERE / "feed.xml")
    assert errors == []
    assert [d.id for d in docs] == ["feed-eleveurs-breval-manifestent", "feed-fermeture-col-croix"]
    first, second = docs
    assert "trois cents éleveurs" in first.content  # content:encoded preferred to the summary
    assert first.meta["date"] == "2024-04-02"
    assert first.meta["url"].endswith("/eleveurs-breval-manifestent")
    assert first.meta["title"] == "Les éleveurs de Bréval manifestent devant la préfecture"
    assert "éboulement" in second.content  # no content: the summary is used


def _warc(path: Path, pages: dict[str, bytes], gz: bool = True) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz)
        for url, body in pages.items():
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0"
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(record)


def test_warc_html_responses_become_documents(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    page = (HERE / "page.html").read_bytes()
    other = "<html><body><p>La neige est tombée sur le Vercors.</p></body></html>".encode()
    _warc(path, {"https://gazette.example.fr/pont-valmorel.html": page,
                 "https://gazette.example.fr/neige": other})
    docs, errors = _read(path)
    assert errors == []
    assert [d.id for d in docs] == ["crawl-pont-valmorel", "crawl-neige"]
    assert docs[0].format == "warc"
    assert docs[0].meta["url"] == "https://gazette.example.fr/pont-valmorel.html"
    assert "tombée" in docs[1].content


def test_truncated_warc_keeps_records_before_the_cut(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    body = (HERE / "page.html").read_bytes()
    _warc(path, {"https://a.example.fr/un": body, "https://a.example.fr/deux": body * 3})
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 400])
    docs, errors = _read(path)
    assert [d.id for d in docs] == ["cut-un"]
    assert [e.code for e in errors] == [E.E010]
    assert "#record2" in errors[0].origin


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("vide.txt", b"", E.E002),
        ("blancs.txt", b"  \n\n ", E.E002),
        ("binaire.txt", bytes(range(256)) * 4, E.E003),
        ("illisible.txt", b"caf\x81 \x8d\x90 \x9d", E.E004),
        ("sans-corps.html", b"<html><head><title>Vide</title></head></html>", E.E007),
        ("inconnu.docx", b"PK\x03\x04 pas un texte", E.E006),
    ],
)
def test_bad_file_is_one_error_and_the_batch_goes_on(
    tmp_path: Path, name: str, data: bytes, code: E
) -> None:
    bad = tmp_path / name
    bad.write_bytes(data)
    good = tmp_path / "bon.txt"
    good.write_text("La mairie de Bréval a voté le budget jeudi soir.", encoding="utf-8")
    docs, errors = _read(bad, good)
    assert [d.id for d in docs] == ["bon"]
    assert [e.code for e in errors] == [code]
    assert errors[0].origin == str(bad)
    assert "\n" not in errors[0].line()


def test_cp1252_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "ancien.txt"
    path.write_bytes("Le préfet a réuni les élus à Bréval.".encode("cp1252"))
    docs, errors = _read(path)
    assert errors == []
    assert docs[0].content == "Le préfet a réuni les élus à Bréval."


def test_file_over_the_size_cap_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "gros.txt"
    path.write_text("Le pont de Valmorel a rouvert. " * 20, encoding="utf-8")
    docs, errors = _read(path, settings=Settings(max_file_bytes=100))
    assert docs == []
    assert [e.code for e in errors] == [E.E008]


def test_gzip_text_and_truncated_gzip(tmp_path: Path) -> None:
    good = tmp_path / "breve.txt.gz"
    good.write_bytes(gzip.compress("La foire de Bréval ouvre samedi.".encode()))
    cut = tmp_path / "coupe.txt.gz"
    cut.write_bytes(gzip.compress(("Texte assez long pour être coupé. " * 50).encode())[:60])
    docs, errors = _read(good, cut)
    assert [d.id for d in docs] == ["breve"]
    assert [e.code for e in errors] == [E.E010]


def test_nonexistent_path_is_reported() -> None:
    docs, errors = _read("/nulle/part/absent.txt")
    assert docs == []
    assert [e.code for e in errors] == [E.E012]


def test_stdin_is_read_with_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.TextIOWrapper(io.BytesIO("Un article lu sur l'entrée standard.".encode()))
    monkeypatch.setattr("sys.stdin", stream)
    docs, errors = _read("-")
    assert errors == []
    assert docs[0].id == "stdin" and docs[0].origin == "-"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        routes = {
            "/article": (200, "text/html; charset=utf-8", (HERE / "page.html").read_bytes()),
            "/image": (200, "image/png", b"\x89PNG\r\n\x1a\n"),
            "/enorme": (200, "text/html", b"<html><body><p>" + b"x" * 5000 + b"</p></body></html>"),
            "/feed": (200, "application/rss+xml", (HERE / "feed.xml").read_bytes()),
        }
        if self.path == "/boucle":
            self.send_response(302)
            self.send_header("Location", "/boucle")
            self.end_headers()
            return
        if self.path == "/lent":
            threading.Event().wait(1.5)
        status, ctype, body = routes.get(self.path, (404, "text/plain", b"absent"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Keep test output quiet."""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


URL_SETTINGS = Settings(url_timeout=0.5, url_max_bytes=2000, url_max_redirects=2)


def test_url_html_page_is_fetched(server: str) -> None:
    docs, errors = _read(f"{server}/article", settings=Settings(url_max_bytes=100_000))
    assert errors == []
    assert docs[0].format == "url" and docs[0].meta["url"] == f"{server}/article"
    assert "Valmorel" in docs[0].content


def test_url_feed_is_read_as_entries(server: str) -> None:
    docs, errors = _read(f"{server}/feed", settings=Settings(url_max_bytes=100_000))
    assert errors == [] and len(docs) == 2


@pytest.mark.parametrize(
    ("path", "code", "words"),
    [
        ("/absent", E.E009, "HTTP 404"),
        ("/image", E.E009, "content type"),
        ("/enorme", E.E008, "bytes"),
        ("/lent", E.E009, "timed out"),
        ("/boucle", E.E009, "redirects"),
    ],
)
def test_url_failures_are_one_line_errors(server: str, path: str, code: E, words: str) -> None:
    docs, errors = _read(f"{server}{path}", settings=URL_SETTINGS)
    assert docs == []
    assert [e.code for e in errors] == [code]
    assert words in errors[0].line()


def test_a_50_mb_file_is_refused_by_default_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "enorme.txt"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: the size is real, the disk stays empty
    good = tmp_path / "bon.txt"
    good.write_text("La mairie de Bréval a voté le budget jeudi soir.", encoding="utf-8")
    docs, errors = _read(huge, good)
    assert [d.id for d in docs] == ["bon"]
    assert [e.code for e in errors] == [E.E008]
    assert "enorme.txt" in errors[0].line()
