"""Whom to contact next, for the person's plan and region.

Why here and not on the page: the right phone line and referral email depend on the plan and, for some plans,
on the county (Kaiser Permanente has separate Northern and Southern California lines). The screener already
knows both, so it returns ready-to-use entries: phone numbers with TTY and hours, and for referral emails one
entry per program the person may qualify for, with the subject line the plan asks for and a mailto link.
If the plan is unknown or not one we have contacts for, it falls back to statewide contacts.
"""
from urllib.parse import quote

PROGRAM_GROUPS = ("ecm", "chw", "community_supports")
# A program result's `kind` -> the contact group it belongs to (programs.py reads it from here).
GROUP = {"ecm": "ecm", "chw": "chw", "community_support": "community_supports"}
# Contacts for the Justice-Involved initiative are shown only to someone who is, or was, incarcerated.
JUSTICE_PROGRAM = "justice_involved"
JUSTICE_QUESTION = "incarceration"
JUSTICE_ANSWERS = ("in_custody", "released")


def tel_uri(number: str, extension=None) -> str:
    """RFC 3966 tel: URI; US numbers get +1."""
    digits = "".join(ch for ch in str(number) if ch.isdigit())
    if len(digits) == 11 and digits.startswith("1"):
        digits = "+" + digits
    elif len(digits) == 10:
        digits = "+1" + digits
    return "tel:" + digits + (f";ext={extension}" if extension else "")


def mailto_uri(email: str, subject: str | None = None) -> str:
    """mailto: with the subject line filled in (percent-encoded, spaces as %20)."""
    return "mailto:" + email + (("?subject=" + quote(subject, safe="")) if subject else "")


def _phones(contact: dict) -> tuple:
    voice, tty = [], None
    for phone in contact.get("phones", []):
        if phone.get("type") == "tty":
            tty = tty or phone["number"]
            continue
        voice.append({"number": phone["number"], "extension": phone.get("extension"),
                      "description": phone.get("description"),
                      "tel": tel_uri(phone["number"], phone.get("extension"))})
    return voice, tty


def _entry(contact: dict, group, subject) -> dict:
    voice, tty = _phones(contact)
    email = contact.get("email")
    mailto = mailto_uri(email, subject) if email else None
    return {
        "contact_id": contact["id"], "name": contact["name"], "audience": contact.get("audience"),
        "program": group, "description": contact.get("description"),
        "phones": voice, "tty": tty, "tty_tel": tel_uri(tty) if tty else None, "hours": contact.get("hours"),
        "email": email, "subject_line": subject, "mailto": mailto,
        "tel": voice[0]["tel"] if voice else None,
    }


def _expand(contact: dict, groups: list) -> list:
    """One entry per wanted program when the contact has per-program subject lines, else one entry."""
    subjects = contact.get("subject_lines") or {}
    wanted = [g for g in groups if g in subjects]
    if contact.get("email") and wanted:
        return [_entry(contact, g, subjects[g]) for g in wanted]
    return [_entry(contact, None, None)]


def relevant_groups(programs: list) -> list:
    """The program groups (ecm, chw, community_supports) where the person may qualify or we cannot tell."""
    open_groups = {GROUP[p["kind"]] for p in programs if p["status"] != "not_eligible"}
    return [g for g in PROGRAM_GROUPS if g in open_groups]


# A plan's member line: its member services contact, else its line for ECM / Community Supports / CHW.
MEMBER_LINE_ROLES = ("member_services", "program_line")


def _in_region(contact: dict, county, region) -> bool:
    return not contact.get("region") or county is None or contact["region"] == region


def member_line(rules, plan, county=None):
    """The contact a member of `plan` calls (for the plan's region in `county` when it has regions), or None
    when our sources give none for this plan."""
    region = rules.region_of.get((plan, county))
    for role in MEMBER_LINE_ROLES:
        for contact in rules.contacts:
            if (contact.get("plan") == plan and contact.get("role") == role and contact.get("phones")
                    and contact.get("audience") in ("members", "everyone") and _in_region(contact, county, region)):
                return contact
    return None


def find(rules, plan, county, programs: list, answers: dict | None = None) -> list:
    groups = relevant_groups(programs)
    justice = (answers or {}).get(JUSTICE_QUESTION) in JUSTICE_ANSWERS
    if not groups:
        return []
    region = rules.region_of.get((plan, county))
    chosen = []
    if plan in rules.plans:
        for contact in rules.contacts:
            if contact.get("plan") != plan:
                continue
            if not _in_region(contact, county, region):
                continue
            if JUSTICE_PROGRAM in contact.get("programs", []) and not justice:
                continue
            if set(contact.get("programs", [])) & set(groups):
                chosen.append(contact)
        # Every plan member gets the plan's member line, first.
        line = member_line(rules, plan, county)
        if line is not None and not any(c.get("role") in MEMBER_LINE_ROLES for c in chosen):
            chosen.insert(0, line)
        chosen.sort(key=lambda c: 0 if c.get("role") in MEMBER_LINE_ROLES else 1)
        if line is None:  # our sources give no member line: Health Care Options instead
            chosen += [c for c in rules.contacts if not c.get("plan")]
    if not chosen:
        chosen = [c for c in rules.contacts if not c.get("plan")]
    out = []
    for contact in chosen:
        out += _expand(contact, groups)
    return out
