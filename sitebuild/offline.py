"""Post-build: make the site work offline (or switch that off), with a cache named after the build.

Runs last (after MkDocs, the screener assets and the Content-Security-Policy step), on the finished tree:

1. decides whether offline is on: mkdocs.yml `extra.offline` (default true), overridden by the environment
   variable SITE_OFFLINE (0/false/off/no or 1/true/on/yes) at build time;
2. sets MODE and TEXT (the update notice's words from content/ui.yaml, per language) in assets/offline.js, the
   registration script every page loads;
3. lists every file the site serves (the precache list: pages, CSS, JS, search index, data, the Pyodide
   runtime, the wheel), each with its kind and the start of its SHA-256:
     PAGE    0  pages, styles, scripts, search index, data: stored when the worker installs;
     PACKAGE 1  the screener's own Python package (the wheel, its precompiled zip: the manifest names them, wherever
                they are): stored once the screener is opened,
                and refreshed by every later build's worker as it installs;
     RUNTIME 2  the Pyodide runtime (pyodide/<version>/): stored once the screener is opened, in a cache named
                after the Pyodide version that later builds carry over instead of downloading it again;
   the worker checks every file it stores against its hash, so a build's cache never holds another build's file;
4. computes the build id, a hash of the path and bytes of every file of the site (except sw.js, which holds
   it), so two builds of the same sources get the same id and any change gets a new one;
5. writes BUILD_ID, MODE, RUNTIME (the Pyodide version) and PRECACHE into sw.js at the site root (template:
   docs/sw.js).

Re-running it on a built site gives the same result (it rewrites the constants in place).
"""
import hashlib
import json
import os
import re
from pathlib import Path

from . import yaml_lines
from .build_id import build_id as make_build_id
from .errors import BuildError

ROOT = Path(__file__).resolve().parent.parent
SW = "sw.js"
REGISTER_JS = "assets/offline.js"
ENV = "SITE_OFFLINE"
# Served by the site, but no use offline (source maps, the compressed sitemap, host configuration). The plain
# sitemap.xml stays, as any page of the site does.
SKIP_NAMES = {SW, "_headers", "_redirects", "sitemap.xml.gz", "CNAME", ".nojekyll"}
SKIP_SUFFIXES = (".map", ".br", ".gz")  # .br/.gz: precompressed copies (sitebuild/precompress.py); the host picks them
PAGE, PACKAGE, RUNTIME = 0, 1, 2
RUNTIME_DIR = "pyodide/"
PACKAGE_DIR = "screener/"
PACKAGE_SUFFIXES = (".whl", ".zip")
HASH_CHARS = 16
MANIFEST = "screener/manifest.json"
# The update notice's words (content/ui.yaml; a language's overlay in content/locales/<code>/ui.yaml).
NOTICE_KEYS = {"ready": "update.ready", "reload": "update.reload"}
LUNR_DIR = "assets/javascripts/lunr/"


def enabled(config_path: Path = ROOT / "mkdocs.yml", environ=None) -> bool:
    environ = os.environ if environ is None else environ
    value = environ.get(ENV, "").strip().lower()
    if value in ("0", "false", "off", "no"):
        return False
    if value in ("1", "true", "on", "yes"):
        return True
    if value:
        raise BuildError(f"{ENV}={environ[ENV]!r}: use 1/true/on/yes or 0/false/off/no")
    extra = _mkdocs_config(config_path).get("extra") or {}
    setting = extra.get("offline", True)
    if not isinstance(setting, bool):
        raise BuildError(f"mkdocs.yml extra.offline must be true or false, not {setting!r}")
    return setting


def _mkdocs_config(path: Path) -> dict:
    import yaml

    class Loader(yaml.SafeLoader):  # mkdocs.yml may hold !!python/name: tags; they don't matter here
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=Loader) or {}


def site_files(site_dir: Path) -> list[str]:
    """Every file of the site, as sorted POSIX paths relative to site_dir."""
    return sorted(p.relative_to(site_dir).as_posix() for p in Path(site_dir).rglob("*") if p.is_file())


def _search_languages(site_dir: Path) -> dict:
    """{folder prefix: search languages} for the site ("") and each language's site in a folder ("es/")."""
    out = {}
    for index_path in sorted(Path(site_dir).glob("*search/search_index.json")) + sorted(
            Path(site_dir).glob("*/search/search_index.json")):
        prefix = index_path.parent.parent.relative_to(site_dir).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        try:
            out[prefix] = list(json.loads(index_path.read_text(encoding="utf-8"))["config"]["lang"])
        except (OSError, ValueError, KeyError, TypeError):
            out[prefix] = []
    return out


def _lunr_needed(rel: str, by_prefix: dict) -> bool:
    """Material's search worker loads files from assets/javascripts/lunr/ only for languages other than
    English (about 1 MB in all): precache only the ones each site's search languages use (the English site at
    the root, and each other language's site in its folder, es/)."""
    prefix = max((p for p in by_prefix if rel.startswith(p)), key=len, default="")
    languages = by_prefix.get(prefix, [])
    rel = rel[len(prefix):]
    if not rel.startswith(LUNR_DIR):
        return True
    others = [lang for lang in languages if lang != "en"]
    if not others:
        return False
    wanted = {"min/lunr.stemmer.support.min.js", "min/lunr.multi.min.js"}
    wanted |= {f"min/lunr.{lang}.min.js" for lang in others}
    if "ja" in others:
        wanted.add("tinyseg.js")
    if "th" in others:
        wanted.add("wordcut.js")
    return rel[len(LUNR_DIR):] in wanted


def package_files(site_dir: Path) -> set[str]:
    """Our own Python package as the screener loads it, wherever the build puts it: the wheel, and the
    precompiled zip of it (the manifest's "app" entry) even when it sits in the runtime folder."""
    try:
        manifest = json.loads((Path(site_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    out = set()
    if isinstance(manifest.get("wheel"), dict) and manifest["wheel"].get("file"):
        out.add(PACKAGE_DIR + str(manifest["wheel"]["file"]))
    if isinstance(manifest.get("app"), dict) and manifest["app"].get("file"):
        out.add(str(manifest["app"]["file"]))
    return out


def kind_of(rel: str, package: set[str] = frozenset()) -> int:
    # every language's screener folder (screener/, es/screener/) holds a copy of the package
    in_package_dir = ("/" + rel).rsplit("/", 2)[-2:-1] == [PACKAGE_DIR.strip("/")]
    if rel in package or (in_package_dir and rel.endswith(PACKAGE_SUFFIXES)):
        return PACKAGE
    if rel.startswith(RUNTIME_DIR):
        return RUNTIME
    return PAGE


def precache_list(site_dir: Path) -> list[list]:
    """[[url, kind, sha256 prefix], ...]: URLs relative to the site root; a folder's index.html is listed as the
    folder URL people navigate to ("" for the home page, "ecm/" for ecm/index.html). Kinds: PAGE, PACKAGE,
    RUNTIME (see the module's docstring); PACKAGE and RUNTIME are the large screener files."""
    out = []
    languages = _search_languages(site_dir)
    package = package_files(site_dir)
    for rel in site_files(site_dir):
        name = rel.rsplit("/", 1)[-1]
        if rel in SKIP_NAMES or name.startswith(".") or rel.endswith(SKIP_SUFFIXES):
            continue
        if not _lunr_needed(rel, languages):
            continue
        url = rel
        if rel == "index.html":
            url = ""
        elif rel.endswith("/index.html"):
            url = rel[: -len("index.html")]
        sha = hashlib.sha256((Path(site_dir) / rel).read_bytes()).hexdigest()[:HASH_CHARS]
        out.append([url, kind_of(rel, package), sha])
    return out


def runtime_version(site_dir: Path) -> str:
    """The Pyodide version (the runtime cache's name), from the screener's manifest; "" without a screener."""
    try:
        return str(json.loads((Path(site_dir) / MANIFEST).read_text(encoding="utf-8"))["pyodide"]["version"])
    except (OSError, ValueError, KeyError, TypeError):
        return ""


def notice_text(model: dict | None, content_dir: Path | None = None) -> dict:
    """{language code: {"ready": text, "reload": text}} for the update notice: English from the model, other
    languages from their ui overlay (English where a key is not translated yet)."""
    if not model:
        return {}
    ui = model["ui"]["ui"]
    english = {name: ui[key] for name, key in NOTICE_KEYS.items() if key in ui}
    if len(english) != len(NOTICE_KEYS):
        missing = [key for key in NOTICE_KEYS.values() if key not in ui]
        raise BuildError(f"content/ui.yaml: {', '.join(missing)}: missing (the update notice uses it)")
    out = {"en": english}
    locales = Path(content_dir or ROOT / "content") / "locales"
    for overlay in sorted(locales.glob("*/ui.yaml")):
        data = yaml_lines.load(overlay, str(overlay)).data or {}
        texts = data.get("ui") if isinstance(data, dict) else None
        texts = texts if isinstance(texts, dict) else {}
        out[overlay.parent.name] = {name: texts.get(key) if isinstance(texts.get(key), str) else english[name]
                                    for name, key in NOTICE_KEYS.items()}
    return out


def _is_compressed_copy(site_dir: Path, rel: str) -> bool:
    """x.br / x.gz next to x (sitebuild/precompress.py, written after this step): the same content as x."""
    return rel.endswith((".br", ".gz")) and (Path(site_dir) / rel.rsplit(".", 1)[0]).is_file()


def build_id(site_dir: Path) -> str:
    """The service worker's cache name: every file of the built site except sw.js itself and the precompressed
    copies (sitebuild/precompress.py, written after this step, the same content as their originals)."""
    return make_build_id((rel, (Path(site_dir) / rel).read_bytes()) for rel in site_files(site_dir)
                         if rel != SW and not _is_compressed_copy(site_dir, rel))


def _set_const(text: str, name: str, value: str, path: str) -> str:
    pattern = re.compile(rf"^(\s*(?:const|var|let) {name} = ).*?;$", re.M)
    new, count = pattern.subn(lambda m: m.group(1) + value + ";", text, count=1)
    if count != 1:
        raise BuildError(f"{path}: no `const {name} = ...;` line to fill in")
    return new


def apply(site_dir: Path, on: bool | None = None, template: Path | None = None, text: dict | None = None) -> dict:
    """Write MODE and TEXT into assets/offline.js and BUILD_ID, MODE, RUNTIME, PRECACHE into sw.js. text: the
    update notice's words (notice_text); None keeps what the file holds. Returns
    {"enabled", "build_id", "files", "bytes"}."""
    site_dir = Path(site_dir)
    on = enabled() if on is None else on
    mode = json.dumps("on" if on else "off")

    if not (site_dir / REGISTER_JS).is_file():
        raise BuildError(f"{REGISTER_JS} is missing from the built site (is it in docs/?)")
    # Every language's copy (assets/offline.js, es/assets/offline.js) registers the one worker at the site root:
    # a reader who opens the Spanish site first gets offline pages too.
    for register in [site_dir / REGISTER_JS, *sorted(site_dir.glob(f"*/{REGISTER_JS}"))]:
        up = "../" * (len(register.relative_to(site_dir).parts) - len(Path(REGISTER_JS).parts))
        script = _set_const(register.read_text(encoding="utf-8"), "MODE", mode, REGISTER_JS)
        script = _set_const(script, "UP", json.dumps(up), REGISTER_JS)
        if text is not None:
            script = _set_const(script, "TEXT", json.dumps(text, ensure_ascii=False, sort_keys=True), REGISTER_JS)
        register.write_text(script, encoding="utf-8")

    template = Path(template or ROOT / "docs" / SW)
    entries = precache_list(site_dir) if on else []
    bid = build_id(site_dir)
    worker = template.read_text(encoding="utf-8")
    worker = _set_const(worker, "BUILD_ID", json.dumps(bid), SW)
    worker = _set_const(worker, "MODE", mode, SW)
    worker = _set_const(worker, "RUNTIME", json.dumps(runtime_version(site_dir) if on else ""), SW)
    worker = _set_const(worker, "PRECACHE", json.dumps(entries, separators=(",", ":")), SW)
    (site_dir / SW).write_text(worker, encoding="utf-8")
    total = 0
    for url, *_ in entries:
        path = site_dir / (url + "index.html" if url == "" or url.endswith("/") else url)
        total += path.stat().st_size
    return {"enabled": on, "build_id": bid, "files": len(entries), "bytes": total}
