// Interface text: the one place the page fills {placeholders} in the strings of content/ui.yaml (form.json
// carries them). Pure: no DOM, no state; tests/js/text.test.mjs runs it under Node.

// "{count} of {total}" with {count: 2, total: 5} -> "2 of 5". A placeholder without a value stays as it is,
// so a missing value shows up on the page instead of disappearing silently.
export function fill(template, values) {
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

// The string for `key` from `ui` (form.json's ui), filled; the key itself when the text is missing, so a
// missing key is visible (the build already fails when content/ui.yaml lacks a key the page uses).
export function translate(ui, key, values) {
  return fill((ui && ui[key]) ?? key, values);
}

// Intl objects are slow to make the first time (ICU's data for the language: tens of ms for a number or date
// format on a phone, in the page's first tasks), so numbers and dates are written from content (ui.yaml's
// screener.number.* and screener.date.*); only plural rules, cheap to make, come from Intl (one per language).
const pluralRules = new Map();

// Which form of a counted text to use, "one" or "other" (content has `<key>.one` and `<key>.other`), by the
// language's own plural rules: the same choice as the core's screener.placeholders.plural. A form content does
// not write ("many": Spanish millions) uses "other".
export function plural(count, lang) {
  if (!pluralRules.has(lang)) pluralRules.set(lang, new Intl.PluralRules(lang || undefined));
  return pluralRules.get(lang).select(count) === "one" ? "one" : "other";
}

// Bytes as megabytes with one decimal, with the language's decimal mark (ui: screener.number.decimal): "3.4".
export function megabytes(bytes, ui) {
  const t = (key) => translate(ui, key); // t("…"): the build copies the keys it finds so into form.json
  return (bytes / 1e6).toFixed(1).replace(".", t("screener.number.decimal"));
}

// An ISO date (YYYY-MM-DD) written out as the language writes it (ui: screener.date.long and the month names
// screener.date.month.1 to .12): "March 1, 2026", "1 de marzo de 2026".
export function longDate(iso, ui) {
  const [year, month, day] = String(iso).split("-").map(Number);
  if (!year || !month || !day || month > 12) return String(iso);
  const t = (key, values) => translate(ui, key, values);
  return t("screener.date.long", { year, day, month: t(`screener.date.month.${month}`) });
}
