"""End to end in a real Chromium: citations open the highlighted source, additions get placed,
and hostile article text stays inert. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from corroborate.pipeline import run
from corroborate.store import Store
from corroborate.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
FIXTURES = ROOT / "tests" / "fixtures" / "web"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.model,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module", params=["examples", "seeds"])
def server(request, tmp_path_factory, analyzer) -> Iterator[tuple[str, str]]:
    """(base URL, corpus name) of a live server over a store holding one corpus."""
    corpus = EXAMPLES
    if request.param == "seeds":
        corpus = request.getfixturevalue("shared") / "corpus" / "seeds"
    db = tmp_path_factory.mktemp(f"browser-{request.param}") / "web.db"
    for base in _serve(db, [corpus], analyzer):
        yield base, request.param


@pytest.fixture(scope="module")
def arc_server(tmp_path_factory, analyzer) -> Iterator[str]:
    """Base URL of a live server over the arc fixture: three storm days and a museum."""
    db = tmp_path_factory.mktemp("browser-arcs") / "web.db"
    yield from _serve(db, [ROOT / "tests" / "fixtures" / "arcs" / "articles.jsonl"], analyzer)


def _serve(db: Path, corpus: list[Path], analyzer: Any) -> Iterator[str]:
    import uvicorn

    store = Store(db)
    run([str(c) for c in corpus], store, analyzer=analyzer)
    store.close()
    port = _free_port()
    config = uvicorn.Config(
        create_app(db, analyzer=analyzer), host="127.0.0.1", port=port, log_level="warning"
    )
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Debian Chromium driven by Playwright."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser) -> Iterator[Any]:
    """A fresh page that records every dialog and CSP complaint it sees."""
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    tab = context.new_page()
    tab.dialogs = []
    tab.console_errors = []

    def on_dialog(dialog: Any) -> None:
        tab.dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    tab.on("console", lambda m: m.type == "error" and tab.console_errors.append(m.text))
    yield tab
    context.close()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def _add_through_form(page: Any, base: str, title: str, body: str) -> None:
    page.goto(f"{base}/add")
    page.fill("#title", title)
    page.fill("#text", body)
    page.click("form.add button[type=submit]")
    page.wait_for_url("**/jobs/*")
    page.wait_for_selector("#job[data-state=done], #job[data-state=failed]", timeout=120_000)
    assert page.get_attribute("#job", "data-state") == "done", page.inner_text("#job")


def test_citation_opens_the_source_with_the_span_highlighted(server, page) -> None:
    base, corpus = server
    page.goto(base + "/")
    rows = page.locator("table.stories tbody tr a")
    assert rows.count() >= 1
    assert page.locator("meter.agreement").count() == rows.count()
    _shot(page, f"stories-{corpus}.png")
    rows.first.click()
    page.wait_for_url("**/stories/*")
    assert page.locator("ul.summary li").count() >= 1
    _shot(page, f"story-{corpus}.png")
    cite = page.locator("table.facts a.cite").first
    cited = cite.get_attribute("title")
    assert cited
    cite.click()
    page.wait_for_url("**/articles/**")
    mark = page.locator("mark#hl")
    mark.wait_for(state="visible")
    assert mark.inner_text().strip() in cited
    in_view = page.evaluate(
        "() => { const r = document.getElementById('hl').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }"
    )
    assert in_view, "the highlighted span is scrolled into view"
    assert page.locator("a.story-link").count() == 1
    _shot(page, f"article-{corpus}.png")
    assert page.dialogs == [] and page.console_errors == []


def test_article_added_through_the_form_is_placed(server, page) -> None:
    base, corpus = server
    if corpus != "examples":
        pytest.skip("the added article belongs to the examples corpus's dam story")
    text = (FIXTURES / "gazette-menestrol-inspection.txt").read_text(encoding="utf-8")
    title, _, body = text.partition("\n\n")
    _add_through_form(page, base, title, body)
    assert "new article" in page.inner_text("#job-message")
    story = page.locator("#job-stories a")
    assert story.count() == 1
    assert "Ménestrol" in story.inner_text()
    story.click()
    page.wait_for_url("**/stories/*")
    sources = page.locator("table.sources").inner_text()
    assert title in sources
    assert page.console_errors == []


def test_hostile_article_renders_inert(server, page) -> None:
    base, corpus = server
    text = (FIXTURES / "marche-lormiac-payload.txt").read_text(encoding="utf-8")
    _, _, body = text.partition("\n\n")
    title = f"<img src=x onerror=alert(1)> Lormiac {corpus} <script>alert(2)</script>"
    _add_through_form(page, base, title, body)
    page.locator("#job-stories a").first.click()
    page.wait_for_url("**/stories/*")
    page.locator("table.sources a").filter(has_text="lormiac").first.click()
    page.wait_for_url("**/articles/**")
    assert page.locator("h1").inner_text() == title
    main = page.locator("main")
    assert "<script>alert(1)</script>" in main.inner_text()
    assert "<img src=x onerror=alert(1)>" in main.inner_text()
    assert main.locator("img").count() == 0
    assert page.locator("script").count() == 0
    page.goto(base + "/?q=Lormiac")
    assert page.locator("table.stories tbody a").count() >= 1
    assert page.dialogs == []


def _most_disputed_story(page: Any, base: str) -> None:
    page.goto(base + "/")
    rows = page.locator("table.stories tbody tr")
    counts = [int(rows.nth(k).locator("td").nth(4).inner_text()) for k in range(rows.count())]
    best = counts.index(max(counts))
    rows.nth(best).locator("a").first.click()
    page.wait_for_url("**/stories/*")


def test_grid_and_filters_show_who_backs_and_disputes_what(server, page) -> None:
    base, corpus = server
    _most_disputed_story(page, base)
    sources = page.locator("table.sources tbody tr").count()
    grid = page.locator("#grid")
    grid.scroll_into_view_if_needed()
    assert grid.locator("thead th.outlet").count() == sources
    rows = grid.locator("tbody tr")
    assert rows.count() >= 1
    for k in range(rows.count()):
        assert rows.nth(k).locator("td.cell").count() == sources
    disputed_rows = grid.locator("tbody tr:has(td.disputes)").count()
    if corpus == "examples":
        assert disputed_rows >= 1, "the dam story's disagreements show in the grid"
    _shot(page, f"story-grid-{corpus}.png")

    facts = page.locator("table.facts tbody tr.item")
    items = page.locator(".item")
    page.check("#filters input[name=disputed]")
    visible = [items.nth(k) for k in range(items.count()) if items.nth(k).is_visible()]
    assert visible, "the most disputed story shows its disputes"
    assert all(r.get_attribute("data-disputed") == "1" for r in visible)
    shown_facts = [facts.nth(k) for k in range(facts.count()) if facts.nth(k).is_visible()]
    assert all(r.locator("td.dissent a.cite").count() >= 1 for r in shown_facts)
    assert grid.locator("tbody tr:visible").count() == disputed_rows
    assert "items shown" in page.inner_text("#filter-count")
    page.uncheck("#filters input[name=disputed]")

    options = page.locator("#filters select[name=outlet] option")
    outlet = options.nth(1).inner_text()
    page.select_option("#filters select[name=outlet]", outlet)
    shown = [facts.nth(k) for k in range(facts.count()) if facts.nth(k).is_visible()]
    assert shown, f"facts of {outlet} are shown"
    for row in shown:
        assert outlet in (row.get_attribute("data-outlets") or "").split("|")
        labels = [c.inner_text() for c in row.locator("a.cite").all()]
        assert f"[{outlet}]" in labels
    hidden = facts.count() - len(shown)
    assert hidden >= 0
    _shot(page, f"story-filtered-{corpus}.png")
    assert page.console_errors == []


def test_arc_page_shows_the_cards_in_date_order_and_a_change_opens_its_span(
    arc_server, page
) -> None:
    page.goto(arc_server + "/")
    arcs = page.locator("ul.arcs li a")
    assert arcs.count() == 1
    arcs.first.click()
    page.wait_for_url("**/arcs/*")
    cards = page.locator("li.card")
    dates = [cards.nth(i).get_attribute("data-date") for i in range(cards.count())]
    # The storm struck in the night of 9 to 10 January; the visit on the 13th, the homage the 20th.
    assert dates[0] in ("2025-01-09", "2025-01-10") and dates[1:] == ["2025-01-13", "2025-01-20"]
    titles = [cards.nth(i).locator("h2").inner_text() for i in range(cards.count())]
    assert all("Lisandre" in t or "Finistère" in t for t in titles), titles
    assert "Tisserands" not in page.inner_text("ol.timeline")
    # A change sits between the cards it links: the toll after day one, before day two.
    first_change = page.locator("li.changes").first
    assert first_change.evaluate(
        "(el) => [el.previousElementSibling.dataset.date, el.nextElementSibling.dataset.date]"
    ) == dates[:2]
    # The minister enters at her visit: the newcomer sits before the visit's card.
    newcomer = page.locator("li.newcomer")
    assert newcomer.count() == 1 and "Claire Duval" in newcomer.inner_text()
    assert newcomer.evaluate(
        "(el) => el.closest('li.changes').nextElementSibling.dataset.date") == dates[1]
    _shot(page, "arc.png")
    after = first_change.locator("a.after").first
    cited = after.get_attribute("title")
    assert cited and after.inner_text() in cited
    after.click()
    page.wait_for_url("**/articles/**")
    mark = page.locator("mark#hl")
    mark.wait_for(state="visible")
    assert mark.inner_text().strip() in cited
    assert page.dialogs == [] and page.console_errors == []
