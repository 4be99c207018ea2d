// The line above the form that says how the engine is doing: downloading (with a progress bar), starting,
// ready, or failed (with links to the static checklists). Also sets data-engine on the container.
import { h } from "./dom.js";
import { state, t } from "./state.js";
import { megabytes } from "./text.js";

// view: app.js's {root, fallback, status, ...}; engine: engine.js's engine. While the download goes on, only the
// words and the bar change (progress comes many times a second): the line is drawn anew when the engine's state,
// its stage or its slowness changes.
const drawnLoading = new WeakMap(); // status box -> {key, text, bar} of the loading line on screen

export function renderStatus(view, engine) {
  const box = view.status;
  view.root.dataset.engine = engine.status;
  if (engine.status === "loading") {
    const key = `${engine.stage}:${engine.slow}`;
    let drawn = drawnLoading.get(box);
    if (!drawn || drawn.key !== key || box.dataset.state !== "loading") drawn = drawLoading(view, engine, key);
    drawn.text.textContent = loadingText(engine);
    if (engine.stage === "downloading" && totalKnown(engine)) {
      drawn.bar.max = engine.total;
      drawn.bar.value = Math.min(engine.loaded, engine.total);
    }
    return;
  }
  box.replaceChildren();
  box.dataset.state = engine.status;
  drawnLoading.delete(box);
  if (engine.status === "failed") {
    const reason = (engine.failure && engine.failure.reason) || "download";
    box.append(
      h("div", { class: "admonition warning scr-failed", role: "alert" },
        h("p", { class: "admonition-title", text: t("screener.failed.heading") }),
        h("p", { text: t(`screener.failed.${reason}`) }),
        h("p", { text: t("screener.failed.use_checklists") }),
        checklistLinks(view)),
    );
    return;
  }
  box.append(h("p", { class: "scr-ready", text: t("screener.loading.ready") }));
}

const totalKnown = (engine) => engine.total !== null && engine.total > 0;

function loadingText(engine) {
  if (engine.stage !== "downloading") return t("screener.loading.starting");
  return totalKnown(engine)
    ? t("screener.loading.downloading_bytes",
        { loaded: megabytes(engine.loaded, state.form.ui), total: megabytes(engine.total, state.form.ui) })
    : t("screener.loading.downloading");
}

function drawLoading(view, engine, key) {
  const box = view.status;
  const text = h("p", { id: "scr-progress-label", class: "scr-loading__text" });
  const bar = h("progress", { class: "scr-progress", "aria-labelledby": "scr-progress-label" });
  box.replaceChildren(
    h("div", { class: "scr-loading", "data-stage": engine.stage },
      text,
      bar,
      h("p", { class: "scr-loading__hint", text: t("screener.loading.hint") }),
      engine.slow ? h("p", { class: "scr-loading__slow", text: t("screener.loading.slow") }) : null,
      engine.slow ? checklistLinks(view) : null),
  );
  box.dataset.state = "loading";
  const drawn = { key, text, bar };
  drawnLoading.set(box, drawn);
  return drawn;
}

// The links to the static checklists, taken from the page's own fallback message (the page owns the URLs).
function checklistLinks(view) {
  const list = view.fallback && view.fallback.querySelector("ul");
  return list ? list.cloneNode(true) : null;
}
