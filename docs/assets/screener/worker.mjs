// The screener's Python, in a module Web Worker so the page never freezes while Pyodide starts.
//
// Protocol (all messages are plain objects; see also app.js):
//   worker -> page  {type: "progress", stage: "downloading" | "starting", loaded, total}
//                       loaded/total in bytes; total is null until the manifest is read
//                   {type: "ready", version, build_id, questions, ms, timings}  Python and the core are loaded;
//                       timings.start is "snapshot" or "fresh", timings.snapshot what became of a stored one
//                   {type: "result", id, json}                            answer to one "evaluate": the
//                       result as JSON text (a string crosses to the page in a copy; an object of that size
//                       costs ms to clone on each side)
//                   {type: "failed", stage, reason, detail}               cannot start; reason is a ui key suffix
//   page -> worker  {type: "manifest", manifest} | {type: "manifest", error}   first: screener/manifest.json,
//                                                                        which the page fetches (engine.js)
//                   {type: "evaluate", id, answers, today?, lang?}        answers: {question id: value};
//                                                                        lang: the page's language ("es")
// Evaluate requests sent before "ready" wait and are answered once Python runs.
//
// Every URL is resolved against this file, so the site works under any sub-path: the worker lives in
// <site>/assets/screener/, the runtime and our Python zip in <site>/pyodide/<version>/, the manifest in
// <site>/screener/. The zip (sitebuild/python_zip.py) holds the standard-library modules the screener needs and
// our package, precompiled; it replaces Pyodide's python_stdlib.zip, so nothing is compiled at start-up.
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
  if (!loadingSnapshot) failed("runtime", "download", event.reason);
});
self.addEventListener("error", (event) => {
  if (loadingSnapshot) event.preventDefault(); // a bad snapshot: startPython() starts normally instead
  else failed("runtime", "download", event.message);
});

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

// Counts a response's bytes as they arrive (for progress) and says when the file is nearly in (for the order of
// requests below). Reads a clone, so the original keeps its URL (which wasm code caching keys on).
async function countBody(name, response, nearlyIn = () => {}) {
  const arrived = performance.now();
  try {
    if (!response.ok || !response.body) return;
    const reader = response.body.getReader();
    loaded[name] = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      loaded[name] += value.byteLength;
      // time to go at the rate so far, from the response's arrival (its bytes are raw, as the manifest's sizes)
      const size = sizes[name];
      if (size && ((size - loaded[name]) * (performance.now() - arrived)) / loaded[name] < NEXT_LEAD_MS) nearlyIn();
      report();
    }
    if (sizes[name] === undefined) sizes[name] = loaded[name];
    report(true);
  } finally {
    nearlyIn(); // in, failed or cut off: the next request waits no longer
  }
}

// ---- the order of requests ----------------------------------------------------------------------------------
// On a slow connection the files share its bandwidth, so requested together they all arrive at the end, and
// everything Python needs to do waits for the last byte. Requested one after the other (the wasm, then the
// standard library's zip, then our package's), each arrives as early as it can: Pyodide compiles and sets up the
// wasm while the standard library arrives, and Python starts while our package arrives (1.3 s sooner on slow
// 4G). Each request goes out when the file before it is nearly in, less than NEXT_LEAD_MS to go at its rate so
// far, so the connection never idles for a round trip; on a fast connection that is at once.
// Pyodide gets these very responses when it asks for them (self.fetch below): its own requests would start
// later (after pyodide.mjs arrives) and all together.
const NEXT_LEAD_MS = 400;
const realFetch = self.fetch.bind(self);
const early = new Map(); // absolute URL -> Promise<Response>, started or waiting for its turn (and counted)
const absolute = (url) => new URL(String(url), self.location.href).href;

function requestInTurn(urls) {
  let turn = Promise.resolve();
  for (const url of urls) {
    let nearlyIn;
    const next = new Promise((resolve) => {
      nearlyIn = resolve;
    });
    const promise = turn.then(() => {
      const response = realFetch(url);
      response.then((r) => countBody(fileName(url), r.clone(), nearlyIn).catch(() => {}), () => nearlyIn());
      return response;
    });
    promise.catch(() => {}); // reported when Pyodide (or appReady) asks for it
    early.set(absolute(url), promise);
    turn = next;
  }
}

self.fetch = async (input, init) => {
  const url = input instanceof Request ? input.url : input;
  const name = fileName(url);
  const key = absolute(url);
  const started = !(input instanceof Request) && !(init && init.integrity) ? early.get(key) : undefined;
  early.delete(key);
  let response;
  try {
    response = await (started || realFetch(input, init));
  } catch (error) {
    failed("runtime", "download", `${name}: ${error.message || error}`);
    throw error;
  }
  if (!response.ok) failed("runtime", "download", `${name}: HTTP ${response.status}`);
  const countable = name in sizes || name.endsWith(".wasm") || name.endsWith(".zip") || name.endsWith(".json");
  if (countable && !started) countBody(name, response.clone()).catch(() => {}); // an early one is counted already
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

// ---- start: the manifest, then Pyodide with our precompiled Python zip, or from a memory snapshot ---------
async function sha256Hex(bytes) {
  if (!(self.crypto && self.crypto.subtle)) return null; // not a secure context
  const digest = await self.crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

// Tags a failure with the step it happened in, for the "failed" message.
const step = (name, promise) =>
  promise.catch((error) => {
    throw { step: name, error };
  });

// The manifest comes from the page (engine.js fetches it while this script is still loading).
let receiveManifest;
const manifestMessage = new Promise((resolve) => {
  receiveManifest = resolve;
});

const manifestReady = step(
  "manifest",
  manifestMessage
    .then((message) => {
      if (message.error || !message.manifest) throw new Error(message.error || "manifest.json: missing");
      return message.manifest;
    })
    .then((manifest) => {
      Object.assign(sizes, manifest.pyodide.files, { [fileName(manifest.python.file)]: manifest.python.size,
                                                     [fileName(manifest.app.file)]: manifest.app.size });
      delete sizes["pyodide.mjs"]; // imported before anything is counted; 18 KB
      report(true);
      requestInTurn([`${INDEX_URL}pyodide.asm.wasm`, new URL(manifest.python.file, SITE).href,
                     new URL(manifest.app.file, SITE).href]);
      return manifest;
    }),
);

// Our package, precompiled (sitebuild/python_zip.py), checked against the manifest's hash.
const appReady = step(
  "wheel",
  manifestReady.then(async (manifest) => {
    const response = await self.fetch(new URL(manifest.app.file, SITE));
    if (!response.ok) throw new Error(`${manifest.app.file}: HTTP ${response.status}`);
    const bytes = await response.arrayBuffer();
    const digest = await sha256Hex(bytes);
    if (digest && digest !== manifest.app.sha256) throw new Error(`${manifest.app.file}: checksum mismatch`);
    return new Uint8Array(bytes);
  }).then(took("wheel")),
);

const moduleReady = step("runtime", import(`${INDEX_URL}pyodide.mjs`));

// Our package's zip goes where the prelude puts it on sys.path; after a snapshot start too (the file system is
// not part of a snapshot, and the package reads its files from the zip).
async function installApp(pyodide, manifest, appPromise) {
  const app = await appPromise;
  const path = manifest.app.path;
  pyodide.FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
  pyodide.FS.writeFile(path, app);
}

// The options every start shares: our zip is the whole standard library (stdLibURL), and the lock file is
// given inline (the screener loads no packages), so nothing else is fetched.
const options = (manifest, extra) => ({
  indexURL: INDEX_URL,
  stdLibURL: new URL(manifest.python.file, SITE).href,
  lockFileContents: { info: manifest.pyodide.lock, packages: {} },
  env: { PYTHONHASHSEED: "0" },
  stdout: () => {},
  stderr: (line) => console.warn("python:", line),
  ...extra,
});

// ---- the memory snapshot ----------------------------------------------------------------------------------
// After the first start the worker keeps a snapshot of the started interpreter (screener imported, the prelude
// run) in Cache Storage; later visits start from it, skipping Python's start-up. The key names everything the
// snapshot depends on: the Pyodide version, our wheel, our two Python zips and the prelude. Cache Storage exists only
// in secure contexts (https, and http://localhost or 127.0.0.1): elsewhere there is no snapshot.
// Any problem with a stored snapshot (checksum, truncation, or Pyodide refusing it: bad magic, another build)
// means a normal start in this same worker, and the entry is replaced by a fresh one.
const SNAPSHOT_CACHE = "screener-snapshot-v1";
const SNAPSHOT_SHA = "x-snapshot-sha256";
const canSnapshot = () => Boolean(self.isSecureContext && self.caches && self.crypto && self.crypto.subtle);
const WASM_PAGE = 65536;
let loadingSnapshot = false; // while true, an error is a reason to start normally, not a failure

function snapshotKey(manifest) {
  const part = (hex) => String(hex).slice(0, 16);
  return new URL(`snapshot/${manifest.pyodide.version}/${part(manifest.wheel.sha256)}/` +
                 `${part(manifest.python.sha256)}/${part(manifest.app.sha256)}/${part(manifest.prelude.sha256)}`,
                 SCREENER_URL).href;
}

// The stored snapshot's bytes, or the reason there are none to use.
async function readSnapshot(key) {
  const cache = await caches.open(SNAPSHOT_CACHE);
  const hit = await cache.match(key);
  if (!hit) return { status: "none" };
  const bytes = new Uint8Array(await hit.arrayBuffer());
  if ((await sha256Hex(bytes)) !== hit.headers.get(SNAPSHOT_SHA)) return { status: "checksum" };
  // Pyodide's layout: a header, then the wasm memory, a whole number of 64 KiB pages
  const header = bytes.byteLength >= 16 ? new Uint32Array(bytes.buffer, bytes.byteOffset, 4)[1] : 0;
  if (!header || header >= bytes.byteLength || (bytes.byteLength - header) % WASM_PAGE) return { status: "truncated" };
  return { status: "found", bytes };
}

async function saveSnapshot(pyodide, key) {
  const bytes = pyodide.makeMemorySnapshot();
  const digest = await sha256Hex(bytes);
  const cache = await caches.open(SNAPSHOT_CACHE);
  await cache.put(key, new Response(bytes, {
    headers: { "content-type": "application/octet-stream", [SNAPSHOT_SHA]: digest },
  }));
  for (const request of await cache.keys()) { // one entry: older builds' snapshots go
    if (request.url !== key) await cache.delete(request);
  }
}

async function dropSnapshot(key) {
  try {
    await (await caches.open(SNAPSHOT_CACHE)).delete(key);
  } catch (_) {
    /* replaced after the normal start anyway */
  }
}

// Starts Python: from the snapshot when a good one is stored, else normally (taking a snapshot later).
// Resolves {pyodide, start: "snapshot" | "fresh", snapshot: what happened to the stored one}.
async function startPython(manifest, loadPyodide, app) {
  if (!canSnapshot()) {
    const pyodide = await loadPyodide(options(manifest));
    await installApp(pyodide, manifest, app);
    return { pyodide, start: "fresh", snapshot: "unavailable" };
  }
  const key = snapshotKey(manifest);
  let found = { status: "none" };
  try {
    found = await readSnapshot(key);
  } catch (error) {
    found = { status: "unreadable" };
  }
  took("snapshot_read")();
  if (found.status === "found") {
    let pyodide = null;
    loadingSnapshot = true;
    try {
      pyodide = await loadPyodide(options(manifest, { _loadSnapshot: found.bytes }));
      pyodide.runPython("_screener_evaluate"); // the prelude's functions are there
    } catch (error) {
      pyodide = null;
      console.warn("screener: the stored snapshot did not load; starting normally", error);
      found = { status: "rejected" };
    }
    loadingSnapshot = false;
    if (pyodide) {
      await installApp(pyodide, manifest, app);
      return { pyodide, start: "snapshot", snapshot: "loaded", key };
    }
  }
  if (found.status !== "none") await dropSnapshot(key);
  const pyodide = await loadPyodide(options(manifest, { _makeSnapshot: true }));
  await installApp(pyodide, manifest, app);
  return { pyodide, start: "fresh", snapshot: found.status, key, save: true };
}

let evaluateJson = null; // a Python function: (answers_json, today) -> result_json
let started_ = null; // what startPython() returned

async function start() {
  let manifest, loadPyodide;
  try {
    [manifest, { loadPyodide }] = await Promise.all([manifestReady, moduleReady]);
    appReady.catch(() => {}); // reported below, once
    started_ = await startPython(manifest, loadPyodide, appReady).catch((error) => {
      throw error && error.step ? error : { step: "runtime", error };
    });
    took("runtime")();
  } catch (failure) {
    failed(failure.step ?? "runtime", "download", failure.error ?? failure);
    return false;
  }
  try {
    stage = "starting";
    report(true);
    const { pyodide } = started_;
    if (started_.start === "fresh") pyodide.runPython(manifest.prelude.code);
    evaluateJson = pyodide.globals.get("_screener_evaluate");
    const questionsByLang = JSON.parse(pyodide.globals.get("_screener_questions")());
    const questions = questionsByLang.en;
    took("core")();
    timings.start = started_.start;
    timings.snapshot = started_.snapshot;
    if (settled) return false; // a failure was reported meanwhile
    settled = true;
    post({ type: "ready", version: manifest.version, build_id: manifest.build_id, questions, questionsByLang,
           ms: Math.round(performance.now() - started), timings,
           origin: performance.timeOrigin + started }); // when the worker started, on the page's clock
    return true;
  } catch (error) {
    failed("python", "python", error);
    return false;
  }
}

const ready = start();

// The snapshot is taken once the page has its first results and the worker has been idle for a moment, so it
// never delays an answer (making it blocks this worker for a few hundred ms).
const SNAPSHOT_IDLE_MS = 1000;
let snapshotTimer = null;
function scheduleSnapshot() {
  if (!started_ || !started_.save) return;
  clearTimeout(snapshotTimer);
  snapshotTimer = setTimeout(() => {
    const { pyodide, key } = started_;
    started_.save = false;
    saveSnapshot(pyodide, key).catch((error) => console.warn("screener: could not keep a snapshot", error));
  }, SNAPSHOT_IDLE_MS);
}

self.onmessage = async (event) => {
  const message = event.data || {};
  if (message.type === "manifest") receiveManifest(message);
  if (message.type !== "evaluate") return;
  if (!(await ready)) return; // start-up failed and was reported
  let json;
  try {
    json = evaluateJson(JSON.stringify(message.answers || {}), message.today || null, message.lang || null);
  } catch (error) {
    json = JSON.stringify({ ok: false, errors: [{ field: "answers", code: "internal_error", message: String(error) }],
                            programs: [], next_questions: [], next_steps: [], notes: [] });
  }
  post({ type: "result", id: message.id, json });
  scheduleSnapshot();
};
