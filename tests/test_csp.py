"""The Content-Security-Policy, checked in the built files (tests/browser/test_privacy.py checks it in Chromium).

Every HTML page carries the policy in a <meta http-equiv> before anything it governs; the policy allows exactly
the page's own inline scripts by hash, and nothing from another host; _headers carries the same policy plus
frame-ancestors as an HTTP header.
"""
import re

import pytest

from sitebuild import csp

REQUIRED = {
    "default-src": {"'self'"},
    "connect-src": {"'self'"},
    "worker-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
}
FORBIDDEN = ("'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:", "blob:")
META_RE = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def parse(policy: str) -> dict:
    out = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            out[words[0]] = set(words[1:])
    return out


def check_policy(text: str, where: str) -> dict:
    directives = parse(text)
    for name, values in REQUIRED.items():
        assert directives.get(name) == values, f"{where}: {name} is {directives.get(name)}, want {values}"
    script = directives["script-src"]
    assert {"'self'", "'wasm-unsafe-eval'"} <= script, where
    assert all(v in ("'self'", "'wasm-unsafe-eval'") or v.startswith("'sha256-") for v in script), where
    style = directives["style-src"]
    assert all(v in ("'self'", "'unsafe-hashes'") or v.startswith("'sha256-") for v in style), where
    for values in directives.values():
        bad = [v for v in values if v in FORBIDDEN]
        assert not bad, f"{where}: {bad} in the policy"
    return directives


@pytest.fixture(scope="module")
def pages(built_site):
    found = {p.relative_to(built_site).as_posix(): p.read_text(encoding="utf-8")
             for p in sorted(built_site.rglob("*.html"))}
    assert len(found) > 20
    return found


def test_every_page_has_the_policy_first_in_head(pages):
    missing = []
    for rel, text in pages.items():
        metas = META_RE.findall(text)
        if len(metas) != 1:
            missing.append(f"{rel}: {len(metas)} CSP meta elements")
            continue
        head = text[text.index("<head"):]
        at = head.index('<meta http-equiv="Content-Security-Policy"')
        before = re.sub(r"<head[^>]*>|<meta charset=[^>]*>|\s+", "", head[:at])
        if before:
            missing.append(f"{rel}: {before[:80]!r} comes before the CSP meta")
        # the charset must stay in the first 1024 bytes
        assert text.encode("utf-8").find(b'<meta charset="utf-8">') < 1024 - 30, rel
    assert not missing, "\n".join(missing)


def test_policy_allows_exactly_the_inline_scripts_of_each_page(pages):
    for rel, text in pages.items():
        directives = check_policy(META_RE.search(text).group(1).replace("&quot;", '"'), rel)
        without_meta = META_RE.sub("", text)
        wanted = {csp.sha256_source(s) for s in csp.inline_scripts(without_meta)}
        allowed = {v for v in directives["script-src"] if v.startswith("'sha256-")}
        assert allowed == wanted, f"{rel}: policy hashes {allowed} != inline scripts {wanted}"
        assert "frame-ancestors" not in directives, f"{rel}: frame-ancestors is ignored in <meta>"


def test_no_inline_event_handlers_or_javascript_urls(pages):
    for rel, text in pages.items():
        assert not csp.event_handler_attributes(text), rel
        assert "javascript:" not in text.lower().replace("text/javascript", ""), rel


def test_headers_file_carries_the_policy_and_frame_ancestors(built_site, pages):
    text = (built_site / "_headers").read_text(encoding="utf-8")
    assert csp.HEADER_MARKER not in text
    rules = csp.parse_headers_file(text)
    headers = dict(csp.headers_for(rules, "/ecm/"))
    directives = check_policy(headers["Content-Security-Policy"], "_headers")
    assert directives["frame-ancestors"] == {"'none'"}
    every_hash = set()
    for page in pages.values():
        every_hash |= {csp.sha256_source(s) for s in csp.inline_scripts(META_RE.sub("", page))}
    assert every_hash <= directives["script-src"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    wasm = dict(csp.headers_for(rules, "/pyodide/314.0.7/pyodide.asm.wasm"))
    assert wasm["Content-Type"] == "application/wasm"
    assert "immutable" in wasm["Cache-Control"]
    # each path gets Cache-Control from one rule only (hosts join repeated headers with commas)
    for path in ("/", "/ecm/", "/sw.js", "/pyodide/314.0.7/pyodide.asm.wasm", "/assets/stylesheets/main.css"):
        names = [name for name, _ in csp.headers_for(rules, path)]
        assert names.count("Cache-Control") <= 1, path
    assert dict(csp.headers_for(rules, "/sw.js"))["Cache-Control"] == "no-cache"


def test_apply_is_idempotent_and_hashes_what_runs():
    page = ('<!doctype html><html><head>\n<meta charset="utf-8">\n<title>x</title>'
            '<script>var a = 1;</script><script type="application/json">{"b": 2}</script>'
            '<script src="x.js"></script><style>p{color:red}</style></head>'
            '<body><p style="color: blue">x</p><script type="module">import "./y.js";</script></body></html>')
    once, allowed = csp.apply_to_page(page)
    twice, _ = csp.apply_to_page(once)
    assert once == twice
    assert allowed["scripts"] == [csp.sha256_source("var a = 1;"), csp.sha256_source('import "./y.js";')]
    directives = parse(META_RE.search(once).group(1).replace("&quot;", '"'))
    assert csp.sha256_source('{"b": 2}') not in directives["script-src"]
    assert {csp.sha256_source("p{color:red}"), csp.sha256_source("color: blue"), "'unsafe-hashes'"} <= \
        directives["style-src"]
    assert once.index("Content-Security-Policy") > once.index("<meta charset")
    assert once.index("Content-Security-Policy") < once.index("<title>")


def test_parse_headers_file():
    rules = csp.parse_headers_file("# c\n/*\n  A: 1\n/x/*\n  B: 2\n/x/y\n  C: 3\n")
    assert csp.headers_for(rules, "/x/y") == [("A", "1"), ("B", "2"), ("C", "3")]
    assert csp.headers_for(rules, "/z") == [("A", "1")]
