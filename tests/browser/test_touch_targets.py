"""Touch targets of at least 44 by 44 px that leave the text as written (issue 11): "(TTY 711)" in a county's
plan list, not "(TTY   711   )"; contact links on plan and program pages; and a screener result card's links
without wide empty bands between them. Phone (390x844) and desktop (1280x900)."""
import pytest
from playwright.sync_api import expect

from journey import wait_ready

pytestmark = pytest.mark.browser

VIEWPORTS = [pytest.param({"width": 390, "height": 844}, id="phone"),
             pytest.param({"width": 1280, "height": 900}, id="desktop")]
MIN = 43.5  # 44 CSS px, allowing for sub-pixel layout

# Each target's box, and the gaps between its text and the text right before and after it.
MEASURE = """(sel) => [...document.querySelectorAll(sel)].filter(a => a.offsetParent).map(a => {
  const box = a.getBoundingClientRect();
  const inner = document.createRange(); inner.selectNodeContents(a);
  const rects = inner.getClientRects(); const first = rects[0], last = rects[rects.length - 1];
  const edge = (node, fromEnd) => {
    if (!node || node.nodeType !== 3 || !node.textContent.length) return null;
    const r = document.createRange(); const n = node.textContent.length;
    if (fromEnd) { r.setStart(node, n - 1); r.setEnd(node, n); } else { r.setStart(node, 0); r.setEnd(node, 1); }
    return {rect: r.getBoundingClientRect(), ch: fromEnd ? node.textContent[n - 1] : node.textContent[0]};
  };
  const before = edge(a.previousSibling, true), after = edge(a.nextSibling, false);
  return {text: a.textContent, width: box.width, height: box.height,
          before: before && Math.abs(before.rect.top - first.top) < 4 ? {ch: before.ch, gap: first.left - before.rect.right} : null,
          after: after && Math.abs(after.rect.top - last.top) < 4 ? {ch: after.ch, gap: after.rect.left - last.right} : null};
})"""


def _check(page, selector):
    targets = page.evaluate(MEASURE, selector)
    assert targets, f"{page.url}: nothing matches {selector}"
    for t in targets:
        assert t["width"] >= MIN and t["height"] >= MIN, f"{page.url}: {t['text']!r} is {t['width']}x{t['height']}"
        # the text around the link sits where it would without the target: a space is one space, a ")" touches
        for side in ("before", "after"):
            near = t[side]
            if near:
                limit = 1.5 if near["ch"] in ")(" else 9
                assert near["gap"] <= limit, f"{page.url}: gap of {near['gap']:.1f}px {side} {t['text']!r}"
    return targets


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_phone_links_in_a_countys_plan_list_read_as_written(page, site_url, viewport, external_requests):
    page.set_viewport_size(viewport)
    page.goto(site_url + "/counties/contra_costa/")
    targets = _check(page, ".county-plans a.tel")
    assert any(t["after"] and t["after"]["ch"] == ")" for t in targets), "a TTY number closes its parentheses"
    assert external_requests == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_contact_links_on_plan_and_program_pages_are_44px_targets(page, site_url, viewport, model_contacts):
    page.set_viewport_size(viewport)
    plan = next(c["area"]["plan"] for c in model_contacts if c.get("url") and c.get("area"))
    page.goto(site_url + f"/plans/{plan}/")
    _check(page, ".contact-lines a.tel, .contact-lines a[href^='mailto:'], .contact-lines a.web-link")
    page.goto(site_url + "/ecm/")
    _check(page, ".how-to-ask a.tel")


@pytest.fixture(scope="module")
def model_contacts():
    from sitebuild.content import load_content

    return load_content()["contacts"]["contacts"]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_result_cards_links_are_44px_targets_without_empty_bands(browser, site_url, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(site_url + "/screener/#filling_in=member&age=45&county=alameda&plan=kp")
    wait_ready(page)
    card = page.locator('.scr-card[data-program="ecm"]')
    expect(card.locator(".scr-card__links a")).to_have_count(2)
    boxes = [card.locator(".scr-card__links a").nth(i).bounding_box() for i in range(2)]
    for box in boxes:
        assert box["width"] >= MIN and box["height"] >= MIN, box
    if boxes[1]["y"] > boxes[0]["y"] + 1:  # stacked on a narrow screen: one band right after the other
        assert boxes[1]["y"] - (boxes[0]["y"] + boxes[0]["height"]) <= 2, boxes
    _check(page, ".scr-next-steps a[href^='tel:']")
    context.close()
