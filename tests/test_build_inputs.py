"""One build has one date and one content folder: pages, nav, form.json and the shipped wheel all follow them."""
import datetime as dt
import json
import shutil
import zipfile

import pytest
import yaml

from sitebuild import compile_rules, content, csp, material_patch, mkdocs_run, nav, pipeline, screener_assets


def test_a_wheel_ships_the_rules_it_is_given(tmp_path, repo_root):
    version = screener_assets.package_version(repo_root / "screener")
    rules = '{"format": "given"}\n'
    wheel = screener_assets.build_wheel(repo_root / "screener", tmp_path, version, rules=rules)
    with zipfile.ZipFile(wheel) as whl:
        assert whl.read("screener/data/rules.json").decode() == rules
        assert whl.namelist().count("screener/data/rules.json") == 1


class _Stop(Exception):
    pass


def test_a_build_from_another_folder_ships_its_rules_and_uses_one_date(tmp_path, repo_root, monkeypatch):
    folder = tmp_path / "content"
    shutil.copytree(content.CONTENT_DIR, folder)
    data = yaml.safe_load((folder / "counties.yaml").read_text(encoding="utf-8"))
    county = data["counties"][-1]
    renamed = county["name"] = county["name"] + " Renamed"
    (folder / "counties.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    day = dt.date(2031, 1, 2)
    seen = {}

    real_nav = nav.nav
    monkeypatch.setattr(nav, "nav", lambda model, docs, today: seen.setdefault("nav", today) and real_nav(
        model, docs, today))
    real_core = screener_assets.run_core_from_wheel
    monkeypatch.setattr(screener_assets, "run_core_from_wheel",
                        lambda wheel, today, *lang: seen.setdefault("core", today) and real_core(wheel, today, *lang))
    # MkDocs is not what this test is about: copy the docs tree (assets included) as the "built" site.
    monkeypatch.setattr(mkdocs_run, "build", lambda docs, built, **kw: shutil.copytree(docs, built))
    monkeypatch.setattr(material_patch, "apply", lambda built: None)  # no Material scripts in a copied docs tree

    def stop_after_assets(built):
        manifest = json.loads((built / "screener" / "manifest.json").read_text(encoding="utf-8"))
        with zipfile.ZipFile(built / "screener" / manifest["wheel"]["file"]) as whl:
            seen["rules"] = json.loads(whl.read("screener/data/rules.json"))
        seen["build_date"] = json.loads((built / "data" / "availability.json").read_text())["build_date"]
        raise _Stop

    monkeypatch.setattr(csp, "apply", stop_after_assets)
    in_tree = compile_rules.RULES_PATH.read_bytes()
    with pytest.raises(_Stop):
        pipeline.build(site_dir=tmp_path / "site", today=day, quiet=True, content_dir=folder)

    assert seen["rules"]["counties"][county["id"]] == renamed, "the wheel carries the built folder's rules"
    assert seen["nav"] == day and seen["core"] == day.isoformat() and seen["build_date"] == day.isoformat()
    assert compile_rules.RULES_PATH.read_bytes() == in_tree, "another folder's build leaves content/'s rules alone"
