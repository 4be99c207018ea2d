#!/usr/bin/env python3
"""Benchmark the eligibility core: evaluations per second on CPython, and time per evaluation under Pyodide.

    python bench/bench_core.py [--json] [--seconds S] [--no-pyodide]

Answer sets are realistic: every screening a person makes while filling in the form (start empty, then answer
the next question the screener asks, one at a time, with plausible answers; 40 people from a fixed seed), plus
the valid answer sets of the readable test cases. Each is timed three ways:
  - cpython_full:  screener.evaluate() as the page calls it (reasons, missing questions, contacts);
  - cpython_batch: the decisions only, as `python -m screener batch` computes them per row;
  - pyodide_full:  screener.evaluate() under Pyodide in Node (the browser's runtime), from the built wheel.
Also: the cold start (import + load rules.json) on CPython, and Pyodide's load time in Node.
Timings on a shared machine are noisy: each figure is the best of three runs.
"""
import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TODAY = "2026-03-01"


def plausible(question: dict, rng: random.Random):
    kind = question["type"]
    if kind == "integer":
        low, high = question.get("min", 0), min(question.get("max", 100), 100)
        return rng.randint(low, high) if question["id"] != "age" else rng.choice([4, 12, 17, 20, 21, 25, 34, 52, 70])
    if kind == "boolean":
        return rng.random() < 0.3
    values = [o["value"] for o in question["options"]]
    if kind == "choice":
        return rng.choice(values)
    return rng.sample(values, k=rng.choice([0, 0, 1, 1, 2]))


def form_sessions(people: int = 40, seed: int = 0) -> list:
    """Every intermediate answer set of `people` simulated form sessions."""
    import screener
    from screener import data

    rules = data.load()
    rng = random.Random(seed)
    states = []
    for _ in range(people):
        answers: dict = {}
        for _step in range(len(rules.questions)):
            states.append(dict(answers))
            asked = screener.evaluate(answers, today=TODAY)["next_questions"]
            if not asked:
                break
            qid = asked[0]
            answers[qid] = plausible(rules.question_by_id[qid], rng)
        states.append(dict(answers))
    return states


def case_answers() -> list:
    sys.path.insert(0, str(ROOT / "tests" / "screener"))
    import screener
    from screener_cases import load_cases

    out = []
    for case in load_cases():
        if isinstance(case["answers"], dict) and screener.evaluate(case["answers"], today=TODAY)["ok"]:
            out.append(case["answers"])
    return out


def per_second(fn, answer_sets: list, seconds: float) -> float:
    best = 0.0
    for _ in range(3):
        count, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds / 3:
            for answers in answer_sets:
                fn(answers)
            count += len(answer_sets)
        best = max(best, count / (time.perf_counter() - start))
    return best


def cold_start() -> float:
    code = ("import time; t=time.perf_counter(); import screener; screener.evaluate({}); "
            "print(time.perf_counter()-t)")
    runs = [float(subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                                 check=True).stdout) for _ in range(3)]
    return min(runs)


def pyodide(answer_sets: list, repeat: int) -> dict:
    node = shutil.which("node")
    if not node:
        return {"error": "node not found"}
    from sitebuild import screener_assets

    with tempfile.TemporaryDirectory() as tmp:
        wheel = screener_assets.build_wheel(ROOT / "screener", Path(tmp),
                                            screener_assets.package_version(ROOT / "screener"))
        cases = Path(tmp) / "cases.json"
        cases.write_text(json.dumps([{"name": str(i), "answers": a, "today": TODAY}
                                     for i, a in enumerate(answer_sets)]))
        proc = subprocess.run([node, str(ROOT / "tests" / "pyodide" / "run_cases.mjs"), str(cases),
                               "--wheel", str(wheel), "--repeat", str(repeat)],
                              cwd=ROOT, capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1:]}
    out = json.loads(proc.stdout)
    timing = out["timing"]
    return {"python": out["python"], "load_seconds": round(out["load_seconds"], 3),
            "evaluations": timing["evaluations"],
            "ms_per_evaluation": round(1000 * timing["seconds"] / timing["evaluations"], 3)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--seconds", type=float, default=3.0, help="time per CPython measurement")
    parser.add_argument("--no-pyodide", action="store_true", help="skip the Pyodide measurement")
    args = parser.parse_args(argv)

    import screener
    from screener import data

    rules = data.load()
    answer_sets = form_sessions() + case_answers()
    full = per_second(lambda a: screener.evaluate(a, today=TODAY), answer_sets, args.seconds)
    brief = per_second(lambda a: screener.evaluate_with(rules, a, TODAY, detail=False), answer_sets, args.seconds)
    results = {
        "answer_sets": len(answer_sets),
        "cpython": {"python": sys.version.split()[0], "cold_start_seconds": round(cold_start(), 4),
                    "full_evaluations_per_second": round(full), "full_ms_per_evaluation": round(1000 / full, 3),
                    "batch_evaluations_per_second": round(brief),
                    "batch_seconds_per_million_rows": round(1_000_000 / brief)},
    }
    if not args.no_pyodide:
        results["pyodide"] = pyodide(answer_sets, repeat=3)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    c = results["cpython"]
    print(f"answer sets: {results['answer_sets']} (simulated form sessions + test cases)")
    print(f"CPython {c['python']}: cold start {c['cold_start_seconds'] * 1000:.0f} ms; "
          f"full {c['full_evaluations_per_second']}/s ({c['full_ms_per_evaluation']} ms each); "
          f"batch {c['batch_evaluations_per_second']}/s ({c['batch_seconds_per_million_rows']} s per million rows)")
    p = results.get("pyodide")
    if p and "error" not in p:
        print(f"Pyodide {p['python']} in Node: load {p['load_seconds']} s; "
              f"{p['ms_per_evaluation']} ms per evaluation ({p['evaluations']} evaluations)")
    elif p:
        print(f"Pyodide: {p['error']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
