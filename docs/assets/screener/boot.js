// Starts the screener on the one page that has it.
//
// Only the screener page loads this: an async module in its <head> (overrides/main.html, for pages whose front
// matter says `screener: true`). It runs as soon as it has arrived, before the page is parsed, and starts
// Python's worker at once (engine.js: the download is the slow part, so it waits for nothing). It loads app.js
// in parallel and mounts the form as soon as the parser has gone past the screener's container, without
// waiting for the rest of the page (Material's bundle at the end of the body). No other page loads any of the
// screener's files. A second start is a no-op.
const here = (file) => new URL(file, import.meta.url).href;

// app.js starts the engine too if this fails: it says why on the page
import(here("engine.js")).then((engine) => engine.startEngine()).catch(() => {});
const app = import(here("app.js"));
app.catch(() => {}); // reported where it is used, in mount()

function mount(root) {
  if (root.dataset.screenerMounted) return;
  root.dataset.screenerMounted = "starting";
  app.then((module) => module.mount(root)).catch((error) => {
    // app.js itself could not load: the static message in the page stays visible; say why in the console.
    root.dataset.screenerMounted = "failed";
    console.error("screener: could not load app.js", error);
  });
}

// Mounts the form once the container is complete: something follows it (the parser has closed it), or the page
// is parsed. Returns whether it is mounted (mount() itself does nothing the second time).
function mountIfParsed() {
  const root = document.querySelector("[data-screener]");
  if (!root || (!root.nextSibling && document.readyState === "loading")) return false;
  mount(root);
  return true;
}

if (!mountIfParsed()) {
  const observer = new MutationObserver(() => mountIfParsed() && observer.disconnect());
  observer.observe(document, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", () => {
    observer.disconnect();
    mountIfParsed();
  }, { once: true });
}
