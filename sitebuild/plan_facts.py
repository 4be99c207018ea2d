"""Plan facts: which are published, and which counties each plan (and region) serves.

Why one module: content/ keeps a status on each plan fact (a county's plan, a county's plan model, a plan's
website, Spanish page or relationships, a contact). Inferred and unverified facts stay in content/ for editors
(so confirming one is a one-word edit) but are never published. `published()` is the single place that drops
them; everything after it (pages, open data, the screener's rules) sees only publishable facts, and a county
that lost an entry is marked `plans_unconfirmed`, so its page can say that other plans may serve it.

Which counties a plan serves is written once, in counties.yaml (each county lists its plans, effective-dated).
`published()` also fills in each plan's regions with their counties, the shape the screener and pages read: a
plan without regions in plans.yaml gets one region with the plan's own id and name. Entries whose `ends` date
has passed on the build date are left out of the regions (a plan that left a county no longer serves it).
"""
import copy
import datetime

PUBLISHED = ("verified", "verified_third_party", "verified_old")
NOT_PUBLISHED = ("inferred", "unverified")
DEFAULT_STATUS = "verified"  # contacts that predate status labels were verified when they were entered


def is_published(item: dict) -> bool:
    return item.get("status", DEFAULT_STATUS) in PUBLISHED


def default_region(plan: dict) -> dict:
    return {"id": plan["id"], "name": plan["name"], "sources": list(plan.get("sources", []))}


def region_ids(plan: dict) -> list:
    return [region["id"] for region in plan.get("regions") or [default_region(plan)]]


def in_effect(item: dict, today: str) -> bool:
    start, end = item.get("effective"), item.get("ends")
    return (start is None or start <= today) and (end is None or today <= end)


def not_ended(item: dict, today: str) -> bool:
    return item.get("ends") is None or today <= item["ends"]


def published(model: dict, today: str | None = None) -> dict:
    """A copy of the validated model with only publishable plan facts, and each plan's regions filled in."""
    today = today or datetime.date.today().isoformat()
    out = copy.deepcopy(model)
    for county in out["counties"]["counties"]:
        kept = [entry for entry in county.get("plans", []) if is_published(entry)]
        if len(kept) != len(county.get("plans", [])):
            county["plans_unconfirmed"] = True
        county["plans"] = kept
        if "plan_model" in county:
            county["plan_model"] = [entry for entry in county["plan_model"] if is_published(entry)]
    for plan in out["plans"]["plans"]:
        for key in ("website", "spanish_page"):
            if key in plan and not is_published(plan[key]):
                del plan[key]
        if "relationships" in plan:
            plan["relationships"] = [item for item in plan["relationships"] if is_published(item)]
    contacts = out["contacts"]
    contacts["contacts"] = [contact for contact in contacts["contacts"] if is_published(contact)]
    _fill_regions(out, today)
    return out


def _fill_regions(model: dict, today: str) -> None:
    served: dict = {}
    for county in model["counties"]["counties"]:
        for entry in county["plans"]:
            if not_ended(entry, today):
                region = entry.get("region") or entry["plan"]
                served.setdefault((entry["plan"], region), []).append(county["id"])
    for plan in model["plans"]["plans"]:
        regions = plan.get("regions") or [default_region(plan)]
        for region in regions:
            region["counties"] = served.get((plan["id"], region["id"]), [])
        plan["regions"] = regions


def plans_in_county(model: dict, county_id: str, today: str) -> list:
    """The published plan entries of a county in effect on `today`, in file order."""
    for county in model["counties"]["counties"]:
        if county["id"] == county_id:
            return [entry for entry in county["plans"] if in_effect(entry, today)]
    return []


def member_line(model: dict, plan_id: str, region: str | None = None):
    """The plan's member line: its member services contact, else its ECM/CS line (for a region, the region's
    own contact first). None when our sources give none."""
    candidates = [c for c in model["contacts"]["contacts"]
                  if (c.get("area") or {}).get("plan") == plan_id and c.get("phones")
                  and c.get("audience") in ("members", "everyone")]
    for role in ("member_services", "program_line"):
        for contact in candidates:
            area = contact.get("area") or {}
            if contact.get("role") == role and (area.get("region") is None or region is None
                                                or area["region"] == region):
                return contact
    return None
