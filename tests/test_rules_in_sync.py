"""screener/data/rules.json is committed (the core cannot read YAML): it must be exactly what content/ compiles to.

If this fails, run `python3 build.py` (it rewrites rules.json from content/) and commit the new rules.json.
"""
import json

from sitebuild import compile_rules
from sitebuild.content import load_content


def test_rules_json_matches_content():
    expected = compile_rules.dumps(compile_rules.compile(load_content()))
    committed = compile_rules.RULES_PATH.read_text(encoding="utf-8")
    if committed != expected:
        old, new = json.loads(committed), json.loads(expected)
        changed = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
        raise AssertionError("screener/data/rules.json is out of date with content/ (sections: "
                             + ", ".join(changed) + "). Run `python3 build.py` and commit it.")


def test_write_is_idempotent(tmp_path):
    model = load_content()
    target = tmp_path / "rules.json"
    assert compile_rules.write(model, target) is True
    assert compile_rules.write(model, target) is False
    assert target.read_text(encoding="utf-8") == compile_rules.dumps(compile_rules.compile(model))
