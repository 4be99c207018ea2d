"""The screener's browser code under Node's own test runner: `node --test tests/js` (flow, text, engine).

The JavaScript tests read the form.json of this session's build and run the real core with this Python, so
they test what ships. A failing Node test fails this test, with Node's report as the message.
"""
import os
import shutil
import subprocess
import sys

import pytest


def test_node_tests_of_the_screener_page_pass(built_site, repo_root):
    node = shutil.which("node")
    if not node:
        pytest.fail("node is not on PATH: the screener's JavaScript tests need Node 20+")
    env = {**os.environ, "SCREENER_FORM": str(built_site / "screener" / "form.json"),
           "SCREENER_PYTHON": sys.executable}
    proc = subprocess.run([node, "--disable-warning=MODULE_TYPELESS_PACKAGE_JSON", "--test", "--test-reporter=spec",
                           str(repo_root / "tests" / "js")],
                          cwd=repo_root, env=env, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        pytest.fail(f"node --test tests/js failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}",
                    pytrace=False)
