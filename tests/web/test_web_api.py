"""The JSON API and the HTML pages over a store filled from the sample corpus in examples/."""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from corroborate.pipeline import RunResult, run
from corroborate.render import html as report_html
from corroborate.render import json as report_json
from corroborate.store import Store
from corroborate.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
FIXTURES = ROOT / "tests" / "fixtures" / "web"
GOLD = ROOT / "eval" / "examples" / "gold.json"
ERROR_KEYS = {"ok", "status", "code", "error"}
API_PATHS = {
    "/api/stories",
    "/api/stories/{story_id}",
    "/api/arcs",
    "/api/arcs/{arc_id}",
    "/api/articles/{article_id}",
    "/api/articles",
    "/api/jobs/{job_id}",
}


@pytest.fixture(scope="module")
def served(tmp_path_factory, analyzer) -> Iterator[tuple[TestClient, RunResult]]:
    """An app over a store holding one pipeline run of examples/, and that run's result."""
    db = tmp_path_factory.mktemp("web") / "web.db"
    store = Store(db)
    result = run([str(EXAMPLES)], store, analyzer=analyzer)
    store.close()
    with TestClient(create_app(db, analyzer=analyzer)) as client:
        yield client, result


@pytest.fixture(scope="module")
def client(served) -> TestClient:
    """The test client alone."""
    return served[0]


@pytest.fixture(scope="module")
def gold_stories() -> list[set[str]]:
    """The article ids of each story of the sample corpus, from its gold file."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    return [set(s["articles"]) for s in gold["stories"]]


def _story_with(client: TestClient, article_id: str) -> dict[str, Any]:
    for row in client.get("/api/stories").json()["stories"]:
        story = client.get(f"/api/stories/{row['id']}").json()["story"]
        if article_id in story["articles"]:
            return story
    raise AssertionError(f"no story holds {article_id}")


def _query(link: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(html.unescape(link)).query)


def _wait(client: TestClient, job: dict[str, Any], seconds: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while job["state"] in ("queued", "running"):
        assert time.monotonic() < deadline, f"job still {job['state']}: {job['message']}"
        time.sleep(0.2)
        job = client.get(f"/api/jobs/{job['id']}").json()
    return job


def test_stories_list_has_every_story_with_outlets_and_agreement(client, gold_stories) -> None:
    data = client.get("/api/stories").json()
    assert data["query"] == ""
    assert len(data["stories"]) == len(gold_stories)
    page = client.get("/").text
    for row in data["stories"]:
        story = client.get(f"/api/stories/{row['id']}").json()
        outlets = {a["outlet"] or a["id"] for a in story["articles"]}
        assert row["articles"] == len(story["story"]["articles"])
        assert row["outlets"] == len(outlets)
        assert 0.0 <= row["agreement"] <= 1.0
        assert escape(row["title"]) in page
        assert f'href="{row["href"]}"' in page
    assert page.count('<meter class="agreement"') == len(data["stories"])


def test_story_api_has_the_stories_json_shapes(client, gold_stories) -> None:
    for members in gold_stories:
        story = _story_with(client, sorted(members)[0])
        data = client.get(f"/api/stories/{story['id']}").json()
        report = {"schema": report_json.SCHEMA_ID, "articles": data["articles"], "stories": [story]}
        assert report_json.validate(report) == []
        assert set(story["articles"]) == members
        assert {a["id"] for a in data["articles"]} == members


def test_story_page_shows_brief_facts_quotes_and_sources(client) -> None:
    story = _story_with(client, "courrier-aulnette-barrage-menestrol")
    page = client.get(f"/stories/{story['id']}").text
    assert story["summary"] and story["facts"] and story["quotes"]
    for cited in story["summary"]:
        assert escape(cited["text"]) in page
    for fact in story["facts"]:
        assert f'id="fact-{fact["id"]}"' in page
    for speaker in {q["speaker"] for q in story["quotes"] if q["speaker"]}:
        assert f"<h3>{escape(speaker)}</h3>" in page
    sources = page[page.index("<h2>Sources</h2>") :]
    for article in client.get(f"/api/stories/{story['id']}").json()["articles"]:
        assert f'href="/articles/{article["id"]}"' in sources
        assert f"<td>{article['quality']['score']:.2f}</td>" in sources
        for flag in article["quality"]["flags"]:
            assert f'title="{escape(flag["detail"])}">{escape(flag["code"])}<' in sources


def test_citation_link_opens_the_article_with_the_span_marked(client) -> None:
    story = _story_with(client, "courrier-aulnette-barrage-menestrol")
    page = client.get(f"/stories/{story['id']}").text
    evidence = story["facts"][0]["support"][0]
    links = re.findall(r'href="(/articles/[^"]+\?hl=[^"]+#hl)"', page)
    assert links
    wanted = [u for u in links if _query(u)["hl"] == [evidence["text"]]]
    assert wanted, evidence
    target = html.unescape(wanted[0])
    assert urlsplit(target).path == f"/articles/{evidence['article']}"
    article = client.get(target.split("#")[0]).text
    marked = re.search(r'<mark id="hl">(.*?)</mark>', article, re.S)
    assert marked is not None
    assert html.unescape(marked.group(1)) in evidence["text"]
    api = client.get(f"/api/articles/{evidence['article']}", params={"hl": evidence["text"]}).json()
    assert api["match"] == "exact"
    text = api["article"]["text"]
    start, end = api["marks"][0]
    assert text[start:end] == evidence["text"]


def test_paraphrasing_source_highlights_its_closest_sentence(client) -> None:
    story = _story_with(client, "courrier-aulnette-barrage-menestrol")
    seen = set()
    for cited in story["summary"]:
        for source in cited["sources"]:
            data = client.get(f"/api/articles/{source}", params={"hl": cited["text"]}).json()
            seen.add(data["match"])
            if data["match"] == "exact":
                assert cited["text"] in data["article"]["text"]
            elif data["match"] == "closest":
                assert cited["text"] not in data["article"]["text"]
                ((start, end),) = data["marks"]
                assert data["article"]["text"][start:end].strip()
            else:
                assert data["marks"] == []
    assert "exact" in seen


def test_article_page_strikes_removed_chrome_and_marks_entities(client) -> None:
    data = client.get("/api/articles/courrier-aulnette-barrage-menestrol").json()
    assert data["story"] is not None
    assert data["article"]["removed"], "the sample page carries chrome"
    assert data["entities"]
    text = data["article"]["text"]
    for span in data["entities"]:
        assert 0 <= span["start"] < span["end"] <= len(text)
    page = client.get("/articles/courrier-aulnette-barrage-menestrol").text
    for removed in data["article"]["removed"]:
        assert f'<del class="removed">{escape(removed["text"])}</del>' in page
        assert escape(removed["reason"]) in page
    assert 'class="ent ent-' in page
    assert f'href="{data["story"]["href"]}"' in page


def test_search_finds_stories_by_entity_name_and_title(client) -> None:
    story = _story_with(client, "kerbrenn-hebdo-finale")
    person = next(e for e in story["entities"] if e["type"] == "PER")
    found = client.get("/api/stories", params={"q": person["name"]}).json()
    assert found["query"] == person["name"]
    assert [row["id"] for row in found["stories"]] == [story["id"]]
    title_word = max(story["title"].split(), key=len)
    by_title = client.get("/api/stories", params={"q": title_word}).json()["stories"]
    assert story["id"] in {r["id"] for r in by_title}
    assert client.get("/api/stories", params={"q": "Zorglubville"}).json()["stories"] == []
    page = client.get("/", params={"q": person["name"]}).text
    assert "matching" in page and f'href="/stories/{story["id"]}"' in page


def test_posted_article_is_placed_into_its_story(client) -> None:
    text = (FIXTURES / "gazette-menestrol-inspection.txt").read_text(encoding="utf-8")
    title, _, body = text.partition("\n\n")
    dam = _story_with(client, "courrier-aulnette-barrage-menestrol")
    response = client.post("/api/articles", json={"text": body, "title": title, "id": "gazette"})
    assert response.status_code == 202
    job = _wait(client, response.json())
    assert job["state"] == "done", job
    assert job["articles"] == ["gazette"]
    assert dam["id"] in {s["id"] for s in job["stories"]}
    article = client.get("/api/articles/gazette").json()
    assert article["article"]["title"] == title
    assert article["story"]["id"] == dam["id"]
    assert "gazette" in client.get(f"/api/stories/{dam['id']}").json()["story"]["articles"]


def test_uploaded_file_is_processed_and_rendered_inert(client) -> None:
    payload = FIXTURES / "marche-lormiac-payload.txt"
    with payload.open("rb") as handle:
        response = client.post(
            "/add", files={"files": (payload.name, handle, "text/plain")}, follow_redirects=False
        )
    assert response.status_code == 303
    job_url = response.headers["location"]
    assert 'data-job="' in client.get(job_url).text
    job = _wait(client, client.get("/api" + job_url).json())
    assert job["state"] == "done", job
    (article_id,) = job["articles"]
    page = client.get(f"/articles/{article_id}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<script>alert" not in page and "<img src=x" not in page
    hostile = "<script>alert(3)</script>"
    reflected = client.get(f"/articles/{article_id}", params={"hl": hostile}).text
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in reflected and hostile not in reflected
    search = client.get("/", params={"q": hostile}).text
    assert "&lt;script&gt;alert(3)" in search and hostile not in search


def test_errors_share_one_shape(client) -> None:
    cases = [
        (client.get("/api/stories/no-such-story"), 404),
        (client.get("/api/articles/no-such-article"), 404),
        (client.get("/api/jobs/no-such-job"), 404),
        (client.get("/api/no-such-endpoint"), 404),
        (client.post("/api/articles", json={"title": 3}), 422),
        (client.post("/api/articles", json={}), 400),
    ]
    for response, status in cases:
        body = response.json()
        assert response.status_code == status, body
        assert set(body) == ERROR_KEYS, body
        assert body["ok"] is False and body["status"] == status
        assert body["code"] and body["error"]
    assert client.get("/api/stories/no-such-story").json()["code"] == "E040"
    page = client.get("/stories/no-such-story")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert "no story with id no-such-story" in page.text


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/article",
        "http://localhost/article",
        "http://169.254.169.254/latest/meta-data",
        "http://10.1.2.3/article",
        "http://[::1]/article",
        "file:///etc/passwd",
    ],
)
def test_url_to_a_private_address_is_refused(client, url) -> None:
    response = client.post("/api/articles", json={"url": url})
    assert response.status_code == 400
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert "private" in body["error"] or "only http" in body["error"]
    form = client.post("/add", data={"url": url}, follow_redirects=False)
    assert form.status_code == 400


def test_private_url_allowed_when_asked_then_fails_to_fetch(tmp_path) -> None:
    with TestClient(create_app(tmp_path / "p.db", allow_private=True)) as client:
        response = client.post("/api/articles", json={"url": "http://127.0.0.1:9/article"})
        assert response.status_code == 202
        job = _wait(client, response.json(), seconds=30)
    assert job["state"] == "failed"
    assert "E009" in job["message"]


def test_bodies_over_ten_megabytes_get_413(client) -> None:
    big = b"a" * (10 * 1024 * 1024 + 1)
    response = client.post(
        "/add", files={"files": ("gros.txt", big, "text/plain")}, follow_redirects=False
    )
    assert response.status_code == 413
    api = client.post("/api/articles", content=big, headers={"content-type": "application/json"})
    assert api.status_code == 413
    assert set(api.json()) == ERROR_KEYS and api.json()["code"] == "E008"

    def chunks() -> Iterator[bytes]:
        for _ in range(11):
            yield b"b" * (1024 * 1024)

    streamed = client.post(
        "/api/articles", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413


def test_every_response_carries_csp_and_nosniff(client) -> None:
    for path in ["/", "/api/stories", "/static/style.css", "/static/job.js", "/docs", "/nope"]:
        response = client.get(path)
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp
        script = re.search(r"script-src ([^;]*)", csp)
        assert script is not None and "'unsafe-inline'" not in script.group(1)
        assert response.headers["x-content-type-options"] == "nosniff"
    assert client.head("/").status_code == 200
    job = client.post("/api/articles", json={"text": "Bref."}).json()
    for path in ["/", "/add", f"/jobs/{job['id']}", "/docs"]:
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", client.get(path).text, re.S)
        assert all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
    _wait(client, job)


def test_openapi_and_the_docs_page_list_the_api(client) -> None:
    spec = client.get("/openapi.json").json()
    assert set(spec["paths"]) == API_PATHS
    assert "StoryModel" in spec["components"]["schemas"]
    docs = client.get("/docs").text
    for path in API_PATHS:
        assert escape(path) in docs
    assert "cdn" not in docs.lower()


def test_static_export_still_renders(served, tmp_path) -> None:
    _, result = served
    data = report_json.report_dict(result.report)
    written = report_html.write_site(data, tmp_path)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert len(written) == 3 + len(data["stories"]) + len(data["articles"])  # css, js, index
    assert index.count("<meter") == len(data["stories"])
    assert "/add" not in index


def test_uploading_stored_articles_again_adds_nothing(client) -> None:
    dam = _story_with(client, "voix-des-vallees-menestrol")
    before = len(client.get("/api/articles/voix-des-vallees-menestrol").json()["article"]["text"])
    files = [
        ("files", (p.name, p.read_bytes(), "application/octet-stream"))
        for p in [EXAMPLES / "voix-des-vallees-menestrol.html", *EXAMPLES.glob("*.jsonl")]
    ]
    response = client.post("/add", files=files, follow_redirects=False)
    assert response.status_code == 303
    job = _wait(client, client.get("/api" + response.headers["location"]).json())
    assert job["state"] == "done", job
    assert job["articles"] == []
    assert "already in the store" in job["message"]
    assert dam["id"] in {s["id"] for s in job["stories"]}
    after = client.get("/api/articles/voix-des-vallees-menestrol").json()["article"]["text"]
    assert len(after) == before


def test_jobs_never_fork_worker_processes(client, monkeypatch, tmp_path) -> None:
    import corroborate.parallel

    def no_fork(method: str) -> None:
        raise AssertionError(f"a web job started {method} workers")

    monkeypatch.setattr(corroborate.parallel.multiprocessing, "get_context", no_fork)
    towns = ["Lormiac", "Vassenay", "Bruzolles", "Ternac", "Aubrelle", "Quinsac"]
    records = [
        {
            "id": f"budget-{n}",
            "outlet": f"gazette-{n % 5}.example",
            "title": f"{towns[n % 6]} vote un budget de {n + 2} millions d'euros",
            "text": (
                f"Le conseil municipal de {towns[n % 6]} a voté mardi soir un budget de "
                f"{n + 2} millions d'euros pour rénover l'école et la salle des fêtes. "
                f"Le maire a rappelé que les travaux commenceront au printemps {2030 + n % 3}.\n\n"
                f"L'opposition a voté contre, jugeant le chantier trop coûteux pour une commune "
                f"de {1200 + 37 * n} habitants."
            ),
        }
        for n in range(40)  # enough articles for the analysis to start workers
    ]
    upload = tmp_path / "budgets.jsonl"
    upload.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                      encoding="utf-8")
    with upload.open("rb") as handle:
        response = client.post(
            "/add", files={"files": (upload.name, handle, "application/json")},
            follow_redirects=False,
        )
    job = _wait(client, client.get("/api" + response.headers["location"]).json())
    assert job["state"] == "done", job
    assert len(job["articles"]) == 40


def test_every_error_code_is_an_e_code(client) -> None:
    codes = {
        client.get("/api/articles/nope").json()["code"],
        client.get("/api/jobs/nope").json()["code"],
        client.get("/api/no-such-endpoint").json()["code"],
        client.post("/api/articles", json={"title": 3}).json()["code"],
    }
    assert codes == {"E041", "E042", "E043", "E045"}


def test_add_form_with_nothing_shows_the_form_again_with_the_reason(client) -> None:
    response = client.post("/add", data={"title": ""}, files={"files": ("", b"", "text/plain")})
    assert response.status_code == 400
    assert "text/html" in response.headers["content-type"]
    assert 'id="form-error"' in response.text and "Nothing to add yet" in response.text
    assert '<form class="add"' in response.text


def test_posted_article_keeps_outlet_date_and_language(client) -> None:
    text = (FIXTURES / "gazette-menestrol-inspection.txt").read_text(encoding="utf-8")
    title, _, body = text.partition("\n\n")
    record = {"text": body, "title": title, "id": "gazette-meta", "outlet": "gazette.example",
              "date": "2024-05-15", "lang": "fr"}
    job = _wait(client, client.post("/api/articles", json=record).json())
    assert job["state"] == "done", job
    article = client.get(f"/api/articles/{job['articles'][0]}").json()["article"]
    assert (article["outlet"], article["date"], article["lang"]) == (
        "gazette.example", "2024-05-15", "fr"
    )


def test_stories_list_counts_independent_outlets_and_disputes(client) -> None:
    rows = client.get("/api/stories").json()["stories"]
    assert rows
    for row in rows:
        assert 1 <= row["independent"] <= row["outlets"] <= row["articles"]
        assert row["disputes"] >= 0
    dated = [r["date"] for r in rows if r["date"]]
    assert dated == sorted(dated, reverse=True)


def test_upload_with_the_id_of_a_stored_article_is_refused_and_replaces_nothing(client) -> None:
    stored_id = "courrier-aulnette-barrage-menestrol"
    before = client.get(f"/api/articles/{stored_id}").json()["article"]
    text = (FIXTURES / "gazette-menestrol-inspection.txt").read_text(encoding="utf-8")
    response = client.post("/api/articles", json={"text": text, "id": stored_id})
    assert response.status_code == 409
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert (body["ok"], body["status"], body["code"]) == (False, 409, "E047")
    assert stored_id in body["error"] and "different stored article" in body["error"]
    assert before["title"] in body["error"]
    # The same text under its own id is refused too, saying it is stored already.
    again = client.post("/api/articles", json={"text": before["text"], "id": stored_id}).json()
    assert again["code"] == "E047" and "already stored with this text" in again["error"]
    assert client.get(f"/api/articles/{stored_id}").json()["article"] == before


def test_concurrent_uploads_with_one_title_lose_nothing(client) -> None:
    from concurrent.futures import ThreadPoolExecutor

    text = (FIXTURES / "gazette-menestrol-inspection.txt").read_text(encoding="utf-8")
    _, _, body = text.partition("\n\n")
    bodies = [f"{body}\n\nÉdition numéro {n} du bulletin des vallées." for n in range(8)]

    def post(text: str) -> dict[str, Any]:
        return client.post("/api/articles", json={"text": text, "title": "Bulletin"}).json()

    with ThreadPoolExecutor(max_workers=8) as pool:
        queued = list(pool.map(post, bodies))
    done = [_wait(client, job, seconds=300) for job in queued]
    assert all(job["state"] == "done" for job in done), done
    ids = [i for job in done for i in job["articles"]]
    assert len(ids) == len(set(ids)) == len(bodies)
    stored = {client.get(f"/api/articles/{i}").json()["article"]["text"] for i in ids}
    assert len(stored) == len(bodies)  # each upload kept its own text
