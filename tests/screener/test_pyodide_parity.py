"""The same readable cases under real Pyodide (Python 3.14, the browser's runtime) in Node, from the wheel the
site ships. Every result must equal CPython's exactly, and every case's expectations must hold there too.

Node and node_modules/pyodide are required: this test fails (never skips) when they are missing, because a
core that only works on CPython would break the site silently.
"""
import json
import shutil
import subprocess
from pathlib import Path

import pytest

import screener
from screener_cases import load_cases, problems

ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "tests" / "pyodide" / "run_cases.mjs"
CASES = load_cases()


@pytest.fixture(scope="module")
def pyodide_results(tmp_path_factory):
    node = shutil.which("node")
    assert node, "node (Node.js 20+) is required to run the screener under Pyodide; install it"
    assert (ROOT / "node_modules" / "pyodide" / "pyodide.mjs").is_file(), \
        "node_modules/pyodide is missing: run `npm ci` (python3 build.py does it)"
    from sitebuild import screener_assets

    tmp = tmp_path_factory.mktemp("pyodide")
    wheel = screener_assets.build_wheel(ROOT / "screener", tmp, screener_assets.package_version(ROOT / "screener"))
    cases_file = tmp / "cases.json"
    cases_file.write_text(json.dumps([{"name": c["name"], "answers": c["answers"], "today": c["today"]}
                                      for c in CASES]), encoding="utf-8")
    proc = subprocess.run([node, str(RUNNER), str(cases_file), "--wheel", str(wheel)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout)
    assert out["python"].startswith("3.14"), out["python"]
    assert "site-packages" in out["module"], f"the screener was not loaded from the wheel: {out['module']}"
    return {item["name"]: item["result"] for item in out["results"]}


def test_every_case_ran_under_pyodide(pyodide_results):
    assert sorted(pyodide_results) == sorted(c["name"] for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_pyodide_matches_cpython(case, pyodide_results):
    under_pyodide = pyodide_results[case["name"]]
    on_cpython = json.loads(json.dumps(screener.evaluate(case["answers"], today=case["today"])))
    assert under_pyodide == on_cpython
    assert not problems(under_pyodide, case["expect"])
