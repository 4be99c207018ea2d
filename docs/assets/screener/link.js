// The shareable link: the answers in the URL fragment, a public format (README, "The screener link"):
//   /screener/#age=72&plan=kp&county=fresno&housing=none&social_factors=adl_help,living_alone&complex_need=yes
// Question ids are the keys; yes/no questions take `yes` or `no`; a list is its values joined by commas, `none`
// for an empty one; a number is its digits. A fragment never reaches a server, so the link carries the answers
// and nothing is sent anywhere. Pure functions (no DOM): tests/js/link.test.mjs runs them under Node.
//
// Reading never judges a value: what a link says is passed to the core as typed, so a bad value gets the same
// plain message next to its field as a typed one (the core is the one place answers are checked).
import { numberAnswer } from "./flow.js";

const LIST_SEPARATOR = ",";
const NONE = "none";
const YES = "yes";
const NO = "no";

// A fragment ("#a=1&b=2" or "a=1&b=2") as answers: {question id: value in the core's JSON types}. questions:
// Map id -> question. An empty value is no answer; a key that is not a question is kept (the core names it).
export function readFragment(fragment, questions) {
  const text = String(fragment || "").replace(/^#/, "");
  const answers = {};
  if (!text.includes("=")) return answers;
  for (const part of text.split("&")) {
    if (!part) continue;
    const cut = part.indexOf("=");
    const key = decode(cut < 0 ? part : part.slice(0, cut));
    const raw = cut < 0 ? "" : decode(part.slice(cut + 1));
    if (!key || raw === "") continue;
    answers[key] = fromText(questions.get(key), raw);
  }
  return answers;
}

function decode(text) {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch (_) {
    return text; // a broken %-escape: keep the text, the core says what is wrong with it
  }
}

function fromText(question, raw) {
  if (!question) return raw;
  if (question.type === "integer") return numberAnswer(raw);
  if (question.type === "boolean") return raw === YES ? true : raw === NO ? false : raw;
  if (question.type === "multichoice") {
    return raw === NONE ? [] : raw.split(LIST_SEPARATOR).map((v) => v.trim()).filter(Boolean);
  }
  return raw;
}

// Answers as a fragment (without "#"), keys in asking order (questions' order), then any others.
export function writeFragment(answers, questions) {
  const keys = [...questions.keys()].filter((qid) => qid in answers);
  for (const key of Object.keys(answers)) if (!keys.includes(key)) keys.push(key);
  return keys.map((key) => `${encode(key)}=${encode(toText(answers[key]))}`).join("&");
}

function toText(value) {
  if (value === true) return YES;
  if (value === false) return NO;
  if (Array.isArray(value)) return value.length ? value.map(String).join(LIST_SEPARATOR) : NONE;
  return String(value);
}

// Percent-encoding, keeping the characters the format itself uses readable (commas between list values).
const encode = (text) => encodeURIComponent(text).replace(/%2C/gi, ",");
