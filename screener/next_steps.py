"""Whom to contact next, for the person's plan and region, and for whoever is filling in the form.

Why here and not on the page: the right phone line and referral email depend on the plan and, for some plans,
on the county (Kaiser Permanente has separate Northern and Southern California lines). The screener already
knows both, so it returns ready-to-use entries: phone numbers with TTY and hours, and for referral emails one
entry per program the person may qualify for, with the subject line the plan asks for and a mailto link.

Everything is read from the contacts in content, for any plan: a contact serves a plan (and maybe one region),
an audience (members, providers, facilities, everyone) and programs (ecm, chw, community_supports,
justice_involved). Who is filling in the form decides the audience: members and families get the member lines,
providers and organizations get the referral routes first and then the member line to pass on. The plan's
Justice-Involved contacts are added whenever the person is in custody or was released (content's
justice_involved.liaisons.applies_when), whatever their audience, because that is the next step for them.
If the plan is unknown or has no contacts, it falls back to the statewide contacts.
"""
from urllib.parse import quote, urlsplit

PROGRAM_GROUPS = ("ecm", "chw", "community_supports")
# A program result's `kind` -> the contact group it belongs to (programs.py reads it from here).
GROUP = {"ecm": "ecm", "chw": "chw", "community_support": "community_supports"}
JUSTICE_PROGRAM = "justice_involved"
# Which contact audiences each answer to "who is filling in this form" gets, in the order they are shown.
AUDIENCES = {
    "member": ("members", "everyone"),
    "provider": ("providers", "facilities", "everyone", "members"),
    None: ("members", "providers", "facilities", "everyone"),
}


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


# What a contact's `url` leads to names its link (content's url_kind; ui key contact.link.<kind>).
URL_KINDS = ("referral_forms", "provider_portal", "web_page")


def url_kind(contact: dict) -> str:
    """content's url_kind, else referral_forms for a referral route and web_page for anything else."""
    return contact.get("url_kind") or ("referral_forms" if contact.get("role") == "referral" else "web_page")


def url_host(url: str) -> str:
    """The site a link leads to, as people read it: "healthnet.com" for https://www.healthnet.com/..."""
    host = urlsplit(url).hostname or url
    return host[4:] if host.startswith("www.") else host


def link_text(text, contact: dict) -> str | None:
    """The words of the link to a contact's web page (None without one): what it leads to and on which site.
    text(key, **values) fills a ui string (Rules.text, or the pages' ui())."""
    url = contact.get("url")
    return text(f"contact.link.{url_kind(contact)}", host=url_host(url)) if url else None


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


def _entry(rules, contact: dict, group, subject) -> dict:
    voice, tty = _phones(contact)
    email = contact.get("email")
    mailto = mailto_uri(email, subject) if email else None
    return {
        "contact_id": contact["id"], "name": contact["name"], "audience": contact.get("audience"),
        "program": group, "description": contact.get("description"),
        "phones": voice, "tty": tty, "tty_tel": tel_uri(tty) if tty else None, "hours": contact.get("hours"),
        "email": email, "subject_line": subject, "mailto": mailto,
        "tel": voice[0]["tel"] if voice else None,
        "url": contact.get("url"), "url_text": link_text(rules.text, contact),
    }


def _expand(rules, contact: dict, groups: list) -> list:
    """One entry per wanted program when the contact has per-program subject lines, else one entry."""
    subjects = contact.get("subject_lines") or {}
    wanted = [g for g in groups if g in subjects]
    if contact.get("email") and wanted:
        return [_entry(rules, contact, g, subjects[g]) for g in wanted]
    return [_entry(rules, contact, None, None)]


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


def justice_applies(rules, trace) -> bool:
    """The person is in custody or was released (content decides what counts)."""
    from .logic import MET
    node = rules.raw.get("justice_liaison_when")
    return bool(node) and trace is not None and trace.status(node) == MET


def _ordered(contacts: list, audiences: tuple) -> list:
    """By audience, in the order this reader needs them; a plan's member line first among the member contacts."""
    rank = {a: i for i, a in enumerate(audiences)}
    return sorted(contacts, key=lambda c: (rank.get(c.get("audience"), len(rank)),
                                           0 if c.get("role") in MEMBER_LINE_ROLES else 1))


def find(rules, plan, county, programs: list, answers: dict | None = None, trace=None) -> list:
    answers = answers or {}
    groups = relevant_groups(programs)
    justice = justice_applies(rules, trace)
    if not groups and not justice:
        return []
    who = answers.get(rules.raw.get("audience_question"))
    audiences = AUDIENCES.get(who, AUDIENCES[None])
    region = rules.region_of.get((plan, county))
    chosen, liaisons, statewide = [], [], False
    if plan in rules.plans:
        for contact in rules.contacts:
            if contact.get("plan") != plan or not _in_region(contact, county, region):
                continue
            programs_of = set(contact.get("programs", []))
            if JUSTICE_PROGRAM in programs_of:
                if justice:
                    liaisons.append(contact)  # whoever fills in the form: the next step for this person
                continue
            if programs_of & set(groups) and contact.get("audience") in audiences:
                chosen.append(contact)
        if groups and "members" in audiences:
            # every member gets the plan's member line (a provider gets it too, to pass on)
            line = member_line(rules, plan, county)
            if line is not None and not any(c.get("role") in MEMBER_LINE_ROLES for c in chosen):
                chosen.append(line)
            statewide = line is None  # our sources give no member line: Health Care Options as well
    else:
        statewide = bool(groups)
    if groups and not chosen:
        statewide = True
    if statewide:
        chosen += [c for c in rules.contacts if not c.get("plan") and c not in chosen]
    out = []
    for contact in _ordered(chosen, audiences) + liaisons:
        out += _expand(rules, contact, groups)
    return out
