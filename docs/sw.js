// The site's service worker: after one visit, every page, the search and the screener (Pyodide runtime, our
// wheel, the form data) work with no network.
//
// sitebuild/offline.py fills in the three constants below at build time (this file in docs/ is the template):
//   BUILD_ID  a hash of every file of the built site, so a new deploy is a new worker with a new cache
//   MODE      "on", or "off" when offline is switched off (mkdocs.yml extra.offline: false, or SITE_OFFLINE=0):
//             then this worker only removes itself and its caches (a "kill switch" for browsers that have the
//             old one), and assets/offline.js registers nothing
//   PRECACHE  [[url relative to this file, 1 if large]] for every file the site serves; "large" is the screener's
//             Python runtime and wheel (about 13 MB, 6 MB compressed)
// Served unprocessed (for example by `mkdocs serve`), MODE is not "on" and the worker removes itself.
//
// Strategy: cache first for every file of this build, keyed by path (a query string such as Material's
// search highlight ?h= is ignored); anything else goes to the network untouched. The cache holds exactly one
// build; activating a new build deletes the caches of older ones.
// What is stored when: installing stores every page, style, script, the search index and the data (under 1 MB
// compressed), so one visit to any page makes every page work offline. The large files are stored only once
// the screener is opened (assets/offline.js sends "screener"; they also go into the cache as the screener
// fetches them through this worker): a person who only reads pages never downloads the Python runtime.
const BUILD_ID = "dev";
const MODE = "off";
const PRECACHE = [];

const SCOPE = new URL(self.registration.scope);
const PREFIX = `site-offline:${SCOPE.pathname}:`;
const CACHE = PREFIX + BUILD_ID;
const FALLBACK = "404.html";

// path relative to the scope, as in PRECACHE ("" for the home page, "ecm/" for ecm/index.html)
const relative = (url) => {
  const path = decodeURIComponent(new URL(url, SCOPE).pathname);
  if (!path.startsWith(SCOPE.pathname)) return null;
  const rel = path.slice(SCOPE.pathname.length);
  return rel === "index.html" ? "" : rel.endsWith("/index.html") ? rel.slice(0, -"index.html".length) : rel;
};
const KNOWN = new Map(PRECACHE.map(([url, large]) => [url, Boolean(large)]));
const absolute = (rel) => new URL(rel, SCOPE).href;

// A copy without the "redirected" flag: a host that redirects (x/index.html -> x/) must not make a cached
// page unusable for navigation.
async function clean(response) {
  if (!response.redirected) return response;
  return new Response(await response.blob(), {
    status: response.status, statusText: response.statusText, headers: response.headers,
  });
}

async function precache(large) {
  const cache = await caches.open(CACHE);
  const queue = PRECACHE.filter(([, big]) => Boolean(big) === large).map(([url]) => url);
  const worker = async () => {
    for (let rel = queue.shift(); rel !== undefined; rel = queue.shift()) {
      if (await cache.match(absolute(rel))) continue;
      // no-cache: revalidate with the host, so a stale copy in the HTTP cache never enters this build's cache
      const response = await fetch(new Request(absolute(rel), { cache: "no-cache", credentials: "same-origin" }));
      if (!response.ok) throw new Error(`offline: ${rel}: HTTP ${response.status}`);
      await cache.put(absolute(rel), await clean(response));
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
}

async function removeOldCaches(keepCurrent) {
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith(PREFIX) && !(keepCurrent && n === CACHE))
    .map((n) => caches.delete(n)));
}

async function fromCache(request, rel) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(absolute(rel));
  if (hit) return hit;
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic" && !request.headers.has("range")) {
      await cache.put(absolute(rel), await clean(response.clone()));
    }
    return response;
  } catch (error) {
    if (request.mode === "navigate") {
      const fallback = await cache.match(absolute(FALLBACK));
      if (fallback) return fallback;
    }
    throw error;
  }
}

async function networkThenFallback(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const fallback = await (await caches.open(CACHE)).match(absolute(FALLBACK));
    if (fallback) return fallback;
    throw error;
  }
}

if (MODE === "on") {
  self.addEventListener("install", (event) => {
    event.waitUntil(precache(false).then(() => self.skipWaiting()));
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
    if (rel !== null && KNOWN.has(rel)) {
      event.respondWith(fromCache(request, rel));
    } else if (request.mode === "navigate") {
      event.respondWith(networkThenFallback(request));
    }
  });
  let screenerStored = null;
  self.addEventListener("message", (event) => {
    const type = event.data && event.data.type;
    if (type === "screener") {
      // the screener was opened: keep its runtime for offline use (once per worker; retried if it failed)
      screenerStored = screenerStored || precache(true).catch((error) => {
        screenerStored = null;
        throw error;
      });
      event.waitUntil(screenerStored.then(() => event.source?.postMessage({ type: "screener-stored", build: BUILD_ID })));
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
