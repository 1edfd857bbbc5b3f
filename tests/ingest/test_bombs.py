"""Decompression and entity bombs (files, WARC archives, gzip-encoded pages) are refused with
one line each, in bounded memory, and the other inputs of the run go on."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from corroborate import pipeline
from corroborate.errors import CorroborateError
from corroborate.ingest import fetch
from corroborate.ingest.files import read_file
from corroborate.settings import SETTINGS, Settings
from corroborate.store import Store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

sys.path.insert(0, str(ROOT / "benchmarks"))
import bombs  # noqa: E402

GB = 1024 * 1024 * 1024
# Unpacked, each archive would take more than this many bytes: a reader that held it whole
# could not stay under the memory bound checked below.
BOMB = int(1.2 * GB)
READER_PEAK = 400 * 1024 * 1024


@pytest.fixture(scope="module")
def archives(tmp_path_factory) -> Path:
    """A gzip text, a WARC with a huge record, a WARC with an endless header, 1.2 GB each."""
    folder = tmp_path_factory.mktemp("bombs")
    bombs.gzip_bomb(folder / "bomb.txt.gz", BOMB)
    bombs.warc_bomb(folder / "bomb.warc.gz", BOMB)
    bombs.warc_header_bomb(folder / "header.warc.gz", BOMB)
    return folder


def _lines(folder: Path) -> list[str]:
    return [item.line() for path in sorted(folder.iterdir()) for item in read_file(path, SETTINGS)]


def test_archive_bombs_are_one_line_each_and_never_unpacked_whole(archives):
    lines = sorted(_lines(archives))
    assert len(lines) == 3, lines
    assert lines[0].startswith(f"{archives / 'bomb.txt.gz'}: error E008")
    assert "once unpacked" in lines[0]
    assert lines[1].startswith(f"{archives / 'bomb.warc.gz'}#record1: error E008")
    assert "a record unpacks to over 20000000 bytes" in lines[1]
    assert lines[2].startswith(f"{archives / 'header.warc.gz'}: error E010")
    assert "header line runs over 65536 bytes" in lines[2]


def test_reading_the_bombs_stays_in_bounded_memory(archives):
    # The peak resident size of a process that reads all three (1.2 GB each unpacked). It is
    # started by a small launcher: a process exec'd straight from this one would report this
    # one's peak (Linux keeps the largest size across fork and exec).
    reader = (
        "import sys\nfrom pathlib import Path\nfrom corroborate.ingest.files import read_file\n"
        "from corroborate.settings import SETTINGS\n"
        "print(sum(len(list(read_file(p, SETTINGS))) for p in Path(sys.argv[1]).iterdir()))"
    )
    launcher = (
        "import os, subprocess, sys\n"
        "child = subprocess.Popen([sys.executable, '-c', sys.argv[1], sys.argv[2]],"
        " stdout=subprocess.PIPE)\n"
        "out = child.stdout.read().decode().strip()\n"
        "_, status, usage = os.wait4(child.pid, 0)\n"
        "print(out, os.waitstatus_to_exitcode(status), usage.ru_maxrss)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", launcher, reader, str(archives)],
                          capture_output=True, text=True, env=env, check=True)
    count, code, peak_kb = done.stdout.split()
    assert (count, code) == ("3", "0"), done.stderr
    assert int(peak_kb) * 1024 < READER_PEAK, f"{peak_kb} kB"


def test_an_archive_past_its_unpacked_total_stops_with_one_line(tmp_path):
    # Records each under the per-record cap, together over the archive's total.
    small = Settings(max_file_bytes=3_000_000, max_unpacked_bytes=5_000_000)
    path = tmp_path / "many.warc.gz"
    parts = [bombs.warc_bomb(tmp_path / f"{n}.warc.gz", 2_000_000).read_bytes()
             for n in range(4)]
    path.write_bytes(b"".join(parts))
    items = list(read_file(path, small))
    assert [type(i).__name__ for i in items] == ["Document", "Document", "CorroborateError"]
    assert "the archive unpacks to over 5000000 bytes" in items[2].line()


@pytest.mark.model
def test_entity_bombs_are_refused_and_the_run_goes_on(tmp_path, analyzer):
    folder = tmp_path / "in"
    folder.mkdir()
    bombs.entity_bombs(folder)
    (folder / "good.txt").write_text((EXAMPLES / "us-pontivel-coupe.txt").read_text("utf-8"))
    store = Store(tmp_path / "c.db")
    try:
        result = pipeline.run([str(folder)], store, analyzer=analyzer)
    finally:
        store.close()
    lines = sorted(e.line() for e in result.errors)
    names = ["laughs.html", "laughs.jsonl#L1", "laughs.xml", "quadratic.rss"]
    assert [line.split(": error")[0] for line in lines] == [str(folder / n) for n in names]
    assert all("E006" in line and "XML entity declarations" in line for line in lines)
    assert [a.id for a in result.report.articles] == ["good"]


@pytest.fixture
def served_bomb():
    """A loopback server answering every GET with a gzip-encoded page of 1.2 GB unpacked."""
    body = bombs._gzip_member(b"<html><body><p>", b"mot ", BOMB)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/page"
    server.shutdown()
    server.server_close()


def test_a_gzip_encoded_page_is_cut_at_the_url_cap(served_bomb):
    with pytest.raises(CorroborateError) as caught:
        fetch(served_bomb, SETTINGS)
    assert caught.value.code.name == "E008"
    assert f"over {SETTINGS.url_max_bytes} bytes" in caught.value.line()
