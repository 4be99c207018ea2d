// The screener's Python: starting worker.mjs (Pyodide in a module Web Worker) and talking to it. This is the
// one place a worker is started. boot.js calls startEngine() as soon as a page has the screener (the download
// is the slow part, so it waits for nothing), and app.js connects to the same engine once it has loaded.
// One engine per page. It imports nothing, so it loads at once.
//
// The messages are worker.mjs's (see its header). Evaluations are coalesced: one is in flight at a time, the
// newest answers go next, and a result for answers that changed meanwhile is dropped.
const WORKER_URL = new URL("worker.mjs", import.meta.url);
// Fetched here, not in the worker: the page preloads it (overrides/main.html), so it is in while the worker's own
// script is still on its way, and the worker starts its downloads a round trip sooner.
const MANIFEST_URL = new URL("../../screener/manifest.json", import.meta.url);
const STALL_MS = 30000; // no progress for this long while loading: the page says it is slow

let engine = null;

// The engine of this tab, started on the first call.
export function startEngine() {
  if (!engine) engine = new Engine();
  return engine;
}

// Why this browser cannot run the screener (a ui key suffix of screener.failed.*), or null.
function unsupportedReason() {
  if (location.protocol === "file:") return "file";
  if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") return "no_wasm";
  if (typeof Worker !== "function") return "no_module_worker";
  return null;
}

// The worker's first message from the page: {type: "manifest", manifest} or {type: "manifest", error}.
function sendManifest(worker) {
  fetch(MANIFEST_URL)
    .then((response) => {
      if (!response.ok) throw new Error(`manifest.json: HTTP ${response.status}`);
      return response.json();
    })
    .then((manifest) => worker.postMessage({ type: "manifest", manifest }),
          (error) => worker.postMessage({ type: "manifest", error: String((error && error.message) || error) }));
}

class Engine {
  constructor() {
    this.status = "loading"; // loading | ready | failed (the page shows it as data-engine)
    this.stage = "downloading"; // while loading: downloading | starting
    this.loaded = 0; // bytes so far, of total (null until the worker has read the manifest)
    this.total = null;
    this.slow = false; // no progress for STALL_MS
    this.failure = null; // {reason, detail?} once failed
    this.unsupported = false; // failed before starting: this browser cannot run it at all
    this.listener = null; // the page's, once connected
    this.queue = []; // events before the page connected
    this.stallTimer = null;
    this.seq = 0; // id of the newest evaluation sent
    this.inFlight = 0; // id of the evaluation the worker is working on (0: none)
    this.pending = null; // answers waiting to be sent
    this.worker = this.spawn();
  }

  spawn() {
    const reason = unsupportedReason();
    if (reason) return this.refuse(reason);
    let moduleWorkers = false;
    let worker;
    try {
      worker = new Worker(WORKER_URL, { name: "screener", get type() { moduleWorkers = true; return "module"; } });
    } catch (error) {
      console.error("screener: could not start the worker", error);
      return this.refuse("no_module_worker");
    }
    if (!moduleWorkers) { // an old browser would run worker.mjs as a classic script, and fail
      worker.terminate();
      return this.refuse("no_module_worker");
    }
    worker.onmessage = (event) => this.receive(event.data || {});
    sendManifest(worker);
    worker.onerror = (event) => {
      event.preventDefault();
      this.fail({ reason: "download", detail: event.message || "worker error" });
    };
    this.armStallTimer();
    return worker;
  }

  refuse(reason) {
    this.status = "failed";
    this.failure = { reason };
    this.unsupported = true;
    return null;
  }

  // The page's listener gets every event: {type: "progress", stage, stageChanged}, {type: "slow"},
  // {type: "ready", message} (the worker's ready message), {type: "result", result} (result is null when it
  // was for answers that have changed since) and {type: "failed"}. Events from before it connected come first.
  connect(listener) {
    this.listener = listener;
    for (const event of this.queue.splice(0)) listener(event);
  }

  emit(event) {
    if (this.listener) this.listener(event);
    else this.queue.push(event);
  }

  // Results are behind the answers: an evaluation is waiting or in flight.
  get busy() {
    return Boolean(this.pending) || Boolean(this.inFlight);
  }

  // Asks for a result for these answers (sent once Python is ready and nothing else is in flight).
  // lang: the language of the sentences in the result (form.json's lang; English when absent).
  evaluate(answers, lang) {
    this.pending = { ...answers };
    if (lang) this.lang = lang;
    this.pump();
  }

  pump() {
    if (this.status !== "ready" || this.inFlight || !this.pending) return;
    const answers = this.pending;
    this.pending = null;
    this.inFlight = ++this.seq;
    this.worker.postMessage({ type: "evaluate", id: this.seq, answers, lang: this.lang || "en" });
  }

  receive(message) {
    if (message.type === "progress") {
      const stageChanged = message.stage !== this.stage;
      this.stage = message.stage;
      this.loaded = message.loaded;
      this.total = message.total;
      this.armStallTimer();
      this.emit({ type: "progress", stage: message.stage, stageChanged });
    } else if (message.type === "ready") {
      clearTimeout(this.stallTimer);
      this.status = "ready";
      this.emit({ type: "ready", message });
    } else if (message.type === "result") {
      const current = message.id === this.seq;
      this.inFlight = 0;
      if (this.pending) {
        this.pump(); // the answers changed meanwhile: this result is already stale
        return;
      }
      this.emit({ type: "result", result: current ? JSON.parse(message.json) : null });
    } else if (message.type === "failed") {
      this.fail(message);
    }
  }

  armStallTimer() {
    clearTimeout(this.stallTimer);
    this.stallTimer = setTimeout(() => {
      if (this.status !== "loading") return;
      this.slow = true;
      this.emit({ type: "slow" });
    }, STALL_MS);
  }

  fail(failure) {
    clearTimeout(this.stallTimer);
    this.status = "failed";
    this.failure = failure;
    if (this.worker) this.worker.terminate();
    this.worker = null;
    console.error("screener: could not start", failure);
    this.emit({ type: "failed" });
  }
}
