"""`build.py i18n-missing [code]`: list what a language lacks, as the build would report it."""
import sys

from . import content
from .errors import BuildError
from .i18n import _display, available, load_locale, missing


def main(argv: list[str]) -> int:
    """`build.py i18n-missing [code]`: list what a language lacks (exit 1 if anything)."""
    try:
        model = content.load_content()
        codes = argv or available()
        total = 0
        for code in codes:
            problems = missing(model, code)
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
