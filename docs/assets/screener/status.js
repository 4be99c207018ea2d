// The line above the form that says how the engine is doing: downloading (with a progress bar), starting,
// ready, or failed (with links to the static checklists). Also sets data-engine on the container.
import { h } from "./dom.js";
import { t } from "./state.js";
import { megabytes } from "./text.js";

// view: app.js's {root, fallback, status, ...}; engine: engine.js's engine.
export function renderStatus(view, engine) {
  const box = view.status;
  box.replaceChildren();
  box.dataset.state = engine.status;
  view.root.dataset.engine = engine.status;
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
  if (engine.status === "ready") {
    box.append(h("p", { class: "scr-ready", text: t("screener.loading.ready") }));
    return;
  }
  const lang = document.documentElement.lang;
  const known = engine.total !== null && engine.total > 0;
  const downloading = engine.stage === "downloading";
  const text = downloading
    ? known
      ? t("screener.loading.downloading_bytes",
          { loaded: megabytes(engine.loaded, lang), total: megabytes(engine.total, lang) })
      : t("screener.loading.downloading")
    : t("screener.loading.starting");
  const bar = h("progress", { class: "scr-progress", "aria-labelledby": "scr-progress-label" });
  if (downloading && known) {
    bar.max = engine.total;
    bar.value = Math.min(engine.loaded, engine.total);
  }
  box.append(
    h("div", { class: "scr-loading", "data-stage": engine.stage },
      h("p", { id: "scr-progress-label", class: "scr-loading__text", text }),
      bar,
      h("p", { class: "scr-loading__hint", text: t("screener.loading.hint") }),
      engine.slow ? h("p", { class: "scr-loading__slow", text: t("screener.loading.slow") }) : null,
      engine.slow ? checklistLinks(view) : null),
  );
}

// The links to the static checklists, taken from the page's own fallback message (the page owns the URLs).
function checklistLinks(view) {
  const list = view.fallback && view.fallback.querySelector("ul");
  return list ? list.cloneNode(true) : null;
}
