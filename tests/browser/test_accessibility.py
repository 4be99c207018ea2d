"""Accessibility in Chromium: axe-core finds no WCAG 2.1 A/AA violation on the main kinds of page and on the
screener before, during and after a journey; and a keyboard alone (Tab, Shift+Tab, Space, Enter, arrow keys,
digits in the number fields) takes a person through the screener to a result.

axe-core comes from node_modules (npm devDependency, pinned in package-lock.json); it is injected with a
script tag, so these pages are opened with the page's Content-Security-Policy bypassed (the policy itself is
tested in test_privacy.py).
"""
from pathlib import Path

import pytest

from journey import (ANSWERS, SCREENER_PATH, _active, answer_with_keyboard, failed, run_journey, tab_to,
                     wait_idle, wait_ready)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def first_service_path() -> str:
    from sitebuild import content

    services = content.load_content()["community_supports"]["services"]
    return f"/community-supports/{services[0]['id']}/"


PAGES = {
    "home": "/",
    "ecm": "/ecm/",
    "community_support": None,  # the first Community Support, from content
    "matrix": "/availability/",
    "county": "/counties/contra_costa/",
    "contacts": "/contacts/",
    "sources": "/sources/",
    "hosting": "/hosting/",
    # the Spanish site (site/es/): the same kinds of page, a sample
    "es_home": "/es/",
    "es_community_support": None,
    "es_matrix": "/es/availability/",
    "es_county": "/es/counties/contra_costa/",
    "es_404": "/es/404.html",
}


@pytest.fixture
def a11y_page(browser):
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` (python3 build.py test does it)")
    context = browser.new_context(bypass_csp=True, service_workers="block")
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '), summary: n.failureSummary,
                                                       html: n.html.slice(0, 160)}))}));
        }""", TAGS)
    return result


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for n in v["nodes"]:
            lines.append(f"    {n['target']}\n      {n['html']}\n      {n['summary']}".replace("\n  Fix", "; Fix"))
    return "\n".join(lines)


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_wcag_violations(a11y_page, site_url, name):
    path = PAGES[name] or (("/es" if name.startswith("es_") else "") + first_service_path())
    response = a11y_page.goto(site_url + path, wait_until="load")
    assert response.ok or path.endswith("404.html"), f"{path}: HTTP {response.status}"
    violations = axe_violations(a11y_page)
    assert not violations, f"{path}:\n{describe(violations)}"


def test_screener_before_during_and_after_a_journey(a11y_page, site_url):
    page = a11y_page
    found = {}
    page.goto(site_url + SCREENER_PATH)
    page.wait_for_selector('[data-screener][data-screener-mounted="yes"]')
    found["while loading"] = axe_violations(page)
    wait_ready(page)
    found["ready, before any answer"] = axe_violations(page)

    def scan(p, step):
        if step < 3:
            found[f"step {step + 1}"] = axe_violations(p)

    run_journey(page, on_step=scan)
    # open every "Why" in the results, as someone reading the reasons would
    for details in page.locator(".scr-results__body details").all()[:10]:
        details.evaluate("d => { d.open = true; }")
    found["results"] = axe_violations(page)
    bad = {when: v for when, v in found.items() if v}
    assert not bad, "\n".join(f"screener, {when}:\n{describe(v)}" for when, v in bad.items())


def test_keyboard_only_journey_reaches_a_result(a11y_page, site_url):
    page = a11y_page
    page.goto(site_url + SCREENER_PATH)
    wait_ready(page)
    assert failed(page) is None
    page.locator("body").focus()
    run_journey(page, answer=answer_with_keyboard, max_steps=3)
    wait_idle(page)
    # what was typed and chosen is what the screener recorded
    shown = page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('.scr-answer')].map("
        "e => [e.dataset.qid, e.querySelector('.scr-answer__a span')?.innerText || '']))")
    assert shown.get("age") == str(ANSWERS["age"]), f"typed {ANSWERS['age']} in the age field, got {shown.get('age')!r}"
    assert "Contra Costa" in shown.get("county", ""), shown
    # unsheltered, with a complex need: the result says Enhanced Care Management is likely
    ecm = page.locator('.scr-results__body [data-program="ecm"]')
    assert ecm.get_attribute("data-status") == "likely_eligible", ecm.inner_text()
    # and Shift+Tab goes back into the form
    tab_to(page, lambda a: a.get("qid") is not None or "scr-" in a.get("cls", ""), backwards=True)


def test_see_the_results_takes_keyboard_focus_to_the_results(a11y_page, site_url):
    page = a11y_page
    page.goto(site_url + SCREENER_PATH)
    wait_ready(page)
    page.locator("body").focus()
    answer_with_keyboard(page, "filling_in", ANSWERS["filling_in"])  # the first question; the age comes next
    answer_with_keyboard(page, "age", ANSWERS["age"])
    wait_idle(page)
    # Enter on "See the results" takes the person (and focus) to the results
    tab_to(page, lambda a: "scr-to-results" in a.get("cls", ""))
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    in_results = page.evaluate("() => !!document.activeElement.closest('.scr-results')")
    assert in_results, (f"Enter on 'See the results' left focus on {_active(page)}: the next Tab starts over "
                        "at the top of the page instead of in the results")


@pytest.mark.parametrize("path", ["/ecm/", "/es/ecm/"])
def test_the_closed_navigation_drawer_is_out_of_the_tab_order_on_a_phone(browser, site_url, path):
    """On a phone the navigation is a drawer: closed, none of its links takes focus (Tab goes from the header to
    the page); opened with the menu button, they do."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    page = context.new_page()
    page.goto(site_url + path)
    in_drawer = "() => Boolean(document.activeElement.closest('.md-sidebar--primary'))"
    for _ in range(12):
        page.keyboard.press("Tab")
        assert not page.evaluate(in_drawer), page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    page.locator("label.md-header__button[for='__drawer']").click()
    link = page.locator(".md-sidebar--primary .md-nav__link[href]").first
    link.focus()
    assert page.evaluate(in_drawer)
    context.close()
