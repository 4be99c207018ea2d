// The form's two parts: "your answers" (what was asked before, each with a Change button) and the current
// step (the questions on screen now, with Next). Which questions these are is flow.js's; this draws them.
// view: app.js's view; actions: app.js's handlers ({next, toResults, openEditor, closeEditor, ...}).
import { byData, h, reconcile } from "./dom.js";
import { answerText, questionField, showFieldErrors } from "./fields.js";
import { summaryRows } from "./flow.js";
import { state, t } from "./state.js";

export function groupHeading(group) {
  return group ? t(`screener.group.${group}`) : t("screener.form.more_questions");
}

// "Your answers". forPrint: every answered question, the current step's too, as text.
export function renderSummary(view, actions, { forPrint = false } = {}) {
  const rows = summaryRows(state.flow, state.result, state.editing, { forPrint });
  view.summary.replaceChildren();
  view.summary.hidden = rows.length === 0;
  if (!rows.length) return;
  view.summary.append(
    h("h3", { id: "scr-summary-h", text: t("screener.form.your_answers") }),
    h("dl", { class: "scr-answers" }, rows.map((qid) => summaryRow(qid, actions))),
  );
}

// Redraws "your answers" when its rows changed (not while a row is open for change).
export function refreshSummary(view, actions) {
  const key = summaryRows(state.flow, state.result, state.editing).join(",");
  if (key === view.summaryKey) return;
  view.summaryKey = key;
  if (!state.editing) renderSummary(view, actions);
}

// Redraws one row of "your answers" after its answer changed; an open editor keeps its inputs (and focus).
export function renderSummaryRow(view, actions, qid) {
  if (state.flow.step.includes(qid)) return;
  const old = byData(view.summary, ".scr-answer", "qid", qid);
  if (!old || state.editing === qid) return;
  old.replaceWith(summaryRow(qid, actions));
}

function summaryRow(qid, actions) {
  const q = state.questions.get(qid);
  const row = h("div", { class: "scr-answer", "data-qid": qid });
  if (state.editing === qid) {
    row.classList.add("scr-answer--editing");
    row.append(
      h("dt", { class: "scr-visually-hidden", text: q.label }),
      h("dd", {}, questionField(q, actions),
        h("button", { type: "button", class: "md-button scr-done", text: t("screener.form.done"),
                      onclick: () => actions.closeEditor(qid) })),
    );
    return row;
  }
  const change = h("button", { type: "button", class: "scr-link-button scr-change",
                               onclick: () => actions.openEditor(qid) },
    t("screener.form.change"), h("span", { class: "scr-visually-hidden", text: ` ${q.label}` }));
  row.append(
    h("dt", { class: "scr-answer__q", text: q.label }),
    h("dd", { class: "scr-answer__a" }, h("span", { text: answerText(q) }), " ", change),
  );
  return row;
}

// The current step. A step that only grew or shrank keeps the fields already on screen (their focus, a
// select's type-ahead, what a screen reader is reading); a new step or the end is drawn afresh.
export function renderStep(view, actions, { fresh = false } = {}) {
  const box = view.step;
  const { step, group } = state.flow;
  const done = !step.length;
  view.stepKey = step.join(",");
  const drawn = view.stepDrawn;
  if (!fresh && drawn && drawn.group === group && drawn.done === done && !done &&
      box.querySelector(".scr-step__actions")) {
    reconcile(box, { selector: ":scope > .scr-q", name: "qid", keys: step, before: box.querySelector(".scr-step__actions"),
                     make: (qid) => questionField(state.questions.get(qid), actions),
                     focusOnRemove: box.querySelector("h3") });
    return;
  }
  const headingFocused = document.activeElement && document.activeElement.id === "scr-step-h";
  view.stepDrawn = { group, done };
  box.replaceChildren();
  const toResults = () => h("a", { href: "#scr-results-h", class: "scr-to-results", onclick: actions.toResults,
                                   text: t("screener.form.to_results") });
  if (done) {
    box.append(
      h("h3", { id: "scr-step-h", tabindex: "-1", text: t("screener.form.done_all") }),
      h("p", { text: t("screener.form.done_all_hint") }),
      h("p", {}, toResults()),
    );
  } else {
    box.append(
      h("h3", { id: "scr-step-h", tabindex: "-1", text: groupHeading(group) }),
      ...step.map((qid) => questionField(state.questions.get(qid), actions)),
      h("div", { class: "scr-step__actions" },
        h("button", { type: "button", class: "md-button md-button--primary scr-next", onclick: actions.next,
                      text: t("screener.form.next") }),
        groupSkips(step, actions),
        toResults()),
    );
  }
  if (headingFocused) box.querySelector("h3").focus();
  if (state.result && !state.result.ok) showFieldErrors(view.root, state.result.errors);
}

// "None of these apply" (when every question on screen has a "none" answer) and "I don't know": the whole
// group at once, the questions not on screen yet included.
function groupSkips(step, actions) {
  const noneFits = step.every((qid) => "none" in (state.questions.get(qid) || {}));
  return h("span", { class: "scr-group-skips" },
    noneFits ? h("button", { type: "button", class: "md-button scr-none-apply", onclick: () => actions.skipGroup(true),
                             text: t("screener.form.none_apply") }) : null,
    h("button", { type: "button", class: "md-button scr-dont-know", onclick: () => actions.skipGroup(false),
                  text: t("screener.form.dont_know") }));
}

// Redraws the step when its questions changed (or nothing is drawn yet).
export function refreshStep(view, actions) {
  if (state.flow.step.join(",") !== view.stepKey || !view.step.querySelector("h3")) renderStep(view, actions);
}
