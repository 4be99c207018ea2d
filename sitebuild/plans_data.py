"""The plan directory as open data: data/plans.json and data/plans.csv, one record per plan and county.

Field names follow Open Referral HSDS 3 where one fits: `organization` (the plan), `service` (its Medi-Cal
managed care coverage), `service_area` (the county), `phone`, `contact`, `schedule`, `eligibility_description`,
`url` (the first source's address) and `assured_date` (the date by which every source of the record was last
checked: the oldest `reviewed` date among them). A county whose plans our sources do not confirm gets one record
that points to Health Care Options instead, so every one of the 58 counties is in the file.
Only published facts are here (sitebuild.plan_facts.published ran when content was loaded).
"""
from . import plan_facts
from . import render_helpers as h

HSDS_VERSION = "3.0"
HCO_CONTACT = "health_care_options"
CSV_FIELDS = [
    "county_id", "county_name", "county_plans_unconfirmed", "organization_id", "organization_name",
    "organization_alternate_name", "organization_website", "service_id", "service_name", "service_area_id",
    "service_area_name", "under_organization_id", "status", "dated", "effective", "ends", "phone_number",
    "phone_tel", "phone_tty", "schedule_description", "member_line_contact_id", "referral_contacts",
    "eligibility_description", "url", "sources", "assured_date", "build_date",
]


def _ui(model: dict, key: str, **values) -> str:
    return model["ui"]["ui"][key].format(**values)


def _sources(model: dict, ids) -> list:
    by_id = {s["id"]: s for s in model["sources"]["sources"]}
    return [by_id[i] for i in dict.fromkeys(ids) if i in by_id]


def _phones(contact: dict | None) -> list:
    return [{"number": p["number"], "type": p["type"], "extension": p.get("extension"),
             "description": p.get("description"), "tel": h.tel_href(p["number"])}
            for p in (contact or {}).get("phones", [])]


def _schedules(contact: dict | None) -> list:
    return [{k: s[k] for k in ("byday", "opens_at", "closes_at", "description") if k in s}
            for s in (contact or {}).get("schedules", [])]


def _contact(contact: dict) -> dict:
    return {k: v for k, v in {"id": contact["id"], "name": contact["name"], "title": contact.get("role"),
                              "email": contact.get("email"), "url": contact.get("url"),
                              "phones": _phones(contact), "description": contact.get("description")}.items()
            if v not in (None, [], "")}


def records(model: dict, today) -> list[dict]:
    day = h.iso(today)
    plans = {p["id"]: p for p in model["plans"]["plans"]}
    contacts = model["contacts"]["contacts"]
    hco = next((c for c in contacts if c["id"] == HCO_CONTACT), None)
    out = []
    for county in model["counties"]["counties"]:
        entries = plan_facts.plans_in_county(model, county["id"], day)
        area = {"id": county["id"], "name": _ui(model, "county.title", county=county["name"])}
        unconfirmed = bool(county.get("plans_unconfirmed")) or not entries
        for entry in entries:
            plan = plans[entry["plan"]]
            region = entry.get("region") or plan["id"]
            line = plan_facts.member_line(model, plan["id"], region)
            referrals = [c for c in contacts if (c.get("area") or {}).get("plan") == plan["id"]
                         and c.get("role") in ("referral", "justice_liaison", "program_questions")
                         and (c["area"].get("region") in (None, region))]
            source_ids = list(entry["sources"]) + list((line or {}).get("sources", [])) + list(plan["sources"])
            sources = _sources(model, source_ids)
            out.append({
                "organization": {"id": plan["id"], "name": plan["name"],
                                 "alternate_name": "; ".join(plan.get("other_names", [])) or None,
                                 "website": (plan.get("website") or {}).get("url"),
                                 "description": plan["summary"]},
                "service": {"id": f"{plan['id']}.medi_cal", "name": _ui(model, "data.plans.service", plan=plan["name"])},
                "service_area": area,
                "county_plans_unconfirmed": unconfirmed,
                "under_organization_id": entry.get("under"),
                "status": entry["status"], "dated": entry.get("dated"),
                "effective": entry.get("effective"), "ends": entry.get("ends"),
                "phone": _phones(line),
                "schedule": _schedules(line),
                "member_line_contact_id": (line or {}).get("id"),
                "contact": [_contact(c) for c in referrals],
                "eligibility_description": _ui(model, "data.plans.eligibility", plan=plan["name"],
                                               county=county["name"]),
                "url": next((s["url"] for s in sources if s.get("url")), None),
                "sources": [{"id": s["id"], "title": s["title"], "url": s.get("url"), "reviewed": s["reviewed"]}
                            for s in sources],
                "assured_date": min(str(s["reviewed"]) for s in sources),
            })
        if not entries and hco:
            sources = _sources(model, hco["sources"])
            out.append({
                "organization": {"id": "dhcs", "name": hco["name"], "alternate_name": None, "website": None,
                                 "description": hco["description"]},
                "service": {"id": HCO_CONTACT, "name": hco["name"]},
                "service_area": area, "county_plans_unconfirmed": True, "under_organization_id": None,
                "status": "unconfirmed", "dated": None, "effective": None, "ends": None,
                "phone": _phones(hco), "schedule": _schedules(hco), "member_line_contact_id": hco["id"],
                "contact": [],
                "eligibility_description": _ui(model, "data.plans.unconfirmed", county=county["name"]),
                "url": next((s["url"] for s in sources if s.get("url")), None),
                "sources": [{"id": s["id"], "title": s["title"], "url": s.get("url"), "reviewed": s["reviewed"]}
                            for s in sources],
                "assured_date": min(str(s["reviewed"]) for s in sources),
            })
    return out


def csv_rows(recs: list[dict], today) -> list[dict]:
    day = h.iso(today)
    rows = []
    for rec in recs:
        voice = [p for p in rec["phone"] if p["type"] != "tty"]
        tty = [p for p in rec["phone"] if p["type"] == "tty"]
        rows.append({
            "county_id": rec["service_area"]["id"], "county_name": rec["service_area"]["name"],
            "county_plans_unconfirmed": "yes" if rec["county_plans_unconfirmed"] else "no",
            "organization_id": rec["organization"]["id"], "organization_name": rec["organization"]["name"],
            "organization_alternate_name": rec["organization"]["alternate_name"] or "",
            "organization_website": rec["organization"]["website"] or "",
            "service_id": rec["service"]["id"], "service_name": rec["service"]["name"],
            "service_area_id": rec["service_area"]["id"], "service_area_name": rec["service_area"]["name"],
            "under_organization_id": rec["under_organization_id"] or "", "status": rec["status"],
            "dated": rec["dated"] or "", "effective": rec["effective"] or "", "ends": rec["ends"] or "",
            "phone_number": voice[0]["number"] if voice else "", "phone_tel": voice[0]["tel"] if voice else "",
            "phone_tty": tty[0]["number"] if tty else "",
            "schedule_description": " ".join(s.get("description", "") for s in rec["schedule"]),
            "member_line_contact_id": rec["member_line_contact_id"] or "",
            "referral_contacts": "; ".join(c["id"] for c in rec["contact"]),
            "eligibility_description": rec["eligibility_description"], "url": rec["url"] or "",
            "sources": "; ".join(s["url"] or s["title"] for s in rec["sources"]),
            "assured_date": rec["assured_date"], "build_date": day,
        })
    return rows


def document(model: dict, today, reviewed: str) -> dict:
    return {"build_date": h.iso(today), "last_reviewed": reviewed, "hsds_version": HSDS_VERSION,
            "records": records(model, today)}
