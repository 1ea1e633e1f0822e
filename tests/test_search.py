"""Search: the prebuilt index answers real questions with the right page first, in Python,
in lunr.js and in the browser's search box, online and from file://."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, wait_until
from dpup.search import pack as search_pack
from dpup.search import text as search_text
from dpup.text import page_url

QUESTIONS = yaml.safe_load((ROOT / "tests" / "search_questions.yml").read_text(encoding="utf-8"))["questions"]
# A sample for the browser: one of each kind (macrons, synonyms, a sentence, a prefix).
BROWSER_SAMPLE = [
    "tangata",
    "stewardship",
    "consent",
    "can I share information without consent",
    "how long can we keep records",
    "hapu",
]
MATERIAL = Path(__import__("material").__file__).parent / "templates"


@pytest.fixture(scope="module")
def shipped(site):
    """What the worker gets: the packed index with synonyms, and the document store."""
    data = json.loads((site / "search" / "lunr_index.json").read_text(encoding="utf-8"))
    return data, data["docs"]


@pytest.fixture(scope="module")
def index(shipped):
    from lunr.index import Index

    return Index.load(search_pack.unpack(shipped[0]["index"]))


def first_pages(index, shipped, query: str, n: int = 3) -> list[str]:
    groups = search_text.rank(index, shipped[1], query, shipped[0]["synonyms"])
    return [g[0]["location"].split("#")[0] for g in groups[:n]]


# --- the pipeline ------------------------------------------------------------------


@pytest.mark.parametrize(
    "word, folded",
    [
        ("Tāngata", "tangata"),
        ("hapū", "hapu"),
        ("WHĀNAU", "whanau"),
        ("people's", "people"),
        ("whānau’s", "whanau"),
        ("“consent,”", "consent"),
        ("café", "cafe"),
        ("—", ""),
    ],
)
def test_fold(word, folded):
    assert search_text.fold(word) == folded


def test_index_names_our_pipeline(shipped):
    assert shipped[0]["index"]["pipeline"] == ["dpup-fold", "stemmer"]
    assert shipped[0]["index"]["version"] == "2.3.9"


def test_pack_round_trips(index, shipped):
    """Packing loses nothing lunr needs: unpack(pack(x)) serializes back to x."""
    packed = shipped[0]["index"]
    assert search_pack.pack(index.serialize()) == packed


def test_synonyms_work_both_ways(index, shipped):
    synonyms = shipped[0]["synonyms"]
    assert "kaitiakitanga" in synonyms[search_text.stem(index, "stewardship")]
    assert search_text.stem(index, "stewardship") in synonyms["kaitiakitanga"]


def test_a_bad_search_yml_names_the_file(tmp_path):
    import shutil

    from dpup.content import model
    from dpup.content.errors import ContentError

    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "data/search.yml").write_text("synonyms:\n  - words: [consent]\n    policy: []\n    extra: 1\n")
    with pytest.raises(ContentError, match="data/search.yml"):
        model.load_data(tmp_path / "data")


# --- the questions, in Python --------------------------------------------------------


@pytest.mark.parametrize("item", QUESTIONS, ids=[q["q"] for q in QUESTIONS])
def test_question_finds_its_page_first(index, shipped, item):
    top = first_pages(index, shipped, item["q"])
    assert top and top[0] == page_url(item["page"]), f"{item['q']!r}: got {top}, want {page_url(item['page'])}"


def test_at_least_30_questions():
    assert len(QUESTIONS) >= 30


# --- lunr.js gives the same answers -------------------------------------------------

NODE_RANK = r"""
const fs = require("fs"), path = require("path")
const site = process.argv[1]
global.lunr = require(path.join(site, "assets/javascripts/search/lunr.js"))
const core = require(path.join(site, "assets/javascripts/search/core.js"))
const shipped = JSON.parse(fs.readFileSync(path.join(site, "search/lunr_index.json"), "utf8"))
const docs = shipped.docs
const index = lunr.Index.load(core.unpack(shipped.index))
const out = {}
for (const q of JSON.parse(process.argv[2]))
  out[q] = core.rank(index, docs, q, shipped.synonyms).items.slice(0, 3)
    .map(g => g.slice(0, 3).map(i => [i.location, Math.round(i.score * 1000) / 1000, i.terms]))
out.__unpacked = core.unpack(shipped.index)
console.log(JSON.stringify(out))
"""


def test_lunr_js_returns_what_python_returns(index, shipped, site):
    queries = [q["q"] for q in QUESTIONS] + ["tang", "whanau", "kaitiaki", "records", "Māori"]
    run = subprocess.run(
        ["node", "-e", NODE_RANK, str(site), json.dumps(queries)], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    js = json.loads(run.stdout)
    # The index the worker loads is the one Python searched.
    assert js.pop("__unpacked") == json.loads(json.dumps(search_pack.unpack(shipped[0]["index"])))
    for q in queries:
        groups = search_text.rank(index, shipped[1], q, shipped[0]["synonyms"])[:3]
        py = [[[i["location"], round(i["score"], 3), i["terms"]] for i in g[:3]] for g in groups]
        # The same pages, sections and terms, in the same order; scores to within rounding (the two
        # languages' floating point can land either side of a third decimal's half).
        assert [[(loc, terms) for loc, _, terms in g] for g in js[q]] == [
            [(loc, terms) for loc, _, terms in g] for g in py
        ], f"{q!r}: lunr.js and Python disagree"
        assert all(abs(a[1] - b[1]) <= 0.0015 for ga, gb in zip(js[q], py) for a, b in zip(ga, gb)), q


# --- the template -----------------------------------------------------------------


def config_block(text: str) -> str:
    return re.search(r"\{% block config %\}(.*?)\{% endblock %\}", text, re.S).group(1)


def test_our_config_block_is_materials_with_our_worker():
    """overrides/main.html copies Material 9.8.2's config block: fail if Material's changes."""
    theirs = config_block((MATERIAL / "base.html").read_text(encoding="utf-8"))
    ours = config_block((ROOT / "overrides" / "main.html").read_text(encoding="utf-8"))
    ours = ours.split("{%- else -%}", 1)[1].split("{%- if config.extra.dpup_search.file_worker", 1)[0]
    squash = lambda s: re.sub(r"\s+", " ", s).strip()  # noqa: E731
    theirs = theirs.replace(
        '"assets/javascripts/workers/search.a7633da7.min.js" | url', "config.extra.dpup_search.worker | url"
    )
    assert squash(ours) == squash(theirs)


def test_pages_name_our_worker(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S).group(1))
    assert config["search"].endswith("assets/javascripts/search/worker.js")
    assert (site / "assets/javascripts/search/lunr.js").is_file()


# --- in the browser -------------------------------------------------------------------


def search_in_browser(page, url: str) -> dict:
    """Open `url` (which carries ?q=) and wait for Material to render the first result."""
    page.goto(url)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    first = page.locator(".md-search-result__item").first
    return {
        "href": first.locator("a").first.get_attribute("href"),
        "html": first.inner_html(),
        "meta": page.locator(".md-search-result__meta").inner_text(),
    }


@pytest.mark.parametrize("query", BROWSER_SAMPLE)
def test_search_box_shows_the_right_page_first(page, server, query):
    want = page_url(next(q["page"] for q in QUESTIONS if q["q"] == query))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    result = search_in_browser(page, f"{server}?q={query}")
    assert result["href"].split("?")[0] == server + want, result["href"]
    assert "<mark>" in result["html"]
    assert not [u for u in requests if not u.startswith(server)], requests


def test_macron_free_query_highlights_the_macron_word(page, server):
    result = search_in_browser(page, f"{server}?q=tangata")
    assert "<mark>Tāngata</mark>" in result["html"]


def test_missing_words_are_shown(page, server):
    page.goto(f"{server}?q=kaitiakitanga zzzqx")
    page.wait_for_selector(".md-search-result__terms", timeout=15000)
    assert "zzzqx" in page.locator(".md-search-result__terms").first.inner_text()


def test_suggestion_completes_the_word(page, server):
    page.goto(server)
    page.locator(".md-search__input").focus()
    page.keyboard.type("kaitiak")
    wait_until(page, "document.querySelector('.md-search__suggest').textContent.length > 7", timeout=15000)
    assert page.locator(".md-search__suggest").inner_text().startswith("kaitiakitanga")


NODE_HIGHLIGHT = r"""
const fs = require("fs"), path = require("path"), vm = require("vm")
const site = process.argv[1]
const context = vm.createContext({ location: { href: "x" }, URL, Promise, Map, Set, addEventListener() {} })
context.self = context  // worker.js as in a worker, without one
for (const f of ["lunr.js", "core.js", "worker.js"])
  vm.runInContext(fs.readFileSync(path.join(site, "assets/javascripts/search", f), "utf8"), context)
const shipped = JSON.parse(fs.readFileSync(path.join(site, "search/lunr_index.json"), "utf8"))
context.index = context.lunr.Index.load(context.dpupSearch.unpack(shipped.index))
vm.runInContext("search = { index: index }", context)
const out = []
for (const [text, terms] of JSON.parse(process.argv[2]))
  out.push(vm.runInContext("highlight(t, new Set(m), matcherFor([[{ matched: m }]]))",
                           Object.assign(context, { t: text, m: terms })))
console.log(JSON.stringify(out))
"""


@pytest.mark.parametrize("query, word", [("tangata", "Tāngata"), ("stewardship", "Kaitiakitanga")])
def test_a_result_link_highlights_on_its_page_what_the_result_matched(page, server, query, word):
    """Material puts ?h= on every result link and highlights those words on the page it opens:
    the worker hands it the words as the page writes them (a macron; a synonym's policy word),
    and a link with nothing to highlight has no empty ?h=."""
    from urllib.parse import parse_qs, urlsplit

    page.goto(f"{server}?q={query}")
    page.wait_for_selector(".md-search-result__item")
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "as => as.map(a => a.href)")
    assert not [h for h in hrefs if re.search(r"[?&]h=(&|#|$)", h)], "an empty ?h="
    assert word in parse_qs(urlsplit(hrefs[0]).query)["h"][0].split()
    page.goto(hrefs[0])
    wait_until(page, "document.querySelector('article mark')")
    assert word in page.eval_on_selector_all("article mark", "ms => ms.map(m => m.textContent)")


def test_a_page_link_highlights_every_word_its_sections_matched(page, server):
    """Where only a page's sections matched, Material's link to the page itself highlights each
    word any of them matched (one section matching both words, another only one)."""
    from urllib.parse import parse_qs, urlsplit

    page.goto(f"{server}?q=tangata+whenua")
    page.wait_for_selector(".md-search-result__item")
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "as => as.map(a => a.href)")
    glossary = next(h for h in hrefs if urlsplit(h).path.endswith("/glossary/") and "#" not in h)
    assert {"tangata", "whenua"} <= set(parse_qs(urlsplit(glossary).query)["h"][0].split())


def test_a_failed_index_download_is_tried_again(page, server):
    """The index downloads after the page, before anyone asks: if that download fails (a dropped
    connection, a deploy), searching tries again instead of finding nothing for the whole visit."""
    failed = []

    def first_fails(route):
        if failed:
            return route.continue_()
        failed.append(route.request.url)
        route.fulfill(status=503, body="<html>busy</html>")

    page.route("**/search/lunr_index.json", first_fails)
    page.add_init_script(WORKER_STEPS)
    page.goto(server + "protocols/purpose-matters/")
    wait_until(page, "window.__steps.includes('dpup-fetch')")
    page.wait_for_timeout(500)
    assert failed, "the early download was not made"
    page.locator(".md-search__input").focus()
    page.keyboard.type("consent")
    page.wait_for_selector(".md-search-result__item", timeout=30000)


def test_the_worker_marks_matched_words_and_escapes_the_rest(site):
    """The worker's one matcher per query: macron-free terms mark the macron word, stems mark
    every form, a decomposed macron (a letter and a combining mark) goes word by word, and
    everything else is escaped."""
    cases = [
        ["He Tāngata puts people first", ["tangata"]],
        ["He Ta\u0304ngata <b> & people", ["tangata"]],
        ["Consent, consents and Consenting.", ["consent"]],
        ["<img src=x onerror=alert(1)> consent", ["consent"]],
    ]
    run = subprocess.run(
        ["node", "-e", NODE_HIGHLIGHT, str(site), json.dumps(cases)], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == [
        "He <mark>Tāngata</mark> puts people first",
        "He <mark>Ta\u0304ngata</mark> &lt;b&gt; &amp; people",
        "<mark>Consent</mark>, <mark>consents</mark> and <mark>Consenting</mark>.",
        "&lt;img src=x onerror=alert(1)&gt; <mark>consent</mark>",
    ]


# --- offline, from file:// --------------------------------------------------------------


def test_search_works_from_file_urls(build_fixture, browser):
    """The offline build of the fixture project: how search loads from file:// is the same for any pages."""
    process, site_dir, _ = build_fixture(DPUP_OFFLINE="true", DPUP_STOCK_SEARCH="0")
    assert process.returncode == 0, process.stderr
    assert (site_dir / "search" / "lunr_index.js").is_file()
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    assert "unpkg.com" not in html and "iframe-worker" not in html
    context = browser.new_context()
    try:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        result = search_in_browser(page, (site_dir / "index.html").as_uri() + "?q=stewardship")
        assert "principles/kaitiakitanga.html" in result["href"], result["href"]
        assert all(u.startswith("file://") or u.startswith("data:") for u in requests), requests
    finally:
        context.close()


def test_stock_search_switch(changed_fixture):
    process, site_dir = changed_fixture  # built with DPUP_STOCK_SEARCH=1
    assert process.returncode == 0, process.stderr
    assert not (site_dir / "search" / "lunr_index.json").exists()
    assert "workers/search." in (site_dir / "index.html").read_text(encoding="utf-8")


def test_serve_uses_stock_search_unless_told_otherwise():
    from dpup import run

    assert run.read(ROOT, "serve", {}).stock_search and not run.read(ROOT, "build", {}).stock_search
    assert not run.read(ROOT, "serve", {"DPUP_STOCK_SEARCH": "0"}).stock_search
    assert run.read(ROOT, "build", {"DPUP_STOCK_SEARCH": "1"}).stock_search
    with pytest.raises(ValueError, match="DPUP_STOCK_SEARCH='yes'"):
        run.read(ROOT, "build", {"DPUP_STOCK_SEARCH": "yes"})


# --- speed: the index comes with the page, and no query is lost ------------------------------


def test_early_js_comes_before_material_s_bundle(site):
    """early.js is async in <head>, so it runs before Material's bundle: it decides when our
    worker loads (at once for ?q=, else when the search box takes focus)."""
    head = (site / "protocols" / "purpose-matters" / "index.html").read_text(encoding="utf-8").split("</head>")[0]
    assert re.search(
        r'<script src="(\.\./)+assets/javascripts/search/early\.js" '
        r'data-worker="(\.\./)+assets/javascripts/search/worker\.js" async></script>',
        head,
    ), head[-800:]


def test_the_documents_come_with_the_index_not_through_the_page(site):
    """Material's own fetch (after its bundle) carries only the config; the worker fetches the
    documents with the index, as the page starts, and the page never parses or copies them."""
    material = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    worker = json.loads((site / "search" / "lunr_index.json").read_text(encoding="utf-8"))
    assert material["docs"] == [] and "config" in material
    assert len(worker["docs"]) > 100 and {"location", "title", "text"} <= set(worker["docs"][0])


def test_the_index_loads_while_the_page_does(page, server):
    """With Material's bundle held back, the worker already fetches the index; and Material,
    once it runs, uses that worker (one worker, one index download) and search works."""
    held, index = [], []
    page.route("**/assets/javascripts/bundle.*.min.js", lambda route: held.append(route))
    page.on("request", lambda r: index.append(r.url) if r.url.endswith("search/lunr_index.json") else None)
    page.on("worker", lambda w: index.append("worker " + w.url))
    page.goto(server + "?q=consent", wait_until="commit")
    for _ in range(100):
        if held and any(u.endswith("lunr_index.json") for u in index):
            break
        page.wait_for_timeout(100)
    assert held, "the bundle was never requested"
    assert any(u.endswith("lunr_index.json") for u in index), "the index waited for Material's bundle"
    for route in held:
        route.continue_()
    page.wait_for_selector(".md-search-result__item", timeout=30000)
    assert sum(u.endswith("lunr_index.json") for u in index) == 1, index
    assert sum(u.startswith("worker ") for u in index) == 1, index


# What early.js asks of the search worker, in order: Material's worker, wrapped before early.js wraps it.
WORKER_STEPS = """
window.__steps = []
const NativeWorker = window.Worker
window.Worker = function (url, options) {
  const worker = new NativeWorker(url, options), post = worker.postMessage.bind(worker)
  worker.postMessage = data => { window.__steps.push(data.type); post(data) }
  return worker
}
window.Worker.prototype = NativeWorker.prototype
"""
SAVE_DATA = "Object.defineProperty(NetworkInformation.prototype, 'saveData', {get: () => true})"


def record_events(page) -> list[str]:
    """The page's load event and each request for the index (the worker's too), in order."""
    events: list[str] = []
    page.on("load", lambda _: events.append("load"))
    page.on("request", lambda r: events.append("index") if r.url.endswith("search/lunr_index.json") else None)
    return events


def test_the_index_downloads_after_the_page_and_is_parsed_when_search_is_near(page, server):
    """Reading a page: once it has loaded, the worker downloads the index (after everything the
    page needs) and parses nothing. The pointer over the search box asks it to parse; focus in
    the box sets search up, and a query typed at once is answered, with one download in all."""
    page.add_init_script(WORKER_STEPS)
    events = record_events(page)
    page.goto(server + "protocols/purpose-matters/")
    page.wait_for_load_state("networkidle")
    wait_until(page, "window.__steps.includes('dpup-fetch')")
    assert events == ["load", "index"], "the index comes after the page's own files"
    assert page.evaluate("window.__steps") == ["dpup-fetch"], "nothing is parsed or set up for a reader"
    page.hover(".md-search__input")
    assert page.evaluate("window.__steps") == ["dpup-fetch", "dpup-load"], "the pointer over search parses"
    page.locator(".md-search__input").focus()
    page.keyboard.type("consent")
    page.wait_for_selector(".md-search-result__item", timeout=30000)
    assert page.evaluate("window.__steps")[:3] == ["dpup-fetch", "dpup-load", 0], "then Material's set-up"
    assert events == ["load", "index"], "one download in all"


def test_a_reader_saving_data_downloads_the_index_only_to_search(page, server):
    page.add_init_script(SAVE_DATA)
    page.add_init_script(WORKER_STEPS)
    events = record_events(page)
    page.goto(server + "protocols/purpose-matters/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert events == ["load"] and page.evaluate("window.__steps") == [], "no download, to save data"
    page.locator(".md-search__input").focus()
    page.keyboard.type("consent")
    page.wait_for_selector(".md-search-result__item", timeout=30000)
    assert events == ["load", "index"]


def test_a_query_typed_before_search_is_ready_is_answered(page, server):
    """At 4x CPU throttling, with the search store held back until the reader has typed: the
    results come when search is ready, without typing again, and they are the query's."""
    expected = search_in_browser(page, f"{server}?q=consent")["href"]
    held = []
    page.route("**/search/search_index.json", lambda route: held.append(route))
    page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.goto(server + "protocols/purpose-matters/", wait_until="domcontentloaded")
    page.locator(".md-search__input").focus()
    page.keyboard.type("consent", delay=30)
    assert held, "search was ready before the query was typed: the test proves nothing"
    assert page.locator(".md-search-result__item").count() == 0
    for route in held:
        route.continue_()
    page.wait_for_selector(".md-search-result__item", timeout=30000)
    first = page.locator(".md-search-result__item").first.locator("a").first.get_attribute("href")
    assert first.split("?")[0].rsplit("/", 2)[-2:] == expected.split("?")[0].rsplit("/", 2)[-2:], (first, expected)
