// Build the screener's Python zip inside Pyodide under Node: the standard-library modules the screener and
// Pyodide's own start-up import, plus our package, all compiled to .pyc for Pyodide's Python (3.14).
//
//   node sitebuild/python_zip.mjs JOB.json
//
// JOB.json: {"wheel": path, "out_stdlib": zip to write, "out_app": zip to write, "app_path": where the page's
//            worker puts the app zip in Pyodide's file system, "prelude": Python run before the snapshot (puts
//            app_path on sys.path), "cases": [{"name", "answers", "today"}]}
// Steps (sitebuild/python_zip.py explains why):
//   1. record: start Pyodide with its full standard library and the snapshot option the browser uses, unpack the
//      wheel, run the prelude (as worker.mjs does), every case, and makeMemorySnapshot(); every module in
//      sys.modules then is one the browser may need;
//   2. compile: every .py of the wheel (first: the flow imports it from there) and those modules' sources from
//      python_stdlib.zip, to unchecked-hash .pyc (no timestamps: the same sources give the same bytes), into two
//      zips (our package: its data and the modules the flow imported; the standard library) with fixed dates,
//      sorted;
//   3. check: start a fresh Pyodide with only those zips (stdLibURL, as the browser does), import nothing from
//      anywhere else, run the prelude and every case again: each result must equal step 1's.
// Output (stdout, JSON): {"modules": n, "files": n, "results_equal": bool, "missing": [...], "python": "3.14.x"}
// Exit 1 with the reason on stderr when a step fails: the build stops.
import { readFileSync, writeFileSync } from "node:fs";
import { loadPyodide } from "pyodide";

const job = JSON.parse(readFileSync(process.argv[2], "utf-8"));
const quiet = { stdout: () => {}, stderr: (line) => process.stderr.write(`python: ${line}\n`) };
// The hash seed is fixed so the compile does not depend on chance (set ordering in constants).
const env = { PYTHONHASHSEED: "0" };

const RUN_CASES = `
import json
_cases = json.loads(_CASES_JSON)
_screener_questions()
_results = [json.loads(_screener_evaluate(json.dumps(c["answers"]), c.get("today"))) for c in _cases]
json.dumps(_results, sort_keys=True)
`;

const RECORD = `
import sys, json
_zip = [p for p in sys.path if p.startswith("/lib/") and p.endswith(".zip")][0]
_need = set()
for _name, _mod in list(sys.modules.items()):
    _file = getattr(_mod, "__file__", None) or ""
    if getattr(getattr(_mod, "__spec__", None), "origin", None) == "frozen":
        continue  # built into the interpreter: its source location is only a name
    if _file.startswith(_zip + "/"):
        _need.add(_file[len(_zip) + 1:])
json.dumps({"zip": _zip, "files": sorted(_need), "modules": len(sys.modules)})
`;

const ZIP_HELPERS = `
import importlib._bootstrap_external as _be, importlib.util, io, json, os, types, zipfile
def _without_line_numbers(code):
    consts = tuple(_without_line_numbers(c) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    return code.replace(co_linetable=b"", co_consts=consts)
def _pyc(source, name, line_numbers=True):
    code = compile(source, name, "exec", dont_inherit=True, optimize=_OPTIMIZE)
    if not line_numbers:
        code = _without_line_numbers(code)
    return bytes(_be._code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False))
def _write_zip(entries, path):
    # stored, not deflated: Python reads them without inflating, and the host's brotli/gzip does better
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as out:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o100644 << 16
            info.create_system = 3
            out.writestr(info, entries[name])
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(buf.getvalue())
    return len(entries)
`;

// Our package from the unpacked wheel (/wheel), compiled, into APP_ZIP; data files as they are.
const COMPILE_APP = `
_entries = {}
for _dir, _subdirs, _files in os.walk("/wheel"):
    _subdirs[:] = sorted(d for d in _subdirs if not d.endswith(".dist-info") and d not in ("__pycache__", "examples"))
    for _f in sorted(_files):
        _path = os.path.join(_dir, _f)
        _rel = os.path.relpath(_path, "/wheel")
        with open(_path, "rb") as _fh:
            _data = _fh.read()
        _entries[_rel[:-3] + ".pyc" if _f.endswith(".py") else _rel] = (
            _pyc(_data, _APP_PATH + "/" + _rel) if _f.endswith(".py") else _data)
_write_zip(_entries, "/tmp/app.zip")
`;

// After the flow: our package's zip keeps its data files and the modules the flow imported (not the command
// line's or the batch runner's, which only run on CPython), so the browser downloads no code it never runs.
const TRIM_APP = `
import sys
_used = {getattr(_m, "__file__", None) for _m in list(sys.modules.values())}
_write_zip({_k: _v for _k, _v in _entries.items() if not _k.endswith(".pyc") or f"{_APP_PATH}/{_k}" in _used},
           "/tmp/app.zip")
`;

// The recorded standard-library modules, compiled, into /tmp/stdlib.zip.
const COMPILE_STDLIB = `
_entries = {}
with zipfile.ZipFile(_ZIP) as _std:
    for _rel in json.loads(_WANTED_JSON):
        _entries[_rel[:-3] + ".pyc"] = _pyc(_std.read(_rel), _ZIP + "/" + _rel, line_numbers=_LINE_NUMBERS)
_write_zip(_entries, "/tmp/stdlib.zip")
`;

async function runFlow(pyodide, appZip) {
  pyodide.FS.mkdirTree(job.app_path.slice(0, job.app_path.lastIndexOf("/")));
  pyodide.FS.writeFile(job.app_path, appZip);
  pyodide.runPython(job.prelude);
  pyodide.globals.set("_CASES_JSON", JSON.stringify(job.cases));
  const results = pyodide.runPython(RUN_CASES);
  pyodide.makeMemorySnapshot(); // whatever taking a snapshot imports is needed too
  return results;
}

async function main() {
  // 1. record (the app zip is compiled first: the flow imports our package from it, as the browser does)
  const full = await loadPyodide({ ...quiet, env, _makeSnapshot: true });
  full.FS.mkdirTree("/wheel");
  full.unpackArchive(new Uint8Array(readFileSync(job.wheel)), "wheel", { extractDir: "/wheel" });
  full.globals.set("_OPTIMIZE", job.optimize ?? 0);
  full.runPython(ZIP_HELPERS);
  full.globals.set("_APP_PATH", job.app_path);
  full.runPython(COMPILE_APP);
  const expected = await runFlow(full, full.FS.readFile("/tmp/app.zip"));
  const recorded = JSON.parse(full.runPython(RECORD));
  full.runPython(TRIM_APP);
  const appZip = full.FS.readFile("/tmp/app.zip");

  // 2. compile the standard library's part
  full.globals.set("_WANTED_JSON", JSON.stringify(recorded.files));
  full.globals.set("_ZIP", recorded.zip);
  full.globals.set("_LINE_NUMBERS", job.stdlib_line_numbers ?? true);
  full.runPython(COMPILE_STDLIB);
  writeFileSync(job.out_stdlib, full.FS.readFile("/tmp/stdlib.zip"));
  writeFileSync(job.out_app, appZip);

  // 3. check, with the new zip as the only standard library
  const trimmed = await loadPyodide({ ...quiet, env, _makeSnapshot: true, stdLibURL: job.out_stdlib });
  let actual;
  try {
    actual = await runFlow(trimmed, appZip);
  } catch (error) {
    const missing = /No module named '([^']+)'/.exec(String(error.message || error));
    process.stderr.write(`the trimmed zips miss a module${missing ? `: ${missing[1]}` : ""}\n${error.message || error}\n`);
    process.exit(1);
  }
  const outside = JSON.parse(trimmed.runPython(`
import sys, json
json.dumps(sorted(n for n, m in sys.modules.items()
                  if (getattr(m, "__file__", None) or "").endswith((".py", ".pyc")) and ".zip/" not in m.__file__))
`));
  const python = trimmed.runPython("import sys; sys.version.split()[0]");
  process.stdout.write(JSON.stringify({ modules: recorded.modules, files: recorded.files.length,
                                        results_equal: actual === expected, outside, python }) + "\n");
  if (actual !== expected) {
    process.stderr.write("the screener gives other results with the trimmed standard library\n");
    process.exit(1);
  }
}

main().catch((error) => {
  process.stderr.write(`python_zip.mjs: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
