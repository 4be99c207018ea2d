"""The gate question before the long health group, and "None of these apply" that needs no "Next" (issue 11),
in Chromium with the real core. The gate is content's (a question with `gates` in form.json), never named."""
import json
import re

import pytest
from playwright.sync_api import expect

from journey import wait_idle, wait_ready

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def form(built_site):
    return json.loads((built_site / "screener" / "form.json").read_text(encoding="utf-8"))


def test_no_to_the_gate_answers_its_counts_and_none_of_these_apply_moves_on(browser, site_url, form):
    gate = next(q for q in form["questions"] if q.get("gates"))
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    # a member aged 72 whose first questions are answered by the link; the form goes on from there
    page.goto(site_url + "/screener/#filling_in=member&age=72&county=fresno&plan=kp&enrolled_programs=none"
                         "&housing=none&formerly_homeless=no")
    wait_ready(page)
    step = page.locator(".scr-step")
    for _ in range(len(form["questions"])):
        if step.locator(f'.scr-q[data-qid="{gate["id"]}"]').count():
            break
        step.locator(".scr-next").click()  # what comes before the gate is passed, one step at a time
        wait_idle(page)
    gate_box = step.locator(f'.scr-q[data-qid="{gate["id"]}"]')
    expect(gate_box).to_be_visible()
    for qid in gate["gates"]:  # its questions wait for it
        expect(step.locator(f'.scr-q[data-qid="{qid}"]')).to_have_count(0)
    step.locator(".scr-none-apply").click()  # "None of these apply": the gate's no
    wait_idle(page)
    expect(page).to_have_url(re.compile(f"[#&]{gate['id']}=no(&|$)"))  # once the answers settle
    # none of the counts is ever put on screen, and the group goes on (or the next step starts) with no "Next"
    for qid in gate["gates"]:
        expect(page.locator(f'.scr-step .scr-q[data-qid="{qid}"]')).to_have_count(0)
    expect(page.locator("#scr-step-h")).to_be_focused()
    # a one-question step answered with "None of these apply" moves on by itself
    for _ in range(len(form["questions"])):
        open_ids = page.eval_on_selector_all(".scr-step .scr-q", "els => els.map(e => e.dataset.qid)")
        questions = {q["id"]: q for q in form["questions"]}
        if len(open_ids) == 1 and questions[open_ids[0]]["type"] == "choice" and page.locator(".scr-none-apply").count():
            break
        page.locator(".scr-step .scr-dont-know").click()
        wait_idle(page)
    else:
        pytest.fail("no one-question choice step to try 'None of these apply' on")
    page.locator(".scr-step .scr-none-apply").click()
    wait_idle(page)
    expect(page.locator(f'.scr-step .scr-q[data-qid="{open_ids[0]}"]')).to_have_count(0)
    expect(page.locator("#scr-step-h")).to_be_focused()
    context.close()
