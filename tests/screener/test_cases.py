"""Run every readable case in tests/screener/cases/*.yaml through the screener on CPython."""
import json

import pytest

import screener
from screener_cases import load_cases, problems

CASES = load_cases()


def test_case_names_are_unique_sentences():
    names = [c["name"] for c in CASES]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert not duplicates, f"case names must be unique: {duplicates}"
    assert all(len(n.split()) >= 4 for n in names), "a case name should state the reason in words"


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case):
    result = screener.evaluate(case["answers"], today=case["today"])
    json.dumps(result)  # JSON-serialisable, always
    assert not [e for e in result["errors"] if e["code"] == "internal_error"], result["errors"]
    found = problems(result, case["expect"])
    assert not found, f"{case['file']}: {case['name']}\n  " + "\n  ".join(found)
