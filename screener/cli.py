"""Command line: screen one person from JSON, screen a CSV of people, or list the questions.

    python -m screener [FILE] [--text] [--today YYYY-MM-DD] [--lang es]
        Read answers (a JSON object: question id -> answer) from FILE, or stdin when FILE is absent or "-",
        and print the result as JSON (or, with --text, a readable summary).
        Exit 0 when screened, 2 when the answers are invalid or the input is not readable JSON.
    python -m screener batch INPUT.csv OUTPUT.csv [--today YYYY-MM-DD] [--lang es] [--headlines]
        One person per row; see screener/batch.py for the columns. Exit 1 if any row failed, else 0.
        --headlines adds a <program>_headline column (one sentence, in the --lang language) per program.
    python -m screener questions [--lang es]
        Print the questions (ids, types, options, ranges) as JSON: the columns a batch file may use.

Why no argparse subparsers: a FILE named "batch" is unlikely, and a flat parser keeps errors short. Nothing
here prints a traceback for bad input: every failure is one line on stderr and an exit code.
"""
import argparse
import json
import sys

from . import batch, data, evaluate, questions
from .text import render

EXIT_OK, EXIT_ROW_FAILED, EXIT_INPUT = 0, 1, 2


def _read_answers(path: str):
    """(answers, None) or (None, message)."""
    try:
        if path in (None, "-"):
            raw = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as handle:
                raw = handle.read()
    except OSError as exc:
        return None, f"cannot read {path}: {exc.strerror or exc}"
    try:
        return json.loads(raw.decode("utf-8-sig")), None
    except UnicodeDecodeError as exc:
        return None, f"the answers are not UTF-8 text ({exc.reason} at byte {exc.start})"
    except json.JSONDecodeError as exc:
        return None, f"the answers are not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
    except RecursionError:
        return None, "the answers are nested too deeply to read"
    except ValueError:  # Python refuses to read integers longer than its int-string-conversion limit
        return None, (f"the answers hold a number longer than {sys.get_int_max_str_digits():,} digits; "
                      "no question takes a number that long")


def _print(text: str) -> None:
    out = sys.stdout
    try:
        out.write(text)
    except UnicodeEncodeError:  # a terminal that cannot show every character
        out.write(text.encode(out.encoding or "ascii", "replace").decode(out.encoding or "ascii"))
    out.flush()


def _single(argv: list) -> int:
    parser = argparse.ArgumentParser(prog="python -m screener", description="Screen one person (JSON in, JSON out).")
    parser.add_argument("file", nargs="?", default="-", help="answers JSON file (default: stdin)")
    parser.add_argument("--text", action="store_true", help="print a readable summary instead of JSON")
    parser.add_argument("--today", help="apply the rules in effect on this date (YYYY-MM-DD)")
    parser.add_argument("--lang", default="en", choices=data.languages(),
                        help="language of the sentences (codes and statuses are the same in every language)")
    args = parser.parse_args(argv)
    answers, problem = _read_answers(args.file)
    if problem:
        print(f"screener: {problem}", file=sys.stderr)
        return EXIT_INPUT
    result = evaluate(answers, today=args.today, lang=args.lang)
    _print(render(result, data.load(args.lang)) if args.text
           else json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK if result["ok"] else EXIT_INPUT


def _batch(argv: list) -> int:
    parser = argparse.ArgumentParser(prog="python -m screener batch",
                                     description="Screen every row of a CSV file; see screener/batch.py.")
    parser.add_argument("input", help="CSV with one person per row; columns are question ids")
    parser.add_argument("output", help="CSV to write: the input columns, a status column per program, errors")
    parser.add_argument("--today", help="apply the rules in effect on this date (YYYY-MM-DD)")
    parser.add_argument("--lang", default="en", choices=data.languages(),
                        help="language of the error messages and headlines")
    parser.add_argument("--headlines", action="store_true",
                        help="add a <program>_headline column per program (a sentence in the --lang language)")
    args = parser.parse_args(argv)
    try:
        summary = batch.run_files(args.input, args.output, today=args.today, warn=sys.stderr,
                                  rules=data.load(args.lang), headlines=args.headlines)
    except batch.BatchError as exc:
        print(f"screener batch: {exc}", file=sys.stderr)
        return EXIT_INPUT
    print(f"screener batch: {summary['rows']} rows, {summary['failed']} failed -> {args.output}", file=sys.stderr)
    return EXIT_ROW_FAILED if summary["failed"] else EXIT_OK


def main(argv: list) -> int:
    if argv and argv[0] == "batch":
        return _batch(argv[1:])
    if argv and argv[0] == "questions":
        parser = argparse.ArgumentParser(prog="python -m screener questions", description="List the questions.")
        parser.add_argument("--lang", default="en", choices=data.languages(), help="language of labels and help")
        args = parser.parse_args(argv[1:])
        _print(json.dumps(questions(args.lang), ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    return _single(argv)
