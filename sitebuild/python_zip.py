"""The screener's Python for the browser: two zips of precompiled bytecode, the standard library and our package.

Why: Pyodide's own python_stdlib.zip holds 559 modules as source only, so every start compiles the ~190 modules
that Pyodide's bootstrap and the screener import (about 2 s of a 3.3 s start). This zip holds only those modules
and our package, compiled to .pyc by Pyodide's own Python (3.14) at build time, so the browser compiles nothing
and downloads about a third of the bytes. worker.mjs passes the first to loadPyodide({stdLibURL}) and writes the
second into Pyodide's file system at APP_PATH, which the prelude puts on sys.path (zipimport). Two zips, because
the standard library's changes only with Pyodide or the modules we use (browsers keep it a year and the build
compresses it once), while ours changes with every content edit (its rules are inside).

How (sitebuild/python_zip.mjs, run in Node with node_modules/pyodide): the modules come from what is in
sys.modules after the very flow the browser runs (start with the snapshot option, the worker's prelude, every
named rule case from tests/screener/cases, makeMemorySnapshot()); then a fresh Pyodide runs the same flow with
only the new zip and must give identical results. A module the screener needs but the zip lacks therefore fails
the build here, not in someone's browser. Frozen modules (built into the interpreter) are left out. The .pyc files are unchecked-hash pycs (PEP 552: no timestamps) in a
zip with fixed dates and sorted entries, so two builds give the same bytes.

The compile takes a few seconds (two Pyodide starts), so the zips are cached in .cache/python-zip/ under a hash of
everything it depends on: the Pyodide version and stdlib zip, the wheel, the prelude, the cases and the script.
"""
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

from .errors import BuildError

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(__file__).with_name("python_zip.mjs")
CACHE_DIR = ROOT / ".cache" / "python-zip"
CASES_DIR = ROOT / "tests" / "screener" / "cases"

# Bytecode as `python -OO` makes it: no docstrings, no asserts (the screener has none). A fifth fewer bytes to
# download (the zip is most of what a slow connection waits for after the wasm); the check in python_zip.mjs runs
# Pyodide's own start-up and every case on it.
OPTIMIZE = 2

# The standard library's bytecode goes without its line-number tables (co_linetable): they are a fifth of the raw
# bytes but compress badly, so without them the zip is 807 -> 504 KB brotli-compressed, 1.5 s less on a slow 4G
# connection. Nothing runs differently (exceptions use co_exceptiontable, which stays); a traceback through the
# standard library shows no line numbers there. Our own package keeps its tables: its tracebacks stay exact.
STDLIB_LINE_NUMBERS = False

# Run by the worker once Python is up (and here, to learn which modules it needs). It is part of the memory
# snapshot's key in the browser: a new prelude never loads an old snapshot.
APP_PATH = "/home/pyodide/screener.zip"  # where the worker writes our package's zip in Pyodide's file system
PRELUDE = f"""\
import sys
sys.path.insert(0, "{APP_PATH}")
import functools, json, screener
_screener_memo = {{}}  # one person's answers, changing one at a time: what a change leaves alone comes from here
def _screener_evaluate(answers_json, today, lang=None):
    return json.dumps(screener.evaluate(json.loads(answers_json), today=today or None, lang=lang or "en",
                                        memo=_screener_memo))
@functools.cache  # made here, before the snapshot: a start from it sends the questions without building them
def _screener_questions():
    return json.dumps({{lang: screener.questions(lang) for lang in screener.languages()}})
_screener_questions()
def _screener_warm_up():
    # A few typical screenings (each kind of person filling in, a child, an adult and an older adult, two plans
    # of the county with the most), evaluated before the first answer and so before the snapshot: an
    # evaluation that reaches code the browser has not compiled or optimized yet takes several times longer,
    # and without this the person's first answers pay for it (bench: answer -> results p95 about 21 -> 15 ms;
    # the fresh start takes a few evaluations longer, about 60 ms).
    questions = {{q["id"]: q for q in screener.questions("en")}}
    county, plans = max(questions["plan"]["by_county"].items(), key=lambda item: (len(item[1]), item[0]))
    for who in [option["value"] for option in questions["filling_in"]["options"]]:
        for age in (10, 30, 70):
            for plan in plans[:2]:
                _screener_evaluate(json.dumps({{"filling_in": who, "age": age, "county": county, "plan": plan}}), None)
_screener_evaluate("{{}}", None)
_screener_warm_up()
"""


def rule_cases(today: str) -> list[dict]:
    """Every named rule case (answers and date), plus the empty form; the cases exercise every code path."""
    cases = [{"name": "empty form", "answers": {}, "today": today}]
    if CASES_DIR.is_dir():
        import importlib.util

        spec = importlib.util.spec_from_file_location("_screener_cases", CASES_DIR.parent / "screener_cases.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        cases += [{"name": c["name"], "answers": c["answers"], "today": c["today"]} for c in module.load_cases()]
    return cases


def _inputs_key(pyodide_dir: Path, wheel: Path, cases: list[dict]) -> str:
    digest = hashlib.sha256()
    for part in (SCRIPT.read_bytes(), Path(__file__).read_bytes(), (pyodide_dir / "package.json").read_bytes(),
                 (pyodide_dir / "python_stdlib.zip").read_bytes(), wheel.read_bytes(), PRELUDE.encode(),
                 json.dumps(cases, sort_keys=True).encode()):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def build(pyodide_dir: Path, wheel: Path, today: str) -> tuple[bytes, bytes]:
    """(standard library zip, our package's zip), from the cache when their inputs are unchanged."""
    cases = rule_cases(today)
    key = _inputs_key(pyodide_dir, wheel, cases)
    stdlib, app = CACHE_DIR / f"{key}.stdlib.zip", CACHE_DIR / f"{key}.app.zip"
    if not (stdlib.is_file() and app.is_file()):
        _compile(wheel, stdlib, app, cases)
    return stdlib.read_bytes(), app.read_bytes()


def _compile(wheel: Path, stdlib: Path, app: Path, cases: list[dict]) -> None:
    node = shutil.which("node")
    if not node:
        raise BuildError("node (Node.js 20+) is needed to compile the screener's Python for the browser")
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    parts = stdlib.with_suffix(f".{os.getpid()}.part"), app.with_suffix(f".{os.getpid()}.part")
    job = stdlib.with_suffix(f".{os.getpid()}.job.json")
    job.write_text(json.dumps({"wheel": str(wheel), "out_stdlib": str(parts[0]), "out_app": str(parts[1]),
                               "app_path": APP_PATH, "prelude": PRELUDE, "cases": cases, "optimize": OPTIMIZE,
                               "stdlib_line_numbers": STDLIB_LINE_NUMBERS}),
                   encoding="utf-8")
    try:
        proc = subprocess.run([node, str(SCRIPT), str(job)], cwd=ROOT, capture_output=True, text=True,
                              timeout=600)
        if proc.returncode != 0:
            tail = "\n".join(proc.stderr.strip().splitlines()[-12:])
            raise BuildError(f"compiling the screener's Python for the browser failed:\n{tail}")
        report = json.loads(proc.stdout)
        if report.get("outside"):
            raise BuildError("with the trimmed standard library these modules still came from elsewhere: "
                               + ", ".join(report["outside"]))
        parts[1].replace(app)
        parts[0].replace(stdlib)
    finally:
        job.unlink(missing_ok=True)
        for part in parts:
            part.unlink(missing_ok=True)
