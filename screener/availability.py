"""Is a Community Support offered by this plan in this county on this date?

Why this shape: our sources state availability as broad rules with exceptions ("all 14 in every county, except
Sobering Centers in these 12"). content/availability.yaml keeps them in that form. For a plan, county, service
and date, every rule that names the plan and the service, covers the county (a rule without `counties` covers
all of the plan's counties) and is in effect (`effective` <= date <= `ends`, both optional, `ends` inclusive)
matches; the LAST match in file order decides. No match means "unknown": we never guess.
A rule may carry a `conflict` (another source says otherwise); it is passed on so the person can ask the plan.
"""
from . import next_steps

OFFERED = "offered"
NOT_OFFERED = "not_offered"
UNKNOWN = "unknown"


def in_effect(item: dict, today: str) -> bool:
    """ISO dates compare correctly as strings."""
    start, end = item.get("effective"), item.get("ends")
    return (start is None or start <= today) and (end is None or today <= end)


def plan_serves(rules, plan: str, county: str) -> bool:
    return (plan, county) in rules.region_of


def rule_applies(rule: dict, plan: str, county: str, service: str, served: bool) -> bool:
    """Whether a rule speaks about this plan, county and service (dates aside). `served`: the plan serves the
    county, which a rule without `counties` needs."""
    if rule["plan"] != plan or service not in rule["services"]:
        return False
    counties = rule.get("counties")
    return served if counties is None else county in counties


def select_rule(availability: list, plan: str, county: str, service: str, today: str, served: bool):
    """The last applying rule in effect on `today`, or None. Shared with the site build (sitebuild)."""
    found = None
    for rule in availability:
        if rule_applies(rule, plan, county, service, served) and in_effect(rule, today):
            found = rule
    return found


def deciding_rule(rules, plan: str, county: str, service: str, today: str):
    return select_rule(rules.availability, plan, county, service, today, plan_serves(rules, plan, county))


def check(rules, plan, county, service: dict, today: str) -> dict:
    """{status, text, conflict, note, sources, phone} for one Community Support; `phone` ({number, tel,
    contact_id}) is the plan's member line, to ask the plan, when our sources give one."""
    result = {"status": UNKNOWN, "text": "", "conflict": None, "note": None, "sources": []}
    if plan is None or county is None:
        result["text"] = rules.text("screener.availability.need_plan_county", service=service["name"])
        return result
    plan_info = rules.plans.get(plan)
    county_name = rules.counties.get(county, county)
    if plan_info is None:
        result["text"] = rules.text("screener.availability.other_plan", service=service["name"], county=county_name)
        return result
    values = {"plan": plan_info["name"], "county": county_name, "service": service["name"]}
    if not plan_serves(rules, plan, county):
        result["text"] = rules.text("screener.availability.plan_not_in_county", **values)
        return result
    line = next_steps.member_line(rules, plan, county)
    voice = [p for p in (line or {}).get("phones", []) if p.get("type") != "tty"]
    if voice:
        result["phone"] = {"number": voice[0]["number"], "tel": next_steps.tel_uri(voice[0]["number"]),
                           "contact_id": line["id"]}
    rule = deciding_rule(rules, plan, county, service["id"], today)
    if rule is None:
        if voice:
            result["text"] = rules.text("screener.availability.no_rule_call", phone=voice[0]["number"], **values)
        else:
            result["text"] = rules.text("screener.availability.no_rule", **values)
        return result
    result["status"] = rule["status"]
    result["text"] = rules.text("screener.availability." + rule["status"], **values)
    result["note"] = rule.get("note")
    sources = list(rule.get("sources", []))
    conflict = rule.get("conflict")
    if conflict:
        result["conflict"] = conflict.get("text")
        sources += conflict.get("sources", [])
    result["sources"] = rules.source_list(sources)
    return result
