// Registers the site's service worker (sw.js at the site root), so the site works offline after one visit.
// When offline is switched off at build time (mkdocs.yml extra.offline: false, or SITE_OFFLINE=0),
// sitebuild/offline.py sets MODE to "off": then this removes any worker and cache an earlier build left.
// Loaded on every page (mkdocs.yml extra_javascript); it never runs again on Material's instant navigation,
// and does not need to.
(function () {
  var MODE = "off";
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  var script = document.currentScript;
  var root = new URL("../", script ? script.src : location.href); // this file is <root>/assets/offline.js
  var sw = new URL("sw.js", root).href;

  if (MODE === "on") {
    var register = function () {
      navigator.serviceWorker.register(sw, { scope: root.pathname }).catch(function (error) {
        console.warn("offline: the service worker could not be registered", error);
      });
    };
    // After the page has loaded, so the worker's downloads never compete with the page the person asked for.
    if (document.readyState === "complete") register();
    else window.addEventListener("load", register, { once: true });
    // On the screener page (also when reached by Material's instant navigation), ask the worker to keep the
    // screener's Python runtime too. Pages without the screener never cause that download.
    var screenerOpened = function () {
      if (!document.querySelector("[data-screener]")) return;
      navigator.serviceWorker.ready.then(function (registration) {
        if (registration.active) registration.active.postMessage({ type: "screener" });
      });
    };
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(screenerOpened);
    else screenerOpened();
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
