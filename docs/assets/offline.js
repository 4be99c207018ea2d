// Registers the site's service worker (sw.js at the site root), so the site works offline after one visit, and
// shows a quiet notice when a newer version of the site is ready (see sw.js: a new build's worker waits until the
// person reloads, so a page never mixes two builds).
// When offline is switched off at build time (mkdocs.yml extra.offline: false, or SITE_OFFLINE=0),
// sitebuild/offline.py sets MODE to "off": then this removes any worker and cache an earlier build left.
// TEXT holds the notice's words per language, from content/ui.yaml, and UP the way from this language's site up
// to the site root (filled in by sitebuild/offline.py in every language's copy).
// Loaded on every page (mkdocs.yml extra_javascript), once per page load.
(function () {
  var MODE = "off";
  var TEXT = {};
  // From this language's site to the whole site's root, where sw.js is: "" for English, "../" for es/.
  var UP = "";
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  var script = document.currentScript;
  // this file is <language root>/assets/offline.js; one worker, at the site root, serves every language
  var root = new URL("../" + UP, script ? script.src : location.href);
  var sw = new URL("sw.js", root).href;

  if (MODE === "on") {
    var container = navigator.serviceWorker;
    var hadController = Boolean(container.controller);
    var reloading = false;
    var registration = null;

    // The notice: a polite live region that exists from the start (so screen readers announce what is put in
    // it), holding one sentence and a real button.
    var notice = null;
    var words = function () {
      var lang = (document.documentElement.lang || "en").toLowerCase();
      return TEXT[lang] || TEXT[lang.split("-")[0]] || TEXT.en || null;
    };
    var region = function () {
      if (notice && document.body.contains(notice)) return notice;
      notice = document.createElement("div");
      notice.className = "site-update";
      notice.setAttribute("role", "status");
      notice.setAttribute("aria-live", "polite");
      notice.hidden = true;
      document.body.appendChild(notice);
      return notice;
    };
    var showNotice = function () {
      var text = words();
      var box = region();
      if (!text || !box.hidden) return;
      var sentence = document.createElement("span");
      sentence.textContent = text.ready;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "site-update__reload";
      button.textContent = text.reload;
      button.addEventListener("click", update);
      box.hidden = false;
      box.append(sentence, " ", button);
    };
    // The button: the waiting worker takes over; every open page then reloads (controllerchange below).
    var update = function () {
      var waiting = registration && (registration.waiting || registration.installing);
      if (!waiting) {
        reloading = true;
        location.reload();
        return;
      }
      if (waiting.state === "installed") waiting.postMessage({ type: "activate" });
      else waiting.addEventListener("statechange", function () {
        if (waiting.state === "installed") waiting.postMessage({ type: "activate" });
      });
    };
    var watch = function (reg) {
      registration = reg;
      var noticeWhenInstalled = function (worker) {
        if (!worker) return;
        if (worker.state === "installed") showNotice();
        else worker.addEventListener("statechange", function () {
          if (worker.state === "installed" && container.controller) showNotice();
        });
      };
      if (reg.waiting && container.controller) showNotice();
      if (reg.installing && container.controller) noticeWhenInstalled(reg.installing);
      reg.addEventListener("updatefound", function () {
        if (container.controller) noticeWhenInstalled(reg.installing);
      });
    };
    container.addEventListener("controllerchange", function () {
      // A new build took over (this page's button or another tab's): reload into it, so this page is all one
      // build. The first worker taking over a page that came from the network is no change: no reload.
      if (hadController && !reloading) {
        reloading = true;
        location.reload();
      }
      hadController = true;
    });
    container.addEventListener("message", function (event) {
      // the worker refused a file the host now has from a newer build: offer the reload
      if (event.data && event.data.type === "stale") showNotice();
    });

    var register = function () {
      region();
      container.register(sw, { scope: root.pathname }).then(watch).catch(function (error) {
        console.warn("offline: the service worker could not be registered", error);
      });
    };
    // After the page has loaded, so the worker's downloads never compete with the page the person asked for. On
    // the screener page, also after the screener has started (or failed): installing stores every page of the
    // site, about 2.4 MB, which on a slow connection would share it with Python's runtime (3.5 MB). The Python
    // worker's own downloads do not hold the page's load event, so that alone is not enough there.
    var afterScreener = function (then) {
      var box = document.querySelector("[data-screener]");
      var settled = function () { return !box || /^(ready|failed)$/.test(box.dataset.engine || ""); };
      if (settled()) return then();
      var observer = new MutationObserver(function () {
        if (!settled()) return;
        observer.disconnect();
        then();
      });
      observer.observe(box, { attributes: true, attributeFilter: ["data-engine"] });
    };
    var start = function () { afterScreener(register); };
    if (document.readyState === "complete") start();
    else window.addEventListener("load", start, { once: true });
    // On the screener page, ask the worker to keep the screener's Python runtime too. Pages without the screener
    // never cause that download.
    var pageShown = function () {
      if (notice && !document.body.contains(notice)) document.body.appendChild(notice);
      if (!document.querySelector("[data-screener]")) return;
      container.ready.then(function (reg) {
        if (reg.active) reg.active.postMessage({ type: "screener" });
      });
    };
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(pageShown);
    else pageShown();
    return;
  }
  navigator.serviceWorker.getRegistrations().then(function (registrations) {
    registrations.forEach(function (registration) {
      if (registration.scope === root.href) registration.unregister();
    });
  });
  if (window.caches) {
    var prefix = "site-offline:" + root.pathname + ":";
    caches.keys().then(function (names) {
      names.forEach(function (name) { if (name.indexOf(prefix) === 0) caches.delete(name); });
    });
  }
})();
