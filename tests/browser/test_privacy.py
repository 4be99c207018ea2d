"""Private and secure, in Chromium: no request to another host, no cookie, no stored answer, and no
Content-Security-Policy violation on any page or during a screener journey (with Pyodide still starting).

Pages are visited in one browser context with the service worker allowed, as a person's browser would; the
journey is also run against a server that sends the HTTP headers of the built `_headers` file, whose policy
also covers the screener's Web Worker (a page's <meta> policy does not reach workers).
"""
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from journey import (ANSWER_MARKERS, CSP_RECORDER, SCREENER_PATH, ConsoleWatch, failed, run_journey,
                     serve_with_headers, violations, wait_ready)

pytestmark = pytest.mark.browser


def all_page_paths(site: Path) -> list[str]:
    out = []
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        out.append("/" if rel == "." else f"/{rel}/")
    return out


def pages_of_each_kind(site: Path) -> list[str]:
    """The first and last page of each kind in each language (a kind: the path with its last part as '*', so
    /counties/alameda/ and /counties/yuba/ are one kind), and every page that is a kind of its own. Pages of one
    kind come from one template and run the same scripts; what differs between them, their inline scripts and
    links, is checked on every page without a browser (tests/test_csp.py, tests/test_no_external.py)."""
    kinds: dict[str, list[str]] = {}
    for path in all_page_paths(site):
        parts = path.strip("/").split("/")
        lang = parts.pop(0) if parts[0] and (site / parts[0] / "sitemap.xml").is_file() else ""  # es/...
        kind = lang + ":" + ("/".join(parts[:-1] + ["*"]) if len(parts) > 1 else path)
        kinds.setdefault(kind, []).append(path)
    return sorted({p for group in kinds.values() for p in (group[0], group[-1])})


def _site_file(site: Path, path: str) -> bool:
    target = site / unquote(path).lstrip("/")
    return (target / "index.html").is_file() if path.endswith("/") else target.is_file()


def stored_answers(page) -> list[str]:
    """Every place in browser storage that holds an answer. The URL's fragment is meant to hold them (the
    shareable link; a fragment is never sent to a server), so only the rest of the URL is scanned. (Cache Storage holds the site's own files, such as
    the page of the person's county: only a query string or fragment there could carry an answer.)"""
    found = page.evaluate(
        """async (markers) => {
            const hits = [];
            const scan = (where, text) => { for (const m of markers) if (String(text).includes(m)) hits.push(where + ': ' + m); };
            for (const [name, store] of [['localStorage', localStorage], ['sessionStorage', sessionStorage]]) {
              for (let i = 0; i < store.length; i++) { const k = store.key(i); scan(name + '[' + k + ']', k + '=' + store.getItem(k)); }
            }
            if (indexedDB.databases) for (const db of await indexedDB.databases()) scan('indexedDB', db.name);
            if (window.caches) for (const name of await caches.keys()) {
              const cache = await caches.open(name);
              for (const request of await cache.keys()) { const u = new URL(request.url); scan('cache ' + name, u.search + u.hash); }
            }
            scan('URL (all but the fragment)', location.origin + location.pathname + location.search);
            scan('cookie', document.cookie);
            return hits;
        }""", list(ANSWER_MARKERS))
    return found


def test_each_kind_of_page_private_and_within_policy(page, site_url, built_site, external_requests):
    page.context.add_init_script(CSP_RECORDER)
    watch = ConsoleWatch(page)
    paths = pages_of_each_kind(built_site)
    assert len(paths) > 20 and "/es/" in paths and "/counties/alameda/" in paths
    problems = []
    for path in paths:
        page.goto(site_url + path, wait_until="load")
        page.wait_for_timeout(50)
        for v in violations(page):
            problems.append(f"{path}: {v}")
    assert not problems, "CSP violations:\n  " + "\n  ".join(map(str, problems[:30]))
    assert not watch.csp(), watch.csp()
    assert not watch.errors, "console errors:\n  " + "\n  ".join(watch.errors[:20])
    assert not external_requests, f"requests to other hosts: {sorted(set(external_requests))[:20]}"
    assert page.evaluate("document.cookie") == ""
    assert page.context.cookies() == []


def test_screener_journey_private_and_within_policy(page, site_url, built_site, external_requests):
    page.context.add_init_script(CSP_RECORDER)
    watch = ConsoleWatch(page)
    requests = []
    page.context.on("request", lambda r: requests.append((r.method, r.url)))
    page.goto(site_url + SCREENER_PATH)
    wait_ready(page)
    assert failed(page) is None, failed(page)
    steps = run_journey(page)
    assert steps >= 2
    assert page.locator(".scr-results__body [data-status]").count() > 0, "the journey reached no result"
    assert not violations(page), violations(page)
    assert not watch.csp(), watch.csp()
    assert not external_requests, f"requests to other hosts: {sorted(set(external_requests))}"
    # Answers never leave the page: no request carries them, nothing but GET is ever sent.
    assert {m for m, _ in requests} <= {"GET"}, sorted({m for m, _ in requests})
    # (a page about the person's county may be fetched: it is a file of the site, as the offline worker fetches
    # every page; an answer in a query string, or a request for something the site doesn't have, is a leak.)
    leaked = [u for _, u in requests if any(m in unquote(urlsplit(u).query + urlsplit(u).fragment)
                                            for m in ANSWER_MARKERS)]
    assert not leaked, leaked
    unknown = [u for _, u in requests if not _site_file(built_site, urlsplit(u).path)]
    assert not unknown, f"requests for files the site does not have: {unknown}"
    assert page.evaluate("document.cookie") == ""
    assert page.context.cookies() == []
    assert stored_answers(page) == []


def test_screener_under_the_header_policy(browser, built_site):
    """The _headers policy is sent as HTTP headers, so it also governs the screener's module worker and the
    service worker: Pyodide must start under it ('wasm-unsafe-eval', nothing more) and report no violation."""
    server, base = serve_with_headers(built_site)
    context = browser.new_context()
    try:
        page = context.new_page()
        context.add_init_script(CSP_RECORDER)
        watch = ConsoleWatch(page)
        outside = []
        context.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))
        response = page.goto(base + SCREENER_PATH)
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        wait_ready(page)
        assert failed(page) is None, failed(page)
        run_journey(page, max_steps=3)
        assert page.locator(".scr-results__body [data-status]").count() > 0
        assert not violations(page), violations(page)
        assert not watch.csp(), watch.csp()
        assert not watch.errors, watch.errors
        assert not outside, outside
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def test_screener_reached_from_the_menu(page, site_url, external_requests):
    """From the home page's menu to the screener, as a person goes: it starts under its page's policy, with no
    violation and nothing from another host."""
    page.context.add_init_script(CSP_RECORDER)
    watch = ConsoleWatch(page)
    page.goto(site_url + "/")
    page.locator('nav a[href$="screener/"]').first.click()
    page.wait_for_url("**/screener/")
    wait_ready(page)
    assert failed(page) is None, failed(page)
    assert not violations(page), violations(page)
    assert not watch.csp(), watch.csp()
    assert not external_requests
