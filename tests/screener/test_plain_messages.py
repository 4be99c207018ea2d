"""Error messages are plain sentences for the person at the field (issue 11, issue 14): the same message for
every bad number, however long, and never the raw value echoed back. Texts are read from content."""
import pytest

import screener
from sitebuild.content import load_content

MODEL = load_content()
UI = MODEL["ui"]["ui"]
AGE = next(q for q in MODEL["questions"]["questions"] if q["id"] == "age")
AGE_MESSAGE = UI["screener.error.age"].format(min=AGE["min"], max=AGE["max"])


@pytest.mark.parametrize("value", [-1, AGE["max"] + 1, "72", 3.5, True, "", [72]],
                         ids=["negative", "one too many", "a string", "a fraction", "true", "empty text", "a list"])
def test_every_bad_age_gets_the_same_plain_message(value):
    result = screener.evaluate({"age": value})
    assert not result["ok"]
    assert [e["message"] for e in result["errors"]] == [AGE_MESSAGE]


@pytest.mark.parametrize("value", [10 ** 19, 10 ** 399], ids=["20 digits", "400 digits"])
def test_a_number_too_long_to_be_real_says_it_is_not_valid(value):
    result = screener.evaluate({"age": value})
    assert [e["message"] for e in result["errors"]] == [UI["screener.error.not_valid_number"] + " " + AGE_MESSAGE]


def test_a_bad_count_names_its_range_in_plain_words():
    question = next(q for q in MODEL["questions"]["questions"] if q["id"] == "hospital_stays_6mo")
    result = screener.evaluate({"hospital_stays_6mo": -3})
    assert result["errors"][0]["message"] == UI["screener.error.out_of_range"].format(
        min=question["min"], max=question["max"])


def test_messages_are_not_code_like():
    result = screener.evaluate({"age": -1, "plan": "nope", "complex_need": "yes", "housing": "x"})
    for error in result["errors"]:
        words = error["message"].replace(".", " ").split()
        assert "got" not in words and '"' not in error["message"] and "_" not in error["message"], error


COUNTS = [q for q in MODEL["questions"]["questions"] if q["type"] == "integer" and q.get("said", "").startswith("{answer}")]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("question", COUNTS, ids=[q["id"] for q in COUNTS])
def test_a_count_of_one_reads_in_the_singular(question, lang):
    """A number the person gave reads "1 emergency room visit", never "1 emergency room visits": every count
    question has its `said_one`, and the reasons use it for 1 and `said` for any other number."""
    from screener import because, data

    rules = data.load(lang)
    q = rules.question_by_id[question["id"]]
    assert q.get("said_one") and q["said_one"] != q["said"], f"{question['id']} has no singular in {lang}"
    assert because.said(rules, q, 1) == q["said_one"].replace("{answer}", "1")
    for n in (0, 2, 12):
        assert because.said(rules, q, n) == q["said"].replace("{answer}", str(n))


def test_one_emergency_visit_in_a_reason_is_singular():
    """The issue's own example, through evaluate: "1 emergency room visit in 6 months" in the reason."""
    question = next(q for q in COUNTS if q["id"] == "ed_visits_6mo")
    from screener_cases import _bases

    result = screener.evaluate({**_bases()["adult_none"], "ed_visits_6mo": 1, "hospital_stays_6mo": 2})
    texts = [b["text"] for p in result["programs"] for r in p["reasons"] for b in r.get("because", [])]
    singular = question["said_one"].replace("{answer}", "1")
    assert any(t.startswith(singular) for t in texts), texts
    assert not any(t.startswith(question["said"].replace("{answer}", "1")) for t in texts)
