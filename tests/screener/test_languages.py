"""The screener in another language: evaluate(answers, lang="es") gives the same decisions and reason codes as
English, with every sentence from content/locales/es/. Cases come from tests/screener/cases/ (all of them)."""
import csv
import subprocess
import sys
from pathlib import Path

import pytest

import screener
from screener import data

from screener_cases import DEFAULT_TODAY, load_cases

ROOT = Path(__file__).resolve().parents[2]


def _decisions(result):
    return [(p["id"], p["status"], [(r["code"], r["status"]) for r in p["reasons"]], p["missing"],
             (p.get("availability") or {}).get("status")) for p in result["programs"]]


def test_spanish_is_carried_by_the_package():
    assert screener.languages()[:1] == ["en"] and "es" in screener.languages()


@pytest.mark.parametrize("case", load_cases(), ids=lambda c: c["name"])
def test_spanish_result_has_the_english_decisions_and_codes(case):
    today = case.get("today", DEFAULT_TODAY)
    english = screener.evaluate(case["answers"], today=today)
    spanish = screener.evaluate(case["answers"], today=today, lang="es")
    assert spanish["ok"] == english["ok"]
    assert [(e["field"], e["code"]) for e in spanish["errors"]] == [(e["field"], e["code"]) for e in english["errors"]]
    assert _decisions(spanish) == _decisions(english)
    assert spanish["next_questions"] == english["next_questions"]
    assert [s["contact_id"] for s in spanish["next_steps"]] == [s["contact_id"] for s in english["next_steps"]]
    assert len(spanish["notes"]) == len(english["notes"])


def test_spanish_sentences_come_from_the_spanish_content():
    es = data.load("es")
    answers = {"age": 34, "plan": "kp", "county": "alameda", "housing": ["unsheltered"], "complex_need": True,
               "enrolled_programs": []}
    result = screener.evaluate(answers, today=DEFAULT_TODAY, lang="es")
    ecm = next(p for p in result["programs"] if p["id"] == "ecm")
    assert ecm["name"] == es.ecm["name"] != data.load().ecm["name"]
    assert ecm["headline"] == es.text("screener.headline.likely_eligible", name=ecm["name"])
    reason = next(r for r in ecm["reasons"] if r["code"] == "ecm.homelessness.adult")
    spanish_text = next(p["text"] for p in es.ecm["populations"] if p["id"] == "ecm.homelessness.adult")
    assert reason["text"] == spanish_text
    housing_es = next(q for q in screener.questions("es") if q["id"] == "housing")
    housing_en = next(q for q in screener.questions() if q["id"] == "housing")
    assert [o["value"] for o in housing_es["options"]] == [o["value"] for o in housing_en["options"]]
    assert all(a["label"] != b["label"] for a, b in zip(housing_es["options"], housing_en["options"]))


def test_spanish_errors_are_plain_spanish_sentences():
    result = screener.evaluate({"age": 200, "ed_visits_6mo": -1}, lang="es")
    assert not result["ok"] and [e["code"] for e in result["errors"]] == ["out_of_range", "out_of_range"]
    spanish = data.load("es")
    assert result["errors"][0]["message"] == spanish.text("screener.error.age", min=0, max=130)
    assert result["errors"][1]["message"] == spanish.text("screener.error.out_of_range", min=0, max=500)


def test_an_unknown_language_is_an_error_not_a_crash():
    result = screener.evaluate({"age": 30}, lang="xx")
    assert not result["ok"]
    assert result["errors"][0]["code"] == "unknown_language" and "es" in result["errors"][0]["allowed"]


def test_cli_text_in_spanish():
    proc = subprocess.run([sys.executable, "-m", "screener", "--text", "--lang", "es", "--today", DEFAULT_TODAY],
                          cwd=ROOT, input='{"age": 30, "plan": "kp", "county": "san_mateo"}', capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stderr
    es = data.load("es")
    assert es.text("status.cant_tell") in proc.stdout and es.text("screener.text.reasons") in proc.stdout


def test_batch_writes_spanish_headlines(tmp_path):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text("id,age,housing,complex_need,enrolled_programs\np1,40,unsheltered,yes,none\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "screener", "batch", str(source), str(target), "--lang", "es",
                           "--headlines", "--today", DEFAULT_TODAY], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    es = data.load("es")
    assert rows[0]["ecm_status"] == "likely_eligible"
    assert rows[0]["ecm_headline"] == es.text("screener.headline.likely_eligible", name=es.ecm["name"])
