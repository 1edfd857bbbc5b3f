"""Load on the web server, loopback only, bounded in time: latency of /api/stories under 50
concurrent clients, then 20 concurrent uploads checked for loss and duplication.

A store is filled from examples/ by `corroborate run`, then `corroborate serve` is started on
127.0.0.1 at a free port as a child process. Phase 1: 50 clients loop on GET /api/stories for
--seconds; p50/p95/max latency and the request rate are printed. Phase 2: 20 uploads at once
(half of them with one title, so their ids collide), then every job is followed to its end:
each upload must be stored exactly once, under its own id, with its own text, and the store
must hold exactly 20 more articles. Everything stops after --budget seconds (60 by default)
and the script exits 1 when a check fails or the budget runs out. Figures, not a timed assert.
Run: `.venv/bin/python benchmarks/web_load.py [--seconds 10] [--json out/web_load.json]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CLIENTS = 50
UPLOADS = 20
SENTENCES = [
    "Le conseil municipal de Brisac a voté jeudi un budget de {n} millions d'euros.",
    "« Nous tiendrons nos engagements », a déclaré la maire, Claire Vidal, devant {n} élus.",
    "La séance a duré {n} heures et s'est achevée peu avant minuit.",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _stories_load(base: str, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    failures: list[str] = []
    stop = time.monotonic() + seconds
    # The client drops an idle connection well before the server's keep-alive timeout (5 s, as
    # httpx's own default): with equal timeouts a request sent on a connection the server is
    # closing fails with a read error that says nothing about the server.
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS,
                          keepalive_expiry=2.0)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def one_client() -> None:
            while time.monotonic() < stop:
                start = time.perf_counter()
                try:
                    response = await client.get("/api/stories")
                except httpx.HTTPError as error:
                    failures.append(type(error).__name__)
                    continue
                latencies.append(time.perf_counter() - start)
                if response.status_code != 200 or not response.json().get("stories"):
                    failures.append(f"HTTP {response.status_code}")

        began = time.monotonic()
        await asyncio.gather(*(one_client() for _ in range(CLIENTS)))
        elapsed = time.monotonic() - began
    return {
        "clients": CLIENTS,
        "requests": len(latencies),
        "failed": len(failures),
        "failures": dict(Counter(failures)),
        "per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(1000 * statistics.median(latencies), 1),
        "p95_ms": round(1000 * _percentile(latencies, 0.95), 1),
        "max_ms": round(1000 * max(latencies), 1),
    }


def _upload(i: int) -> dict[str, str]:
    # Half share one title (their ids would collide); each text is its own.
    title = "Budget de Brisac" if i % 2 else f"Conseil de Brisac, séance {i}"
    text = " ".join(s.format(n=10 + i) for s in SENTENCES) + f" Compte rendu n° {i}."
    return {"title": title, "text": text}


async def _uploads(base: str, deadline: float) -> dict[str, object]:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        before = len(await _all_articles(client))
        sent = [_upload(i) for i in range(UPLOADS)]
        answers = await asyncio.gather(*(client.post("/api/articles", json=b) for b in sent))
        problems = [f"upload {i}: HTTP {a.status_code}" for i, a in enumerate(answers)
                    if a.status_code != 202]
        jobs = [a.json() for a in answers if a.status_code == 202]
        while jobs and time.monotonic() < deadline:
            states = [(await client.get(f"/api/jobs/{j['id']}")).json() for j in jobs]
            if all(s["state"] in ("done", "failed") for s in states):
                break
            await asyncio.sleep(0.5)
        else:
            states = [(await client.get(f"/api/jobs/{j['id']}")).json() for j in jobs]
        problems += [f"job {s['id']}: {s['state']} {s['message']}" for s in states
                     if s["state"] != "done"]
        ids = [a for s in states for a in s["articles"]]
        after = await _all_articles(client)
        texts = {}
        for article_id in ids:
            page = (await client.get(f"/api/articles/{article_id}")).json()
            texts[article_id] = page["article"]["text"] if "article" in page else ""
    stored_once = sum(1 for b in sent if sum(t == b["text"] for t in texts.values()) == 1)
    if len(set(ids)) != len(ids):
        problems.append(f"ids handed out twice: {sorted(ids)}")
    if stored_once != UPLOADS:
        problems.append(f"{stored_once} of {UPLOADS} uploads stored exactly once")
    if len(after) != before + UPLOADS:
        problems.append(f"store went from {before} to {len(after)} articles")
    return {"uploads": UPLOADS, "jobs_done": sum(s["state"] == "done" for s in states),
            "distinct_ids": len(set(ids)), "stored_once": stored_once,
            "articles_before": before, "articles_after": len(after), "problems": problems}


async def _all_articles(client: httpx.AsyncClient) -> set[str]:
    stories = (await client.get("/api/stories")).json()["stories"]
    ids: set[str] = set()
    for story in stories:
        page = (await client.get(f"/api/stories/{story['id']}")).json()
        ids.update(a["id"] for a in page["articles"])
    return ids


def main() -> int:
    """Fill a store, serve it on loopback, load it, print the figures; 1 when a check fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of phase 1")
    parser.add_argument("--budget", type=float, default=60.0, help="the whole run's cap")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--log", type=Path, help="keep the server's log here")
    args = parser.parse_args()
    began = time.monotonic()
    deadline = began + args.budget
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory(prefix="corroborate-load-") as tmp:
        db = Path(tmp) / "load.db"
        subprocess.run([str(bin_dir / "corroborate"), "run", str(EXAMPLES), "--out",
                        str(Path(tmp) / "out"), "--db", str(db)], check=True,
                       capture_output=True, timeout=args.budget)
        filled = time.monotonic() - began
        deadline = time.monotonic() + args.budget
        port = _free_port()
        env = {**os.environ, "CORROBORATE_TOKEN": ""}
        log = (Path(tmp) / "serve.log").open("w")
        server = subprocess.Popen(
            [str(bin_dir / "corroborate"), "serve", "--db", str(db), "--host", "127.0.0.1",
             "--port", str(port)],
            stdout=subprocess.DEVNULL, stderr=log, env=env,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"{base}/api/stories", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            load = asyncio.run(_stories_load(base, args.seconds))
            uploads = asyncio.run(_uploads(base, deadline))
        finally:
            server.terminate()
            server.wait(timeout=10)
            log.close()
            if args.log:
                args.log.write_text((Path(tmp) / "serve.log").read_text())
            if server.returncode not in (0, -15):
                print((Path(tmp) / "serve.log").read_text(), file=sys.stderr)
    figures = {"store_filled_s": round(filled, 1), "stories": load, "uploads": uploads,
               "elapsed_s": round(time.monotonic() - began, 1)}
    if time.monotonic() > deadline:
        uploads["problems"].append(f"over the {args.budget:.0f} s budget")  # type: ignore[union-attr]
    print(json.dumps(figures, indent=1, ensure_ascii=False))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n")
    ok = not load["failed"] and not uploads["problems"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
