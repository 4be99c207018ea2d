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
      // a gate answered yes, so the questions behind it are asked too
      const answer = questions.get(qid).gates ? true : someAnswer(questions.get(qid));
      f = flow.answerAndGrow(f, qid, answer, {}, questions, inGroup).flow;
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

describe("a gate question before a long group", () => {
  // The gate is content's (a yes/no question with `gate`), read from form.json, never named here.
  const gate = form.questions.find((q) => q.gates && q.gates.length >= 2);
  const behind = gate ? gate.gates : [];
  // An adult with nothing else answered: several of the gated counts can still change a result.
  const adult = { [form.questions.find((q) => q.type === "integer" && q.min === 0 && q.max >= 100).id]: 45 };

  async function atTheGate() {
    const result = await core.evaluate(adult);
    let f = flow.withAnswers(flow.emptyFlow(), adult, questions);
    f = flow.startStep(f, questions, result.next_questions);
    while (f.step.length && !f.step.includes(gate.id)) f = flow.nextStep(f, questions, result.next_questions);
    return { f, result };
  }

  test("content has a gate, asked before the questions it stands in front of", async () => {
    assert.ok(gate, "questions.yaml has a gate");
    const { f, result } = await atTheGate();
    const order = result.next_questions;
    assert.ok(order.includes(gate.id), "the gate is asked while 2 or more of its questions matter");
    const open = behind.filter((qid) => order.includes(qid));
    assert.ok(open.length >= 2);
    for (const qid of open) assert.ok(order.indexOf(gate.id) < order.indexOf(qid), `${gate.id} before ${qid}`);
    assert.equal(f.step[0], gate.id, "the gate opens its step");
    assert.ok(!f.step.some((qid) => behind.includes(qid)), "its questions wait for it");
  });

  test("no: its questions are answered by the core (not asked) and never put on screen", async () => {
    const { f } = await atTheGate();
    let state = flow.answerAndGrow(f, gate.id, false, {}, questions, (await core.evaluate(adult)).next_questions).flow;
    const result = await core.evaluate(state.answers);
    state = flow.withResult(state, result, questions).flow;
    for (const qid of behind) {
      assert.ok(!result.next_questions.includes(qid), `${qid} is not asked after no`);
      assert.ok(!state.step.includes(qid) && !flow.candidates(state, questions, result.next_questions).includes(qid));
    }
    assert.ok(behind.filter((qid) => result.not_asked.includes(qid)).length >= 2, "the core took their none answers");
    assert.ok(!result.next_questions.includes(gate.id));
  });

  test("yes: its questions come next, in the same step", async () => {
    const { f } = await atTheGate();
    let state = flow.answerAndGrow(f, gate.id, true, {}, questions, (await core.evaluate(adult)).next_questions).flow;
    const result = await core.evaluate(state.answers);
    state = flow.withResult(state, result, questions).flow;
    assert.ok(behind.includes(state.step[1]), `after yes the step shows ${state.step}`);
    assert.deepEqual(result.not_asked.filter((qid) => behind.includes(qid)), []);
  });

  test("not sure: its questions are passed with it (none is assumed), and come back when the gate is answered yes", async () => {
    const { f } = await atTheGate();
    const order = (await core.evaluate(adult)).next_questions;
    const passed = flow.answerAndGrow(f, gate.id, null, { skipped: true }, questions, order).flow;
    const result = await core.evaluate(passed.answers);
    assert.deepEqual(result.not_asked.filter((qid) => behind.includes(qid)), [], "nothing is assumed");
    assert.ok(!flow.candidates(passed, questions, result.next_questions).some((qid) => behind.includes(qid)));
    assert.ok(result.next_questions.includes(gate.id), "the gate stays in 'your answers' to answer later");
    const yes = flow.answer(passed, gate.id, true);
    assert.ok(flow.candidates(yes, questions, (await core.evaluate(yes.answers)).next_questions)
      .some((qid) => behind.includes(qid)));
  });

  test("with only one of its questions left, the gate is not asked (asking that one is shorter)", async () => {
    const keep = behind.find((qid) => questions.get(qid).type === "integer");
    const others = Object.fromEntries(behind.filter((qid) => qid !== keep).map((qid) => [qid, questions.get(qid).none]));
    const result = await core.evaluate({ ...adult, ...others });
    assert.ok(!result.next_questions.includes(gate.id));
  });
});

describe("None of these apply", () => {
  test("moves on to the next step by itself once the group has nothing more to ask (no Next after it)", async () => {
    // a one-question choice group whose none answer ("no") decides the rest of its group
    const result0 = await core.evaluate({});
    const choice = form.questions.find((q) => q.type === "choice" && q.none === "no" &&
      form.questions.some((o) => o.group === q.group && o.id !== q.id) && result0.next_questions.includes(q.id));
    assert.ok(choice, "a choice question with a none answer and more questions in its group");
    let f = flow.startStep(flow.emptyFlow(), questions, result0.next_questions);
    while (f.step.length && f.step[0] !== choice.id) f = flow.nextStep(f, questions, result0.next_questions);
    assert.equal(f.step[0], choice.id);
    const skipped = flow.skipGroup(f, questions, result0.next_questions, true);
    assert.equal(skipped.answers[choice.id], "no");
    const result = await core.evaluate(skipped.answers);
    const after_ = flow.withResult(skipped, result, questions).flow;
    const leftInGroup = result.next_questions.filter((qid) => groupOf(qid) === choice.group && !flow.isSettled(after_, qid));
    if (leftInGroup.length) assert.equal(after_.group, choice.group);
    else assert.notEqual(after_.step[0], choice.id, "the next step started without a Next");
    assert.equal(after_.moveOn, false);
    // pressing Next before the result came: the later result never skips the step the person went to
    const nextFirst = flow.nextStep(skipped, questions, result0.next_questions);
    assert.equal(nextFirst.moveOn, false);
    assert.equal(flow.withResult(nextFirst, result, questions).flow.step[0] === nextFirst.step[0] ||
                 !result.next_questions.includes(nextFirst.step[0]), true);
  });
});
