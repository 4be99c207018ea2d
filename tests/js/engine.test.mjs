// The page's side of the worker (docs/assets/screener/engine.js), against a stand-in Worker: starting it once,
// keeping events until the page connects, sending one evaluation at a time with the newest answers, failing
// clearly. The message shapes are worker.mjs's protocol.
import assert from "node:assert/strict";
import { afterEach, beforeEach, mock, test } from "node:test";

import { screenerModule } from "./support.mjs";

class FakeWorker {
  static made = [];
  static readsType = true; // a browser without module workers never reads options.type
  constructor(url, options) {
    this.url = String(url);
    this.name = options.name;
    if (FakeWorker.readsType) this.type = options.type;
    this.sent = [];
    this.terminated = false;
    FakeWorker.made.push(this);
  }
  postMessage(message) {
    if (message.type === "manifest") this.manifest = message; // the page's hand-off, tested on its own
    else this.sent.push(message);
  }
  terminate() { this.terminated = true; }
  say(message) { this.onmessage({ data: message }); }
}

let instance = 0;
async function freshEngine() {
  const { startEngine } = await screenerModule("engine.js", `test${++instance}`);
  return startEngine;
}

function connect(engine) {
  const events = [];
  engine.connect((event) => events.push(event));
  return events;
}

const MANIFEST = { build_id: "b" };
const READY = { type: "ready", version: "0", build_id: "b", questions: [], ms: 1, timings: {}, origin: 0 };

beforeEach(() => {
  globalThis.location = { protocol: "http:" };
  globalThis.Worker = FakeWorker;
  globalThis.fetch = async () => ({ ok: true, json: async () => MANIFEST });
  FakeWorker.made = [];
  FakeWorker.readsType = true;
  mock.timers.enable({ apis: ["setTimeout"] });
  mock.method(console, "error", () => {});
});
afterEach(() => {
  mock.timers.reset();
  mock.restoreAll();
});

test("hands the worker the manifest the page fetched, or why it could not", async () => {
  let asked = null;
  globalThis.fetch = async (url) => { asked = String(url); return { ok: true, json: async () => MANIFEST }; };
  (await freshEngine())();
  const [worker] = FakeWorker.made;
  await new Promise((resolve) => setImmediate(resolve));
  assert.match(asked, /\/docs\/screener\/manifest\.json$/, "next to the page, where overrides/main.html preloads it");
  assert.deepEqual(worker.manifest, { type: "manifest", manifest: MANIFEST });

  globalThis.fetch = async () => ({ ok: false, status: 404 });
  (await freshEngine())();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(FakeWorker.made[1].manifest, { type: "manifest", error: "manifest.json: HTTP 404" });
});

test("starts one module worker per tab, next to engine.js, named screener", async () => {
  const startEngine = await freshEngine();
  const engine = startEngine();
  assert.equal(startEngine(), engine);
  assert.equal(FakeWorker.made.length, 1);
  const [worker] = FakeWorker.made;
  assert.equal(worker.type, "module");
  assert.equal(worker.name, "screener");
  assert.match(worker.url, /\/docs\/assets\/screener\/worker\.mjs$/);
  assert.equal(engine.status, "loading");
  assert.equal(engine.stage, "downloading");
});

test("keeps what the worker said before the page connected, and hands it over in order", async () => {
  const engine = (await freshEngine())();
  const [worker] = FakeWorker.made;
  worker.say({ type: "progress", stage: "downloading", loaded: 10, total: 100 });
  worker.say({ type: "progress", stage: "starting", loaded: 100, total: 100 });
  worker.say(READY);
  assert.equal(engine.status, "ready");
  const events = connect(engine);
  assert.deepEqual(events.map((e) => [e.type, e.stage, e.stageChanged]),
                   [["progress", "downloading", false], ["progress", "starting", true], ["ready", undefined, undefined]]);
  assert.equal(events[2].message, READY);
  assert.deepEqual([engine.loaded, engine.total], [100, 100]);
});

test("sends one evaluation at a time, always with the newest answers, and drops stale results", async () => {
  const engine = (await freshEngine())();
  const [worker] = FakeWorker.made;
  const events = connect(engine);
  engine.evaluate({ age: 1 });
  assert.deepEqual(worker.sent, [], "nothing is sent before Python is ready");
  assert.equal(engine.busy, true);
  worker.say(READY);
  engine.evaluate({ age: 2 });
  assert.deepEqual(worker.sent, [{ type: "evaluate", id: 1, answers: { age: 2 }, lang: "en" }]);
  engine.evaluate({ age: 3 });
  engine.evaluate({ age: 4 }, "es");
  assert.equal(worker.sent.length, 1, "one in flight at a time");
  worker.say({ type: "result", id: 1, json: JSON.stringify({ ok: true, for: 2 }) });
  assert.deepEqual(events.filter((e) => e.type === "result"), [], "a result for old answers is not shown");
  assert.deepEqual(worker.sent[1], { type: "evaluate", id: 2, answers: { age: 4 }, lang: "es" },
                   "the page's language goes with each evaluation");
  worker.say({ type: "result", id: 2, json: JSON.stringify({ ok: true, for: 4 }) });
  assert.deepEqual(events.filter((e) => e.type === "result").map((e) => e.result), [{ ok: true, for: 4 }]);
  assert.equal(engine.busy, false);
});

test("a worker that cannot load fails with the download reason and is stopped", async () => {
  const engine = (await freshEngine())();
  const [worker] = FakeWorker.made;
  const events = connect(engine);
  let prevented = false;
  worker.onerror({ message: "boom", preventDefault: () => { prevented = true; } });
  assert.ok(prevented);
  assert.equal(engine.status, "failed");
  assert.equal(engine.failure.reason, "download");
  assert.equal(engine.unsupported, false);
  assert.ok(worker.terminated);
  assert.deepEqual(events.map((e) => e.type), ["failed"]);
});

test("the worker's own failure message is the failure shown", async () => {
  const engine = (await freshEngine())();
  const failure = { type: "failed", stage: "python", reason: "python", detail: "x" };
  FakeWorker.made[0].say(failure);
  assert.equal(engine.failure, failure);
  assert.equal(engine.status, "failed");
});

test("says it is slow after 30 seconds without progress, not before", async () => {
  const engine = (await freshEngine())();
  const events = connect(engine);
  mock.timers.tick(29000);
  FakeWorker.made[0].say({ type: "progress", stage: "downloading", loaded: 1, total: 10 });
  mock.timers.tick(29000);
  assert.equal(engine.slow, false);
  mock.timers.tick(1000);
  assert.equal(engine.slow, true);
  assert.deepEqual(events.map((e) => e.type), ["progress", "slow"]);
});

test("a browser without module workers is told so, and no worker is left running", async () => {
  FakeWorker.readsType = false;
  const engine = (await freshEngine())();
  assert.equal(engine.status, "failed");
  assert.equal(engine.failure.reason, "no_module_worker");
  assert.equal(engine.unsupported, true);
  assert.ok(FakeWorker.made[0].terminated);
});

test("a page opened from a file does not try to start Python", async () => {
  globalThis.location = { protocol: "file:" };
  const engine = (await freshEngine())();
  assert.equal(engine.failure.reason, "file");
  assert.equal(engine.unsupported, true);
  assert.equal(FakeWorker.made.length, 0);
});
