"""Interface words from content/ui.yaml for pages: escaped for Markdown and HTML, placeholders filled, dates
written out. A key that is missing is remembered (the renderer fails the build listing every missing key)."""
import datetime as dt
import re

from markupsafe import Markup, escape

from screener.placeholders import fill, pieces

from . import render_helpers as h


class UiText:
    def __init__(self, model: dict):
        self.strings = model["ui"]["ui"]
        self.missing: set[str] = set()

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
        """`2026-01-01` -> <time datetime="2026-01-01">January 1, 2026</time>; `2024-10` -> October 2024 (a source
        that gives only the month is never shown to the day). Words from ui.yaml."""
        if not value:
            return Markup("")
        if re.fullmatch(r"\d{4}-\d{2}", str(value)):
            year, month = str(value).split("-")
            words = self.ui("date.format_month", month=self.ui(f"date.month.{int(month)}"), year=year)
            return Markup('<time datetime="{}">{}</time>').format(str(value), words)
        day = dt.date.fromisoformat(str(value))
        words = self.ui("date.format", month=self.ui(f"date.month.{day.month}"), day=str(day.day),
                        year=str(day.year))
        return Markup('<time datetime="{}">{}</time>').format(day.isoformat(), words)
