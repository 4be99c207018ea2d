"""Screen a CSV file of people, one per row, streaming (memory stays flat for a million rows).

Input columns
    A header row, then one person per row. A column named after a question id (see
    `python -m screener questions`) is that question's answer:
      - blank cell: not answered;
      - integer questions: a whole number, e.g. 34;
      - yes/no questions: yes, no, true or false (any case);
      - choice questions: the option's id, e.g. kp or los_angeles;
      - multi-choice questions: option ids separated by ";", e.g. hospice;pace. Write `none` for
        "none of these" (an empty list); a blank cell means not answered.
    Any other column (a row id, a name) is copied to the output unchanged and not screened; the command
    line names such columns once on stderr, so a misspelt question id does not go unnoticed.

Output columns
    Every input column, unchanged, then `<program id>_status` for each program in result order
    (ecm_status, chw_status, then one per Community Support in effect on the date used), each
    likely_eligible / not_eligible / cant_tell; with headlines=True (`--headlines`) a `<program id>_headline`
    column after each status (one sentence in the rules' language: `--lang es` writes Spanish); then `errors`: empty for a screened row; for a row that could
    not be screened, "row N: " and every problem, separated by " | ", with its status cells left blank.
    Row N counts the header as row 1, as a spreadsheet does.

A bad row never stops the run: the other rows are still screened. The command exits 1 if any row failed.
"""
import csv
import re

from . import data, evaluate_with
from .programs import headline as _headline

NONE_WORD = "none"
TRUE_WORDS = {"yes", "true"}
FALSE_WORDS = {"no", "false"}
_INT_RE = re.compile(r"[+-]?[0-9]+")


class BatchError(Exception):
    """The file as a whole cannot be processed (unreadable, no header)."""


def parse_cell(question: dict, cell: str):
    """The answer a CSV cell stands for, or None for a blank cell. Unparseable text is passed on as text, so
    the screener reports it with the same message as any other wrong answer."""
    text = cell.strip()
    if text == "":
        return None
    kind = question["type"]
    if kind == "integer":
        return int(text) if _INT_RE.fullmatch(text) else text
    if kind == "boolean":
        low = text.lower()
        return True if low in TRUE_WORDS else False if low in FALSE_WORDS else text
    if kind == "multichoice":
        if text.lower() == NONE_WORD:
            return []
        return [part.strip() for part in text.split(";") if part.strip()]
    return text


def fixed_date(rules, today) -> str:
    """One date for the whole run (a run that passes midnight must not change its columns)."""
    sample = evaluate_with(rules, {}, today)
    if not sample["ok"]:
        raise BatchError(" ".join(e["message"] for e in sample["errors"]))
    return sample["as_of"]


def status_columns(rules, today) -> list:
    """(program id, column name) for every program a result will hold on that date."""
    sample = evaluate_with(rules, {}, today)
    return [(p["id"], f"{p['id']}_status") for p in sample["programs"]]


def _added_columns(columns, headlines: bool) -> list:
    out = []
    for program_id, name in columns:
        out.append(name)
        if headlines:
            out.append(f"{program_id}_headline")
    return out


def screen_rows(rows, today=None, rules=None, headlines: bool = False):
    """Yield (output row, failed?) for an iterable of rows whose first item is the header.

    The first yielded row is the output header. Streaming: one row in, one row out."""
    rules = rules or data.load()
    today = fixed_date(rules, today)
    rows = iter(rows)
    try:
        header = next(rows)
    except StopIteration:
        raise BatchError("the input has no header row") from None
    columns = status_columns(rules, today)
    added = _added_columns(columns, headlines)
    yield header + added + ["errors"], False
    question_at = [(i, rules.question_by_id[name.strip()]) for i, name in enumerate(header)
                   if name.strip() in rules.question_by_id]
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue  # a blank line is not a person
        problems = []
        if len(row) > len(header):
            problems.append(f"it has {len(row)} cells but the header has {len(header)}")
        answers = {}
        for index, question in question_at:
            if index < len(row):
                value = parse_cell(question, row[index])
                if value is not None:
                    answers[question["id"]] = value
        result = evaluate_with(rules, answers, today, detail=False) if not problems else None
        if result is not None and result["ok"]:
            by_id = {p["id"]: p for p in result["programs"]}
            cells = []
            for pid, _ in columns:
                program = by_id.get(pid)
                cells.append(program["status"] if program else "")
                if headlines:
                    cells.append(_headline(rules, program["kind"], program["status"], program["name"])
                                 if program else "")
            yield row + cells + [""], False
            continue
        if result is not None:
            problems += [e["message"] for e in result["errors"]]
        padded = row + [""] * (len(header) - len(row))
        yield padded + [""] * len(added) + [f"row {number}: " + " | ".join(problems)], True


def run_files(input_path: str, output_path: str, today=None, warn=None, rules=None, headlines=False) -> dict:
    """Screen input_path into output_path (sentences in the language of `rules`, English by default).
    Returns {"rows": n, "failed": n}."""
    rules = rules or data.load()
    today = fixed_date(rules, today)
    added = len(_added_columns(status_columns(rules, today), headlines)) + 1
    counts = {"rows": 0, "failed": 0}
    try:
        source = open(input_path, newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise BatchError(f"cannot read {input_path}: {exc.strerror or exc}") from None
    with source:
        reader = csv.reader(source)
        try:
            with open(output_path, "w", newline="", encoding="utf-8") as target:
                writer = csv.writer(target)
                first = True
                for out_row, failed in screen_rows(_checked(reader, input_path), today, rules, headlines):
                    writer.writerow(out_row)
                    if first:
                        first = False
                        _warn_columns(out_row[:-added], rules, warn)
                        continue
                    counts["rows"] += 1
                    counts["failed"] += failed
        except OSError as exc:
            raise BatchError(f"cannot write {output_path}: {exc.strerror or exc}") from None
    return counts


def _checked(reader, path):
    """Rows from a csv reader, turning a malformed file into one BatchError."""
    try:
        yield from reader
    except (csv.Error, UnicodeDecodeError) as exc:
        raise BatchError(f"{path} is not a readable CSV file (UTF-8): {exc}") from None


def _warn_columns(header: list, rules, warn) -> None:
    if warn is None:
        return
    passed = [h for h in header if h.strip() not in rules.question_by_id]
    if passed:
        print("screener batch: not question ids, copied unchanged: " + ", ".join(passed), file=warn)
