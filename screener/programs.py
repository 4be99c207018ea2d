"""Decide each program (ECM, CHW, every Community Support) from one evaluation trace.

Why one module: the three kinds share the same steps (evaluate a tree, turn its status into
likely_eligible / not_eligible / cant_tell, explain it, list what is missing) and differ only in how their tree
is put together:
- ECM: its gate (not in a program that cannot be combined with ECM) AND any Population of Focus met. Each
  population has an adult tree and/or a child/youth tree carrying its own age test, so the tracks (21+, under
  21, former foster youth under 26) are content, not code.
- CHW: its gate AND its criteria.
- A Community Support: its criteria; a service whose content has no testable criteria is always cant_tell.
A reason's `status` says how that part counts for the person: met = towards qualifying, not_met = against.
"""
from . import availability as avail
from .because import explain
from .logic import MET, NOT_MET, UNKNOWN, is_branch, kleene_all, kleene_any, walk

STATUS = {MET: "likely_eligible", NOT_MET: "not_eligible", UNKNOWN: "cant_tell"}


def headline(rules, kind: str, status: str, name: str) -> str:
    """The one-sentence headline of a decision, in the language of `rules` (batch output uses it too)."""
    return _headline(rules, kind, status, name)


def _headline(rules, kind: str, status: str, name: str) -> str:
    key = f"screener.headline.{kind}.{status}"
    return rules.text(key if rules.has(key) else f"screener.headline.{status}", name=name)


def _reason(rules, node: dict, status: str, trace=None, kind: str = "") -> dict:
    """One reason: code, status, its rule's sentence, sources, and `because`: the person's answers that
    decided it, with the rule's number (empty when nothing is decided yet)."""
    if "conflict" in node and not is_branch(node):
        return {"code": node.get("id") or "sources_differ", "status": UNKNOWN,
                "text": rules.text("screener.reason.sources_differ", detail=node["conflict"]),
                "sources": rules.source_list(node.get("sources")), "because": []}
    criteria = node.get("criteria", node)  # an ECM population carries its tree under `criteria`
    return {"code": node.get("id") or node.get("q") or "criterion", "status": status,
            "text": node.get("text") or node.get("name") or node.get("id") or "",
            "sources": rules.source_list(node.get("sources")),
            "because": explain(rules, trace, criteria, kind, trace.not_asked) if trace is not None else []}


def _reasons(rules, pairs, trace=None, kind: str = "") -> list:
    out, seen = [], set()
    for node, status in pairs:
        item = _reason(rules, node, status, trace, kind)
        key = (item["code"], item["status"], item["text"])
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _merge(first: list, more: list) -> list:
    keys = {(r["code"], r["status"], r["text"]) for r in first}
    return first + [r for r in more if (r["code"], r["status"], r["text"]) not in keys]


def _conflict_reasons(rules, trace, nodes, missing) -> list:
    """When nothing the person could answer would decide a tree, its conflicts are why: say so."""
    if missing:
        return []
    out = []
    for node in nodes:
        if node is not None and trace.status(node) == UNKNOWN:
            out = _merge(out, [_reason(rules, c, UNKNOWN) for c in trace.conflicts(node)])
    return out


def _gate(rules, trace, answers: dict, info: dict, detail: bool = True, kind: str = ""):
    """(status, reasons, missing) of "not in a program that cannot be combined with this one" (met = fine).

    When the gate fails, each excluding program the person named becomes its own reason, so the result says
    exactly what excluded them."""
    gate = info.get("exclusion")
    if not gate:
        return MET, [], set()
    node = gate["criterion"]
    status = trace.status(node)
    if status == MET or not detail:
        return status, [], set()
    if status == NOT_MET:
        enrolled = answers.get(gate.get("question")) or []
        specific = [
            {"code": "excluded." + p["id"], "status": NOT_MET,
             "text": rules.text("screener.reason.excluded_by", program=p["name"], name=info["name"]),
             "sources": rules.source_list(gate.get("sources")), "because": []}
            for p in gate.get("programs", []) if p["id"] in enrolled
        ]
        return NOT_MET, specific or _reasons(rules, trace.reasons(node), trace, kind), set()
    return UNKNOWN, _reasons(rules, trace.reasons(node), trace, kind), trace.missing(node)


def _program(kind: str, item: dict, status: str, rules, reasons: list, missing: set) -> dict:
    return {
        "id": item["id"], "kind": kind, "name": item["name"], "status": STATUS[status],
        "headline": _headline(rules, kind, STATUS[status], item["name"]),
        "reasons": reasons,
        "missing": rules.order_questions(missing) if status == UNKNOWN else [],
    }


def person_track(rules, answers: dict):
    """'adult', 'child' or None (age not answered)."""
    age = answers.get(rules.ecm.get("age_question", "age"))
    if not isinstance(age, int) or isinstance(age, bool):
        return None
    return "adult" if age >= rules.ecm.get("adult_age", 21) else "child"


def _brief(kind: str, item: dict, status: str) -> dict:
    """Only the decision (batch screening): no reasons, missing questions or availability."""
    return {"id": item["id"], "kind": kind, "name": item["name"], "status": STATUS[status]}


def ecm(rules, trace, answers: dict, today: str, detail: bool = True) -> dict:
    info = rules.ecm
    populations = [p for p in info["populations"] if avail.in_effect(p, today)]
    gate, gate_reasons, gate_missing = _gate(rules, trace, answers, info, detail, "ecm")
    pop_status = kleene_any(trace.status(p["criteria"]) for p in populations) if gate != NOT_MET or detail \
        else NOT_MET
    status = kleene_all([gate, pop_status])
    if not detail:
        return _brief("ecm", info, status)

    track = person_track(rules, answers)
    if pop_status == NOT_MET:
        shown = [p for p in populations if track is None or p["track"] == track]
    else:
        shown = [p for p in populations if trace.status(p["criteria"]) == pop_status]
    pop_reasons = _reasons(rules, [(p, trace.status(p["criteria"])) for p in shown], trace, "ecm")
    if gate == NOT_MET:
        reasons = gate_reasons + [r for r in pop_reasons if r["status"] == MET]
    elif gate == UNKNOWN and pop_status != NOT_MET:
        reasons = pop_reasons + gate_reasons
    else:
        reasons = pop_reasons

    missing: set = set()
    if status == UNKNOWN:
        missing |= gate_missing
        if pop_status == UNKNOWN:
            for p in populations:
                missing |= trace.missing(p["criteria"])
        reasons = _merge(reasons, _conflict_reasons(rules, trace, [p["criteria"] for p in populations], missing))
    result = _program("ecm", info, status, rules, reasons, missing)
    result["populations"] = [
        {"id": p["population"], "name": p["name"], "track": p["track"],
         "status": STATUS[trace.status(p["criteria"])]}
        for p in populations
    ]
    return result


def _untestable(rules, kind: str, info: dict, gate: str, gate_reasons: list) -> dict:
    """Content gives no criteria we can test: the person must ask the plan (unless an exclusion decides)."""
    if gate == NOT_MET:
        return _program(kind, info, NOT_MET, rules, gate_reasons, set())
    text = info.get("no_criteria_reason") or rules.text("screener.reason.no_criteria", name=info["name"])
    reason = {"code": "no_criteria", "status": UNKNOWN, "text": text,
              "sources": rules.source_list(info.get("sources")), "because": []}
    return _program(kind, info, UNKNOWN, rules, [reason], set())


def _gated(rules, trace, answers: dict, kind: str, info: dict, detail: bool = True) -> dict:
    """A program decided by (gate AND criteria): CHW, and a Community Support."""
    criteria = info.get("criteria")
    gate, gate_reasons, gate_missing = _gate(rules, trace, answers, info, detail, kind)
    if criteria is None:
        if not detail:
            return _brief(kind, info, NOT_MET if gate == NOT_MET else UNKNOWN)
        return _untestable(rules, kind, info, gate, gate_reasons)
    crit = trace.status(criteria)
    status = kleene_all([gate, crit])
    if not detail:
        return _brief(kind, info, status)
    if gate == NOT_MET:
        reasons = gate_reasons
    else:
        reasons = _reasons(rules, trace.reasons(criteria, skip_label=True), trace, kind) + gate_reasons
    missing: set = set()
    if status == UNKNOWN:
        missing |= gate_missing
        if crit == UNKNOWN:
            missing |= trace.missing(criteria)
        reasons = _merge(reasons, _conflict_reasons(rules, trace, [criteria], missing))
    return _program(kind, info, status, rules, reasons, missing)


def chw(rules, trace, answers: dict, today: str, detail: bool = True) -> dict:
    return _gated(rules, trace, answers, "chw", rules.chw, detail)


def community_support(rules, trace, answers: dict, today: str, service: dict, detail: bool = True,
                      memo: dict | None = None) -> dict:
    """One Community Support. With a `memo` (a dict the caller keeps between evaluations), a result whose inputs
    are unchanged since the last evaluation is handed back instead of worked out again (see _inputs)."""
    if memo is not None and detail:
        inputs = _inputs(rules, trace, answers, today, service)
        kept = memo.get((id(rules), service["id"]))
        if kept is not None and kept[0] is rules and kept[1] == inputs:
            return dict(kept[2])  # a new top level: evaluate_with() adds the page to it
    result = _gated(rules, trace, answers, "community_support", service, detail)
    if not detail:
        return result
    plan = answers.get(rules.plan_question)
    county = answers.get(rules.county_question)
    result["availability"] = avail.check(rules, plan, county, service, today)
    if memo is not None:
        memo[(id(rules), service["id"])] = (rules, inputs, dict(result))
    return result


# A Community Support's result is made of the answers its criteria and its exclusion read (and whether each was
# not asked), the plan and the county (its availability) and the date, in the language of `rules`: equal inputs,
# equal result. An answer changed elsewhere in the form (the age, for most of them) leaves it as it was, which
# makes an answer's evaluation about three times faster in the browser.
_MISSING = object()
_READS: dict = {}  # (id(rules), service id) -> (rules, the question ids its trees read)


def _reads(rules, service: dict) -> tuple:
    kept = _READS.get((id(rules), service["id"]))
    if kept is None or kept[0] is not rules:
        exclusion = service.get("exclusion") or {}
        found = {exclusion.get("question")}
        for root in (service.get("criteria"), exclusion.get("criterion")):
            found.update(node["q"] for node in walk(root, rules.criteria) if "q" in node)
        kept = (rules, tuple(sorted(q for q in found if q)))
        _READS[(id(rules), service["id"])] = kept
    return kept[1]


def _frozen(value):
    return tuple(value) if isinstance(value, list) else value  # a multi-choice answer, as part of a key


def _inputs(rules, trace, answers: dict, today: str, service: dict) -> tuple:
    read = tuple((q, _frozen(answers.get(q, _MISSING)), id(trace.not_asked.get(q))) for q in _reads(rules, service))
    return (today, answers.get(rules.plan_question), answers.get(rules.county_question), read)


def decide_all(rules, trace, answers: dict, today: str, detail: bool = True, memo: dict | None = None) -> list:
    """Every program in effect on `today`: ECM, CHW, then the Community Supports in content order.
    detail=False gives only the decisions (what a batch run needs, about three times faster); `memo`: see
    community_support()."""
    out = [ecm(rules, trace, answers, today, detail), chw(rules, trace, answers, today, detail)]
    for service in rules.community_supports:
        if avail.in_effect(service, today):
            out.append(community_support(rules, trace, answers, today, service, detail, memo))
    return out
