// The plan question lists the plans that serve the chosen county first (docs/assets/screener/fields.js
// shownOptions), then "another plan" and "not sure". Plans and counties come from the built form.json.
import assert from "node:assert/strict";
import { test } from "node:test";

import { loadForm, screenerModule } from "./support.mjs";

const { shownOptions } = await screenerModule("fields.js");
const { questions } = loadForm();
const plan = questions.get("plan");
const extras = plan.options.map((o) => o.value).filter((v) => !Object.values(plan.by_county).flat().includes(v));

test("without a county, every plan is offered", () => {
  assert.deepEqual(shownOptions(plan, {}), plan.options);
});

test("with a county, its plans come first, then another plan and not sure", () => {
  for (const [county, listed] of Object.entries(plan.by_county)) {
    const shown = shownOptions(plan, { county }).map((o) => o.value);
    assert.deepEqual(shown, [...listed, ...extras], county);
  }
});

test("an answer for a plan outside the county stays visible", () => {
  const [county, listed] = Object.entries(plan.by_county).find(([, l]) => l.length > 0);
  const outside = plan.options.find((o) => !listed.includes(o.value) && !extras.includes(o.value)).value;
  const shown = shownOptions(plan, { county, plan: outside }).map((o) => o.value);
  assert.ok(shown.includes(outside));
});
