"""The screener page, used the way a person uses it, in Debian's Chromium.

Each journey answers questions through the form (labels, radios, checkboxes, the county list, "Next",
"Change"), then asserts what the page shows. Every journey also checks that the browser (Pyodide, Python 3.14)
gives exactly the statuses `screener.evaluate` gives on this CPython for the same answers, and that the page
asked nothing of any other host. Waiting is Playwright's auto-waiting on what the page shows (plus the
container's data-busy flag, "1" while results are behind the answers); there are no sleeps.
"""
import functools
import json
import re
import threading

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

START_TIMEOUT = 90_000  # a cold Pyodide start on a slow, busy CI machine
PATH = "/screener/"


# --------------------------------------------------------------------------------------------------- helpers

@pytest.fixture(scope="module")
def form(built_site):
    return json.loads((built_site / "screener" / "form.json").read_text(encoding="utf-8"))


class Screener:
    """The screener page as a person sees it: questions by what they say, results by what they show."""

    def __init__(self, page: Page, form: dict):
        self.page = page
        self.ui = form["ui"]
        self.questions = {q["id"]: q for q in form["questions"]}
        self.answers: dict = {}
        self.root = page.locator("[data-screener]")

    # -- getting there
    def open(self, site_url: str):
        self.page.goto(site_url + PATH)
        return self

    def wait_ready(self):
        expect(self.page.locator(".scr-ready")).to_have_text(self.ui["screener.loading.ready"],
                                                             timeout=START_TIMEOUT)
        self.settle()
        return self

    def settle(self):
        """Results have caught up with the answers."""
        expect(self.root).to_have_attribute("data-busy", "0", timeout=START_TIMEOUT)

    # -- answering
    def step_question(self, qid):
        return self.page.locator(f'.scr-step .scr-q[data-qid="{qid}"]')

    def summary_row(self, qid):
        return self.page.locator(f'.scr-summary .scr-answer[data-qid="{qid}"]')

    def answer(self, qid: str, value, settle: bool = True, if_asked: bool = False):
        """Answer a question where it is on screen: in the current step, or (if it was passed or answered
        before) through its "Change" button; otherwise press "Next" until the form asks it. if_asked: a
        question the form never asks (it cannot change any result any more) is left unanswered. A question
        behind a gate (content's `gate`) is reached as a person reaches it: the gate answered yes first."""
        gate = self.questions[qid].get("gate")
        if gate and gate not in self.answers and gate != qid:
            self.answer(gate, True, settle=settle, if_asked=True)
        for _ in range(len(self.questions) + 1):
            if self.step_question(qid).count():
                self._fill(self.step_question(qid), qid, value)
                break
            row = self.summary_row(qid)
            if row.count():
                row.get_by_role("button", name=re.compile(re.escape(self.ui["screener.form.change"]))).click()
                self._fill(self.page.locator(f'.scr-summary .scr-q[data-qid="{qid}"]'), qid, value)
                self.page.get_by_role("button", name=self.ui["screener.form.done"], exact=True).click()
                break
            next_button = self.page.locator(".scr-step .scr-next")
            if not next_button.count() and if_asked:
                return
            assert next_button.count(), f"the form never asked {qid!r}"
            next_button.click()
        else:
            raise AssertionError(f"the form never asked {qid!r}")
        self.answers[qid] = value
        if settle:
            self.settle()

    def _fill(self, box, qid, value):
        q = self.questions[qid]
        kind = q["type"]
        if kind == "integer":
            box.get_by_label(q["label"], exact=True).fill(str(value))
        elif kind == "boolean":
            name = self.ui["screener.answer.yes"] if value else self.ui["screener.answer.no"]
            box.get_by_role("radio", name=name, exact=True).check()
        elif kind == "choice":
            label = next(o["label"] for o in q["options"] if o["value"] == value)
            select = box.get_by_role("combobox")
            if select.count():
                select.select_option(label=label)
            else:
                box.get_by_role("radio", name=label, exact=True).check()
        elif kind == "multichoice":
            if not value:
                box.get_by_role("checkbox", name=self.ui["screener.answer.none"], exact=True).check()
            for item in value:
                label = next(o["label"] for o in q["options"] if o["value"] == item)
                box.get_by_role("checkbox", name=label, exact=True).check()
        else:  # pragma: no cover
            raise AssertionError(kind)

    def answer_all(self, answers: dict, if_asked: bool = False):
        for qid, value in answers.items():
            self.answer(qid, value, if_asked=if_asked)

    # -- results
    def card(self, program_id):
        return self.page.locator(f'.scr-results .scr-card[data-program="{program_id}"]')

    def expect_status(self, program_id, status):
        card = self.card(program_id)
        expect(card).to_have_attribute("data-status", status)
        expect(card.locator(".scr-card__status .scr-badge")).to_have_text(self.ui[f"status.{status}"])

    def open_reasons(self, program_id):
        summary = self.card(program_id).locator(".scr-why > summary")
        expect(summary).to_contain_text(self.ui["screener.text.reasons"])
        summary.click()

    def shown_statuses(self) -> dict:
        return self.page.eval_on_selector_all(
            ".scr-results .scr-card[data-program]",
            "els => Object.fromEntries(els.map(e => [e.dataset.program, e.dataset.status]))")

    def expect_same_as_cpython(self):
        """Every program's status in the browser equals screener.evaluate() on CPython, same answers, same day."""
        import screener

        self.settle()
        as_of = self.page.locator(".scr-results__body").get_attribute("data-as-of")
        expected = screener.evaluate(dict(self.answers), today=as_of)
        assert expected["ok"], expected["errors"]
        assert self.shown_statuses() == {p["id"]: p["status"] for p in expected["programs"]}


@pytest.fixture
def screener_page(page, form, site_url, external_requests):
    s = Screener(page, form).open(site_url).wait_ready()
    yield s
    assert external_requests == [], f"requests to other hosts: {external_requests}"


BASICS = {"filling_in": "provider", "age": 30, "plan": "kp", "county": "alameda", "enrolled_programs": []}


# -------------------------------------------------------------------------------------------------- journeys

def test_homeless_adult_with_a_complex_need_is_likely_eligible_for_ecm(screener_page: Screener):
    s = screener_page
    s.answer_all({**BASICS, "housing": ["unsheltered"], "complex_need": True})
    s.expect_status("ecm", "likely_eligible")
    ecm = s.card("ecm")
    # the reasons are one click away, with their sources
    reasons = ecm.locator(".scr-why .scr-reasons")
    expect(reasons).to_be_hidden()
    s.open_reasons("ecm")
    expect(reasons.locator(".scr-reason--met").first).to_be_visible()
    expect(ecm.locator('.scr-populations li[data-population="homelessness"]')).to_be_visible()
    # next steps: the plan's line for the person's region, with a tel: link, TTY and hours
    steps = s.page.locator(".scr-next-steps")
    expect(steps.locator('a[href^="tel:"]').first).to_be_visible()
    expect(steps.get_by_text(s.ui["screener.steps.tty"], exact=False).first).to_be_visible()
    expect(steps.locator(".scr-contact__hours").first).to_be_visible()
    # a provider (BASICS) gets a referral email with the plan's subject line filled in
    mailto = steps.locator('a[href^="mailto:"][href*="subject="]').first
    expect(mailto).to_be_visible()
    # every link is the core's own: the same tel: (TTY too) and mailto: links screener.next_steps gives
    s.settle()
    import screener

    core = screener.evaluate(dict(s.answers), today=s.page.locator(".scr-results__body").get_attribute("data-as-of"))
    expected = {p["tel"] for step in core["next_steps"] for p in step["phones"]}
    expected |= {step["tty_tel"] for step in core["next_steps"] if step["tty"]}
    expected |= {step["mailto"] for step in core["next_steps"] if step["email"]}
    shown = set(steps.locator('a[href^="tel:"], a[href^="mailto:"]').evaluate_all("els => els.map(a => a.getAttribute('href'))"))
    assert shown == expected
    expect(s.page.locator(".scr-results .scr-not-decision")).to_have_text(s.ui["screener.not_a_decision"])
    s.expect_same_as_cpython()


def test_adult_with_five_emergency_visits_in_six_months(screener_page: Screener):
    s = screener_page
    s.answer_all({**BASICS, "age": 45, "ed_visits_6mo": 5})
    s.expect_status("ecm", "likely_eligible")
    expect(s.card("ecm").locator('.scr-populations li[data-population="avoidable_utilization"]')).to_be_attached()
    s.expect_same_as_cpython()


def test_youth_aged_20_versus_adult_aged_21_with_three_emergency_visits(screener_page: Screener):
    s = screener_page
    s.answer_all({**BASICS, "age": 20, "ed_visits_12mo": 3})
    s.expect_status("ecm", "likely_eligible")
    s.expect_same_as_cpython()

    # The same person a year older: the adult rules count 6 months, and 3 visits are not enough.
    s.answer("age", 21)
    s.answer("ed_visits_6mo", 3)
    s.answer("hospital_stays_6mo", 0)
    s.expect_status("ecm", "cant_tell")
    expect(s.card("ecm").locator('.scr-populations li[data-population="avoidable_utilization"]')).to_have_count(0)
    s.expect_same_as_cpython()


def test_former_foster_youth_aged_24(screener_page: Screener):
    s = screener_page
    s.answer_all({**BASICS, "age": 24, "foster_care": ["aged_out"]})
    s.expect_status("ecm", "likely_eligible")
    expect(s.card("ecm").locator('.scr-populations li[data-population="child_welfare"]')).to_be_attached()
    s.expect_same_as_cpython()


def test_pregnant_member_in_a_birth_equity_group(screener_page: Screener):
    s = screener_page
    s.answer_all({**BASICS, "pregnancy": "pregnant", "race_ethnicity": ["black"]})
    s.expect_status("ecm", "likely_eligible")
    expect(s.card("ecm").locator('.scr-populations li[data-population="birth_equity"]')).to_be_attached()
    s.expect_same_as_cpython()


def test_member_in_hospice_is_not_eligible_for_ecm(screener_page: Screener):
    s = screener_page
    s.answer_all({**BASICS, "age": 70, "enrolled_programs": ["hospice"]})
    s.expect_status("ecm", "not_eligible")
    ecm = s.card("ecm")
    s.open_reasons("ecm")
    expect(ecm.locator(".scr-reason--not_met").first).to_be_visible()
    s.expect_same_as_cpython()


def test_member_in_ecm_asking_about_a_community_health_worker(screener_page: Screener):
    s = screener_page
    s.answer_all({**BASICS, "age": 40, "enrolled_programs": ["ecm"]})
    s.expect_status("chw", "not_eligible")
    s.open_reasons("chw")
    expect(s.card("chw").locator(".scr-reason--not_met").first).to_be_visible()
    # being in ECM already decides it: the form never asks about wanting a community health worker
    while s.page.locator(".scr-step .scr-next").count():
        expect(s.page.locator('.scr-q[data-qid="chw_need"]')).to_have_count(0)
        s.page.locator(".scr-step .scr-next").click()
    expect(s.page.locator('.scr-q[data-qid="chw_need"]')).to_have_count(0)
    s.expect_same_as_cpython()


def test_sobering_centers_kp_contra_costa_not_offered_alameda_offered(screener_page: Screener):
    s = screener_page
    s.answer_all({"age": 40, "plan": "kp", "county": "contra_costa"})
    sobering = s.card("sobering_centers")
    expect(sobering.locator(".scr-avail")).to_have_attribute("data-availability", "not_offered")
    expect(sobering.locator(".scr-avail__label")).to_have_text(s.ui["availability.not_offered"])
    s.expect_same_as_cpython()

    s.answer("county", "alameda")  # changed through "Change": results update at once
    expect(sobering.locator(".scr-avail")).to_have_attribute("data-availability", "offered")
    expect(sobering.locator(".scr-avail__label")).to_have_text(s.ui["availability.offered"])
    s.expect_same_as_cpython()


def test_same_statuses_as_cpython_for_a_long_set_of_answers(screener_page: Screener):
    s = screener_page
    s.answer_all({
        "age": 67, "plan": "cchp", "county": "contra_costa", "enrolled_programs": [],
        "housing": ["at_risk"], "formerly_homeless": "no", "complex_need": False,
        "ed_visits_6mo": 1, "hospital_stays_6mo": 2, "smh_sud_services": False,
        "lives_in": "nursing_facility", "nf_days": 75, "nf_level_of_care": True, "wants_community": True,
        "can_live_safely_community": True, "willing_alf": True, "has_asthma": True, "asthma_ed_12mo": 1,
        "mtm_conditions": ["chf"], "can_store_prepare_food": True,
    }, if_asked=True)
    assert len(s.answers) >= 12, s.answers
    s.expect_same_as_cpython()


def test_start_over_clears_every_answer(screener_page: Screener, form):
    s = screener_page
    s.answer_all({**BASICS, "housing": ["unsheltered"], "complex_need": True})
    s.expect_status("ecm", "likely_eligible")
    s.page.get_by_role("button", name=s.ui["screener.form.start_over"], exact=True).click()
    s.settle()
    expect(s.page.locator(".scr-summary .scr-answer")).to_have_count(0)
    expect(s.step_question(form["next_questions"][0]).locator("input:checked")).to_have_count(0)
    expect(s.page.locator("#scr-step-h")).to_be_focused()
    s.answers = {}
    s.expect_status("ecm", "cant_tell")
    s.expect_same_as_cpython()


def test_input_error_from_the_core_shows_next_to_the_field(screener_page: Screener):
    s = screener_page
    s.answer("filling_in", "member")  # the first question; age comes next
    age = s.step_question("age")
    age.locator("input").fill("200")
    s.settle()
    error = age.locator(".scr-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("130")
    expect(age.locator("input")).to_have_attribute("aria-invalid", "true")
    age.locator("input").fill("30")
    s.settle()
    expect(error).to_be_hidden()


# ------------------------------------------------------------------------------------- loading and navigation

def test_form_is_usable_and_progress_shows_before_python_is_ready(page, form, site_url, external_requests):
    held = []
    page.route("**/pyodide/*/pyodide.asm.wasm", lambda route: held.append(route))
    s = Screener(page, form)
    with page.expect_request("**/pyodide/*/pyodide.asm.wasm"):
        s.open(site_url)
    loading = page.locator(".scr-loading")
    expect(loading).to_be_visible()
    expect(loading.locator("progress")).to_be_visible()
    expect(loading.locator(".scr-loading__text")).to_have_text(re.compile(r"\d.* MB|…"))
    expect(page.locator(".scr-ready")).to_have_count(0)
    expect(page.locator(".scr-results__body")).to_have_attribute("data-state", "waiting")
    # the first questions come from form.json: answer them while Python is still held back
    s.answer("age", 30, settle=False)
    s.answer("county", "alameda", settle=False)
    expect(s.step_question("plan")).to_be_visible()
    assert held, "the runtime download was never requested"
    for route in held:
        route.continue_()
    s.wait_ready()
    s.expect_status("ecm", "cant_tell")
    s.expect_same_as_cpython()
    assert external_requests == []


def test_the_runtime_files_come_in_turn(page, form, site_url, external_requests):
    """The wasm, the standard library's zip and our package's zip are asked for one after the other, so on a slow
    connection each arrives as early as it can (worker.mjs, requestInTurn): while the wasm is held back, neither
    zip is requested."""
    held, asked = [], []
    page.on("request", lambda r: asked.append(r.url.rsplit("/", 1)[-1]) if "/pyodide/" in r.url else None)
    page.route("**/pyodide/*/pyodide.asm.wasm", lambda route: held.append(route))
    s = Screener(page, form)
    with page.expect_request_finished(lambda r: r.url.endswith("/pyodide.asm.mjs")):
        s.open(site_url)
    page.wait_for_timeout(300)  # time enough for a request that should not come
    assert held and not [n for n in asked if n.endswith(".zip")], asked
    for route in held:
        route.continue_()
    s.wait_ready()
    zips = [n for n in asked if n.endswith(".zip")]
    assert len(zips) == 2 and zips[0].startswith("python-") and zips[1].startswith("screener-py-"), asked
    s.expect_status("ecm", "cant_tell")
    assert external_requests == []


def test_a_changed_answer_redraws_only_the_results_it_changes(page, form, site_url, external_requests):
    """After an answer, a result card whose result did not change is the same element as before (its open
    reasons, focus and place on screen stay), a changed one is drawn anew, and every status still equals the
    core's on CPython."""
    s = Screener(page, form).open(site_url)
    s.wait_ready()
    s.answer_all({**BASICS, "housing": ["unsheltered"], "complex_need": True})
    s.expect_status("ecm", "likely_eligible")
    s.open_reasons("ecm")
    page.evaluate("""() => { for (const c of document.querySelectorAll('.scr-results [data-part]'))
                               c.__before = c.dataset.part; }""")
    before = s.shown_statuses()
    s.answer("complex_need", False)
    s.expect_status("ecm", "cant_tell")
    s.expect_same_as_cpython()
    kept = page.evaluate("""() => [...document.querySelectorAll('.scr-results [data-part]')]
                               .filter((c) => c.__before === c.dataset.part).map((c) => c.dataset.part)""")
    assert "program:ecm" not in kept, "ECM's result changed: its card is drawn anew"
    assert "link" in kept and "print" in kept, f"parts whose data did not change were drawn again: {kept}"
    unchanged = [p for p, status in s.shown_statuses().items() if before.get(p) == status and p != "ecm"]
    assert unchanged, "the change should leave some program's result as it was"
    # the ECM card is new, yet its reasons are open again, as the person left them
    expect(s.card("ecm").locator(".scr-why")).to_have_attribute("open", "")
    assert external_requests == []


def test_a_change_of_reasons_only_keeps_every_card_and_redraws_its_why(page, form, site_url, external_requests):
    """An answer that changes some programs' reasons but no status (an age across a rule's age limit) keeps
    every card element (place, open "why", focus), draws the changed reasons inside the open "why"s, says busy
    until exactly then, and the print-only take-away follows the new answer once the screen is up to date."""
    import screener

    s = Screener(page, form).open(site_url)
    s.wait_ready()
    s.answer_all(BASICS)
    as_of = page.locator(".scr-results__body").get_attribute("data-as-of")
    before = screener.evaluate(dict(s.answers), today=as_of)["programs"]
    after = screener.evaluate({**s.answers, "age": 20}, today=as_of)["programs"]
    changed = [q for p, q in zip(before, after) if p != q]
    # the premise, from the core: reasons change (ECM's and a Community Support's), no status does
    assert [p["status"] for p in before] == [q["status"] for q in after]
    assert {"ecm", "community_support"} <= {q["kind"] for q in changed}, [q["id"] for q in changed]
    for q in changed:
        s.open_reasons(q["id"])
    page.evaluate("""(ids) => {
      for (const c of document.querySelectorAll('.scr-results [data-program]')) c.__before = true;
      const root = document.querySelector('[data-screener]');
      window.__busy = [];
      new MutationObserver(() => window.__busy.push([root.dataset.busy, ids.map((id) =>
          [...document.querySelectorAll(`[data-program="${id}"] .scr-why[open] .scr-reason__text`)]
            .map((r) => r.textContent))])).observe(root, { attributes: true, attributeFilter: ['data-busy'] });
    }""", [q["id"] for q in changed])
    s.answer("age", 20)
    s.expect_same_as_cpython()
    kept = page.evaluate("() => [...document.querySelectorAll('.scr-results [data-program]')].filter((c) => c.__before).length")
    assert kept == len(after), "a card whose status did not change was drawn anew"
    wanted = [[r["text"] for r in q["reasons"]] for q in changed]
    busy = page.evaluate("window.__busy")
    assert [b for b, _ in busy] == ["1", "0"], busy
    assert busy[-1][1] == wanted, "busy went 0 before the open reasons showed the new answer"
    # the take-away (printed only) is filled after the screen: it lists the new age
    age = page.locator(".scr-takeaway dt", has_text=s.questions["age"]["label"]).locator("xpath=following-sibling::dd[1]")
    expect(age).to_have_text("20")
    assert external_requests == []


def test_printing_opens_every_reason_and_fills_the_take_away(screener_page: Screener):
    """The reasons inside closed "why"s and the print-only take-away are drawn after the results are on screen
    (in idle time); printing right away still gets all of them: every "why" open with its reasons, the
    take-away with the answers, and after printing the "why"s closed again."""
    s = screener_page
    s.answer_all({**BASICS, "housing": ["unsheltered"], "complex_need": True})
    cards = s.page.locator(".scr-results .scr-card")
    count = cards.count()
    s.page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    expect(s.page.locator(".scr-results .scr-why[open]")).to_have_count(count)
    expect(s.page.locator(".scr-results .scr-why[open] .scr-reasons")).to_have_count(count)
    age = s.page.locator(".scr-takeaway dt", has_text=s.questions["age"]["label"]).locator("xpath=following-sibling::dd[1]")
    expect(age).to_have_text(str(BASICS["age"]))
    s.page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    expect(s.page.locator(".scr-results .scr-why[open]")).to_have_count(0)


def test_leaving_and_coming_back_keeps_the_answers(page, form, site_url, external_requests):
    """From the menu to the screener, answers, away to another page and Back: the answers come back from the
    address (its fragment) and the results are the same, with no server ever holding them."""
    page.goto(site_url + "/ecm/")
    page.locator('.md-sidebar--primary a[href$="screener/"]').first.click()
    s = Screener(page, form)
    s.wait_ready()
    s.answer_all({**BASICS, "housing": ["unsheltered"], "complex_need": True})
    s.expect_status("ecm", "likely_eligible")

    page.locator('.md-sidebar--primary a[href$="contacts/"]').first.click()
    page.wait_for_url("**/contacts/")
    expect(page.locator("[data-screener]")).to_have_count(0)
    page.go_back()
    s.root = page.locator("[data-screener]")
    s.wait_ready()
    s.expect_status("ecm", "likely_eligible")
    s.answer("complex_need", False)
    s.expect_status("ecm", "cant_tell")
    s.expect_same_as_cpython()
    assert external_requests == []


def test_direct_load_works(page, form, site_url, external_requests):
    Screener(page, form).open(site_url).wait_ready()
    expect(page.locator(".scr-results__body")).to_have_attribute("data-state", "ready")
    assert page.locator(".scr-results .scr-card").count() >= 3
    assert external_requests == []


class _RecordingServer:
    """The built site on a server of our own that records every path it sends: requests a service worker
    makes count too (a page's own request events do not show those)."""

    def __init__(self, site_dir, prefix=""):
        from sitebuild.serve import SiteHandler, make_server

        self.sent = []
        sent = self.sent

        class Recording(SiteHandler):
            def log_request(self, code="-", size="-"):
                sent.append(self.path.split("?")[0])

            def translate_path(self, path):  # the site published under a sub-path
                if prefix and path.startswith(prefix):
                    path = path[len(prefix):] or "/"
                return super().translate_path(path)

        self.server = make_server(site_dir, port=0)
        self.server.RequestHandlerClass = functools.partial(Recording, directory=str(site_dir))
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}{prefix}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def screener_files(self):
        return sorted({p for p in self.sent if p.startswith(("/pyodide/", "/assets/screener/")) or
                       p.endswith((".whl", "/screener/form.json", "/screener/manifest.json"))})


def _visit_ordinary_pages(browser, server, service_workers):
    context = browser.new_context(service_workers=service_workers)
    try:
        page = context.new_page()
        for path in ("/", "/ecm/", "/community-supports/"):
            page.goto(server.url + path, wait_until="load")
            page.wait_for_load_state("networkidle")
        if service_workers == "allow":  # let a service worker finish installing, whatever it downloads
            page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r ? "
                          "navigator.serviceWorker.ready.then(() => true) : false)")
    finally:
        context.close()


def test_other_pages_load_no_pyodide_bytes(browser, built_site):
    server = _RecordingServer(built_site)
    try:
        _visit_ordinary_pages(browser, server, service_workers="block")
    finally:
        server.close()
    # not even boot.js: only the screener page's <head> starts the screener
    assert server.screener_files() == [], f"pages without the screener downloaded: {server.screener_files()}"
    assert {"/", "/ecm/", "/community-supports/"} <= set(server.sent), "the recording saw the pages themselves"


def test_offline_worker_leaves_the_screener_runtime_until_the_screener_is_used(browser, built_site):
    """The site's offline service worker (sitebuild/offline.py) must not pull the 13 MB Python runtime into a
    visit that never opens the screener either."""
    if 'const MODE = "on"' not in _read(built_site / "sw.js"):
        pytest.skip("offline service worker switched off in this build")
    server = _RecordingServer(built_site)
    try:
        _visit_ordinary_pages(browser, server, service_workers="allow")
    finally:
        server.close()
    runtime = [f for f in server.screener_files() if f.startswith("/pyodide/") or f.endswith(".whl")]
    assert runtime == [], f"the offline worker downloaded the Python runtime from ordinary pages: {runtime}"


def _read(path):
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def test_without_pyodide_the_page_says_so_and_links_the_checklists(page, form, site_url):
    page.route("**/pyodide/*/pyodide.asm.wasm", lambda route: route.abort())
    Screener(page, form).open(site_url)
    failed = page.locator(".scr-failed")
    expect(failed).to_be_visible(timeout=START_TIMEOUT)
    expect(failed).to_contain_text(form["ui"]["screener.failed.heading"])
    expect(failed).to_contain_text(form["ui"]["screener.failed.download"])
    expect(failed.locator('a[href*="ecm/"]')).to_be_visible()
    expect(failed.locator('a[href*="community-supports/"]')).to_be_visible()


def test_keyboard_only(screener_page: Screener, form):
    s, kb = screener_page, screener_page.page.keyboard
    s.page.locator("#scr-step-h").focus()  # where "Start over" and "Next" put focus
    kb.press("Tab")  # who is filling in the form: Space picks the focused option
    expect(s.step_question("filling_in").get_by_role("radio").first).to_be_focused()
    kb.press("Space")
    expect(s.step_question("filling_in").get_by_role("radio").first).to_be_checked()
    kb.press("Tab")  # the age appears as soon as that is answered
    expect(s.step_question("age").locator("input")).to_be_focused()
    kb.type("30")
    kb.press("Tab")  # the county appears as soon as the age is given: a long list, so a select with type-ahead
    county = s.step_question("county").get_by_role("combobox")
    expect(county).to_be_focused()
    kb.type("Contra")
    expect(county).to_have_value("contra_costa")
    kb.press("Tab")
    # the plan question then lists Contra Costa's plans first; few enough to be radio buttons
    listed = s.questions["plan"]["by_county"]["contra_costa"]
    plan = s.step_question("plan").get_by_role("radio")
    expect(plan.first).to_be_focused()
    expect(plan.first).to_have_attribute("value", listed[0])
    kb.press("Space")
    expect(plan.first).to_be_checked()
    enrolled = s.step_question("enrolled_programs").get_by_role("checkbox")
    for _ in range(enrolled.count()):
        kb.press("Tab")
    expect(enrolled.last).to_be_focused()  # "None of these"
    kb.press("Space")
    expect(enrolled.last).to_be_checked()
    kb.press("Tab")
    expect(s.page.locator(".scr-step .scr-next")).to_be_focused()
    kb.press("Enter")
    # focus moves to the heading of the next questions, which the live region also announces
    expect(s.page.locator("#scr-step-h")).to_be_focused()
    expect(s.page.locator("#scr-step-h")).to_have_text(form["ui"]["screener.group.housing"])
    s.answers = {"filling_in": form["questions"][0]["options"][0]["value"], "age": 30, "plan": listed[0],
                 "county": "contra_costa", "enrolled_programs": []}
    s.expect_same_as_cpython()
    # every answer so far can be changed from the keyboard: Tab to "Change", Enter
    s.page.locator("#scr-step-h").focus()
    kb.press("Shift+Tab")
    expect(s.summary_row("enrolled_programs").get_by_role("button")).to_be_focused()
    kb.press("Enter")
    expect(s.page.locator('.scr-summary .scr-q[data-qid="enrolled_programs"] input').first).to_be_focused()


def test_works_under_a_sub_path(browser, built_site, form):
    server = _RecordingServer(built_site, prefix="/some/guide")
    context = browser.new_context(service_workers="block")
    try:
        s = Screener(context.new_page(), form).open(server.url).wait_ready()
        s.answer_all({**BASICS, "housing": ["unsheltered"], "complex_need": True})
        s.expect_status("ecm", "likely_eligible")
    finally:
        context.close()
        server.close()
    outside = [p for p in server.sent if not p.startswith("/some/guide/")]
    assert outside == [], f"requests outside the sub-path: {outside}"
