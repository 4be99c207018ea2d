"""The same readable cases under real Pyodide (Python 3.14, the browser's runtime) in Node, with the very Python
the site ships: its precompiled, trimmed standard library and its precompiled package, set up as worker.mjs
does. Every result must equal CPython's exactly, and every case's expectations must hold there
too; a module the trimmed standard library lacks fails here.

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
def pyodide_run(tmp_path_factory, built_site):
    node = shutil.which("node")
    assert node, "node (Node.js 20+) is required to run the screener under Pyodide; install it"
    assert (ROOT / "node_modules" / "pyodide" / "pyodide.mjs").is_file(), \
        "node_modules/pyodide is missing: run `npm ci` (python3 build.py does it)"
    tmp = tmp_path_factory.mktemp("pyodide")
    cases_file = tmp / "cases.json"
    cases_file.write_text(json.dumps([{"name": c["name"], "answers": c["answers"], "today": c["today"]}
                                      for c in CASES]), encoding="utf-8")
    proc = subprocess.run([node, str(RUNNER), str(cases_file), "--site", str(built_site)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout)
    assert out["python"].startswith("3.14"), out["python"]
    assert ".zip/screener/" in out["module"] and not out["module"].endswith(".py"), \
        f"the screener was not loaded from the site's precompiled zip: {out['module']}"
    return out


@pytest.fixture(scope="module")
def pyodide_results(pyodide_run):
    return {item["name"]: item["result"] for item in pyodide_run["results"]}


def test_only_the_standard_library_is_shipped_without_line_numbers(pyodide_run):
    """The site's standard library is compiled without line-number tables (a third less to download, see
    sitebuild/python_zip.py); the screener's own code keeps them, so its tracebacks stay exact."""
    assert pyodide_run["line_numbers"] == {"stdlib": False, "screener": True}


def test_every_case_ran_under_pyodide(pyodide_results):
    assert sorted(pyodide_results) == sorted(c["name"] for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_pyodide_matches_cpython(case, pyodide_results):
    under_pyodide = pyodide_results[case["name"]]
    on_cpython = json.loads(json.dumps(screener.evaluate(case["answers"], today=case["today"])))
    assert under_pyodide == on_cpython
    assert not problems(under_pyodide, case["expect"])
