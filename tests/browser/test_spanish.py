"""The Spanish site in Chromium: the screener journey in Spanish (questions, results, reasons, next steps), the
language switch that keeps the reader's place (the URL fragment, where the screener keeps answers), and Material's
search in each language (Spanish index and stop words on the Spanish pages) working with the network cut. Words come from the built form.json and content.
"""
import json
import re

import pytest
from playwright.sync_api import expect

import screener
from journey import ANSWERS, run_journey, wait_idle, wait_ready

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def es_form(built_site):
    return json.loads((built_site / "es" / "screener" / "form.json").read_text(encoding="utf-8"))


def test_screener_journey_in_spanish(page, site_url, es_form):
    ui = es_form["ui"]
    page.goto(site_url + "/es/screener/")
    expect(page.locator(".scr-ready")).to_have_text(ui["screener.loading.ready"], timeout=90_000)
    wait_ready(page)
    first = es_form["questions"][0]
    expect(page.locator(f'.scr-q[data-qid="{first["id"]}"]').first).to_contain_text(first["label"])
    run_journey(page)
    wait_idle(page)
    expected = screener.evaluate(ANSWERS, lang="es", today=page.locator("[data-as-of]").first.get_attribute(
        "data-as-of"))
    for program in expected["programs"][:3]:
        card = page.locator(f'[data-program="{program["id"]}"]')
        expect(card).to_have_attribute("data-status", program["status"])
        expect(card).to_contain_text(program["headline"])
    ecm = next(p for p in expected["programs"] if p["id"] == "ecm")
    assert ecm["headline"] != screener.evaluate(ANSWERS)["programs"][0]["headline"]  # really Spanish
    expect(page.locator("[data-screener]")).to_contain_text(ui["screener.text.next_steps"]
                                                            if "screener.text.next_steps" in ui
                                                            else ui["screener.results.heading"])


def test_language_switch_goes_to_the_same_page_in_the_other_language(page, site_url):
    page.goto(site_url + "/ecm/")
    page.locator("a[data-lang-switch]").click()
    page.wait_for_url("**/es/ecm/")
    assert page.evaluate("document.documentElement.lang") == "es"
    page.locator("a[data-lang-switch]").click()
    page.wait_for_url("**/ecm/")
    assert "/es/" not in page.url and page.evaluate("document.documentElement.lang") == "en"


@pytest.mark.parametrize("path,query,expect_in", [("/es/", "vivienda", "/es/"), ("/", "housing", "/")])
def test_search_works_offline_in_each_language(browser, site_url, path, query, expect_in):
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.goto(site_url + path)
    search = page.locator(".md-search__input")
    search.click()
    search.press_sequentially(query[:3], delay=20)  # the search worker loads the index while online
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=30_000)
    context.set_offline(True)
    search.fill("")
    search.press_sequentially(query, delay=20)  # Material searches on key presses
    expect(page.locator(".md-search-result__item a").first).to_have_attribute("href", re.compile(f"h={query}"),
                                                                             timeout=30_000)
    results = page.locator(".md-search-result__item a")
    expect(results.first).to_be_visible(timeout=30_000)
    assert all(expect_in in href for href in results.evaluate_all("els => els.map(e => e.href)"))
    context.close()
