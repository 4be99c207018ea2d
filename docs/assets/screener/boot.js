// Starts the screener on the one page that has it, and does nothing anywhere else.
//
// Loaded on every page (mkdocs.yml extra_javascript, as a module). It stays tiny: it looks for the screener's
// container and, only when there is one, loads engine.js to start Python's worker at once (the download is the
// slow part, so it waits for nothing) and, in parallel, app.js, which shows the form. No other page loads any
// of the screener's files. It runs once per page load (Material's instant navigation is off; its document$,
// if a theme change brings it back, is listened to as well, and a second start is a no-op).
const here = (file) => new URL(file, import.meta.url).href;

function start() {
  const root = document.querySelector("[data-screener]");
  if (!root || root.dataset.screenerMounted) return;
  root.dataset.screenerMounted = "starting";
  // app.js starts the engine too if this fails: it says why on the page
  import(here("engine.js")).then((engine) => engine.startEngine()).catch(() => {});
  import(here("app.js"))
    .then((app) => app.mount(root))
    .catch((error) => {
      // app.js itself could not load: the static message in the page stays visible; say why in the console.
      root.dataset.screenerMounted = "failed";
      console.error("screener: could not load app.js", error);
    });
}

// Now (a module runs once the page is parsed, so the container is there: the download starts without waiting
// for the theme).
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
else start();
if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(start);
