// Which question comes next: the screener's step flow, as pure functions of the answers, the form and the
// core's last result. No DOM and no module state: each function takes a flow and returns a new one (inputs are
// never changed), so Node's own test runner checks it (tests/js/flow.test.mjs).
//
// A flow is {answers, asked, skipped, step, group, moveOn}:
//   answers  question id -> value, in the JSON types the core expects (a missing key: not answered)
//   asked    question ids in the order they were put on screen
//   skipped  ids shown and left unanswered ("Not sure", or passed with Next)
//   step     ids of the current step (the end of `asked`): questions of one group, shown together
//   group    the current step's question group (null when the step has none, or there is no step)
//   moveOn   true after "None of these apply": once the core's result shows nothing more of the group to ask,
//            the next step starts without a "Next"
// questions: Map question id -> question (form.json). order: the ids that can still change a result, in
// asking order (see order()).

export const MAX_STEP = 5; // at most this many questions of one group on screen at a time

export function emptyFlow() {
  return { answers: {}, asked: [], skipped: [], step: [], group: null, moveOn: false };
}

export const isAnswered = (flow, qid) => Object.prototype.hasOwnProperty.call(flow.answers, qid);

// Answered, or shown and passed: the person has dealt with it.
export const isSettled = (flow, qid) => isAnswered(flow, qid) || flow.skipped.includes(qid);

const groupOf = (questions, qid) => questions.get(qid).group || null;

// What can still change an answer, in asking order: the core's list once it has run on these answers, the
// build's list (form.json, computed for no answers) before that or when the answers have an error.
export function order(form, result) {
  return result && result.ok ? result.next_questions : form.next_questions;
}

// A question behind a gate (content's `gate`: q.gate is the yes/no question in front of it) waits for it: the
// gate answered "no" answers it (the core takes its "none" answer and does not ask it), and the gate passed
// ("Not sure") passes it too. Answering the gate "yes" later (Change) brings it back.
export function behindGate(flow, questions, qid) {
  const gate = (questions.get(qid) || {}).gate;
  if (!gate || isAnswered(flow, qid)) return false;
  return flow.answers[gate] === false || (!isAnswered(flow, gate) && flow.skipped.includes(gate));
}

// The questions that could come next: in order, known, never put on screen, not answered, not behind a gate.
export function candidates(flow, questions, order_) {
  return order_.filter((qid) => questions.has(qid) && !flow.asked.includes(qid) && !isAnswered(flow, qid) &&
                                !behindGate(flow, questions, qid));
}

// A new step: the first candidate, then more of its group as the person settles each one (growStep).
// No candidate left: an empty step (every question that matters has been answered or passed).
export function startStep(flow, questions, order_) {
  const first = candidates(flow, questions, order_)[0];
  const started = first
    ? { ...flow, step: [first], asked: [...flow.asked, first], group: groupOf(questions, first), moveOn: false }
    : { ...flow, step: [], group: null, moveOn: false };
  return growStep(started, questions, order_).flow;
}

// Once every question of the step is answered or passed, the next candidate joins the step if it belongs to
// the same group (and the step has room). Returns {flow, added: the id added last, or null}.
export function growStep(flow, questions, order_) {
  let grown = flow;
  let added = null;
  while (grown.step.length && grown.step.length < MAX_STEP && grown.step.every((qid) => isSettled(grown, qid))) {
    const next = candidates(grown, questions, order_)[0];
    if (!next || groupOf(questions, next) !== grown.group) break;
    grown = { ...grown, step: [...grown.step, next], asked: [...grown.asked, next] };
    added = next;
  }
  return { flow: grown, added };
}

// Drops the step's questions that nobody answered or passed and that can no longer change anything (the core
// no longer lists them), except `keep` (the question the person is in). They may come back later.
export function pruneStep(flow, result, keep = null) {
  if (!result || !result.ok) return flow;
  const relevant = new Set(result.next_questions);
  const stays = (qid) => isSettled(flow, qid) || relevant.has(qid) || qid === keep;
  const dropped = flow.step.filter((qid) => !stays(qid));
  if (!dropped.length) return flow;
  return { ...flow, step: flow.step.filter(stays), asked: flow.asked.filter((qid) => !dropped.includes(qid)) };
}

// A new result from the core: a good one prunes and grows the step; one with errors changes nothing (the
// errors show next to the fields). Returns {flow, added}.
export function withResult(flow, result, questions, keep = null) {
  if (!result || !result.ok) return { flow, added: null };
  const pruned = pruneStep(flow, result, keep);
  if (flow.step.length && !pruned.step.length) {
    // every question on screen stopped mattering (an answer elsewhere decided them): go on to the next step
    const started = startStep(pruned, questions, order(null, result));
    return { flow: started, added: started.step[started.step.length - 1] || null };
  }
  const grown = growStep(pruned, questions, order(null, result));
  if (!grown.flow.moveOn) return grown;
  const settled = grown.flow.step.every((qid) => isSettled(grown.flow, qid));
  if (grown.added || !settled) return { flow: { ...grown.flow, moveOn: false }, added: grown.added };
  // "None of these apply", and the group has nothing more to ask: on to the next step
  const started = startStep({ ...grown.flow, moveOn: false }, questions, order(null, result));
  return { flow: started, added: started.step[started.step.length - 1] || null };
}

// Records an answer. null or undefined removes it; null (or skipped: "Not sure") marks it passed.
// A question of the current step may let the step grow: see answerAndGrow.
export function answer(flow, qid, value, { skipped = false } = {}) {
  const answers = { ...flow.answers };
  if (value === null || value === undefined) delete answers[qid];
  else answers[qid] = value;
  const others = flow.skipped.filter((id) => id !== qid);
  return { ...flow, answers, skipped: skipped || value === null ? [...others, qid] : others, moveOn: false };
}

// answer(), then the next question of the group when the answered one is in the step. Returns {flow, added}.
export function answerAndGrow(flow, qid, value, options, questions, order_) {
  const answered = answer(flow, qid, value, options);
  return answered.step.includes(qid) ? growStep(answered, questions, order_) : { flow: answered, added: null };
}

// "Next": what is left unanswered in this step counts as passed, and the next step starts.
export function nextStep(flow, questions, order_) {
  const passed = flow.step.filter((qid) => !isAnswered(flow, qid) && !flow.skipped.includes(qid));
  return startStep({ ...flow, skipped: [...flow.skipped, ...passed] }, questions, order_);
}

// Whether an asked question has a row in "your answers": when answered, open for change, or passed but still
// able to change something (so it can be answered later).
export function inSummary(flow, result, editing, qid) {
  if (isAnswered(flow, qid) || editing === qid) return true;
  return !result || !result.ok || result.next_questions.includes(qid);
}

// The rows of "your answers", in asking order: the questions asked before the current step. For print: every
// answered question, the current step's too.
export function summaryRows(flow, result, editing, { forPrint = false } = {}) {
  if (forPrint) return flow.asked.filter((qid) => isAnswered(flow, qid));
  return flow.asked.filter((qid) => !flow.step.includes(qid) && inSummary(flow, result, editing, qid));
}

// What the person typed into a number field, as an answer: "" is no answer, digits are a whole number, and
// anything else is passed on as typed, so the core says what is wrong with it next to the field. Digits too
// many to hold exactly (more than MAX_DIGITS, leading zeros aside) stay text too: the core says the number is
// not valid, instead of the page rounding it or (past 308 digits) losing it.
export const MAX_DIGITS = 15;

export function numberAnswer(typed) {
  const text = String(typed).trim();
  if (text === "") return null;
  if (/^[0-9]+$/.test(text) && text.replace(/^0+/, "").length <= MAX_DIGITS) return Number.parseInt(text, 10);
  return text;
}

// Answers read from a link: every one recorded, and the questions put in "your answers" in asking order.
export function withAnswers(flow, answers, questions) {
  const ids = [...questions.keys()].filter((qid) => qid in answers);
  return { ...flow, answers: { ...flow.answers, ...answers },
           asked: [...flow.asked, ...ids.filter((qid) => !flow.asked.includes(qid))] };
}

// "None of these apply" (none: true): each open question on screen gets its "none" answer (content's `none`;
// one without it is passed), and the group goes on with its next question, as if each had been answered; the
// person has seen every question this answers. When the core's result then shows nothing more of the group to
// ask, the next step starts by itself (moveOn; see withResult): no "Next" after "None of these apply".
// "I don't know" (none: false): the whole group is passed, the questions not on screen yet included (passing
// assumes nothing), and the next step starts.
export function skipGroup(flow, questions, order_, none) {
  const group = flow.group;
  const open = none
    ? flow.step.filter((qid) => !isAnswered(flow, qid))
    : [...flow.step, ...candidates(flow, questions, order_).filter((qid) => groupOf(questions, qid) === group)]
      .filter((qid) => !isAnswered(flow, qid));
  let next = flow;
  for (const qid of open) {
    const q = questions.get(qid);
    const value = none && q && "none" in q ? q.none : null;
    next = value === null ? answer(next, qid, null, { skipped: true }) : answer(next, qid, value);
    if (!next.asked.includes(qid)) next = { ...next, asked: [...next.asked, qid] };
  }
  if (none) {
    const grown = growStep(next, questions, order_);
    if (grown.added) return { ...grown.flow, moveOn: true };
  }
  return startStep({ ...next, step: [] }, questions, order_);
}
