"""Every internal link and anchor in the built site resolves; every tel: and mailto: link is well formed.

Each built HTML page is parsed; every href/src/srcset/action that stays on the site is resolved against the
page's URL (a folder URL `x/` is the file `x/index.html`) to a file of the site, and a #fragment must be an id
(or <a name>) in the target page. Links to other sites are not fetched (the tests never use the network).
"""
import html.parser
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

TEL_RE = re.compile(r"^tel:(\+1\d{10}|711)$")
MAILTO_RE = re.compile(
    r"^mailto:[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
    r"(\?subject=[A-Za-z0-9%._~!$'()*+,;=:@/-]+)?$")
URL_ATTRS = {"href", "src", "action", "poster", "data"}
EXTERNAL_RE = re.compile(r"^(https?:)?//", re.I)


class PageParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            elif name in URL_ATTRS:
                self.links.append((tag, name, value.strip()))
            elif name == "srcset":
                for part in value.split(","):
                    if part.strip():
                        self.links.append((tag, name, part.strip().split()[0]))


def page_url(rel: str) -> str:
    """Site-relative URL of a built file: ecm/index.html -> /ecm/, 404.html -> /404.html."""
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def target_file(site: Path, url_path: str) -> Path | None:
    """The file a site-relative URL path serves, or None."""
    path = site / unquote(url_path).lstrip("/")
    if url_path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


@pytest.fixture(scope="module")
def parsed(built_site):
    pages = {}
    for path in sorted(built_site.rglob("*.html")):
        parser = PageParser()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path.relative_to(built_site).as_posix()] = parser
    assert len(pages) > 20, "the site has suspiciously few pages"
    return pages


def test_internal_links_and_anchors_resolve(built_site, parsed):
    broken = []
    checked = 0
    for rel, parser in parsed.items():
        base = page_url(rel)
        for tag, attr, value in parser.links:
            if not value or EXTERNAL_RE.match(value) or re.match(r"^[a-z][a-z0-9+.-]*:", value, re.I):
                continue  # another site, or tel:, mailto:, data:, javascript: (checked elsewhere)
            parts = urlsplit(value)
            if parts.path:
                resolved = posixpath.normpath(posixpath.join(posixpath.dirname(base), parts.path))
                if parts.path.endswith("/") and not resolved.endswith("/"):
                    resolved += "/"
                if resolved.startswith("//"):
                    resolved = resolved[1:]
                target = target_file(built_site, resolved)
                if target is None:
                    broken.append(f"{rel}: <{tag} {attr}={value!r}>: no file for {resolved}")
                    continue
                target_rel = target.relative_to(built_site).as_posix()
            else:
                target_rel = rel
            checked += 1
            fragment = unquote(parts.fragment)
            # A fragment with "=" is a view of the page (the matrix's filter, #service=...; README), not an anchor.
            if fragment and "=" not in fragment and target_rel.endswith(".html") and fragment not in parsed[target_rel].ids:
                broken.append(f"{rel}: <{tag} {attr}={value!r}>: no id {fragment!r} in {target_rel}")
    assert checked > 500, f"only {checked} internal links checked"
    assert not broken, f"{len(broken)} broken internal links:\n  " + "\n  ".join(broken[:80])


def test_tel_links(parsed):
    bad, seen = [], 0
    for rel, parser in parsed.items():
        for tag, attr, value in parser.links:
            if value.lower().startswith("tel:"):
                seen += 1
                if not TEL_RE.match(value):
                    bad.append(f"{rel}: {value!r}")
    assert seen, "no tel: links at all: the contact pages lost their phone links"
    assert not bad, "tel: links must be tel:+1 and 10 digits, or tel:711:\n  " + "\n  ".join(sorted(set(bad)))


def test_mailto_links(parsed):
    bad = []
    for rel, parser in parsed.items():
        for tag, attr, value in parser.links:
            if value.lower().startswith("mailto:") and not MAILTO_RE.match(value):
                bad.append(f"{rel}: {value!r}")
    assert not bad, ("mailto: links must be an address with an optional url-encoded subject:\n  "
                     + "\n  ".join(sorted(set(bad))))


def test_no_javascript_urls(parsed):
    bad = [f"{rel}: {value!r}" for rel, p in parsed.items() for _, _, value in p.links
           if value.lower().startswith("javascript:")]
    assert not bad, "javascript: URLs cannot run under the site's Content-Security-Policy:\n  " + "\n  ".join(bad)


@pytest.mark.parametrize("value,ok", [
    ("tel:+19255551234", True), ("tel:711", True), ("tel:+1-925-555-1234", False), ("tel:9255551234", False),
    ("tel:+1925555123", False),
])
def test_tel_pattern(value, ok):
    assert bool(TEL_RE.match(value)) is ok


@pytest.mark.parametrize("value,ok", [
    ("mailto:ecm@example.org", True), ("mailto:ecm@example.org?subject=ECM%20referral", True),
    ("mailto:ecm@example.org?subject=ECM referral", False), ("mailto:not-an-address", False),
    ("mailto:a@b.org?cc=x@y.org", False),
])
def test_mailto_pattern(value, ok):
    assert bool(MAILTO_RE.match(value)) is ok
