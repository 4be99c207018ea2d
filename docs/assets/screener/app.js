// The screener page: questions, progress, results. Imported by boot.js only when the page has the screener.
//
// Where things come from:
//   <site>/screener/form.json   questions, the first next_questions, and every interface string (content/ui.yaml)
//   worker.mjs                  Pyodide + our wheel; answers "evaluate" messages with screener.evaluate()
// No text in this file is shown to people: every string comes from form.json through t(), so a language is
// only more content. Answers live in this module's memory: nothing is stored or sent anywhere. They survive
// Material's instant navigation inside the tab (the module stays loaded) and nothing else.
const SITE = new URL("../../", import.meta.url);
const FORM_URL = new URL("screener/form.json", SITE);
const WORKER_URL = new URL("worker.mjs", import.meta.url);
const MAX_STEP = 5; // at most this many questions of one group on screen at a time

// ---------------------------------------------------------------------------------------------------------
// Module state (one per tab)
// ---------------------------------------------------------------------------------------------------------
let form = null; // form.json
let questionById = new Map();
const engine = { worker: null, status: "idle", stage: null, loaded: 0, total: null, failure: null, version: null };
const state = freshState();
let view = null; // the mounted page (null when the screener page is not shown)
let evalSeq = 0;
let inFlight = 0;
let pending = false;
let lastStepKey = ""; // what the step and the summary last rendered, to re-render only on change
let lastSummaryKey = "";

function freshState() {
  return {
    answers: {}, // question id -> value (JSON types the core expects)
    asked: [], // question ids in the order they were put on screen
    skipped: new Set(), // shown and left unanswered ("Not sure", or passed with Next)
    step: [], // ids of the current step (the end of `asked`)
    stepGroup: null,
    editing: null, // id of a summary row open for change
    raw: {}, // text typed into number fields, kept as typed
    result: null,
    announced: "",
  };
}

function resetState() {
  Object.assign(state, freshState());
}

// ---------------------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------------------
function t(key, values) {
  const template = (form && form.ui[key]) ?? key;
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

function megabytes(bytes) {
  const lang = document.documentElement.lang || undefined;
  return new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(bytes / 1e6);
}

// ---------------------------------------------------------------------------------------------------------
// DOM helper
// ---------------------------------------------------------------------------------------------------------
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") el.className = value;
    else if (name === "text") el.textContent = value;
    else if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else if (name in el && typeof value !== "string") el[name] = value;
    else el.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const fieldId = (qid) => `scr-q-${qid}`;

// ---------------------------------------------------------------------------------------------------------
// Mounting
// ---------------------------------------------------------------------------------------------------------
function unsupportedReason() {
  if (location.protocol === "file:") return "file";
  if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") return "no_wasm";
  if (typeof Worker !== "function") return "no_module_worker";
  let moduleWorkers = false;
  try {
    // A browser that knows module workers reads `type`; the blob URL never loads.
    const probe = new Worker("blob://", { get type() { moduleWorkers = true; return "module"; } });
    probe.terminate();
  } catch (_) {
    /* the URL is invalid on purpose */
  }
  return moduleWorkers ? null : "no_module_worker";
}

function addStylesheet() {
  if (document.getElementById("scr-css")) return;
  document.head.append(h("link", { id: "scr-css", rel: "stylesheet", href: new URL("screener.css", import.meta.url).href }));
}

// root: the page's [data-screener] container. started: the worker boot.js already started ({worker, early}),
// or null when it could not (then this says why).
export async function mount(root, started = null) {
  addStylesheet();
  if (started && !engine.worker && engine.status !== "failed") adoptWorker(started);
  const fallback = root.querySelector("[data-screener-fallback]");
  try {
    if (!form) {
      const response = await fetch(FORM_URL, { cache: "no-cache" });
      if (!response.ok) throw new Error(`form.json: HTTP ${response.status}`);
      form = await response.json();
      questionById = new Map(form.questions.map((q) => [q.id, q]));
    }
  } catch (error) {
    root.dataset.screenerMounted = "failed";
    console.error("screener:", error);
    return; // the static message and its links stay as they are
  }
  view = buildView(root, fallback);
  root.dataset.screenerMounted = "yes";
  setBusy(!state.result || pending || Boolean(inFlight));

  const reason = unsupportedReason();
  if (reason) {
    engine.status = "failed";
    engine.failure = { reason };
    renderAll();
    return;
  }
  if (!state.asked.length) startStep(form.next_questions);
  startEngine();
  renderAll();
  replayEarly();
}

function buildView(root, fallback) {
  for (const child of [...root.children]) if (child !== fallback) child.remove();
  if (fallback) fallback.hidden = true;
  const v = {
    root,
    fallback,
    live: h("div", { class: "scr-visually-hidden", "aria-live": "polite", "aria-atomic": "true" }),
    status: h("div", { class: "scr-status" }),
    summary: h("section", { class: "scr-summary", "aria-labelledby": "scr-summary-h" }),
    step: h("section", { class: "scr-step", "aria-labelledby": "scr-step-h" }),
    results: h("div", { class: "scr-results__body" }),
  };
  const resultsHeading = h("h2", { id: "scr-results-h", tabindex: "-1", text: t("screener.results.heading") });
  const formHeading = h("h2", { id: "scr-form-h", text: t("screener.form.heading") });
  const startOver = h("button", { type: "button", class: "md-button scr-start-over", onclick: startOver_,
                                  text: t("screener.form.start_over") });
  root.append(
    v.live,
    v.status,
    h("div", { class: "scr-layout" },
      h("form", { class: "scr-form", "aria-labelledby": "scr-form-h", novalidate: true,
                  onsubmit: (e) => e.preventDefault() },
        formHeading,
        v.summary, v.step,
        h("div", { class: "scr-actions" }, startOver)),
      h("section", { class: "scr-results", "aria-labelledby": "scr-results-h" },
        resultsHeading,
        h("p", { class: "scr-not-decision", text: t("screener.not_a_decision") }),
        v.results)),
  );
  return v;
}

function announce(text) {
  if (!view || !text) return;
  // Clearing first makes screen readers read the same sentence twice in a row too.
  view.live.textContent = "";
  requestAnimationFrame(() => {
    if (view) view.live.textContent = text;
  });
}

// ---------------------------------------------------------------------------------------------------------
// The engine (worker)
// ---------------------------------------------------------------------------------------------------------
let stallTimer = null;

let early = []; // messages the worker sent before this module was loaded (boot.js kept them)

function adoptWorker(started) {
  engine.status = "loading";
  engine.stage = "downloading";
  engine.worker = started.worker;
  early = started.early.splice(0);
  listen(started.worker);
  armStallTimer();
}

function replayEarly() {
  for (const message of early.splice(0)) onWorkerMessage(message || {});
}

function listen(worker) {
  // until the form is on screen, messages wait in `early` (mount replays them)
  worker.onmessage = (event) => (view ? onWorkerMessage(event.data || {}) : early.push(event.data));
  worker.onerror = (event) => {
    event.preventDefault();
    engineFailed({ reason: "download", detail: event.message || "worker error" });
  };
}

function startEngine() {
  if (engine.worker || engine.status === "failed") return;
  engine.status = "loading";
  engine.stage = "downloading";
  let worker;
  try {
    worker = new Worker(WORKER_URL, { type: "module", name: "screener" });
  } catch (error) {
    engineFailed({ reason: "no_module_worker", detail: String(error) });
    return;
  }
  engine.worker = worker;
  listen(worker);
  armStallTimer();
}

function armStallTimer() {
  clearTimeout(stallTimer);
  stallTimer = setTimeout(() => {
    if (engine.status === "loading") {
      engine.slow = true;
      renderStatus();
    }
  }, 30000);
}

function engineFailed(failure) {
  clearTimeout(stallTimer);
  engine.status = "failed";
  engine.failure = failure;
  if (engine.worker) engine.worker.terminate();
  engine.worker = null;
  console.error("screener: could not start", failure);
  renderAll();
  announce(t("screener.failed.heading"));
}

function onWorkerMessage(message) {
  if (message.type === "progress") {
    const stageChanged = message.stage !== engine.stage;
    engine.stage = message.stage;
    engine.loaded = message.loaded;
    engine.total = message.total;
    armStallTimer();
    renderStatus();
    if (stageChanged && message.stage === "starting") announce(t("screener.loading.starting"));
  } else if (message.type === "ready") {
    clearTimeout(stallTimer);
    if (message.build_id !== form.build_id && Array.isArray(message.questions)) {
      // form.json came from another build (a stale cache): the wheel's own questions win
      form.questions = message.questions;
      questionById = new Map(form.questions.map((q) => [q.id, q]));
    }
    engine.status = "ready";
    engine.version = message.version;
    engine.readyMs = message.ms;
    // where the start-up time went (read by bench/bench_browser.py): worker start on the page's clock, then
    // ms from there until the wheel, the runtime and our core were in
    view.root.dataset.timings = JSON.stringify({
      worker_start: Math.round(message.origin - performance.timeOrigin), ...message.timings });
    renderStatus();
    announce(t("screener.loading.ready"));
    requestEvaluate();
  } else if (message.type === "result") {
    inFlight = 0;
    if (pending) {
      pump(); // answers changed meanwhile: this result is already stale
      return;
    }
    if (message.id === evalSeq) applyResult(message.result);
    setBusy(false);
  } else if (message.type === "failed") {
    engineFailed(message);
  }
}

// data-busy on the container is "1" while results are behind the answers (tests and the bench wait on it).
function setBusy(busy) {
  if (view) view.root.dataset.busy = busy ? "1" : "0";
}

function requestEvaluate() {
  pending = true;
  setBusy(true);
  pump();
}

function pump() {
  if (engine.status !== "ready" || inFlight || !pending) return;
  pending = false;
  inFlight = ++evalSeq;
  engine.worker.postMessage({ type: "evaluate", id: evalSeq, answers: { ...state.answers } });
}

// ---------------------------------------------------------------------------------------------------------
// Answers and steps
// ---------------------------------------------------------------------------------------------------------
function isAnswered(qid) {
  return Object.prototype.hasOwnProperty.call(state.answers, qid);
}

function settled(qid) {
  return isAnswered(qid) || state.skipped.has(qid);
}

function nextOrder() {
  // What can still change an answer, in order: the core's list once it runs, the build's list before.
  return state.result && state.result.ok ? state.result.next_questions : form.next_questions;
}

function candidates() {
  const asked = new Set(state.asked);
  return nextOrder().filter((qid) => questionById.has(qid) && !asked.has(qid) && !isAnswered(qid));
}

function startStep(order) {
  const first = (order || candidates()).find((qid) => !state.asked.includes(qid) && !isAnswered(qid));
  state.step = [];
  state.stepGroup = first ? questionById.get(first).group || null : null;
  if (first) {
    state.step.push(first);
    state.asked.push(first);
  }
  growStep();
}

// Shows the next question of the step's group once every question on screen has been answered or passed.
function growStep() {
  let added = null;
  while (state.step.length && state.step.length < MAX_STEP && state.step.every(settled)) {
    const next = candidates()[0];
    if (!next || (questionById.get(next).group || null) !== state.stepGroup) break;
    state.step.push(next);
    state.asked.push(next);
    added = next;
  }
  return added;
}

// Drops questions on screen that nobody answered and that can no longer change anything.
function pruneStep() {
  if (!state.result || !state.result.ok) return;
  const relevant = new Set(state.result.next_questions);
  const focused = document.activeElement && document.activeElement.closest && document.activeElement.closest(".scr-q");
  const keep = (qid) => settled(qid) || relevant.has(qid) || (focused && focused.dataset.qid === qid);
  const dropped = state.step.filter((qid) => !keep(qid));
  if (!dropped.length) return;
  state.step = state.step.filter(keep);
  state.asked = state.asked.filter((qid) => !dropped.includes(qid));
}

function setAnswer(qid, value, { skipped = false } = {}) {
  if (value === null || value === undefined) delete state.answers[qid];
  else state.answers[qid] = value;
  if (skipped || value === null) state.skipped.add(qid);
  else state.skipped.delete(qid);
  clearFieldError(qid);
  const added = state.step.includes(qid) ? growStep() : null;
  if (added) {
    renderStep();
    announce(t("screener.live.question_added", { question: questionById.get(added).label }));
  }
  renderSummaryRow(qid);
  requestEvaluate();
}

function nextStep() {
  for (const qid of state.step) if (!isAnswered(qid)) state.skipped.add(qid);
  startStep();
  renderStep({ fresh: true });
  renderSummary();
  const heading = view.step.querySelector("h3");
  if (heading) heading.focus();
  const count = state.step.length;
  announce(count ? t("screener.live.step", { group: groupHeading(state.stepGroup) }) : t("screener.form.done_all"));
}

function startOver_() {
  resetState();
  startStep(nextOrder());
  state.result = null;
  evalSeq += 1; // ignore a result still on its way
  stepDrawn = null;
  renderAll();
  requestEvaluate();
  const heading = view.step.querySelector("h3");
  if (heading) heading.focus();
  announce(t("screener.live.cleared"));
}

function groupHeading(group) {
  return group ? t(`screener.group.${group}`) : t("screener.form.more_questions");
}

// ---------------------------------------------------------------------------------------------------------
// Question fields
// ---------------------------------------------------------------------------------------------------------
function options(q) {
  return q.options || [];
}

function optionLabel(q, value) {
  const found = options(q).find((o) => o.value === value);
  return found ? found.label : String(value);
}

function answerText(qid) {
  const q = questionById.get(qid);
  if (!isAnswered(qid)) return t("screener.answer.not_answered");
  const value = state.answers[qid];
  if (q.type === "boolean") return value ? t("screener.answer.yes") : t("screener.answer.no");
  if (q.type === "multichoice") {
    if (!Array.isArray(value)) return String(value);
    return value.length ? value.map((v) => optionLabel(q, v)).join("; ") : t("screener.answer.none");
  }
  if (q.type === "choice") return optionLabel(q, value);
  return String(value);
}

function describedBy(...ids) {
  return ids.filter(Boolean).join(" ") || null;
}

// One question, as native inputs. `where` makes ids unique between the step and a summary row.
function questionField(q) {
  const id = fieldId(q.id);
  const helpId = q.help ? `${id}-help` : null;
  const errorId = `${id}-error`;
  const help = q.help ? h("p", { class: "scr-help", id: helpId, text: q.help }) : null;
  const error = h("p", { class: "scr-error", id: errorId, hidden: true });
  const value = state.answers[q.id];
  const wrap = (content) => h("div", { class: "scr-q", "data-qid": q.id, "data-type": q.type }, content);

  if (q.type === "integer") {
    const shown = q.id in state.raw ? state.raw[q.id] : isAnswered(q.id) ? String(value) : "";
    const input = h("input", {
      id, name: q.id, type: "text", inputmode: "numeric", autocomplete: "off", spellcheck: "false",
      class: "scr-input scr-input--number", value: shown, "aria-describedby": describedBy(helpId, errorId),
      oninput: (e) => {
        const text = e.target.value.trim();
        state.raw[q.id] = e.target.value;
        if (text === "") setAnswer(q.id, null, { skipped: false });
        else if (/^[0-9]+$/.test(text)) setAnswer(q.id, Number.parseInt(text, 10));
        else setAnswer(q.id, text); // the core says what is wrong with it, next to the field
      },
    });
    return wrap([h("label", { for: id, class: "scr-label", text: q.label }), help, error, input]);
  }

  const legend = h("legend", { class: "scr-label", text: q.label });
  const fieldset = (items, extraClass = "") =>
    wrap(h("fieldset", { class: `scr-fieldset ${extraClass}`, "aria-describedby": describedBy(helpId, errorId) },
      legend, help, error, h("div", { class: "scr-options" }, items)));
  const radio = (value_, label, checked, onchange, n) =>
    h("div", { class: "scr-option" },
      h("input", { type: "radio", id: `${id}-${n}`, name: id, value: value_, checked, onchange }),
      h("label", { for: `${id}-${n}`, text: label }));

  if (q.type === "boolean") {
    const choose = (e) => {
      const v = e.target.value;
      setAnswer(q.id, v === "yes" ? true : v === "no" ? false : null, { skipped: v === "unsure" });
    };
    return fieldset([
      radio("yes", t("screener.answer.yes"), value === true, choose, 0),
      radio("no", t("screener.answer.no"), value === false, choose, 1),
      radio("unsure", t("screener.answer.not_sure"), !isAnswered(q.id) && state.skipped.has(q.id), choose, 2),
    ], "scr-fieldset--inline");
  }

  if (q.type === "choice" && options(q).length > 7) {
    const select = h("select", {
      id, name: q.id, class: "scr-input scr-select", "aria-describedby": describedBy(helpId, errorId),
      onchange: (e) => setAnswer(q.id, e.target.value || null),
    },
    h("option", { value: "", text: t("screener.answer.choose") }),
    options(q).map((o) => h("option", { value: o.value, text: o.label, selected: value === o.value })));
    return wrap([h("label", { for: id, class: "scr-label", text: q.label }), help, error, select]);
  }

  if (q.type === "choice") {
    const choose = (e) => setAnswer(q.id, e.target.value);
    return fieldset(options(q).map((o, n) => radio(o.value, o.label, value === o.value, choose, n)));
  }

  if (q.type === "multichoice") {
    const boxes = [];
    let none;
    const read = () => {
      const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
      if (chosen.length) none.checked = false;
      setAnswer(q.id, chosen.length ? chosen : none.checked ? [] : null, { skipped: false });
    };
    const items = options(q).map((o, n) => {
      const box = h("input", { type: "checkbox", id: `${id}-${n}`, name: id, value: o.value, onchange: read,
                               checked: Array.isArray(value) && value.includes(o.value) });
      boxes.push(box);
      return h("div", { class: "scr-option" }, box, h("label", { for: `${id}-${n}`, text: o.label }));
    });
    none = h("input", { type: "checkbox", id: `${id}-none`, name: id, value: "", class: "scr-none",
                        checked: Array.isArray(value) && value.length === 0,
                        onchange: () => {
                          if (none.checked) for (const b of boxes) b.checked = false;
                          read();
                        } });
    items.push(h("div", { class: "scr-option scr-option--none" }, none,
      h("label", { for: `${id}-none`, text: t("screener.answer.none") })));
    return fieldset(items);
  }
  return wrap(h("p", { text: q.label }));
}

function showFieldErrors(errors) {
  for (const el of view.root.querySelectorAll(".scr-q[data-invalid]")) clearFieldError(el.dataset.qid);
  for (const error of errors) {
    const box = view.root.querySelector(`.scr-q[data-qid="${CSS.escape(error.field)}"]`);
    if (!box) continue;
    box.dataset.invalid = "true";
    const p = box.querySelector(".scr-error");
    p.textContent = error.message;
    p.hidden = false;
    const input = box.querySelector("input, select");
    if (input && input.type === "text") input.setAttribute("aria-invalid", "true");
  }
}

function clearFieldError(qid) {
  if (!view) return;
  const box = view.root.querySelector(`.scr-q[data-qid="${CSS.escape(qid)}"]`);
  if (!box || !box.dataset.invalid) return;
  delete box.dataset.invalid;
  const p = box.querySelector(".scr-error");
  p.hidden = true;
  p.textContent = "";
  const input = box.querySelector("input[aria-invalid]");
  if (input) input.removeAttribute("aria-invalid");
}

// ---------------------------------------------------------------------------------------------------------
// Rendering: status, summary of answers, the current step
// ---------------------------------------------------------------------------------------------------------
function renderAll() {
  if (!view || !view.root.isConnected) return;
  renderStatus();
  renderSummary();
  renderStep();
  renderResults();
}

function renderStatus() {
  if (!view) return;
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
        checklistLinks()),
    );
    return;
  }
  if (engine.status === "ready") {
    box.append(h("p", { class: "scr-ready", text: t("screener.loading.ready") }));
    return;
  }
  const known = engine.total !== null && engine.total > 0;
  const downloading = engine.stage === "downloading";
  const text = downloading
    ? known
      ? t("screener.loading.downloading_bytes", { loaded: megabytes(engine.loaded), total: megabytes(engine.total) })
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
      engine.slow ? checklistLinks() : null),
  );
}

// The links to the static checklists, taken from the page's own fallback message (the page owns the URLs).
function checklistLinks() {
  const list = view.fallback && view.fallback.querySelector("ul");
  return list ? list.cloneNode(true) : null;
}

function renderSummary({ forPrint = false } = {}) {
  if (!view) return;
  const rows = forPrint
    ? state.asked.filter(isAnswered)
    : state.asked.filter((qid) => !state.step.includes(qid) && summaryVisible(qid));
  view.summary.replaceChildren();
  view.summary.hidden = rows.length === 0;
  if (!rows.length) return;
  view.summary.append(
    h("h3", { id: "scr-summary-h", text: t("screener.form.your_answers") }),
    h("dl", { class: "scr-answers" }, rows.map(summaryRow)),
  );
}

function summaryVisible(qid) {
  if (isAnswered(qid) || state.editing === qid) return true;
  // passed without an answer: show it while it can still change something, so it can be answered later
  return !state.result || !state.result.ok || state.result.next_questions.includes(qid);
}

function summaryRow(qid) {
  const q = questionById.get(qid);
  const row = h("div", { class: "scr-answer", "data-qid": qid });
  if (state.editing === qid) {
    row.classList.add("scr-answer--editing");
    row.append(
      h("dt", { class: "scr-visually-hidden", text: q.label }),
      h("dd", {}, questionField(q),
        h("button", { type: "button", class: "md-button scr-done", text: t("screener.form.done"),
                      onclick: () => closeEditor(qid) })),
    );
    return row;
  }
  const change = h("button", { type: "button", class: "scr-link-button scr-change", onclick: () => openEditor(qid) },
    t("screener.form.change"), h("span", { class: "scr-visually-hidden", text: ` ${q.label}` }));
  row.append(
    h("dt", { class: "scr-answer__q", text: q.label }),
    h("dd", { class: "scr-answer__a" }, h("span", { text: answerText(qid) }), " ", change),
  );
  return row;
}

function renderSummaryRow(qid) {
  if (!view || state.step.includes(qid)) return;
  const old = view.summary.querySelector(`.scr-answer[data-qid="${CSS.escape(qid)}"]`);
  if (!old || state.editing === qid) return; // an open editor keeps its inputs (and focus) as they are
  old.replaceWith(summaryRow(qid));
}

function openEditor(qid) {
  state.editing = qid;
  renderSummary();
  const box = view.summary.querySelector(`.scr-q[data-qid="${CSS.escape(qid)}"]`);
  const target = box && box.querySelector("input:checked, input, select");
  if (target) target.focus();
  if (state.result && !state.result.ok) showFieldErrors(state.result.errors);
}

function closeEditor(qid) {
  state.editing = null;
  delete state.raw[qid];
  renderSummary();
  const row = view.summary.querySelector(`.scr-answer[data-qid="${CSS.escape(qid)}"] .scr-change`);
  if (row) row.focus();
}

// The current step. A step that only grew or shrank keeps the fields already on screen (their focus, a
// select's type-ahead, what a screen reader is reading); a new step or the end is drawn afresh.
let stepDrawn = null; // {group, done} of what is on screen

function renderStep({ fresh = false } = {}) {
  if (!view) return;
  const box = view.step;
  const done = !state.step.length;
  lastStepKey = state.step.join(",");
  if (!fresh && stepDrawn && stepDrawn.group === state.stepGroup && stepDrawn.done === done && !done &&
      box.querySelector(".scr-step__actions")) {
    reconcileStep(box);
    return;
  }
  const headingFocused = document.activeElement && document.activeElement.id === "scr-step-h";
  stepDrawn = { group: state.stepGroup, done };
  box.replaceChildren();
  if (done) {
    box.append(
      h("h3", { id: "scr-step-h", tabindex: "-1", text: t("screener.form.done_all") }),
      h("p", { text: t("screener.form.done_all_hint") }),
      h("p", {}, h("a", { href: "#scr-results-h", class: "scr-to-results", onclick: toResults, text: t("screener.form.to_results") })),
    );
  } else {
    box.append(
      h("h3", { id: "scr-step-h", tabindex: "-1", text: groupHeading(state.stepGroup) }),
      ...state.step.map((qid) => questionField(questionById.get(qid))),
      h("div", { class: "scr-step__actions" },
        h("button", { type: "button", class: "md-button md-button--primary scr-next", onclick: nextStep,
                      text: t("screener.form.next") }),
        h("a", { href: "#scr-results-h", class: "scr-to-results", onclick: toResults, text: t("screener.form.to_results") })),
    );
  }
  if (headingFocused) box.querySelector("h3").focus();
  if (state.result && !state.result.ok) showFieldErrors(state.result.errors);
}

function reconcileStep(box) {
  const actions = box.querySelector(".scr-step__actions");
  const onScreen = new Map([...box.querySelectorAll(":scope > .scr-q")].map((el) => [el.dataset.qid, el]));
  for (const [qid, el] of onScreen) {
    if (!state.step.includes(qid)) {
      if (el.contains(document.activeElement)) box.querySelector("h3").focus();
      el.remove();
    }
  }
  let before = actions;
  for (const qid of [...state.step].reverse()) {
    const el = onScreen.get(qid) || questionField(questionById.get(qid));
    if (el.nextElementSibling !== before) box.insertBefore(el, before);
    before = el;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------------------
function applyResult(result) {
  state.result = result;
  if (result.ok) {
    pruneStep();
    const added = growStep();
    if (added) announce(t("screener.live.question_added", { question: questionById.get(added).label }));
    renderStepIfChanged();
    renderSummaryIfChanged();
    showFieldErrors([]);
  } else {
    showFieldErrors(result.errors || []);
  }
  renderResults();
  announceResults(result);
}

function renderStepIfChanged() {
  if (state.step.join(",") !== lastStepKey || !view.step.querySelector("h3")) renderStep();
}

function renderSummaryIfChanged() {
  const rows = state.asked.filter((qid) => !state.step.includes(qid) && summaryVisible(qid));
  const key = rows.join(",");
  if (key !== lastSummaryKey) {
    lastSummaryKey = key;
    if (!state.editing) renderSummary();
  }
}

function statusText(status) {
  return t(`status.${status}`);
}

function announceResults(result) {
  if (!result.ok) {
    announce(t("screener.live.errors", { count: result.errors.length }));
    return;
  }
  const byKind = (kind) => result.programs.filter((p) => p.kind === kind);
  const parts = [];
  for (const p of [...byKind("ecm"), ...byKind("chw")]) parts.push(`${p.name}: ${statusText(p.status)}`);
  const cs = byKind("community_support");
  const counts = countByStatus(cs);
  parts.push(t("screener.live.cs_counts", counts));
  const text = t("screener.live.updated", { summary: parts.join(". ") });
  if (text === state.announced) return;
  state.announced = text;
  clearTimeout(announceResults.timer);
  announceResults.timer = setTimeout(() => announce(text), 700);
}

function countByStatus(programs) {
  const counts = { likely_eligible: 0, cant_tell: 0, not_eligible: 0 };
  for (const p of programs) counts[p.status] = (counts[p.status] || 0) + 1;
  return counts;
}

function renderResults() {
  if (!view) return;
  const box = view.results;
  const open = new Set([...box.querySelectorAll("details[open][data-key]")].map((d) => d.dataset.key));
  box.replaceChildren();
  const result = state.result;
  if (engine.status === "failed") {
    box.dataset.state = "failed";
    box.append(h("p", { class: "scr-waiting", text: t("screener.results.unavailable") }));
    return;
  }
  if (!result) {
    box.dataset.state = "waiting";
    box.append(h("p", { class: "scr-waiting", text: t("screener.results.waiting") }));
    return;
  }
  if (!result.ok) {
    box.dataset.state = "errors";
    box.append(
      h("div", { class: "scr-error-summary", role: "group", "aria-labelledby": "scr-errors-h" },
        h("h3", { id: "scr-errors-h", text: t("screener.text.errors") }),
        h("ul", {}, result.errors.map((e) =>
          h("li", {}, questionById.has(e.field)
            ? h("a", { href: `#${fieldId(e.field)}`, text: e.message,
                       onclick: (ev) => { ev.preventDefault(); focusField(e.field); } })
            : e.message)))),
    );
    return;
  }
  box.dataset.state = "ready";
  box.dataset.asOf = result.as_of;
  const programs = result.programs;
  const main = programs.filter((p) => p.kind !== "community_support");
  const cs = programs.filter((p) => p.kind === "community_support");

  for (const p of main) box.append(programCard(p, "h3"));

  if (cs.length) {
    const counts = countByStatus(cs);
    const section = h("section", { class: "scr-cs", "aria-labelledby": "scr-cs-h" },
      h("h3", { id: "scr-cs-h", text: t("screener.results.cs_heading") }),
      h("p", { class: "scr-cs__counts", text: t("screener.results.cs_counts", counts) }));
    for (const status of ["likely_eligible", "cant_tell", "not_eligible"]) {
      const group = cs.filter((p) => p.status === status);
      if (!group.length) continue;
      section.append(
        h("h4", { class: `scr-cs__group scr-cs__group--${status}`,
                  text: t(`screener.results.cs_group.${status}`, { count: group.length }) }),
        h("ul", { class: "scr-cs__list" }, group.map((p) => h("li", {}, programCard(p, "h5")))),
      );
    }
    box.append(section);
  }

  if (result.notes && result.notes.length) {
    box.append(h("div", { class: "scr-notes" },
      h("h3", { text: t("screener.text.notes") }),
      h("ul", {}, result.notes.map((n) => h("li", { text: typeof n === "string" ? n : n.text || "" })))));
  }
  box.append(nextSteps(result.next_steps || []));
  box.append(
    h("p", { class: "scr-as-of", text: t("screener.results.as_of", { date: result.as_of }) }),
    h("p", { class: "scr-print" },
      h("button", { type: "button", class: "md-button", onclick: () => window.print(),
                    text: t("screener.results.print") })),
  );
  for (const d of box.querySelectorAll("details[data-key]")) if (open.has(d.dataset.key)) d.open = true;
}

// "See the results": move focus (not only the view) to the results, so the next Tab continues from there.
// Material's instant navigation handles same-page links itself and would leave focus where it was.
function toResults(event) {
  event.preventDefault();
  const heading = document.getElementById("scr-results-h");
  if (!heading) return;
  heading.scrollIntoView({ block: "start" });
  heading.focus({ preventScroll: true });
}

function focusField(qid) {
  if (!state.step.includes(qid)) {
    openEditor(qid);
    return;
  }
  const box = view.step.querySelector(`.scr-q[data-qid="${CSS.escape(qid)}"]`);
  const el = box && box.querySelector("input, select");
  if (el) el.focus();
}

function programCard(p, headingTag) {
  const card = h("article", { class: `scr-card scr-card--${p.kind}`, "data-program": p.id, "data-status": p.status },
    h(headingTag, { class: "scr-card__name", text: p.name }),
    h("p", { class: "scr-card__status" },
      h("span", { class: `scr-badge scr-badge--${p.status}`, text: statusText(p.status) })),
    p.headline ? h("p", { class: "scr-card__headline", text: p.headline }) : null,
    p.availability ? availability(p.availability) : null);
  const details = h("details", { class: "scr-why", "data-key": p.id },
    h("summary", {}, t("screener.text.reasons"), h("span", { class: "scr-visually-hidden", text: `: ${p.name}` })),
    reasonsList(p.reasons || []),
    p.populations && p.populations.length ? populations(p.populations) : null,
    p.missing && p.missing.length ? missingList(p.missing) : null,
    p.availability && p.availability.note ? h("p", { class: "scr-avail__note", text: p.availability.note }) : null,
    p.availability && p.availability.sources && p.availability.sources.length
      ? h("p", { class: "scr-sources" }, sourceLinks(p.availability.sources, t("screener.results.availability_sources")))
      : null);
  card.append(details);
  return card;
}

function availability(a) {
  return h("div", { class: `scr-avail scr-avail--${a.status}`, "data-availability": a.status },
    h("p", {}, h("span", { class: "scr-avail__label", text: t(`availability.${a.status}`) }), " ", a.text || ""),
    a.conflict ? h("p", { class: "scr-avail__conflict", text: a.conflict }) : null);
}

function reasonsList(reasons) {
  if (!reasons.length) return null;
  return h("ul", { class: "scr-reasons" }, reasons.map((r) =>
    h("li", { class: `scr-reason scr-reason--${r.status}`, "data-code": r.code },
      h("span", { class: "scr-reason__mark", text: t(`screener.reason_mark.${r.status}`) }), " ",
      h("span", { class: "scr-reason__text", text: r.text }),
      r.sources && r.sources.length ? h("span", { class: "scr-sources" }, " ", sourceLinks(r.sources)) : null)));
}

function sourceLinks(sources, label = t("screener.results.sources")) {
  const items = [];
  sources.forEach((s, i) => {
    if (i) items.push(", ");
    items.push(s.url ? h("a", { href: s.url, class: "scr-source", text: s.title, rel: "noopener" })
                     : h("cite", { text: s.title }));
  });
  return h("span", {}, `${label} `, items);
}

// The Populations of Focus that fit (or, when none does yet, that could still fit), once each.
function populations(list) {
  const fits = list.filter((p) => p.status === "likely_eligible");
  const shown = fits.length ? fits : list.filter((p) => p.status === "cant_tell");
  const seen = new Set();
  const unique = shown.filter((p) => !seen.has(p.id) && seen.add(p.id));
  if (!unique.length) return null;
  return h("div", { class: "scr-populations" },
    h("p", { class: "scr-populations__title", text: t("screener.results.populations") }),
    h("ul", {}, unique.map((p) => h("li", { "data-population": p.id, "data-status": p.status },
      `${p.name}: `, h("span", { class: `scr-badge scr-badge--small scr-badge--${p.status}`, text: statusText(p.status) })))));
}

function missingList(ids) {
  return h("div", { class: "scr-missing" },
    h("p", { text: t("screener.text.missing") }),
    h("ul", {}, ids.filter((qid) => questionById.has(qid)).map((qid) => h("li", { text: questionById.get(qid).label }))));
}

// Whom to contact. The core returns one entry per program for a referral email (each with its own subject
// line); they are shown as one contact with one email link per program.
function nextSteps(steps) {
  const section = h("section", { class: "scr-next-steps", "aria-labelledby": "scr-next-steps-h" },
    h("h3", { id: "scr-next-steps-h", text: t("screener.text.next_steps") }));
  if (!steps.length) {
    section.append(h("p", { text: t("screener.steps.none") }));
    return section;
  }
  const contacts = new Map();
  for (const s of steps) {
    const key = s.contact_id || s.name;
    if (!contacts.has(key)) contacts.set(key, { ...s, emails: [] });
    if (s.email) contacts.get(key).emails.push(s);
  }
  section.append(h("ul", { class: "scr-contacts" }, [...contacts.values()].map(contactItem)));
  return section;
}

function contactItem(c) {
  const phones = (c.phones || []).map((p) =>
    h("li", {}, `${t("screener.steps.call")} `, h("a", { href: p.tel, text: p.number }),
      p.extension ? ` ${t("screener.steps.extension", { extension: p.extension })}` : "",
      p.description ? ` (${p.description})` : ""));
  if (c.tty) {
    const ttyHref = `tel:${String(c.tty).replace(/[^0-9+]/g, "")}`;
    phones.push(h("li", {}, `${t("screener.steps.tty")} `, h("a", { href: ttyHref, text: c.tty })));
  }
  const emails = c.emails.map((e) =>
    h("li", {}, h("a", { href: e.mailto || `mailto:${e.email}`, class: "scr-mailto",
                         text: e.subject_line ? t("screener.steps.email_subject", { email: e.email, subject: e.subject_line })
                                              : e.email })));
  return h("li", { class: "scr-contact", "data-contact": c.contact_id, "data-audience": c.audience || "" },
    h("p", { class: "scr-contact__name" }, h("strong", { text: c.name }),
      c.audience ? h("span", { class: "scr-contact__audience", text: ` ${t(`screener.steps.audience.${c.audience}`)}` }) : null),
    c.description ? h("p", { class: "scr-contact__desc", text: c.description }) : null,
    phones.length ? h("ul", { class: "scr-contact__phones" }, phones) : null,
    c.hours ? h("p", { class: "scr-contact__hours", text: `${t("screener.steps.hours")} ${c.hours}` }) : null,
    emails.length ? h("ul", { class: "scr-contact__emails" }, emails) : null);
}

// ---------------------------------------------------------------------------------------------------------
// Print: open every "why" so the printout has the reasons, then put things back.
// ---------------------------------------------------------------------------------------------------------
// The printout also lists the answers of the step on screen, which the summary leaves out.
let printOpened = [];
window.addEventListener("beforeprint", () => {
  if (!view || !view.root.isConnected) return;
  printOpened = [...view.root.querySelectorAll("details:not([open])")];
  for (const d of printOpened) d.open = true;
  if (!state.editing) renderSummary({ forPrint: true });
});
window.addEventListener("afterprint", () => {
  for (const d of printOpened) d.open = false;
  printOpened = [];
  if (view && view.root.isConnected && !state.editing) renderSummary();
});
