// The shareable link (docs/assets/screener/link.js): the public format of README's "The screener link", read
// and written; a bad value reaches the core as typed, so it gets the same message as a typed one. Questions
// come from the built form.json; results from the real core.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { loadForm, screenerModule, startCore } from "./support.mjs";

const link = await screenerModule("link.js");
const flow = await screenerModule("flow.js");
const { form, questions } = loadForm();
const ISSUE_LINK = "#age=72&plan=kp&county=fresno&housing=none&social_factors=adl_help,living_alone&complex_need=yes";

let core;
before(() => { core = startCore(); });
after(() => core.close());

describe("the screener link", () => {
  test("the issue's example reads as the answers it names, in the core's types", () => {
    assert.deepEqual(link.readFragment(ISSUE_LINK, questions), {
      age: 72, plan: "kp", county: "fresno", housing: [], social_factors: ["adl_help", "living_alone"],
      complex_need: true,
    });
  });

  test("writing gives the same format back, keys in asking order, commas kept readable", () => {
    const answers = link.readFragment(ISSUE_LINK, questions);
    const written = link.writeFragment(answers, questions);
    assert.equal(written.includes("social_factors=adl_help,living_alone"), true);
    assert.equal(written.includes("housing=none") && written.includes("complex_need=yes"), true);
    assert.deepEqual(link.readFragment(written, questions), answers);
    const order = [...questions.keys()];
    const keys = written.split("&").map((p) => p.split("=")[0]);
    assert.deepEqual(keys, [...keys].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
  });

  test("a gate question is a key like any other: no answers its questions in the core, and they are not asked", async () => {
    const gate = form.questions.find((q) => q.gates && q.gates.length >= 2);
    assert.ok(gate, "content has a gate");
    const answers = link.readFragment(`#age=45&${gate.id}=no`, questions);
    assert.deepEqual(answers, { age: 45, [gate.id]: false });
    assert.equal(link.writeFragment(answers, questions), `age=45&${gate.id}=no`);
    const result = await core.evaluate(answers);
    assert.ok(gate.gates.filter((qid) => result.not_asked.includes(qid)).length >= 2);
    assert.ok(!gate.gates.some((qid) => result.next_questions.includes(qid)));
  });

  test("a link with no answers, or an empty value, answers nothing", () => {
    assert.deepEqual(link.readFragment("", questions), {});
    assert.deepEqual(link.readFragment("#scr-results-h", questions), {});
    assert.deepEqual(link.readFragment("#age=&plan=kp", questions), { plan: "kp" });
  });

  test("the answers read from a link are on record and shown among the answers", () => {
    const answers = link.readFragment(ISSUE_LINK, questions);
    const read = flow.withAnswers(flow.emptyFlow(), answers, questions);
    assert.deepEqual(read.answers, answers);
    assert.deepEqual(new Set(read.asked), new Set(Object.keys(answers)));
  });

  test("a bad value in a link gets the same message from the core as the same value typed", async () => {
    for (const [fragment, typed] of [["age=-1", { age: -1 }], ["age=abc", { age: "abc" }],
                                     ["age=" + "9".repeat(400), { age: "9".repeat(400) }],
                                     ["age=" + "1".repeat(20), { age: "1".repeat(20) }],
                                     ["complex_need=maybe", { complex_need: "maybe" }],
                                     ["plan=nowhere", { plan: "nowhere" }]]) {
      const fromLink = await core.evaluate(link.readFragment(fragment, questions));
      const fromForm = await core.evaluate(typed);
      assert.equal(fromLink.ok, false, fragment);
      assert.deepEqual(fromLink.errors.map((e) => e.message), fromForm.errors.map((e) => e.message), fragment);
    }
  });

  test("an age of 20 or 400 digits is never rounded or dropped: the core says the number is not valid", async () => {
    for (const digits of [20, 400]) {
      const typed = flow.numberAnswer("9".repeat(digits));
      assert.equal(typeof typed, "string");
      const result = await core.evaluate({ age: typed });
      assert.deepEqual(result.errors.map((e) => e.code), ["too_many_digits"]);
    }
    assert.equal(flow.numberAnswer("000072"), 72);
  });
});

describe("skipping a group", () => {
  const order = form.next_questions;
  const withNone = [...questions.values()].find((q) => "none" in q && q.group !== questions.get(order[0]).group);

  test("'None of these apply' answers the questions on screen with their none answer", () => {
    const start = { ...flow.emptyFlow(), step: [withNone.id], asked: [withNone.id], group: withNone.group };
    const after_ = flow.skipGroup(start, questions, order, true);
    assert.deepEqual(after_.answers[withNone.id], withNone.none);
  });

  test("'I don't know' passes the whole group, questions not on screen yet included, and answers nothing", () => {
    const group = withNone.group;
    const start = { ...flow.emptyFlow(), step: [withNone.id], asked: [withNone.id], group };
    const after_ = flow.skipGroup(start, questions, order, false);
    assert.deepEqual(after_.answers, {});
    const rest = order.filter((qid) => questions.get(qid).group === group);
    for (const qid of rest) assert.equal(after_.skipped.includes(qid), true, qid);
    assert.notEqual(after_.group, group);
  });
});
