// Starts the screener on the one page that has it, and does nothing anywhere else.
//
// Loaded on every page (mkdocs.yml extra_javascript, as a module). It stays tiny: it looks for the screener's
// container and, only when there is one, starts Python's Web Worker at once (the download is the slow part, so
// it should not wait for anything) and imports app.js next to this file. No other page loads a Pyodide byte.
// Material's instant navigation swaps page content without re-running scripts, so the check runs on every
// page change through Material's document$ observable (or once, when the theme does not provide it).
let engine = null; // {worker, early: [messages that arrived before app.js took over]}, once per tab

function startWorker() {
  if (engine || location.protocol === "file:" || typeof WebAssembly !== "object") return engine;
  let moduleWorkers = false;
  const options = { name: "screener", get type() { moduleWorkers = true; return "module"; } };
  try {
    const worker = new Worker(new URL("worker.mjs", import.meta.url), options);
    if (!moduleWorkers) { // an old browser would run worker.mjs as a classic script, and fail
      worker.terminate();
      return null;
    }
    const early = [];
    worker.onmessage = (event) => early.push(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      early.push({ type: "failed", reason: "download", detail: event.message || "worker error" });
    };
    engine = { worker, early };
  } catch (error) {
    console.error("screener: could not start the worker", error);
  }
  return engine;
}

function start() {
  const root = document.querySelector("[data-screener]");
  if (!root || root.dataset.screenerMounted) return;
  root.dataset.screenerMounted = "starting";
  const started = startWorker();
  import(new URL("app.js", import.meta.url).href)
    .then((app) => app.mount(root, started))
    .catch((error) => {
      // app.js itself could not load: the static message in the page stays visible; say why in the console.
      root.dataset.screenerMounted = "failed";
      console.error("screener: could not load app.js", error);
    });
}

// Now (a module runs once the page is parsed, so the container is there: the download starts without waiting
// for the theme), and again on every page Material's instant navigation brings in.
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
else start();
if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(start);
