"""Medi-Cal ECM, Community Supports and Community Health Worker screener: the eligibility core.

Standard library only, no threads, no file access beyond the package's own data, so the same code runs on
CPython 3.11 and in the browser under Pyodide (Python 3.14). All rules and all user-visible text come from
`screener/data/rules.json`, compiled from content/ by `sitebuild/compile_rules.py`.

    evaluate(answers: dict, *, today: str | None = None, lang: str = "en") -> dict
    questions(lang: str = "en") -> list

`lang` picks the language of every sentence (headlines, reasons, notes, errors, names); codes, ids and statuses
are the same in every language. screener.languages() lists the languages the package carries.

Result of evaluate (JSON-serialisable, never raises for any JSON input):

    {"ok": bool,                      # false when any answer (or `today`) is invalid; nothing is screened then
     "errors": [{"field": str,        # question id, "answers" or "today"
                 "code": str,         # answers_not_object | unknown_question | not_integer | out_of_range |
                                      # not_boolean | not_an_option | not_options | unsupported_question |
                                      # bad_date | internal_error
                 "message": str,      # one plain sentence naming the field and what is allowed
                 "allowed": list | {"min", "max"}}],   # (when there is a fixed set or range)
     "as_of": "YYYY-MM-DD",           # the date the rules were applied for (today unless given)
     "programs": [{"id": "ecm" | "chw" | <community support id>,
                   "kind": "ecm" | "chw" | "community_support",
                   "name": str,
                   "status": "likely_eligible" | "not_eligible" | "cant_tell",
                   "headline": str,   # one plain sentence
                   "reasons": [{"code": str, "status": "met" | "not_met" | "unknown",
                                "text": str, "sources": [{"id", "title", "url"}],
                                "because": [{"q", "op", "value", "answer", "text"}]}],
                                      # status = how that part counts for the person (met = towards qualifying)
                                      # because = the person's own answers that decided it, with the rule's
                                      # number: "2 unplanned ... stays in 6 months; this group needs 3 or more."
                   "page": {"url": site-relative page of the program, "how_to_ask": url#how-to-ask-<plan>},
                   "missing": [question ids that could still change this answer, in question order],
                   "availability": {"status": "offered" | "not_offered" | "unknown", "text": str,
                                    "conflict": str | null, "note": str | null, "sources": [...],
                                    "phone": {"number", "tel", "contact_id"}},  # the plan's member line
                                      # community supports only; `phone` only when our sources give the plan's line
                   "populations": [{"id": <population id>, "name", "track": "adult" | "child",
                                    "status": "likely_eligible" | "not_eligible" | "cant_tell"}]
                                      # ECM only
                  }],
     "next_questions": [unanswered question ids that could still change any answer, in question order;
                        plan and county are included while unanswered: they decide availability and contacts],
     "next_steps": [{"contact_id", "name", "audience", "program": "ecm" | "chw" | "community_supports" | null,
                     "description", "phones": [{"number", "extension", "description", "tel"}], "tty",
                     "tty_tel" (the TTY number's ready-made tel: link, or null), "hours", "email", "subject_line",
                     "mailto", "tel", "url" (the contact's web page: referral forms, a provider portal; or null),
                     "url_text" (that link's words: what it leads to and the site, e.g.
                                 "Referral forms and how to refer (healthnet.com)")}],
     "notes": [plain sentences, e.g. that our sources do not list the plan in that county],
     "not_asked": [question ids that cannot apply to this person (content's ask_if, e.g. pregnancy at 72, or
                   a gate answered no: no hospital or emergency room in 12 months -> no visits to count):
                   not asked, their `otherwise` answer assumed and named in the reasons it decides]}

A gate (content's `gate`, e.g. hospital_or_er_12mo) is in next_questions while 2 or more of its questions are;
its questions follow it in the asking order, so one "no" answers them all.

next_steps fit whoever fills in the form (question `filling_in`: member -> member lines; provider -> referral
routes first, then the member line; unanswered -> both) and add the plan's Justice-Involved contacts whenever the
person is in custody or was released.

Status: a program's criteria evaluate to met / not_met / unknown (Kleene three-valued logic); met ->
likely_eligible, not_met -> not_eligible, unknown -> cant_tell. Answering more questions never flips a decided
program. Answers map question ids to values; `null` or a missing key means "not answered".
"""
import copy
import datetime

__version__ = "1.0.0"

from . import answers as _answers
from . import data as _data
from . import next_steps as _next_steps
from . import programs as _programs
from .logic import NOT_MET, Trace

__all__ = ["evaluate", "questions", "evaluate_with", "languages"]

languages = _data.languages


def questions(lang: str = "en") -> list:
    """The questions, in the order to ask them: [{id, type: integer | boolean | choice | multichoice, label,
    help, group, options: [{value, label}] (choice types), min, max (integer)}]. A copy: safe to change."""
    return copy.deepcopy(_data.load(lang).questions)


def _check_today(rules, today):
    if today is None:
        return datetime.date.today().isoformat(), None
    try:
        ok = isinstance(today, str) and len(today) == 10 and datetime.date.fromisoformat(today).isoformat() == today
    except (ValueError, TypeError):
        ok = False
    if ok:
        return today, None
    message = rules.text("screener.error.bad_date", field="today", got=_answers.show(today))
    return datetime.date.today().isoformat(), {"field": "today", "code": "bad_date", "message": message}


def _empty(as_of: str, errors: list) -> dict:
    return {"ok": False, "errors": errors, "as_of": as_of, "programs": [], "next_questions": [],
            "next_steps": [], "notes": [], "not_asked": []}


def _page(rules, program_id: str, plan) -> dict | None:
    """The program's page on this site (site-relative URL) and its "how to ask" section for the person's plan
    (the general section when the plan is not one the site covers)."""
    url = rules.pages.get("programs", {}).get(program_id)
    if url is None:
        return None
    anchor = rules.pages.get("how_to_ask_plan", {}).get(plan) or rules.pages.get("how_to_ask")
    return {"url": url, "how_to_ask": f"{url}#{anchor}" if anchor else url}


def _not_asked(rules, clean: dict, today: str | None = None) -> tuple:
    """Questions that cannot apply to this person (their `ask_if` is not met by the answers so far) take their
    `otherwise` answer and are not asked: (answers with those filled in, {question id: the ask_if tree}).
    An answer the person gave always wins."""
    gates = rules.ask_if
    if not gates:
        return clean, {}
    trace = Trace(clean, rules.criteria, today)
    skipped = {qid: node for qid, node in gates.items() if qid not in clean and trace.status(node) == NOT_MET}
    if not skipped:
        return clean, {}
    filled = dict(clean)
    for qid in skipped:
        filled[qid] = rules.question_by_id[qid]["otherwise"]
    return filled, skipped


def _gates_worth_asking(rules, clean: dict, wanted: set) -> list:
    """Unanswered gates (content's `gate`) with 2 or more of their questions still able to change a result: one
    yes/no then answers them all when it is "no". With one question left, asking it directly is shorter."""
    return [gate for gate, gated in rules.gates.items()
            if gate not in clean and len(wanted.intersection(gated)) >= 2]


def evaluate_with(rules, answers, today=None, detail: bool = True, memo: dict | None = None) -> dict:
    """evaluate() against given Rules. detail=False (batch runs) keeps only each program's id, kind, name and
    status, and leaves next_questions, next_steps and notes empty; the statuses are the same. `memo`: see
    evaluate()."""
    as_of, today_error = _check_today(rules, today)
    clean, errors = _answers.validate(rules, answers)
    if today_error:
        errors.append(today_error)
    if errors:
        return _empty(as_of, errors)

    clean, not_asked = _not_asked(rules, clean, as_of)
    trace = Trace(clean, rules.criteria, as_of)
    trace.not_asked = not_asked
    programs = _programs.decide_all(rules, trace, clean, as_of, detail, memo)
    if not detail:
        return {"ok": True, "errors": [], "as_of": as_of, "programs": programs, "next_questions": [],
                "next_steps": [], "notes": [], "not_asked": []}
    plan_q = rules.plan_question
    county_q = rules.county_question
    plan, county = clean.get(plan_q), clean.get(county_q)

    wanted = set()
    for program in programs:
        wanted.update(program["missing"])
    audience_q = rules.raw.get("audience_question")
    wanted.update(q for q in (audience_q, plan_q, county_q) if q in rules.question_by_id and q not in clean)
    wanted.update(_gates_worth_asking(rules, clean, wanted))
    notes = []
    if plan in rules.plans and county is not None and (plan, county) not in rules.region_of:
        notes.append(rules.text("screener.note.plan_not_in_county", plan=rules.plans[plan]["name"],
                                county=rules.counties.get(county, county)))
    elif plan == "not_sure":
        notes.append(rules.text("screener.note.not_sure_plan"))
    elif plan is not None and plan not in rules.plans:
        notes.append(rules.text("screener.note.other_plan"))
    if plan in rules.plans and _next_steps.member_line(rules, plan, county) is None:
        notes.append(rules.text("screener.note.plan_line_unknown", plan=rules.plans[plan]["name"]))
    for program in programs:
        program["page"] = _page(rules, program["id"], plan)
    return {
        "ok": True, "errors": [], "as_of": as_of, "programs": programs,
        "next_questions": rules.order_questions(wanted),
        "next_steps": _next_steps.find(rules, plan, county, programs, clean, trace),
        "notes": notes,
        "not_asked": rules.order_questions(not_asked),
    }


def evaluate(answers, *, today=None, lang="en", memo=None) -> dict:
    """Screen one person, with every sentence in `lang`. Never raises: an unexpected failure comes back as an
    `internal_error`, a language the package does not carry as `unknown_language` (in English).
    memo: a dict kept by the caller between evaluations of one person's changing answers (the browser's worker
    does): parts whose inputs did not change come from it, and the result is the same as without. Parts of a
    result may then be shared with the memo: read the result, do not change it."""
    try:
        rules = _data.load(lang)
    except LookupError:
        english = _data.load()
        return _empty(today if isinstance(today, str) else "",
                      [{"field": "lang", "code": "unknown_language", "allowed": _data.languages(),
                        "message": english.text("screener.error.unknown_language", got=_answers.show(lang),
                                                allowed=", ".join(_data.languages()))}])
    except Exception as exc:  # the package is broken: still answer in the documented shape
        return _empty(today if isinstance(today, str) else "",
                      [{"field": "rules", "code": "internal_error", "message": f"{type(exc).__name__}: {exc}"}])
    try:
        return evaluate_with(rules, answers, today, memo=memo)
    except Exception as exc:  # a bug; the tests assert this never happens
        return _empty(today if isinstance(today, str) else "",
                      [{"field": "answers", "code": "internal_error",
                        "message": rules.text("screener.error.internal_error", detail=f"{type(exc).__name__}: {exc}")}])
