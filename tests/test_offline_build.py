"""The offline step's output in the built files: sw.js names its cache after the build and lists every file
the site needs; the switch turns it off. (tests/browser/test_offline.py runs the worker in Chromium.)"""
import hashlib
import json
import re
import shutil

import pytest

from sitebuild import offline


def constants(site):
    text = (site / "sw.js").read_text(encoding="utf-8")
    build = re.search(r'^const BUILD_ID = "([0-9a-f]+)";$', text, re.M).group(1)
    mode = re.search(r'^const MODE = "(on|off)";$', text, re.M).group(1)
    precache = json.loads(re.search(r"^const PRECACHE = (.*);$", text, re.M).group(1))
    return build, mode, precache


def test_sw_lists_every_page_and_the_screener(built_site):
    build, mode, precache = constants(built_site)
    assert mode == "on"
    assert build == offline.build_id(built_site)
    urls = {url for url, *_ in precache}
    pages = {p.relative_to(built_site).as_posix() for p in built_site.rglob("index.html")}
    for page in pages:
        url = "" if page == "index.html" else page[: -len("index.html")]
        assert url in urls, f"{page} is not precached"
    must = {"404.html", "search/search_index.json", "screener/form.json", "screener/manifest.json",
            "assets/offline.js",
            "assets/screener/worker.mjs", "assets/screener/app.js", "assets/screener/engine.js", "data/availability.csv"}
    manifest = json.loads((built_site / "screener" / "manifest.json").read_text())
    runtime = manifest["pyodide"]["dir"]
    must |= {runtime + name for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")}
    must.add(manifest["python"]["file"])  # the screener's precompiled Python zip
    assert must <= urls, sorted(must - urls)
    assert any(u.startswith("screener/") and u.endswith(".whl") for u in urls)
    assert any(re.match(r"assets/stylesheets/main\.[0-9a-f]+\.min\.css$", u) for u in urls)
    assert any(re.match(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$", u) for u in urls)
    assert "sitemap.xml" in urls  # a file of the site like any other
    assert not {"sw.js", "_headers", "sitemap.xml.gz"} & urls
    assert not [u for u in urls if u.endswith(".map")]
    kinds = {url: kind for url, kind, _ in precache}
    assert kinds[runtime + "pyodide.asm.wasm"] == offline.RUNTIME and kinds["404.html"] == offline.PAGE
    assert {kind for url, kind in kinds.items() if url.endswith(".whl")} == {offline.PACKAGE}
    package = offline.package_files(built_site)
    assert {kind for url, kind in kinds.items() if url in package} == {offline.PACKAGE}
    assert {kind for url, kind in kinds.items() if url.startswith("pyodide/") and url not in package} == {offline.RUNTIME}
    for url, _, sha in precache:  # every listed URL is a file of the site, with the start of its hash
        path = built_site / (url + "index.html" if url == "" or url.endswith("/") else url)
        assert path.is_file(), url
        assert hashlib.sha256(path.read_bytes()).hexdigest().startswith(sha) and len(sha) == 16, url
    assert 'var MODE = "on";' in (built_site / "assets" / "offline.js").read_text()


def test_every_language_registers_the_one_worker_at_the_site_root(built_site):
    """A reader who opens the Spanish site first gets the service worker too: es/assets/offline.js is switched
    on and goes up to the root's sw.js (there is no es/sw.js)."""
    for folder, up in ((built_site, ""), (built_site / "es", "../")):
        script = (folder / "assets" / "offline.js").read_text(encoding="utf-8")
        assert 'var MODE = "on";' in script and f'var UP = "{up}";' in script, folder
    assert not (built_site / "es" / "sw.js").exists()


def test_the_runtime_cache_is_named_after_the_pyodide_version(built_site):
    version = json.loads((built_site / "screener" / "manifest.json").read_text())["pyodide"]["version"]
    text = (built_site / "sw.js").read_text(encoding="utf-8")
    assert re.search(r'^const RUNTIME = "([^"]+)";$', text, re.M).group(1) == version


def test_the_update_notice_has_its_words_from_content(built_site):
    from sitebuild.content import load_content

    ui = load_content()["ui"]["ui"]
    script = (built_site / "assets" / "offline.js").read_text(encoding="utf-8")
    text = json.loads(re.search(r"^\s*var TEXT = (.*);$", script, re.M).group(1))
    assert text["en"] == {"ready": ui["update.ready"], "reload": ui["update.reload"]}
    assert set(text) >= {"en", "es"} and text["es"]["reload"] != text["en"]["reload"]


def test_build_id_follows_the_files(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    first = offline.apply(site, on=True)["build_id"]
    assert offline.apply(site, on=True)["build_id"] == first  # re-running changes nothing
    page = site / "ecm" / "index.html"
    page.write_text(page.read_text() + "\n", encoding="utf-8")
    assert offline.apply(site, on=True)["build_id"] != first


def test_switch_off(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    result = offline.apply(site, on=False)
    assert not result["enabled"]
    _, mode, precache = constants(site)
    assert mode == "off" and precache == []
    assert 'var MODE = "off";' in (site / "assets" / "offline.js").read_text()


@pytest.mark.parametrize("env,setting,expected", [
    ({}, True, True), ({}, False, False), ({"SITE_OFFLINE": "0"}, True, False),
    ({"SITE_OFFLINE": "off"}, True, False), ({"SITE_OFFLINE": "1"}, False, True),
])
def test_setting_and_environment(tmp_path, env, setting, expected):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nextra:\n  offline: " + ("true" if setting else "false") +
                      "\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:x.y\n")
    assert offline.enabled(config, env) is expected


def test_project_setting_is_on(repo_root):
    assert offline.enabled(repo_root / "mkdocs.yml", {}) is True
