"""`python -m screener` (one person, JSON or --text), `python -m screener batch`, and the batch streaming."""
import csv
import itertools
import json
import subprocess
import sys
from pathlib import Path

from screener import batch, data

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "screener" / "examples" / "batch_example.csv"
TODAY = "2026-03-01"


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "screener", *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_json_from_stdin():
    proc = run("--today", TODAY, stdin='{"age": 30, "housing": ["unsheltered"], "complex_need": true, '
                                       '"enrolled_programs": []}')
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["ok"] and result["programs"][0]["status"] == "likely_eligible"


def test_json_from_file(tmp_path):
    path = tmp_path / "answers.json"
    path.write_text('{"age": 17, "foster_care": ["current"]}', encoding="utf-8")
    proc = run(str(path), "--today", TODAY)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["as_of"] == TODAY


def test_text_summary():
    proc = run("--text", "--today", TODAY, stdin='{"age": 30, "plan": "kp", "county": "san_mateo"}')
    assert proc.returncode == 0
    assert "Enhanced Care Management" in proc.stdout and "Sobering Centers" in proc.stdout
    rules = data.load()
    region = rules.region_of[("kp", "san_mateo")]  # the plan's line for the region that serves San Mateo
    lines = [p["number"] for c in rules.contacts if c.get("plan") == "kp" and c.get("region") == region
             for p in c["phones"] if p["type"] == "voice"]
    assert lines and all(number in proc.stdout for number in lines)


def test_invalid_answers_exit_2_with_errors_as_data():
    proc = run(stdin='{"age": 200, "county": "atlantis"}')
    assert proc.returncode == 2
    result = json.loads(proc.stdout)
    assert not result["ok"] and [e["field"] for e in result["errors"]] == ["age", "county"]


def test_invalid_answers_text_lists_the_problems():
    proc = run("--text", stdin='{"age": "old"}')
    assert proc.returncode == 2 and "age: Enter an age from 0 to 130" in proc.stdout


def test_unreadable_json_exit_2_without_traceback():
    proc = run(stdin="{age: 30")
    assert proc.returncode == 2
    assert "not valid JSON" in proc.stderr and "Traceback" not in proc.stderr


def test_missing_file_exit_2_without_traceback():
    proc = run("/nonexistent/answers.json")
    assert proc.returncode == 2 and "cannot read" in proc.stderr and "Traceback" not in proc.stderr


def test_bad_today_exit_2():
    proc = run("--today", "yesterday", stdin="{}")
    assert proc.returncode == 2 and json.loads(proc.stdout)["errors"][0]["field"] == "today"


def test_questions_command_lists_question_ids_in_order():
    proc = run("questions")
    ids = [q["id"] for q in json.loads(proc.stdout)]
    assert ids[:4] == ["filling_in", "age", "county", "plan"]


def test_batch_example(tmp_path):
    out = tmp_path / "out.csv"
    proc = run("batch", str(EXAMPLE), str(out), "--today", TODAY)
    assert proc.returncode == 1, proc.stderr  # the example has one bad row on purpose
    assert "person" in proc.stderr  # a pass-through column is named once
    rows = list(csv.DictReader(out.open(newline="", encoding="utf-8")))
    source = list(csv.DictReader(EXAMPLE.open(newline="", encoding="utf-8")))
    assert len(rows) == len(source)
    for got, given in zip(rows, source):
        assert all(got[k] == v for k, v in given.items())  # input columns unchanged
    bad = [r for r in rows if r["errors"]]
    assert len(bad) == 1 and bad[0]["errors"].startswith("row 6: age") and bad[0]["ecm_status"] == ""
    good = {r["person"]: r for r in rows if not r["errors"]}
    assert good["A-001"]["ecm_status"] == "likely_eligible"
    assert good["A-003"]["ecm_status"] == "not_eligible"  # hospice
    assert good["A-002"]["asthma_remediation_status"] == "likely_eligible"  # an APS trigger assessment (2026 rules)
    statuses = {"likely_eligible", "not_eligible", "cant_tell"}
    assert all(r[c] in statuses for r in good.values() for c in r if c.endswith("_status"))


def test_batch_exit_0_when_every_row_is_good(tmp_path):
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text("age,enrolled_programs,complex_need\n30,none,yes\n12,hospice;pace,\n", encoding="utf-8")
    proc = run("batch", str(src), str(out), "--today", TODAY)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(out.open(newline="", encoding="utf-8")))
    assert [r["errors"] for r in rows] == ["", ""] and rows[1]["ecm_status"] == "not_eligible"


def test_batch_unreadable_input_exit_2(tmp_path):
    proc = run("batch", str(tmp_path / "missing.csv"), str(tmp_path / "out.csv"))
    assert proc.returncode == 2 and "cannot read" in proc.stderr and "Traceback" not in proc.stderr


def test_cells_parse_by_question_type():
    q = data.load().question_by_id
    assert batch.parse_cell(q["age"], " 21 ") == 21
    assert batch.parse_cell(q["age"], "21.0") == "21.0"  # passed on, reported as not a whole number
    assert batch.parse_cell(q["complex_need"], "YES") is True
    assert batch.parse_cell(q["complex_need"], "false") is False
    assert batch.parse_cell(q["complex_need"], "maybe") == "maybe"
    assert batch.parse_cell(q["enrolled_programs"], "hospice; pace") == ["hospice", "pace"]
    assert batch.parse_cell(q["enrolled_programs"], "None") == []
    assert batch.parse_cell(q["county"], "") is None


def test_batch_streams_one_row_in_one_row_out():
    """An endless input still produces output row by row: nothing is read ahead or kept."""
    consumed = itertools.count()

    def endless():
        yield ["age", "ed_visits_6mo"]
        for n in itertools.count():
            next(consumed)
            yield [str(20 + n % 3), str(n % 7)]

    out = batch.screen_rows(endless(), today=TODAY)
    header, _ = next(out)
    assert header[-1] == "errors"
    first = list(itertools.islice(out, 50))
    assert len(first) == 50 and next(consumed) <= 52


class _Discard:
    def write(self, text):
        return len(text)


def test_batch_memory_stays_flat():
    """Peak memory for 2,000 rows is about that for 200: the run keeps nothing per row."""
    import tracemalloc

    def peak(n):
        rows = itertools.chain([["age", "county", "housing"]],
                               ([str(n % 90), "alameda", "shelter"] for n in range(n)))
        sink = csv.writer(_Discard())
        tracemalloc.start()
        for row, _ in batch.screen_rows(rows, today=TODAY):
            sink.writerow(row)
        result = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return result

    small, large = peak(200), peak(2000)
    assert large < small * 1.5 + 200_000, (small, large)
