// The screener's step flow (docs/assets/screener/flow.js): which question comes next, which stay on screen,
// what "your answers" lists. Questions and their order come from the built form.json; results from the real
// core (screener.evaluate on CPython), as the page gets them from the worker.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { loadForm, screenerModule, someAnswer, startCore } from "./support.mjs";

const flow = await screenerModule("flow.js");
const { form, questions } = loadForm();
const first = form.next_questions[0];
const groupOf = (qid) => questions.get(qid).group || null;
// the opening questions of the first group, in asking order
const firstGroup = form.next_questions.filter((qid) => groupOf(qid) === groupOf(first));

let core;
before(() => { core = startCore(); });
after(() => core.close());

// A person answering each question of the step in turn, as the page would: answer, then the core's result.
async function answerStep(state, answerFor = someAnswer) {
  let current = state;
  for (let i = 0; i < current.flow.step.length; i++) {
    const qid = current.flow.step[i];
    if (flow.isAnswered(current.flow, qid)) continue;
    const order = flow.order(form, current.result);
    const answered = flow.answerAndGrow(current.flow, qid, answerFor(questions.get(qid)), {}, questions, order).flow;
    const result = await core.evaluate(answered.answers);
    current = { flow: flow.withResult(answered, result, questions).flow, result };
  }
  return current;
}

describe("the first step", () => {
  test("asks only the first question of the build's order until it is answered", () => {
    const f = flow.startStep(flow.emptyFlow(), questions, form.next_questions);
    assert.deepEqual(f.step, [first]);
    assert.deepEqual(f.asked, [first]);
    assert.equal(f.group, groupOf(first));
  });

  test("grows with the next question of the same group once the one on screen is answered", () => {
    assert.ok(firstGroup.length >= 2, "the first group has more than one question");
    const f = flow.startStep(flow.emptyFlow(), questions, form.next_questions);
    const { flow: grown, added } = flow.answerAndGrow(f, first, someAnswer(questions.get(first)), {}, questions,
                                                      form.next_questions);
    assert.equal(added, firstGroup[1]);
    assert.deepEqual(grown.step, firstGroup.slice(0, 2));
  });

  test("an emptied number field removes the answer and counts as passed", () => {
    const f = flow.startStep(flow.emptyFlow(), questions, form.next_questions);
    const typed = flow.answer(f, first, someAnswer(questions.get(first)));
    const emptied = flow.answerAndGrow(typed, first, null, {}, questions, form.next_questions);
    // an emptied field counts as passed ("not sure"), so the step may go on, but the answer is gone
    assert.equal(flow.isAnswered(emptied.flow, first), false);
    assert.ok(emptied.flow.skipped.includes(first));
  });

  test("never takes a question of another group: Next starts a step with it", async () => {
    let state = { flow: flow.startStep(flow.emptyFlow(), questions, form.next_questions), result: null };
    state = await answerStep(state);
    assert.ok(state.flow.step.every((qid) => groupOf(qid) === groupOf(first)));
    assert.ok(state.flow.step.length <= flow.MAX_STEP);
    const next = flow.nextStep(state.flow, questions, flow.order(form, state.result));
    assert.equal(next.step.length, 1);
    assert.notEqual(next.group, groupOf(first));
    assert.equal(next.step[0], state.result.next_questions.find((qid) => !state.flow.asked.includes(qid)));
  });
});

describe("a step", () => {
  test(`shows at most ${flow.MAX_STEP} questions even when its group has more`, async () => {
    // the biggest group of the form, answered question by question
    const sizes = new Map();
    for (const q of form.questions) sizes.set(q.group, (sizes.get(q.group) || 0) + 1);
    const [group, size] = [...sizes].sort((a, b) => b[1] - a[1])[0];
    assert.ok(size > flow.MAX_STEP, `the largest group (${group}) has more than ${flow.MAX_STEP} questions`);
    const inGroup = form.questions.filter((q) => q.group === group).map((q) => q.id);
    let f = flow.startStep(flow.emptyFlow(), questions, inGroup);
    for (let i = 0; i < size; i++) {
      const qid = f.step[f.step.length - 1];
      f = flow.answerAndGrow(f, qid, someAnswer(questions.get(qid)), {}, questions, inGroup).flow;
    }
    assert.equal(f.step.length, flow.MAX_STEP);
    assert.deepEqual(f.step, inGroup.slice(0, flow.MAX_STEP));
  });

  test("Next marks what was left unanswered as passed, and passed questions stay in the summary while they matter", async () => {
    const f = flow.startStep(flow.emptyFlow(), questions, form.next_questions);
    const next = flow.nextStep(f, questions, form.next_questions);
    assert.deepEqual(next.skipped, [first]);
    assert.equal(flow.isAnswered(next, first), false);
    // without a result yet, and while the core still lists it, "your answers" offers it for later
    assert.deepEqual(flow.summaryRows(next, null, null), [first]);
    const result = await core.evaluate(next.answers);
    assert.ok(result.next_questions.includes(first));
    assert.deepEqual(flow.summaryRows(next, result, null), [first]);
    // once the core no longer lists it, it leaves the summary (unless its row is open for change)
    const settledElsewhere = { ...result, next_questions: result.next_questions.filter((qid) => qid !== first) };
    assert.deepEqual(flow.summaryRows(next, settledElsewhere, null), []);
    assert.deepEqual(flow.summaryRows(next, settledElsewhere, first), [first]);
  });

  test("drops an unanswered question the core no longer asks, but not the one the person is in", async () => {
    let state = { flow: flow.startStep(flow.emptyFlow(), questions, form.next_questions), result: null };
    state = await answerStep(state);
    const next = flow.nextStep(state.flow, questions, state.result.next_questions);
    const [qid] = next.step;
    const notAsked = { ...state.result, next_questions: state.result.next_questions.filter((id) => id !== qid) };
    const pruned = flow.withResult(next, notAsked, questions).flow;
    assert.equal(pruned.step.includes(qid), false);
    assert.equal(pruned.asked.includes(qid), false, "it may be asked again later");
    assert.deepEqual(flow.withResult(next, notAsked, questions, qid).flow.step, next.step);
  });
});

describe("a bad answer", () => {
  const numberQuestion = form.questions.find((q) => q.type === "integer" && q.max !== undefined);

  test("typed text that is not a whole number goes to the core as typed", () => {
    assert.equal(flow.numberAnswer(""), null);
    assert.equal(flow.numberAnswer("  "), null);
    assert.equal(flow.numberAnswer(" 42 "), 42);
    assert.equal(flow.numberAnswer("4.5"), "4.5");
    assert.equal(flow.numberAnswer("-3"), "-3");
  });

  test("an out-of-range number gets the core's error and leaves the step as it is", async () => {
    let f = flow.startStep(flow.emptyFlow(), questions, [numberQuestion.id]);
    f = flow.answer(f, numberQuestion.id, flow.numberAnswer(String(numberQuestion.max + 1)));
    const result = await core.evaluate(f.answers);
    assert.equal(result.ok, false);
    assert.deepEqual(result.errors.map((e) => e.field), [numberQuestion.id]);
    const after_ = flow.withResult(f, result, questions);
    assert.equal(after_.flow, f);
    assert.equal(after_.added, null);
    // with errors, what comes next is the build's order again, not the erroneous result's empty list
    assert.deepEqual(flow.order(form, result), form.next_questions);
  });

  test("text typed into a number field is an error from the core, not a guess", async () => {
    const f = flow.answer(flow.emptyFlow(), numberQuestion.id, flow.numberAnswer("about 30"));
    const result = await core.evaluate(f.answers);
    assert.equal(result.ok, false);
    assert.equal(result.errors[0].field, numberQuestion.id);
  });
});

describe("a whole journey", () => {
  test("asks each question at most once, only while it can change a result, and ends", async () => {
    let state = { flow: flow.startStep(flow.emptyFlow(), questions, form.next_questions), result: null };
    const seen = new Set();
    for (let steps = 0; state.flow.step.length; steps++) {
      assert.ok(steps < form.questions.length, "the journey ends");
      const order = flow.order(form, state.result);
      for (const qid of state.flow.step) {
        if (seen.has(qid)) continue;
        assert.ok(order.includes(qid), `${qid} was asked while it could change a result`);
        seen.add(qid);
      }
      state = await answerStep(state);
      state = { ...state, flow: flow.nextStep(state.flow, questions, flow.order(form, state.result)) };
    }
    assert.equal(new Set(state.flow.asked).size, state.flow.asked.length, "no question asked twice");
    assert.deepEqual(flow.candidates(state.flow, questions, state.result.next_questions), [],
                     "at the end, nothing that could change a result is left to ask");
    assert.deepEqual(flow.summaryRows(state.flow, state.result, null),
                     state.flow.asked.filter((qid) => flow.isAnswered(state.flow, qid) ||
                                                      state.result.next_questions.includes(qid)));
  });

  test("start over asks the first question again", () => {
    const f = flow.startStep(flow.emptyFlow(), questions, form.next_questions);
    const answered = flow.answer(f, first, someAnswer(questions.get(first)));
    const again = flow.startStep(flow.emptyFlow(), questions, flow.order(form, null));
    assert.deepEqual(again.step, [first]);
    assert.notDeepEqual(again.answers, answered.answers);
  });

  test("the functions never change the flow they are given", async () => {
    const f = flow.startStep(flow.emptyFlow(), questions, form.next_questions);
    const copy = structuredClone(f);
    flow.answerAndGrow(f, first, someAnswer(questions.get(first)), {}, questions, form.next_questions);
    flow.nextStep(f, questions, form.next_questions);
    flow.withResult(f, await core.evaluate({}), questions);
    assert.deepEqual(f, copy);
  });
});
