"""Offline, in Chromium with the real service worker: after one visit every page and the search work with the
server gone, and after the screener was opened once, the screener too; a missing page is the site's 404 page
with status 404; a new build waits until the person presses the update notice's button, then replaces the
cache, carries the Pyodide runtime over and keeps the screener working offline; switching offline off removes
worker and caches.

Each test serves its own copy of the built site (the same headers as _headers) and stops the server to take
the network away, which is what "offline" means to a service worker.
"""
import json
import re
import shutil

import pytest
from playwright.sync_api import expect

from journey import SCREENER_PATH, failed, run_journey, serve_with_headers, wait_ready

pytestmark = pytest.mark.browser


def precache(site) -> list[list]:
    text = (site / "sw.js").read_text(encoding="utf-8")
    return json.loads(re.search(r"^const PRECACHE = (.*);$", text, re.M).group(1))


def build_id(site) -> str:
    return re.search(r'^const BUILD_ID = "([0-9a-f]+)";$', (site / "sw.js").read_text(), re.M).group(1)


def poll(page, script, arg=None, timeout=120.0, what="condition"):
    """Evaluate an async script until it returns true (page.wait_for_function does not await promises)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if page.evaluate(script, arg):
                return
        except Exception as err:  # the page is reloading (the worker may reload it)
            if "navigat" not in str(err).lower() and "context was destroyed" not in str(err).lower():
                raise
        page.wait_for_timeout(250)
    raise AssertionError(f"timed out waiting for {what}")


def wait_for_worker(page, build: str, timeout=120.0):
    """Until the page is controlled by an active worker and the build's cache is the only build cache (the
    runtime cache, named after the Pyodide version, may be there too)."""
    poll(page, """async (build) => {
            const r = await navigator.serviceWorker.getRegistration();
            if (!r || !r.active || r.active.state !== 'activated' || !navigator.serviceWorker.controller) return false;
            const names = (await caches.keys()).filter((n) => n.startsWith('site-offline:') && !n.includes(':runtime:'));
            return names.length === 1 && names[0].endsWith(':' + build);
        }""", build, timeout, f"the worker of build {build}")


CACHED = """async () => {
    const scope = (await navigator.serviceWorker.getRegistration()).scope;
    const out = {};
    for (const name of await caches.keys()) {
        if (!name.startsWith('site-offline:')) continue;
        out[name.includes(':runtime:') ? 'runtime' : 'build'] =
            (await (await caches.open(name)).keys()).map((r) => r.url.slice(scope.length));
    }
    return out; }"""


def cached(page) -> dict:
    """{"build": [paths], "runtime": [paths]} as the worker stored them."""
    return {k: set(v) for k, v in page.evaluate(CACHED).items()}


def by_kind(site) -> dict:
    out = {0: set(), 1: set(), 2: set()}
    for url, kind, _ in precache(site):
        out[kind].add(url)
    return out


@pytest.fixture
def own_site(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    return site


@pytest.fixture
def sw_context(browser):
    context = browser.new_context(service_workers="allow")
    yield context
    context.close()


def test_whole_site_and_screener_work_offline_after_one_visit(sw_context, own_site):
    server, base = serve_with_headers(own_site)
    page = sw_context.new_page()
    kinds = by_kind(own_site)
    try:
        # One ordinary page: every page, style, script, the search index and the data are stored, the
        # screener's Python runtime is not.
        page.goto(base + "/")
        wait_for_worker(page, build_id(own_site))
        assert cached(page) == {"build": kinds[0]}
        # Opening the screener once (from the menu, as a person would) stores its runtime too, in a cache of
        # its own.
        page.locator('nav a[href$="screener/"]').first.click()
        wait_ready(page)
        poll(page, f"async () => {{ const c = await ({CACHED})(); return (c.build || []).length === {len(kinds[0]) + len(kinds[1])}"
                   f" && (c.runtime || []).length === {len(kinds[2])}; }}", what="the screener runtime to be stored")
        assert cached(page) == {"build": kinds[0] | kinds[1], "runtime": kinds[2]}
    finally:
        server.shutdown()
        server.server_close()

    # The server is gone. Each page load comes from the worker.
    for path in ["/ecm/", "/counties/contra_costa/", "/availability/", "/contacts/", "/sources/",
                 "/community-supports/", "/hosting/", "/ecm/?h=housing", "/ecm/index.html"]:
        response = page.goto(base + path)
        assert response.ok, f"{path} offline: HTTP {response.status}"
        assert page.locator("h1").count() == 1, path
    # Following a link in the menu works offline too.
    page.goto(base + "/")
    page.locator('nav a[href$="contacts/"]').first.click()
    page.wait_for_url("**/contacts/")
    page.wait_for_function("() => document.querySelector('h1') && location.pathname.endsWith('/contacts/')")
    csv = page.evaluate("async (u) => (await fetch(u)).text()", base + "/data/availability.csv")
    assert csv.count("\n") > 10

    # The search works offline (its worker fetches the index through the service worker).
    page.goto(base + "/")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("housing", delay=30)
    page.wait_for_selector(".md-search-result__item", timeout=30_000)

    # A page the site doesn't have: the site's own "not found" page, not the browser's offline error.
    missing = page.goto(base + "/no-such-page/")
    assert missing is not None and missing.status == 404 and page.locator("h1").count() == 1

    # The screener: Pyodide, the wheel and the form all come from the offline copy.
    page.goto(base + SCREENER_PATH)
    wait_ready(page)
    assert failed(page) is None, failed(page)
    run_journey(page, max_steps=2)
    assert page.locator(".scr-results__body [data-status]").count() > 0


def test_on_the_screener_page_the_worker_stores_the_site_only_once_the_screener_has_started(sw_context, own_site):
    """Storing the site for offline use (about 2.4 MB) would share a slow connection with Python's runtime: on the
    screener page the service worker is registered only once the screener is ready (or has failed), not at the
    page's load event, which the runtime's download does not hold."""
    server, base = serve_with_headers(own_site)
    page = sw_context.new_page()
    held = []
    page.route("**/pyodide/*/pyodide.asm.wasm", lambda route: held.append(route))
    try:
        page.goto(base + SCREENER_PATH)
        page.wait_for_function("() => document.readyState === 'complete'")
        page.wait_for_timeout(500)  # time enough for a registration that should not come
        assert held and page.evaluate("document.querySelector('[data-screener]').dataset.engine") == "loading"
        assert page.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length") == 0
        for route in held:
            route.continue_()
        wait_ready(page)
        wait_for_worker(page, build_id(own_site))
    finally:
        server.shutdown()
        server.server_close()


def test_offline_a_missing_page_is_the_404_page_of_its_language(sw_context, own_site):
    """Offline, a missing address under /es/ gets the Spanish "not found" page (status 404), one elsewhere the
    English one; the words come from content (ui page.not_found in each language)."""
    from sitebuild import content, i18n

    english = content.load_content()
    words = {"en": english["ui"]["ui"]["page.not_found"],
             "es": i18n.translate(english, "es")["ui"]["ui"]["page.not_found"]}
    server, base = serve_with_headers(own_site)
    page = sw_context.new_page()
    try:
        page.goto(base + "/es/")
        wait_for_worker(page, build_id(own_site))
    finally:
        server.shutdown()
        server.server_close()
    for path, lang in (("/es/no-such-page/", "es"), ("/es/ecm/no-such-page/", "es"), ("/no-such-page/", "en"),
                       ("/ecm/no-such-page/", "en")):
        response = page.goto(base + path)
        assert response is not None and response.status == 404, path
        assert page.evaluate("document.documentElement.lang") == lang, path
        assert page.locator("h1").inner_text() == words[lang], path
        assert page.title().startswith(words[lang]), path


NOTICE = ".site-update"


def notice_words() -> dict:
    from sitebuild.content import load_content

    ui = load_content()["ui"]["ui"]
    return {"ready": ui["update.ready"], "reload": ui["update.reload"]}


def press_update_notice(page):
    """The notice is a polite live region with a real button (a 44 px target); pressing it reloads the page
    into the new build."""
    words = notice_words()
    notice = page.locator(NOTICE)
    notice.wait_for(state="visible", timeout=120_000)
    assert notice.get_attribute("role") == "status" and notice.get_attribute("aria-live") == "polite"
    assert words["ready"] in notice.inner_text()
    button = notice.get_by_role("button", name=words["reload"])
    box = button.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44, box
    with page.expect_navigation(timeout=90_000):
        button.click()


def test_new_build_waits_for_the_notice_then_replaces_the_cache_and_switching_off_removes_it(sw_context, own_site):
    from sitebuild import offline

    server, base = serve_with_headers(own_site)
    try:
        page = sw_context.new_page()
        page.goto(base + "/ecm/")
        first = build_id(own_site)
        wait_for_worker(page, first)
        assert page.locator(NOTICE).is_hidden()

        # A new deploy: one page changes, so the build id changes.
        ecm = own_site / "ecm" / "index.html"
        ecm.write_text(ecm.read_text(encoding="utf-8").replace("</h1>", " (new)</h1>", 1), encoding="utf-8")
        for compressed in ecm.parent.glob("index.html.*"):  # precompressed copies of the old page: not deployed
            compressed.unlink()
        second = offline.apply(own_site, on=True)["build_id"]
        assert second != first
        # The next visit still comes whole from the old build (never half old, half new) and says a newer
        # version is ready.
        page.reload()
        assert "(new)" not in page.locator("h1").inner_text()
        press_update_notice(page)
        wait_for_worker(page, second)  # and the old build's cache is gone
        assert "(new)" in page.locator("h1").inner_text()
        assert page.locator(NOTICE).is_hidden()

        # Offline switched off: that build's sw.js removes itself, its caches, and reloads open pages.
        offline.apply(own_site, on=False)
        page.reload()
        poll(page, """async () => (await navigator.serviceWorker.getRegistrations()).length === 0
                          && (await caches.keys()).filter((n) => n.startsWith('site-offline:')).length === 0""",
             timeout=60, what="the worker and its caches to be removed")
        # and the pages of that build register nothing (a new tab: the old one is being reloaded by the worker,
        # and a navigation of our own would race with that reload)
        fresh = sw_context.new_page()
        fresh.goto(base + "/contacts/")
        fresh.wait_for_timeout(1500)
        assert fresh.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length") == 0
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def rebuilt_site(built_site, tmp_path_factory):
    """The site built again from a copy of content/ with one change the screener shows (the age question's
    label); the repository's content/ is never touched."""
    from sitebuild import content, pipeline

    work = tmp_path_factory.mktemp("rebuild")
    copy = work / "content"
    shutil.copytree(content.CONTENT_DIR, copy)
    questions = copy / "questions.yaml"
    label = _age_label(questions.read_text(encoding="utf-8"))
    questions.write_text(questions.read_text(encoding="utf-8").replace(f"label: {label}", f"label: {label} (v2)", 1),
                         encoding="utf-8")
    return pipeline.build(site_dir=work / "site", content_dir=copy, quiet=True), f"{label} (v2)"


def _age_label(questions_yaml: str) -> str:
    return re.search(r"- id: age\n(?:\s+\w+: .*\n)*?\s+label: (.+)\n", questions_yaml).group(1)


def test_after_a_deploy_the_screener_still_works_offline_and_the_runtime_is_not_downloaded_again(
        sw_context, built_site, rebuilt_site, tmp_path, monkeypatch):
    from sitebuild.serve import SiteHandler

    new_site, new_label = rebuilt_site
    served = tmp_path / "served"
    shutil.copytree(built_site, served)
    requests = []
    monkeypatch.setattr(SiteHandler, "log_message", lambda self, fmt, *args: requests.append(self.path))
    server, base = serve_with_headers(served)
    page = sw_context.new_page()
    new_kinds = by_kind(new_site)
    try:
        # A member opens the screener once: its runtime is stored.
        page.goto(base + SCREENER_PATH)
        wait_for_worker(page, build_id(built_site))
        wait_ready(page)
        old_kinds = by_kind(built_site)
        poll(page, f"async () => {{ const c = await ({CACHED})(); return (c.runtime || []).length === {len(old_kinds[2])}"
                   f" && (c.build || []).length === {len(old_kinds[0]) + len(old_kinds[1])}; }}",
             what="the screener to be stored")

        # The site is rebuilt with a content change and deployed.
        shutil.rmtree(served)
        shutil.copytree(new_site, served)
        requests.clear()
        page.goto(base + "/")
        press_update_notice(page)
        wait_for_worker(page, build_id(new_site))
        # The new worker stored the new package (the person had the screener) and kept the runtime: nothing of
        # the runtime was downloaded again, and the old build's cache is gone.
        poll(page, f"async () => {{ const c = await ({CACHED})(); return (c.build || []).length === "
                   f"{len(new_kinds[0]) + len(new_kinds[1])}; }}", what="the new package to be stored")
        assert cached(page) == {"build": new_kinds[0] | new_kinds[1], "runtime": new_kinds[2]}
        runtime = [{(url, sha) for url, kind, sha in precache(site) if kind == 2} for site in (built_site, new_site)]
        unchanged = {url for url, _ in runtime[0] & runtime[1]}
        assert unchanged and not [r for r in requests if r.split("?")[0].lstrip("/") in unchanged], requests
    finally:
        server.shutdown()
        server.server_close()

    # Offline, never having opened the new build's screener online: it starts and answers, with the new content.
    page.goto(base + SCREENER_PATH)
    wait_ready(page)
    assert failed(page) is None, failed(page)
    # the label shows in the cards' reasons, which are drawn in idle time once the results are up (results.js)
    expect(page.get_by_text(new_label).first).to_be_attached()
    run_journey(page, max_steps=2)
    assert page.locator(".scr-results__body [data-status]").count() > 0
