// The site's service worker: after one visit, every page, the search and the screener (Pyodide runtime, our
// wheel, the form data) work with no network, and keep working after the site is updated.
//
// sitebuild/offline.py fills in the constants below at build time (this file in docs/ is the template):
//   BUILD_ID  a hash of every file of the built site, so a new deploy is a new worker with a new cache
//   MODE      "on", or "off" when offline is switched off (mkdocs.yml extra.offline: false, or SITE_OFFLINE=0):
//             then this worker only removes itself and its caches (a "kill switch" for browsers that have the
//             old one), and assets/offline.js registers nothing
//   RUNTIME   the Pyodide version: the name of the cache that holds the runtime
//   PRECACHE  [[url relative to this file, kind, first 16 hex digits of its SHA-256]] for every file the site
//             serves. Kinds: 0 pages, styles, scripts, data; 1 the screener's own Python package (wheel, zip);
//             2 the Pyodide runtime (about 13 MB, 6 MB compressed)
// Served unprocessed (for example by `mkdocs serve`), MODE is not "on" and the worker removes itself.
//
// Caches (all named "site-offline:<scope path>:..."):
//   <BUILD_ID>          this build's files of kinds 0 and 1: exactly one build, never a file of another
//                       (every file is checked against its hash before it is stored)
//   runtime:<RUNTIME>   the Pyodide runtime, kept across builds while its version stays the same
// Strategy: cache first for every file of this build, keyed by path (a query string such as Material's search
// highlight ?h= is ignored); anything else goes to the network untouched. Pages the site does not have get its
// 404 page with status 404, online (from the host) and offline (from the cache), in the address's language
// (es/404.html under es/).
//
// When what is stored: installing stores every file of kind 0 (under 1 MB compressed), so one visit to any page
// makes every page work offline. Kinds 1 and 2 are stored once the screener is opened (assets/offline.js sends
// "screener"; they also go into the caches as the screener fetches them through this worker): a person who only
// reads pages never downloads the Python runtime. A later build's worker, installing while the screener is
// stored, fetches the new package (small) at once and takes the runtime from the runtime cache, so the screener
// keeps working offline after an update.
//
// Updates without mixing builds: the first worker takes over at once. A later build's worker installs in the
// background and then waits: the open pages keep being served, consistently, by the build they came from.
// assets/offline.js then shows a quiet "updated: reload" notice; its button tells the waiting worker to take
// over ("activate"), and every open page reloads into the new build. Once no page of the old build is open, the
// browser also switches by itself. A file of this build that is not stored yet and that the host no longer has
// (the host now serves another build) is refused (HTTP 409) rather than mixed in, and the pages are told
// ("stale") so they can offer the reload.
const BUILD_ID = "dev";
const MODE = "off";
const RUNTIME = "";
const PRECACHE = [];

const PAGE = 0;
const PACKAGE = 1;
const RUNTIME_KIND = 2;
const SCOPE = new URL(self.registration.scope);
const PREFIX = `site-offline:${SCOPE.pathname}:`;
const CACHE = PREFIX + BUILD_ID;
const RUNTIME_CACHE = `${PREFIX}runtime:${RUNTIME}`;
const FALLBACK = "404.html";

// path relative to the scope, as in PRECACHE ("" for the home page, "ecm/" for ecm/index.html)
const relative = (url) => {
  const path = decodeURIComponent(new URL(url, SCOPE).pathname);
  if (!path.startsWith(SCOPE.pathname)) return null;
  const rel = path.slice(SCOPE.pathname.length);
  return rel === "index.html" ? "" : rel.endsWith("/index.html") ? rel.slice(0, -"index.html".length) : rel;
};
const ENTRIES = new Map(PRECACHE.map(([url, kind, sha]) => [url, { kind, sha }]));
const absolute = (rel) => new URL(rel, SCOPE).href;
const cacheName = (kind) => (kind === RUNTIME_KIND ? RUNTIME_CACHE : CACHE);

class StaleFile extends Error {}

async function sha16(buffer) {
  const digest = await crypto.subtle.digest("SHA-256", buffer);
  return Array.from(new Uint8Array(digest).slice(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
}

// A stored copy: the body as bytes (so it can be checked), without the "redirected" flag (a host that
// redirects x/index.html to x/ must not make a cached page unusable for navigation) or transfer headers.
function copy(body, response) {
  const headers = new Headers(response.headers);
  headers.delete("content-encoding");
  headers.delete("content-length");
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

// This build's file from the host, checked against its hash: a host that now serves another build gives a
// StaleFile instead of a file that would not match the rest of this build.
// "no-cache" revalidates with the host; a mismatch is tried once more with "reload", past the HTTP cache (a
// host may answer "not modified" for a file replaced within the same second).
async function fetchChecked(rel, entry) {
  for (const mode of ["no-cache", "reload"]) {
    const response = await fetch(new Request(absolute(rel), { cache: mode, credentials: "same-origin" }));
    if (!response.ok) throw new Error(`offline: ${rel}: HTTP ${response.status}`);
    const body = await response.arrayBuffer();
    if ((await sha16(body)) === entry.sha) return copy(body, response);
  }
  throw new StaleFile(`offline: ${rel} on the host is from another build`);
}

// The same file in another cache of this site (an older build's, or a runtime cache written by an older
// worker), if its bytes are the ones this build lists.
async function fromOtherCaches(rel, entry) {
  const url = absolute(rel);
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === cacheName(entry.kind)) continue;
    const hit = await caches.match(url, { cacheName: name });
    if (!hit) continue;
    const body = await hit.arrayBuffer();
    if ((await sha16(body)) === entry.sha) return copy(body, hit);
  }
  return null;
}

async function store(kinds) {
  const queue = PRECACHE.filter(([, kind]) => kinds.includes(kind));
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
      const [rel] = item;
      const entry = ENTRIES.get(rel);
      const cache = await caches.open(cacheName(entry.kind));
      if (await cache.match(absolute(rel))) continue;
      const response = (await fromOtherCaches(rel, entry)) || (await fetchChecked(rel, entry));
      await cache.put(absolute(rel), response);
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
}

// Whether the person has opened the screener with an earlier build (its runtime or package is stored).
async function screenerWasStored() {
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    if (name.startsWith(`${PREFIX}runtime:`)) return true;
    const keys = await (await caches.open(name)).keys();
    if (keys.some((request) => /\/pyodide\/|\.whl$/.test(new URL(request.url).pathname))) return true;
  }
  return false;
}

async function removeOldCaches(keepCurrent) {
  const names = await caches.keys();
  const keep = keepCurrent ? [CACHE, RUNTIME_CACHE] : [];
  await Promise.all(names.filter((n) => n.startsWith(PREFIX) && !keep.includes(n)).map((n) => caches.delete(n)));
  if (keepCurrent && names.includes(RUNTIME_CACHE)) {
    // the runtime cache keeps only this build's runtime files
    const cache = await caches.open(RUNTIME_CACHE);
    for (const request of await cache.keys()) {
      const entry = ENTRIES.get(relative(request.url));
      if (!entry || entry.kind !== RUNTIME_KIND) await cache.delete(request);
    }
  }
}

async function tellPages(message) {
  for (const client of await self.clients.matchAll({ type: "window" })) client.postMessage(message);
}

// The "page not found" page in the language of the address: the nearest 404.html of this build above it
// (es/404.html for es/..., the root's for the rest).
function fallbackFor(rel) {
  const folders = String(rel || "").split("/").slice(0, -1);
  for (let n = folders.length; n > 0; n--) {
    const candidate = `${folders.slice(0, n).join("/")}/${FALLBACK}`;
    if (ENTRIES.has(candidate)) return candidate;
  }
  return FALLBACK;
}

async function notFound(rel) {
  const page = await caches.match(absolute(fallbackFor(rel)), { cacheName: CACHE });
  if (!page) return null;
  return new Response(page.body, { status: 404, statusText: "Not Found", headers: page.headers });
}

async function fromCache(request, rel, entry) {
  const name = cacheName(entry.kind);
  const hit = await caches.match(absolute(rel), { cacheName: name });
  if (hit) return hit;
  try {
    if (entry.kind === RUNTIME_KIND) {
      // versioned files: the host's copy is this build's; passed on as it streams (WebAssembly compiles
      // while it downloads), a copy stored
      const response = await fetch(request);
      if (response.ok && response.type === "basic") {
        const stored = response.clone();
        caches.open(name).then((cache) => cache.put(absolute(rel), stored)).catch(() => {});
      }
      return response;
    }
    const response = await fetchChecked(rel, entry);
    await (await caches.open(name)).put(absolute(rel), response.clone());
    return response;
  } catch (error) {
    if (error instanceof StaleFile) {
      self.registration.update().catch(() => {});
      tellPages({ type: "stale", build: BUILD_ID, file: rel });
      return new Response("", { status: 409, statusText: "Conflict: the site was updated" });
    }
    if (request.mode === "navigate") {
      const fallback = await notFound(rel);
      if (fallback) return fallback;
    }
    throw error;
  }
}

async function networkThenNotFound(request, rel) {
  try {
    return await fetch(request);
  } catch (error) {
    const fallback = await notFound(rel);
    if (fallback) return fallback;
    throw error;
  }
}

if (MODE === "on") {
  self.addEventListener("install", (event) => {
    event.waitUntil((async () => {
      await store([PAGE]);
      if (await screenerWasStored()) {
        // the person uses the screener: have this build's package (and runtime) ready before taking over
        await store([PACKAGE, RUNTIME_KIND]).catch((error) => console.warn("offline: screener not stored", error));
      }
      if (!self.registration.active) await self.skipWaiting(); // the first worker: no open page to keep
    })());
  });
  self.addEventListener("activate", (event) => {
    event.waitUntil(removeOldCaches(true).then(() => self.clients.claim()));
  });
  self.addEventListener("fetch", (event) => {
    const request = event.request;
    if (request.method !== "GET" || request.headers.has("range")) return;
    const url = new URL(request.url);
    if (url.origin !== SCOPE.origin) return;
    const rel = relative(url);
    const entry = rel === null ? undefined : ENTRIES.get(rel);
    if (entry) {
      event.respondWith(fromCache(request, rel, entry));
    } else if (request.mode === "navigate") {
      event.respondWith(networkThenNotFound(request, rel));
    }
  });
  let screenerStored = null;
  self.addEventListener("message", (event) => {
    const type = event.data && event.data.type;
    if (type === "screener") {
      // the screener was opened: keep its runtime for offline use (once per worker; retried if it failed)
      screenerStored = screenerStored || store([PACKAGE, RUNTIME_KIND]).catch((error) => {
        screenerStored = null;
        throw error;
      });
      event.waitUntil(screenerStored.then(() => event.source?.postMessage({ type: "screener-stored", build: BUILD_ID })));
    } else if (type === "activate") {
      // the person asked for the new version (the update notice's button)
      event.waitUntil(self.skipWaiting());
    } else if (type === "build") {
      event.source?.postMessage({ type: "build", build: BUILD_ID });
    }
  });
} else {
  // Offline is switched off: take over, delete every cache this site made, unregister, reload open pages so
  // they come from the network again.
  self.addEventListener("install", () => self.skipWaiting());
  self.addEventListener("activate", (event) => {
    event.waitUntil((async () => {
      await removeOldCaches(false);
      await self.registration.unregister();
      const windows = await self.clients.matchAll({ type: "window" });
      await Promise.all(windows.map((client) => client.navigate(client.url).catch(() => null)));
    })());
  });
}
