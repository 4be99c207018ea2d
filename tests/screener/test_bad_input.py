"""Bad input never loses data, never stops a batch, never prints a traceback (issue 14).

- `python -m screener batch` refuses an output that is its input under any name, and writes its output under a
  temporary name, renamed into place only at the end;
- a bad row (a byte that is not UTF-8 anywhere, a cell over the CSV field limit, an integer with thousands of
  digits, a line too long to hold) is reported in its own `errors` cell and every other row is screened;
- the one-person command answers any bad JSON, huge numbers included, with exit 2 and one line;
- Hypothesis: evaluate() with huge and odd numbers, and the batch reader with malformed files, never raise.
"""
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import screener
from screener import batch, data
from screener.answers import MAX_DIGITS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "screener" / "examples" / "batch_example.csv"
TODAY = "2026-03-01"
RULES = data.load()
# Sized for CI: about a second each on a shared 2-core machine.
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FUZZ_FILES = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def run(*args, stdin=None, cwd=ROOT):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "screener", *args], cwd=cwd, input=stdin, env=env,
                          capture_output=True, timeout=60)


def one_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8")
    assert "Traceback" not in text and text.count("\n") == 1, text
    return text


# ---- the batch never truncates its input ---------------------------------------------------------------------

@pytest.mark.parametrize("spelling", ["same path", "dot slash", "symlink", "hard link", "through a folder"])
def test_batch_refuses_to_write_over_its_input(tmp_path, spelling):
    people = tmp_path / "people.csv"
    people.write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "sub").mkdir()
    output = {"same path": "people.csv", "dot slash": "./people.csv", "symlink": "link.csv",
              "hard link": "hard.csv", "through a folder": "sub/../people.csv"}[spelling]
    if spelling == "symlink":
        (tmp_path / "link.csv").symlink_to(people)
    if spelling == "hard link":
        os.link(people, tmp_path / "hard.csv")
    proc = run("batch", "people.csv", output, "--today", TODAY, cwd=tmp_path)
    assert proc.returncode == 2
    assert "is the input file" in one_line(proc.stderr)
    assert people.read_bytes() == EXAMPLE.read_bytes()


def test_batch_replaces_its_output_only_when_done(tmp_path):
    """A run that cannot finish leaves the earlier output as it was, and no temporary file behind."""
    out = tmp_path / "out.csv"
    out.write_text("earlier results\n", encoding="utf-8")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    proc = run("batch", str(empty), str(out), "--today", TODAY)
    assert proc.returncode == 2 and "no header" in one_line(proc.stderr)
    assert out.read_text(encoding="utf-8") == "earlier results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.csv", "out.csv"]
    # a good run replaces it, through a symlink too (the link stays a link)
    link = tmp_path / "link.csv"
    link.symlink_to(out)
    assert run("batch", str(EXAMPLE), str(link), "--today", TODAY).returncode == 1
    assert link.is_symlink() and out.read_text(encoding="utf-8").startswith("person,")


# ---- a bad row is reported in its row; every other row is screened ------------------------------------------

def _errors_by_person(path: Path) -> dict:
    rows = list(csv.DictReader(path.open(newline="", encoding="utf-8")))
    return {r["person"]: r for r in rows}


def test_batch_bad_rows_are_reported_and_the_rest_screened(tmp_path):
    good = [b"G%d,%d,alameda,kp" % (n, 20 + n % 60) for n in range(300)]
    lines = [b"person,age,county,plan",
             b"\xffB1,30,alameda,kp",                    # row 2: not UTF-8, within the first 8 KB
             *good[:100],
             b"B2,3\xe90,alameda,kp",                     # row 103: Latin-1, not UTF-8
             b"B3,30," + b"x" * 200_000 + b",kp",        # row 104: a cell over the CSV field limit
             b"B4," + b"9" * 5000 + b",alameda,kp",      # row 105: an integer with 5,000 digits
             *good[100:200],
             b"B5," + b"y," * (batch.MAX_LINE_CHARS // 2 + 10),  # row 206: a line too long to hold
             *good[200:],
             b"B6,30,alameda,kp\xff"]                    # the last row: a bad byte at the very end
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_bytes(b"\r\n".join(lines) + b"\r\n")
    proc = run("batch", str(src), str(out), "--today", TODAY)
    assert proc.returncode == 1, proc.stderr
    assert b"Traceback" not in proc.stderr
    rows = list(csv.reader(out.open(newline="", encoding="utf-8")))
    failed = {r[-1].split(":", 1)[0]: r for r in rows[1:] if r[-1]}
    assert sorted(failed) == sorted(f"row {n}" for n in (2, 103, 104, 105, 206, 307))
    by_person = {r[0]: r for r in rows[1:]}
    assert by_person["\ufffdB1"][-1].startswith("row 2: ") and "UTF-8" in by_person["\ufffdB1"][-1]
    assert by_person["B2"][1] == "3\ufffd0"  # the cell is kept, with the bad byte marked
    assert RULES.text("screener.error.not_valid_number") in by_person["B4"][-1]  # age: "That number is not valid."
    screened = [r for r in rows[1:] if not r[-1]]
    assert [r[0] for r in screened] == [f"G{n}" for n in range(300)]
    ecm = rows[0].index("ecm_status")
    assert all(r[ecm] in ("likely_eligible", "not_eligible", "cant_tell") for r in screened)
    assert all(len(r) == len(rows[0]) for r in rows)


def test_batch_unreadable_header_exit_2_one_line(tmp_path):
    src = tmp_path / "in.csv"
    src.write_bytes(b"age," + b"x" * 200_000 + b"\n30,\n")
    proc = run("batch", str(src), str(tmp_path / "out.csv"))
    assert proc.returncode == 2 and "header" in one_line(proc.stderr)
    assert not (tmp_path / "out.csv").exists()


# ---- the one-person command: exit 2 and one line for any bad JSON --------------------------------------------

@pytest.mark.parametrize("name,stdin", [
    ("a 5,000-digit integer", b'{"age": ' + b"9" * 5000 + b"}"),
    ("a 5,000-digit integer in a list", b'{"housing": [' + b"1" * 5000 + b"]}"),
    ("not UTF-8", b'{"age": "\xff"}'),
    ("not JSON", b"{age: 30"),
    ("nested too deeply", b"[" * 100_000),
    ("empty", b""),
])
def test_cli_bad_json_exit_2_one_line(name, stdin):
    proc = run(stdin=stdin)
    assert proc.returncode == 2, name
    assert proc.stdout == b""
    one_line(proc.stderr)


@pytest.mark.parametrize("digits", [16, 20, 400, 4000])
def test_a_number_too_long_for_any_question_is_reported_plainly(digits):
    big = int("9" * digits)
    result = screener.evaluate({"age": big, "ed_visits_6mo": -big}, today=TODAY)
    assert not result["ok"]
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("age", "too_many_digits"),
                                                                    ("ed_visits_6mo", "too_many_digits")]
    message = result["errors"][0]["message"]  # age has its own plain message; the number is named not valid
    assert message == (RULES.text("screener.error.not_valid_number") + " "
                       + RULES.text("screener.error.age", min=0, max=130)) and "{" not in message
    other = result["errors"][1]["message"]
    assert other == RULES.text("screener.error.too_many_digits", field="ed_visits_6mo", min=0, max=500,
                               digits=MAX_DIGITS) and "{" not in other
    proc = run(stdin=json.dumps({"age": big}).encode())
    assert proc.returncode == 2 and json.loads(proc.stdout)["errors"][0]["code"] == "too_many_digits"


def test_the_longest_exact_number_is_still_checked_against_its_range():
    result = screener.evaluate({"age": 10 ** MAX_DIGITS - 1}, today=TODAY)
    assert [e["code"] for e in result["errors"]] == ["out_of_range"]


# ---- Hypothesis: evaluate and the batch reader never raise ---------------------------------------------------

NUMBERS = st.one_of(st.integers(), st.integers(min_value=10 ** 15, max_value=10 ** 5000),
                    st.sampled_from([10 ** 4400, -(10 ** 4400), 2 ** 63, -(2 ** 63)]),
                    st.floats(allow_nan=True, allow_infinity=True))
INTEGER_QUESTIONS = [q["id"] for q in RULES.questions if q["type"] == "integer"]
ANY_QUESTION = [q["id"] for q in RULES.questions]


@FUZZ
@given(st.dictionaries(st.sampled_from(ANY_QUESTION), NUMBERS | st.lists(NUMBERS, max_size=3), max_size=6))
def test_fuzz_evaluate_with_odd_numbers(answers):
    result = screener.evaluate(answers, today=TODAY)
    json.dumps(result, allow_nan=False)
    assert not [e for e in result["errors"] if e["code"] == "internal_error"]
    for qid in set(answers) & set(INTEGER_QUESTIONS):
        value = answers[qid]
        if isinstance(value, int) and abs(value) >= 10 ** MAX_DIGITS:
            assert any(e["field"] == qid and e["code"] == "too_many_digits" for e in result["errors"])


HEADER = ["person", "age", "county", "housing", "complex_need"]
GOOD_CELLS = st.tuples(st.text("PQ0123456789", min_size=1, max_size=4), st.integers(0, 130).map(str),
                       st.sampled_from(["alameda", "fresno", ""]), st.sampled_from(["unsheltered", "none", ""]),
                       st.sampled_from(["yes", "no", ""])).map(list)
JUNK = st.sampled_from([b"\xff", b"\xc3", b"\x00", b'"', b"\r", b"\n", b",", b"9" * 4500, b"z" * 300,
                        "é".encode(), b"\xef\xbb\xbf"])


@st.composite
def malformed_file(draw):
    """A CSV whose data rows are good, some of them then spoiled with junk bytes."""
    rows = draw(st.lists(GOOD_CELLS, min_size=1, max_size=12))
    lines = [",".join(HEADER).encode()]
    for cells in rows:
        line = ",".join(cells).encode()
        if draw(st.booleans()):
            at = draw(st.integers(0, len(line)))
            line = line[:at] + draw(JUNK) + line[at:]
        lines.append(line)
    return b"\n".join(lines) + draw(st.sampled_from([b"", b"\n", b"\r\n"])), len(rows)


@FUZZ_FILES
@given(malformed_file())
def test_fuzz_batch_reader_with_malformed_rows(monkeypatch_limits, case):
    raw, _ = case
    text = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8-sig", errors="surrogateescape", newline="")
    out = list(batch.screen_rows(batch.read_rows(text), today=TODAY, rules=RULES))
    width = len(out[0][0])
    for number, (row, failed) in enumerate(out[1:]):
        assert len(row) == width
        assert failed == bool(row[-1])
        assert not failed or row[-1].startswith("row ")
        csv.writer(io.StringIO()).writerow(row)  # every output row can be written as UTF-8 text
        "".join(row).encode("utf-8")


@pytest.fixture(scope="module")
def monkeypatch_limits():
    """Small limits, so the fuzz meets them often and cheaply."""
    old_line, old_field = batch.MAX_LINE_CHARS, csv.field_size_limit()
    batch.MAX_LINE_CHARS = 2000
    csv.field_size_limit(400)
    yield
    batch.MAX_LINE_CHARS = old_line
    csv.field_size_limit(old_field)


@FUZZ_FILES
@given(st.lists(GOOD_CELLS, min_size=1, max_size=6), st.data())
def test_fuzz_good_rows_next_to_bad_ones_are_screened_as_alone(rows, draw):
    """Spoiling some rows changes nothing for the others: each good row's statuses equal evaluate()'s."""
    spoiled = draw.draw(st.sets(st.integers(0, len(rows) - 1)))
    lines = [",".join(HEADER).encode()]
    for index, cells in enumerate(rows):
        line = ",".join(cells).encode()
        lines.append(line.replace(b",", b",\xff", 1) if index in spoiled else line)
    text = io.TextIOWrapper(io.BytesIO(b"\n".join(lines) + b"\n"), encoding="utf-8", errors="surrogateescape",
                            newline="")
    out = list(batch.screen_rows(batch.read_rows(text), today=TODAY, rules=RULES))
    header = out[0][0]
    assert len(out) == len(rows) + 1
    for index, (cells, (row, failed)) in enumerate(zip(rows, out[1:])):
        assert failed == (index in spoiled)
        if failed:
            assert row[-1].startswith(f"row {index + 2}: ")
            continue
        answers = {q: batch.parse_cell(RULES.question_by_id[q], cell) for q, cell in zip(HEADER, cells)
                   if q in RULES.question_by_id and cell}
        expected = screener.evaluate_with(RULES, answers, TODAY, detail=False)
        assert expected["ok"]
        for program in expected["programs"]:
            assert row[header.index(program["id"] + "_status")] == program["status"]
