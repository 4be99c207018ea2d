"""The availability matrix for providers, in Chromium: several counties, plans and Community Supports at once,
the view kept in the URL fragment (a reload or a shared link shows it again), "Download this view (CSV)" giving
exactly the open data CSV's rows for that view, the notes and sources under the table following the view, and a
print that starts with what it shows. Facts come from the built open data (data/availability.csv) and words from
content/, never copied here."""
import csv
import io
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from screener.placeholders import fill
from sitebuild import content, i18n
from test_accessibility import axe_violations, describe

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def ui():
    model = content.load_content()
    return {"en": model["ui"]["ui"], "es": i18n.translate(model, "es")["ui"]["ui"]}


def _open_data(built_site, lang=""):
    text = (built_site / lang / "data" / "availability.csv").read_text(encoding="utf-8")
    return text, list(csv.DictReader(io.StringIO(text)))


def _view(rows):
    """The example view of these tests, read from the open data: the first plan serving two counties that each
    have another plan too (so choosing the plan narrows the table), those two counties, and the first two
    Community Supports; in the page's order."""
    counties_of, plans_of = {}, {}
    for r in rows:
        if r["plan_id"]:
            if r["county_id"] not in counties_of.setdefault(r["plan_id"], []):
                counties_of[r["plan_id"]].append(r["county_id"])
            plans_of.setdefault(r["county_id"], set()).add(r["plan_id"])
    plan = next(p for p, cs in counties_of.items() if len(cs) >= 2 and all(len(plans_of[c]) > 1 for c in cs[:2]))
    services = list(dict.fromkeys(r["service_id"] for r in rows))[:2]
    return {"county": counties_of[plan][:2], "plan": [plan], "service": services}


def _keep(rows, view):
    return [r for r in rows if r["county_id"] in view["county"] and (r["plan_id"] or "none") in view["plan"]
            and r["service_id"] in view["service"]]


def _fragment(view):
    return "#" + "&".join(f"{k}={','.join(v)}" for k, v in view.items() if v)


def _visible_rows(page):
    return page.locator("#availability-matrix tbody tr:not([hidden])")


def test_choosing_several_counties_a_plan_and_services_narrows_the_table_and_keeps_the_view_in_the_link(
        page, site_url, built_site, ui, external_requests):
    _, rows = _open_data(built_site)
    view = _view(rows)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + "/availability/")
    total_rows = page.locator("#availability-matrix tbody tr").count()

    # Counties by keyboard: open the disclosure, find the county by name, tick it with the space bar.
    county_names = {r["county_id"]: r["county_name"] for r in rows}
    counties = page.locator(".mf-group[data-group=county]")
    counties.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#mf-find")).to_be_visible()
    for county in view["county"]:
        page.locator("#mf-find").fill(county_names[county][:4])
        box = counties.locator(f"input[value='{county}']")
        expect(counties.locator("label:not([hidden]) input")).not_to_have_count(58)
        box.focus()
        page.keyboard.press("Space")
        expect(box).to_be_checked()
    page.locator("#mf-find").fill("")
    for group in ("plan", "service"):
        page.locator(f".mf-group[data-group={group}] summary").click()
        for value in view[group]:
            page.locator(f".mf-group[data-group={group}] input[value='{value}']").check()

    expected_rows = {(r["county_id"], r["plan_id"]) for r in _keep(rows, view)}
    expect(_visible_rows(page)).to_have_count(len(expected_rows))
    for row in _visible_rows(page).all():
        assert (row.get_attribute("data-county"), row.get_attribute("data-plan")) in expected_rows
    expect(page.locator("#availability-matrix thead th[data-service]:not([hidden])")).to_have_count(
        len(view["service"]))
    services_total = page.locator("#availability-matrix thead th[data-service]").count()
    expect(page.locator("#mf-count")).to_have_text(fill(ui["en"]["matrix.filter.count_view"], {
        "shown": len(expected_rows), "total": total_rows, "services": len(view["service"]),
        "all_services": services_total}))
    expect(page.locator("#mf-count")).to_have_attribute("role", "status")
    assert unquote(page.url.split("#", 1)[1]) == _fragment(view)[1:]

    # A reload, and the same link in a fresh tab, show the same view.
    page.reload()
    expect(_visible_rows(page)).to_have_count(len(expected_rows))
    for group, values in view.items():
        for value in values:
            expect(page.locator(f".mf-group[data-group={group}] input[value='{value}']")).to_be_checked()
    other = page.context.new_page()
    other.goto(site_url + "/availability/" + _fragment(view))
    expect(_visible_rows(other)).to_have_count(len(expected_rows))
    expect(other.locator(".mf-group[data-group=plan] .mf-chosen")).to_have_text(
        next(r["plan_name"] for r in rows if r["plan_id"] == view["plan"][0]))
    other.close()

    # "Show everything" brings every row back and empties the fragment.
    page.locator("#matrix-filters button[type=reset]").click()
    expect(_visible_rows(page)).to_have_count(total_rows)
    assert "#" not in page.url
    assert external_requests == []


def test_download_this_view_is_the_open_data_csv_cut_to_the_rows_shown(page, site_url, built_site,
                                                                      external_requests):
    text, rows = _open_data(built_site)
    view = _view(rows)
    page.goto(site_url + "/availability/" + _fragment(view))
    expect(_visible_rows(page)).not_to_have_count(0)
    with page.expect_download() as info:
        page.locator("#mf-download").click()
    download = info.value
    got = open(download.path(), encoding="utf-8").read()
    assert got.splitlines()[0] == text.splitlines()[0]  # the same header, same columns
    assert list(csv.DictReader(io.StringIO(got))) == _keep(rows, view)
    assert download.suggested_filename.endswith(".csv")
    assert all(v in download.suggested_filename for v in view["county"] + view["plan"])
    # The full file stays a plain link.
    expect(page.locator("a[download][href$='data/availability.csv']")).to_be_visible()
    assert external_requests == []


def test_notes_and_sources_under_the_table_follow_the_view(page, site_url, built_site):
    _, rows = _open_data(built_site)
    conflicted = next(r for r in rows if r["conflict"])
    page.goto(site_url + f"/availability/#county={conflicted['county_id']}&plan={conflicted['plan_id']}")
    words = " ".join(conflicted["conflict"].split()[:8])
    expect(page.locator("#matrix-conflicts li:not([hidden])", has_text=words)).to_have_count(1)

    noted = next(r for r in rows if r["note"])
    page.goto(site_url + f"/availability/#county={noted['county_id']}&plan={noted['plan_id']}")
    expect(page.locator("#matrix-notes li:not([hidden])", has_text=" ".join(noted["note"].split()[:8]))).to_have_count(1)

    # A county and plan with no conflict and no dated change in any cell: no conflict notes, and only the notes
    # of its own cells (the open data gives each cell's note).
    quiet = {}
    for r in rows:
        key = (r["county_id"], r["plan_id"])
        quiet[key] = quiet.get(key, True) and bool(r["plan_id"]) and not (r["conflict"] or r["next_change_date"])
    county, plan = next(k for k, ok in quiet.items() if ok)
    own = {" ".join(r["note"].split()) for r in rows if (r["county_id"], r["plan_id"]) == (county, plan) and r["note"]}
    page.goto(site_url + f"/availability/#county={county}&plan={plan}")
    expect(_visible_rows(page)).to_have_count(1)
    expect(page.locator("#matrix-conflicts")).to_be_hidden()
    expect(page.locator("h2#conflicts")).to_be_hidden()
    notes = page.locator("#matrix-notes li:not([hidden])")
    expect(notes).to_have_count(len(own))
    for text in own:
        expect(notes.filter(has_text=" ".join(text.split()[:8]))).to_have_count(1)
    assert page.locator("#matrix-notes li").count() > len(own)
    # The dates list and the sources list keep only what the rows shown cite (numbers unchanged).
    expect(page.locator("ul.as-of > li:not([hidden])")).to_have_count(1)
    expect(page.locator("ul.as-of > li:not([hidden])")).to_have_attribute("data-plan", plan)
    cited = set(page.eval_on_selector_all(
        "article sup.cite a[href*='#src-']", "els => els.filter(a => a.checkVisibility()).map(a => a.hash.slice(1))"))
    shown = set(page.eval_on_selector_all("ol.page-sources > li", "els => els.filter(li => !li.hidden).map(li => li.id)"))
    assert cited and cited == shown
    assert page.locator("ol.page-sources > li[hidden]").count() > 0
    # A source keeps its number: its list item's value is the number its citations show.
    first = page.locator("#availability-matrix tbody tr:not([hidden]) sup.cite a").first
    number = first.inner_text()
    target = first.evaluate("a => a.hash.slice(1)")
    expect(page.locator(f"ol.page-sources > li#{target}")).to_have_attribute("value", number)


def test_a_filtered_print_starts_with_what_it_shows_then_the_table(page, site_url, built_site, ui):
    _, rows = _open_data(built_site)
    view = {**_view(rows), "service": []}
    page.goto(site_url + "/availability/" + _fragment(view))
    expect(_visible_rows(page)).not_to_have_count(0)
    names = {r["county_id"]: r["county_name"] for r in rows}
    plan_name = next(r["plan_name"] for r in rows if r["plan_id"] == view["plan"][0])
    line = fill(ui["en"]["matrix.filter.print"], {"filter": " · ".join([
        ", ".join(names[c] for c in view["county"]), plan_name,
        ui["en"]["matrix.filter.all_services"]])})
    expect(page.locator("#mf-showing")).to_be_hidden()  # print only
    page.emulate_media(media="print")
    showing = page.locator("#mf-showing")
    expect(showing).to_be_visible()
    expect(showing).to_have_text(line)
    expect(page.locator("#matrix-filters")).to_be_hidden()
    expect(page.locator("article .lead")).to_be_hidden()
    top = {name: page.locator(sel).bounding_box()["y"] for name, sel in (
        ("title", "article h1"), ("showing", "#mf-showing"), ("table", "#availability-matrix"),
        ("legend", "ul.legend"))}
    assert top["title"] < top["showing"] < top["table"] < top["legend"], top
    # The print lists only the sources its own lines cite (not those of the introduction it leaves out).
    # (The table's own superscripts are left off paper, its sources are not.)
    cited = set(page.eval_on_selector_all(
        "article sup.cite a[href*='#src-']",
        "els => els.filter(a => !a.closest('[hidden], .mf-intro')).map(a => a.hash.slice(1))"))
    listed = set(page.eval_on_selector_all("ol.page-sources > li", "els => els.filter(li => li.checkVisibility()).map(li => li.id)"))
    assert cited == listed
    intro_only = set(page.eval_on_selector_all(".mf-intro sup.cite a[href*='#src-']", "els => els.map(a => a.hash.slice(1))"))
    assert intro_only - cited, "test setup: the introduction cites a source the view does not"
    assert not (intro_only - cited) & listed
    page.emulate_media(media="screen")

    # Four counties: the summary on screen names two "and 2 more"; the print names all four.
    four = list(dict.fromkeys(r["county_id"] for r in rows))[:4]
    page.goto(site_url + "/availability/" + _fragment({"county": four}))
    expect(page.locator(".mf-group[data-group=county] .mf-chosen")).to_have_text(fill(
        ui["en"]["matrix.filter.and_more"], {"names": ", ".join(names[c] for c in four[:2]), "n": 2}))
    expect(showing).to_have_text(fill(ui["en"]["matrix.filter.print"], {"filter": " · ".join([
        ", ".join(names[c] for c in four), ui["en"]["matrix.filter.all_plans"], ui["en"]["matrix.filter.all_services"]])}))


def test_the_matrix_filters_in_spanish(page, site_url, built_site, ui):
    text, rows = _open_data(built_site, "es")
    view = {**_view(rows), "plan": []}
    es = ui["es"]
    page.set_viewport_size({"width": 390, "height": 844})
    # The language switch keeps the view (it carries the fragment).
    page.goto(site_url + "/availability/" + _fragment(view))
    page.locator("a[data-lang-switch]").click()
    page.wait_for_url("**/es/availability/#*")
    expect(page.locator("#matrix-filters")).to_have_attribute("data-ready", "1", timeout=30_000)
    expect(page.locator(".mf-group[data-group=county] .mf-name")).to_have_text(es["matrix.filter.counties"])
    expect(page.locator(".mf-group[data-group=plan] .mf-chosen")).to_have_text(es["matrix.filter.all_plans"])
    expect(page.locator("#mf-download")).to_have_text(es["matrix.filter.download"])
    shown = len({(r["county_id"], r["plan_id"]) for r in rows
                 if r["county_id"] in view["county"] and r["service_id"] in view["service"]})
    expect(page.locator("#mf-count")).to_have_text(fill(es["matrix.filter.count_view"], {
        "shown": shown, "total": page.locator("#availability-matrix tbody tr").count(),
        "services": len(view["service"]), "all_services": page.locator("#availability-matrix thead th[data-service]").count()}))
    # Touch targets on a phone: every summary and checkbox row is at least 44 px high.
    page.locator(".mf-group[data-group=service] summary").click()
    for target in page.locator(".mf-group summary, .mf-group[data-group=service] .mf-options label").all():
        assert target.bounding_box()["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    with page.expect_download() as info:
        page.locator("#mf-download").click()
    got = open(info.value.path(), encoding="utf-8").read()
    assert got.splitlines()[0] == text.splitlines()[0]
    assert list(csv.DictReader(io.StringIO(got))) == [
        r for r in rows if r["county_id"] in view["county"] and r["service_id"] in view["service"]]


@pytest.mark.parametrize("lang", ["", "es"])
def test_the_open_filters_of_a_filtered_view_have_no_wcag_violations(browser, site_url, built_site, lang):
    _, rows = _open_data(built_site, lang)
    context = browser.new_context(bypass_csp=True, service_workers="block", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(site_url + (f"/{lang}" if lang else "") + "/availability/" + _fragment(_view(rows)))
        expect(_visible_rows(page)).not_to_have_count(0)
        for summary in page.locator(".mf-group summary").all():
            summary.click()
        page.locator("#mf-find").fill("zzz")  # the "no county matches" message is on show too
        violations = axe_violations(page)
        assert not violations, describe(violations)
    finally:
        context.close()


def test_old_query_links_open_the_same_view_and_copy_link_copies_it(browser, site_url, built_site, ui):
    """Links made before the fragment (?county=<name>&service=<id>, as county and service pages once linked) open
    the same view, moved into the fragment; "Copy link to this view" copies that address and says so."""
    _, rows = _open_data(built_site)
    county = next(r for r in rows if " " in r["county_name"])  # a two-word name, written as the old links did
    service = rows[0]["service_id"]
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(site_url + f"/availability/?county={county['county_name']}&service={service}")
        expect(page.locator(f"input[name=county][value={county['county_id']}]")).to_be_checked()
        expect(_visible_rows(page)).to_have_count(len({r["plan_id"] for r in rows
                                                       if r["county_id"] == county["county_id"]}))
        assert page.url.endswith(f"/availability/#county={county['county_id']}&service={service}")
        page.locator("#mf-copy").click()
        expect(page.locator("#mf-count")).to_have_text(ui["en"]["matrix.filter.copied"])
        assert page.evaluate("navigator.clipboard.readText()") == page.url
    finally:
        context.close()
