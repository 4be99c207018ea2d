// The language switch keeps where the reader is: the screener keeps its answers in the URL fragment, so the
// link to the same page in the other language takes the current fragment along. It is always a full page load
// (never Material's instant navigation), because the other language has its own <html lang>, search index and
// navigation. No text here: the link and its words come from the page (overrides/partials/alternate.html).
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("a[data-lang-switch]") : null;
  if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const url = new URL(link.href, location.href);
  if (location.hash) url.hash = location.hash;
  event.preventDefault();
  event.stopImmediatePropagation();
  location.assign(url.href);
}, true);
