"""Small changes to Material's scripts, each checked against the theme so an upgrade stops the build here.

1. hreflang links and instant navigation.

Material 9.8.1 (integrations/alternate in its bundle) reads every `<link rel="alternate">` of the page as the
root of another version of the site (what its `extra.alternate` list writes: one link per language root). For
each one it fetches `<href>sitemap.xml`, and from then on a click on any link below such a "root", from a page
outside it, is taken over and becomes a full page load to that root. Our hreflang links name *pages*
(`/screener/` and `/es/screener/`), so every page visited became a "root": coming back to the screener through
the navigation reloaded it (the runtime started again, the answers were gone), the language switch lost the
address's fragment, and every page fetched two sitemap.xml files that do not exist.

The change: that one selector also requires the link to have no hreflang attribute, so Material's version
switching leaves our per-page hreflang links alone (we do not use its language selector: the header's switch is
a plain link, overrides/partials/alternate.html). The patched script gets a new content-hashed name, and every
page of that language's site points at it, so a browser that cached the original under its long-lived name
never mixes the two. A theme upgrade that changes the selector stops the build here, to be looked at again.

2. Overflow titles only in the header. Material's bundle (patches/ellipsis) watches every `.md-ellipsis` element
with an IntersectionObserver and, once it is on screen, compares its widths to give a cut-off text a title. On a
program page that is about 230 elements (every navigation and table-of-contents entry), all subscribed while the
page starts, for nothing: those entries wrap, so they are never cut off. Only the header's one-line page title
can be, so the selector is narrowed to `.md-header .md-ellipsis`.

3. Links are not mounted one by one. Material's content component (components/content) mounts every `<a>` of the
article as an instant-preview link (components/content/link), and that component does nothing for a link without
`data-preview` unless the navigation.instant.preview feature is on (it is not: mkdocs.yml). On the matrix that is
1,345 subscriptions made at load for nothing; the selector is narrowed to `a[data-preview]` (none here).

4. The search index only when someone searches. On every page load Material downloaded search/search_index.json
(about 330 KB, 52 KB compressed), parsed it on the main thread and had its search worker build the lunr index
from it: about 0.7 s of CPU on a desktop, several times that on a phone, on every page, for a search most
visits never use; on the screener page it competed with Python's start-up for the CPU. Material already waits
for the search to be opened where it cannot fetch (file:// addresses); the change makes that the rule everywhere:
the index is fetched and built when the search is opened (a tap on the search icon, a click or focus in the
search box, its keyboard shortcuts). Material's highlighting of the search terms on a page opened from a result
(`?h=`, feature search.highlight) asked for the index on every load too; it now asks only when the address has
`?h=`. (Minified names in the bundle: `$` of(), `b` switchMap, `m` map, `g` filter, `Q` startWith, `z`
combineLatest.)

5. Stemmed search as you type. Material's search worker adds a trailing wildcard to every term typed, and lunr
skips the stemmer for such terms, so with a stemmer in the index (the Spanish site) a complete word found nothing
("vivienda*" against the stem "viviend"). sitebuild/search_stem.js, appended to the worker, stems the typed term
with the index's own search pipeline before the wildcard. The worker gets a new name the same way.
"""
import hashlib
import re
from pathlib import Path

from .errors import BuildError

SELECTOR = '"link[rel=alternate]"'
PATCHED = '"link[rel=alternate]:not([hreflang])"'
# Each (Material's text, ours, what it is): the text must be in the bundle exactly once (1.-4. above).
BUNDLE_PATCHES = (
    (SELECTOR, PATCHED, "alternate-link selector"),
    ('".md-ellipsis"', '".md-header .md-ellipsis"', "overflow-title selector (patches/ellipsis)"),
    ('M("a",e)', 'M("a[data-preview]",e)', "content links mounted as previews (components/content)"),
    # 4.: the search worker is set up when the search is opened, not at once (Material's file:// behaviour)
    ('location.protocol!=="file:"', "!1", "search set-up outside file://"),
    ('z([t,r.pipe(Q(we()),g(o=>!!o.searchParams.get("h")))])',
     'r.pipe(Q(we()),g(o=>!!o.searchParams.get("h")),b(n=>t.pipe(m(o=>[o,n]))))',
     "search highlight's index request"),
)
_BUNDLE = re.compile(r"^bundle\.([0-9a-f]+)\.min\.js$")
_WORKER = re.compile(r"^search\.([0-9a-f]+)\.min\.js$")
_WORKER_LUNR = "self.lunr="
SEARCH_STEM = Path(__file__).with_name("search_stem.js")


def apply(site_root: Path) -> None:
    """Patch Material's bundle and search worker in every language's site under site_root (site/, site/<code>/)."""
    bundles = _find(site_root, "assets/javascripts", _BUNDLE)
    workers = _find(site_root, "assets/javascripts/workers", _WORKER)
    for bundle in bundles:
        patch_bundle(bundle, bundle.parent.parent.parent)
    for worker in workers:
        patch_search_worker(worker, worker.parent.parent.parent.parent)


def _find(site_root: Path, folder: str, pattern) -> list[Path]:
    found = sorted(p for p in Path(site_root).rglob(f"{folder}/*.min.js") if pattern.match(p.name))
    if not found:
        raise BuildError(f"{site_root}: Material's {folder}/{pattern.pattern} not found (sitebuild/material_patch.py)")
    return found


def patch_bundle(bundle: Path, site: Path) -> str:
    """BUNDLE_PATCHES (1.-4. above). Returns the new file name."""
    text = bundle.read_text(encoding="utf-8")
    for original, patched, what in BUNDLE_PATCHES:
        _expect_once(bundle, text, original, what)
        text = text.replace(original, patched)
    return _republish(bundle, site, text, "bundle")


def patch_search_worker(worker: Path, site: Path) -> str:
    """Stemmed type-ahead (5. above). Returns the new file name."""
    text = worker.read_text(encoding="utf-8")
    _expect_once(worker, text, _WORKER_LUNR, "search worker exposing lunr")
    addition = SEARCH_STEM.read_text(encoding="utf-8")
    return _republish(worker, site, _drop_source_map(text) + "\n" + addition, "search")


def _expect_once(path: Path, text: str, needle: str, what: str) -> None:
    count = text.count(needle)
    if count != 1:
        raise BuildError(f"{path}: expected Material's {what} ({needle}) once, found it {count} times: the theme "
                         "changed; check sitebuild/material_patch.py against it")


def _drop_source_map(text: str) -> str:
    return re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", text)


def _republish(original: Path, site: Path, patched: str, stem: str) -> str:
    """Write `patched` next to `original` under a content-hashed name, point every page of `site` at it and
    remove the original and its source map (which no longer matches: the reference to it goes too)."""
    patched = _drop_source_map(patched)
    name = f"{stem}.{hashlib.sha256(patched.encode('utf-8')).hexdigest()[:8]}.min.js"
    (original.parent / name).write_text(patched, encoding="utf-8")
    folder = original.parent.relative_to(site).as_posix()
    old, new = f"{folder}/{original.name}", f"{folder}/{name}"
    for page in site.rglob("*.html"):
        if _inside_other_site(page, site, original.parent):
            continue
        html = page.read_text(encoding="utf-8")
        if old in html:
            page.write_text(html.replace(old, new), encoding="utf-8")
    original.unlink()
    original.with_name(original.name + ".map").unlink(missing_ok=True)  # describes the original only
    return name


def _inside_other_site(page: Path, site: Path, folder: Path) -> bool:
    """A page of another language's site nested in this one (site/es/ inside site/) has its own copy."""
    rel = folder.relative_to(site)
    for parent in page.relative_to(site).parents:
        if parent == Path("."):
            return False
        candidate = site / parent / rel
        if candidate != folder and candidate.is_dir():
            return True
    return False
