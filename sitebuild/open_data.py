"""Open data downloads, written into the built site's data/ folder.

    data/availability.csv, .json   one row per county x plan x Community Support (the matrix page's cells),
                                   plus one row per Community Support for a county with no plan in our data
    data/contacts.csv, .json       the contact directory; field names after Open Referral HSDS where one fits
    data/plans.csv, .json          the plan directory, one record per plan and county (sitebuild/plans_data.py),
                                   Open Referral HSDS 3 field names, each record with its source URL and assured_date
    data/content.json              all of content/ as one JSON document (validates against the schema below)
    data/content.schema.json       a copy of schema/content.schema.json

Every file carries the last-reviewed date (CSV: a `last_reviewed` column). Output is deterministic: rows in
content order, keys sorted, no timestamps other than the build date.
"""
import csv
import io
import json
from pathlib import Path

from . import plans_data
from . import render_helpers as h

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schema" / "content.schema.json"

AVAILABILITY_FIELDS = [
    "county_id", "county_name", "plan_id", "plan_name", "region_id", "region_name", "service_id", "service_name",
    "status", "conflict", "conflict_sources", "note", "sources", "next_change_date", "next_status", "next_sources",
    "build_date", "last_reviewed",
]
CONTACT_FIELDS = [
    "organization_id", "organization_name", "service_id", "name", "description", "audience", "programs",
    "service_area_plan_id", "service_area_region_id", "service_area_counties", "phone_number", "phone_extension",
    "phone_description", "phone_tel", "tty_number", "tty_tel", "email", "email_subject_lines",
    "schedule_description", "schedule_byday", "schedule_opens_at", "schedule_closes_at", "sources",
    "last_reviewed",
]


def last_reviewed(model: dict) -> str:
    """site.reviewed when content gives it, else the oldest `reviewed` date of any source."""
    site = model["site"]["site"]
    if site.get("reviewed"):
        return str(site["reviewed"])
    return min(str(s["reviewed"]) for s in model["sources"]["sources"])  # `reviewed` is required


# ---------------------------------------------------------------------------------------------- availability

def availability_rows(model: dict, today) -> list[dict]:
    day = h.iso(today)
    reviewed = last_reviewed(model)
    services = h.services_in_order(model)
    rows = []
    for county in model["counties"]["counties"]:
        plans = h.plans_in_county(model, county["id"])
        base = {"county_id": county["id"], "county_name": county["name"], "build_date": day,
                "last_reviewed": reviewed}
        if not plans:
            for service in services:
                rows.append({**base, "plan_id": "", "plan_name": "", "region_id": "", "region_name": "",
                             "service_id": service["id"], "service_name": service["name"], "status": h.UNKNOWN,
                             "conflict": "", "conflict_sources": "", "note": "", "sources": "",
                             "next_change_date": "", "next_status": "", "next_sources": ""})
            continue
        for plan, region in plans:
            for service in services:
                result = h.availability(model, plan["id"], county["id"], service["id"], today)
                nxt = result.get("next") or {}
                conflict = result.get("conflict") or {}
                rows.append({
                    **base, "plan_id": plan["id"], "plan_name": plan["name"], "region_id": region["id"],
                    "region_name": region["name"], "service_id": service["id"], "service_name": service["name"],
                    "status": result["status"],
                    "conflict": conflict.get("text", ""),
                    "conflict_sources": ";".join(conflict.get("sources", [])),
                    "note": result.get("note") or "",
                    "sources": ";".join(result["sources"]),
                    "next_change_date": nxt.get("date", ""),
                    "next_status": nxt.get("status", ""),
                    "next_sources": ";".join(nxt.get("sources", [])),
                })
    return rows


# ---------------------------------------------------------------------------------------------- contacts

def contact_records(model: dict) -> list[dict]:
    """Contacts as HSDS-like records (nested), in content order."""
    contacts = model["contacts"]
    orgs = {o["id"]: o for o in contacts["organizations"]}
    programs = {p["id"]: p for p in model["programs"]["programs"]}
    regions = h.plan_regions(model)
    counties = model["counties"]["counties"]
    out = []
    for c in contacts["contacts"]:
        area = c.get("area") or {}
        covered = [k["id"] for k in counties if h.contact_covers(c, k["id"], regions)]
        out.append({
            "service_id": c["id"],
            "organization_id": c.get("organization", ""),
            "organization_name": orgs.get(c.get("organization"), {}).get("name", ""),
            "name": c["name"],
            "description": h.one_line(c.get("description")),
            "audience": c.get("audience", ""),
            "programs": list(c.get("programs", [])),
            "service_area": {"plan_id": area.get("plan", ""), "region_id": area.get("region", ""),
                             "statewide": not area, "counties": covered},
            "phones": [{"number": p["number"], "extension": str(p.get("extension", "") or ""),
                        "type": p.get("type", "voice"), "description": p.get("description", ""),
                        "tel": h.tel_href(p["number"])} for p in c.get("phones", [])],
            "email": c.get("email", ""),
            "email_subject_lines": [
                {"program_id": pid, "program_name": programs.get(pid, {}).get("name", pid), "subject": subject,
                 "mailto": h.mailto_href(c["email"], subject)}
                for pid, subject in (c.get("subject_lines") or {}).items()] if c.get("email") else [],
            "schedules": [{"description": s.get("description", ""), "byday": list(s.get("byday", [])),
                           "opens_at": s.get("opens_at", ""), "closes_at": s.get("closes_at", "")}
                          for s in c.get("schedules", [])],
            "sources": list(c.get("sources", [])),
        })
    return out


def contact_rows(model: dict) -> list[dict]:
    reviewed = last_reviewed(model)
    rows = []
    for rec in contact_records(model):
        voice = [p for p in rec["phones"] if p["type"] != "tty"]
        tty = [p for p in rec["phones"] if p["type"] == "tty"]
        rows.append({
            "organization_id": rec["organization_id"], "organization_name": rec["organization_name"],
            "service_id": rec["service_id"], "name": rec["name"], "description": rec["description"],
            "audience": rec["audience"], "programs": ";".join(rec["programs"]),
            "service_area_plan_id": rec["service_area"]["plan_id"],
            "service_area_region_id": rec["service_area"]["region_id"],
            "service_area_counties": "" if rec["service_area"]["statewide"]
            else ";".join(rec["service_area"]["counties"]),
            "phone_number": ";".join(p["number"] for p in voice),
            "phone_extension": ";".join(p["extension"] for p in voice if p["extension"]),
            "phone_description": ";".join(p["description"] for p in voice if p["description"]),
            "phone_tel": ";".join(p["tel"] for p in voice),
            "tty_number": ";".join(p["number"] for p in tty),
            "tty_tel": ";".join(p["tel"] for p in tty),
            "email": rec["email"],
            "email_subject_lines": ";".join(s["subject"] for s in rec["email_subject_lines"]),
            "schedule_description": ";".join(s["description"] for s in rec["schedules"]),
            "schedule_byday": ";".join(",".join(s["byday"]) for s in rec["schedules"]),
            "schedule_opens_at": ";".join(s["opens_at"] for s in rec["schedules"]),
            "schedule_closes_at": ";".join(s["closes_at"] for s in rec["schedules"]),
            "sources": ";".join(rec["sources"]),
            "last_reviewed": reviewed,
        })
    return rows


# ---------------------------------------------------------------------------------------------- writing

def _csv(rows: list[dict], fields: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row.get(k, "") for k in fields})
    return buf.getvalue()


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def write_all(model: dict, site_dir: Path, today) -> None:
    out = Path(site_dir) / "data"
    out.mkdir(parents=True, exist_ok=True)
    reviewed = last_reviewed(model)
    day = h.iso(today)

    rows = availability_rows(model, today)
    (out / "availability.csv").write_text(_csv(rows, AVAILABILITY_FIELDS), encoding="utf-8")
    (out / "availability.json").write_text(_json({
        "last_reviewed": reviewed, "build_date": day, "fields": AVAILABILITY_FIELDS,
        "statuses": list(h.STATUSES), "rows": rows,
    }), encoding="utf-8")

    contacts = model.get("contacts", {})
    (out / "contacts.csv").write_text(_csv(contact_rows(model), CONTACT_FIELDS), encoding="utf-8")
    (out / "contacts.json").write_text(_json({
        "last_reviewed": reviewed, "build_date": day,
        "organizations": [{"id": o["id"], "name": o["name"], "plan_id": o.get("plan", "")}
                          for o in contacts.get("organizations", [])],
        "services": contact_records(model),
        "referral_rules": contacts.get("referral_rules", []),
    }), encoding="utf-8")

    plans = plans_data.document(model, today, reviewed)
    (out / "plans.json").write_text(_json(plans), encoding="utf-8")
    (out / "plans.csv").write_text(_csv(plans_data.csv_rows(plans["records"], today), plans_data.CSV_FIELDS),
                                   encoding="utf-8")

    # The whole model as it was validated: it validates against the schema copied next to it, and carries its
    # last-reviewed date in site.reviewed.
    (out / "content.json").write_text(_json({k: v for k, v in model.items() if not k.startswith("_")}),
                                      encoding="utf-8")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    schema["$comment"] = f"Copy of schema/content.schema.json for content.json; content last reviewed {reviewed}."
    (out / "content.schema.json").write_text(_json(schema), encoding="utf-8")
