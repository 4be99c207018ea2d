"""Stale translations: which English each translation was written from.

A string with an id (`ui.nav.home`, `services.recuperative_care.summary`, a criteria node by its reason code) keeps
its translation when its English is edited, so an edit alone would leave the old translation in place unnoticed.
Each language therefore has `content/locales/<code>/_source.lock.yaml`: for every id-keyed translation, a short
hash of the English text it was translated from (whitespace folded, so re-wrapping a paragraph changes nothing).
When the English changes, the hash no longer matches and the translation is *stale*:

    content/locales/es/ui.yaml:57: ui.nav.home: stale: the English changed since this Spanish was written
    (English now at content/ui.yaml:70: "Home"); update the Spanish, then run python3 build.py i18n-reviewed es

(Strings without an id are keyed by their English text under `texts:`, so an edit there already shows as a
missing translation.)

What happens to a stale translation (DESIGN.md, Languages): it is still Spanish, so the build publishes it and
prints the list as a warning; `python3 build.py i18n-missing es` lists it with the missing ones and exits 1, and
tests/test_i18n.py fails, so it cannot reach main unnoticed. Never an English fallback.

Recording: the build adds an entry for each translation the lock does not know yet (a new string is translated
in the same commit as its English); `python3 build.py i18n-reviewed es [KEY ...]` records the current English for
stale translations once someone has updated or checked them (all of them, or only the keys given).
"""
import hashlib
import os
import tempfile
from pathlib import Path

import yaml

from . import content, i18n, yaml_lines

LOCK_NAME = "_source.lock.yaml"
_HEADER = """\
# Which English each Spanish text with an id was translated from: a short hash of that English text, per content
# file and key (sitebuild/i18n_lock.py). When the English changes, the hash no longer matches and
# `python3 build.py i18n-missing {code}` lists the translation as stale. Written by the build (new translations)
# and by `python3 build.py i18n-reviewed {code}` (after updating a stale one); not edited by hand.
"""


def fingerprint(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:8]


def _lock_path(code: str, locales_dir: Path) -> Path:
    return Path(locales_dir) / code / LOCK_NAME


def load(code: str, locales_dir: Path) -> dict:
    path = _lock_path(code, locales_dir)
    if not path.exists():
        return {}
    data = yaml_lines.load(path, i18n._display(path)).data or {}
    return {stem: dict(entries or {}) for stem, entries in data.items()}


def _entries(model: dict, code: str, content_dir: Path, locales_dir: Path):
    """(stem, overlay key, where the translation is, where the English is, English text) for every id-keyed
    string that has a translation."""
    locale = i18n.load_locale(code, locales_dir)
    for stem in content.CONTENT_FILES:
        if stem not in model:
            continue
        overlay_path = locale.directory / f"{stem}.yaml"
        english_path = Path(content_dir) / f"{stem}.yaml"
        if not overlay_path.exists():
            continue
        overlay = yaml_lines.load(overlay_path, i18n._display(overlay_path))
        english = yaml_lines.load(english_path, i18n._display(english_path)) if english_path.exists() else None
        for en_path, key, en_text in i18n.units(stem, model[stem]):
            if key[0] == "texts" or not _has(overlay.data, key):
                continue
            where = f"{i18n._display(overlay_path)}:{overlay.line_of(key)}"
            en_where = f"content/{english_path.name}:{english.line_of(en_path) if english else 1}"
            yield stem, key, where, en_where, en_text


def _has(data, key: tuple) -> bool:
    node = data
    for part in key:
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return isinstance(node, str) and bool(node.strip())


def check(model: dict, code: str, content_dir: Path = content.CONTENT_DIR, locales_dir: Path | None = None):
    """(stale problems as file:line messages, {stem: {key: hash}} of translations the lock does not know yet,
    {stem: {key: hash}} of the stale ones' current English)."""
    locales_dir = Path(locales_dir) if locales_dir else Path(content_dir) / "locales"
    lock = load(code, locales_dir)
    locale = i18n.load_locale(code, locales_dir)
    stale, new, current = [], {}, {}
    for stem, key, where, en_where, en_text in _entries(model, code, content_dir, locales_dir):
        dotted = yaml_lines.dotted(key)
        recorded = lock.get(stem, {}).get(dotted)
        now = fingerprint(en_text)
        if recorded is None:
            new.setdefault(stem, {})[dotted] = now
        elif recorded != now:
            current.setdefault(stem, {})[dotted] = now
            stale.append(f"{where}: {dotted}: stale: the English changed since this {locale.english_name} "
                         f"was written (English now at {en_where}: {i18n._short(en_text)}); update the "
                         f"{locale.english_name}, then run python3 build.py i18n-reviewed {code}")
    return stale, new, current


def stale(model: dict, code: str, content_dir: Path = content.CONTENT_DIR, locales_dir: Path | None = None) -> list:
    return check(model, code, content_dir, locales_dir)[0]


def record_new(model: dict, code: str, content_dir: Path = content.CONTENT_DIR,
               locales_dir: Path | None = None) -> int:
    """Add lock entries for translations it does not know yet (the build does this). Returns how many."""
    locales_dir = Path(locales_dir) if locales_dir else Path(content_dir) / "locales"
    _, new, _ = check(model, code, content_dir, locales_dir)
    if new:
        _write(code, locales_dir, _merge(load(code, locales_dir), new))
    return sum(len(v) for v in new.values())


def mark_reviewed(model: dict, code: str, keys: list[str] | None = None, content_dir: Path = content.CONTENT_DIR,
                  locales_dir: Path | None = None) -> list[str]:
    """Record the current English for stale translations (all, or the keys given as the stale list prints them,
    `ui.nav.home`), and any new ones. Returns the keys recorded; a key that is not stale raises ValueError."""
    locales_dir = Path(locales_dir) if locales_dir else Path(content_dir) / "locales"
    _, new, current = check(model, code, content_dir, locales_dir)
    stale_keys = sorted({key for entries in current.values() for key in entries})
    chosen = keys or stale_keys
    unknown = [k for k in chosen if k not in stale_keys]
    if unknown:
        raise ValueError(f"not stale: {', '.join(unknown)} (stale now: {', '.join(stale_keys) or 'none'})")
    update = {stem: {key: value for key, value in entries.items() if key in chosen}
              for stem, entries in current.items()}
    _write(code, locales_dir, _merge(_merge(load(code, locales_dir), new), update))
    return list(chosen)


def _merge(lock: dict, entries: dict) -> dict:
    out = {stem: dict(values) for stem, values in lock.items()}
    for stem, values in entries.items():
        out.setdefault(stem, {}).update(values)
    return out


def _write(code: str, locales_dir: Path, lock: dict) -> None:
    """Atomically (a build and a test run may write at once): sorted, one line per key."""
    path = _lock_path(code, locales_dir)
    body = yaml.safe_dump({stem: dict(sorted(values.items())) for stem, values in sorted(lock.items())},
                          allow_unicode=True, sort_keys=False, width=1000)
    text = _HEADER.format(code=code) + body
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    fd, tmp = tempfile.mkstemp(prefix=".lock-", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)
