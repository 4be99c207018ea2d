"""Next steps for a member of every plan name that plan's member line, for every county the plan serves; a plan
our sources give no member line for sends the person to Health Care Options and to the member ID card. Facts are
read from the content model, never copied here."""
import pytest

import screener
from sitebuild import plan_facts
from sitebuild.content import load_content

MODEL = load_content()
HCO = "health_care_options"
CONTACTS = {c["id"]: c for c in MODEL["contacts"]["contacts"]}
# Someone who may qualify for ECM and Community Supports, so the screener has next steps to give.
ANSWERS = {"age": 40, "housing": ["unsheltered"], "complex_need": True, "enrolled_programs": []}


def _plan_counties():
    for plan in MODEL["plans"]["plans"]:
        for region in plan["regions"]:
            for county in region["counties"]:
                yield pytest.param(plan, region["id"], county, id=f"{plan['id']}-{county}")


@pytest.mark.parametrize("plan, region, county", list(_plan_counties()))
def test_a_member_of_each_plan_gets_that_plans_member_line_first(plan, region, county):
    result = screener.evaluate({**ANSWERS, "plan": plan["id"], "county": county})
    assert result["ok"], result["errors"]
    steps = result["next_steps"]
    line = plan_facts.member_line(MODEL, plan["id"], region)
    if line is None:
        assert "member_line" in plan.get("not_found", [])
        assert HCO in [s["contact_id"] for s in steps]
        assert any(plan["name"] in note for note in result["notes"])
        return
    first = steps[0]
    contact = CONTACTS[first["contact_id"]]
    assert contact["area"]["plan"] == plan["id"] and contact.get("role") in ("member_services", "program_line")
    assert contact["area"].get("region") in (None, region)
    numbers = [p["number"] for p in contact["phones"] if p["type"] != "tty"]
    assert first["phones"] and first["phones"][0]["number"] in numbers, (first, numbers)
    assert first["tel"].startswith("tel:+1")
    assert HCO not in [s["contact_id"] for s in steps]


def test_not_sure_of_the_plan_gives_health_care_options_and_the_id_card():
    result = screener.evaluate({**ANSWERS, "plan": "not_sure", "county": "fresno"})
    assert [s["contact_id"] for s in result["next_steps"]] == [HCO]
    ui = MODEL["ui"]["ui"]
    assert ui["screener.note.not_sure_plan"] in result["notes"]


def test_another_plan_gives_health_care_options():
    result = screener.evaluate({**ANSWERS, "plan": "other", "county": "los_angeles"})
    assert [s["contact_id"] for s in result["next_steps"]] == [HCO]


@pytest.mark.parametrize("plan, region, county", list(_plan_counties()))
def test_community_support_availability_gives_the_plans_phone(plan, region, county):
    """Offered, not offered or unknown, a Community Support's availability carries the plan's member line (when
    our sources give one), and an unknown one says to ask the plan at that number."""
    result = screener.evaluate({**ANSWERS, "plan": plan["id"], "county": county})
    line = plan_facts.member_line(MODEL, plan["id"], region)
    for program in (p for p in result["programs"] if p["kind"] == "community_support"):
        availability = program["availability"]
        assert availability["status"] in ("offered", "not_offered", "unknown")
        if line is None:
            assert "phone" not in availability
            continue
        number = availability["phone"]["number"]
        assert number in [p["number"] for p in CONTACTS[availability["phone"]["contact_id"]]["phones"]]
        if availability["status"] == "unknown":
            assert number in availability["text"]


def _contacts_with_a_web_page():
    for contact in MODEL["contacts"]["contacts"]:
        if contact.get("url") and contact.get("area") and "justice_involved" not in contact["programs"]:
            yield pytest.param(contact, id=contact["id"])


def _a_county_of(plan_id, region=None):
    plan = next(p for p in MODEL["plans"]["plans"] if p["id"] == plan_id)
    return next(c for r in plan["regions"] if region in (None, r["id"]) for c in r["counties"])


@pytest.mark.parametrize("contact", list(_contacts_with_a_web_page()))
@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_provider_gets_each_referral_route_with_its_web_page_as_a_named_link(contact, lang):
    """A referral route with a web page (forms, a provider portal) reaches a provider's next steps with that page
    as a link named for what it leads to and its site, in the person's language (ui contact.link.<kind>)."""
    from screener.next_steps import url_host, url_kind
    from sitebuild.i18n import translate

    area = contact["area"]
    county = _a_county_of(area["plan"], area.get("region"))
    result = screener.evaluate({**ANSWERS, "filling_in": "provider", "plan": area["plan"], "county": county},
                               lang=lang)
    steps = [s for s in result["next_steps"] if s["contact_id"] == contact["id"]]
    assert steps, f"{contact['id']} is not in a provider's next steps for {area['plan']} in {county}"
    ui = (MODEL if lang == "en" else translate(MODEL, lang))["ui"]["ui"]
    words = ui[f"contact.link.{url_kind(contact)}"].replace("{host}", url_host(contact["url"]))
    for step in steps:
        assert step["url"] == contact["url"]
        assert step["url_text"] == words
        assert url_host(contact["url"]) in step["url_text"] and "www." not in step["url_text"]


def test_a_member_line_without_a_web_page_has_no_link():
    result = screener.evaluate({**ANSWERS, "filling_in": "member", "plan": "kp", "county": "fresno"})
    for step in result["next_steps"]:
        if not CONTACTS[step["contact_id"]].get("url"):
            assert step["url"] is None and step["url_text"] is None
