"""Helpers shared by the privacy, accessibility and offline tests: watching for CSP violations, and one
screener journey driven through the page's own form (mouse or keyboard), as a person would.

The journey answers the questions it knows (ANSWERS) wherever they appear, passes over the rest with the
step's Next button, and stops when the screener says every question is done (or after a bounded number of
steps). The page marks its results container `data-busy="0"` once results match the answers.
"""
import re

SCREENER_PATH = "/screener/"
ROOT_SEL = "[data-screener]"

# A person in Contra Costa, unsheltered, with an ER visit history: enough to get definite results.
ANSWERS = {
    "filling_in": "member",  # the first question: whose next steps to show
    "age": 47,
    "plan": "cchp",
    "county": "contra_costa",
    "enrolled_programs": [],
    "housing": ["unsheltered"],
    "formerly_homeless": "no",
    "complex_need": True,
    "hospital_or_er_12mo": True,  # the gate in front of the visit counts: yes, so the count is asked
    "ed_visits_6mo": 3,
}
# Values that would show an answer was kept somewhere (storage, cookies, URLs).
ANSWER_MARKERS = ("contra_costa", "unsheltered", "cchp", "ed_visits_6mo", "enrolled_programs")

# Installed before any page script: records every CSP violation the document reports.
CSP_RECORDER = """
(() => {
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    window.__cspViolations.push({directive: e.violatedDirective, blocked: e.blockedURI, line: e.lineNumber,
                                 source: e.sourceFile, sample: e.sample, page: location.href});
  });
})();
"""


class ConsoleWatch:
    """Console errors and CSP messages from the page and its workers."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on("worker", lambda worker: worker.on("console", self._on_console)
                if hasattr(worker, "on") else None)

    def _on_console(self, message):
        if message.type == "error" or "content security policy" in message.text.lower():
            self.errors.append(f"{message.type}: {message.text}")

    def csp(self) -> list[str]:
        return [e for e in self.errors
                if "content security policy" in e.lower() or "content-security-policy" in e.lower()]


def violations(page) -> list:
    try:
        return page.evaluate("window.__cspViolations || []")
    except Exception:  # the page is navigating
        return []


def wait_ready(page, timeout=90_000):
    """Wait until the screener has mounted and Python answers (results match the answers)."""
    page.wait_for_selector(f'{ROOT_SEL}[data-screener-mounted="yes"]', timeout=timeout)
    wait_idle(page, timeout)


def wait_idle(page, timeout=60_000):
    page.wait_for_function(
        """() => { const r = document.querySelector('[data-screener]');
                   return r && r.dataset.busy === '0' && r.querySelector('.scr-results__body')
                          && r.querySelector('.scr-results__body').children.length > 0; }""",
        timeout=timeout)


def failed(page) -> str | None:
    el = page.query_selector(".scr-failed")
    return el.inner_text() if el else None


def _question(page, qid):
    return page.locator(f'.scr-step .scr-q[data-qid="{qid}"]')


def _answered(page, qid) -> bool:
    return page.evaluate(
        """(qid) => { const q = document.querySelector(`.scr-step .scr-q[data-qid="${qid}"]`);
                      if (!q) return true;
                      if (q.querySelector('input[type=text]')) return q.querySelector('input').value !== '';
                      if (q.querySelector('select')) return q.querySelector('select').value !== '';
                      return !!q.querySelector('input:checked'); }""", qid)


def answer_with_mouse(page, qid, value):
    q = _question(page, qid)
    kind = q.get_attribute("data-type")
    if kind == "integer":
        q.locator("input").fill(str(value))
    elif q.locator("select").count():
        q.locator("select").select_option(str(value))
    elif kind == "boolean":
        q.locator(f'input[value="{"yes" if value else "no"}"]').check()
    elif kind == "multichoice":
        if not value:
            q.locator("input.scr-none").check()
        for v in value:
            q.locator(f'input[value="{v}"]').check()
    else:
        q.locator(f'input[value="{value}"]').check()


def run_journey(page, answer=answer_with_mouse, on_step=None, max_steps=40) -> int:
    """Answer what ANSWERS knows on every step, press Next to pass the rest, until the screener says all is
    done. Returns the number of steps. on_step(page, n) runs on every step (an accessibility scan, say)."""
    steps = 0
    while steps < max_steps:
        progress = True
        while progress:
            progress = False
            for qid in page.eval_on_selector_all(".scr-step .scr-q", "els => els.map(e => e.dataset.qid)"):
                if qid in ANSWERS and not _answered(page, qid):
                    answer(page, qid, ANSWERS[qid])
                    page.wait_for_timeout(50)
                    progress = True
                    break
        wait_idle(page)
        if on_step:
            on_step(page, steps)
        steps += 1
        if not page.locator(".scr-step .scr-next").count():
            break
        next_button = page.locator(".scr-step .scr-next")
        if answer is answer_with_mouse:
            next_button.click()
        else:
            press_next_by_keyboard(page)
        page.wait_for_timeout(50)
    wait_idle(page)
    return steps


# ---- keyboard only ------------------------------------------------------------------------------------------

def _active(page) -> dict:
    return page.evaluate(
        """() => { const a = document.activeElement; if (!a) return {};
                   const q = a.closest && a.closest('.scr-q');
                   return {tag: a.tagName.toLowerCase(), type: a.type || '', value: a.value || '',
                           checked: !!a.checked, cls: a.className || '', qid: q ? q.dataset.qid : null,
                           id: a.id || '', text: (a.innerText || '').trim().slice(0, 60)}; }""")


def tab_to(page, predicate, limit=200, backwards=False) -> dict:
    """Press Tab (or Shift+Tab) until the focused element satisfies predicate; fail after limit presses (the
    site navigation before the form lists every page, a plan page each too)."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        info = _active(page)
        if predicate(info):
            return info
    raise AssertionError(f"keyboard: never reached the wanted element in {limit} presses (last: {_active(page)})")


def answer_with_keyboard(page, qid, value):
    q = _question(page, qid)
    kind = q.get_attribute("data-type")
    info = tab_to(page, lambda a: a.get("qid") == qid)
    if kind == "integer":
        # Digits are typed: a number field takes keys, as it would from any keyboard user.
        page.keyboard.type(str(value))
    elif info["tag"] == "select":
        options = q.locator("select option").evaluate_all("os => os.map(o => o.value)")
        target = options.index(str(value))
        current = options.index(info["value"]) if info["value"] in options else 0
        for _ in range(abs(target - current)):
            page.keyboard.press("ArrowDown" if target > current else "ArrowUp")
    elif kind == "multichoice":
        wanted = [str(v) for v in value] if value else [""]
        # Checkboxes: Tab through them, Space on the wanted ones.
        for _ in range(40):
            a = _active(page)
            if a.get("qid") != qid:
                break
            if a["type"] == "checkbox" and a["value"] in wanted and not a["checked"]:
                page.keyboard.press("Space")
                page.wait_for_timeout(30)
                if all(_checked(page, qid, v) for v in wanted):
                    break
            page.keyboard.press("Tab")
    else:
        # A radio group: the arrow keys move the choice; Space selects the focused radio when none is set.
        wanted = ("yes" if value else "no") if kind == "boolean" else str(value)
        if not info["checked"]:
            page.keyboard.press("Space")
        for _ in range(40):
            a = _active(page)
            if a["value"] == wanted and a["checked"]:
                break
            page.keyboard.press("ArrowDown")
            page.wait_for_timeout(20)
    page.wait_for_timeout(50)


def _checked(page, qid, value) -> bool:
    return page.evaluate(
        """([qid, v]) => { const i = document.querySelector(
              `.scr-q[data-qid="${qid}"] input[value="${v}"]`); return !!(i && i.checked); }""", [qid, value])


def press_next_by_keyboard(page):
    tab_to(page, lambda a: "scr-next" in a.get("cls", ""))
    page.keyboard.press("Enter")


def same_host(url: str, base: str) -> bool:
    return url.startswith(base) or bool(re.match(r"^(data|blob|about|chrome-extension):", url))


# ---- a server that sends the headers of the built _headers file, as Netlify or Cloudflare Pages would ---------

def serve_with_headers(site_dir):
    """A server for site_dir that also sends the headers of its _headers file. Returns (server, base_url)."""
    from sitebuild.serve import start_in_background

    return start_in_background(site_dir, with_headers_file=True)
