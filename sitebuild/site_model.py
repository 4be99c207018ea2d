"""Queries over the validated content model that pages ask: lookups by id, which plans and contacts serve a
county, availability per cell (kept, since the matrix and the county pages ask for the same cells), and the
availability matrix. Templates reach it as `r`.
"""
import datetime as dt

from . import plan_facts
from . import render_helpers as h
from .freshness import Freshness


class SiteModel:
    """Lookups over a model that content.load_content() validated: every file and required key is present."""

    def __init__(self, model: dict, today: dt.date):
        self.model = model
        self.today = today
        self.today_iso = h.iso(today)
        self.sources = {s["id"]: s for s in model["sources"]["sources"]}
        self.counties = model["counties"]["counties"]
        self.county_by_id = {c["id"]: c for c in self.counties}
        self.plans = model["plans"]["plans"]
        self.plan_by_id = {p["id"]: p for p in self.plans}
        self.programs = {p["id"]: p for p in model["programs"]["programs"]}
        cs = model["community_supports"]
        self.groups = cs["groups"]
        self.services = h.services_in_order(model)
        self.service_by_id = {s["id"]: s for s in self.services}
        self.shared = {c["id"]: c for c in model["criteria"]["shared"]}
        self.questions = {q["id"]: q for q in model["questions"]["questions"]}
        self.contacts = model["contacts"]["contacts"]
        self.regions = h.plan_regions(model)
        self.freshness = Freshness(model, today)
        self.waivers = (model.get("programs") or {}).get("waivers")
        self._status: dict = {}

    def program(self, program_id: str) -> dict:
        return self.programs.get(program_id, {"id": program_id, "name": program_id})

    def service_names(self, ids) -> str:
        return ", ".join(self.service_by_id[i]["name"] for i in ids if i in self.service_by_id)

    def county_names(self, ids) -> str:
        return ", ".join(self.county_by_id[i]["name"] for i in ids if i in self.county_by_id)

    def plans_in(self, county_id: str) -> list:
        return h.plans_in_county(self.model, county_id)

    # -- plans by county (counties.yaml entries, in effect on the build date) ------------------------

    def county_entries(self, county_id: str) -> list:
        """[{plan, region, entry, line}] for each published plan entry of the county in effect today, in
        counties.yaml order; `line` is the plan's member line there (None when our sources give none)."""
        out = []
        for entry in plan_facts.plans_in_county(self.model, county_id, self.today_iso):
            plan = self.plan_by_id[entry["plan"]]
            region_id = entry.get("region") or plan["id"]
            region = next((r for r in plan["regions"] if r["id"] == region_id), None)
            out.append({"plan": plan, "region": region, "entry": entry,
                        "line": plan_facts.member_line(self.model, plan["id"], region_id)})
        return out

    def plan_entries(self, plan_id: str) -> list:
        """[{county, entry}] for every county the plan serves today (counties.yaml order)."""
        out = []
        for county in self.counties:
            for entry in plan_facts.plans_in_county(self.model, county["id"], self.today_iso):
                if entry["plan"] == plan_id:
                    out.append({"county": county, "entry": entry})
        return out

    def plan_model(self, county: dict):
        """The county's plan model in effect today, or None."""
        current = [m for m in county.get("plan_model", []) if plan_facts.in_effect(m, self.today_iso)]
        return current[-1] if current else None

    def member_lines(self, plan_id: str) -> list:
        """The plan's member-facing phone contacts: member services and ECM/CS/CHW lines (every region)."""
        return [c for c in self.contacts if (c.get("area") or {}).get("plan") == plan_id and c.get("phones")
                and c.get("role") in ("member_services", "program_line")]

    def plan_contacts(self, plan_id: str, roles) -> list:
        return [c for c in self.contacts if (c.get("area") or {}).get("plan") == plan_id and c.get("role") in roles]

    def plan_service_summary(self, plan: dict) -> list:
        """Per Community Support: the plan's counties by status today (offered / not offered / unknown)."""
        counties = self.counties_of_plan(plan)
        out = []
        for service in self.services:
            by_status = {s: [] for s in h.STATUSES}
            sources = []
            for county in counties:
                result = self.status(plan["id"], county["id"], service["id"])
                by_status[result["status"]].append(county)
                sources += result.get("sources", [])
            out.append({"service": service, "by_status": by_status, "sources": list(dict.fromkeys(sources))})
        return out

    def counties_of_plan(self, plan: dict) -> list:
        ids = {c for region in plan["regions"] for c in region["counties"]}
        return [c for c in self.counties if c["id"] in ids]

    def contacts_for(self, county_id: str | None = None, plan_id: str | None = None, audiences=None,
                     program: str | None = None) -> list:
        out = []
        for contact in self.contacts:
            area = contact.get("area") or {}
            if county_id is not None and not h.contact_covers(contact, county_id, self.regions):
                continue
            if plan_id is not None and area.get("plan") != plan_id:
                continue
            if plan_id is None and county_id is None and area:
                continue
            if audiences is not None and contact.get("audience") not in audiences:
                continue
            if program is not None and program not in contact["programs"]:
                continue
            out.append(contact)
        return out

    def liaisons(self) -> list:
        return [c for c in self.contacts if "justice_involved" in c["programs"]]

    def referral_rules(self, plan_id: str) -> list:
        for block in self.model["contacts"].get("referral_rules", []):
            if block["plan"] == plan_id:
                return block["rules"]
        return []

    # -- availability -----------------------------------------------------------------------------

    def status(self, plan_id: str, county_id: str, service_id: str) -> dict:
        """Availability of one cell; the matrix and the county pages ask for the same cells, so it is kept."""
        key = (plan_id, county_id, service_id)
        if key not in self._status:
            self._status[key] = h.availability(self.model, plan_id, county_id, service_id, self.today)
        return self._status[key]

    def county_rule_notes(self, county_id: str) -> list:
        """Distinct notes of the rules that decide (now or next) any service for this county."""
        seen, out = set(), []
        for plan, _region in self.plans_in(county_id):
            for service in self.services:
                result = self.status(plan["id"], county_id, service["id"])
                for item in (result, result.get("next") or {}):
                    note = item.get("note")
                    if note and note not in seen:
                        seen.add(note)
                        out.append({"plan": plan["name"], "text": note, "sources": item.get("sources", [])})
        return out

    def availability_as_of(self, plan_ids) -> list:
        """Per plan, the dates its availability facts are as of (never the build date): the rules in effect on
        the build date, grouped by date (a rule's `as_of`, else its newest dated source), oldest first, each with
        the dated sources that give it and whether it is older than the set age; rules with no dated source
        come last, with the day we last checked their sources."""
        out = []
        for plan_id in plan_ids:
            dated: dict = {}
            undated: list = []
            for rule in self.model["availability"]["rules"]:
                if rule["plan"] != plan_id or not h.in_effect(rule, self.today_iso):
                    continue
                date = self.freshness.rule_date(rule)
                named = [i for i in rule.get("sources", []) if self.freshness.source_date(i)] or \
                    list(rule.get("sources", []))
                target = dated.setdefault(date, []) if date else undated
                target.extend(i for i in named if i not in target)
            items = [{"date": d, "sources": ids, "stale": self.freshness.is_old(d)} for d, ids in sorted(dated.items())]
            if undated:
                checked = min(str(self.sources[i]["reviewed"]) for i in undated if i in self.sources)
                items.append({"date": None, "checked": checked, "sources": undated, "stale": False})
            if items:
                out.append({"plan": self.plan_by_id[plan_id], "items": items})
        return out

    def source_publishers(self, ids) -> str:
        """Who published these sources, each once (the full titles are in the page's list of sources)."""
        names = [h.one_line(self.sources[i]["publisher"]) for i in ids if i in self.sources]
        return "; ".join(dict.fromkeys(names))

    def where_sentence(self, by_status: dict) -> dict:
        """Which counting sentence a Community Support page uses for one plan (ui key and numbers), so that no
        page says "offered in 0 of the 1 counties": all, some, none known, or none offered."""
        offered, not_offered = len(by_status["offered"]), len(by_status["not_offered"])
        total = sum(len(v) for v in by_status.values())
        if total and offered == total:
            key = {1: "cs.where_plan.all_one", 2: "cs.where_plan.all_two"}.get(total, "cs.where_plan.all")
        elif offered:
            key = "cs.where_plan.some"
        elif not_offered:
            key = "cs.where_plan.none_offered"
        else:
            key = "cs.where_plan.none_known"
        return {"key": key, "offered": str(offered), "total": str(total)}

    def service_coverage(self, service_id: str) -> list:
        """Per plan: lists of counties by status today, for a Community Support page."""
        out = []
        for plan in self.plans:
            by_status = {s: [] for s in h.STATUSES}
            notes: dict = {}
            for county in self.counties_of_plan(plan):
                result = self.status(plan["id"], county["id"], service_id)
                by_status[result["status"]].append(county)
                if result.get("note"):
                    notes.setdefault(result["note"], result.get("sources", []))
            out.append({"plan": plan, "by_status": by_status,
                        "notes": [{"text": t, "sources": s} for t, s in notes.items()]})
        return out

    def service_changes(self, service: dict) -> dict:
        changes = sorted(service.get("changes", []), key=lambda c: c["effective"])
        now = [c for c in changes if c["effective"] <= self.today_iso]
        later = [c for c in changes if c["effective"] > self.today_iso]
        return {"now": list(reversed(now)), "later": later}

    def matrix(self) -> dict:
        """Rows for the availability matrix: one per (county, plan); one per county without a plan."""
        rows = []
        conflicts = []  # (rule identity) -> footnote number
        conflict_index = {}
        notes = []
        note_index = {}
        for county in self.counties:
            plans = self.plans_in(county["id"])
            if not plans:
                rows.append({"county": county, "plan": None, "region": None, "cells": []})
                continue
            for plan, region in plans:
                cells = []
                for service in self.services:
                    result = self.status(plan["id"], county["id"], service["id"])
                    cell_notes = []  # the notes below the table that apply to this cell: c<n> conflicts, n<n> notes
                    for item in (result, result.get("next")):
                        if not item or not item.get("rule"):
                            continue
                        rule = item["rule"]
                        if item.get("conflict"):
                            if id(rule) not in conflict_index:
                                conflict_index[id(rule)] = len(conflicts) + 1
                                conflicts.append({"number": len(conflicts) + 1, "rule": rule, **item["conflict"]})
                            cell_notes.append(f"c{conflict_index[id(rule)]}")
                        if item.get("note"):
                            if item["note"] not in note_index:
                                note_index[item["note"]] = len(notes) + 1
                                notes.append({"number": len(notes) + 1, "text": item["note"], "rule": rule,
                                              "sources": item["sources"]})
                            cell_notes.append(f"n{note_index[item['note']]}")
                    cells.append({"service": service, "result": result, "notes": list(dict.fromkeys(cell_notes)),
                                  "conflict_number": conflict_index.get(id(result["rule"]))
                                  if result.get("conflict") else None})
                rows.append({"county": county, "plan": plan, "region": region, "cells": cells})
        return {"rows": rows, "conflicts": conflicts, "notes": notes}
