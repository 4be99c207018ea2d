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

A bad row never stops the run: the other rows are still screened, and the command exits 1 if any row failed.
Bad rows include a byte that is not UTF-8 (anywhere in the file; the cell is copied with U+FFFD in its place),
a cell longer than the csv module's field limit (131,072 characters), a line longer than MAX_LINE_CHARS, and
numbers far too long for any question. Only an unreadable header row stops the run (exit 2).

The output is written to a temporary file next to it and renamed into place at the end, so an interrupted
or failed run leaves any earlier output as it was; an output that is the input file itself (under any name,
a symbolic or a hard link) is refused before anything is written.
"""
import csv
import io
import os
import re
import tempfile

from . import data, evaluate_with
from .answers import MAX_DIGITS
from .programs import headline as _headline
from .answers import located

NONE_WORD = "none"
TRUE_WORDS = {"yes", "true"}
FALSE_WORDS = {"no", "false"}
_INT_RE = re.compile(r"[+-]?[0-9]+")
# A line longer than this is not a person: it is reported as a bad row and skipped without being held whole.
MAX_LINE_CHARS = 1 << 20
# Bytes that are not UTF-8, as the surrogateescape error handler keeps them.
_NOT_UTF8 = re.compile("[\udc80-\udcff]")


class BatchError(Exception):
    """The file as a whole cannot be processed (unreadable, no header, output is the input)."""


class BadRow:
    """A record that could not be read as it should: its problem, and whatever cells could be read."""

    __slots__ = ("problem", "cells")

    def __init__(self, problem: str, cells=()):
        self.problem = problem
        self.cells = list(cells)


def parse_cell(question: dict, cell: str):
    """The answer a CSV cell stands for, or None for a blank cell. Unparseable text is passed on as text, so
    the screener reports it with the same message as any other wrong answer."""
    text = cell.strip()
    if text == "":
        return None
    kind = question["type"]
    if kind == "integer":
        if not _INT_RE.fullmatch(text):
            return text
        digits = len(text.lstrip("+-").lstrip("0"))
        if digits > MAX_DIGITS:  # int() would refuse beyond 4,300 digits; the screener's message names the limit
            return (-1 if text.startswith("-") else 1) * 10 ** MAX_DIGITS
        return int(text)
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
        raise BatchError(" ".join(located(e) for e in sample["errors"]))
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


def read_rows(text_file):
    """The records of a CSV file opened with encoding="utf-8-sig", errors="surrogateescape", newline="":
    each a list of cells, or a BadRow for a record that cannot be read as it is. Never raises for the file's
    content; reads one line at a time, and never more than MAX_LINE_CHARS of one line."""
    overlong, not_utf8 = set(), set()

    def lines():
        number = 0
        while True:
            line = text_file.readline(MAX_LINE_CHARS + 1)
            if not line:
                return
            number += 1
            if len(line) > MAX_LINE_CHARS and not line.endswith(("\n", "\r")):
                overlong.add(number)
                while True:  # skip the rest of that line
                    rest = text_file.readline(MAX_LINE_CHARS)
                    if not rest or rest.endswith(("\n", "\r")):
                        break
                yield "\n"
                continue
            if _NOT_UTF8.search(line):
                not_utf8.add(number)
            yield line

    reader = csv.reader(lines())
    while True:
        first_line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield BadRow(f"it cannot be read as CSV ({exc})")
            continue
        span = range(first_line, reader.line_num + 1)
        if overlong and any(n in overlong for n in span):
            overlong.difference_update(span)
            not_utf8.difference_update(span)
            yield BadRow(f"a line is longer than {MAX_LINE_CHARS:,} characters; it was skipped")
        elif not_utf8 and any(n in not_utf8 for n in span):
            not_utf8.difference_update(span)
            yield _not_utf8_row(row)
        else:
            yield row


def _not_utf8_row(row: list) -> BadRow:
    columns, found = [], None
    for index, cell in enumerate(row, start=1):
        match = _NOT_UTF8.search(cell)
        if match:
            columns.append(str(index))
            found = found or f"0x{ord(match.group()) - 0xDC00:02x}"
    cells = [_NOT_UTF8.sub("\ufffd", cell) for cell in row]
    where = f"column {', '.join(columns)}" if len(columns) == 1 else f"columns {', '.join(columns)}"
    return BadRow(f"{where} holds a byte that is not UTF-8 text ({found}); save the file as UTF-8", cells)


def screen_rows(rows, today=None, rules=None, headlines: bool = False):
    """Yield (output row, failed?) for an iterable of rows whose first item is the header. A row may be a
    BadRow (see read_rows): it is reported, not screened.

    The first yielded row is the output header. Streaming: one row in, one row out."""
    rules = rules or data.load()
    today = fixed_date(rules, today)
    rows = iter(rows)
    try:
        header = next(rows)
    except StopIteration:
        raise BatchError("the input has no header row") from None
    if isinstance(header, BadRow):
        raise BatchError(f"the header row cannot be read: {header.problem}")
    columns = status_columns(rules, today)
    added = _added_columns(columns, headlines)
    yield header + added + ["errors"], False
    question_at = [(i, rules.question_by_id[name.strip()]) for i, name in enumerate(header)
                   if name.strip() in rules.question_by_id]
    for number, row in enumerate(rows, start=2):
        problems = []
        if isinstance(row, BadRow):
            problems.append(row.problem)
            row = row.cells[: len(header)]
        elif not any(cell.strip() for cell in row):
            continue  # a blank line is not a person
        elif len(row) > len(header):
            extra = ",".join(row[len(header):])
            extra = extra if len(extra) <= 60 else extra[:59] + "…"
            problems.append(f"it has {len(row)} cells but the header has {len(header)} (the extra cells, "
                            f"left out here: {extra})")
            row = row[: len(header)]
        result = None
        if not problems:
            answers = {}
            for index, question in question_at:
                if index < len(row):
                    value = parse_cell(question, row[index])
                    if value is not None:
                        answers[question["id"]] = value
            result = evaluate_with(rules, answers, today, detail=False)
            if result["ok"]:
                by_id = {p["id"]: p for p in result["programs"]}
                cells = []
                for pid, _ in columns:
                    program = by_id.get(pid)
                    cells.append(program["status"] if program else "")
                    if headlines:
                        cells.append(_headline(rules, program["kind"], program["status"], program["name"])
                                     if program else "")
                padded = row + [""] * (len(header) - len(row))
                yield padded + cells + [""], False
                continue
            problems += [located(e) for e in result["errors"]]
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
        source = open(input_path, "rb")
    except OSError as exc:
        raise BatchError(f"cannot read {input_path}: {exc.strerror or exc}") from None
    with source:
        _refuse_same_file(source, input_path, output_path)
        text = io.TextIOWrapper(source, encoding="utf-8-sig", errors="surrogateescape", newline="")
        try:
            with _Output(output_path) as target:
                writer = csv.writer(target)
                first = True
                for out_row, failed in screen_rows(read_rows(text), today, rules, headlines):
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


def _refuse_same_file(source, input_path: str, output_path: str) -> None:
    """The output must not be the input under another name (a symlink, a hard link, ./x or x)."""
    try:
        same = os.path.samestat(os.fstat(source.fileno()), os.stat(output_path))
    except OSError:  # no output yet (or not reachable): it cannot be the input
        return
    if same:
        raise BatchError(f"the output {output_path} is the input file; name another output file "
                         "(nothing was written)")


class _Output:
    """A text file written under a temporary name next to the target and renamed over it on success; for a
    target that is not a regular file (a pipe, /dev/stdout) it writes to the target itself."""

    def __init__(self, path: str):
        self.path = path
        self.temp = None
        self.handle = None

    def __enter__(self):
        real = os.path.realpath(self.path)  # keep a symlinked output a symlink: replace what it points to
        if os.path.exists(real) and not os.path.isfile(real):
            self.handle = open(real, "w", newline="", encoding="utf-8")
            return self.handle
        folder, name = os.path.split(real)
        fd, self.temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder or ".")
        self.real = real
        self.handle = open(fd, "w", newline="", encoding="utf-8")
        return self.handle

    def __exit__(self, kind, value, traceback):
        self.handle.close()
        if self.temp is None:
            return False
        if kind is not None:
            _remove(self.temp)
            return False
        try:
            _set_mode(self.temp, self.real)
            os.replace(self.temp, self.real)
        except OSError:
            _remove(self.temp)
            raise
        return False


def _set_mode(temp: str, target: str) -> None:
    """The mode the file would have had: the existing output's, or the default for a new file."""
    try:
        mode = os.stat(target).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temp, mode)


def _remove(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass


def _warn_columns(header: list, rules, warn) -> None:
    if warn is None:
        return
    passed = [h for h in header if h.strip() not in rules.question_by_id]
    if passed:
        print("screener batch: not question ids, copied unchanged: " + ", ".join(passed), file=warn)
