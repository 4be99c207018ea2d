"""The files the build adds for the screener page: runtime, wheel, manifest.json and form.json."""
import base64
import csv
import hashlib
import io
import json
import zipfile

from sitebuild import screener_assets


def test_only_the_runtime_files_are_published(built_site):
    runtime_dirs = list((built_site / "pyodide").iterdir())
    assert [p.name for p in runtime_dirs] == [json.loads((built_site / "screener" / "manifest.json").read_text())["pyodide"]["version"]], \
        "the runtime lives in one folder named after its version"
    manifest = json.loads((built_site / "screener" / "manifest.json").read_text())
    published = sorted(p.name for p in runtime_dirs[0].iterdir() if not p.name.endswith((".br", ".gz")))
    assert manifest["python"]["file"].startswith(manifest["pyodide"]["dir"])
    assert manifest["app"]["file"].startswith(manifest["pyodide"]["dir"])
    zips = [manifest[key]["file"].rsplit("/", 1)[1] for key in ("python", "app")]
    assert published == sorted([*screener_assets.RUNTIME_FILES, *zips])


def test_manifest_names_the_wheel_with_its_hash(built_site):
    manifest = json.loads((built_site / "screener" / "manifest.json").read_text(encoding="utf-8"))
    wheel = built_site / "screener" / manifest["wheel"]["file"]
    data = wheel.read_bytes()
    assert hashlib.sha256(data).hexdigest() == manifest["wheel"]["sha256"]
    assert len(data) == manifest["wheel"]["size"]
    assert wheel.name.endswith("-py3-none-any.whl")
    for name, size in manifest["pyodide"]["files"].items():
        assert (built_site / manifest["pyodide"]["dir"] / name).stat().st_size == size
    form = json.loads((built_site / "screener" / "form.json").read_text(encoding="utf-8"))
    assert form["build_id"] == manifest["build_id"]


def test_wheel_record_matches_its_files(built_site):
    manifest = json.loads((built_site / "screener" / "manifest.json").read_text(encoding="utf-8"))
    with zipfile.ZipFile(built_site / "screener" / manifest["wheel"]["file"]) as whl:
        names = whl.namelist()
        record_name = next(n for n in names if n.endswith(".dist-info/RECORD"))
        rows = list(csv.reader(io.StringIO(whl.read(record_name).decode())))
        assert sorted(r[0] for r in rows) == sorted(names)
        for path, digest, size in rows:
            if path == record_name:
                assert digest == "" and size == ""
                continue
            data = whl.read(path)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert digest == f"sha256={expected}" and int(size) == len(data), path
        assert "screener/data/rules.json" in names
        assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
        assert {i.date_time for i in whl.infolist()} == {screener_assets.WHEEL_DATE}


def test_wheel_is_the_same_bytes_every_build(tmp_path, repo_root):
    version = screener_assets.package_version(repo_root / "screener")
    first = screener_assets.build_wheel(repo_root / "screener", tmp_path / "a", version).read_bytes()
    second = screener_assets.build_wheel(repo_root / "screener", tmp_path / "b", version).read_bytes()
    assert first == second


def test_form_has_every_question_and_every_string_the_page_uses(built_site):
    import screener

    form = json.loads((built_site / "screener" / "form.json").read_text(encoding="utf-8"))
    assert form["questions"] == screener.questions()
    assert form["next_questions"] == screener.evaluate({})["next_questions"]
    exact, prefixes = screener_assets.keys_used_by(screener_assets.SCREENER_JS)
    assert exact and exact <= set(form["ui"])
    for prefix in prefixes:
        assert any(k.startswith(prefix) for k in form["ui"]), prefix
    for group in {q["group"] for q in form["questions"] if q.get("group")}:
        assert f"screener.group.{group}" in form["ui"]


def test_python_zips_are_precompiled_and_trimmed(built_site):
    """The zips the browser loads instead of python_stdlib.zip and the wheel: bytecode only (nothing to compile
    in the browser), far fewer modules than Pyodide's full standard library, the rules inside our package's, and
    names that carry the content's hash (the runtime folder is cached for a year)."""
    manifest = json.loads((built_site / "screener" / "manifest.json").read_text(encoding="utf-8"))
    names = {}
    for key in ("python", "app"):
        path = built_site / manifest[key]["file"]
        data = path.read_bytes()
        assert hashlib.sha256(data).hexdigest() == manifest[key]["sha256"] and len(data) == manifest[key]["size"]
        assert manifest[key]["sha256"][:16] in path.name
        with zipfile.ZipFile(path) as zf:
            names[key] = zf.namelist()
            assert not [n for n in names[key] if n.endswith(".py")], key
            assert {i.date_time for i in zf.infolist()} == {screener_assets.WHEEL_DATE}
            first_pyc = next(n for n in names[key] if n.endswith(".pyc"))
            assert int.from_bytes(zf.read(first_pyc)[4:8], "little") == 0b01, "unchecked-hash pycs (PEP 552)"
    assert "json/__init__.pyc" in names["python"] and not [n for n in names["python"] if n.startswith("screener")]
    assert {"screener/__init__.pyc", "screener/data/rules.json"} <= set(names["app"])
    # the command line and the batch runner only run on CPython: the browser does not download them
    assert not {"screener/cli.pyc", "screener/batch.pyc", "screener/__main__.pyc"} & set(names["app"])
    with zipfile.ZipFile(screener_assets.PYODIDE_DIR / "python_stdlib.zip") as full:
        assert len(names["python"]) < len(full.namelist()) / 2
    assert manifest["prelude"]["sha256"] == hashlib.sha256(manifest["prelude"]["code"].encode()).hexdigest()
    assert manifest["app"]["path"] in manifest["prelude"]["code"]


def test_screener_page_preloads_every_module_the_form_needs(built_site, repo_root):
    """The first question shows only after app.js and everything it imports are in: the page lists them all as
    modulepreload links, so a slow connection fetches them at once instead of one import level at a time."""
    import re

    scripts = repo_root / "docs" / "assets" / "screener"
    needed, queue = set(), ["app.js", "engine.js"]
    while queue:
        name = queue.pop()
        if name in needed:
            continue
        needed.add(name)
        queue += re.findall(r'^import [^;]*?from "\./([a-z_]+\.js)"', (scripts / name).read_text(encoding="utf-8"), re.M)
    html = (built_site / "screener" / "index.html").read_text(encoding="utf-8")
    preloaded = set(re.findall(r'rel="modulepreload" href="\.\./assets/screener/([a-z_]+\.js)"', html))
    assert needed == preloaded


def test_screener_starts_from_head_and_its_form_is_preloaded(built_site):
    """The screener page starts the screener from <head> (an async module: Python's download begins before the
    page is parsed, not after Material's bundle at the end of the body), preloads form.json (the first question
    needs it), and the site's classic scripts are deferred, so none stops the parser while it downloads. Every
    language's screener page does the same."""
    import re

    for page in (built_site / "screener" / "index.html", built_site / "es" / "screener" / "index.html"):
        html = page.read_text(encoding="utf-8")
        head = html[:html.index("</head>")]
        assert re.search(r'<script type="module" async src="\.\./assets/screener/boot\.js"[^>]*></script>', head), page
        for name in ("form.json", "manifest.json"):  # app.js and engine.js fetch them
            assert re.search(f'<link rel="preload" href="{name}" as="fetch" crossorigin[^>]*>', head), (page, name)
        # what the worker needs is asked for before the form's files (six connections per host over HTTP/1.1)
        assert head.index("boot.js") < head.index("engine.js") < head.index("manifest.json") < head.index("app.js")
        # before the first inline script: that one waits for the stylesheets, and the parser with it
        first_inline = re.search(r"<script>", head).start()
        assert head.index("boot.js") < first_inline and head.rindex('rel="modulepreload"') < first_inline, page
        scripts = re.findall(r'<script src="([^"]+)"([^>]*)>', html)
        ours = [(src, attrs) for src, attrs in scripts if "/javascripts/bundle." not in src]  # Material's own
        assert ours and all("defer" in attrs or 'type="module"' in attrs for _, attrs in ours), ours
