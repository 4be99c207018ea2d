"""Interface words from content/ui.yaml for pages: escaped for Markdown and HTML, placeholders filled, dates
written out in the page's language (Babel, with the locale of content/locales/<code>/locale.yaml). A key that is
missing is remembered (the renderer fails the build listing every missing key)."""
import datetime as dt
import re

from babel.dates import format_date, format_skeleton
from markupsafe import Markup, escape

from screener.placeholders import fill, pieces

from . import i18n, pseudo_locale
from . import render_helpers as h


class UiText:
    def __init__(self, model: dict):
        self.strings = model["ui"]["ui"]
        self.missing: set[str] = set()
        self.babel_locale = model.get(i18n.BABEL_LOCALE) or i18n.SOURCE_BABEL_LOCALE
        self.pseudo = bool(model.get(i18n.PSEUDO))

    def ui(self, key: str, **values) -> Markup:
        """A ui.yaml string, escaped for Markdown and HTML, with {placeholders} filled (Markup values as is)."""
        template = self.strings.get(key)
        if template is None:
            self.missing.add(key)
            return Markup(f"[{escape(key)}]")
        out = []
        for piece, name in pieces(" ".join(template.split())):
            out.append(h.as_markup(values[name]) if name in values else h.md_inline(piece))
        return Markup("").join(out)

    def ui_plain(self, key: str, **values) -> str:
        """A ui string as plain text (for data files and attributes)."""
        template = self.strings.get(key)
        if template is None:
            self.missing.add(key)
            return key
        return fill(template, values)

    def fmt_date(self, value) -> Markup:
        """`2026-01-01` -> <time datetime="2026-01-01">January 1, 2026</time> (1 de enero de 2026 in Spanish);
        `2024-10` -> October 2024 (a source that gives only the month is never shown to the day)."""
        if not value:
            return Markup("")
        if re.fullmatch(r"\d{4}-\d{2}", str(value)):
            year, month = str(value).split("-")
            words = format_skeleton("yMMMM", dt.date(int(year), int(month), 1), locale=self.babel_locale)
            if self.pseudo:
                words = pseudo_locale.PSEUDO_OPEN + words + pseudo_locale.PSEUDO_CLOSE
            return Markup('<time datetime="{}">{}</time>').format(str(value), words)
        day = dt.date.fromisoformat(str(value))
        words = format_date(day, format="long", locale=self.babel_locale)
        if self.pseudo:
            words = pseudo_locale.PSEUDO_OPEN + words + pseudo_locale.PSEUDO_CLOSE
        return Markup('<time datetime="{}">{}</time>').format(day.isoformat(), words)
