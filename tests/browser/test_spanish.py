"""The Spanish site in Chromium: the screener journey in Spanish (questions, results, reasons, next steps), the
language switch that keeps the reader's place (the URL fragment, where the screener keeps answers), and Material's
search in each language (Spanish index and stop words on the Spanish pages) working with the network cut. Words come from the built form.json and content.
"""
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

import screener
from journey import ANSWERS, ConsoleWatch, run_journey, wait_idle, wait_ready
from sitebuild import content, i18n

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def spanish_model():
    return i18n.translate(content.load_content(), "es")


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
    # the highlight term is what was typed, or its stem on a site that stems (Spanish)
    expect(page.locator(".md-search-result__item a").first).to_have_attribute(
        "href", re.compile(f"h={query[:4]}"), timeout=30_000)
    results = page.locator(".md-search-result__item a")
    expect(results.first).to_be_visible(timeout=30_000)
    hrefs = results.evaluate_all("els => els.map(e => e.href)")
    assert all(expect_in in href for href in hrefs)
    highlights = {h for href in hrefs for h in parse_qs(urlsplit(href).query).get("h", [])}
    assert highlights and all(query.startswith(h) for h in highlights), highlights
    context.close()


def _search(page, query):
    search = page.locator(".md-search__input")
    search.click()
    search.fill("")
    search.press_sequentially(query, delay=20)  # Material searches as keys are pressed (type-ahead)
    results = page.locator(".md-search-result__item a")
    expect(results.first).to_be_visible(timeout=30_000)
    page.wait_for_timeout(300)  # the last key's results
    return [href.split("?")[0] for href in results.evaluate_all("els => els.map(e => e.href)")]


def test_spanish_search_finds_every_form_of_a_word(page, site_url, spanish_model):
    """Spanish stemming (lunr-languages): "vivienda" and "viviendas" both find the housing pages, as typed in
    the search box (Material's type-ahead), though only "vivienda" is written on the site."""
    watch = ConsoleWatch(page)
    housing = {f"{site_url}/es/community-supports/{s['id']}/" for s in spanish_model["community_supports"]["services"]
               if "vivienda" in s["name"].lower()}
    assert housing
    page.goto(site_url + "/es/")
    for query in ("vivienda", "viviendas", "Viviendas"):
        found = set(_search(page, query))
        assert found & housing, f"{query}: {sorted(found)[:5]}"
    page.goto(site_url + "/")  # English keeps Material's own search: no stemmer, words as typed
    assert any("/community-supports/" in url and "/es/" not in url for url in _search(page, "housing"))
    assert watch.errors == []


def _route_sitemaps(page, built_site, site_url):
    """Each language's sitemap at the test server's address (the built ones name mkdocs.yml's placeholder
    address), as a host would serve them: /sitemap.xml lists the English pages, /es/sitemap.xml the Spanish ones.
    Returns the sitemap paths the page asked for."""
    def sitemap(prefix):
        urls = []
        for index in sorted((built_site / prefix).rglob("index.html")):
            rel = index.parent.relative_to(built_site).as_posix()
            if not prefix and rel.split("/")[0] == "es":
                continue
            urls.append(f"{site_url}/" + ("" if rel == "." else rel + "/"))
        return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                + "".join(f"<url><loc>{u}</loc></url>" for u in urls) + "</urlset>")

    maps = {"/sitemap.xml": sitemap(""), "/es/sitemap.xml": sitemap("es")}
    fetched = []

    def fulfil(route):
        path = route.request.url[len(site_url):].split("?")[0]
        fetched.append(path)
        if path in maps:
            route.fulfill(body=maps[path], content_type="application/xml")
        else:
            route.fulfill(status=404, body="")

    page.route("**/sitemap.xml", fulfil)
    return fetched


def _switch_leads_to(page, url: str) -> None:
    """The header's language switch leads to url (its resolved address: the attribute may be relative)."""
    # null-safe: right after a click the next page may not have its header yet
    page.wait_for_function("(url) => document.querySelector('a[data-lang-switch]')?.href === url", arg=url)


def _nav_link(page, url: str):
    """The menu's link to url (matched on its resolved address: the attribute is relative)."""
    links = page.locator(".md-sidebar--primary a.md-nav__link")
    index = links.evaluate_all("(els, url) => els.findIndex((e) => e.href === url)", url)
    assert index >= 0, f"no menu link to {url}"
    return links.nth(index)


def _hreflang(page) -> dict:
    return page.eval_on_selector_all('head link[rel="alternate"][hreflang]',
                                     "els => Object.fromEntries(els.map(e => [e.hreflang, e.href]))")


@pytest.mark.parametrize("prefix,other", [("", "/es"), ("/es", "")])
def test_hreflang_links_and_the_switch_follow_each_page(page, site_url, built_site, prefix, other):
    """Every page's <head> names both versions of it and x-default; the header's language switch leads to the
    page being shown in the other language; going to the screener and back through the menu keeps it working,
    and no page makes Material fetch a sitemap for a page (it would read hreflang links as other sites)."""
    fetched = _route_sitemaps(page, built_site, site_url)
    page.goto(f"{site_url}{prefix}/ecm/")
    en, es = (f"{site_url}{p}/ecm/" for p in ("", "/es"))
    assert _hreflang(page) == {"en": en, "es": es, "x-default": en}
    _switch_leads_to(page, f"{site_url}{other}/ecm/")
    _nav_link(page, f"{site_url}{prefix}/screener/").click()
    root = page.locator("[data-screener]")
    expect(root).to_have_attribute("data-engine", "ready", timeout=90_000)
    assert _hreflang(page) == {"en": f"{site_url}/screener/", "es": f"{site_url}/es/screener/",
                               "x-default": f"{site_url}/screener/"}
    _switch_leads_to(page, f"{site_url}{other}/screener/")
    # away and back through the menu: the screener starts again and works
    _nav_link(page, f"{site_url}{prefix}/").click()
    expect(root).to_have_count(0)
    _switch_leads_to(page, f"{site_url}{other}/")
    _nav_link(page, f"{site_url}{prefix}/screener/").click()
    expect(page.locator("[data-screener]")).to_have_attribute("data-engine", "ready", timeout=90_000)
    assert page.url == f"{site_url}{prefix}/screener/"
    assert set(fetched) <= {"/sitemap.xml", "/es/sitemap.xml"}, "sitemaps fetched for pages, not sites"


def test_switching_language_on_the_screener_keeps_the_answers(page, site_url, es_form):
    """Answer in English, switch to Spanish: the Spanish screener has the same answers (the fragment, README's
    link format) and shows the results in Spanish."""
    page.goto(site_url + "/screener/")
    wait_ready(page)
    run_journey(page)
    wait_idle(page)
    fragment = page.evaluate("location.hash")
    assert "age=" in fragment
    switch = page.locator("a[data-lang-switch]")
    expect(switch).to_have_attribute("href", re.compile(re.escape("/es/screener/" + fragment) + "$"))
    switch.click()
    page.wait_for_url(f"{site_url}/es/screener/{fragment}")
    assert page.evaluate("document.documentElement.lang") == "es"
    wait_ready(page)
    today = page.locator("[data-as-of]").first.get_attribute("data-as-of")
    expected = screener.evaluate(ANSWERS, lang="es", today=today)
    for program in expected["programs"][:4]:
        card = page.locator(f'[data-program="{program["id"]}"]')
        expect(card).to_have_attribute("data-status", program["status"])
        expect(card).to_contain_text(program["headline"])
    assert page.evaluate("location.hash") == fragment  # the same answers, written back the same way
    # and back to English with the answers still there
    page.locator("a[data-lang-switch]").click()
    page.wait_for_url(f"{site_url}/screener/{fragment}")
    wait_ready(page)
    english = screener.evaluate(ANSWERS, today=today)["programs"][0]
    expect(page.locator(f'[data-program="{english["id"]}"]')).to_contain_text(english["headline"])
