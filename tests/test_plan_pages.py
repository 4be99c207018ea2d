"""Plan pages, the plan directory, county pages' plan lists and the plans open data, checked against the content
model (facts are read from it, never copied here)."""
import csv
import io
import json

import pytest

from pagescan import article, page
from sitebuild import plan_facts
from sitebuild.content import load_content
from sitebuild.render_helpers import tel_href

HCO = "health_care_options"


@pytest.fixture(scope="module")
def model():
    return load_content()


def _voice(contact):
    return [p for p in contact["phones"] if p["type"] == "voice"]


def test_county_pages_link_each_plans_member_line_as_tel(built_site, model):
    contacts = {c["id"]: c for c in model["contacts"]["contacts"]}
    for county in model["counties"]["counties"]:
        doc = article(page(built_site, f"counties/{county['id']}/"))
        plans_list = doc.find("ul", cls="county-plans")
        if not county["plans"]:
            assert plans_list is None
            assert doc.find("a", href=tel_href(_voice(contacts[HCO])[0]["number"])) is not None, county["id"]
            continue
        assert plans_list is not None, county["id"]
        items = plans_list.find_all("li")
        assert len(items) == len(county["plans"]), county["id"]
        for item, entry in zip(items, county["plans"]):
            line = plan_facts.member_line(model, entry["plan"], entry.get("region") or entry["plan"])
            if line is None:
                continue
            first_link = next(a for a in item.find_all("a") if a.get("href", "").startswith("tel:"))
            assert first_link.get("href") == tel_href(_voice(line)[0]["number"]), (county["id"], entry["plan"])
        if county.get("plans_unconfirmed"):
            assert doc.find("p", cls="unconfirmed") is not None, county["id"]


def test_every_plan_has_a_page_with_its_member_line_or_health_care_options(built_site, model):
    contacts = {c["id"]: c for c in model["contacts"]["contacts"]}
    for plan in model["plans"]["plans"]:
        doc = article(page(built_site, f"plans/{plan['id']}/"))
        hrefs = {a.get("href") for a in doc.find_all("a")}
        line = plan_facts.member_line(model, plan["id"])
        expected = _voice(line)[0]["number"] if line else _voice(contacts[HCO])[0]["number"]
        assert tel_href(expected) in hrefs, plan["id"]
        for region in plan["regions"]:
            for county in region["counties"]:
                assert any(h and h.endswith(f"counties/{county}/") for h in hrefs), (plan["id"], county)
        assert doc.find("ol", cls="page-sources") is not None


def test_the_plan_directory_has_every_county_with_an_anchor_and_works_without_javascript(built_site, model):
    html = page(built_site, "plans/")
    doc = article(html)
    assert not doc.find_all("script")
    jump = doc.find("nav", cls="county-jump")
    targets = [a.get("href") for a in jump.find_all("a")]
    assert targets == [f"#county-{c['id']}" for c in model["counties"]["counties"]]
    for county in model["counties"]["counties"]:
        assert doc.by_id(f"county-{county['id']}") is not None


def test_plans_open_data_has_every_county_and_a_source_and_date_per_record(built_site, model):
    data = json.loads((built_site / "data" / "plans.json").read_text(encoding="utf-8"))
    rows = list(csv.DictReader(io.StringIO((built_site / "data" / "plans.csv").read_text(encoding="utf-8"))))
    assert len(rows) == len(data["records"])
    counties = {c["id"] for c in model["counties"]["counties"]}
    assert {r["service_area"]["id"] for r in data["records"]} == counties
    for record in data["records"]:
        for field in ("organization", "service", "service_area", "phone", "contact", "schedule",
                      "eligibility_description", "assured_date", "url"):
            assert field in record
        assert record["url"].startswith("http") and record["assured_date"]
        assert record["status"] not in plan_facts.NOT_PUBLISHED
    published = {(c["id"], e["plan"]) for c in model["counties"]["counties"] for e in c["plans"]}
    assert {(r["county_id"], r["organization_id"]) for r in rows if r["organization_id"] != "dhcs"} == published


def test_how_to_ask_links_each_referral_routes_web_page_by_name(built_site, model):
    """Wherever a referral route with a web page (its forms, a provider portal) is shown in a program's "how to
    ask" for a plan, and on the plan's page, the page is a plain link named for what it leads to and its site."""
    from screener.next_steps import url_host, url_kind

    ui = model["ui"]["ui"]
    services = model["community_supports"]["services"]
    pages = {"ecm": "ecm/", "chw": "chw/", "community_supports": f"community-supports/{services[0]['id']}/"}
    routes = [c for c in model["contacts"]["contacts"]
              if c.get("url") and c.get("role") == "referral" and c.get("area")]
    assert routes, "content has referral routes with a web page"
    for contact in routes:
        words = ui[f"contact.link.{url_kind(contact)}"].replace("{host}", url_host(contact["url"]))
        where = [pages[g] for g in contact["programs"] if g in pages]
        where.append(f"plans/{contact['area']['plan']}/")
        for path in where:
            doc = article(page(built_site, path))
            box = doc.find("div", cls="how-to-ask", **{"data-plan": contact["area"]["plan"]}) if path in pages.values() else doc
            assert box is not None, (path, contact["id"])
            links = box.find_all("a", cls="web-link", href=contact["url"])
            assert links, f"{path}: no link to {contact['id']}'s web page"
            assert all(a.text().strip() == words and a.get("rel") == "noopener" for a in links), (path, contact["id"])
