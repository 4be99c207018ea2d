// The answers in the page's address: the fragment (never sent to any server), so a reload, a bookmark or a copied
// link brings the same answers back (link.js writes the format). replaceState: answering does not fill the Back
// button's history.
//
// The address follows once the answers settle, DELAY_MS after the last change, not at every change: each
// replaceState is work in the browser's own process (its session history), which on a phone's few cores competes
// with the worker computing the results (on the bench, about 10 ms of CPU per answer; answer -> results median
// 21 -> 10 ms). Whatever reads or leaves the address gets the pending answers first: "Copy link" and "Start over"
// (writeAddressNow), a click on any link (the language switch carries the fragment), and the page being hidden
// or left.
import { writeFragment } from "./link.js";
import { state } from "./state.js";

const DELAY_MS = 500;
let timer = null; // set while answers are waiting to go into the address

// The answers changed: they go into the address once they settle.
export function keepInAddress() {
  clearTimeout(timer);
  timer = setTimeout(writeAddressNow, DELAY_MS);
}

export function writeAddressNow() {
  clearTimeout(timer);
  timer = null;
  const fragment = writeFragment(state.flow.answers, state.questions);
  const url = location.pathname + location.search + (fragment ? `#${fragment}` : "");
  if (url === location.pathname + location.search + location.hash) return;
  history.replaceState(history.state, "", url);
  document.dispatchEvent(new Event("site:fragment")); // the header's language switch keeps the answers (lang-switch.js)
}

function writePending() {
  if (timer !== null) writeAddressNow();
}

let listening = false;
// Once per page: pending answers go into the address before anything leaves the page or follows a link.
export function writeBeforeLeaving() {
  if (listening) return;
  listening = true;
  document.addEventListener("click", (event) => event.target.closest && event.target.closest("a[href]") && writePending(),
                            true); // capture: before the link's own handlers and its navigation
  window.addEventListener("pagehide", writePending);
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && writePending());
}
