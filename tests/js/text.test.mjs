// Filling the interface text's {placeholders} (docs/assets/screener/text.js), with the strings of the built
// form.json.
import assert from "node:assert/strict";
import { test } from "node:test";

import { loadForm, screenerModule } from "./support.mjs";

const { fill, translate, megabytes, longDate, plural } = await screenerModule("text.js");
const { form } = loadForm();
const { form: esForm } = loadForm("es"); // the Spanish site's form.json
const withPlaceholders = Object.entries(form.ui).filter(([, text]) => /\{\w+\}/.test(text));

test("every placeholder of the page's strings is filled when its value is given", () => {
  assert.ok(withPlaceholders.length > 0);
  for (const [key, text] of withPlaceholders) {
    const names = [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const values = Object.fromEntries(names.map((n, i) => [n, `<${i}>`]));
    const filled = translate(form.ui, key, values);
    assert.doesNotMatch(filled, /\{\w+\}/, key);
    for (const value of Object.values(values)) assert.ok(filled.includes(value), key);
  }
});

test("a placeholder without a value stays visible instead of vanishing", () => {
  const [key, text] = withPlaceholders[0];
  assert.equal(translate(form.ui, key, {}), text);
  assert.equal(fill("{a} and {b}", { a: 0 }), "0 and {b}");
});

test("a string without values is returned as it is, braces and all", () => {
  assert.equal(fill("{x}"), "{x}");
});

test("a key the form lacks shows as the key", () => {
  assert.equal(translate(form.ui, "screener.no_such_key"), "screener.no_such_key");
  assert.equal(translate(null, "screener.no_such_key"), "screener.no_such_key");
});

test("sizes are megabytes with one decimal and the language's decimal mark", () => {
  assert.equal(megabytes(3_456_789, form.ui), "3.5");
  assert.equal(megabytes(3_456_789, esForm.ui), "3,5");
  assert.equal(megabytes(0, form.ui), "0.0");
});

test("longDate writes an ISO date as the page's language writes it", () => {
  assert.equal(longDate("2026-03-01", form.ui), "March 1, 2026");
  assert.equal(longDate("2026-03-01", esForm.ui), "1 de marzo de 2026");
  assert.equal(longDate("2026-12-31", esForm.ui), "31 de diciembre de 2026");
  assert.equal(longDate("not a date", esForm.ui), "not a date");
});

test("a count picks the one or other form of its text: 1 problem, 2 problems, 0 problems, in English and Spanish", () => {
  for (const lang of ["en", "es"]) {
    assert.equal(plural(1, lang), "one");
    for (const n of [0, 2, 5, 21, 1000000]) assert.equal(plural(n, lang), "other", `${lang} ${n}`);
  }
  // every counted text the page uses has both forms in content
  const counted = Object.keys(form.ui).filter((k) => /\.(one|other)$/.test(k)).map((k) => k.replace(/\.(one|other)$/, ""));
  assert.ok(counted.length > 0);
  for (const base of counted) {
    assert.ok(`${base}.one` in form.ui && `${base}.other` in form.ui, base);
    assert.match(translate(form.ui, `${base}.${plural(1, "en")}`, { count: 1 }), /\b1\b/);
  }
});
