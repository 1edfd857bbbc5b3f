"""Decompression and entity bombs, written small: a gzip text, WARC archives (a huge record, an
endless HTTP header), XML entity bombs (billion laughs, quadratic blow-up) as a feed, an HTML
page and a JSON line. Each must be refused with one line, in bounded memory.
Run: `.venv/bin/python benchmarks/bombs.py DIR [--gb 10]`, then
`/usr/bin/time -v .venv/bin/corroborate run DIR --out OUT --db DB` and read its
"Maximum resident set size".
"""

from __future__ import annotations

import argparse
import json
import zlib
from pathlib import Path

MB = 1024 * 1024


def _gzip_member(head: bytes, filler: bytes, size: int, tail: bytes = b"") -> bytes:
    """One gzip member holding head, `size` bytes of `filler` repeated, then tail, packed as it
    goes: the bomb is never held unpacked."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [packer.compress(head)]
    chunk = (filler * (MB // len(filler) + 1))[:MB]
    for _ in range(size // MB):
        parts.append(packer.compress(chunk))
    parts.append(packer.compress(chunk[: size % MB] + tail))
    parts.append(packer.flush())
    return b"".join(parts)


def gzip_bomb(path: Path, size: int) -> Path:
    """A .txt.gz of `size` bytes of spaces once unpacked."""
    path.write_bytes(_gzip_member(b"Un texte. ", b" ", size))
    return path


def warc_bomb(path: Path, size: int) -> Path:
    """A .warc.gz whose one HTML response record unpacks to `size` bytes."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>"
    tail = b"</p></body></html>"
    length = len(head) + size + len(tail)
    warc = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://bomb.example/a\r\n"
        "WARC-Date: 2024-05-14T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:0>\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n"
    ).encode()
    path.write_bytes(_gzip_member(warc + head, b"mot ", size, tail + b"\r\n\r\n"))
    return path


def warc_header_bomb(path: Path, size: int) -> Path:
    """A .warc.gz whose record's HTTP header line runs on for `size` bytes without an end."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Long: "
    warc = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://bomb.example/h\r\n"
        "WARC-Record-ID: <urn:uuid:1>\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(head) + size}\r\n\r\n"
    ).encode()
    path.write_bytes(_gzip_member(warc + head, b"a", size))
    return path


def laughs(levels: int = 10) -> str:
    """The billion-laughs prolog: each entity ten of the one before."""
    lines = ['<!ENTITY lol0 "lol">']
    lines += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)]
    return "<!DOCTYPE r [\n" + "\n".join(lines) + "\n]>\n"


def entity_bombs(folder: Path) -> list[Path]:
    """Billion laughs and a quadratic blow-up as feeds, an HTML page and a JSON line."""
    item = "<item><title>&lol9;</title><description>&lol9;</description></item>"
    feed = f'<?xml version="1.0"?>\n{laughs()}<rss version="2.0"><channel>{item}</channel></rss>'
    big = "a" * 100_000
    quadratic = (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "{big}">]>\n<rss version="2.0">'
        f"<channel><item><title>t</title><description>{'&a;' * 20_000}</description></item>"
        "</channel></rss>"
    )
    page = f"{laughs()}<html><body><p>&lol9;</p></body></html>"
    paths = {
        "laughs.xml": feed,
        "quadratic.rss": quadratic,
        "laughs.html": page,
        "laughs.jsonl": json.dumps({"id": "laughs", "html": page}) + "\n",
    }
    for name, content in paths.items():
        (folder / name).write_text(content, encoding="utf-8")
    return [folder / name for name in paths]


def write_all(folder: Path, size: int) -> list[Path]:
    """Every bomb into `folder`, the compressed ones unpacking to `size` bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        gzip_bomb(folder / "bomb.txt.gz", size),
        warc_bomb(folder / "bomb.warc.gz", size),
        warc_header_bomb(folder / "header.warc.gz", size),
        *entity_bombs(folder),
    ]


def main() -> None:
    """Write the bombs and list them with their packed sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--gb", type=float, default=10.0, help="unpacked size of each archive")
    args = parser.parse_args()
    for path in write_all(args.folder, int(args.gb * 1024 * MB)):
        print(f"{path}\t{path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
