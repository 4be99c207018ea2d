"""Small, pure helpers shared by the page renderer and the open-data writer.

Kept apart from render.py so that the pages and the downloads compute availability, phone links and
contact coverage in exactly one way (tests/test_open_data.py checks that they agree).
"""
import datetime as dt
import re

from markupsafe import Markup, escape

# The screener's own availability and link rules, so pages, downloads and screener results cannot disagree.
from screener import availability as availability_rules
from screener import next_steps
from screener.availability import NOT_OFFERED, OFFERED, UNKNOWN
from screener.regions import region_index
STATUSES = (OFFERED, NOT_OFFERED, UNKNOWN)

# Characters Markdown (with attr_list, tables, emphasis, links, code) could read as syntax inside a line. Written
# as numeric character references they display as themselves and Markdown leaves them alone. Text is folded to
# one line first, so nothing can start a Markdown block (heading, list, quote).
_MD_SPECIAL = {c: f"&#{ord(c)};" for c in "\\`*_{}[]|"}


def md_text(value) -> Markup:
    """Content text made safe for Markdown *and* HTML: HTML-escaped, then Markdown's inline syntax characters
    written as character references, so `<script>` or `*x*` in content shows as typed. A phone number written in
    the text (1-877-661-6230) becomes a tel: link, so every number on the site can be tapped."""
    if value is None:
        return Markup("")
    text = one_line(value)
    out, last = [], 0
    for match in PHONE_IN_TEXT.finditer(text):
        out.append(md_inline(text[last:match.start()]))
        out.append(Markup('<a href="{}" class="tel">{}</a>').format(tel_href(match.group(0)), match.group(0)))
        last = match.end()
    out.append(md_inline(text[last:]))
    return Markup("").join(out)


# A US phone number as content writes it (the schema's format for phone fields): 1-800-555-0123 or 800-555-0123.
PHONE_IN_TEXT = re.compile(r"(?<![\w-])(?:1-)?\d{3}-\d{3}-\d{4}(?![\w-])")


def as_markup(value) -> Markup:
    """Markup (built by the renderer) as is; any other value as content text (md_text)."""
    return value if isinstance(value, Markup) else md_text(value)


def md_inline(text: str) -> Markup:
    """md_text without folding whitespace (for pieces of a longer line)."""
    return Markup("".join(_MD_SPECIAL.get(ch, ch) for ch in str(escape(text))))


def one_line(value) -> str:
    """Folded YAML text may end with a newline; pages want one line."""
    return " ".join(str(value or "").split())


# ---------------------------------------------------------------------------------------------- dates

def iso(day) -> str:
    return day.isoformat() if isinstance(day, (dt.date, dt.datetime)) else str(day)


in_effect = availability_rules.in_effect  # `effective` <= today <= `ends`, both optional, `ends` inclusive


# ---------------------------------------------------------------------------------------------- plans, counties

def plan_regions(model: dict) -> dict:
    """(plan_id, county_id) -> region dict (the screener's own index)."""
    return region_index((plan["id"], plan) for plan in model["plans"]["plans"])


def plans_in_county(model: dict, county_id: str) -> list:
    """The plans our data places in a county, in plans.yaml order, each with its region there."""
    regions = plan_regions(model)
    return [(plan, regions[(plan["id"], county_id)]) for plan in model["plans"]["plans"]
            if (plan["id"], county_id) in regions]


def services_in_order(model: dict) -> list:
    """The Community Supports in DHCS's numbering (pages, matrix and downloads list them the same way)."""
    return sorted(model["community_supports"]["services"], key=lambda s: (s["number"], s["id"]))


# ---------------------------------------------------------------------------------------------- availability

def _applying_rules(model: dict, plan_id: str, county_id: str, service_id: str) -> list:
    """The rules that speak about this plan, county and service on some date, in file order."""
    served = (plan_id, county_id) in plan_regions(model)
    return [rule for rule in model["availability"]["rules"]
            if availability_rules.rule_applies(rule, plan_id, county_id, service_id, served)]


def change_dates(rules: list, after: str) -> list:
    """Dates after `after` on which the deciding rule may change (a rule starts, or the day after one ends)."""
    dates = set()
    for rule in rules:
        if rule.get("effective") and str(rule["effective"]) > after:
            dates.add(str(rule["effective"]))
        if rule.get("ends"):
            next_day = (dt.date.fromisoformat(str(rule["ends"])) + dt.timedelta(days=1)).isoformat()
            if next_day > after:
                dates.add(next_day)
    return sorted(dates)


def availability(model: dict, plan_id: str, county_id: str, service_id: str, today) -> dict:
    """What our data says today, and the next change if one is dated.

    {status, rule, note, conflict: {text, sources}|None, sources, next: {date, status, note, sources}|None}
    The deciding rule is the screener's own (screener.availability.select_rule) over the rules that apply.
    """
    day = iso(today)
    rules = _applying_rules(model, plan_id, county_id, service_id)

    def deciding(on: str):
        return availability_rules.select_rule(rules, plan_id, county_id, service_id, on, served=True)

    rule = deciding(day)
    result = _describe(rule)
    result["next"] = None
    for date in change_dates(rules, day):
        later = _describe(deciding(date))
        if later["status"] != result["status"] or later["rule"] is not result["rule"]:
            result["next"] = {"date": date, **later}
            break
    return result


def _describe(rule) -> dict:
    if rule is None:
        return {"status": UNKNOWN, "rule": None, "note": None, "conflict": None, "sources": []}
    conflict = rule.get("conflict")
    return {
        "status": rule["status"],
        "rule": rule,
        "note": one_line(rule.get("note")) or None,
        "conflict": {"text": one_line(conflict.get("text")), "sources": list(conflict.get("sources", []))}
        if conflict else None,
        "sources": list(rule.get("sources", [])),
    }


# ---------------------------------------------------------------------------------------------- contacts

def tel_href(number: str) -> str:
    """`1-800-555-0123` -> `tel:+18005550123`; short codes such as `711` stay as dialled (the screener's own)."""
    return next_steps.tel_uri(number)


mailto_href = next_steps.mailto_uri


def contact_covers(contact: dict, county_id: str | None, regions: dict) -> bool:
    """Whether a contact serves a county: statewide contacts (no area) serve every county; a plan contact serves
    the plan's counties, or one region's when it names one."""
    area = contact.get("area")
    if not area:
        return True
    if county_id is None:
        return False
    region = regions.get((area.get("plan"), county_id))
    if region is None:
        return False
    return not area.get("region") or area["region"] == region["id"]

