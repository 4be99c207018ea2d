"""Offline, in Chromium with the real service worker: after one visit every page and the search work with the
server gone, and after the screener was opened once, the screener too; a new build replaces the cache; switching offline off removes worker and caches.

Each test serves its own copy of the built site (the same headers as _headers) and stops the server to take
the network away, which is what "offline" means to a service worker.
"""
import re
import shutil

import pytest

from journey import SCREENER_PATH, failed, run_journey, serve_with_headers, wait_ready

pytestmark = pytest.mark.browser


def precache(site) -> list[list]:
    import json

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
    """Until the page is controlled by an active worker and the build's cache is the only one."""
    poll(page, """async (build) => {
            const r = await navigator.serviceWorker.getRegistration();
            if (!r || !r.active || r.active.state !== 'activated' || !navigator.serviceWorker.controller) return false;
            const names = (await caches.keys()).filter((n) => n.startsWith('site-offline:'));
            return names.length === 1 && names[0].endsWith(':' + build);
        }""", build, timeout, f"the worker of build {build}")


def cached_paths(page) -> set[str]:
    return set(page.evaluate(
        """async () => { const names = (await caches.keys()).filter((n) => n.startsWith('site-offline:'));
                         if (!names.length) return [];
                         const scope = (await navigator.serviceWorker.getRegistration()).scope;
                         return (await (await caches.open(names[0])).keys()).map((r) => r.url.slice(scope.length)); }"""))


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
    small = {url for url, large in precache(own_site) if not large}
    large = {url for url, large in precache(own_site) if large}
    try:
        # One ordinary page: every page, style, script, the search index and the data are stored, the
        # screener's Python runtime is not.
        page.goto(base + "/")
        wait_for_worker(page, build_id(own_site))
        assert cached_paths(page) == small
        # Opening the screener once (by instant navigation, as a person would) stores its runtime too.
        page.locator('nav a[href$="screener/"]').first.click()
        wait_ready(page)
        poll(page, """async (n) => { const names = (await caches.keys()).filter((k) => k.startsWith('site-offline:'));
                                     return (await (await caches.open(names[0])).keys()).length === n; }""",
             len(small) + len(large), what="the screener runtime to be stored")
        assert cached_paths(page) == small | large
    finally:
        server.shutdown()
        server.server_close()

    # The server is gone. Full page loads, not instant navigation: each comes from the worker.
    for path in ["/ecm/", "/counties/contra_costa/", "/availability/", "/contacts/", "/sources/",
                 "/community-supports/", "/hosting/", "/ecm/?h=housing", "/ecm/index.html"]:
        response = page.goto(base + path)
        assert response.ok, f"{path} offline: HTTP {response.status}"
        assert page.locator("h1").count() == 1, path
    # Material's instant navigation (it reads sitemap.xml, then fetches the next page) works offline too.
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
    assert missing is not None and page.locator("h1").count() == 1

    # The screener: Pyodide, the wheel and the form all come from the offline copy.
    page.goto(base + SCREENER_PATH)
    wait_ready(page)
    assert failed(page) is None, failed(page)
    run_journey(page, max_steps=2)
    assert page.locator(".scr-results__body [data-status]").count() > 0


def test_new_build_replaces_the_cache_and_switching_off_removes_it(sw_context, own_site):
    from sitebuild import offline

    server, base = serve_with_headers(own_site)
    try:
        page = sw_context.new_page()
        page.goto(base + "/ecm/")
        first = build_id(own_site)
        wait_for_worker(page, first)

        # A new deploy: one page changes, so the build id changes.
        ecm = own_site / "ecm" / "index.html"
        ecm.write_text(ecm.read_text(encoding="utf-8").replace("</h1>", " (new)</h1>", 1), encoding="utf-8")
        second = offline.apply(own_site, on=True)["build_id"]
        assert second != first
        page.reload()
        wait_for_worker(page, second)  # and the old build's cache is gone
        page.reload()
        assert "(new)" in page.locator("h1").inner_text()

        # Offline switched off: that build's sw.js removes itself, its caches, and reloads open pages.
        offline.apply(own_site, on=False)
        page.reload()
        poll(page, """async () => (await navigator.serviceWorker.getRegistrations()).length === 0
                          && (await caches.keys()).filter((n) => n.startsWith('site-offline:')).length === 0""",
             timeout=60, what="the worker and its caches to be removed")
        # and the pages of that build register nothing
        page.goto(base + "/contacts/")
        page.wait_for_timeout(1500)
        assert page.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length") == 0
    finally:
        server.shutdown()
        server.server_close()
