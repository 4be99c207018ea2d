// The header's language switch (overrides/partials/alternate.html) leads to the page being shown, in the other
// language, with the address's fragment: on the screener the fragment holds the answers (README, "The screener
// link"), so switching language keeps them.
//
// The page's hreflang link in <head> (overrides/main.html) is the one source of "this page in that language";
// this copies it, plus the current fragment, into the switch: at load and whenever the fragment changes
// (hashchange, and "site:fragment", which the screener and the matrix send after they rewrite the fragment with
// history.replaceState, which fires no event).
// No words here: the link's text and title come from content (ui.yaml language.name, language.this_page).
const SWITCH = "a[data-lang-switch]";

function target(link) {
  const lang = link.getAttribute("hreflang");
  const alternate = [...document.head.querySelectorAll('link[rel="alternate"][hreflang]')]
    .find((el) => el.getAttribute("hreflang") === lang);
  // The "page not found" page has no hreflang links: its switch already names the other language's one.
  const page = (alternate ? alternate.href : link.href).split("#")[0];
  return page + location.hash;
}

function update() {
  for (const link of document.querySelectorAll(SWITCH)) {
    const href = target(link);
    if (link.href !== href) link.href = href;
  }
}

update();
window.addEventListener("hashchange", update);
document.addEventListener("site:fragment", update);
if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(update);
