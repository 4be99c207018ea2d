"""The criteria DSL evaluator on small synthetic trees (the real trees are covered by the readable cases)."""
import pytest

from screener.logic import MET, NOT_MET, UNKNOWN, Trace, check_leaf

import screener


@pytest.mark.parametrize("op, answer, value, expected", [
    ("eq", True, True, MET), ("eq", 1, True, NOT_MET), ("ne", "a", "b", MET),
    ("lt", 20, 21, MET), ("lt", 21, 21, NOT_MET), ("le", 12, 12, MET), ("le", 13, 12, NOT_MET),
    ("gt", 5, 4, MET), ("ge", 5, 5, MET), ("ge", 4, 5, NOT_MET), ("ge", True, 1, UNKNOWN),
    ("in", "home", ["home", "alf"], MET), ("in", "other", ["home"], NOT_MET),
    ("any_of", ["a", "b"], ["b"], MET), ("any_of", [], ["b"], NOT_MET),
    ("none_of", ["a"], ["b"], MET), ("none_of", ["b"], ["b"], NOT_MET), ("none_of", "b", ["b"], UNKNOWN),
])
def test_leaf_ops(op, answer, value, expected):
    assert check_leaf(op, answer, value) == expected


CRITERIA = {
    "adult": {"id": "adult", "text": "Adult.", "q": "age", "ge": 21},
    "loop": {"ref": "loop"},
}
TREE = {"all": [{"ref": "adult"}, {"any": [{"id": "a", "text": "A.", "q": "x", "eq": True},
                                           {"id": "b", "text": "B.", "q": "y", "ge": 3}]}]}


def test_unanswered_is_unknown_and_missing_lists_only_open_questions():
    trace = Trace({"age": 30}, CRITERIA)
    assert trace.status(TREE) == UNKNOWN
    assert trace.missing(TREE) == {"x", "y"}
    trace = Trace({"age": 18}, CRITERIA)
    assert trace.status(TREE) == NOT_MET and trace.missing(TREE) == set()


def test_any_met_decides_without_the_rest():
    trace = Trace({"age": 30, "x": True}, CRITERIA)
    assert trace.status(TREE) == MET
    assert [n["id"] for n, s in trace.reasons(TREE)] == ["adult", "a"]


def test_conflict_is_never_answerable():
    tree = {"all": [{"q": "x", "eq": True}, {"conflict": "Sources differ."}]}
    trace = Trace({"x": True}, {})
    assert trace.status(tree) == UNKNOWN and trace.missing(tree) == set()
    assert [n["conflict"] for n in trace.conflicts(tree)] == ["Sources differ."]
    assert Trace({"x": False}, {}).status(tree) == NOT_MET


def test_not_flips_reason_status():
    tree = {"not": {"id": "hospice", "text": "In hospice.", "q": "p", "any_of": ["hospice"]}}
    trace = Trace({"p": ["hospice"]}, {})
    assert trace.status(tree) == NOT_MET
    assert [(n["id"], s) for n, s in trace.reasons(tree)] == [("hospice", NOT_MET)]


def test_ref_cycle_and_missing_ref_are_unknown_not_a_crash():
    assert Trace({}, CRITERIA).status({"ref": "loop"}) == UNKNOWN
    assert Trace({}, CRITERIA).status({"ref": "nowhere"}) == UNKNOWN


def test_huge_numbers_and_deep_nesting_do_not_raise():
    assert screener.evaluate({"age": 10 ** 5000})["errors"][0]["code"] == "too_many_digits"
    deep = []
    for _ in range(5000):
        deep = [deep]
    result = screener.evaluate({"housing": deep})
    assert not result["ok"] and result["errors"][0]["code"] == "not_options"


def test_questions_returns_a_copy():
    first = screener.questions()
    original = first[0]["id"]
    first[0]["id"] = "changed"
    assert screener.questions()[0]["id"] == original
