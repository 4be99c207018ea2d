// The one place the screener's state lives: the form, the answers and where the flow is, the last result.
//
// One per page load. Answers live only in this memory and in the address's fragment (which no server receives):
// nothing is stored or sent anywhere; a reload or Back brings them back from the fragment. The engine's own state
// (the worker, its progress) is in engine.js; what is on screen is in app.js's view.
import { emptyFlow, order } from "./flow.js";
import { translate } from "./text.js";

export const state = {
  form: null, // form.json: questions, the first next_questions, interface text, build_id
  questions: new Map(), // question id -> question
  flow: emptyFlow(), // answers, what was asked, the current step (flow.js)
  raw: {}, // text typed into number fields, kept as typed
  editing: null, // id of a summary row open for change
  result: null, // the core's last result for the answers (null until there is one)
  announced: "", // the last results summary read out, so the same one is not read twice
};

export function setForm(form) {
  state.form = form;
  setQuestions(form.questions);
}

// The questions, from form.json or (when form.json came from another build) from the wheel itself.
export function setQuestions(questions) {
  state.form.questions = questions;
  state.questions = new Map(questions.map((q) => [q.id, q]));
}

// "Start over": every answer and result gone; the form stays.
export function reset() {
  Object.assign(state, { flow: emptyFlow(), raw: {}, editing: null, result: null, announced: "" });
}

// The interface string `key` (content/ui.yaml, through form.json), with its {placeholders} filled.
export function t(key, values) {
  return translate(state.form && state.form.ui, key, values);
}

// What can still change a result, in asking order (flow.order for the current answers).
export const currentOrder = () => order(state.form, state.result);
