"""`build.py i18n-missing [code]`: list what a language lacks or has stale, as the build would report it;
`build.py i18n-reviewed code [key ...]`: record that stale translations were updated (sitebuild/i18n_lock.py)."""
import sys

from . import content, i18n_lock
from .errors import BuildError
from .i18n import _display, available, load_locale, missing


def main(argv: list[str]) -> int:
    """`build.py i18n-missing [code]`: every missing and every stale translation, file:line first (exit 1 if any)."""
    try:
        model = content.load_content()
        codes = argv or available()
        total = 0
        for code in codes:
            problems = missing(model, code) + i18n_lock.stale(model, code)
            total += len(problems)
            locale = load_locale(code)
            for problem in problems:
                print(problem)
            print(f"{locale.english_name} ({code}): {len(problems)} problem(s) in "
                  f"{_display(locale.directory)}/", file=sys.stderr)
    except BuildError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 1
    return 1 if total else 0


def reviewed(argv: list[str]) -> int:
    """`build.py i18n-reviewed code [key ...]`: the stale translations named (or all) now match their English."""
    if not argv or argv[0].startswith("-"):
        print("usage: python3 build.py i18n-reviewed LANG [KEY ...]  (after updating stale translations)",
              file=sys.stderr)
        return 2
    code, keys = argv[0], argv[1:]
    try:
        model = content.load_content()
        load_locale(code)
        done = i18n_lock.mark_reviewed(model, code, keys or None)
    except BuildError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 1
    except ValueError as err:
        print(f"i18n-reviewed: {err}", file=sys.stderr)
        return 1
    for name in done:
        print(f"reviewed: {name}")
    print(f"{len(done)} translation(s) recorded as up to date with their English", file=sys.stderr)
    return 0
