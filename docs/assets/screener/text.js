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

// Which form of a counted text to use, "one" or "other" (content has `<key>.one` and `<key>.other`), by the
// language's own plural rules: the same choice as the core's screener.placeholders.plural. A form content does
// not write ("many": Spanish millions) uses "other".
export function plural(count, lang) {
  return formatter("plural", lang, (l) => new Intl.PluralRules(l)).select(count) === "one" ? "one" : "other";
}

// Intl formatters are slow to make (a few ms each on a phone) and the download's progress is written many times
// a second: one of each kind per language, made on first use.
const formatters = new Map();
function formatter(kind, lang, make) {
  const key = `${kind}:${lang || ""}`;
  if (!formatters.has(key)) formatters.set(key, make(lang || undefined));
  return formatters.get(key);
}

// Bytes as megabytes with one decimal, in the page's language ("3.4" in English).
export function megabytes(bytes, lang) {
  return formatter("mb", lang, (l) => new Intl.NumberFormat(l, { minimumFractionDigits: 1, maximumFractionDigits: 1 }))
    .format(bytes / 1e6);
}

// An ISO date (YYYY-MM-DD) written out in the page's language ("March 1, 2026", "1 de marzo de 2026").
export function longDate(iso, lang) {
  const [year, month, day] = String(iso).split("-").map(Number);
  if (!year || !month || !day) return String(iso);
  return formatter("date", lang, (l) => new Intl.DateTimeFormat(l, { dateStyle: "long", timeZone: "UTC" }))
    .format(new Date(Date.UTC(year, month - 1, day)));
}
