"""Read every content file into one model and validate it: schema first, then cross-references.

Any problem raises BuildError whose lines each read `content/<file>.yaml:<line>: <key.path>: <message>`.
"""
import json
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker

from . import crossrefs, plan_facts, yaml_lines
from .errors import BuildError

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = ROOT / "content"
SCHEMA_PATH = ROOT / "schema" / "content.schema.json"

# The files of the model, in the order a reader would meet them. Each becomes model[<stem>].
CONTENT_FILES = (
    "site", "ui", "sources", "counties", "plans", "programs", "ecm", "community_supports", "chw",
    "justice_involved", "availability", "contacts", "questions", "criteria",
)


class Located:
    """Maps a (file stem, key path) to 'content/x.yaml:LINE: key.path'."""

    def __init__(self, loaded: dict, content_dir: Path):
        self.loaded = loaded
        self.content_dir = content_dir

    def where(self, stem: str, key_path) -> str:
        display = _display(self.content_dir, stem)
        item = self.loaded.get(stem)
        line = item.line_of(key_path) if item else 1
        return f"{display}:{line}: {yaml_lines.dotted(tuple(key_path))}"


def _display(content_dir: Path, stem: str) -> str:
    try:
        return str((content_dir / f"{stem}.yaml").relative_to(ROOT))
    except ValueError:
        return str(content_dir / f"{stem}.yaml")


def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def load_content(content_dir: Path = CONTENT_DIR) -> dict:
    """Return the validated model, or raise BuildError listing every problem found. Inferred and unverified
    plan facts are dropped here (sitebuild.plan_facts.published); nothing downstream sees them."""
    problems: list[str] = []
    loaded: dict = {}
    for stem in CONTENT_FILES:
        path = content_dir / f"{stem}.yaml"
        if not path.exists():
            problems.append(f"{_display(content_dir, stem)}:1: (top): file is missing")
            continue
        try:
            loaded[stem] = yaml_lines.load(path, _display(content_dir, stem))
        except BuildError as err:
            problems.extend(err.problems)
    unknown = sorted(p.name for p in content_dir.glob("*.yaml") if p.stem not in CONTENT_FILES)
    for name in unknown:
        problems.append(f"{_display(content_dir, Path(name).stem)}:1: (top): unknown content file "
                        f"(expected one of: {', '.join(CONTENT_FILES)})")
    if problems:
        raise BuildError(problems)

    model = {stem: item.data for stem, item in loaded.items()}
    located = Located(loaded, content_dir)
    problems.extend(_schema_problems(model, located))
    if not problems:  # cross-references assume the shapes the schema guarantees
        problems.extend(crossrefs.check(model, located))
    if problems:
        raise BuildError(problems)
    return plan_facts.published(model)


def _schema_problems(model: dict, located: Located) -> list[str]:
    validator = Draft202012Validator(load_schema(), format_checker=FormatChecker())
    found = []
    for error in sorted(validator.iter_errors(model), key=lambda e: list(map(str, e.absolute_path))):
        path = list(error.absolute_path)
        if not path:
            found.append(f"content/: (top): {error.message}")
            continue
        stem, key_path = path[0], path[1:]
        found.append(f"{located.where(stem, key_path)}: {_plain(error)}")
    return found


def _plain(error) -> str:
    """jsonschema's messages, shortened where they would dump a whole object or a whole text. A schema node may
    say what to do in plain words (`errorMessage`, as for emails, addresses and names)."""
    advice = error.schema.get("errorMessage") if isinstance(error.schema, dict) else None
    if error.validator == "maxLength" and isinstance(error.instance, str):
        return (f"{error.instance[:40]!r}… is {len(error.instance):,} characters long; the limit is "
                f"{error.validator_value:,}" + (f" ({advice})" if advice else ""))
    if error.validator in ("pattern", "format") and isinstance(advice, str):
        shown = error.instance if len(str(error.instance)) <= 80 else str(error.instance)[:77] + "…"
        return f"{shown!r} {advice}"
    if error.validator == "required":
        return error.message.replace("is a required property", "is missing (required)")
    if error.validator == "additionalProperties":
        return error.message
    if error.validator == "format" and error.validator_value == "date":
        return f"{error.instance!r} is not a date (write it as YYYY-MM-DD)"
    if error.validator == "type":
        return f"expected {error.validator_value}, got {type(error.instance).__name__} {error.instance!r:.60}"
    if error.validator == "enum":
        return f"{error.instance!r:.60} is not one of {error.validator_value}"
    message = error.message
    return message if len(message) < 200 else message[:200] + "…"
