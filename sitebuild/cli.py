"""Commands behind build.py (running inside .venv)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "build"
    rest = argv[1:]
    if command == "build":
        return _build()
    if command == "serve":
        code = _build()
        if code:
            return code
        from . import serve

        return serve.serve(ROOT / "site", port=int(rest[0]) if rest else 8000)
    if command == "test":
        return _test(rest)
    if command == "i18n-missing":
        from . import i18n

        return i18n.main(rest)
    if command == "bench":
        return subprocess.call([sys.executable, str(ROOT / "bench" / "run_all.py"), *rest])
    print(f"unknown command {command!r}; use build, serve, test, bench or i18n-missing", file=sys.stderr)
    return 2


def _build() -> int:
    from .errors import BuildError
    from .pipeline import build

    try:
        site = build()
    except BuildError as err:
        print("The build found problems; the previous site/ was left as it was:", file=sys.stderr)
        for problem in err.problems:
            print("  " + problem, file=sys.stderr)
        return 1
    print(f"Built {site.relative_to(ROOT)}/")
    _freshness_report()
    return 0


def _freshness_report() -> None:
    """The stalest facts on the build date: an upkeep to-do list (sitebuild/freshness.py)."""
    from .content import load_content
    from .freshness import report_lines
    from .pipeline import build_date
    from .ui_text import UiText

    model = load_content()
    for line in report_lines(model, build_date(), UiText(model)):
        print(line)


def _test(extra: list[str]) -> int:
    """Every test. pytest's exit code 5 (nothing collected) counts as a failure: a suite that ran nothing
    must not pass."""
    code = subprocess.call([sys.executable, "-m", "pytest", *extra], cwd=ROOT)
    if code == 5:
        print("pytest collected no tests: treating that as a failure", file=sys.stderr)
        return 1
    return code
