"""A visitor's path through the built site in Chromium: home -> a Community Support -> the matrix (filtered,
the view kept in the URL fragment) -> search. Every request must stay on the test server."""
import re
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import expect

from sitebuild import content

pytestmark = pytest.mark.browser


def _visible_rows(page):
    return page.locator("#availability-matrix tbody tr:not([hidden])")


def test_home_to_service_to_matrix_to_search(page, site_url, external_requests):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + "/")
    expect(page.locator("article h1")).to_be_visible()

    # Home -> Community Supports.
    page.locator("article .program-list a", has_text="Community Supports").click()
    expect(page).to_have_url(re.compile(r"/community-supports/$"))
    page.locator("article a", has_text="Sobering Centers").first.click()
    expect(page.locator("article h1")).to_have_text(re.compile(r"^Sobering Centers"))
    expect(page.locator("article")).to_contain_text("Not offered in")

    # The service page links to the matrix filtered to this service; matrix.js starts through document$.
    page.locator("article a[href*='availability/#service=sobering_centers']").click()
    expect(page).to_have_url(re.compile(r"/availability/#service=sobering_centers$"))
    form = page.locator("#matrix-filters")
    # The page is big: on a busy machine its parsing alone can take seconds before matrix.js starts.
    expect(form).to_have_attribute("data-ready", "1", timeout=30_000)
    expect(form.locator("input[name=service][value=sobering_centers]")).to_be_checked()
    expect(page.locator("#availability-matrix thead th[data-service='housing_deposits']")).to_be_hidden()
    expect(page.locator("#availability-matrix thead th[data-service='sobering_centers']")).to_be_visible()

    # Choose a county (found by name) and a plan: the URL fragment keeps the view.
    form.locator(".mf-group[data-group=county] summary").click()
    page.locator("#mf-find").press_sequentially("mateo")
    form.locator("label:not([hidden]) input[name=county]").check()
    form.locator(".mf-group[data-group=plan] summary").click()
    form.locator("input[name=plan][value=kp]").check()
    expect(_visible_rows(page)).to_have_count(1)
    row = _visible_rows(page).first
    expect(row).to_have_attribute("data-county", "san_mateo")
    expect(row.locator("td[data-service='sobering_centers']")).to_contain_text("Not offered")
    assert urlsplit(page.url).fragment == "county=san_mateo&plan=kp&service=sobering_centers"

    # A reload (or a shared link) shows the same view.
    page.reload()
    expect(form.locator("input[name=county][value=san_mateo]")).to_be_checked()
    expect(form.locator("input[name=plan][value=kp]")).to_be_checked()
    expect(_visible_rows(page)).to_have_count(1)

    # "Show everything" clears the filters and the fragment.
    page.locator("#matrix-filters button[type=reset]").click()
    expect(_visible_rows(page)).to_have_count(page.locator("#availability-matrix tbody tr").count())
    expect(page).to_have_url(re.compile(r"/availability/$"))

    # Search works offline.
    page.locator("label.md-search__icon, .md-search__input").first.click()
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("Recuperative", delay=30)
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=10000)
    expect(page.locator(".md-search-result")).to_contain_text("Recuperative Care")

    assert external_requests == []


def test_matrix_and_contacts_work_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(site_url + "/availability/#county=san_mateo&plan=kp")
        expect(page.locator("#matrix-filters")).to_be_hidden()
        rows = page.locator("#availability-matrix tbody tr")
        assert rows.count() >= 58
        expect(rows.first).to_be_visible()
        page.goto(site_url + "/contacts/")
        contacts = content.load_content()["contacts"]["contacts"]
        number = next(c for c in contacts if c.get("phones"))["phones"][0]["number"]
        expect(page.locator(f"article a.tel:text-is('{number}')").first).to_have_attribute(
            "href", re.compile(r"^tel:\+?\d+$"))
        contact = next(c for c in contacts if c.get("email") and c.get("subject_lines"))
        subject = next(iter(contact["subject_lines"].values()))
        expect(page.locator(f"article a[href='mailto:{contact['email']}?subject={quote(subject)}']")).to_have_text(
            subject)
    finally:
        context.close()


def test_phone_viewport_pages_do_not_overflow(page, site_url, external_requests):
    """On a 390px phone the page itself never scrolls sideways; wide tables scroll inside their own box."""
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/", "/availability/", "/counties/contra_costa/", "/contacts/", "/ecm/",
                 "/community-supports/medically_tailored_meals/", "/sources/"):
        page.goto(site_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide"
    assert external_requests == []


def test_matrix_view_from_a_service_page_and_back(page, site_url):
    """A Community Support's page links to the matrix showing that service; a county chosen there stays in the
    address, so leaving for the county's page and coming Back shows the same view."""
    from sitebuild import render_helpers

    model = content.load_content()
    page.goto(site_url + "/community-supports/sobering_centers/")
    page.locator("article a[href*='availability/#service=sobering_centers']").click()
    expect(page).to_have_url(re.compile(r"/availability/#service=sobering_centers$"))
    expect(page.locator("#matrix-filters")).to_have_attribute("data-ready", "1", timeout=30_000)
    expect(page.locator("input[name=service][value=sobering_centers]")).to_be_checked()
    page.locator(".mf-group[data-group=county] summary").click()
    page.locator("input[name=county][value=marin]").check()
    marin_rows = max(1, len(render_helpers.plans_in_county(model, "marin")))  # one row per plan there
    expect(_visible_rows(page)).to_have_count(marin_rows)
    assert urlsplit(page.url).fragment == "county=marin&service=sobering_centers"
    page.locator("article a[href$='counties/marin/']").first.click()
    expect(page.locator("article h1")).to_contain_text("Marin")
    page.go_back()
    expect(page.locator("#matrix-filters")).to_have_attribute("data-ready", "1", timeout=30_000)
    expect(_visible_rows(page)).to_have_count(marin_rows)


def test_search_index_is_fetched_only_once_someone_searches(browser, site_url):
    """Material's search index (a few hundred KB of JSON, and most of a second of CPU to index) is fetched when
    the reader opens the search, not on every page load (sitebuild/material_patch.py, 3.). Search still finds,
    and a page opened from a result (?h=) still highlights the words searched for."""
    context = browser.new_context(service_workers="block", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    try:
        page.goto(site_url + "/ecm/", wait_until="load")
        page.wait_for_load_state("networkidle")
        assert not [p for p in requested if p.endswith("search_index.json")], "fetched without a search"

        search = page.locator("input.md-search__input")
        search.click()
        search.press_sequentially("housing", delay=30)
        expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=30_000)
        assert [p for p in requested if p.endswith("search_index.json")] == ["/search/search_index.json"]

        requested.clear()
        page.goto(site_url + "/ecm/?h=housing", wait_until="load")
        expect(page.locator("article mark[data-md-highlight]").first).to_be_visible(timeout=30_000)
        assert "/search/search_index.json" in requested
    finally:
        context.close()
