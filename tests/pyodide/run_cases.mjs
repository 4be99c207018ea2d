// Run screener cases under real Pyodide (the browser's Python) in Node, offline, and print the results as JSON.
//
//   node tests/pyodide/run_cases.mjs CASES.json [--wheel screener-X-py3-none-any.whl |
//                                     --site SITE_DIR] [--repeat N]
//
// CASES.json: [{"name": str, "answers": any JSON, "today": "YYYY-MM-DD" | null}, ...] ("-" reads stdin).
// Without --wheel, the screener package is copied file by file from the source tree into Pyodide's file
// system; with --wheel, the given wheel (the artefact the site ships) is unpacked into site-packages; with
// --site, the built site's precompiled zips (sitebuild/python_zip.py, named in screener/manifest.json) are
// Pyodide's whole standard library and the screener, set up and started exactly as the browser's worker does
// (the manifest's prelude): a module missing from the trimmed standard library fails here.
// --repeat N evaluates every case N times and adds timing (for bench/bench_core.py).
//
// Output (stdout): {"python": "3.14.x", "pyodide": "...", "load_seconds": s,
//                   "results": [{"name", "result"}], "timing": {"evaluations", "seconds"} | null}
// Exit 0 on success; 1 with a message on stderr if Pyodide or the package cannot be loaded.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide, version as pyodideVersion } from "pyodide";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

function parseArgs(argv) {
  const args = { cases: null, wheel: null, site: null, repeat: 0 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--wheel") args.wheel = argv[++i];
    else if (argv[i] === "--site") args.site = argv[++i];
    else if (argv[i] === "--repeat") args.repeat = Number(argv[++i]);
    else args.cases = argv[i];
  }
  if (!args.cases) throw new Error("usage: run_cases.mjs CASES.json [--wheel W.whl] [--repeat N]");
  return args;
}

function* packageFiles(dir) {
  for (const name of readdirSync(dir).sort()) {
    if (name === "__pycache__" || name.startsWith(".") || name.endsWith(".pyc")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* packageFiles(path);
    else yield path;
  }
}

function installFromSource(pyodide) {
  const base = "/home/pyodide/src";
  const pkg = join(ROOT, "screener");
  for (const file of packageFiles(pkg)) {
    const target = `${base}/screener/${relative(pkg, file).split("\\").join("/")}`;
    pyodide.FS.mkdirTree(target.slice(0, target.lastIndexOf("/")));
    pyodide.FS.writeFile(target, new Uint8Array(readFileSync(file)));
  }
  pyodide.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(base)})`);
}

const RUN = `
import json, sys, time
import screener
cases = json.loads(CASES_JSON)
results = [{"name": c["name"], "result": screener.evaluate(c["answers"], today=c.get("today"))} for c in cases]
timing = None
if REPEAT > 0:
    start = time.perf_counter()
    for _ in range(REPEAT):
        for c in cases:
            screener.evaluate(c["answers"], today=c.get("today"))
    timing = {"evaluations": REPEAT * len(cases), "seconds": time.perf_counter() - start}
# whether tracebacks get line numbers: the site's standard library is compiled without them, our package with
_lines = lambda f: bool(list(f.__code__.co_lines()))
json.dumps({"python": sys.version.split()[0], "results": results, "timing": timing,
            "module": screener.__file__,
            "line_numbers": {"stdlib": _lines(json.dumps), "screener": _lines(screener.evaluate)}})
`;

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const casesText = readFileSync(args.cases === "-" ? 0 : args.cases, "utf-8");
  const started = performance.now();
  const manifest = args.site ? JSON.parse(readFileSync(join(args.site, "screener", "manifest.json"), "utf-8")) : null;
  const pyodide = await loadPyodide(manifest ? { stdLibURL: resolve(args.site, manifest.python.file) } : {});
  if (manifest) {
    const path = manifest.app.path;
    pyodide.FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
    pyodide.FS.writeFile(path, new Uint8Array(readFileSync(join(args.site, manifest.app.file))));
    pyodide.runPython(manifest.prelude.code);
  } else if (args.wheel) {
    const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
    pyodide.unpackArchive(new Uint8Array(readFileSync(args.wheel)), "wheel", { extractDir: sitePackages });
  } else {
    installFromSource(pyodide);
  }
  pyodide.runPython("import screener");
  const loadSeconds = (performance.now() - started) / 1000;
  pyodide.globals.set("CASES_JSON", casesText);
  pyodide.globals.set("REPEAT", args.repeat);
  const out = JSON.parse(pyodide.runPython(RUN));
  out.pyodide = pyodideVersion;
  out.load_seconds = loadSeconds;
  process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((err) => {
  process.stderr.write(`run_cases.mjs: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
