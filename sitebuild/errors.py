"""The build's one error type.

Every problem the build finds (a YAML syntax error, a schema or cross-reference problem, a rule the screener
cannot compile, a missing interface string, a page the CSP cannot cover, a broken asset) is one line, and where
it comes from a content file the line reads `content/<file>.yaml:<line>: <key.path>: <message>` (see `at`).
A BuildError carries every problem found, so a person fixes them all in one go; the CLI prints them, one per line,
and the last good site/ stays as it was. It imports nothing from the build, so every module can raise it.
"""


class BuildError(Exception):
    def __init__(self, problems: str | list[str]):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


def at(file: str, line: int, key_path: str, message: str) -> str:
    """One problem line: `file:line: key.path: message`."""
    return f"{file}:{line}: {key_path}: {message}"
