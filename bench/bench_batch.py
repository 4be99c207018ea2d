#!/usr/bin/env python3
"""Benchmark batch screening: rows per second and peak memory of `python -m screener batch`.

    python bench/bench_batch.py [--rows 100000] [--json]

Writes a CSV of varied, plausible people (fixed seed; every 1,000th row has a deliberate error so the error
path is exercised too), runs the real command in a child process, and reads the child's peak resident memory
from the operating system. It runs twice, at a tenth of the rows and at the full count: equal peaks show that
memory stays flat as the file grows (the command streams; it never holds the file).
Nothing leaves the machine: the files live in a temporary folder that is deleted afterwards.
"""
import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COLUMNS = ("age", "plan", "county", "enrolled_programs", "housing", "complex_need", "ed_visits_6mo",
           "hospital_stays_6mo", "ed_visits_12mo", "hospital_stays_12mo", "chw_need", "has_asthma",
           "asthma_act_score", "pregnancy", "birth_timing", "race_ethnicity", "foster_care")


def write_people(path: Path, rows: int, seed: int = 7) -> None:
    import screener

    questions = {q["id"]: q for q in screener.questions()}
    counties = [o["value"] for o in questions["county"]["options"]]
    rng = random.Random(seed)

    def options(qid):
        return [o["value"] for o in questions[qid]["options"]]

    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["person", *COLUMNS])
        for n in range(rows):
            row = {
                "age": rng.choice(["4", "17", "20", "21", "24", "34", "52", "70", ""]),
                "plan": rng.choice(["kp", "kp", "cchp", "other", "not_sure", ""]),
                "county": rng.choice(counties + [""]),
                "enrolled_programs": rng.choice(["none", "none", "hospice", "ecm", "mssp;pace", ""]),
                "housing": rng.choice(["none", "none", "unsheltered", "shelter", "couch_surfing", "at_risk", ""]),
                "complex_need": rng.choice(["yes", "no", ""]),
                "ed_visits_6mo": str(rng.choice([0, 1, 4, 5, 9])),
                "hospital_stays_6mo": str(rng.choice([0, 2, 3])),
                "ed_visits_12mo": str(rng.choice([0, 2, 3])),
                "hospital_stays_12mo": str(rng.choice([0, 1, 2])),
                "chw_need": rng.choice(["yes", "no", ""]),
                "has_asthma": rng.choice(["yes", "no", ""]),
                "asthma_act_score": rng.choice(["", "15", "19", "20"]),
                "pregnancy": rng.choice(["no", "no", "pregnant", "postpartum", ""]),
                "birth_timing": rng.choice(["", "12_months_or_less", "more_than_12_months"]),
                "race_ethnicity": ";".join(rng.sample(options("race_ethnicity"), k=rng.choice([0, 1, 1, 2]))) or "none",
                "foster_care": rng.choice(["none", "none", "aged_out", "current", ""]),
            }
            if n % 1000 == 999:
                row["age"] = "-3"  # a bad row: reported in the errors column, the rest still screened
            out.writerow([f"P-{n:07d}", *(row[c] for c in COLUMNS)])


def run_batch(rows: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        source, target = Path(tmp) / "people.csv", Path(tmp) / "screened.csv"
        write_people(source, rows)
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "screener", "batch", str(source), str(target)],
                                 cwd=ROOT, stderr=subprocess.DEVNULL)
        status, usage = wait_with_usage(child.pid)
        seconds = time.perf_counter() - start
        with target.open(encoding="utf-8") as handle:
            written = sum(1 for _ in handle) - 1
        failed = rows // 1000
        return {"rows": rows, "seconds": round(seconds, 2), "rows_per_second": round(rows / seconds),
                "peak_memory_mb": round(usage.ru_maxrss / 1024, 1), "rows_written": written,
                "exit_code": status, "rows_with_errors": failed}


def wait_with_usage(pid: int):
    """The child's exit code and its own resource usage (peak memory), not this process's."""
    _, status, usage = os.wait4(pid, 0)
    return os.waitstatus_to_exitcode(status), usage


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    small = run_batch(max(args.rows // 10, 1000))
    large = run_batch(args.rows)
    report = {"small": small, "large": large}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for r in (small, large):
            print(f"{r['rows']:>9,} rows: {r['seconds']:>7.2f} s, {r['rows_per_second']:>6,} rows/s, "
                  f"peak memory {r['peak_memory_mb']} MB, exit code {r['exit_code']} "
                  f"({r['rows_with_errors']} rows with errors)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
