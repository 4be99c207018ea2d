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


def fill(template: str, values: dict) -> str:
    """The template with every placeholder that has a value replaced by str(value)."""
    return PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template)
