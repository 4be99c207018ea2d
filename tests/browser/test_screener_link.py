"""The shareable, resumable answers (issue 11): the link format in the README, opened in a fresh browser,
fills the answers and shows the results with no click, with focus on them; every change updates the fragment;
a bad value gets the same message as a typed one; "Copy link" says what the link holds. Facts are read from
content through the core, never copied here."""
import json
import re

import pytest
from playwright.sync_api import expect

import screener
import screener.data
from journey import wait_idle, wait_ready

@pytest.fixture(scope="module")
def form(built_site):
    return json.loads((built_site / "screener" / "form.json").read_text(encoding="utf-8"))


ISSUE_LINK = "#age=72&plan=kp&county=fresno&housing=none&social_factors=adl_help,living_alone&complex_need=yes"
ISSUE_ANSWERS = {"age": 72, "plan": "kp", "county": "fresno", "housing": [],
                 "social_factors": ["adl_help", "living_alone"], "complex_need": True}


def test_the_issue_link_restores_the_screening_in_a_fresh_browser(browser, site_url, form):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site_url + "/screener/" + ISSUE_LINK)
    wait_ready(page)
    expected = screener.evaluate(ISSUE_ANSWERS)
    for program in expected["programs"][:2]:
        expect(page.locator(f'[data-program="{program["id"]}"]').first).to_have_attribute("data-status",
                                                                                         program["status"])
    # the results are shown with no click, and focus is on them
    expect(page.locator("#scr-results-h")).to_be_focused()
    # the next step is a tappable line of the person's plan and region
    steps = [s for s in expected["next_steps"] if s["tel"]]
    assert steps, expected["next_steps"]
    expect(page.locator(f'.scr-next-steps a[href="{steps[0]["tel"]}"]').first).to_be_visible()
    # the answers are on record: changing one updates the link once the answers settle (half a second), without
    # a new history entry; a link clicked before then (here the language switch, which carries the fragment)
    # already has the new answer
    length = page.evaluate("history.length")
    page.locator(".scr-answer[data-qid='complex_need'] .scr-change").click()
    clicked = page.evaluate("""() => {
      document.querySelector(".scr-q[data-qid='complex_need'] input[value='no']").click();
      const link = document.querySelector("a[data-lang-switch]");
      let href = null;
      link.addEventListener("click", (event) => { href = link.href; event.preventDefault(); }, { once: true });
      link.click();  // in the same task as the answer: before any timer
      return href;
    }""")
    assert "complex_need=no" in clicked and "age=72" in clicked
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"#(?=.*\bcomplex_need=no\b)(?=.*\bage=72\b)"))
    assert page.evaluate("history.length") == length
    context.close()


def test_a_provider_link_shows_each_referral_routes_web_page_as_the_cores_named_link(browser, site_url):
    """A provider's next steps show a referral route's web page (forms, a provider portal) as a plain link with
    the core's words, for a plan whose route content gives a web page (read from the core, never copied here)."""
    from sitebuild.content import load_content

    route = next(c for c in load_content()["contacts"]["contacts"]
                 if c.get("url") and c.get("role") == "referral" and "ecm" in c["programs"] and c.get("area"))
    plan = route["area"]["plan"]
    county = next(county for (p, county) in screener.data.load().region_of if p == plan)
    answers = {"filling_in": "provider", "age": 40, "plan": plan, "county": county, "housing": ["unsheltered"],
               "complex_need": True}
    expected = [s for s in screener.evaluate(answers)["next_steps"] if s["url"]]
    assert expected, "the core gives the referral route's web page"
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site_url + f"/screener/#filling_in=provider&age=40&plan={plan}&county={county}"
                         "&housing=unsheltered&complex_need=yes")
    wait_ready(page)
    for step in expected:
        link = page.locator(f'.scr-next-steps [data-contact="{step["contact_id"]}"] a.scr-web')
        expect(link).to_have_attribute("href", step["url"])
        expect(link).to_have_text(step["url_text"])
        box = link.bounding_box()
        assert box["height"] >= 44, box
    context.close()


def test_a_bad_value_in_a_link_gets_the_same_message_as_typed(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "/screener/#age=" + "9" * 400 + "&plan=kp")
    wait_ready(page)
    message = screener.evaluate({"age": "9" * 400})["errors"][0]["message"]
    expect(page.locator(".scr-error-summary")).to_contain_text(message)
    page.goto(site_url + "/screener/")
    page.reload()
    wait_ready(page)
    page.locator(".scr-step .scr-q[data-qid='filling_in'] input").first.check()  # the first question
    field = page.locator(".scr-step .scr-q[data-qid='age'] input")
    field.fill("9" * 20)
    wait_idle(page)
    expect(page.locator(".scr-step .scr-q[data-qid='age'] .scr-error")).to_have_text(
        screener.evaluate({"age": "9" * 20})["errors"][0]["message"])
    assert field.input_value() == "9" * 20  # never altered
    context.close()


def test_copy_link_says_the_link_holds_the_answers(browser, site_url, form):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "/screener/" + ISSUE_LINK)
    wait_ready(page)
    expect(page.locator(".scr-link__explain")).to_have_text(form["ui"]["screener.link.explain"])
    page.locator(".scr-copy-link").click()
    expect(page.locator(".scr-link__done")).not_to_be_empty()
    context.close()


def test_see_the_results_moves_focus_there_and_it_stays(page, site_url):
    page.goto(site_url + "/screener/")
    wait_ready(page)
    page.locator(".scr-step .scr-q[data-qid='filling_in'] input").first.check()
    page.locator(".scr-step .scr-q[data-qid='age'] input").fill("40")
    wait_idle(page)
    page.locator(".scr-step .scr-to-results").click()
    page.wait_for_timeout(500)
    expect(page.locator("#scr-results-h")).to_be_focused()
    page.keyboard.press("Tab")  # the next Tab goes on inside the results, not back to the site menu
    inside = page.evaluate("!!document.activeElement.closest('.scr-results')")
    assert inside, page.evaluate("document.activeElement.outerHTML.slice(0, 120)")


def test_start_over_clears_the_link(page, site_url, form):
    page.goto(site_url + "/screener/" + ISSUE_LINK)
    wait_ready(page)
    page.get_by_role("button", name=form["ui"]["screener.form.start_over"], exact=True).click()
    wait_idle(page)
    assert not re.search(r"#.*=", page.url), page.url  # at once: the answers leave the address with the click


def test_a_changed_number_replaces_the_old_one(page, site_url):
    """"Change" on a number opens its field with the old value selected: what is typed replaces it."""
    page.goto(site_url + "/screener/#filling_in=member&age=30&county=alameda")
    wait_ready(page)
    page.locator(".scr-answer[data-qid='age'] .scr-change").click()
    page.keyboard.type("45")
    expect(page.locator(".scr-q[data-qid='age'] input")).to_have_value("45")
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"[#&]age=45(&|$)"))
