"""The pseudo-locale: the English model and hand-written pages with every translatable string wrapped in ⟦…⟧.

A build from it shows any visible text that does not come from a translatable string (hard-coded English) outside
the brackets; tests/test_pseudo_locale.py fails on it. Which strings are translatable is i18n.py's job.
"""
import copy
import re

from . import content
from .i18n import PSEUDO, _set, units

PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"


def pseudo(model: dict) -> dict:
    """The model with every translatable string wrapped in ⟦…⟧ ({placeholders} kept): a build from it shows any
    text that does not come from a translatable string (hard-coded English) outside the brackets."""
    out = copy.deepcopy(model)
    for stem in content.CONTENT_FILES:
        if stem not in model:
            continue
        for en_path, _key, en_text in units(stem, model[stem]):
            _set(out[stem], en_path, PSEUDO_OPEN + en_text + PSEUDO_CLOSE)
    out.setdefault("site", {}).setdefault("site", {})["language"] = "en-XA"
    out[PSEUDO] = True
    return out


def pseudo_text(text: str) -> str:
    return PSEUDO_OPEN + text + PSEUDO_CLOSE if text.strip() else text


_ATTR_LIST = re.compile(r"(\s*\{:[^}]*\}\s*)$")
_LIST_MARK = re.compile(r"^(\s*(?:[-*+]|\d+\.)\s+)(.*)$")
_HEADING = re.compile(r"^(#{1,6}\s+)(.*)$")
_HTML_TEXT = re.compile(r">([^<>]*[A-Za-z][^<>]*)<")


def pseudo_page(markdown: str) -> str:
    """A hand-written page (content/pages/*.md) with every piece of prose wrapped in ⟦…⟧: front matter title and
    description, headings, list items, table cells, paragraphs and text inside HTML lines. Code stays as is."""
    import yaml

    body = markdown
    head = ""
    if markdown.startswith("---\n"):
        end = markdown.index("\n---\n", 4)
        meta = yaml.safe_load(markdown[4:end]) or {}
        for key in ("title", "description"):
            if isinstance(meta.get(key), str):
                meta[key] = pseudo_text(" ".join(meta[key].split()))
        head = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n"
        body = markdown[end + 5:]
    out, fenced = [], False
    for line in body.split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            out.append(line)
            continue
        stripped = line.strip()
        if fenced or not stripped or set(stripped) <= set("|-: "):
            out.append(line)
            continue
        if stripped.startswith("<"):
            out.append(_HTML_TEXT.sub(lambda m: ">" + pseudo_text(m.group(1)) + "<", line))
            continue
        if stripped.startswith("|"):
            cells = stripped.strip("|").split("|")
            out.append("| " + " | ".join(pseudo_text(c.strip()) for c in cells) + " |")
            continue
        attr = _ATTR_LIST.search(line)
        tail = attr.group(1) if attr else ""
        core = line[: len(line) - len(tail)] if tail else line
        for pattern in (_HEADING, _LIST_MARK):
            match = pattern.match(core)
            if match:
                out.append(match.group(1) + pseudo_text(match.group(2)) + tail)
                break
        else:
            indent = core[: len(core) - len(core.lstrip())]
            out.append(indent + pseudo_text(core.strip()) + tail)
    return head + "\n".join(out)
