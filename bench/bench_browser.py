#!/usr/bin/env python3
"""Benchmark the screener page in Debian's Chromium (Playwright), against the built site served locally.

    python bench/bench_browser.py [--json] [--runs N] [--changes N] [--site DIR]

Measures, on one local server (sitebuild.serve: the cache headers a real host should send):
  - start-up: navigation to "ready" (the page says the screener is ready) and to the first results shown,
    cold (a fresh browser context: empty cache) and warm (a reload in the same context); next to a bare page
    that only runs loadPyodide() in a module worker (written into a temp dir, served by the same server from
    /__bare/, using the same pyodide/<version>/ files): the floor our page cannot beat without a snapshot;
  - answer to results: time from changing an answer (an `input`/`change` event) to the results updated on
    screen (the page's data-busy flag back to "0", then the next animation frame); median and p95;
  - bytes: what the server sent for the screener page until it was ready (cold), and for an ordinary page.
  - slow 4G (1.6 Mbit/s, 150 ms, CDP network emulation): first question usable and ready, first and return visit.
The server compresses as a host does (sitebuild.serve: the build's .br/.gz copies). "Warm" is a returning
visitor: the reload comes once the worker has kept its memory snapshot (127.0.0.1 is a secure context).
The site's service worker is blocked in the bench's contexts: it would download the whole site (Pyodide too)
in the background and blur both timings and bytes. Without --site, the site is built into a temp dir first.
Timings on a shared machine are noisy: medians over --runs fresh contexts.
"""
import argparse
import functools
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BARE_PREFIX = "/__bare/"
BARE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bare loadPyodide()</title></head>
<body><p id="state">loading</p>
<script type="module" src="page.mjs"></script></body></html>
"""
BARE_PAGE = """const worker = new Worker(new URL("worker.mjs", import.meta.url), { type: "module" });
worker.onmessage = (e) => {
  window.__bareReady = performance.now();
  document.getElementById("state").textContent = e.data;
};
"""
BARE_WORKER = """const indexURL = new URL("../pyodide/__RUNTIME_DIR__", import.meta.url).href;
const { loadPyodide } = await import(indexURL + "pyodide.mjs");
// Pyodide's own standard library and lock file (the site ships neither: it has its own precompiled zip)
const py = await loadPyodide({ indexURL, stdLibURL: new URL("python_stdlib.zip", import.meta.url).href,
                               lockFileURL: new URL("pyodide-lock.json", import.meta.url).href });
self.postMessage("ready " + py.runPython("1 + 1"));
"""

# Installed before the page's scripts: records when the screener shows "ready" and its first results.
MARKS = """
(() => {
  window.__marks = {};
  const check = () => {
    const root = document.querySelector("[data-screener]");
    if (!root) return;
    if (!window.__marks.usable && root.querySelector(".scr-step .scr-q input, .scr-step .scr-q select"))
      window.__marks.usable = performance.now();
    if (!window.__marks.ready && root.querySelector(".scr-ready")) window.__marks.ready = performance.now();
    const body = root.querySelector(".scr-results__body");
    if (!window.__marks.results && body && body.dataset.state === "ready" && root.dataset.busy === "0")
      window.__marks.results = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
})();
"""

# Changes one answer and resolves with [ms to DOM updated, ms to the next frame after it]; fails after 20 s
# rather than wait for ever.
CHANGE_AND_WAIT = """
async ([qid, value]) => {
  const root = document.querySelector("[data-screener]");
  const box = root.querySelector(`.scr-q[data-qid="${qid}"]`);
  const field = box.querySelector("input, select");
  const done = new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error(`no results within 20 s after changing ${qid}`)), 20000);
    const mo = new MutationObserver(() => {
      if (root.dataset.busy === "0") {
        mo.disconnect();
        root.querySelector(".scr-results__body").getBoundingClientRect(); // style and layout done too
        resolve(performance.now());
      }
    });
    mo.observe(root, { attributes: true, attributeFilter: ["data-busy"] });
  });
  const t0 = performance.now();
  field.value = String(value);
  field.dispatchEvent(new Event(field.tagName === "SELECT" ? "change" : "input", { bubbles: true }));
  const dom = await done;
  const frame = await new Promise((r) => requestAnimationFrame(() => r(performance.now())));
  return [dom - t0, frame - t0];
}
"""


class Recorder:
    """Bytes the server sent, per request path, in order."""

    def __init__(self):
        self.lock = threading.Lock()
        self.sent: list[tuple[str, int]] = []

    def mark(self) -> int:
        with self.lock:
            return len(self.sent)

    def since(self, mark: int) -> list[tuple[str, int]]:
        with self.lock:
            return list(self.sent[mark:])


def make_bench_server(site_dir: Path, bare_dir: Path, recorder: Recorder):
    from sitebuild.serve import SiteHandler, make_server

    class Handler(SiteHandler):
        def translate_path(self, path):
            if path.startswith(BARE_PREFIX):
                return str(bare_dir / path[len(BARE_PREFIX):].split("?")[0].split("#")[0])
            return super().translate_path(path)

        def send_header(self, keyword, value):
            if keyword.lower() == "content-length":
                with recorder.lock:
                    recorder.sent.append((self.path, int(value)))
            super().send_header(keyword, value)

    server = make_server(site_dir, port=0)
    server.RequestHandlerClass = functools.partial(Handler, directory=str(site_dir))
    return server


def write_bare_page(bare_dir: Path, site_dir: Path) -> None:
    """The bare page loads the very runtime files the site ships (in pyodide/<version>/)."""
    manifest = json.loads((site_dir / "screener" / "manifest.json").read_text(encoding="utf-8"))
    runtime_dir = manifest["pyodide"]["dir"].removeprefix("pyodide/")
    bare_dir.mkdir(parents=True, exist_ok=True)
    (bare_dir / "index.html").write_text(BARE_HTML, encoding="utf-8")
    (bare_dir / "page.mjs").write_text(BARE_PAGE, encoding="utf-8")
    (bare_dir / "worker.mjs").write_text(BARE_WORKER.replace("__RUNTIME_DIR__", runtime_dir), encoding="utf-8")
    for name in ("python_stdlib.zip", "pyodide-lock.json"):
        shutil.copyfile(ROOT / "node_modules" / "pyodide" / name, bare_dir / name)


def pct(values, q):
    ordered = sorted(values)
    if not ordered:
        return None
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _new_context(browser):
    return browser.new_context(service_workers="block", viewport={"width": 1280, "height": 900})


def time_screener(page, url) -> dict:
    page.goto(url)
    page.wait_for_function("() => window.__marks && window.__marks.results", timeout=120_000)
    marks = page.evaluate("window.__marks")
    return {"ready_ms": marks["ready"], "results_ms": marks["results"]}


def time_bare(page, url) -> dict:
    page.goto(url)
    page.wait_for_function("() => window.__bareReady", timeout=120_000)
    return {"ready_ms": page.evaluate("window.__bareReady")}


def startup(browser, pages, runs, recorder) -> dict:
    """pages: {name: (url, timer)}. Runs alternate between the pages, so a busy moment on a shared machine
    hits both rather than one. Each run: a fresh context (cold), then a reload in it (warm)."""
    samples = {name: {"cold": [], "warm": [], "cold_bytes": []} for name in pages}
    for _ in range(runs):
        for name, (url, timer) in pages.items():
            context = _new_context(browser)
            context.add_init_script(MARKS)
            page = context.new_page()
            mark = recorder.mark()
            samples[name]["cold"].append(timer(page, url))
            samples[name]["cold_bytes"].append(sum(n for _, n in recorder.since(mark)))
            if timer is time_screener:
                wait_for_snapshot(page)  # a returning visitor: the worker kept its snapshot after the first visit
            page.reload()
            samples[name]["warm"].append(_after_reload(page, timer))
            context.close()
    return {name: {"cold": _medians(v["cold"]), "warm": _medians(v["warm"]), "runs": runs,
                   "cold_bytes": int(statistics.median(v["cold_bytes"]))}
            for name, v in samples.items()}


SNAPSHOT_SAVED = """async () => {
  if (!self.caches) return true; // no secure context: nothing to wait for
  const cache = await caches.open("screener-snapshot-v1");
  return (await cache.keys()).length > 0;
}"""


def wait_for_snapshot(page, timeout_s=120):
    for _ in range(timeout_s * 4):
        if page.evaluate(SNAPSHOT_SAVED):
            return
        page.wait_for_timeout(250)
    raise RuntimeError("the screener kept no snapshot")


def start_mode(page) -> str:
    timings = page.evaluate("document.querySelector('[data-screener]').dataset.timings || '{}'")
    return json.loads(timings).get("start", "?")


# Slow 4G as the issue defines it: 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip (Chrome DevTools).
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}


def slow_network(browser, url, recorder) -> dict:
    """The screener on a throttled connection (CDP network emulation; the server compresses as a host does):
    first question usable and ready, on a first visit (empty cache) and a return visit (HTTP cache and the
    snapshot)."""
    context = _new_context(browser)
    context.add_init_script(MARKS)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    def visit() -> dict:
        mark = recorder.mark()
        page.goto(url)
        page.wait_for_function("() => window.__marks && window.__marks.ready", timeout=300_000)
        marks = page.evaluate("window.__marks")
        return {"usable_ms": round(marks["usable"]), "ready_ms": round(marks["ready"]),
                "bytes": sum(n for _, n in recorder.since(mark)), "start": start_mode(page)}

    out = {"first": visit()}
    wait_for_snapshot(page)
    out["return"] = visit()
    context.close()
    return out


def _after_reload(page, timer) -> dict:
    # the reload already navigated: wait for the same marks without navigating again
    if timer is time_bare:
        page.wait_for_function("() => window.__bareReady", timeout=120_000)
        return {"ready_ms": page.evaluate("window.__bareReady")}
    page.wait_for_function("() => window.__marks && window.__marks.results", timeout=120_000)
    marks = page.evaluate("window.__marks")
    return {"ready_ms": marks["ready"], "results_ms": marks["results"], "snapshot": start_mode(page) == "snapshot"}


def _medians(samples: list[dict]) -> dict:
    keys = samples[0].keys()
    return {k: (round(statistics.median(s[k] for s in samples), 1) if not isinstance(samples[0][k], bool)
                else sum(s[k] for s in samples)) for k in keys}


def answer_latency(browser, url, changes) -> dict:
    context = _new_context(browser)
    context.add_init_script(MARKS)
    page = context.new_page()
    # a realistic point in a screening: the first answers come from a shared link (the public fragment format),
    # the plan is picked from the county's list, then the person changes the age (in its "Change" editor)
    time_screener(page, url + "#filling_in=member&age=30&county=alameda")
    plan = page.locator('.scr-step .scr-q[data-qid="plan"]')
    if plan.locator("select").count():
        first = plan.locator("select option").evaluate_all("(os) => os.map((o) => o.value).filter(Boolean)")[0]
        plan.locator("select").select_option(first)
    else:
        plan.locator("input").first.check()
    page.wait_for_function("() => document.querySelector('[data-screener]').dataset.busy === '0'")
    page.locator('.scr-answer[data-qid="age"] .scr-change').click()
    # ages either side of the rules' age limits (each change moves some results), as someone correcting a typo
    ages = [20, 21, 45, 70, 17, 30, 64, 25, 18, 65, 50, 26]
    dom, frame = [], []
    for i in range(changes):
        d, f = page.evaluate(CHANGE_AND_WAIT, ["age", ages[i % len(ages)]])
        dom.append(d)
        frame.append(f)
    context.close()
    return {
        "changes": changes,
        "dom_median_ms": round(statistics.median(dom), 1), "dom_p95_ms": round(pct(dom, 0.95), 1),
        "median_ms": round(statistics.median(frame), 1), "p95_ms": round(pct(frame, 0.95), 1),
        "max_ms": round(max(frame), 1),
    }


def page_bytes(browser, url, recorder) -> int:
    context = _new_context(browser)
    page = context.new_page()
    mark = recorder.mark()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    total = sum(n for _, n in recorder.since(mark))
    context.close()
    return total


def run(site_dir: Path, runs: int, changes: int) -> dict:
    from playwright.sync_api import sync_playwright

    from sitebuild import bootstrap

    recorder = Recorder()
    with tempfile.TemporaryDirectory(prefix="bench-bare-") as tmp:
        bare_dir = Path(tmp)
        write_bare_page(bare_dir, site_dir)
        server = make_bench_server(site_dir, bare_dir, recorder)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=bootstrap.chromium_path(),
                                            args=["--disable-gpu", "--disable-background-networking",
                                                  "--disable-component-update", "--no-first-run"])
                result = startup(browser, {"screener": (base + "/screener/", time_screener),
                                           "bare_loadPyodide": (base + BARE_PREFIX, time_bare)}, runs, recorder)
                result.update({
                    "answer_to_results": answer_latency(browser, base + "/screener/", changes),
                    "slow_4g": slow_network(browser, base + "/screener/", recorder),
                    "bytes": {
                        "screener_page_cold": None,
                        "ordinary_page": page_bytes(browser, base + "/", recorder),
                        "ordinary_page_ecm": page_bytes(browser, base + "/ecm/", recorder),
                    },
                })
                result["bytes"]["screener_page_cold"] = result["screener"].pop("cold_bytes", None)
                result["bytes"]["bare_page_cold"] = result["bare_loadPyodide"].pop("cold_bytes", None)
                result["chromium"] = browser.version
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    result["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    return result


def table(r: dict) -> str:
    s, b, a, by = r["screener"], r["bare_loadPyodide"], r["answer_to_results"], r["bytes"]
    mb = lambda n: f"{n / 1e6:.2f} MB" if n is not None else "n/a"  # noqa: E731
    rows = [
        ("what", "median (ms)"),
        ("screener: navigation -> ready, cold", s["cold"]["ready_ms"]),
        ("screener: navigation -> first results, cold", s["cold"]["results_ms"]),
        ("screener: navigation -> ready, warm (reload)", s["warm"]["ready_ms"]),
        ("screener: navigation -> first results, warm", s["warm"]["results_ms"]),
        ("bare loadPyodide() page -> ready, cold", b["cold"]["ready_ms"]),
        ("bare loadPyodide() page -> ready, warm", b["warm"]["ready_ms"]),
        (f"answer -> results on screen, median ({a['changes']} changes)", a["median_ms"]),
        ("answer -> results on screen, p95", a["p95_ms"]),
        ("answer -> results in the DOM, median / p95", f"{a['dom_median_ms']} / {a['dom_p95_ms']}"),
        ("bytes: screener page until ready, cold", mb(by["screener_page_cold"])),
        ("bytes: bare loadPyodide() page, cold", mb(by["bare_page_cold"])),
        ("bytes: ordinary page (home)", mb(by["ordinary_page"])),
        ("bytes: ordinary page (ECM)", mb(by["ordinary_page_ecm"])),
        ("slow 4G, first visit: first question usable / ready",
         f"{r['slow_4g']['first']['usable_ms']} / {r['slow_4g']['first']['ready_ms']}"),
        ("slow 4G, return visit: first question usable / ready",
         f"{r['slow_4g']['return']['usable_ms']} / {r['slow_4g']['return']['ready_ms']}"),
    ]
    width = max(len(str(k)) for k, _ in rows)
    lines = [f"{str(k):<{width}}  {v}" for k, v in rows]
    lines.insert(1, "-" * (width + 14))
    lines.append(f"({s['runs']} fresh contexts each; Chromium {r['chromium']}; {r['machine']['cpus']} CPUs)")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--runs", type=int, default=3, help="fresh browser contexts per start-up figure")
    parser.add_argument("--changes", type=int, default=30, help="answer changes timed")
    parser.add_argument("--site", type=Path, help="a built site (default: build one into a temp dir)")
    args = parser.parse_args(argv)

    if args.site:
        result = run(args.site, args.runs, args.changes)
    else:
        from sitebuild.pipeline import build

        with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
            site = build(site_dir=Path(tmp) / "site", quiet=True)
            result = run(site, args.runs, args.changes)
    print(json.dumps(result, indent=2) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
