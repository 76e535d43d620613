"""kg.render pages in a real browser (headless Chromium through playwright).

Each page is opened from a file:// URL and must: draw the network on a canvas,
log no console error, request nothing but itself, run no script from report
text, and show report text as text in tooltips. Screenshots go to
tests/artifacts/ (git-ignored). Without Chromium or playwright the tests are
skipped, or fail when the CI environment variable is set.
"""

from __future__ import annotations

import os
from pathlib import Path

import networkx as nx
import pytest

from kg.render import render_network

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = Path(__file__).parent / "artifacts"
PAYLOAD = '<img src=x onerror="window.__xss=1">'
HREF_TITLE = '<a href="javascript:window.__xss=2">Director</a>'


def _missing(why: str):
    if os.environ.get("CI"):
        pytest.fail(why)
    pytest.skip(why)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        _missing("playwright is not installed")
    if not Path(CHROMIUM).exists():
        _missing(f"no Chromium at {CHROMIUM}")
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        except Error as exc:
            _missing(f"Chromium does not start: {exc}")
        yield b
        b.close()


def open_page(browser, html: str, name: str, tmp_path: Path):
    """Load ``html`` from a file:// URL; return (page, requests, problems)."""
    path = tmp_path / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    requests, problems = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-kg-ready]", state="attached", timeout=60_000)
    return page, path.as_uri(), requests, problems


def canvas_colours(page) -> int:
    """How many distinct colours the network canvas shows (sampled); 0 without a canvas."""
    return page.evaluate("""() => {
        const c = document.querySelector('#kg-network canvas');
        if (!c || !c.width || !c.height) return 0;
        const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const seen = new Set();
        for (let i = 0; i < px.length; i += 4 * 97) seen.add(px[i] << 24 | px[i+1] << 16 | px[i+2] << 8 | px[i+3]);
        return seen.size;
    }""")


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    out = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(out))
    return out


def people_graph() -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_node("p:ken", type="person", label="Ken Jimbo", titles=["President"],
               affiliations=["Asia Pacific Initiative"], evidence="Ken Jimbo chaired Session 2.")
    g.add_node("p:yang", type="person", label="Yang Uk", titles=["Research Fellow"],
               affiliations=["Asan Institute for Policy Studies"])
    g.add_node("p:x", type="person", label=PAYLOAD, titles=[HREF_TITLE],
               affiliations=["</script><script>window.__xss=3</script>"],
               evidence='<svg onload="window.__xss=4"></svg> href')
    g.add_node("o:asan", type="organization", label="Asan Institute for Policy Studies")
    g.add_node("o:api", type="organization", label="Asia Pacific Initiative")
    g.add_node("e:dlg", type="event", label="Japan–Korea Policy Dialogue")
    g.add_node("x:nato", type="proposal", label="Asian NATO")
    for u, v, r in [("p:ken", "o:api", "affiliated with"), ("p:yang", "o:asan", "affiliated with"),
                    ("p:x", "o:asan", "affiliated with"), ("p:ken", "e:dlg", "participated in"),
                    ("p:yang", "e:dlg", "participated in"), ("o:asan", "e:dlg", "organized"),
                    ("x:nato", "p:yang", "proposed by"), ("x:nato", "e:dlg", "proposed at")]:
        g.add_edge(u, v, relation=r)
    return g


def assert_clean(page, url, requests, problems):
    assert requests == [url], f"the page requested {requests}"
    assert problems == []
    assert page.evaluate("() => window.__xss") is None


def test_small_page_draws_offline_and_runs_no_report_script(browser, tmp_path):
    html = render_network(people_graph(), title=PAYLOAD, message=PAYLOAD, physics=False)
    page, url, requests, problems = open_page(browser, html, "people", tmp_path)
    page.wait_for_timeout(300)
    assert canvas_colours(page) > 8
    size = page.evaluate("() => { const c = document.querySelector('#kg-network canvas');"
                         " return [c.clientWidth, c.clientHeight]; }")
    assert size[0] > 500 and size[1] > 500
    assert page.title() == PAYLOAD                       # shown as text, not parsed
    assert page.text_content("#kg-message") == PAYLOAD

    # hover the hostile node: its tooltip is plain text, no element made from report text
    pos = page.evaluate("""() => {
        const id = JSON.parse(document.getElementById('kg-data').textContent)
            .nodes.find(n => n.group === 'person' && n.name.startsWith('<img')).id;
        const p = kgNetwork.canvasToDOM(kgNetwork.getPositions([id])[id]);
        const r = document.getElementById('kg-network').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y];
    }""")
    page.mouse.move(pos[0] - 40, pos[1] - 40)
    page.mouse.move(*pos, steps=5)
    tip = page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    # innerText turns line breaks into <br>: those are the only elements allowed
    assert tip.evaluate("t => [...t.querySelectorAll('*')].map(e => e.tagName)") == ["BR"] * 4
    text = tip.text_content()
    assert text.startswith(PAYLOAD) and HREF_TITLE in text and '<svg onload=' in text
    shot(page, "browser-tooltip")
    assert_clean(page, url, requests, problems)


def test_search_and_type_filters(browser, tmp_path):
    page, url, requests, problems = open_page(browser, render_network(people_graph()), "search",
                                              tmp_path)
    page.fill("#kg-search-input", "yang")
    page.click("#kg-search button")
    assert page.text_content("#kg-status") == "found: Yang Uk"
    assert page.evaluate("() => kgNetwork.getSelectedNodes().length") == 1
    page.fill("#kg-search-input", "nobody at all")
    page.press("#kg-search-input", "Enter")
    assert page.text_content("#kg-status").startswith("no node matches")

    page.uncheck('input[data-kg-type="person"]')
    hidden = page.evaluate("""() => kgNetwork.body.data.nodes.get()
        .filter(n => n.hidden).map(n => n.group)""")
    assert sorted(hidden) == ["person"] * 3
    page.check('input[data-kg-type="person"]')
    assert page.evaluate("() => kgNetwork.body.data.nodes.get().filter(n => n.hidden).length") == 0
    assert_clean(page, url, requests, problems)


def test_gold_views(browser, tmp_path):
    fixtures = Path(__file__).parent / "fixtures" / "seed" / "gold"
    if not fixtures.is_dir():
        pytest.skip("no gold records")
    from kg.build import build
    from kg.render_views import write_build_views, viz
    from kg.store import open_store

    (tmp_path / "records").mkdir()
    for f in sorted(fixtures.glob("*.yaml")):
        (tmp_path / "records" / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    build(tmp_path, extract=False, views=False)
    store = open_store(tmp_path / "graph")
    pages = write_build_views(store, tmp_path / "graph")
    pages.append(viz(store, tmp_path / "graph" / "focus-yang-uk.html", focus="Yang Uk"))
    for path in pages:
        page, url, requests, problems = open_page(browser, path.read_text(encoding="utf-8"),
                                                  path.stem, tmp_path)
        page.evaluate("() => new Promise(done => { kgNetwork.once('stabilized', done);"
                      " setTimeout(done, 8000); })")
        page.wait_for_timeout(200)
        assert canvas_colours(page) > 8
        shot(page, f"browser-{path.stem}")
        assert_clean(page, url, requests, problems)
        page.close()


def test_empty_page(browser, tmp_path):
    page, url, requests, problems = open_page(browser, render_network(nx.Graph()), "empty", tmp_path)
    assert "run kg build" in page.text_content("#kg-message")
    shot(page, "browser-empty")
    assert_clean(page, url, requests, problems)


def test_two_thousand_nodes(browser, tmp_path):
    g = nx.gnm_random_graph(2000, 4000, seed=5)
    kinds = ["person", "person", "organization", "event", "proposal"]
    for v in g:
        g.nodes[v].update(type=kinds[v % 5], label=f"Fictional node {v}")
    for u, v in g.edges:
        g.edges[u, v]["relation"] = "related to"
    page, url, requests, problems = open_page(browser, render_network(g, title="2,000 fictional nodes"),
                                              "big", tmp_path)
    page.wait_for_timeout(500)
    assert canvas_colours(page) > 8
    shot(page, "browser-2000")
    assert_clean(page, url, requests, problems)
