// One question on screen, as native inputs (a number box, radios, a select, checkboxes), and the error text
// next to it. What a field does with input is the page's (actions.answer, actions.typed; see app.js).
import { byData, h } from "./dom.js";
import { isAnswered } from "./flow.js";
import { state, t } from "./state.js";

// A question's field has the same id wherever it is drawn: a question is on screen once, in the current step
// or in an open row of "your answers", never both.
export const fieldId = (qid) => `scr-q-${qid}`;

function optionLabel(q, value) {
  const found = q.options.find((o) => o.value === value);
  return found ? found.label : String(value);
}

// The answer as words, for "your answers" and the printout.
export function answerText(q) {
  if (!isAnswered(state.flow, q.id)) return t("screener.answer.not_answered");
  const value = state.flow.answers[q.id];
  if (q.type === "boolean") return value ? t("screener.answer.yes") : t("screener.answer.no");
  if (q.type === "multichoice") {
    if (!Array.isArray(value)) return String(value);
    return value.length ? value.map((v) => optionLabel(q, v)).join("; ") : t("screener.answer.none");
  }
  if (q.type === "choice") return optionLabel(q, value);
  return String(value);
}

const describedBy = (...ids) => ids.filter(Boolean).join(" ") || null;

// A question's options as shown. The plan question carries `by_county` (content/counties.yaml): once the
// county is answered, it lists the plans serving that county first, then "another plan" and "not sure"
// (and the current answer, if it is none of these, so an answer is never hidden).
export function shownOptions(q, answers) {
  const listed = q.by_county && q.by_county[answers[q.options_by]];
  if (!listed) return q.options;
  const planIds = new Set(Object.values(q.by_county).flat());
  const keep = new Set([...listed, answers[q.id]]);
  const first = listed.map((v) => q.options.find((o) => o.value === v)).filter(Boolean);
  const rest = q.options.filter((o) => !listed.includes(o.value) && (!planIds.has(o.value) || keep.has(o.value)));
  return [...first, ...rest];
}

// The field for question q, showing its current answer. actions: {answer(qid, value, {skipped}), typed(qid,
// text)}.
export function questionField(q, actions) {
  const id = fieldId(q.id);
  const helpId = q.help ? `${id}-help` : null;
  const errorId = `${id}-error`;
  const help = q.help ? h("p", { class: "scr-help", id: helpId, text: q.help }) : null;
  const error = h("p", { class: "scr-error", id: errorId, hidden: true });
  const answered = isAnswered(state.flow, q.id);
  const value = state.flow.answers[q.id];
  const wrap = (content) => h("div", { class: "scr-q", "data-qid": q.id, "data-type": q.type }, content);

  if (q.type === "integer") {
    const shown = q.id in state.raw ? state.raw[q.id] : answered ? String(value) : "";
    const input = h("input", {
      id, name: q.id, type: "text", inputmode: "numeric", autocomplete: "off", spellcheck: "false",
      class: "scr-input scr-input--number", value: shown, "aria-describedby": describedBy(helpId, errorId),
      oninput: (e) => actions.typed(q.id, e.target.value),
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
      actions.answer(q.id, v === "yes" ? true : v === "no" ? false : null, { skipped: v === "unsure" });
    };
    return fieldset([
      radio("yes", t("screener.answer.yes"), value === true, choose, 0),
      radio("no", t("screener.answer.no"), value === false, choose, 1),
      radio("unsure", t("screener.answer.not_sure"), !answered && state.flow.skipped.includes(q.id), choose, 2),
    ], "scr-fieldset--inline");
  }

  if (q.type === "choice" && q.by_county) q = { ...q, options: shownOptions(q, state.flow.answers) };
  if (q.type === "choice" && q.options.length > 7) {
    const select = h("select", {
      id, name: q.id, class: "scr-input scr-select", "aria-describedby": describedBy(helpId, errorId),
      onchange: (e) => actions.answer(q.id, e.target.value || null),
    },
    h("option", { value: "", text: t("screener.answer.choose") }),
    q.options.map((o) => h("option", { value: o.value, text: o.label, selected: value === o.value })));
    return wrap([h("label", { for: id, class: "scr-label", text: q.label }), help, error, select]);
  }

  if (q.type === "choice") {
    const choose = (e) => actions.answer(q.id, e.target.value);
    return fieldset(q.options.map((o, n) => radio(o.value, o.label, value === o.value, choose, n)));
  }

  if (q.type === "multichoice") {
    const boxes = [];
    let none;
    const read = () => {
      const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
      if (chosen.length) none.checked = false;
      actions.answer(q.id, chosen.length ? chosen : none.checked ? [] : null, { skipped: false });
    };
    const items = q.options.map((o, n) => {
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
  throw new Error(`screener: no field for a question of type ${q.type}`); // the schema allows no other type
}

// Shows the core's input errors next to their fields (and clears the others).
export function showFieldErrors(root, errors) {
  for (const el of root.querySelectorAll(".scr-q[data-invalid]")) clearFieldError(root, el.dataset.qid);
  for (const error of errors) {
    const box = byData(root, ".scr-q", "qid", error.field);
    if (!box) continue;
    box.dataset.invalid = "true";
    const p = box.querySelector(".scr-error");
    p.textContent = error.message;
    p.hidden = false;
    const input = box.querySelector("input, select");
    if (input && input.type === "text") input.setAttribute("aria-invalid", "true");
  }
}

export function clearFieldError(root, qid) {
  const box = byData(root, ".scr-q", "qid", qid);
  if (!box || !box.dataset.invalid) return;
  delete box.dataset.invalid;
  const p = box.querySelector(".scr-error");
  p.hidden = true;
  p.textContent = "";
  const input = box.querySelector("input[aria-invalid]");
  if (input) input.removeAttribute("aria-invalid");
}
