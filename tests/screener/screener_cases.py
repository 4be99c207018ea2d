"""Load the readable cases in tests/screener/cases/*.yaml and check a result against a case's `expect`.

Shared by test_cases.py (CPython) and test_pyodide_parity.py (the same cases under Pyodide in Node).

A case file holds `cases:`, a list of
    name:    a sentence that states the reason ("age 21 is an adult: 3 ED visits in 12 months do not qualify")
    base:    optional, a named answer set from _bases.yaml that the answers override
    answers: question id -> answer (null removes the base's answer); or any JSON for input-error cases
    today:   optional date the rules are applied for (default DEFAULT_TODAY, so results never drift)
    expect:  what must hold; every key optional:
      ok: false                      (default true)
      programs: {program id: likely_eligible | not_eligible | cant_tell}
      absent: [program ids that must not be in the result]
      reasons: {program id: [reason codes that must be among its reasons]}
      reason_status: {program id: {reason code: met | not_met | unknown}}
      missing: {program id: [exact missing question ids, in order]}
      populations: {"<population id>.<adult|child>": status}
      availability: {program id: offered | not_offered | unknown}
      conflict: {program id: true | false}    (availability carries a conflict note, or not)
      errors: [{field, code}]        (exactly these, in this order)
      next_questions: [exact list]   next_questions_start: [first items]
      contacts: [contact ids that must be in next_steps]   no_contacts: [contact ids that must not]
      notes: number of notes
      because: {program id: {reason code: [{q, answer, value}]}}  (each among the reason's deciding answers)
      not_asked: [exact question ids not asked because they cannot apply]
      contacts_first: [contact ids, in order, that next_steps starts with (one per contact)]
      how_to_ask: {program id: the site-relative link to its "how to ask" section for the person's plan}
"""
from pathlib import Path

import yaml

CASES_DIR = Path(__file__).resolve().parent / "cases"
DEFAULT_TODAY = "2026-03-01"


class _Loader(yaml.SafeLoader):
    """YAML without the timestamp type: `today: 2026-02-30` stays the string written (and is an error case)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def _bases() -> dict:
    return _load(CASES_DIR / "_bases.yaml")["bases"]


def load_cases() -> list:
    """[{name, file, answers, today, expect}] from every case file, in file and list order."""
    bases = _bases()
    out = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        doc = _load(path)
        for case in doc["cases"]:
            answers = case.get("answers", {})
            if "base" in case:
                merged = dict(bases[case["base"]])
                for key, value in (answers or {}).items():
                    if value is None:
                        merged.pop(key, None)
                    else:
                        merged[key] = value
                answers = merged
            out.append({"name": case["name"], "file": path.name, "answers": answers,
                        "today": str(case.get("today", DEFAULT_TODAY)), "expect": case.get("expect", {})})
    return out


def problems(result: dict, expect: dict) -> list:
    """Every way the result differs from the expectation (empty = pass), as readable lines."""
    found = []
    ok = expect.get("ok", True)
    if result.get("ok") is not ok:
        found.append(f"ok is {result.get('ok')}, expected {ok}; errors: {result.get('errors')}")
        return found
    programs = {p["id"]: p for p in result["programs"]}

    def program(pid):
        if pid not in programs:
            found.append(f"program {pid} is not in the result")
            return None
        return programs[pid]

    for pid, status in (expect.get("programs") or {}).items():
        p = program(pid)
        if p and p["status"] != status:
            found.append(f"{pid}: status {p['status']}, expected {status}; reasons: "
                         f"{[(r['code'], r['status']) for r in p['reasons']]}; missing: {p['missing']}")
    for pid in expect.get("absent") or []:
        if pid in programs:
            found.append(f"{pid} is in the result, expected it absent")
    for pid, codes in (expect.get("reasons") or {}).items():
        p = program(pid)
        if p:
            have = [r["code"] for r in p["reasons"]]
            for code in codes:
                if code not in have:
                    found.append(f"{pid}: reason {code} missing; reasons are {have}")
    for pid, wanted in (expect.get("reason_status") or {}).items():
        p = program(pid)
        if p:
            have = {r["code"]: r["status"] for r in p["reasons"]}
            for code, status in wanted.items():
                if have.get(code) != status:
                    found.append(f"{pid}: reason {code} has status {have.get(code)}, expected {status}")
    for pid, missing in (expect.get("missing") or {}).items():
        p = program(pid)
        if p and p["missing"] != missing:
            found.append(f"{pid}: missing {p['missing']}, expected {missing}")
    if expect.get("populations"):
        ecm = program("ecm")
        if ecm:
            have = {f"{x['id']}.{x['track']}": x["status"] for x in ecm["populations"]}
            for key, status in expect["populations"].items():
                if have.get(key) != status:
                    found.append(f"ECM population {key}: {have.get(key)}, expected {status}")
    for pid, status in (expect.get("availability") or {}).items():
        p = program(pid)
        if p and p["availability"]["status"] != status:
            found.append(f"{pid}: availability {p['availability']['status']}, expected {status} "
                         f"({p['availability']['text']})")
    for pid, flag in (expect.get("conflict") or {}).items():
        p = program(pid)
        if p and bool(p["availability"]["conflict"]) is not flag:
            found.append(f"{pid}: availability conflict {p['availability']['conflict']!r}, expected {flag}")
    if "errors" in expect:
        have = [{"field": e["field"], "code": e["code"]} for e in result["errors"]]
        if have != expect["errors"]:
            found.append(f"errors {have}, expected {expect['errors']}")
    if "next_questions" in expect and result["next_questions"] != expect["next_questions"]:
        found.append(f"next_questions {result['next_questions']}, expected {expect['next_questions']}")
    start = expect.get("next_questions_start")
    if start and result["next_questions"][: len(start)] != start:
        found.append(f"next_questions start {result['next_questions'][:len(start)]}, expected {start}")
    ids = [s["contact_id"] for s in result["next_steps"]]
    for cid in expect.get("contacts") or []:
        if cid not in ids:
            found.append(f"contact {cid} not in next_steps {ids}")
    for cid in expect.get("no_contacts") or []:
        if cid in ids:
            found.append(f"contact {cid} is in next_steps, expected it absent")
    for pid, by_code in (expect.get("because") or {}).items():
        p = program(pid)
        if not p:
            continue
        reasons = {r["code"]: r for r in p["reasons"]}
        for code, wanted in by_code.items():
            have = [{k: b[k] for k in ("q", "answer", "value")} for b in (reasons.get(code) or {}).get("because", [])]
            for item in wanted:
                if item not in have:
                    found.append(f"{pid}: reason {code} is not decided by {item}; it says {have}")
    if "not_asked" in expect and result["not_asked"] != expect["not_asked"]:
        found.append(f"not_asked {result['not_asked']}, expected {expect['not_asked']}")
    first = expect.get("contacts_first")
    if first:
        order = list(dict.fromkeys(ids))
        if order[: len(first)] != first:
            found.append(f"next_steps start with {order[:len(first)]}, expected {first}")
    for pid, link in (expect.get("how_to_ask") or {}).items():
        p = program(pid)
        if p and (p.get("page") or {}).get("how_to_ask") != link:
            found.append(f"{pid}: how to ask {(p.get('page') or {}).get('how_to_ask')}, expected {link}")
    if "notes" in expect and len(result["notes"]) != expect["notes"]:
        found.append(f"{len(result['notes'])} notes {result['notes']}, expected {expect['notes']}")
    return found
