"""evaluate(memo=...): a memo kept between evaluations (the browser's worker keeps one for the person's changing
answers) gives exactly the results of no memo, and does hand back the parts whose inputs did not change."""
import json
import random

import screener
import screener.data
from screener import programs
from screener_cases import load_cases

CASES = load_cases()
QUESTIONS = screener.questions("en")


def _same(a, b) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _values(question) -> list:
    """A few values of every kind a question takes, and None (not answered)."""
    kind = question["type"]
    if kind == "boolean":
        return [True, False, None]
    if kind == "integer":
        return [question["min"], 17, 21, 26, 65, question["max"], None]
    options = [o["value"] for o in question.get("options", [])]
    if kind == "multichoice":
        return [[], options[:1], options[:3], options[-1:], None]
    if question["id"] == "plan":  # the plans of several counties, and one not in the county
        return sorted({p for plans in question["by_county"].values() for p in plans})[:6] + [None]
    return options[:6] + [None]


def test_every_named_case_in_a_row_with_one_memo_gives_the_results_of_none():
    memo = {}
    for case in CASES + CASES[::-1]:
        plain = screener.evaluate(case["answers"], today=case["today"])
        kept = screener.evaluate(case["answers"], today=case["today"], memo=memo)
        assert _same(plain, kept), case["name"]


def test_answers_changed_one_at_a_time_with_a_memo_give_the_results_of_none():
    """A person editing the form: from each named case, 40 single changes in a row, any question to any value
    (seeded, so a failure repeats), in English and Spanish with one memo."""
    rng = random.Random(2026)
    memo = {}
    for case in CASES[::6]:
        answers = dict(case["answers"]) if isinstance(case["answers"], dict) else {}
        for step in range(40):
            question = rng.choice(QUESTIONS)
            value = rng.choice(_values(question))
            if value is None:
                answers.pop(question["id"], None)
            else:
                answers[question["id"]] = value
            lang = "es" if step % 5 == 4 else "en"
            plain = screener.evaluate(answers, today=case["today"], lang=lang)
            kept = screener.evaluate(answers, today=case["today"], lang=lang, memo=memo)
            assert _same(plain, kept), (case["name"], step, question["id"], value, lang)


def test_a_community_support_whose_answers_did_not_change_comes_from_the_memo():
    answers = {"filling_in": "member", "age": 30, "county": "alameda", "housing": ["shelter"]}
    memo = {}
    first = screener.evaluate(answers, memo=memo)
    second = screener.evaluate(dict(answers, age=70), memo=memo)
    third = screener.evaluate(dict(answers, age=70, housing=["at_risk"]), memo=memo)
    rules = screener.data.load("en")
    by_id = {s["id"]: s for s in rules.community_supports}

    def support(result, sid):
        return next(p for p in result["programs"] if p["id"] == sid)

    reused = changed = 0
    for sid, service in by_id.items():
        if not any(p["id"] == sid for p in first["programs"]):
            continue
        reads = programs._reads(rules, service)
        if "age" not in reads:  # the age changed: its result is the one kept, not a new one
            assert support(second, sid)["reasons"] is support(first, sid)["reasons"], sid
            reused += 1
        if "housing" in reads:  # the housing changed: worked out again
            assert support(third, sid)["reasons"] is not support(second, sid)["reasons"], sid
            changed += 1
    assert reused and changed
