// The results: one card per program with its status, reasons and sources, the Community Supports grouped by
// status, notes, whom to contact next, and the sentence a screen reader hears when they change. Everything
// shown comes from the core's result (screener.evaluate) and content/ui.yaml; nothing is decided here.
import { h, patchParts } from "./dom.js";
import { answerText, fieldId } from "./fields.js";
import { isAnswered } from "./flow.js";
import { state, t } from "./state.js";
import { longDate } from "./text.js";

const CS_ORDER = ["likely_eligible", "cant_tell", "not_eligible"];

const statusText = (status) => t(`status.${status}`);

export function countByStatus(programs) {
  const counts = { likely_eligible: 0, cant_tell: 0, not_eligible: 0 };
  for (const p of programs) counts[p.status] = (counts[p.status] || 0) + 1;
  return counts;
}

// One sentence for the live region: ECM's and CHW's status, and how many Community Supports have which.
export function resultsSummary(result) {
  const byKind = (kind) => result.programs.filter((p) => p.kind === kind);
  const parts = [...byKind("ecm"), ...byKind("chw")].map((p) => `${p.name}: ${statusText(p.status)}`);
  parts.push(t("screener.live.cs_counts", countByStatus(byKind("community_support"))));
  return t("screener.live.updated", { summary: parts.join(". ") });
}

// Draws the results box: unavailable (the engine failed), waiting (no result yet), the input errors (each a
// link to its field: focusField(qid)), or the results. Drawn as parts (dom.js patchParts): after a change of
// answers only the parts whose data changed are drawn again, and reasons opened before stay open.
export function renderResults(box, { failed, result, focusField, copyLink }) {
  let parts;
  if (failed) {
    box.dataset.state = "failed";
    parts = [{ key: "failed", data: null,
               make: () => h("p", { class: "scr-waiting", text: t("screener.results.unavailable") }) }];
  } else if (!result) {
    box.dataset.state = "waiting";
    parts = [{ key: "waiting", data: null,
               make: () => h("p", { class: "scr-waiting", text: t("screener.results.waiting") }) }];
  } else if (!result.ok) {
    box.dataset.state = "errors";
    parts = [{ key: "errors", data: result.errors, make: () => errorSummary(result.errors, focusField) }];
  } else {
    box.dataset.state = "ready";
    box.dataset.asOf = result.as_of;
    parts = resultParts(result, copyLink);
  }
  patchParts(box, parts, { focusOnReplace: document.getElementById("scr-results-h") });
  for (const why of box.querySelectorAll(".scr-why[open]")) drawWhy(why); // opened again in a card drawn anew
}

function errorSummary(errors, focusField) {
  return h("div", { class: "scr-error-summary", role: "group", "aria-labelledby": "scr-errors-h" },
    h("h3", { id: "scr-errors-h", text: t("screener.text.errors") }),
    h("ul", {}, errors.map((e) =>
      h("li", {}, state.questions.has(e.field)
        ? h("a", { href: `#${fieldId(e.field)}`, text: e.message,
                   onclick: (ev) => { ev.preventDefault(); focusField(e.field); } })
        : e.message))));
}

// The results box as parts, each with the data it is drawn from (what patchParts compares).
function resultParts(result, copyLink) {
  const main = result.programs.filter((p) => p.kind !== "community_support");
  const cs = result.programs.filter((p) => p.kind === "community_support");
  const parts = main.map((p) => cardPart(p, "h3", `program:${p.id}`));
  if (cs.length) {
    parts.push({ key: "community-supports", data: null, make: () => communitySupports(cs),
                 update: (section) => patchCommunitySupports(section, cs) });
  }
  if (result.notes.length) {
    parts.push({ key: "notes", data: result.notes, make: () => h("div", { class: "scr-notes" },
      h("h3", { text: t("screener.text.notes") }),
      h("ul", {}, result.notes.map((n) => h("li", { text: n })))) });
  }
  parts.push(
    { key: "next-steps", data: result.next_steps, make: () => nextSteps(result.next_steps) },
    { key: "as-of", data: result.as_of, make: () => h("p", { class: "scr-as-of",
      text: t("screener.results.as_of", { date: longDate(result.as_of, state.form.ui) }) }) },
    { key: "print", data: null, make: () => h("p", { class: "scr-print" },
      h("button", { type: "button", class: "md-button", onclick: () => window.print(),
                    text: t("screener.results.print") })) },
    { key: "link", data: null, make: () => linkSection(copyLink) },
    // the take-away is only printed: filled after the results are on screen (fillTakeAway), not in their way
    { key: "take-away", data: null, make: () => h("section", { class: "scr-takeaway", "aria-hidden": "true" }) },
  );
  takeAwayFor = result;
  return parts;
}

// The take-away (print only) of the last results drawn, filled by fillTakeAway once the screen is up to date.
let takeAwayFor = null;
const takeAwayDrawn = new WeakMap(); // the take-away's element -> the JSON of what it was drawn from

// Brings the take-away in `box` up to date with the last results drawn and the answers: app.js calls it after the
// next paint of every change, and before printing.
export function fillTakeAway(box) {
  const section = box.querySelector(":scope > .scr-takeaway");
  const result = takeAwayFor;
  if (!section || !result) return;
  const json = JSON.stringify([result.programs.map((p) => [p.id, p.status, p.reasons]), result.next_steps,
                               state.flow.asked.map((qid) => [qid, state.flow.answers[qid]])]);
  if (takeAwayDrawn.get(section) === json) return;
  takeAwayDrawn.set(section, json);
  section.replaceChildren(...takeAway(result));
}

// A result card as a part. The card is drawn anew when what it shows outside its reasons changes (status,
// headline, availability, links); when only its reasons change, the card stays (its place, its open "why", the
// focus) and only the inside of its "why" is drawn again (most answers change a few reasons and no status).
// wrap: the element the card sits in (a list item among the Community Supports).
function cardPart(p, headingTag, key, wrap = (card) => card) {
  const { reasons, populations, missing, ...face } = p; // face: all but what the "why" shows
  return { key, data: face, make: () => wrap(programCard(p, headingTag)),
           update: (el) => updateWhy(el.querySelector(".scr-why"), p) };
}

// The take-with-you summary's contents, for "Print or save as PDF" only (screener.css shows it on paper and hides
// the rest): the answers, the programs the person likely qualifies for with one reason each, and whom to call or email.
function takeAway(result) {
  const answered = state.flow.asked.filter((qid) => isAnswered(state.flow, qid) && state.questions.has(qid));
  const likely = result.programs.filter((p) => p.status === "likely_eligible");
  const unsure = result.programs.filter((p) => p.status === "cant_tell");
  const reasonOf = (p) => {
    const met = (p.reasons || []).find((r) => r.status === "met") || (p.reasons || [])[0];
    if (!met) return p.headline;
    return met.because && met.because.length ? `${met.text} (${met.because[0].text})` : met.text;
  };
  const contacts = new Map();
  for (const s of result.next_steps) {
    if (!contacts.has(s.contact_id)) contacts.set(s.contact_id, { ...s, emails: [] });
    if (s.email) contacts.get(s.contact_id).emails.push(s);
  }
  return [
    h("h2", { text: t("screener.print.title") }),
    h("p", { text: `${t("screener.results.as_of", { date: result.as_of })} ${t("screener.not_a_decision")}` }),
    h("h3", { text: t("screener.print.answers") }),
    h("dl", { class: "scr-takeaway__answers" }, answered.map((qid) => [
      h("dt", { text: state.questions.get(qid).label }), h("dd", { text: answerText(state.questions.get(qid)) })])),
    h("h3", { text: t("screener.print.likely") }),
    likely.length
      ? h("ul", {}, likely.map((p) => h("li", {}, h("strong", { text: p.name }), `: ${reasonOf(p)}`)))
      : h("p", { text: t("screener.print.none_likely") }),
    unsure.length ? h("p", { text: t("screener.print.cant_tell", { names: unsure.map((p) => p.name).join(", ") }) }) : null,
    h("h3", { text: t("screener.print.contacts") }),
    h("ul", {}, [...contacts.values()].map((c) => h("li", {},
      h("strong", { text: c.name }),
      (c.phones || []).map((p) => ` ${t("screener.steps.call")} ${p.number}${p.description ? ` (${p.description})` : ""}.`),
      c.tty ? ` ${t("screener.steps.tty")} ${c.tty}.` : "",
      c.hours ? ` ${t("screener.steps.hours")} ${c.hours}` : "",
      c.emails.map((e) => ` ${e.subject_line ? t("screener.steps.email_subject", { email: e.email, subject: e.subject_line }) : e.email}.`),
      c.url ? ` ${c.url_text || ""}: ${c.url}` : ""))),
  ];
}

// "Copy link", with what the link holds said plainly: the answers, in the link itself; nothing is sent.
function linkSection(copyLink) {
  const note = h("p", { class: "scr-link__done", role: "status" });
  const button = h("button", { type: "button", class: "md-button scr-copy-link", text: t("screener.link.copy") });
  button.addEventListener("click", () => copyLink && copyLink(button, note));
  return h("div", { class: "scr-link" },
    h("p", { class: "scr-link__explain", text: t("screener.link.explain") }), button, note);
}

// Links from a card to the program's page on this site and to how to ask for it in the person's plan.
function pageLinks(p) {
  if (!p.page) return null;
  const site = new URL("../../", import.meta.url); // the site's root: page URLs are relative to it
  return h("p", { class: "scr-card__links" },
    h("a", { href: new URL(p.page.how_to_ask, site).href, class: "scr-card__how",
             text: t("screener.results.how_to_ask") },
      h("span", { class: "scr-visually-hidden", text: `: ${p.name}` })),
    " ",
    h("a", { href: new URL(p.page.url, site).href, class: "scr-card__page",
             text: t("screener.results.about", { name: p.name }) }));
}

// The Community Supports, grouped by status: each card is a part of its group's list, so a change in one of
// them leaves the others as they are.
function communitySupports(cs) {
  const section = h("section", { class: "scr-cs", "aria-labelledby": "scr-cs-h" });
  patchCommunitySupports(section, cs);
  return section;
}

function patchCommunitySupports(section, cs) {
  // a card that moves to another group is drawn anew there: its "why" opens again if it was open
  const open = new Set([...section.querySelectorAll("details[open][data-key]")].map((d) => d.dataset.key));
  const focusOnReplace = document.getElementById("scr-results-h");
  const parts = [
    { key: "heading", data: null, make: () => h("h3", { id: "scr-cs-h", text: t("screener.results.cs_heading") }) },
    { key: "counts", data: countByStatus(cs),
      make: () => h("p", { class: "scr-cs__counts", text: t("screener.results.cs_counts", countByStatus(cs)) }) },
  ];
  for (const status of CS_ORDER) {
    const group = cs.filter((p) => p.status === status);
    if (!group.length) continue;
    const cards = (list) => patchParts(list, group.map((p) => cardPart(p, "h5", p.id, (card) => h("li", {}, card))),
                                       { focusOnReplace });
    parts.push(
      { key: `group:${status}`, data: group.length,
        make: () => h("h4", { class: `scr-cs__group scr-cs__group--${status}`,
                              text: t(`screener.results.cs_group.${status}`, { count: group.length }) }) },
      { key: `list:${status}`, data: null, update: cards, make: () => {
        const list = h("ul", { class: "scr-cs__list" });
        cards(list);
        return list;
      } },
    );
  }
  patchParts(section, parts, { focusOnReplace });
  for (const d of section.querySelectorAll("details[data-key]:not([open])")) if (open.has(d.dataset.key)) d.open = true;
}

function programCard(p, headingTag) {
  const a = p.availability;
  const why = h("details", { class: "scr-why", "data-key": p.id },
    h("summary", { onclick: () => drawWhy(why) }, t("screener.text.reasons"),
      h("span", { class: "scr-visually-hidden", text: `: ${p.name}` })));
  why.addEventListener("toggle", () => why.open && drawWhy(why)); // opened by a script, or by find in page
  updateWhy(why, p);
  return h("article", { class: `scr-card scr-card--${p.kind}`, "data-program": p.id, "data-status": p.status },
    h(headingTag, { class: "scr-card__name", text: p.name }),
    h("p", { class: "scr-card__status" },
      h("span", { class: `scr-badge scr-badge--${p.status}`, text: statusText(p.status) })),
    p.headline ? h("p", { class: "scr-card__headline", text: p.headline }) : null,
    a ? availability(a) : null,
    pageLinks(p),
    why);
}

// The inside of a card's "why" (after its summary): reasons, Populations of Focus, what is still missing, the
// availability's note and sources. It is most of the results' elements and hidden until opened, so an open one
// is drawn at once and a closed one a little later, in idle time once the results are on screen (or when it is
// opened, or before printing, whichever comes first); and only when what it shows changed.
const whyWanted = new WeakMap(); // <details> -> the program whose reasons it is to show
const whyDrawn = new WeakMap(); // <details> -> the JSON of what it shows
const whyLater = new Set(); // closed <details> still to draw
let whyLaterScheduled = false;
const IDLE_SLICE_MS = 4; // drawing closed ones stops after this long (an answer may be on its way) and goes on later

function updateWhy(why, p) {
  whyWanted.set(why, p);
  if (why.open) {
    drawWhy(why);
    return;
  }
  whyLater.add(why);
  if (whyLaterScheduled) return;
  whyLaterScheduled = true;
  whenIdle(drawSomeLater);
}

const whenIdle = (fn) => (window.requestIdleCallback ? window.requestIdleCallback(fn, { timeout: 1000 })
                                                     : setTimeout(fn, 50));

function drawSomeLater() {
  whyLaterScheduled = false;
  const start = performance.now();
  for (const why of whyLater) {
    whyLater.delete(why);
    if (why.isConnected) drawWhy(why);
    if (performance.now() - start > IDLE_SLICE_MS) break;
  }
  if (whyLater.size && !whyLaterScheduled) {
    whyLaterScheduled = true;
    whenIdle(drawSomeLater);
  }
}

function drawWhy(why) {
  const p = whyWanted.get(why);
  whyLater.delete(why);
  const json = JSON.stringify([p.reasons, p.populations, p.missing]);
  if (whyDrawn.get(why) === json) return;
  whyDrawn.set(why, json);
  const a = p.availability;
  while (why.lastElementChild && why.lastElementChild.tagName !== "SUMMARY") why.lastElementChild.remove();
  why.append(...[
    reasonsList(p.reasons || []),
    p.populations && p.populations.length ? populations(p.populations) : null,
    p.missing && p.missing.length ? missingList(p.missing) : null,
    a && a.note ? h("p", { class: "scr-avail__note", text: a.note }) : null,
    a && a.sources && a.sources.length
      ? h("p", { class: "scr-sources" }, sourceLinks(a.sources, t("screener.results.availability_sources")))
      : null,
  ].filter(Boolean));
}

// Draws every "why" in box that is not drawn yet, at once (before printing, which opens them all).
export function drawAllWhys(box) {
  for (const why of box.querySelectorAll(".scr-why")) if (whyWanted.has(why)) drawWhy(why);
}

function availability(a) {
  return h("div", { class: `scr-avail scr-avail--${a.status}`, "data-availability": a.status },
    h("p", {}, h("span", { class: "scr-avail__label", text: t(`availability.${a.status}`) }), " ", a.text || ""),
    a.conflict ? h("p", { class: "scr-avail__conflict", text: a.conflict }) : null);
}

function reasonsList(reasons) {
  if (!reasons.length) return null;
  return h("ul", { class: "scr-reasons" }, reasons.map((r) =>
    h("li", { class: `scr-reason scr-reason--${r.status}`, "data-code": r.code },
      h("span", { class: "scr-reason__mark", text: t(`screener.reason_mark.${r.status}`) }), " ",
      h("span", { class: "scr-reason__text", text: r.text }),
      r.sources && r.sources.length ? h("span", { class: "scr-sources" }, " ", sourceLinks(r.sources)) : null,
      r.because && r.because.length
        ? h("ul", { class: "scr-because" }, r.because.map((b) => h("li", { "data-q": b.q, text: b.text })))
        : null)));
}

function sourceLinks(sources, label = t("screener.results.sources")) {
  const items = [];
  sources.forEach((s, i) => {
    if (i) items.push(", ");
    items.push(s.url ? h("a", { href: s.url, class: "scr-source", text: s.title, rel: "noopener" })
                     : h("cite", { text: s.title }));
  });
  return h("span", {}, `${label} `, items);
}

// The Populations of Focus that fit (or, when none does yet, that could still fit), once each.
function populations(list) {
  const fits = list.filter((p) => p.status === "likely_eligible");
  const shown = fits.length ? fits : list.filter((p) => p.status === "cant_tell");
  const seen = new Set();
  const unique = shown.filter((p) => !seen.has(p.id) && seen.add(p.id));
  if (!unique.length) return null;
  return h("div", { class: "scr-populations" },
    h("p", { class: "scr-populations__title", text: t("screener.results.populations") }),
    h("ul", {}, unique.map((p) => h("li", { "data-population": p.id, "data-status": p.status },
      `${p.name}: `, h("span", { class: `scr-badge scr-badge--small scr-badge--${p.status}`, text: statusText(p.status) })))));
}

function missingList(ids) {
  return h("div", { class: "scr-missing" },
    h("p", { text: t("screener.text.missing") }),
    h("ul", {}, ids.filter((qid) => state.questions.has(qid))
      .map((qid) => h("li", { text: state.questions.get(qid).label }))));
}

// Whom to contact. The core returns one entry per program for a referral email (each with its own subject
// line); they are shown as one contact with one email link per program. Every tel: and mailto: link is the
// core's (screener.next_steps), so pages, downloads and results dial the same number. A contact's web page
// (referral forms, a provider portal) is a plain link named by the core (url_text): navigation, never a load.
function nextSteps(steps) {
  const section = h("section", { class: "scr-next-steps", "aria-labelledby": "scr-next-steps-h" },
    h("h3", { id: "scr-next-steps-h", text: t("screener.text.next_steps") }));
  if (!steps.length) {
    section.append(h("p", { text: t("screener.steps.none") }));
    return section;
  }
  const contacts = new Map();
  for (const s of steps) {
    const key = s.contact_id || s.name;
    if (!contacts.has(key)) contacts.set(key, { ...s, emails: [] });
    if (s.email) contacts.get(key).emails.push(s);
  }
  section.append(h("ul", { class: "scr-contacts" }, [...contacts.values()].map(contactItem)));
  return section;
}

function contactItem(c) {
  const phones = (c.phones || []).map((p) =>
    h("li", {}, `${t("screener.steps.call")} `, h("a", { href: p.tel, text: p.number }),
      p.extension ? ` ${t("screener.steps.extension", { extension: p.extension })}` : "",
      p.description ? ` (${p.description})` : ""));
  if (c.tty) phones.push(h("li", {}, `${t("screener.steps.tty")} `, h("a", { href: c.tty_tel, text: c.tty })));
  const emails = c.emails.map((e) =>
    h("li", {}, h("a", { href: e.mailto, class: "scr-mailto",
                         text: e.subject_line ? t("screener.steps.email_subject", { email: e.email, subject: e.subject_line })
                                              : e.email })));
  return h("li", { class: "scr-contact", "data-contact": c.contact_id, "data-audience": c.audience || "" },
    h("p", { class: "scr-contact__name" }, h("strong", { text: c.name }),
      c.audience ? h("span", { class: "scr-contact__audience", text: ` ${t(`screener.steps.audience.${c.audience}`)}` }) : null),
    c.description ? h("p", { class: "scr-contact__desc", text: c.description }) : null,
    c.url ? h("p", { class: "scr-contact__web" },
      h("a", { href: c.url, class: "scr-web", rel: "noopener", text: c.url_text || c.url })) : null,
    phones.length ? h("ul", { class: "scr-contact__phones" }, phones) : null,
    c.hours ? h("p", { class: "scr-contact__hours", text: `${t("screener.steps.hours")} ${c.hours}` }) : null,
    emails.length ? h("ul", { class: "scr-contact__emails" }, emails) : null);
}
