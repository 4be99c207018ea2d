"""Commands behind build.py (running inside .venv)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


USAGE = """usage: python3 build.py [COMMAND] [OPTIONS]

commands:
  build                build the site into site/ (the default)
  serve [--port N]     build, then serve site/ at http://127.0.0.1:N/ (default 8000)
  test [PYTEST ARGS]   run every test, or the ones pytest arguments select (-k, paths, -q)
  bench                run the benchmarks and print the table
  i18n-missing [LANG]  list every content string that has no translation yet, or a stale one
  i18n-reviewed LANG [KEY ...]
                       after updating stale translations: record their English as the one translated
  -h, --help           show this help
"""
COMMANDS = ("build", "serve", "test", "bench", "i18n-missing", "i18n-reviewed")


class UsageError(Exception):
    """A bad command line: one line for the person, then exit 2."""


def wants_help(argv: list[str]) -> bool:
    return bool(argv) and argv[0] in ("-h", "--help", "help")


def serve_port(rest: list[str]) -> int:
    """The port of `serve [--port N]` (also `--port=N`, or a bare N as before)."""
    value = None
    args = list(rest)
    while args:
        arg = args.pop(0)
        if arg in ("-h", "--help"):
            raise UsageError("usage: python3 build.py serve [--port N]")
        if arg == "--port":
            if not args:
                raise UsageError("--port needs a number, for example: python3 build.py serve --port 8001")
            value = args.pop(0)
        elif arg.startswith("--port="):
            value = arg.split("=", 1)[1]
        elif value is None and arg.isdigit():
            value = arg
        else:
            raise UsageError(f"serve: unknown option {arg!r}; usage: python3 build.py serve [--port N]")
    if value is None:
        return 8000
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise UsageError(f"--port must be a number from 1 to 65535, not {value!r}")
    return int(value)


def main(argv: list[str]) -> int:
    if wants_help(argv):
        print(USAGE, end="")
        return 0
    command = argv[0] if argv else "build"
    rest = argv[1:]
    try:
        if command == "build":
            return _build()
        if command == "serve":
            return _serve(serve_port(rest))
        if command == "test":
            return _test(rest)
        if command == "i18n-missing":
            from . import i18n_missing

            return i18n_missing.main(rest)
        if command == "i18n-reviewed":
            from . import i18n_missing

            return i18n_missing.reviewed(rest)
        if command == "bench":
            return subprocess.call([sys.executable, str(ROOT / "bench" / "run_all.py"), *rest])
        raise UsageError(f"unknown command {command!r}; use {', '.join(COMMANDS)} (see --help)")
    except UsageError as err:
        print(f"build.py: {err}", file=sys.stderr)
        return 2


def _serve(port: int) -> int:
    """Take the port first (a clear line if it is busy, before spending time on a build), then build, then
    serve."""
    from . import serve

    server = serve.bind(ROOT / "site", port)
    if server is None:
        return 1
    code = _build()
    if code:
        server.server_close()
        return code
    return serve.serve_bound(server, ROOT / "site")


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
    _stale_translations_report()
    _freshness_report()
    return 0


def _stale_translations_report() -> None:
    """Translations whose English changed since they were written: published (they are still in the language),
    listed here loudly; `i18n-missing` and the tests fail on them (sitebuild/i18n_lock.py)."""
    from .content import load_content
    from .i18n import available
    from .i18n_lock import stale

    model = load_content()
    for code in available():
        lines = stale(model, code)
        if lines:
            print(f"WARNING: {len(lines)} {code} translation(s) are stale (their English changed); fix them:",
                  file=sys.stderr)
            for line in lines:
                print("  " + line, file=sys.stderr)


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
