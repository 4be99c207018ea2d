#!/usr/bin/env python3
"""Every benchmark, one table: `python3 build.py bench` runs this.

    python bench/run_all.py [--quick] [--no-lighthouse] [--json]

1. build time: the whole site built into a temp dir, twice (the second is the one reported as warm);
2. bytes per kind of page: the HTML and every file the browser fetched for it (Chromium, fresh context,
   service worker blocked), raw and gzip-compressed (level 6, as hosts commonly send them); the screener page
   counts everything until the screener is ready;
3. bench/bench_browser.py --json: screener ready time cold and warm, beside a bare loadPyodide() page in the
   same browser run, and answer-to-result latency;
4. bench/bench_core.py --json: core evaluations per second (CPython) and per evaluation under Pyodide;
5. Lighthouse (npm `lighthouse`, pinned in package.json) on a program page and the screener, in Debian's
   Chromium (CHROME_PATH), with its default mobile emulation and simulated slow 4G;
6. bench/bench_batch.py --json: batch screening rows per second and peak memory for 100,000 rows.

Prints a Markdown table for the README and writes bench/results/latest.json. A part that fails is reported as
such in the table (with the reason in the JSON) and the others still run; the exit code is then 1.
"""
import argparse
import gzip
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-default-apps", "--disable-domain-reliability", "--metrics-recording-only",
                "--no-pings", "--disable-quic"]


def page_types() -> dict:
    from sitebuild import content

    model = content.load_content()
    service = model["community_supports"]["services"][0]["id"]
    counties = [c["id"] for c in model["counties"]["counties"]]
    county = "contra_costa" if "contra_costa" in counties else counties[0]
    return {
        "home": "/",
        "program page (ECM)": "/ecm/",
        f"Community Support page ({service})": f"/community-supports/{service}/",
        "matrix (availability)": "/availability/",
        f"county page ({county})": f"/counties/{county}/",
        "screener page (until ready)": "/screener/",
    }


# ---- serving ---------------------------------------------------------------------------------------------

def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(site: Path, port: int):
    """The site on 127.0.0.1:port with sitebuild.serve's types and cache headers plus the headers of _headers."""
    import threading

    from sitebuild.serve import make_server

    server = make_server(site, port=port, with_headers_file=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{port}"


# ---- 1. build time -----------------------------------------------------------------------------------------

def build_times(tmp: Path, builds: int = 2) -> tuple[Path, dict]:
    from sitebuild.pipeline import build

    seconds = []
    site = None
    for n in range(builds):
        target = tmp / f"site-{n}"
        start = time.perf_counter()
        site = build(site_dir=target, quiet=True)
        seconds.append(time.perf_counter() - start)
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = sum(1 for p in files if p.suffix == ".html")
    return site, {"seconds": [round(s, 2) for s in seconds], "first_s": round(seconds[0], 2),
                  "warm_s": round(min(seconds[1:] or seconds), 2), "pages": pages, "files": len(files),
                  "site_bytes": sum(p.stat().st_size for p in files)}


# ---- 2. bytes per page type --------------------------------------------------------------------------------

def _gzip_size(path: Path, cache: dict) -> int:
    """Bytes on the wire as served (sitebuild.serve): the build's .br copy, else its .gz, else gzip -6."""
    if path not in cache:
        for suffix in (".br", ".gz"):
            copy = path.with_name(path.name + suffix)
            if copy.is_file():
                cache[path] = copy.stat().st_size
                break
        else:
            cache[path] = len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))
    return cache[path]


def page_bytes(site: Path, base: str) -> dict:
    from playwright.sync_api import sync_playwright

    from sitebuild import bootstrap

    gz_cache: dict = {}
    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=bootstrap.chromium_path(), args=CHROME_FLAGS[2:])
        for name, path in page_types().items():
            context = browser.new_context(service_workers="block")
            page = context.new_page()
            urls: list[str] = []
            page.on("requestfinished", lambda r: urls.append(r.url))
            page.goto(base + path, wait_until="load")
            if path.startswith("/screener/"):
                page.wait_for_selector('[data-screener][data-engine="ready"], .scr-ready', timeout=180_000)
            page.wait_for_load_state("networkidle")
            files, other = {}, []
            for url in urls:
                parts = urlsplit(url)
                if not url.startswith(base):
                    other.append(url)
                    continue
                rel = unquote(parts.path).lstrip("/")
                file = site / rel
                if rel == "" or rel.endswith("/"):
                    file = file / "index.html"
                if file.is_file():
                    files[file] = True
            html = site / (path.lstrip("/") + "index.html")
            raw = sum(f.stat().st_size for f in files)
            gz = sum(_gzip_size(f, gz_cache) for f in files)
            biggest = sorted(files, key=lambda f: f.stat().st_size, reverse=True)[:3]
            out[name] = {
                "pyodide_bytes": sum(f.stat().st_size for f in files
                                     if f.relative_to(site).as_posix().startswith(("pyodide/", "screener/"))),
                "path": path, "requests": len(files), "html_bytes": html.stat().st_size,
                "html_gzip": _gzip_size(html, gz_cache), "total_bytes": raw, "total_gzip": gz,
                "largest": [f"{f.relative_to(site).as_posix()} ({f.stat().st_size})" for f in biggest],
                "other_hosts": other,
            }
            context.close()
        browser.close()
    return out


# ---- 3, 4. the other benchmark scripts ---------------------------------------------------------------------

def run_script(name: str, args: list[str], timeout: int) -> dict:
    script = ROOT / "bench" / name
    if not script.is_file():
        return {"error": f"bench/{name} does not exist yet"}
    proc = subprocess.run([sys.executable, str(script), "--json", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)
    if proc.returncode != 0:
        return {"error": f"bench/{name} exited {proc.returncode}: {proc.stderr.strip()[-1500:]}"}
    try:
        return json.loads(proc.stdout)
    except ValueError:
        return {"error": f"bench/{name} printed no JSON: {proc.stdout[-500:]}"}


LIGHTHOUSE_PAGES = (("home", "/"), ("program page (ECM)", "/ecm/"), ("matrix", "/availability/"),
                    ("screener", "/screener/"))

# ---- 5. Lighthouse -----------------------------------------------------------------------------------------

def lighthouse(url: str, out_dir: Path, name: str) -> dict:
    from sitebuild import bootstrap

    if not LIGHTHOUSE.is_file():
        return {"error": "node_modules/lighthouse is missing (npm ci)"}
    chrome = bootstrap.chromium_path()
    report = Path(out_dir) / f"lighthouse-{name}.json"
    env = {**os.environ, "CHROME_PATH": str(chrome)}
    cmd = ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
           "--only-categories=performance,accessibility,best-practices,seo",
           f"--chrome-flags={' '.join(CHROME_FLAGS)}", "--max-wait-for-load=90000"]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0 or not report.is_file():
        return {"error": f"lighthouse exited {proc.returncode}: {proc.stderr.strip()[-1500:]}"}
    data = json.loads(report.read_text(encoding="utf-8"))
    scores = {key: round(cat["score"] * 100) if cat.get("score") is not None else None
              for key, cat in data["categories"].items()}
    audits = data["audits"]
    metric = lambda key: round(audits[key]["numericValue"]) if key in audits and audits[key].get(  # noqa: E731
        "numericValue") is not None else None
    failing = sorted(k for k, a in audits.items()
                     if a.get("score") is not None and a.get("score") < 0.9
                     and a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings"))
    return {"scores": scores, "fcp_ms": metric("first-contentful-paint"),
            "lcp_ms": metric("largest-contentful-paint"), "tbt_ms": metric("total-blocking-time"),
            "cls": audits.get("cumulative-layout-shift", {}).get("numericValue"),
            "lighthouse": data.get("lighthouseVersion"), "failing_audits": failing[:20],
            "report": str(report.relative_to(ROOT))}


# ---- the table ---------------------------------------------------------------------------------------------

def kb(n) -> str:
    return f"{n / 1024:,.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.2f} MB"


def ms(n) -> str:
    return "n/a" if n is None else f"{n / 1000:.2f} s" if n >= 1000 else f"{n:.0f} ms"


def markdown(r: dict) -> str:
    rows = [("Measure", "Result")]
    b = r.get("build", {})
    if "error" in b:
        rows.append(("Build", f"failed: {b['error'][:80]}"))
    elif b:
        rows.append((f"Build time ({b['pages']} pages, {b['files']} files, {kb(b['site_bytes'])})",
                     f"{b['first_s']:.1f} s first, {b['warm_s']:.1f} s again"))
    for name, p in (r.get("bytes") or {}).items():
        if name == "error":
            rows.append(("Bytes per page", f"failed: {p[:80]}"))
            continue
        rows.append((f"Bytes: {name}",
                     f"HTML {kb(p['html_bytes'])} ({kb(p['html_gzip'])} compressed); with {p['requests']} files "
                     f"{kb(p['total_bytes'])} ({kb(p['total_gzip'])} compressed)"
                     + ("" if "screener" in name else f"; Pyodide bytes: {p.get('pyodide_bytes', 0)}")))
    br = r.get("browser", {})
    if "error" in br:
        rows.append(("Screener in Chromium", f"failed: {br['error'][:100]}"))
    elif br:
        s, bare, a = br["screener"], br["bare_loadPyodide"], br["answer_to_results"]
        cold_bare = bare["cold"]["ready_ms"]
        ratio = lambda v: v / cold_bare if cold_bare else float("nan")  # noqa: E731
        rows.append(("Screener ready, cold (bare `loadPyodide()` page, cold); target <= 0.6x",
                     f"{ms(s['cold']['ready_ms'])} ({ms(cold_bare)}): **{ratio(s['cold']['ready_ms']):.2f}x**"))
        rows.append(("Screener ready, warm: returning visitor, snapshot (bare page, cold); target <= 0.3x",
                     f"{ms(s['warm']['ready_ms'])} ({ms(cold_bare)}): **{ratio(s['warm']['ready_ms']):.2f}x** "
                     f"({s['warm'].get('snapshot', 0)} of {s['runs']} from the snapshot; bare page reloaded: "
                     f"{ms(bare['warm']['ready_ms'])})"))
        rows.append(("Screener first results, cold / warm",
                     f"{ms(s['cold']['results_ms'])} / {ms(s['warm']['results_ms'])}"))
        slow = br.get("slow_4g")
        if slow:
            f, b2 = slow["first"], slow["return"]
            rows.append(("Slow 4G, first visit: first question usable (<= 1.5 s) / ready (<= 20 s)",
                         f"{ms(f['usable_ms'])} / {ms(f['ready_ms'])} ({kb(f['bytes'])} sent)"))
            rows.append(("Slow 4G, return visit: first question usable / ready (<= 2 s)",
                         f"{ms(b2['usable_ms'])} / {ms(b2['ready_ms'])} ({kb(b2['bytes'])} sent, "
                         f"start: {b2['start']})"))
        rows.append((f"Answer to results laid out ({a['changes']} changes); target p95 <= 16 ms",
                     f"median {ms(a['dom_median_ms'])}, p95 **{ms(a['dom_p95_ms'])}**; on screen at the next "
                     f"frame: median {ms(a['median_ms'])}, p95 {ms(a['p95_ms'])}"))
    core = r.get("core", {})
    if "error" in core:
        rows.append(("Core evaluations", f"failed: {core['error'][:100]}"))
    elif core:
        c = core["cpython"]
        rows.append((f"Core evaluations per second (CPython {c['python']})",
                     f"{c['full_evaluations_per_second']:,} full, {c['batch_evaluations_per_second']:,} batch"))
        py = core.get("pyodide") or {}
        if "ms_per_evaluation" in py:
            rows.append((f"Core under Pyodide ({py['python']}, Node)",
                         f"{py['ms_per_evaluation']} ms per evaluation "
                         f"({1000 / py['ms_per_evaluation']:,.0f}/s)"))
    batch = r.get("batch", {})
    if "error" in batch:
        rows.append(("Batch screening", f"failed: {batch['error'][:100]}"))
    elif batch:
        small, large = batch["small"], batch["large"]
        rows.append((f"Batch screening, {large['rows']:,} rows (`python -m screener batch`)",
                     f"{large['rows_per_second']:,} rows/s ({large['seconds']} s); peak memory "
                     f"{large['peak_memory_mb']} MB ({small['peak_memory_mb']} MB for {small['rows']:,} rows)"))
    for name, lh in (r.get("lighthouse") or {}).items():
        if "error" in lh:
            rows.append((f"Lighthouse: {name}", f"failed: {lh['error'][:100]}"))
            continue
        sc = lh["scores"]
        rows.append((f"Lighthouse {lh['lighthouse']}: {name} (mobile, slow 4G, compressed)",
                     f"performance {sc.get('performance')}, accessibility {sc.get('accessibility')}, "
                     f"best practices {sc.get('best-practices')}, SEO {sc.get('seo')}; "
                     f"FCP {ms(lh['fcp_ms'])}, LCP {ms(lh['lcp_ms'])}, TBT {ms(lh['tbt_ms'])}, "
                     f"CLS {lh['cls'] or 0:.3f}"))
    width = max(len(a) for a, _ in rows)
    lines = [f"| {a:<{width}} | {b} |" for a, b in rows]
    lines.insert(1, f"| {'-' * width} | --- |")
    m = r.get("machine", {})
    lines.append("")
    lines.append(f"Measured {r.get('date', '')} on {m.get('cpus')} CPUs, {m.get('system')}, Python {m.get('python')}"
                 f"{', Chromium ' + br['chromium'] if br.get('chromium') else ''}.")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs (a smoke test of the bench itself)")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the JSON instead of the table")
    args = parser.parse_args(argv)

    result = {"date": time.strftime("%Y-%m-%d"),
              "machine": {"cpus": os.cpu_count(), "system": f"{platform.system()} {platform.machine()}",
                          "python": platform.python_version()}}
    failed = False
    RESULTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-all-") as tmp:
        tmp = Path(tmp)
        # Built as for a deployment: SITE_URL is the address it is served from (canonical links, sitemap and
        # absolute hreflang addresses, which Lighthouse's SEO audit, like search engines, requires).
        port = free_port()
        os.environ["SITE_URL"] = f"http://127.0.0.1:{port}/"
        try:
            site, result["build"] = build_times(tmp, builds=1 if args.quick else 2)
        except Exception as err:  # nothing else can run without a site
            result["build"] = {"error": repr(err)}
            print(markdown(result))
            return 1
        server, base = start_server(site, port)
        try:
            print("bytes per page type...", file=sys.stderr)
            try:
                result["bytes"] = page_bytes(site, base)
            except Exception as err:
                result["bytes"] = {"error": repr(err)}
                failed = True
            if not args.no_lighthouse:
                result["lighthouse"] = {}
                for name, path in LIGHTHOUSE_PAGES:
                    print(f"lighthouse: {name}...", file=sys.stderr)
                    result["lighthouse"][name] = lighthouse(base + path, RESULTS, path.strip("/") or "home")
                    failed |= "error" in result["lighthouse"][name]
        finally:
            server.shutdown()
            server.server_close()
        print("bench_browser.py...", file=sys.stderr)
        browser_args = ["--site", str(site)] + (["--runs", "2", "--changes", "10"] if args.quick else [])
        result["browser"] = run_script("bench_browser.py", browser_args, timeout=1800)
        print("bench_core.py...", file=sys.stderr)
        result["core"] = run_script("bench_core.py", ["--seconds", "1"] if args.quick else [], timeout=1200)
        print("bench_batch.py...", file=sys.stderr)
        result["batch"] = run_script("bench_batch.py", ["--rows", "10000"] if args.quick else [], timeout=1800)
        failed |= any("error" in result[part] for part in ("browser", "core", "batch"))
    (RESULTS / "latest.json").write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2) if args.json else markdown(result))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
