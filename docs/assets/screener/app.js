// The screener page: wires the form, the engine and the results together. Imported by boot.js only when the
// page has the screener ([data-screener]).
//
// Where things come from:
//   <site>/screener/form.json   questions, the first next_questions, and every interface string (content/ui.yaml)
//   engine.js                   worker.mjs (Pyodide + our wheel), which answers with screener.evaluate()
// The modules: state.js holds the answers and the last result; flow.js decides which questions come next;
// steps.js and fields.js draw the form, results.js the results, status.js the engine's progress.
// No text in these files is shown to people: every string comes from form.json through t(), so a language is
// only more content (sitebuild/screener_assets.py copies the keys they use into form.json).
//
// Hooks for tests and benchmarks, kept stable: the container's data-engine (loading, ready, failed), data-busy
// ("1" while results are behind the answers), data-screener-mounted, data-timings; result cards
// [data-program][data-status].
import { startEngine } from "./engine.js";
import { clearFieldError, questionField, showFieldErrors } from "./fields.js";
import * as flow from "./flow.js";
import { h } from "./dom.js";
import { keepInAddress, writeAddressNow, writeBeforeLeaving } from "./address.js";
import { readFragment } from "./link.js";
import { drawAllWhys, fillTakeAway, renderResults, resultsSummary } from "./results.js";
import { currentOrder, reset, setForm, setQuestions, state, t } from "./state.js";
import { renderStatus } from "./status.js";
import { plural } from "./text.js";
import { groupHeading, refreshStep, refreshSummary, renderStep, renderSummary, renderSummaryRow } from "./steps.js";

const FORM_URL = new URL("../../screener/form.json", import.meta.url);
const ANNOUNCE_DELAY_MS = 700; // results change as people type: read them out once they settle

let view = null; // the mounted page: its elements and what was last drawn (null until the first mount)

// root: the page's [data-screener] container. Called by boot.js on the page that has one.
export async function mount(root) {
  addStylesheet();
  const engine = startEngine(); // the one boot.js started (or this starts it)
  const fallback = root.querySelector("[data-screener-fallback]");
  try {
    if (!state.form) setForm(await loadForm());
  } catch (error) {
    root.dataset.screenerMounted = "failed";
    console.error("screener:", error);
    return; // the static message and its links stay as they are
  }
  view = buildView(root, fallback);
  root.dataset.screenerMounted = "yes";
  setBusy(!state.result || engine.busy);
  if (engine.unsupported) {
    renderAll();
    return;
  }
  const fromLink = readFragment(location.hash, state.questions);
  if (Object.keys(fromLink).length) {
    // a shared or bookmarked link: its answers replace the ones in memory, and the results show without a click
    reset();
    state.flow = flow.withAnswers(state.flow, fromLink, state.questions);
    view.showResultsOnce = true;
  }
  if (!state.flow.step.length) state.flow = flow.startStep(state.flow, state.questions, currentOrder());
  renderAll();
  engine.connect(onEngineEvent);
  writeBeforeLeaving();
  if (engine.status === "ready") requestEvaluate();
}

async function loadForm() {
  const response = await fetch(FORM_URL); // the page preloads it (the host says no-cache: fresh each visit)
  if (!response.ok) throw new Error(`form.json: HTTP ${response.status}`);
  return response.json();
}

function addStylesheet() {
  if (document.getElementById("scr-css")) return;
  document.head.append(h("link", { id: "scr-css", rel: "stylesheet", href: new URL("screener.css", import.meta.url).href }));
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
    stepDrawn: null, // {group, done} of the step on screen
    stepKey: "", // the step's and the summary's questions when last drawn, to redraw only on change
    summaryKey: "",
    announceTimer: null,
    showResultsOnce: false, // opened from a link: bring the results into view (and focus) once they are there
    printOpened: [], // <details> opened for printing, closed again after
    takeAwayPending: false, // the print-only take-away is to be filled after the next paint
  };
  root.append(
    v.live,
    v.status,
    h("div", { class: "scr-layout" },
      h("form", { class: "scr-form", "aria-labelledby": "scr-form-h", novalidate: true,
                  onsubmit: (e) => e.preventDefault() },
        h("h2", { id: "scr-form-h", text: t("screener.form.heading") }),
        v.summary, v.step,
        h("div", { class: "scr-actions" },
          h("button", { type: "button", class: "md-button scr-start-over", onclick: actions.startOver,
                        text: t("screener.form.start_over") }))),
      h("section", { class: "scr-results", "aria-labelledby": "scr-results-h" },
        h("h2", { id: "scr-results-h", tabindex: "-1", text: t("screener.results.heading") }),
        h("p", { class: "scr-not-decision", text: t("screener.not_a_decision") }),
        v.results)),
  );
  return v;
}

const shown = () => view && view.root.isConnected;

function announce(text) {
  if (!view || !text) return;
  // Clearing first makes screen readers read the same sentence twice in a row too.
  view.live.textContent = "";
  requestAnimationFrame(() => {
    if (view) view.live.textContent = text;
  });
}

// data-busy on the container is "1" while results are behind the answers (tests and the bench wait on it).
function setBusy(busy) {
  if (view) view.root.dataset.busy = busy ? "1" : "0";
}

function requestEvaluate() {
  setBusy(true);
  startEngine().evaluate(state.flow.answers, state.form && state.form.lang);
  keepInAddress();
}

// ---- what the engine says ---------------------------------------------------------------------------------

function onEngineEvent(event) {
  const engine = startEngine();
  if (event.type === "progress") {
    renderStatus(view, engine);
    if (event.stageChanged && event.stage === "starting") announce(t("screener.loading.starting"));
  } else if (event.type === "slow") {
    renderStatus(view, engine);
  } else if (event.type === "ready") {
    const message = event.message;
    // form.json came from another build (a stale cache): the wheel's own questions win
    const questions = (message.questionsByLang || {})[state.form.lang || "en"] || message.questions;
    if (message.build_id !== state.form.build_id && Array.isArray(questions)) setQuestions(questions);
    // where the start-up time went (read by bench/bench_browser.py): worker start on the page's clock, then
    // ms from there until the wheel, the runtime and our core were in
    view.root.dataset.timings = JSON.stringify({
      worker_start: Math.round(message.origin - performance.timeOrigin), ...message.timings });
    renderStatus(view, engine);
    announce(t("screener.loading.ready"));
    requestEvaluate();
  } else if (event.type === "result") {
    if (event.result) applyResult(event.result);
    setBusy(false);
  } else if (event.type === "failed") {
    renderAll();
    announce(t("screener.failed.heading"));
  }
}

function applyResult(result) {
  state.result = result;
  if (result.ok) {
    const focused = document.activeElement && document.activeElement.closest && document.activeElement.closest(".scr-q");
    const before = state.flow;
    const { flow: next, added } = flow.withResult(before, result, state.questions, focused && focused.dataset.qid);
    state.flow = next;
    if (before.moveOn && next.step[0] !== before.step[0]) {
      // "None of these apply" finished the group: the next step, as "Next" would have announced it
      announce(next.step.length ? t("screener.live.step", { group: groupHeading(next.group) }) : t("screener.form.done_all"));
    } else if (added) {
      announce(t("screener.live.question_added", { question: state.questions.get(added).label }));
    }
    refreshStep(view, actions);
    refreshSummary(view, actions);
    showFieldErrors(view.root, []);
  } else {
    showFieldErrors(view.root, result.errors);
  }
  drawResults();
  announceResults(result);
  if (view.showResultsOnce && result.ok) {
    view.showResultsOnce = false;
    actions.toResults();
  }
}

function announceResults(result) {
  if (!result.ok) {
    const count = result.errors.length;
    announce(t(`screener.live.errors.${plural(count, document.documentElement.lang)}`, { count }));
    return;
  }
  const text = resultsSummary(result);
  if (text === state.announced) return;
  state.announced = text;
  clearTimeout(view.announceTimer);
  view.announceTimer = setTimeout(() => announce(text), ANNOUNCE_DELAY_MS);
}

// ---- drawing ------------------------------------------------------------------------------------------------

function renderAll() {
  if (!shown()) return;
  renderStatus(view, startEngine());
  renderSummary(view, actions);
  renderStep(view, actions);
  view.results.replaceChildren(); // everything afresh (a new mount, new questions): no part is kept
  drawResults();
}

function drawResults() {
  renderResults(view.results, { failed: startEngine().status === "failed", result: state.result,
                                focusField: actions.focusField, copyLink: actions.copyLink });
  if (view.takeAwayPending) return;
  view.takeAwayPending = true; // only printed: filled once the results are on screen, not in their way
  afterPaint(() => {
    view.takeAwayPending = false;
    if (shown()) fillTakeAway(view.results);
  });
}

// fn once the next frame is on screen (work the person does not see, out of the way of an answer's results).
function afterPaint(fn) {
  requestAnimationFrame(() => setTimeout(fn, 0));
}

// ---- what the person does -----------------------------------------------------------------------------------

// A field whose options depend on another answer (the plan question lists the chosen county's plans first) is
// drawn again, in place, when that answer changes.
function redrawDependents(qid) {
  for (const q of state.questions.values()) {
    if (q.options_by !== qid) continue;
    const old = view.step.querySelector(`:scope > .scr-q[data-qid="${CSS.escape(q.id)}"]`);
    if (old) old.replaceWith(questionField(q, actions));
  }
}

const actions = {
  // An answer (null: none) given in a field, in the step or in an open row of "your answers".
  answer(qid, value, options = {}) {
    const { flow: next, added } = flow.answerAndGrow(state.flow, qid, value, options, state.questions, currentOrder());
    state.flow = next;
    clearFieldError(view.root, qid);
    if (added) {
      renderStep(view, actions);
      announce(t("screener.live.question_added", { question: state.questions.get(added).label }));
    }
    renderSummaryRow(view, actions, qid);
    redrawDependents(qid);
    requestEvaluate();
  },

  // Text typed into a number field: kept as typed, answered as a number when it is one.
  typed(qid, text) {
    state.raw[qid] = text;
    actions.answer(qid, flow.numberAnswer(text));
  },

  // "None of these apply" (none: true) or "I don't know" (false) for the whole group of the step.
  skipGroup(none) {
    state.flow = flow.skipGroup(state.flow, state.questions, currentOrder(), none);
    renderStep(view, actions, { fresh: true });
    renderSummary(view, actions);
    requestEvaluate();
    const heading = view.step.querySelector("h3");
    if (heading) heading.focus();
    announce(state.flow.step.length ? t("screener.live.step", { group: groupHeading(state.flow.group) })
                                    : t("screener.form.done_all"));
  },

  // "Copy link": the address with the answers in its fragment. Says what the link holds and that nothing is sent.
  async copyLink(button, note) {
    writeAddressNow();
    let copied = false;
    try {
      await navigator.clipboard.writeText(location.href);
      copied = true;
    } catch (_) {
      copied = false; // no clipboard (an http page, an old browser): the address bar has the same link
    }
    note.textContent = copied ? t("screener.link.copied") : t("screener.link.copy_failed");
    announce(note.textContent);
  },

  next() {
    state.flow = flow.nextStep(state.flow, state.questions, currentOrder());
    renderStep(view, actions, { fresh: true });
    renderSummary(view, actions);
    const heading = view.step.querySelector("h3");
    if (heading) heading.focus();
    announce(state.flow.step.length ? t("screener.live.step", { group: groupHeading(state.flow.group) })
                                    : t("screener.form.done_all"));
  },

  startOver() {
    reset();
    state.flow = flow.startStep(state.flow, state.questions, currentOrder());
    view.stepDrawn = null;
    renderAll();
    requestEvaluate();
    writeAddressNow(); // the answers leave the address at once (a shared computer)
    const heading = view.step.querySelector("h3");
    if (heading) heading.focus();
    announce(t("screener.live.cleared"));
  },

  openEditor(qid) {
    state.editing = qid;
    renderSummary(view, actions);
    const box = view.summary.querySelector(`.scr-q[data-qid="${CSS.escape(qid)}"]`);
    const target = box && box.querySelector("input:checked, input, select");
    if (target) target.focus();
    // a number's editor: the old value selected, so what is typed replaces it (the caret was before it)
    if (target && target.type === "text") target.select();
    if (state.result && !state.result.ok) showFieldErrors(view.root, state.result.errors);
  },

  closeEditor(qid) {
    state.editing = null;
    delete state.raw[qid];
    renderSummary(view, actions);
    const change = view.summary.querySelector(`.scr-answer[data-qid="${CSS.escape(qid)}"] .scr-change`);
    if (change) change.focus();
  },

  // From an error in the results: to the field, opening its row of "your answers" when it is not in the step.
  focusField(qid) {
    if (!state.flow.step.includes(qid)) {
      actions.openEditor(qid);
      return;
    }
    const box = view.step.querySelector(`.scr-q[data-qid="${CSS.escape(qid)}"]`);
    const el = box && box.querySelector("input, select");
    if (el) el.focus();
  },

  // "See the results": move focus (not only the view) to the results, so the next Tab continues from there.
  toResults(event) {
    if (event) event.preventDefault();
    const heading = document.getElementById("scr-results-h");
    if (!heading) return;
    heading.scrollIntoView({ block: "start" });
    heading.focus({ preventScroll: true });
  },
};

// ---- print: open every "why" so the printout has the reasons, then put things back --------------------------
// The printout also lists the answers of the step on screen, which the summary leaves out.
window.addEventListener("beforeprint", () => {
  if (!shown()) return;
  fillTakeAway(view.results);
  drawAllWhys(view.results);
  view.printOpened = [...view.root.querySelectorAll("details:not([open])")];
  for (const d of view.printOpened) d.open = true;
  if (!state.editing) renderSummary(view, actions, { forPrint: true });
});
window.addEventListener("afterprint", () => {
  if (!view) return;
  for (const d of view.printOpened) d.open = false;
  view.printOpened = [];
  if (shown() && !state.editing) renderSummary(view, actions);
});
