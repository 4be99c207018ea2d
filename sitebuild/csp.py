"""Post-build: a Content-Security-Policy on every page, and the same policy as an HTTP header in _headers.

Every built HTML page gets `<meta http-equiv="Content-Security-Policy" content="...">` as the first element of
its <head> after `<meta charset>` (the charset declaration must sit in the first 1024 bytes of the file and is
not something a policy governs; a meta policy covers only what comes after it, so it precedes every script,
style and link). Inline scripts are allowed one by one by the sha256 of their text, computed here per page;
there is no 'unsafe-inline' and no 'unsafe-eval'.

The relaxations, and why (content/pages/hosting.md explains them to whoever hosts the site):

- script-src 'wasm-unsafe-eval': Pyodide compiles WebAssembly (the Python interpreter). Without it the
  screener cannot start. It allows compiling WebAssembly only, not JavaScript eval(). It is on every page,
  not only the screener's: a host sends one policy header for all pages (see below), and some browsers apply
  the page's policy to the worker it starts.
- script-src 'sha256-...': MkDocs Material's small inline scripts in every page (the base URL and storage
  helpers, the colour-palette restore, the tab restore). Only those exact texts may run.
- img-src data:: Material draws its icons as inline SVG data: URLs inside its CSS.
- style-src: only 'self' (plus sha256 hashes of any inline <style> or style="" found in the built pages, with
  'unsafe-hashes' only when there are style attributes). Material's scripts set styles through the CSSOM
  (element.style), which a policy does not restrict.

A <meta> policy cannot carry frame-ancestors (nor report-to or sandbox): the HTTP header written into
_headers adds `frame-ancestors 'none'` so no other site can frame these pages. The header lists the union
of every page's script hashes (a host sends one header for all pages), and applies to the screener's Web
Worker and the service worker too, which a page's meta policy does not reach: that is why 'wasm-unsafe-eval'
is in the header as well.

    python3 -m sitebuild.csp site/     (re)apply to a built site; the build does this itself
"""
import base64
import hashlib
import html
import re
import sys
from pathlib import Path

from .errors import BuildError

HEADERS_FILE = "_headers"
HEADER_MARKER = "__CONTENT_SECURITY_POLICY__"  # in docs/_headers; replaced by the site-wide header policy

# Script types a browser executes (an absent type or any JavaScript MIME type, or module). JSON data blocks
# such as Material's <script id="__config" type="application/json"> do not run and need no hash.
_JS_TYPES = {"", "module", "text/javascript", "application/javascript", "application/ecmascript",
             "text/ecmascript", "text/jscript", "text/livescript", "application/x-javascript"}

_SCRIPT_RE = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_STYLE_EL_RE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.S | re.I)
_STYLE_ATTR_RE = re.compile(r"""<[a-zA-Z][^<>]*?\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.S)
_EVENT_ATTR_RE = re.compile(r"""<[a-zA-Z][^<>]*?\s(on[a-z]+)\s*=\s*(?:"[^"]*"|'[^']*')""", re.S)
_ATTR_RE = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_CSP_META_RE = re.compile(r"""\s*<meta\s+http-equiv=["']Content-Security-Policy["'][^>]*>""", re.I)
_CHARSET_RE = re.compile(r"<meta\s+charset=[\"']?[-\w]+[\"']?\s*/?>", re.I)
_HEAD_RE = re.compile(r"<head\b[^>]*>", re.I)


def _attrs(text: str) -> dict:
    return {m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
            for m in _ATTR_RE.finditer(text)}


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_scripts(page: str) -> list[str]:
    """The text of every inline script the browser would run."""
    out = []
    for match in _SCRIPT_RE.finditer(page):
        attrs = _attrs(match.group(1))
        if "src" in attrs:
            continue
        if attrs.get("type", "").strip().lower() not in _JS_TYPES:
            continue
        out.append(match.group(2))
    return out


def inline_styles(page: str) -> tuple[list[str], list[str]]:
    """(texts of <style> elements, values of style="" attributes)."""
    elements = [m.group(1) for m in _STYLE_EL_RE.finditer(page)]
    attributes = [html.unescape(m.group(1) if m.group(1) is not None else m.group(2))
                  for m in _STYLE_ATTR_RE.finditer(page)]
    return elements, attributes


def event_handler_attributes(page: str) -> list[str]:
    return sorted({m.group(1) for m in _EVENT_ATTR_RE.finditer(_SCRIPT_RE.sub("", page))})


def _unique(items):
    seen = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def policy(script_hashes=(), style_hashes=(), style_attr_hashes=(), header: bool = False) -> str:
    """The policy text. header=True adds what only an HTTP header can carry."""
    scripts = ["'self'", "'wasm-unsafe-eval'", *sorted(set(script_hashes))]
    styles = ["'self'", *sorted(set(style_hashes) | set(style_attr_hashes))]
    if style_attr_hashes:
        styles.insert(1, "'unsafe-hashes'")
    directives = [
        ("default-src", ["'self'"]),
        ("script-src", scripts),
        ("style-src", styles),
        ("img-src", ["'self'", "data:"]),
        ("font-src", ["'self'"]),
        ("connect-src", ["'self'"]),
        ("worker-src", ["'self'"]),
        ("manifest-src", ["'self'"]),
        ("object-src", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("form-action", ["'self'"]),
    ]
    if header:
        directives.append(("frame-ancestors", ["'none'"]))
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives)


def page_policy(page: str) -> tuple[str, dict]:
    """The meta policy for one page and what it allowed: {"scripts": [...], "styles": [...], "attrs": [...]}."""
    page = _CSP_META_RE.sub("", page)
    scripts = _unique(sha256_source(s) for s in inline_scripts(page))
    elements, attributes = inline_styles(page)
    styles = _unique(sha256_source(s) for s in elements)
    attrs = _unique(sha256_source(s) for s in attributes)
    return policy(scripts, styles, attrs), {"scripts": scripts, "styles": styles, "attrs": attrs}


def apply_to_page(page: str) -> tuple[str, dict]:
    """The page with its CSP meta in place (an older one is replaced), and the hashes it allowed."""
    page = _CSP_META_RE.sub("", page)
    text, allowed = page_policy(page)
    escaped = html.escape(text, quote=False).replace('"', "&quot;")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{escaped}">'
    charset = _CHARSET_RE.search(page)
    head = _HEAD_RE.search(page)
    if head is None:
        raise ValueError("no <head> element")
    if charset and charset.start() > head.end() and not re.search(
            r"<(script|link|style|base|meta\s+http-equiv)\b", page[head.end():charset.start()], re.I):
        at = charset.end()
    else:
        at = head.end()
    return page[:at] + "\n    " + meta + page[at:], allowed


def apply(site_dir: Path) -> dict:
    """Write the meta policy into every HTML page of site_dir and the header policy into _headers.
    Returns {"pages": n, "scripts": [...every hash...], "header": header policy}."""
    site_dir = Path(site_dir)
    scripts, styles, attrs, problems = [], [], [], []
    pages = sorted(site_dir.rglob("*.html"))
    for path in pages:
        text = path.read_text(encoding="utf-8")
        handlers = event_handler_attributes(text)
        if handlers:
            problems.append(f"{path.relative_to(site_dir)}: inline event handler attributes "
                            f"({', '.join(handlers)}) cannot run under the Content-Security-Policy")
            continue
        try:
            new, allowed = apply_to_page(text)
        except ValueError as err:
            problems.append(f"{path.relative_to(site_dir)}: {err}")
            continue
        scripts += allowed["scripts"]
        styles += allowed["styles"]
        attrs += allowed["attrs"]
        path.write_text(new, encoding="utf-8")
    if problems:
        raise BuildError("Content-Security-Policy:\n  " + "\n  ".join(problems))
    header = policy(_unique(scripts), _unique(styles), _unique(attrs), header=True)
    headers_path = site_dir / HEADERS_FILE
    if headers_path.is_file():
        text = headers_path.read_text(encoding="utf-8")
        if HEADER_MARKER in text:
            headers_path.write_text(text.replace(HEADER_MARKER, header), encoding="utf-8")
    return {"pages": len(pages), "scripts": sorted(set(scripts)), "header": header}


# ---- reading a _headers file (Netlify / Cloudflare Pages format), for the test server and checks -----------

def parse_headers_file(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(path pattern, [(header, value), ...]), ...] in file order. A pattern line starts in column 0; its
    headers follow indented as `Name: value`; # starts a comment."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for raw in text.splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if not raw[0].isspace():
            rules.append((raw.strip(), []))
        elif rules and ":" in raw:
            name, value = raw.strip().split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def _pattern_matches(pattern: str, path: str) -> bool:
    regex = "^" + re.escape(pattern).replace(r"\*", ".*") + "$"
    regex = re.sub(r":[a-zA-Z]+", "[^/]+", regex)  # :placeholder matches one path segment
    return re.match(regex, path) is not None


def headers_for(rules, path: str) -> list[tuple[str, str]]:
    """Every header the rules give a URL path (all matching rules apply, in order, as on Netlify)."""
    out = []
    for pattern, headers in rules:
        if _pattern_matches(pattern, path):
            out.extend(headers)
    return out


if __name__ == "__main__":
    result = apply(Path(sys.argv[1] if len(sys.argv) > 1 else "site"))
    print(f"{result['pages']} pages; {len(result['scripts'])} distinct inline scripts\n{result['header']}")
