"""Properties that must hold for every input, checked with Hypothesis.

- Any answers of the right types never raise, are ok, and give a JSON-serialisable result of the documented
  shape; arbitrary JSON junk never raises either.
- Adding any ECM-excluding program never makes ECM likely_eligible.
- Monotonicity (by design of Kleene's three-valued logic): answering more questions never flips a decided
  program (likely_eligible / not_eligible stays), and a program that is still cant_tell stays cant_tell unless
  one of its `missing` questions is answered. That second half is what makes `missing` and `next_questions`
  trustworthy: the page may stop asking a question that is not listed.
"""
import json

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import screener
from screener import data

RULES = data.load()
QUESTIONS = RULES.questions
TODAY = "2026-03-01"
EXCLUDING = [p["id"] for p in RULES.ecm["exclusion"]["programs"]]
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def answer_for(question: dict):
    kind = question["type"]
    if kind == "integer":
        return st.integers(min_value=question.get("min", 0), max_value=question.get("max", 10_000))
    if kind == "boolean":
        return st.booleans()
    values = [o["value"] for o in question["options"]]
    if kind == "choice":
        return st.sampled_from(values)
    return st.lists(st.sampled_from(values), unique=True)


# Ages near the track boundaries are where bugs hide: weight them.
def _age_question(question):
    return st.one_of(st.sampled_from([0, 17, 18, 20, 21, 25, 26, 64, 130]), answer_for(question))


FULL = st.fixed_dictionaries({q["id"]: (_age_question(q) if q["id"] == "age" else answer_for(q))
                              for q in QUESTIONS})


@st.composite
def partial_and_full(draw):
    """A complete answer set and a subset of it (some questions left unanswered)."""
    full = draw(FULL)
    keep = draw(st.sets(st.sampled_from(sorted(full))))
    return {k: full[k] for k in keep}, full


VALID = partial_and_full().map(lambda pair: pair[0])

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
QUESTION_IDS = st.sampled_from([q["id"] for q in QUESTIONS])
JUNK_ANSWERS = st.one_of(
    JSON,
    st.dictionaries(st.one_of(QUESTION_IDS, st.text(max_size=8)), JSON, max_size=6),
)


def check_shape(result: dict) -> None:
    json.dumps(result, allow_nan=False)
    assert set(result) == {"ok", "errors", "as_of", "programs", "next_questions", "next_steps", "notes", "not_asked"}
    assert not [e for e in result["errors"] if e["code"] == "internal_error"], result["errors"]
    for error in result["errors"]:
        assert isinstance(error["field"], str) and error["code"] and error["message"]
    if not result["ok"]:
        assert result["errors"] and result["programs"] == []
        return
    order = RULES.question_order
    assert result["next_questions"] == sorted(result["next_questions"], key=order.get)
    for program in result["programs"]:
        assert program["status"] in ("likely_eligible", "not_eligible", "cant_tell")
        assert program["missing"] == sorted(program["missing"], key=order.get)
        assert set(program["missing"]) <= set(result["next_questions"])
        if program["status"] != "cant_tell":
            assert program["missing"] == []
        for reason in program["reasons"]:
            assert reason["status"] in ("met", "not_met", "unknown") and reason["text"]
        if program["kind"] == "community_support":
            assert program["availability"]["status"] in ("offered", "not_offered", "unknown")


@SETTINGS
@given(VALID)
def test_valid_answers_never_raise_and_are_ok(answers):
    result = screener.evaluate(answers, today=TODAY)
    assert result["ok"], result["errors"]
    check_shape(result)
    for program in result["programs"]:  # missing questions are unanswered ones
        assert not set(program["missing"]) & set(answers)


@SETTINGS
@given(JUNK_ANSWERS, st.one_of(st.none(), st.text(max_size=12), st.integers()))
def test_junk_never_raises(answers, today):
    result = screener.evaluate(answers, today=today)
    check_shape(result)


@SETTINGS
@given(VALID, st.lists(st.sampled_from(EXCLUDING), min_size=1, unique=True))
def test_an_excluding_program_never_makes_ecm_likely(answers, excluding):
    enrolled = sorted(set(answers.get("enrolled_programs", [])) | set(excluding))
    result = screener.evaluate({**answers, "enrolled_programs": enrolled}, today=TODAY)
    ecm = next(p for p in result["programs"] if p["id"] == "ecm")
    assert ecm["status"] == "not_eligible"
    assert any(r["code"].startswith("excluded.") for r in ecm["reasons"])


@SETTINGS
@given(partial_and_full(), st.sampled_from(["2024-06-01", "2025-07-01", TODAY]))
def test_more_answers_never_flip_a_decided_program(pair, today):
    partial, full = pair
    first = screener.evaluate(partial, today=today)
    # A question that was not asked (it cannot apply, e.g. pregnancy at 72) took an assumed answer; the person
    # may still give another one, and then their own answer rightly wins.
    assume(not set(first["not_asked"]) & (set(full) - set(partial)))
    before = {p["id"]: p for p in first["programs"]}
    after = {p["id"]: p for p in screener.evaluate(full, today=today)["programs"]}
    assert before.keys() == after.keys()
    for pid, program in before.items():
        if program["status"] != "cant_tell":
            assert after[pid]["status"] == program["status"], (pid, partial, full)
        elif not set(program["missing"]) & (set(full) - set(partial)):
            assert after[pid]["status"] == "cant_tell", (pid, program["missing"], partial, full)


@SETTINGS
@given(partial_and_full())
def test_availability_is_monotone_too(pair):
    partial, full = pair
    before = {p["id"]: p for p in screener.evaluate(partial, today=TODAY)["programs"] if "availability" in p}
    after = {p["id"]: p for p in screener.evaluate(full, today=TODAY)["programs"] if "availability" in p}
    for pid, program in before.items():
        if program["availability"]["status"] != "unknown":
            assert after[pid]["availability"] == program["availability"]


@SETTINGS
@given(VALID)
def test_batch_decisions_equal_full_results(answers):
    """Batch runs skip reasons and contacts (detail=False); the decisions must be the same."""
    full = screener.evaluate_with(RULES, answers, TODAY)
    brief = screener.evaluate_with(RULES, answers, TODAY, detail=False)
    assert [(p["id"], p["status"]) for p in brief["programs"]] == [(p["id"], p["status"]) for p in full["programs"]]


def test_kleene_tables():
    from screener.logic import MET, NOT_MET, UNKNOWN, kleene_all, kleene_any, kleene_not

    values = (MET, NOT_MET, UNKNOWN)
    for a in values:
        assert kleene_not(kleene_not(a)) == a
        for b in values:
            assert kleene_all([a, b]) == kleene_not(kleene_any([kleene_not(a), kleene_not(b)]))
            if NOT_MET in (a, b):
                assert kleene_all([a, b]) == NOT_MET
            if MET in (a, b):
                assert kleene_any([a, b]) == MET
    assert kleene_all([]) == MET and kleene_any([]) == NOT_MET
