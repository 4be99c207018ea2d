"""Render the generated pages (Markdown with HTML blocks) from the content model into the docs/ copy.

The jobs around it live in their own modules: routes.py (which pages exist and where), site_model.py (queries
over the model, the matrix), ui_text.py (interface words), links.py (a page's links and citations),
checklist.py ("who may qualify" lists), nav.py (nav and front matter). This module sets up Jinja and writes pages.

Escaping: the Jinja environment autoescapes, and every plain value that reaches a template is finalized through
render_helpers.md_text (HTML-escaped, then Markdown's inline syntax characters written as character references),
so text from content/ always shows as typed, in a Markdown heading as much as inside an HTML block. Only values
built as Markup (links, citation markers, checklists) pass through as HTML.

Interface words come from content/ui.yaml through ui(); templates hold no English. A missing ui key fails the
build with the list of every missing key.
"""
import datetime as dt
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from . import i18n
from . import render_helpers as h
from .errors import BuildError
from .links import PageContext
from .nav import front_matter
from .routes import PAGE_HIDE, how_to_ask_anchor, page_path, pages
from .site_model import SiteModel
from .ui_text import UiText

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"


class Renderer:
    def __init__(self, model: dict, docs_dir: Path, today: dt.date):
        self.model = model
        self.docs_dir = Path(docs_dir)
        self.site = SiteModel(model, today)
        self.text = UiText(model)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            autoescape=True,
            undefined=_LenientUndefined,
            extensions=["jinja2.ext.do"],
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=_finalize,
        )
        self.env.filters["a"] = _attr
        self.env.globals.update(
            ui=self.text.ui, ui_plain=self.text.ui_plain, fmt_date=self.text.fmt_date, model=model, r=self.site,
            today=self.site.today_iso, h=h, page_path=page_path, how_to_ask_anchor=how_to_ask_anchor,
            english_name=lambda name: i18n.english_name(model, name),
        )

    def render_page(self, path: str, template: str, extra: dict) -> str:
        page = PageContext(self.site, self.text, path)
        body = self.env.get_template(template).render(page=page, **extra)
        return front_matter(body, hide=PAGE_HIDE.get(path, [])) + body

    def write_all(self) -> list[str]:
        written = []
        for path, template, context in pages(self.site):
            text = self.render_page(path, template, context())
            target = self.docs_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            written.append(path)
        if self.text.missing:
            raise BuildError("content/ui.yaml is missing these keys: " + ", ".join(sorted(self.text.missing)))
        return written


class _LenientUndefined(jinja2.Undefined):
    """Optional fields may be tested (`{% if s.published %}`) or looped over, but printing a missing one is an
    error, so a misspelt field name cannot silently leave a hole in a page."""

    def __str__(self):
        self._fail_with_undefined_error()


def _attr(value) -> Markup:
    """For HTML attribute values and attr_list ids: HTML-escaped only (ids and URLs stay readable)."""
    if isinstance(value, Markup):
        return value
    return Markup(escape(str(value)))


def _finalize(value):
    if isinstance(value, jinja2.Undefined):
        str(value)
    if isinstance(value, Markup) or value is None:
        return value if value is not None else ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return h.md_text(value)


def render_all(model: dict, docs_dir: Path, today: dt.date) -> None:
    """Write every generated page into docs_dir (the build's temporary copy of docs/)."""
    Renderer(model, docs_dir, today).write_all()
