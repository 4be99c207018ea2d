// The screener's Python, in a module Web Worker so the page never freezes while Pyodide starts.
//
// Protocol (all messages are plain objects; see also app.js):
//   worker -> page  {type: "progress", stage: "downloading" | "starting", loaded, total}
//                       loaded/total in bytes; total is null until the manifest is read
//                   {type: "ready", version, build_id, questions, ms}      Python and the core are loaded
//                   {type: "result", id, result}                          answer to one "evaluate"
//                   {type: "failed", stage, reason, detail}               cannot start; reason is a ui key suffix
//   page -> worker  {type: "evaluate", id, answers, today?}               answers: {question id: value}
// Evaluate requests sent before "ready" wait and are answered once Python runs.
//
// Every URL is resolved against this file, so the site works under any sub-path: the worker lives in
// <site>/assets/screener/, the runtime in <site>/pyodide/<version>/, our wheel and manifest in <site>/screener/.
const SITE = new URL("../../", import.meta.url);
// The runtime folder is named after the Pyodide version, so hosts can cache it forever; the build writes the
// version in place of the placeholder (sitebuild/screener_assets.py).
const INDEX_URL = new URL("pyodide/__PYODIDE_VERSION__/", SITE).href;
const SCREENER_URL = new URL("screener/", SITE);

const post = (message) => self.postMessage(message);
const started = performance.now();
const timings = {}; // ms since the worker started, for the bench: when each part was in
const took = (name) => (value) => {
  timings[name] = Math.round(performance.now() - started);
  return value;
};

// Reports the first failure only, and none once Python runs. Pyodide does not always reject when a download
// fails (Emscripten aborts instead), so failures are also caught where they happen: in fetch, and as
// unhandled rejections.
let settled = false;
function failed(stage, reason, error) {
  if (settled) return;
  settled = true;
  post({ type: "failed", stage, reason, detail: String((error && error.message) || error) });
}
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault(); // reported to the page as a "failed" message instead
  failed("runtime", "download", event.reason);
});
self.addEventListener("error", (event) => failed("runtime", "download", event.message));

// ---- progress: bytes of the files we know, counted as they arrive -----------------------------------------
const sizes = {}; // file name -> expected bytes (from the manifest)
const loaded = {}; // file name -> bytes received so far
let stage = "downloading";
let lastReport = 0;

const fileName = (url) => String(url).split(/[?#]/)[0].split("/").pop();

function report(force = false) {
  const now = performance.now();
  if (!force && now - lastReport < 100) return; // at most ten messages a second
  lastReport = now;
  const names = Object.keys(sizes);
  const total = names.length ? names.reduce((sum, n) => sum + sizes[n], 0) : null;
  const got = Object.keys(loaded).reduce((sum, n) => sum + Math.min(loaded[n], sizes[n] ?? loaded[n]), 0);
  if (stage === "downloading" && total !== null && names.every((n) => (loaded[n] ?? 0) >= sizes[n])) {
    stage = "starting"; // everything is here; what remains is compiling and starting the interpreter
  }
  post({ type: "progress", stage, loaded: got, total });
}

async function countBody(name, response) {
  // Reads a clone of the response, so the original keeps its URL (which wasm code caching keys on).
  if (!response.ok || !response.body) return;
  const reader = response.body.getReader();
  loaded[name] = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    loaded[name] += value.byteLength;
    report();
  }
  if (sizes[name] === undefined) sizes[name] = loaded[name];
  report(true);
}

const realFetch = self.fetch.bind(self);
self.fetch = async (input, init) => {
  const name = fileName(input instanceof Request ? input.url : input);
  let response;
  try {
    response = await realFetch(input, init);
  } catch (error) {
    failed("runtime", "download", `${name}: ${error.message || error}`);
    throw error;
  }
  if (!response.ok) failed("runtime", "download", `${name}: HTTP ${response.status}`);
  if (name in sizes || name.endsWith(".wasm") || name.endsWith(".zip") || name.endsWith(".json")) {
    countBody(name, response.clone()).catch(() => {});
  }
  return response;
};

// pyodide.asm.mjs arrives by import(), not fetch: take its size from Resource Timing once it is in.
if (typeof PerformanceObserver === "function") {
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const name = fileName(entry.name);
        if (name.endsWith(".mjs") && name in sizes && !(name in loaded)) {
          loaded[name] = sizes[name];
          report(true);
        }
      }
    }).observe({ type: "resource", buffered: true });
  } catch (_) {
    /* Resource Timing in workers is a nicety */
  }
}

// ---- start: manifest and wheel in parallel with the runtime -----------------------------------------------
async function sha256Hex(bytes) {
  if (!(self.crypto && self.crypto.subtle)) return null; // not a secure context: skip the check
  const digest = await self.crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

// Tags a failure with the step it happened in, for the "failed" message.
const step = (name, promise) =>
  promise.catch((error) => {
    throw { step: name, error };
  });

const manifestReady = step(
  "manifest",
  realFetch(new URL("manifest.json", SCREENER_URL), { cache: "no-cache" })
    .then((r) => {
      if (!r.ok) throw new Error(`manifest.json: HTTP ${r.status}`);
      return r.json();
    })
    .then((manifest) => {
      Object.assign(sizes, manifest.pyodide.files, { [manifest.wheel.file]: manifest.wheel.size });
      delete sizes["pyodide.mjs"]; // imported before anything is counted; 18 KB
      report(true);
      return manifest;
    }),
);

const wheelReady = step(
  "wheel",
  manifestReady.then(async (manifest) => {
    const url = new URL(manifest.wheel.file, SCREENER_URL);
    url.searchParams.set("sha256", manifest.wheel.sha256.slice(0, 16)); // a new build is a new URL
    const response = await self.fetch(url);
    if (!response.ok) throw new Error(`${manifest.wheel.file}: HTTP ${response.status}`);
    const bytes = await response.arrayBuffer();
    const digest = await sha256Hex(bytes);
    if (digest && digest !== manifest.wheel.sha256) throw new Error(`${manifest.wheel.file}: checksum mismatch`);
    return new Uint8Array(bytes);
  }).then(took("wheel")),
);

const pyodideReady = step(
  "runtime",
  import(`${INDEX_URL}pyodide.mjs`).then(({ loadPyodide }) =>
    loadPyodide({ indexURL: INDEX_URL, stdout: () => {}, stderr: (line) => console.warn("python:", line) }),
  ).then(took("runtime")),
);

let evaluateJson = null; // a Python function: (answers_json, today) -> result_json

async function start() {
  let pyodide, wheel, manifest;
  try {
    [pyodide, wheel, manifest] = await Promise.all([pyodideReady, wheelReady, manifestReady]);
  } catch (failure) {
    failed(failure.step ?? "runtime", "download", failure.error ?? failure);
    return false;
  }
  try {
    stage = "starting";
    report(true);
    pyodide.unpackArchive(wheel, "wheel");
    pyodide.runPython(`
import json, screener
def _screener_evaluate(answers_json, today):
    return json.dumps(screener.evaluate(json.loads(answers_json), today=today or None))
def _screener_questions():
    return json.dumps(screener.questions())
`);
    evaluateJson = pyodide.globals.get("_screener_evaluate");
    const questions = JSON.parse(pyodide.globals.get("_screener_questions")());
    took("core")();
    if (settled) return false; // a failure was reported meanwhile
    settled = true;
    post({ type: "ready", version: manifest.version, build_id: manifest.build_id, questions,
           ms: Math.round(performance.now() - started), timings,
           origin: performance.timeOrigin + started }); // when the worker started, on the page's clock
    return true;
  } catch (error) {
    failed("python", "python", error);
    return false;
  }
}

const ready = start();

self.onmessage = async (event) => {
  const message = event.data || {};
  if (message.type !== "evaluate") return;
  if (!(await ready)) return; // start-up failed and was reported
  let result;
  try {
    result = JSON.parse(evaluateJson(JSON.stringify(message.answers || {}), message.today || null));
  } catch (error) {
    result = { ok: false, errors: [{ field: "answers", code: "internal_error", message: String(error) }],
               programs: [], next_questions: [], next_steps: [], notes: [] };
  }
  post({ type: "result", id: message.id, result });
};
