"""The generated pages: one per Community Support and county, the matrix, contacts, sources, escaping."""
import copy
import functools
import datetime as dt
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from pagescan import article, page, parse
from sitebuild import content, mkdocs_run, nav, render, routes
from sitebuild.site_model import SiteModel
from sitebuild import render_helpers as h



def expected_tel(number: str) -> str:
    """The tel: link a printed US number should get (the test's own statement of the rule): 10 digits get +1,
    11 digits starting with 1 get +, short codes such as 711 stay as dialled."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if len(digits) == 10:
        return "tel:+1" + digits
    if len(digits) == 11 and digits.startswith("1"):
        return "tel:+" + digits
    return "tel:" + digits


def all_phones(model) -> list:
    return [p["number"] for c in model["contacts"]["contacts"] for p in c.get("phones", [])]


def rule_for(model, plan: str, service: str, status: str) -> dict:
    """The one availability rule for a plan and service with this status that lists its counties."""
    found = [r for r in model["availability"]["rules"] if r["plan"] == plan and service in r["services"]
             and r["status"] == status and r.get("counties")]
    assert len(found) == 1, f"test setup: expected one {status} rule for {plan}/{service}"
    return found[0]


@pytest.fixture(scope="session")
def model():
    return content.load_content()


@pytest.fixture(scope="session")
def ui(model):
    return model["ui"]["ui"]


@pytest.fixture(scope="session")
def generated_paths(model):
    return [path for path, _template, _context in routes.pages(SiteModel(model, dt.date.today()))]


def url_of(md_path: str) -> str:
    return routes.page_url(md_path)


@pytest.fixture(scope="session")
def matrix(built_site):
    doc = page(built_site, "availability/")
    return doc.by_id("availability-matrix")


def cell(matrix, county: str, plan: str, service: str):
    for row in matrix.find_all("tr"):
        if row.get("data-county") == county and row.get("data-plan") == plan:
            return row.find("td", data_service=service)
    return None


# ---------------------------------------------------------------------------------------------- pages exist

def test_every_community_support_has_its_page(built_site, model):
    services = model["community_supports"]["services"]
    assert len(services) >= 15
    for service in services:
        doc = page(built_site, f"community-supports/{service['id']}/")
        assert doc.find("h1").text().startswith(service["name"]), service["id"]
        assert "who-may-qualify" in {el.get("id") for el in doc.find_all("h3")}


def test_every_county_has_its_page(built_site, model):
    counties = model["counties"]["counties"]
    assert len(counties) == 58
    for county in counties:
        doc = page(built_site, f"counties/{county['id']}/")
        assert county["name"] in doc.find("h1").text()


# ---------------------------------------------------------------------------------------------- the matrix

def test_matrix_is_a_real_table_with_all_58_counties(matrix, model):
    assert matrix is not None and matrix.find("caption") is not None
    assert all(th.get("scope") == "col" for th in matrix.find("thead").find_all("th"))
    rows = matrix.find("tbody").find_all("tr")
    counties = {row.get("data-county") for row in rows}
    assert counties == {c["id"] for c in model["counties"]["counties"]}
    assert len(counties) == 58
    for row in rows:
        assert row.find("th").get("scope") == "row"
    services = [th.get("data-service") for th in matrix.find("thead").find_all("th") if th.get("data-service")]
    assert services == [s["id"] for s in sorted(model["community_supports"]["services"], key=lambda s: s["number"])]


def test_every_matrix_cell_states_its_status_in_words(matrix, ui):
    words = [ui["availability.not_offered"], ui["availability.offered"], ui["availability.unknown"]]
    cells = matrix.find_all("td", cls="cell")
    assert len(cells) > 400
    for td in cells:
        status = td.find("span", cls="st").text()
        assert status in words, td.text()


def test_kp_sobering_centers_not_offered_in_the_counties_its_rule_lists(matrix, model, ui):
    kp_counties = {c for region in next(p for p in model["plans"]["plans"] if p["id"] == "kp")["regions"]
                   for c in region["counties"]}
    not_offered = rule_for(model, "kp", "sobering_centers", "not_offered")["counties"]
    for county in sorted(kp_counties):
        td = cell(matrix, county, "kp", "sobering_centers")
        expected = ui["availability.not_offered"] if county in not_offered else ui["availability.offered"]
        assert td.find("span", cls="st").text() == expected, county
    assert set(not_offered) <= kp_counties


def test_kp_recuperative_care_not_offered_in_san_mateo_with_its_conflict_note(built_site, matrix, model, ui):
    rule = rule_for(model, "kp", "recuperative_care", "not_offered")
    assert rule["counties"] == ["san_mateo"] and rule.get("conflict"), "test setup: the rule this test is about"
    conflict = " ".join(rule["conflict"]["text"].split())
    td = cell(matrix, "san_mateo", "kp", "recuperative_care")
    assert td.find("span", cls="st").text() == ui["availability.not_offered"]
    mark = td.find("a", cls="conflict-mark")
    assert mark is not None and mark.get("href").startswith("#conflict-")
    doc = page(built_site, "availability/")
    note = doc.by_id(mark.get("href")[1:])
    assert note is not None and conflict in note.text()
    # The cell also links to its source, listed at the end of the page.
    cites = [a.get("href") for a in td.find_all("a") if a.get("href", "").startswith("#src-")]
    assert cites and all(doc.by_id(href[1:]) is not None for href in cites)
    # Elsewhere Kaiser Permanente offers Recuperative Care, without a conflict mark.
    other = cell(matrix, "alameda", "kp", "recuperative_care")
    assert other.find("span", cls="st").text() == ui["availability.offered"]
    assert other.find("a", cls="conflict-mark") is None
    # The county page and the service page show the same exception and note.
    county = article(page(built_site, "counties/san_mateo/")).text()
    assert conflict in county
    service = article(page(built_site, "community-supports/recuperative_care/")).text()
    assert "San Mateo" in service and conflict in service


def test_counties_without_a_plan_say_unknown_and_whom_to_call(built_site, matrix, model, ui):
    plan_counties = {c for p in model["plans"]["plans"] for r in p["regions"] for c in r["counties"]}
    without = [c for c in model["counties"]["counties"] if c["id"] not in plan_counties]
    statewide = [p["number"] for c in model["contacts"]["contacts"] if not c.get("area")
                 for p in c.get("phones", []) if p.get("type", "voice") == "voice"]
    assert without and statewide
    for county in without:
        rows = [row for row in matrix.find_all("tr") if row.get("data-county") == county["id"]]
        assert len(rows) == 1 and rows[0].get("data-plan") == "none"
        assert ui["availability.unknown"] in rows[0].text()
        for number in statewide:
            assert rows[0].find("a", href=expected_tel(number)) is not None, number
        doc = article(page(built_site, f"counties/{county['id']}/"))
        for number in statewide:
            assert doc.find("a", href=expected_tel(number)) is not None, number


def test_matrix_and_contact_pages_link_their_downloads(built_site):
    hrefs = {a.get("href") for a in page(built_site, "availability/").find_all("a")}
    assert {"../data/availability.csv", "../data/availability.json"} <= hrefs
    hrefs = {a.get("href") for a in page(built_site, "contacts/").find_all("a")}
    assert {"../data/contacts.csv", "../data/contacts.json"} <= hrefs


# ---------------------------------------------------------------------------------------------- contacts

def test_every_phone_in_content_is_on_the_contact_page_with_a_working_tel_link(built_site, model):
    doc = article(page(built_site, "contacts/"))
    links = {(a.text(), a.get("href")) for a in doc.find_all("a") if a.get("href", "").startswith("tel:")}
    assert all_phones(model)
    for number in all_phones(model):
        assert (number, expected_tel(number)) in links, number


def test_every_email_in_content_is_on_the_contact_page_with_a_mailto_link(built_site, model):
    doc = article(page(built_site, "contacts/"))
    links = {(a.text(), a.get("href")) for a in doc.find_all("a") if a.get("href", "").startswith("mailto:")}
    emails = [c["email"] for c in model["contacts"]["contacts"] if c.get("email")]
    assert emails
    for email in emails:
        assert (email, f"mailto:{email}") in links, email


def test_referral_emails_have_one_prefilled_link_per_subject_line(built_site, model):
    doc = article(page(built_site, "contacts/"))
    hrefs = {a.get("href"): a.text() for a in doc.find_all("a")}
    with_subjects = [c for c in model["contacts"]["contacts"] if c.get("subject_lines")]
    assert with_subjects
    for contact in with_subjects:
        for subject in contact["subject_lines"].values():
            href = f"mailto:{contact['email']}?subject={subject.replace(' ', '%20')}"
            assert hrefs.get(href) == subject, href


def test_contact_page_has_no_wrong_door_rules_network_lead_entity_and_liaisons(built_site, model):
    text = article(page(built_site, "contacts/")).text()
    text = re.sub(r"\s+([,.;:])", r"\1", text)  # a number in a sentence is a tel: link, an element of its own
    rules = [rule for block in model["contacts"]["referral_rules"] for rule in block["rules"]]
    assert rules
    for rule in rules:
        assert " ".join(rule["text"].split()) in text
    for contact in model["contacts"]["contacts"]:
        assert contact["name"] in text
    liaisons = [c for c in model["contacts"]["contacts"] if "justice_involved" in c["programs"]]
    assert liaisons and all(c["email"] in text for c in liaisons if c.get("email"))


def test_tel_links_keep_digits_of_the_printed_number():
    assert h.tel_href("1-800-555-0123") == "tel:+18005550123"
    assert h.tel_href("626-555-0123") == "tel:+16265550123"
    assert h.tel_href("711") == "tel:711"
    for number in all_phones(content.load_content()):
        assert h.tel_href(number) == expected_tel(number), number
    assert h.mailto_href("a@b.org", "CHW services request") == "mailto:a@b.org?subject=CHW%20services%20request"


# ---------------------------------------------------------------------------------------------- sources, dates

def test_every_generated_page_ends_with_its_sources_and_a_reviewed_date(built_site, generated_paths, model):
    source_ids = {s["id"] for s in model["sources"]["sources"]}
    for md_path in generated_paths:
        doc = article(page(built_site, url_of(md_path)))
        reviewed = doc.find("p", cls="reviewed")
        assert reviewed is not None and reviewed.find("time") is not None, md_path
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", reviewed.find("time").get("datetime")), md_path
        if md_path == routes.page_path("sources"):
            rows = doc.find("table", cls="sources-table").find("tbody").find_all("tr")
            assert {row.get("id") for row in rows} == source_ids
            continue
        listed = doc.find("ol", cls="page-sources")
        assert listed is not None, md_path
        ids = [li.get("id", "")[len("src-"):] for li in listed.find_all("li")]
        assert ids and set(ids) <= source_ids, md_path
        # Only the sources this page cites: each listed source is linked from the page's text.
        cited = {a.get("href")[len("#src-"):] for a in doc.find_all("a") if a.get("href", "").startswith("#src-")}
        assert set(ids) == cited, md_path


def test_sources_page_shows_kind_publisher_and_dates(built_site, model, ui):
    doc = article(page(built_site, "sources/"))
    for source in model["sources"]["sources"]:
        row = doc.by_id(source["id"])
        text = row.text()
        assert source["publisher"] in text
        assert ui[f"common.{source['kind']}_source"] in text
        if source.get("url"):
            assert row.find("a", href=source["url"]) is not None, source["id"]
        if source.get("seed"):  # internal file names never reach a page (issue 13)
            assert source["seed"] not in text, source["id"]
        if source.get("note"):
            assert " ".join(source["note"].split()) in " ".join(text.split()), source["id"]


def test_every_page_link_inside_the_site_resolves(built_site, generated_paths):
    for md_path in generated_paths:
        url = url_of(md_path)
        doc = page(built_site, url)
        for a in article(doc).find_all("a"):
            href = a.get("href", "")
            if not href or href.startswith(("http://", "https://", "mailto:", "tel:")):
                continue
            parts = urlsplit(href)
            target_url = (Path(url) / unquote(parts.path)).as_posix() if parts.path else url
            target = (built_site / url / unquote(parts.path)).resolve() if parts.path else built_site / url
            if target.is_dir():
                target = target / "index.html"
            assert target.exists(), f"{md_path}: {href}"
            # A fragment with "=" is a view of the page (the matrix's filter, #service=...), not an anchor.
            if parts.fragment and "=" not in parts.fragment and target.suffix == ".html":
                assert parts.fragment in _ids(target), f"{md_path}: {href} ({target_url})"


@functools.lru_cache(maxsize=None)
def _ids(path: Path) -> frozenset:
    return frozenset(el.get("id") for el in parse(path.read_text(encoding="utf-8")).iter() if el.get("id"))


# ---------------------------------------------------------------------------------------------- checklists

def test_ecm_checklists_come_from_the_criteria_text(built_site, model):
    text = article(page(built_site, "ecm/")).text()
    pops = model["ecm"]["ecm"]["populations"]
    assert len(pops) == 9
    for pop in pops:
        assert pop["name"] in text
        for track in ("adult", "child"):
            if pop.get(track):
                assert " ".join(pop[track]["text"].split()) in text, (pop["id"], track)
    for program in model["ecm"]["ecm"]["exclusions"]["programs"]:
        assert program["name"] in text


def test_cs_checklists_come_from_the_criteria_text(built_site, model):
    for service in model["community_supports"]["services"]:
        text = article(page(built_site, f"community-supports/{service['id']}/")).text()
        if service.get("criteria"):
            assert " ".join(service["criteria"]["text"].split()) in text, service["id"]
        else:
            assert " ".join(service["no_criteria_reason"].split()) in text, service["id"]


def test_shared_criteria_are_shown_where_referenced(built_site, model):
    text = article(page(built_site, "ecm/")).text()
    adult = next(c for c in model["criteria"]["shared"] if c["id"] == "adult")
    assert adult["text"] in text


# ---------------------------------------------------------------------------------------------- dates

def _render(model, tmp_path, today):
    docs = tmp_path / "docs"
    docs.mkdir()
    render.render_all(model, docs, today)
    return docs


def test_changes_show_what_is_in_effect_and_what_comes_next(model, tmp_path):
    docs = _render(model, tmp_path, dt.date(2025, 12, 1))
    asthma = (docs / "community-supports" / "asthma_remediation.md").read_text(encoding="utf-8")
    assert 'id="changes-next"' in asthma or "{: #changes-next }" in asthma
    assert 'datetime="2026-01-01"' in asthma.split("{: #changes-next }")[1]
    matrix = (docs / "availability" / "index.md").read_text(encoding="utf-8")
    assert 'datetime="2026-01-01"' in matrix  # Transitional Rent starts for every plan

    later = tmp_path / "later"
    later.mkdir()
    render.render_all(model, later, dt.date(2026, 11, 23))
    asthma = (later / "community-supports" / "asthma_remediation.md").read_text(encoding="utf-8")
    assert "{: #changes-next }" not in asthma and "{: #changes-now }" in asthma


def test_availability_follows_last_matching_rule_and_dates(model):
    got = h.availability(model, "kp", "alameda", "transitional_rent", dt.date(2025, 12, 1))
    assert got["status"] == h.UNKNOWN and got["next"]["date"] == "2026-01-01"
    assert got["next"]["status"] == h.OFFERED
    assert h.availability(model, "kp", "alameda", "transitional_rent", dt.date(2026, 1, 1))["status"] == h.OFFERED
    assert h.availability(model, "kp", "san_mateo", "sobering_centers", "2026-11-23")["status"] == h.NOT_OFFERED
    assert h.availability(model, "kp", "alpine", "sobering_centers", "2026-11-23")["status"] == h.UNKNOWN
    assert h.availability(model, "cchp", "contra_costa", "sobering_centers", "2026-11-23")["status"] == h.UNKNOWN


# ---------------------------------------------------------------------------------------------- escaping

def test_markup_in_content_renders_as_text(model, tmp_path):
    evil = "<script>alert(1)</script> *not emphasis* _x_ [link](http://example.com) {: #id }"
    m = copy.deepcopy(model)
    service = m["community_supports"]["services"][0]
    service["name"] = "Name " + evil
    service["summary"] = evil
    m["counties"]["counties"][0]["name"] = "County " + evil
    m["sources"]["sources"][0]["title"] = evil
    m["contacts"]["contacts"][0]["description"] = evil
    m["ui"]["ui"]["matrix.title"] = "Title " + evil
    m["ecm"]["ecm"]["populations"][0]["adult"]["text"] = evil
    docs = tmp_path / "docs"
    shutil.copytree(Path(__file__).resolve().parent.parent / "docs", docs)
    render.render_all(m, docs, dt.date(2026, 11, 23))
    site = tmp_path / "site"
    mkdocs_run.build(docs, site, quiet=True, nav=nav.nav(m, docs, dt.date(2026, 11, 23)))
    pages = {
        "service": f"community-supports/{service['id']}/",
        "county": f"counties/{m['counties']['counties'][0]['id']}/",
        "matrix": "availability/",
        "contacts": "contacts/",
        "ecm": "ecm/",
        "sources": "sources/",
    }
    for name, url in pages.items():
        raw = (site / url / "index.html").read_text(encoding="utf-8")
        assert "<script>alert(1)" not in raw, name
        assert "<em>not emphasis</em>" not in raw and "<em>x</em>" not in raw, name
        assert 'href="http://example.com"' not in raw, name
        assert "<script>alert(1)</script> *not emphasis* _x_ [link](http://example.com)" in \
            article(parse(raw)).text(), name


# ---------------------------------------------------------------------------------------------- print

def test_print_styles_for_programs_and_the_matrix(built_site):
    css = (built_site / "assets" / "print.css").read_text(encoding="utf-8")
    assert "size: landscape" in css and "table-header-group" in css and ".md-sidebar" in css
    head = page(built_site, "availability/").find("head")
    assert any(link.get("href", "").endswith("assets/print.css") for link in head.find_all("link"))


def test_html_blocks_have_no_blank_lines(model, tmp_path):
    """A blank line inside a raw HTML block could end the block early in Markdown; the templates never emit one."""
    docs = _render(model, tmp_path, dt.date(2026, 11, 23))
    tags = r"(div|ul|ol|table|form|dl)"
    for path in docs.rglob("*.md"):
        depth = 0
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            depth += len(re.findall(rf"<{tags}\b", line)) - len(re.findall(rf"</{tags}>", line))
            assert not (depth > 0 and not line.strip()), f"{path.relative_to(docs)}:{number}"
        assert depth == 0, path
