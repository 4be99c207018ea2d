"""Compile the validated content model into `screener/data/rules.json`, the only data the screener reads.

Why a compile step: the screener must stay standard-library only (it runs in Pyodide), so it cannot read YAML,
and it should not carry page prose it never shows. This keeps exactly what a screening needs: the questions,
criteria trees (with their ids, texts and sources), ECM populations, CHW and Community Support criteria,
availability rules, plans with regions and counties, each county's plans, contacts, source titles and URLs, and the ui strings the
result text uses. Its input is the model sitebuild.content.load_content() has already validated (schema and
cross-references, with file and line), so it only checks what the screener itself needs (the age, plan and
county questions, and the ui strings the result text uses). A problem raises BuildError.

The file is committed (tests/test_rules_in_sync.py checks that it matches content/); `write` rewrites it only
when its bytes would change, with sorted keys, so diffs stay small and reviewable.
"""
import json
from pathlib import Path

from .crossrefs import EXTRA_PLAN_OPTIONS  # the plan question's answers besides the plans
from .errors import BuildError
from .routes import how_to_ask_anchor, page_path, page_url

ROOT = Path(__file__).resolve().parent.parent
RULES_PATH = ROOT / "screener" / "data" / "rules.json"
FORMAT = 1

PLAN_QUESTION = "plan"
AUDIENCE_QUESTION = "filling_in"  # who fills in the form: decides member lines or referral routes
COUNTY_QUESTION = "county"
AGE_QUESTION = "age"
ADULT_CRITERION = "adult"

# The ui strings the screener fills in ({placeholders} in braces). Every one must exist in content/ui.yaml.
REQUIRED_UI = (
    "screener.error.answers_not_object", "screener.error.unknown_question", "screener.error.not_integer",
    "screener.error.out_of_range", "screener.error.too_many_digits", "screener.error.not_boolean", "screener.error.not_an_option",
    "screener.error.not_options", "screener.error.unsupported_question", "screener.error.bad_date",
    "screener.error.internal_error",
    "screener.headline.likely_eligible", "screener.headline.not_eligible", "screener.headline.cant_tell",
    "screener.reason.sources_differ", "screener.reason.no_criteria", "screener.reason.excluded_by",
    "screener.availability.offered", "screener.availability.not_offered", "screener.availability.no_rule",
    "screener.availability.no_rule_call",
    "screener.availability.plan_not_in_county", "screener.availability.other_plan",
    "screener.availability.need_plan_county",
    "screener.note.plan_not_in_county", "screener.note.other_plan", "screener.note.plan_line_unknown",
    "screener.note.not_sure_plan",
    "screener.plan_option.other", "screener.plan_option.not_sure", "screener.error.unknown_language",
    "screener.because.ge", "screener.because.gt", "screener.because.le", "screener.because.lt",
    "screener.because.answer", "screener.because.not_asked", "screener.because.not_asked_said",
    "contact.link.referral_forms", "contact.link.provider_portal", "contact.link.web_page",
)
# Also copied when present: the words the text summary (python -m screener --text) prints.
OPTIONAL_UI_PREFIXES = ("screener.text.", "screener.headline.", "screener.steps.", "status.", "availability.",
                        "common.", "screener.because.", "screener.error.")
# Where a question's "none of these apply" answer comes from when content does not name one.
NONE_BY_TYPE = {"boolean": False, "multichoice": []}


# --- small helpers -------------------------------------------------------------------------------------------

def _items(section: dict, key: str) -> list:
    """The list a content file holds under its top key (e.g. model["plans"]["plans"])."""
    return list(section[key])


def _ui(model: dict) -> dict:
    return model["ui"]["ui"]


def _drop_none(d: dict) -> dict:
    return {k: v for k, v in d.items() if v is not None}


# --- sections ------------------------------------------------------------------------------------------------

def compile_questions(model: dict) -> list:
    plans = _items(model["plans"], "plans")
    counties = _items(model["counties"], "counties")
    ui = _ui(model)
    out = []
    for q in _items(model["questions"], "questions"):
        options = [{"value": o["value"], "label": o.get("label", o["value"])} for o in q.get("options") or []]
        source = q.get("options_from")
        by_county = None
        if source == "plans":
            options = [{"value": p["id"], "label": p["name"]} for p in plans] + options + [
                {"value": v, "label": ui.get(f"screener.plan_option.{v}", v)} for v in EXTRA_PLAN_OPTIONS]
            # The page lists the plans that serve the chosen county first (then "another plan" and "not sure").
            by_county = {county: list(dict.fromkeys(e["plan"] for e in entries))
                         for county, entries in compile_county_plans(model).items()}
        elif source == "counties":
            options = [{"value": c["id"], "label": c["name"]} for c in counties] + options
        item = {"id": q["id"], "type": q["type"], "label": q.get("label"), "help": q.get("help"),
                "group": q.get("group"), "min": q.get("min"), "max": q.get("max"), "said": q.get("said"), "said_one": q.get("said_one"),
                "none": _none_answer(q, options), "ask_if": q.get("ask_if"), "otherwise": q.get("otherwise")}
        if q["type"] in ("choice", "multichoice"):
            item["options"] = options
        if by_county is not None:
            item["by_county"] = by_county
            item["options_by"] = COUNTY_QUESTION  # the question whose answer picks the list
        if q.get("gate"):
            item["gates"] = list(q["gate"])
        out.append(_drop_none(item))
    return _apply_gates(out)


def _apply_gates(questions: list) -> list:
    """A gate's questions are asked only when it is not answered "no": each gets the gate as its ask_if, and
    its `none` answer as what a "no" makes it (crossrefs checked that each has one and no ask_if of its own)."""
    by_id = {q["id"]: q for q in questions}
    for gate in questions:
        for qid in gate.get("gates", []):
            by_id[qid]["ask_if"] = {"q": gate["id"], "eq": True}
            by_id[qid]["otherwise"] = by_id[qid]["none"]
            by_id[qid]["gate"] = gate["id"]
    return questions


def _none_answer(q: dict, options: list):
    """The answer "none of these apply" gives: content's `none`, else no / none of these / the option "no"."""
    if "none" in q:
        return q["none"]
    if q["type"] == "choice":
        return "no" if any(o["value"] == "no" for o in options) else None
    return NONE_BY_TYPE.get(q["type"])


def compile_criteria(model: dict) -> dict:
    return {item["id"]: item for item in _items(model["criteria"], "shared")}


def _program_name(model: dict, program_id: str, problems: list) -> str:
    for item in _items(model["programs"], "programs"):
        if item.get("id") == program_id:
            return item["name"]
    problems.append(f"programs: no program with id {program_id!r}")
    return program_id


def _adult_age(model: dict, problems: list) -> int:
    for item in _items(model["criteria"], "shared"):
        if item.get("id") == ADULT_CRITERION and item.get("q") == AGE_QUESTION and isinstance(item.get("ge"), int):
            return item["ge"]
    problems.append(f"criteria: shared criterion {ADULT_CRITERION!r} must be {{q: {AGE_QUESTION}, ge: <age>}}")
    return 21


def _page(kind: str, item_id: str | None = None) -> str:
    """The site-relative URL of a program's page (``ecm/``, ``community-supports/<id>/``)."""
    return page_url(page_path(kind, item_id))


def compile_pages(model: dict) -> dict:
    """Each program's page on this site and the anchors of its "how to ask" sections, per plan."""
    plans = [p["id"] for p in _items(model["plans"], "plans")]
    out = {"ecm": _page("ecm"), "chw": _page("chw")}
    for service in _items(model["community_supports"], "services"):
        out[service["id"]] = _page("service", service["id"])
    return {"programs": out, "how_to_ask": how_to_ask_anchor(),
            "how_to_ask_plan": {plan: how_to_ask_anchor(plan) for plan in plans}}


def compile_ecm(model: dict, problems: list) -> dict:
    ecm = model["ecm"]["ecm"]
    populations = []
    for pop in ecm.get("populations", []):
        for track in ("adult", "child"):
            tree = pop.get(track)
            if tree is None:
                continue
            node = tree
            populations.append(_drop_none({
                "population": pop["id"], "number": pop.get("number"), "name": pop["name"], "track": track,
                "id": tree.get("id") or f"ecm.{pop['id']}.{track}", "text": tree.get("text") or pop.get("summary"),
                "sources": tree.get("sources") or pop.get("sources"), "criteria": node,
                "effective": pop.get("effective") or tree.get("effective"), "ends": pop.get("ends"),
            }))
    exclusions = ecm.get("exclusions") or {}
    exclusion = None
    if exclusions.get("criterion") is not None:
        exclusion = {
            "criterion": exclusions["criterion"],
            "question": "enrolled_programs",
            "programs": [{"id": p["id"], "name": p["name"]} for p in exclusions.get("programs", [])],
            "sources": exclusions.get("sources", []),
        }
    return _drop_none({"id": "ecm", "name": _program_name(model, "ecm", problems), "populations": populations,
                       "exclusion": exclusion, "age_question": AGE_QUESTION,
                       "adult_age": _adult_age(model, problems),
                       "sources": ecm.get("sources") or (ecm.get("what_it_is") or {}).get("sources")})


def compile_chw(model: dict, problems: list) -> dict:
    chw = model["chw"]["chw"]
    criteria = chw.get("criteria")
    return {"id": "chw", "name": _program_name(model, "chw", problems),
            "criteria": criteria,
            "no_criteria_reason": chw.get("no_criteria_reason"),
            "sources": (chw.get("criteria") or chw.get("what_it_is") or {}).get("sources", [])}


def compile_community_supports(model: dict, problems: list) -> list:
    out = []
    for service in _items(model["community_supports"], "services"):
        criteria = service.get("criteria")
        out.append(_drop_none({
            "id": service["id"], "name": service["name"], "number": service.get("number"),
            "group": service.get("group"),
            "criteria": criteria,
            "no_criteria_reason": service.get("no_criteria_reason"),
            "effective": service.get("effective"), "ends": service.get("ends"),
            "sources": service.get("sources", []),
        }))
    return out


def compile_availability(model: dict) -> list:
    out = []
    for rule in _items(model["availability"], "rules"):
        conflict = rule.get("conflict")
        out.append(_drop_none({
            "plan": rule["plan"], "services": list(rule["services"]), "counties": rule.get("counties"),
            "status": rule["status"], "effective": rule.get("effective"), "ends": rule.get("ends"),
            "as_of": rule.get("as_of"), "note": rule.get("note"), "sources": rule.get("sources", []),
            "conflict": {"text": conflict.get("text"), "sources": conflict.get("sources", [])}
            if isinstance(conflict, dict) else ({"text": conflict, "sources": []} if conflict else None),
        }))
    return out


def compile_plans(model: dict) -> dict:
    out = {}
    for plan in _items(model["plans"], "plans"):
        out[plan["id"]] = {
            "name": plan["name"],
            "regions": [{"id": r["id"], "name": r["name"], "counties": list(r["counties"])}
                        for r in plan.get("regions", [])],
        }
    return out


def compile_county_plans(model: dict) -> dict:
    """{county: [{plan, region, under, effective, ends}]}: the published plans of each county, in content order
    (the screener lists them first in the plan question and dates them like the pages do)."""
    return {county["id"]: [_drop_none({"plan": e["plan"], "region": e.get("region") or e["plan"],
                                       "under": e.get("under"), "effective": e.get("effective"),
                                       "ends": e.get("ends")})
                           for e in county["plans"]]
            for county in _items(model["counties"], "counties")}


def _hours(contact: dict):
    parts = [s.get("description") for s in contact.get("schedules") or [] if s.get("description")]
    return " ".join(parts) if parts else None


def compile_contacts(model: dict) -> list:
    out = []
    for contact in _items(model["contacts"], "contacts"):
        area = contact.get("area") or {}
        out.append(_drop_none({
            "id": contact["id"], "name": contact["name"], "description": contact.get("description"),
            "audience": contact.get("audience"), "programs": list(contact.get("programs") or []),
            "plan": area.get("plan"), "region": area.get("region"),
            "phones": [_drop_none({"number": str(p["number"]), "type": p.get("type", "voice"),
                                   "extension": str(p["extension"]) if p.get("extension") is not None else None,
                                   "description": p.get("description")})
                       for p in contact.get("phones") or []],
            "hours": _hours(contact), "email": contact.get("email"),
            "subject_lines": contact.get("subject_lines"),
            "role": contact.get("role"), "url": contact.get("url"), "url_kind": contact.get("url_kind"),
            "dated": contact.get("dated"),
        }))
    return out


def compile_sources(model: dict) -> dict:
    return {s["id"]: _drop_none({"title": s.get("title", s["id"]), "url": s.get("url"), "kind": s.get("kind")})
            for s in _items(model["sources"], "sources")}


def compile_ui(model: dict, problems: list) -> dict:
    ui = _ui(model)
    for key in REQUIRED_UI:
        if key not in ui:
            problems.append(f"ui: key {key!r} is missing (the screener's result text uses it)")
    return {k: v for k, v in ui.items() if k in REQUIRED_UI or k.startswith(OPTIONAL_UI_PREFIXES)}


# --- checks --------------------------------------------------------------------------------------------------

def check(rules: dict) -> list:
    """What the screener itself needs of the rules. Everything else (references, option values, sources, ref
    cycles) was checked with file and line by sitebuild.content.load_content before compiling."""
    problems = []
    questions = {q["id"]: q for q in rules["questions"]}
    for needed in (AGE_QUESTION, PLAN_QUESTION, COUNTY_QUESTION):
        if needed not in questions:
            problems.append(f"questions: the screener needs a question {needed!r}")
    for q in rules["questions"]:
        if q["type"] in ("choice", "multichoice") and not q.get("options"):
            problems.append(f"questions.{q['id']}: a {q['type']} question needs options")
    return problems


# --- entry points --------------------------------------------------------------------------------------------

def compile(model: dict) -> dict:  # noqa: A001 - the name the build uses
    """The screener's rules from the validated content model. Raises BuildError listing every problem."""
    problems: list = []
    counties = _items(model["counties"], "counties")
    rules = {
        "format": FORMAT,
        "plan_question": PLAN_QUESTION,
        "county_question": COUNTY_QUESTION,
        "audience_question": AUDIENCE_QUESTION,
        "justice_liaison_when": ((model.get("justice_involved") or {}).get("justice_involved") or {})
        .get("liaisons", {}).get("applies_when"),
        "pages": compile_pages(model),
        "questions": compile_questions(model),
        "criteria": compile_criteria(model),
        "ecm": compile_ecm(model, problems),
        "chw": compile_chw(model, problems),
        "community_supports": compile_community_supports(model, problems),
        "availability": compile_availability(model),
        "plans": compile_plans(model),
        "counties": {c["id"]: c["name"] for c in counties},
        "county_plans": compile_county_plans(model),
        "contacts": compile_contacts(model),
        "sources": compile_sources(model),
        "ui": compile_ui(model, problems),
    }
    problems.extend(check(rules))
    if problems:
        raise BuildError(problems)
    return rules


def dumps(rules: dict) -> str:
    return json.dumps(rules, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def locale_path(code: str) -> Path:
    """rules.json is English; each other language has its own file beside it (rules.es.json), the same rules with
    that language's sentences, so reason codes stay the same and only the text changes."""
    return RULES_PATH if code == "en" else RULES_PATH.with_name(f"rules.{code}.json")


def write(model: dict, path: Path = RULES_PATH) -> bool:
    """Compile and write the rules; return True when the file changed (False: it was already up to date)."""
    return save(dumps(compile(model)), path)


def save(text: str, path: Path = RULES_PATH) -> bool:
    """Write compiled rules (dumps' text) unless the file already holds them; True when the file changed."""
    path = Path(path)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True
