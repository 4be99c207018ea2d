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
    assert sorted(p.name for p in runtime_dirs[0].iterdir()) == sorted(screener_assets.RUNTIME_FILES)


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
