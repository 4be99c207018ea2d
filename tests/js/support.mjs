// What the screener's JavaScript tests share: the built form.json, and the real core (screener.evaluate on
// CPython) to produce the results the page would get from the worker. Nothing here copies a question, an
// option or a rule: they come from the build and from content/ through the core.
//
// SCREENER_FORM: the form.json to read (pytest passes the one of its build; default: site/screener/form.json).
// SCREENER_PYTHON: the Python that runs the core (pytest passes its own; default: python3). The core needs
// only the standard library.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

// A module of the page's code, e.g. screenerModule("flow.js"). `fresh` gives a separate instance (engine.js
// keeps one engine per tab, that is, per module instance).
export function screenerModule(file, fresh = "") {
  const url = pathToFileURL(resolve(ROOT, "docs", "assets", "screener", file));
  if (fresh) url.search = `?${fresh}`;
  return import(url.href);
}

// lang: another language's form.json (site/<lang>/screener/form.json beside the English one).
export function loadForm(lang = "") {
  const english = process.env.SCREENER_FORM || resolve(ROOT, "site", "screener", "form.json");
  const path = lang ? resolve(dirname(english), "..", lang, "screener", "form.json") : english;
  if (!existsSync(path)) {
    throw new Error(`${path} does not exist: build the site first (python3 build.py), or run these tests ` +
                    "through python3 build.py test");
  }
  const form = JSON.parse(readFileSync(path, "utf-8"));
  return { form, questions: new Map(form.questions.map((q) => [q.id, q])) };
}

// The core, started once per test file: evaluate(answers) resolves to screener.evaluate(answers).
const LOOP = `
import json, sys
sys.path.insert(0, sys.argv[1])
import screener
for line in sys.stdin:
    print(json.dumps(screener.evaluate(json.loads(line))), flush=True)
`;

export function startCore() {
  const child = spawn(process.env.SCREENER_PYTHON || "python3", ["-I", "-c", LOOP, ROOT],
                      { stdio: ["pipe", "pipe", "inherit"] });
  const waiting = [];
  createInterface({ input: child.stdout }).on("line", (line) => waiting.shift().resolve(JSON.parse(line)));
  child.on("exit", (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`the screener core exited (${code})`));
  });
  return {
    evaluate(answers) {
      return new Promise((resolve_, reject) => {
        waiting.push({ resolve: resolve_, reject });
        child.stdin.write(`${JSON.stringify(answers)}\n`);
      });
    },
    close() {
      child.stdin.end();
    },
  };
}

// An answer a person could give to q, taken from the question itself: the first option, "none of these",
// "no", or a number inside the question's range.
export function someAnswer(q) {
  if (q.type === "choice") return q.options[0].value;
  if (q.type === "multichoice") return [];
  if (q.type === "boolean") return false;
  if (q.type === "integer") return Math.max(q.min ?? 0, Math.min(q.max ?? 30, 30));
  throw new Error(`no answer for a ${q.type} question`);
}
