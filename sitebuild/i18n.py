"""Translations: which content strings are translatable, and a language's overlay on the English model.

A language is a folder of text files, `content/locales/<code>/`:

- `locale.yaml`: the language's code, its own name, its English name and its settings (see `Locale`);
- `<stem>.yaml` for each content file that has translatable text (`ui.yaml`, `ecm.yaml`, ...), holding ONLY the
  translated strings, keyed by the ids content already has:
    * a field of a mapping by the same key (`site.intro`, `ui.<key>`);
    * a list item that has an `id` by that id (`questions.age.label`, `services.recuperative_care.summary`,
      `questions.housing.options.shelter.label`: options by their `value`);
    * a criteria node by its reason code under `criteria:` (`criteria: {ecm.homelessness.adult: ...}`);
    * a string with no id of its own (a list of plain items, a `conflict` sentence, a limit, a note) by its
      English text under `texts:` (`texts: {"Primary care": "Atención primaria"}`): gettext's way, so items can
      be added or moved without shifting translations, and an edited English sentence shows up as missing.
- `glossary.yaml`: the terms every text in the language follows (tests/test_i18n.py checks them).

Nothing falls back to English: `translate()` raises BuildError listing every string without a translation as
`content/locales/es/ecm.yaml:LINE: ecm.populations.homelessness.name: no Spanish text (English:
content/ecm.yaml:83 "..."); add it under that key`. `python3 build.py i18n-missing es` prints the same list.

Which fields are translatable is decided here and only here (TRANSLATABLE, TREES); names that stay as published
(plan, county and organization names, source titles) are listed in PROPER, so the pseudo-locale test can tell an
allowed proper name from hard-coded English.
"""
import copy
import string
from dataclasses import dataclass
from pathlib import Path

from . import content, yaml_lines
from .errors import BuildError

LOCALES_DIR = content.CONTENT_DIR / "locales"
SOURCE_LANGUAGE = "en"
SOURCE_BABEL_LOCALE = "en_US"
# Keys a translated model carries besides content (never written to open data: they start with "_").
BABEL_LOCALE = "_babel_locale"
PSEUDO = "_pseudo"

# Per content file: the key paths (from the file's top) whose string values are translatable. `*` is any list
# item or any mapping key. Keep in step with schema/ when a new text field appears.
TRANSLATABLE = {
    "site": ("site.title", "site.description", "site.intro", "site.not_official"),
    "ui": ("ui.*",),
    "sources": ("sources.*.publisher", "sources.*.note"),
    "counties": ("counties.*.plans.*.note", "counties.*.plans.*.conflict.text", "counties.*.plan_model.*.note"),
    "plans": ("plans.*.summary", "plans.*.note", "plans.*.regions.*.name", "plans.*.regions.*.note",
              "plans.*.relationships.*.text"),
    "programs": ("programs.*.name", "programs.*.short_name", "programs.*.summary", "waivers.name", "waivers.text",
                 "waivers.renewal.text"),
    "ecm": (
        "ecm.what_it_is.text", "ecm.free_and_voluntary.text", "ecm.lead_care_manager.text",
        "ecm.coordinates.items.*", "ecm.core_services.*.name", "ecm.core_services.*.items.*",
        "ecm.age_rules.*.text", "ecm.how_to_get_it.*.text", "ecm.populations.*.name", "ecm.populations.*.summary",
        "ecm.populations.*.former_names.*", "ecm.exclusions.text", "ecm.exclusions.programs.*.name",
    ),
    "community_supports": (
        "about.text", "plan_decides.text", "count_history.*.text", "groups.*.name", "groups.*.audience",
        "services.*.name", "services.*.short_name", "services.*.former_names.*.name", "services.*.summary",
        "services.*.includes.*", "services.*.who_for", "services.*.limits.*.text", "services.*.how_to_ask.*.text",
        "services.*.no_criteria_reason", "services.*.changes.*.text", "services.*.changes.*.conflict.text",
    ),
    "chw": (
        "chw.what_it_is.text", "chw.started.text", "chw.does.items.*", "chw.not_included.items.*",
        "chw.how_much.text", "chw.short_term.text", "chw.who_provides.text", "chw.recommendation.text",
        "chw.eligibility_note.text", "chw.no_criteria_reason",
    ),
    "justice_involved": (
        "justice_involved.what_it_is.text", "justice_involved.services.items.*", "justice_involved.after_release.text",
        "justice_involved.liaisons.text", "justice_involved.timeline.*.text",
    ),
    "availability": ("rules.*.note", "rules.*.conflict", "rules.*.conflict.text", "statewide_figures.*.period",
                     "statewide_figures.*.text"),
    "contacts": (
        "contacts.*.name", "contacts.*.description", "contacts.*.phones.*.description",
        "contacts.*.schedules.*.description", "referral_rules.*.rules.*.text",
    ),
    "questions": ("questions.*.label", "questions.*.help", "questions.*.options.*.label", "questions.*.said",
                  "questions.*.said_one"),
    "criteria": (),
}
# Criteria trees (their node texts, keyed by reason code; `conflict` sentences by their English text).
TREES = {
    "criteria": ("shared.*",),
    "ecm": ("ecm.populations.*.adult", "ecm.populations.*.child", "ecm.exclusions.criterion"),
    "chw": ("chw.criteria",),
    "community_supports": ("services.*.criteria",),
}
# Names that stay as published in every language (the pseudo-locale test allows exactly these unwrapped).
PROPER = {
    "counties": ("counties.*.name",),
    "plans": ("plans.*.name", "plans.*.full_name"),
    "contacts": ("organizations.*.name", "contacts.*.subject_lines.*"),  # subject lines: what the plan expects
    "sources": ("sources.*.title",),
}
# How a list item is keyed in an overlay when it has no `id`.
_ITEM_KEYS = ("id", "value")
_TREE_KEYS = ("all", "any", "not")
_PLACEHOLDERS = string.Formatter()


@dataclass(frozen=True)
class Locale:
    code: str
    name: str            # the language's own name (Español), for the language switch
    english_name: str    # Spanish: used in messages to contributors ("no Spanish text")
    search: str          # Material's search language (lunr) for this language's pages
    babel: str           # Babel locale for dates and numbers at build time (es_US)
    html_lang: str       # <html lang> and hreflang (es)
    directory: Path


class _Missing(Exception):
    pass


# ------------------------------------------------------------------------------------- enumerating the strings

def _walk(node, path=()):
    """(path, value) for every node, depth first."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, path + (index,))


def _overlay_key(data, path: tuple):
    """The overlay key path of the string at `path` in an English file: list items by id (or option value);
    anything under an id-less list item by its English text in `texts`."""
    out, node = [], data
    for part in path:
        if isinstance(node, list):
            item = node[part]
            key = next((item[k] for k in _ITEM_KEYS if isinstance(item, dict) and isinstance(item.get(k), str)),
                       None)
            if key is None:
                return None
            out.append(key)
        else:
            out.append(part)
        node = node[part]
    return tuple(out)


def units(stem: str, data) -> list[tuple[tuple, tuple, str]]:
    """Every translatable string of one English content file: (English key path, overlay key path, English text)."""
    found = []
    patterns = [tuple(p.split(".")) for p in TRANSLATABLE.get(stem, ())]
    trees = [tuple(p.split(".")) for p in TREES.get(stem, ())]
    for path, value in _walk(data):
        if isinstance(value, str) and value.strip() and any(_match_generic(p, path) for p in patterns):
            key = _overlay_key(data, path)
            found.append((path, key if key is not None else ("texts", value), value))
        elif isinstance(value, dict) and any(_match_generic(t, path) for t in trees):
            found.extend(_tree_units(value, path))
    return found


def _match_generic(pattern: tuple, path: tuple) -> bool:
    """`*` matches any list index or mapping key."""
    return len(pattern) == len(path) and all(p == "*" or p == k for p, k in zip(pattern, path))


def _tree_units(node, path) -> list:
    out = []
    if not isinstance(node, dict):
        return out
    text = node.get("text")
    if isinstance(text, str) and text.strip():
        key = ("criteria", node["id"]) if isinstance(node.get("id"), str) else ("texts", text)
        out.append((path + ("text",), key, text))
    conflict = node.get("conflict")
    if isinstance(conflict, str) and conflict.strip():
        out.append((path + ("conflict",), ("texts", conflict), conflict))
    for key in _TREE_KEYS:
        child = node.get(key)
        if isinstance(child, list):
            for index, item in enumerate(child):
                out.extend(_tree_units(item, path + (key, index)))
        elif isinstance(child, dict):
            out.extend(_tree_units(child, path + (key,)))
    for index, variant in enumerate(node.get("effective") or []):  # dated variants of one rule
        if isinstance(variant, dict):
            out.extend(_tree_units(variant.get("node"), path + ("effective", index, "node")))
    return out


def proper_names(model: dict) -> set[str]:
    """Every name that stays as published in all languages (PROPER)."""
    names = set()
    for stem, patterns in PROPER.items():
        for pattern in patterns:
            pattern = tuple(pattern.split("."))
            for path, value in _walk(model.get(stem)):
                if isinstance(value, str) and _match_generic(pattern, path):
                    names.add(value)
    return names


# --------------------------------------------------------------------------------------------- the locales

def available(locales_dir: Path = LOCALES_DIR) -> list[str]:
    """Language codes with a locale.yaml, sorted."""
    if not Path(locales_dir).is_dir():
        return []
    return sorted(p.parent.name for p in Path(locales_dir).glob("*/locale.yaml"))


def load_locale(code: str, locales_dir: Path = LOCALES_DIR) -> Locale:
    directory = Path(locales_dir) / code
    path = directory / "locale.yaml"
    if not path.exists():
        known = ", ".join(available(locales_dir)) or "none"
        raise BuildError([f"{_display(path)}:1: (top): no such language {code!r} (known: {known})"])
    meta = (yaml_lines.load(path, _display(path)).data or {}).get("locale") or {}
    problems = [f"{_display(path)}:1: locale.{k}: missing" for k in ("code", "name", "english_name")
                if not isinstance(meta.get(k), str)]
    if problems:
        raise BuildError(problems)
    return Locale(code=meta["code"], name=meta["name"], english_name=meta["english_name"],
                  search=meta.get("search", meta["code"]), babel=meta.get("babel", meta["code"]),
                  html_lang=meta.get("html_lang", meta["code"]), directory=directory)


def _display(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(content.ROOT))
    except ValueError:
        return str(path)


def _english_files(content_dir: Path) -> dict:
    out = {}
    for stem in content.CONTENT_FILES:
        path = Path(content_dir) / f"{stem}.yaml"
        if path.exists():
            out[stem] = yaml_lines.load(path, _display(path))
    return out


def _lookup(data, key: tuple):
    node = data
    for part in key:
        if not isinstance(node, dict) or part not in node:
            raise _Missing
        node = node[part]
    if not isinstance(node, str) or not node.strip():
        raise _Missing
    return node


def _set(data, path: tuple, value) -> None:
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _leaves(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, path + (key,))
    else:
        yield path, node


def _placeholders(text: str) -> set:
    try:
        return {name for _, name, _, _ in _PLACEHOLDERS.parse(text) if name}
    except ValueError:
        return {"(unbalanced braces)"}


def translate(model: dict, code: str, content_dir: Path = content.CONTENT_DIR,
              locales_dir: Path | None = None) -> dict:
    """The model in language `code`: a deep copy with every translatable string replaced. Raises BuildError
    listing every missing, stale or malformed translation (file:line: key.path: message)."""
    if code == SOURCE_LANGUAGE:
        return model
    translated, problems = _overlay(model, code, content_dir, locales_dir)
    if problems:
        raise BuildError(problems)
    return translated


def missing(model: dict, code: str, content_dir: Path = content.CONTENT_DIR,
            locales_dir: Path | None = None) -> list[str]:
    """Every problem translate() would raise, as a list (empty when the language is complete)."""
    return _overlay(model, code, content_dir, locales_dir)[1]


def _overlay(model, code, content_dir, locales_dir):
    locales_dir = Path(locales_dir) if locales_dir else Path(content_dir) / "locales"
    locale = load_locale(code, locales_dir)
    english = _english_files(content_dir)
    out = copy.deepcopy(model)
    problems = []
    english_names: dict = {}
    for stem in content.CONTENT_FILES:
        if stem not in model:
            continue
        path = locale.directory / f"{stem}.yaml"
        loaded = yaml_lines.load(path, _display(path)) if path.exists() else None
        data = (loaded.data if loaded else None) or {}
        used = set()
        for en_path, key, en_text in units(stem, model[stem]):
            where_es = f"{_display(path)}:{loaded.line_of(key) if loaded else 1}"
            where_en = f"{english[stem].path.name if stem in english else stem}"
            en_line = english[stem].line_of(en_path) if stem in english else 1
            try:
                text = _lookup(data, key)
            except _Missing:
                problems.append(
                    f"{where_es}: {yaml_lines.dotted(key)}: no {locale.english_name} text "
                    f"(English at content/{where_en}:{en_line}: {_short(en_text)}); add it under that key")
                continue
            used.add(key)
            if _placeholders(text) != _placeholders(en_text):
                problems.append(
                    f"{where_es}: {yaml_lines.dotted(key)}: the placeholders differ from the English "
                    f"({', '.join(sorted(_placeholders(en_text))) or 'none'}); keep every {{name}} as it is")
                continue
            _set(out[stem], en_path, text)
            if en_path[-1] == "name" and text != en_text:
                english_names[text] = en_text
        for key, value in _leaves(data):
            if key not in used and key[:1] != ("_",):
                problems.append(f"{_display(path)}:{loaded.line_of(key)}: {yaml_lines.dotted(key)}: no such "
                                f"English text in content/{stem}.yaml (an id changed or the English was edited); "
                                f"remove it or move it to the new key")
    for extra in sorted(locale.directory.glob("*.yaml")):
        if extra.stem not in content.CONTENT_FILES and extra.stem not in ("locale", "glossary", "_source.lock"):
            problems.append(f"{_display(extra)}:1: (top): unknown file (expected one of: "
                            f"{', '.join(content.CONTENT_FILES)}, locale, glossary)")
    out.setdefault("site", {}).setdefault("site", {})["language"] = locale.code
    # The English name of every translated name, so a page can show it beside the translation the first time
    # (a member may need to say it on the phone to their plan). Not content: open data leaves keys with "_" out.
    out[ENGLISH_NAMES] = english_names
    out[BABEL_LOCALE] = locale.babel
    return out, problems


def _short(text: str) -> str:
    text = " ".join(text.split())
    return f'"{text[:70]}…"' if len(text) > 70 else f'"{text}"'


# ------------------------------------------------------------------------------------------ English names

ENGLISH_NAMES = "_english_names"


def english_name(model: dict, name: str) -> str | None:
    """The English of a translated name (a Community Support, a Population of Focus), or None."""
    return (model.get(ENGLISH_NAMES) or {}).get(name)



# ---------------------------------------------------------------------------------------- glossary

def load_glossary(code: str, locales_dir: Path = LOCALES_DIR) -> list[dict]:
    path = Path(locales_dir) / code / "glossary.yaml"
    if not path.exists():
        return []
    return (yaml_lines.load(path, _display(path)).data or {}).get("terms") or []


def pairs(model: dict, translated: dict) -> list[tuple[str, str, str]]:
    """(where, English, translation) for every translatable string: what the glossary and reading tests read."""
    out = []
    for stem in content.CONTENT_FILES:
        if stem not in model:
            continue
        for en_path, key, en_text in units(stem, model[stem]):
            node = translated[stem]
            for part in en_path:
                node = node[part]
            out.append((f"{stem}.yaml: {yaml_lines.dotted(key)}", en_text, node))
    return out
