"""Nothing in the built site loads from another host: no scripts, styles, fonts, images, frames or workers.

Plain <a href> links to sources and official pages are the only references to other hosts that are allowed.
Material's minified bundle and Pyodide's runtime contain a few host names in code that never runs on this site;
each is allowed only with the reason (and, where it can be checked here, the check) that keeps it dormant.
"""
import re
from pathlib import Path

import yaml

from pagescan import parse

ROOT = Path(__file__).resolve().parent.parent

# (element, attribute) pairs that make the browser fetch something.
FETCHING = {
    ("script", "src"), ("link", "href"), ("img", "src"), ("img", "srcset"), ("iframe", "src"), ("frame", "src"),
    ("source", "src"), ("source", "srcset"), ("video", "src"), ("video", "poster"), ("audio", "src"),
    ("track", "src"), ("embed", "src"), ("object", "data"), ("input", "src"), ("image", "href"),
    ("use", "href"), ("form", "action"), ("base", "href"),
}
# <link rel> values that do not fetch anything.
NON_FETCHING_LINK_RELS = {"canonical", "alternate", "author", "license", "help", "next", "prev", "search"}

EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.I)

# Material's bundle: host -> why it never loads here (checked in test_material_bundle_references_stay_dormant).
DORMANT = {
    "https://unpkg.com/resize-observer-polyfill": "only in browsers without ResizeObserver (none since 2020)",
    "https://unpkg.com/mermaid": "only on pages with a mermaid diagram; the site has none",
    "https://api.github.com/": "only with repo_url in mkdocs.yml; the site sets none",
    # Pyodide's default package CDN: used only by loadPackage() for a package missing from our own copy; the
    # screener loads no packages (the browser tests record every request and allow none to another host).
    "https://cdn.jsdelivr.net/pyodide/": "only for packages loaded by name; the screener loads none",
}


def _is_external(url: str) -> bool:
    url = url.strip()
    return bool(EXTERNAL.match(url)) and not url.startswith(("data:", "blob:"))


def _files(site: Path, *suffixes):
    return sorted(p for p in site.rglob("*") if p.is_file() and p.suffix in suffixes)


def test_html_fetches_nothing_from_another_host(built_site):
    problems = []
    for path in _files(built_site, ".html"):
        doc = parse(path.read_text(encoding="utf-8"))
        for el in doc.iter():
            for attr, value in el.attrs.items():
                if (el.tag, attr) in FETCHING:
                    if el.tag == "link" and set(el.get("rel", "").split()) <= NON_FETCHING_LINK_RELS:
                        continue
                    for url in value.split(","):
                        if url.strip() and _is_external(url.split()[0]):
                            problems.append(f"{path.relative_to(built_site)}: <{el.tag} {attr}={value!r}>")
                if attr == "style":
                    problems += [f"{path.relative_to(built_site)}: style url {u}"
                                 for u in _css_urls(value) if _is_external(u)]
            if el.tag == "style":
                problems += [f"{path.relative_to(built_site)}: <style> url {u}"
                             for u in _css_urls(el.text()) if _is_external(u)]
            if el.tag == "script" and not el.get("src"):
                problems += [f"{path.relative_to(built_site)}: inline script {u}" for u in _js_loads(el.text())]
            if el.tag == "meta" and el.get("http-equiv", "").lower() == "refresh":
                problems.append(f"{path.relative_to(built_site)}: meta refresh")
    assert not problems, "\n".join(problems[:30])


def _css_urls(css: str) -> list:
    return [a or b for a, b in CSS_URL.findall(css)]


def test_css_loads_nothing_from_another_host(built_site):
    problems = []
    for path in _files(built_site, ".css"):
        for url in _css_urls(path.read_text(encoding="utf-8")):
            if _is_external(url):
                problems.append(f"{path.relative_to(built_site)}: {url}")
    assert not problems, "\n".join(problems)


# Ways a script can fetch or load code or data from a literal URL.
JS_LOAD = re.compile(
    r"""(?:\bimport\s*\(|\bimport\s[^;'"]*?from\s*|\bimportScripts\s*\(|\bfetch\s*\(|new\s+(?:Shared)?Worker\s*\(|"""
    r"""\.src\s*=|new\s+EventSource\s*\(|new\s+WebSocket\s*\(|sendBeacon\s*\(|\bopen\s*\(\s*['"][A-Z]+['"]\s*,)"""
    r"""\s*[`'"]((?:[a-z][a-z0-9+.-]*:)?//[^`'"]+)""", re.I)
ANY_URL = re.compile(r"""[`'"]((?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^`'"\s]*)""", re.I)


def _js_loads(js: str) -> list:
    return JS_LOAD.findall(js)


def test_scripts_load_nothing_from_another_host(built_site):
    """Our own scripts may not even mention another host. Vendored runtimes (Material's bundle, Pyodide) may
    mention only the hosts listed in DORMANT, each with the reason it never loads here."""
    problems = []
    for path in _files(built_site, ".js", ".mjs"):
        rel = path.relative_to(built_site).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        problems += [f"{rel}: loads {u}" for u in _js_loads(text)]
        vendored = re.sub(r"^[a-z]{2}/", "", rel).startswith(("assets/javascripts/", "pyodide/"))  # es/assets/…
        for url in ANY_URL.findall(text):
            if vendored and any(url.startswith(d) for d in DORMANT):
                continue
            problems.append(f"{rel}: mentions {url}")
    assert not problems, "\n".join(problems)


def test_material_bundle_references_stay_dormant(built_site, repo_root):
    config = yaml.load((repo_root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert not config.get("repo_url"), "repo_url makes Material call api.github.com"
    assert config.get("theme", {}).get("font") == "false", "theme.font must be false (no Google Fonts)"
    assert not any("privacy" in str(p) for p in config.get("plugins", []))
    for path in _files(built_site, ".html"):
        text = path.read_text(encoding="utf-8")
        assert 'class="mermaid"' not in text, f"{path}: a mermaid diagram would load mermaid from unpkg.com"
    bundle = next((built_site / "assets" / "javascripts").glob("bundle.*.min.js")).read_text(encoding="utf-8")
    # The polyfill is fetched only when ResizeObserver is missing.
    assert 'typeof ResizeObserver=="undefined"?' in bundle


def test_only_plain_links_point_to_other_hosts(built_site):
    """Other hosts appear only as <a href> (sources, official pages): never as anything the page fetches."""
    hosts = set()
    for path in _files(built_site, ".html"):
        doc = parse(path.read_text(encoding="utf-8"))
        for el in doc.iter():
            for attr, value in el.attrs.items():
                if attr in ("href", "src", "srcset", "data", "action", "poster") and _is_external(value):
                    assert el.tag == "a" and attr == "href", f"{path}: <{el.tag} {attr}={value!r}>"
                    hosts.add(re.sub(r"^(?:[a-z]+:)?//([^/]+).*$", r"\1", value))
    assert "www.dhcs.ca.gov" in hosts  # the sources are linked
