"""The one rule for `{name}` placeholders in interface text (content/ui.yaml): a placeholder is `{` + letters,
digits or `_` + `}`; a value given for it replaces it; one without a value stays as written, so a gap shows
instead of breaking a page or a screening. The screener's sentences and the build's pages both use it."""
import re

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def pieces(template: str) -> list:
    """[(text, None) or (placeholder, name)] in order, for callers that escape text and values differently."""
    out, at = [], 0
    for match in PLACEHOLDER.finditer(template):
        if match.start() > at:
            out.append((template[at:match.start()], None))
        out.append((match.group(0), match.group(1)))
        at = match.end()
    if at < len(template):
        out.append((template[at:], None))
    return out


def plural(count) -> str:
    """Which form of a counted text to use: "one" for exactly 1, "other" for any other number (0, 2, 1.5).
    Texts come in both forms in content: ui keys `<key>.one` / `<key>.other`, a question's `said_one` / `said`.
    This is CLDR's cardinal rule for whole numbers in English and in Spanish (the browser's text.js uses
    Intl.PluralRules, which gives the same); a language with more forms would add its rule here."""
    return "one" if count == 1 and not isinstance(count, bool) else "other"


def fill(template: str, values: dict) -> str:
    """The template with every placeholder that has a value replaced by str(value)."""
    return PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template)
