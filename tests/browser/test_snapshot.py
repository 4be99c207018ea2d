"""The screener's memory snapshot (docs/assets/screener/worker.mjs), in Chromium.

After a first visit the worker keeps a snapshot of the started interpreter in Cache Storage; the next visit
starts from it. Every way a stored snapshot can be wrong (Pyodide's magic number, another Pyodide build, a
truncated entry, bytes changed under an intact entry, an entry from another wheel) must end in a normal start in
the same worker, working results, and a good entry in place of the bad one. Without a secure context there is no
Cache Storage and no snapshot: the page works the same.

The worker reports how it started in the ready message's timings, which the page keeps as the container's
data-timings (read by the bench too): start is "snapshot" or "fresh", snapshot what became of a stored one.
"""
import json

import pytest

from journey import ROOT_SEL, SCREENER_PATH, failed, wait_idle, wait_ready

pytestmark = pytest.mark.browser

CACHE = "screener-snapshot-v1"  # the worker's Cache Storage name and checksum header: its contract with this test
SHA_HEADER = "x-snapshot-sha256"

ENTRY = f"""async () => {{
  const cache = await caches.open("{CACHE}");
  const keys = await cache.keys();
  const out = [];
  for (const request of keys) {{
    const response = await cache.match(request);
    if (!response) continue; // the worker replaced it between keys() and match(): the caller asks again
    const bytes = new Uint8Array(await response.arrayBuffer());
    const digest = await crypto.subtle.digest("SHA-256", bytes);
    const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
    out.push({{ url: request.url, size: bytes.byteLength, stored: response.headers.get("{SHA_HEADER}"), actual: hex }});
  }}
  return out;
}}"""

# Damages the one stored entry the way `mode` says; a recomputed checksum where the damage must get past it.
DAMAGE = f"""async (mode) => {{
  const cache = await caches.open("{CACHE}");
  const [request] = await cache.keys();
  const response = await cache.match(request);
  let bytes = new Uint8Array(await response.arrayBuffer());
  let sha = response.headers.get("{SHA_HEADER}");
  const hex = async (b) => Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", b)),
                                      (x) => x.toString(16).padStart(2, "0")).join("");
  let url = request.url;
  if (mode === "bad_magic") {{ bytes[0] ^= 0xff; sha = await hex(bytes); }}
  else if (mode === "other_build") {{ bytes[16] ^= 0x01; sha = await hex(bytes); }}
  else if (mode === "truncated") {{ bytes = bytes.slice(0, bytes.length - 4096); sha = await hex(bytes); }}
  else if (mode === "corrupt") {{ bytes[bytes.length >> 1] ^= 0x01; }}
  else if (mode === "other_wheel") {{ url = url.replace(/(snapshot\\/[^/]+\\/)[0-9a-f]+\\//, "$10123456789abcde/"); }}
  await cache.delete(request);
  await cache.put(url, new Response(bytes, {{ headers: {{ "{SHA_HEADER}": sha }} }}));
  return url;
}}"""


def timings(page) -> dict:
    return json.loads(page.locator(ROOT_SEL).get_attribute("data-timings") or "{}")


def visit(page, url) -> dict:
    page.goto(url)
    wait_ready(page)
    page.wait_for_selector(f"{ROOT_SEL}[data-timings]", timeout=90_000)  # Python is up
    assert failed(page) is None, failed(page)
    wait_idle(page)  # results are on screen
    return timings(page)


def stored_entry(page, not_url=None, timeout_s=90) -> dict:
    """The one good entry, once the worker has saved it (it waits for an idle moment after the results)."""
    entries = []
    for _ in range(timeout_s * 2):
        entries = page.evaluate(ENTRY)
        good = [e for e in entries if e["stored"] == e["actual"] and e["url"] != not_url]
        if len(entries) == 1 and good:
            return good[0]
        page.wait_for_timeout(500)
    raise AssertionError(f"no single good snapshot entry in Cache Storage: {entries}")


def test_a_return_visit_starts_from_the_snapshot_and_each_bad_entry_falls_back(browser, site_url):
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        url = site_url + SCREENER_PATH
        first = visit(page, url)
        assert first["start"] == "fresh" and first["snapshot"] == "none", first
        good = stored_entry(page)
        assert good["size"] > 1_000_000 and "/snapshot/" in good["url"]

        again = visit(page, url)
        assert again["start"] == "snapshot" and again["snapshot"] == "loaded", again

        for mode, reason in (("bad_magic", "rejected"), ("other_build", "rejected"), ("truncated", "truncated"),
                             ("corrupt", "checksum")):
            page.evaluate(DAMAGE, mode)
            after = visit(page, url)
            assert after["start"] == "fresh" and after["snapshot"] == reason, (mode, after)
            replaced = stored_entry(page)
            assert replaced["url"] == good["url"] and replaced["size"] == good["size"], (mode, replaced)

        stale = page.evaluate(DAMAGE, "other_wheel")  # a snapshot of another build's wheel: never loaded
        after = visit(page, url)
        assert after["start"] == "fresh" and after["snapshot"] == "none", after
        assert stored_entry(page, not_url=stale)["url"] == good["url"], "the other build's entry was not replaced"

        last = visit(page, url)
        assert last["start"] == "snapshot", last
    finally:
        context.close()


def test_without_a_secure_context_there_is_no_snapshot(browser_type, browser_type_launch_args, built_site):
    """http:// on a host name other than localhost is not a secure context: no Cache Storage, a normal start."""
    from sitebuild.serve import start_in_background

    server, base = start_in_background(built_site)
    port = base.rsplit(":", 1)[1]
    args = [*browser_type_launch_args.get("args", []), "--host-resolver-rules=MAP screener.test 127.0.0.1"]
    browser = browser_type.launch(**{**browser_type_launch_args, "args": args})
    try:
        page = browser.new_context(service_workers="block").new_page()
        url = f"http://screener.test:{port}{SCREENER_PATH}"
        first = visit(page, url)
        assert page.evaluate("window.isSecureContext") is False
        assert first["start"] == "fresh" and first["snapshot"] == "unavailable", first
        again = visit(page, url)
        assert again["start"] == "fresh", again
    finally:
        browser.close()
        server.shutdown()
        server.server_close()
