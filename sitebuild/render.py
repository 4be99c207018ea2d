"""Render the generated pages (Markdown with HTML blocks) from the content model into the docs/ copy.

Escaping: the Jinja environment autoescapes, and every plain value that reaches a template is finalized through
render_helpers.md_text (HTML-escaped, then Markdown's inline syntax characters written as character references),
so text from content/ always shows as typed, in a Markdown heading as much as inside an HTML block. Only values
built here as Markup (links, citation markers, checklists) pass through as HTML.

Interface words come from content/ui.yaml through ui(); templates hold no English. A missing ui key fails the
build with the list of every missing key.

Page paths (docs-relative) are fixed here and exported through PAGE_PATHS / page_path(), so other modules (the
screener, tests) can link to a Community Support or a county by id.
"""
import datetime as dt
import html
import json
import posixpath
import re
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from . import render_helpers as h

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"

PAGE_PATHS = {
    "home": "index.md",
    "ecm": "ecm.md",
    "community_supports": "community-supports/index.md",
    "chw": "chw.md",
    "justice_involved": "justice-involved.md",
    "availability": "availability/index.md",
    "counties": "counties/index.md",
    "contacts": "contacts/index.md",
    "sources": "sources/index.md",
    "screener": "screener.md",  # hand-written (docs/screener.md), linked from generated pages
}
# Material's `hide` per generated page: the matrix needs the width the table of contents would take.
PAGE_HIDE = {"availability/index.md": ["toc"]}

DATA_FILES = {
    "availability_csv": "data/availability.csv",
    "availability_json": "data/availability.json",
    "contacts_csv": "data/contacts.csv",
    "contacts_json": "data/contacts.json",
    "content_json": "data/content.json",
    "content_schema": "data/content.schema.json",
}


def page_path(kind: str, item_id: str | None = None) -> str:
    """The docs-relative Markdown path of a generated page."""
    if kind == "service":
        return f"community-supports/{item_id}.md"
    if kind == "county":
        return f"counties/{item_id}.md"
    return PAGE_PATHS[kind]


def page_url(path: str) -> str:
    """Site-relative URL of a docs path with use_directory_urls (``counties/x.md`` -> ``counties/x/``)."""
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


class MissingText(Exception):
    pass


# ---------------------------------------------------------------------------------------------- the renderer

class Renderer:
    def __init__(self, model: dict, docs_dir: Path, today: dt.date):
        self.model = model
        self.docs_dir = Path(docs_dir)
        self.today = today
        self.today_iso = h.iso(today)
        self.ui_strings = (model.get("ui") or {}).get("ui", {}) or {}
        self.missing_ui: set[str] = set()
        self.sources = {s["id"]: s for s in model.get("sources", {}).get("sources", [])}
        self.counties = model.get("counties", {}).get("counties", [])
        self.county_by_id = {c["id"]: c for c in self.counties}
        self.plans = model.get("plans", {}).get("plans", [])
        self.plan_by_id = {p["id"]: p for p in self.plans}
        self.programs = {p["id"]: p for p in (model.get("programs") or {}).get("programs", [])}
        cs = model.get("community_supports") or {}
        self.groups = cs.get("groups", [])
        self.services = sorted(cs.get("services", []), key=lambda s: (s.get("number", 999), s["id"]))
        self.service_by_id = {s["id"]: s for s in self.services}
        self.shared = self._shared_criteria(model.get("criteria") or {})
        self.questions = {q["id"]: q for q in (model.get("questions") or {}).get("questions", [])}
        self.contacts = (model.get("contacts") or {}).get("contacts", [])
        self.organizations = {o["id"]: o for o in (model.get("contacts") or {}).get("organizations", [])}
        self.regions = h.plan_regions(model)
        self._status: dict = {}
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
            ui=self.ui, ui_plain=self.ui_plain, fmt_date=self.fmt_date, model=model, r=self, today=self.today_iso, h=h,
            page_path=page_path,
        )

    @staticmethod
    def _shared_criteria(criteria: dict) -> dict:
        shared = criteria.get("shared", criteria.get("criteria", []))
        if isinstance(shared, dict):
            return shared
        return {c["id"]: c for c in shared}

    # -- interface text --------------------------------------------------------------------------

    def ui(self, key: str, **values) -> Markup:
        """A ui.yaml string, escaped for Markdown and HTML, with {placeholders} filled (Markup values as is)."""
        template = self.ui_strings.get(key)
        if template is None:
            self.missing_ui.add(key)
            return Markup(f"[{escape(key)}]")
        out = []
        for piece in re.split(r"(\{\w+\})", " ".join(template.split())):
            name = piece[1:-1] if re.fullmatch(r"\{\w+\}", piece) else None
            if name is None:
                out.append(h.md_inline(piece))
            elif name in values:
                value = values[name]
                out.append(value if isinstance(value, Markup) else h.md_text(value))
            else:
                out.append(h.md_inline(piece))
        return Markup("").join(out)

    def ui_plain(self, key: str, **values) -> str:
        """A ui string as plain text (for data files and attributes)."""
        template = self.ui_strings.get(key)
        if template is None:
            self.missing_ui.add(key)
            return key
        return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), template)

    def fmt_date(self, value) -> Markup:
        """`2026-01-01` -> <time datetime="2026-01-01">January 1, 2026</time>, words from ui.yaml."""
        if not value:
            return Markup("")
        day = dt.date.fromisoformat(str(value))
        words = self.ui("date.format", month=self.ui(f"date.month.{day.month}"), day=str(day.day),
                        year=str(day.year))
        return Markup('<time datetime="{}">{}</time>').format(day.isoformat(), words)

    # -- pages ----------------------------------------------------------------------------------

    def pages(self):
        """(docs path, template, extra context) for every generated page."""
        yield page_path("home"), "home.md.j2", {}
        if self.model.get("ecm"):
            yield page_path("ecm"), "ecm.md.j2", {"ecm": self.model["ecm"]["ecm"]}
        if self.services:
            yield page_path("community_supports"), "cs_index.md.j2", {}
            for service in self.services:
                yield page_path("service", service["id"]), "cs_service.md.j2", {"service": service}
        if self.model.get("chw"):
            yield page_path("chw"), "chw.md.j2", {"chw": self.model["chw"].get("chw", self.model["chw"])}
        if self.model.get("justice_involved"):
            ji = self.model["justice_involved"]
            yield page_path("justice_involved"), "justice_involved.md.j2", {"ji": ji.get("justice_involved", ji)}
        yield page_path("availability"), "availability.md.j2", {"matrix": self.matrix()}
        yield page_path("counties"), "counties_index.md.j2", {}
        for county in self.counties:
            yield page_path("county", county["id"]), "county.md.j2", {"county": county}
        yield page_path("contacts"), "contacts.md.j2", {}
        yield page_path("sources"), "sources.md.j2", {}

    def render_page(self, path: str, template: str, extra: dict) -> str:
        page = PageContext(self, path)
        body = self.env.get_template(template).render(page=page, **extra)
        return _front_matter(body, hide=PAGE_HIDE.get(path, [])) + body

    def write_all(self) -> list[str]:
        written = []
        for path, template, extra in self.pages():
            text = self.render_page(path, template, extra)
            target = self.docs_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            written.append(path)
        if self.missing_ui:
            raise MissingText("content/ui.yaml is missing these keys: " + ", ".join(sorted(self.missing_ui)))
        return written

    # -- model lookups used by templates ----------------------------------------------------------

    def program(self, program_id: str) -> dict:
        return self.programs.get(program_id, {"id": program_id, "name": program_id})

    def service_names(self, ids) -> str:
        return ", ".join(self.service_by_id[i]["name"] for i in ids if i in self.service_by_id)

    def county_names(self, ids) -> str:
        return ", ".join(self.county_by_id[i]["name"] for i in ids if i in self.county_by_id)

    def plans_in(self, county_id: str) -> list:
        return h.plans_in_county(self.model, county_id)

    def counties_of_plan(self, plan: dict) -> list:
        ids = {c for region in plan.get("regions", []) for c in region.get("counties", [])}
        return [c for c in self.counties if c["id"] in ids]

    def contacts_for(self, county_id: str | None = None, plan_id: str | None = None, audiences=None,
                     program: str | None = None) -> list:
        out = []
        for contact in self.contacts:
            area = contact.get("area") or {}
            if county_id is not None and not h.contact_covers(contact, county_id, self.regions):
                continue
            if plan_id is not None and area.get("plan") != plan_id:
                continue
            if plan_id is None and county_id is None and area:
                continue
            if audiences is not None and contact.get("audience") not in audiences:
                continue
            if program is not None and program not in contact.get("programs", []):
                continue
            out.append(contact)
        return out

    def liaisons(self) -> list:
        return [c for c in self.contacts if "justice_involved" in c.get("programs", [])]

    def referral_rules(self, plan_id: str) -> list:
        for block in (self.model.get("contacts") or {}).get("referral_rules", []):
            if block.get("plan") == plan_id:
                return block.get("rules", [])
        return []

    def status(self, plan_id: str, county_id: str, service_id: str) -> dict:
        """Availability of one cell; the matrix and the county pages ask for the same cells, so it is kept."""
        key = (plan_id, county_id, service_id)
        if key not in self._status:
            self._status[key] = h.availability(self.model, plan_id, county_id, service_id, self.today)
        return self._status[key]

    def county_rule_notes(self, county_id: str) -> list:
        """Distinct notes of the rules that decide (now or next) any service for this county."""
        seen, out = set(), []
        for plan, _region in self.plans_in(county_id):
            for service in self.services:
                result = self.status(plan["id"], county_id, service["id"])
                for item in (result, result.get("next") or {}):
                    note = item.get("note")
                    if note and note not in seen:
                        seen.add(note)
                        out.append({"plan": plan["name"], "text": note, "sources": item.get("sources", [])})
        return out

    def service_coverage(self, service_id: str) -> list:
        """Per plan: lists of counties by status today, for a Community Support page."""
        out = []
        for plan in self.plans:
            by_status = {s: [] for s in h.STATUSES}
            for county in self.counties_of_plan(plan):
                result = self.status(plan["id"], county["id"], service_id)
                by_status[result["status"]].append(county)
            out.append({"plan": plan, "by_status": by_status})
        return out

    def service_changes(self, service: dict) -> dict:
        changes = sorted(service.get("changes", []) or [], key=lambda c: str(c.get("effective", "")))
        now = [c for c in changes if str(c.get("effective", "")) <= self.today_iso]
        later = [c for c in changes if str(c.get("effective", "")) > self.today_iso]
        return {"now": list(reversed(now)), "later": later}

    def matrix(self) -> dict:
        """Rows for the availability matrix: one per (county, plan); one per county without a plan."""
        rows = []
        conflicts = []  # (rule identity) -> footnote number
        conflict_index = {}
        notes = []
        note_index = {}
        for county in self.counties:
            plans = self.plans_in(county["id"])
            if not plans:
                rows.append({"county": county, "plan": None, "region": None, "cells": []})
                continue
            for plan, region in plans:
                cells = []
                for service in self.services:
                    result = self.status(plan["id"], county["id"], service["id"])
                    for item in (result, result.get("next")):
                        if not item or not item.get("rule"):
                            continue
                        rule = item["rule"]
                        if item.get("conflict") and id(rule) not in conflict_index:
                            conflict_index[id(rule)] = len(conflicts) + 1
                            conflicts.append({"number": len(conflicts) + 1, "rule": rule, **item["conflict"]})
                        if item.get("note") and item["note"] not in note_index:
                            note_index[item["note"]] = len(notes) + 1
                            notes.append({"number": len(notes) + 1, "text": item["note"], "rule": rule,
                                          "sources": item["sources"]})
                    cells.append({"service": service, "result": result,
                                  "conflict_number": conflict_index.get(id(result["rule"]))
                                  if result.get("conflict") else None})
                rows.append({"county": county, "plan": plan, "region": region, "cells": cells})
        return {"rows": rows, "conflicts": conflicts, "notes": notes}


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


# ---------------------------------------------------------------------------------------------- one page

class PageContext:
    """What a template knows about its own page: where it lives (for relative links) and what it cites."""

    def __init__(self, renderer: Renderer, path: str):
        self.r = renderer
        self.path = path
        self.cited: list[str] = []
        self._dir = page_url(path)

    # links
    def url(self, target: str, anchor: str | None = None, query: str | None = None) -> Markup:
        target_url = page_url(target)
        rel = posixpath.relpath(target_url or ".", self._dir or ".")
        if target.endswith(".md"):
            rel = "./" if rel == "." else rel + "/"
        if query:
            rel += "?" + query
        if anchor:
            rel += "#" + anchor
        return Markup(escape(rel))

    def link(self, target: str, text, anchor: str | None = None, query: str | None = None, cls: str = "") -> Markup:
        cls_attr = Markup(' class="{}"').format(cls) if cls else Markup("")
        return Markup('<a href="{}"{}>{}</a>').format(self.url(target, anchor, query), cls_attr, _text(text))

    def service_link(self, service_id: str) -> Markup:
        service = self.r.service_by_id.get(service_id)
        if not service:
            return h.md_text(service_id)
        return self.link(page_path("service", service_id), service["name"])

    def county_link(self, county_id: str) -> Markup:
        county = self.r.county_by_id.get(county_id, {"name": county_id})
        return self.link(page_path("county", county_id), county["name"])

    # citations
    def cite(self, ids, cls: str = "cite") -> Markup:
        """A superscript list of links to this page's sources list, registering each source as cited."""
        ids = [i for i in (ids or []) if i]
        if not ids:
            return Markup("")
        links = []
        for source_id in dict.fromkeys(ids):
            if source_id not in self.cited:
                self.cited.append(source_id)
        for source_id in sorted(dict.fromkeys(ids), key=self.cited.index):
            number = self.cited.index(source_id) + 1
            label = self.r.ui("cite.label", number=str(number))
            links.append(Markup('<a href="#src-{}" aria-label="{}">{}</a>').format(source_id, label, number))
        return Markup('<sup class="{}">[{}]</sup>').format(cls, Markup(", ").join(links))

    def register(self, ids) -> None:
        for source_id in ids or []:
            if source_id and source_id not in self.cited:
                self.cited.append(source_id)

    def cited_sources(self) -> list:
        return [self.r.sources[i] for i in self.cited if i in self.r.sources]

    def reviewed(self) -> str | None:
        """The page's last-reviewed date: the oldest `reviewed` date among the sources it cites (the date by
        which everything on the page had been checked)."""
        dates = [str(s["reviewed"]) for s in self.cited_sources() if s.get("reviewed")]
        return min(dates) if dates else None

    # content blocks
    def checklist(self, node, track: str = "") -> Markup:
        return CriteriaRenderer(self).render(node)

    def phone(self, phone: dict) -> Markup:
        return Markup('<a href="{}" class="tel">{}</a>').format(h.tel_href(phone["number"]), phone["number"])

    def mailto(self, email: str, subject: str | None = None, text=None) -> Markup:
        return Markup('<a href="{}">{}</a>').format(h.mailto_href(email, subject), _text(text or email))


def _text(value) -> Markup:
    return value if isinstance(value, Markup) else h.md_text(value)


# ---------------------------------------------------------------------------------------------- criteria

class CriteriaRenderer:
    """A criterion tree as a nested checklist built from the `text` of its nodes.

    A node with text is one item; its children with text are listed under it with the connective
    ("all of these" / "at least one of these"). A node without text lets its children stand in its place.
    A leaf without text falls back to the question's label and the tested value, so no condition is lost.
    A `conflict` node is shown with the words that say our sources disagree.
    """

    def __init__(self, page: PageContext):
        self.page = page
        self.r = page.r

    def render(self, node) -> Markup:
        if not node:
            return Markup("")
        item = self._item(node, depth=0)
        if item is None:
            return Markup("")
        if item["text"] is None:
            body = self._list(item["children"], item["kind"])
        else:
            body = self._list([item], None)
        return Markup('<div class="criteria">{}</div>').format(body)

    # tree -> items
    def _item(self, node, depth: int):
        if depth > 40:
            return None
        if "ref" in node:
            target = self.r.shared.get(node["ref"], {})
            inner = self._item(target, depth + 1) if target else None
            if node.get("text"):
                return {"text": node["text"], "sources": node.get("sources", []), "kind": None,
                        "children": inner["children"] if inner else [], "conflict": False,
                        "connective": inner["kind"] if inner else None}
            return inner
        if "conflict" in node:
            return {"text": node.get("text") or node["conflict"], "sources": node.get("sources", []),
                    "kind": None, "children": [], "conflict": True, "connective": None}
        for kind in ("all", "any"):
            if kind in node:
                children = [c for c in (self._item(child, depth + 1) for child in node[kind]) if c]
                children = self._flatten(children, kind)
                if node.get("text"):
                    return {"text": node["text"], "sources": node.get("sources", []), "kind": kind,
                            "children": children if _any_text(children) else [], "conflict": False,
                            "connective": kind}
                if len(children) == 1:
                    return children[0]
                return {"text": None, "sources": node.get("sources", []), "kind": kind, "children": children,
                        "conflict": False, "connective": kind} if children else None
        if "not" in node:
            inner = self._item(node["not"], depth + 1)
            if node.get("text"):
                return {"text": node["text"], "sources": node.get("sources", []), "kind": None, "children": [],
                        "conflict": False, "connective": None}
            if inner is None:
                return None
            return {"text": None, "sources": [], "kind": "not", "children": [inner], "conflict": False,
                    "connective": "not"}
        if "q" in node:
            text = node.get("text") or self._leaf_text(node)
            return {"text": text, "sources": node.get("sources", []), "kind": None, "children": [],
                    "conflict": False, "connective": None, "derived": not node.get("text")}
        if node.get("text"):
            return {"text": node["text"], "sources": node.get("sources", []), "kind": None, "children": [],
                    "conflict": False, "connective": None}
        return None

    @staticmethod
    def _flatten(children: list, kind: str) -> list:
        """`all` inside `all` without its own text reads as one list."""
        out = []
        for child in children:
            if child["text"] is None and child["kind"] == kind:
                out.extend(child["children"])
            else:
                out.append(child)
        return out

    def _leaf_text(self, node) -> Markup:
        question = self.r.questions.get(node["q"], {})
        label = question.get("label", node["q"])
        for op in ("eq", "ne", "lt", "le", "gt", "ge", "in", "any_of", "none_of"):
            if op in node:
                value = node[op]
                values = value if isinstance(value, list) else [value]
                words = [self._value_label(question, v) for v in values]
                return self.r.ui(f"criteria.op.{op}", question=label, value=", ".join(words))
        return h.md_text(label)

    def _value_label(self, question: dict, value) -> str:
        if isinstance(value, bool):
            return self.r.ui_plain("criteria.yes" if value else "criteria.no")
        for option in question.get("options", []) or []:
            if option.get("value") == value:
                return option.get("label", str(value))
        if question.get("options_from") == "counties":
            return self.r.county_by_id.get(value, {}).get("name", str(value))
        if question.get("options_from") == "plans":
            return self.r.plan_by_id.get(value, {}).get("name", str(value))
        return str(value)

    # items -> HTML
    def _list(self, items: list, kind) -> Markup:
        parts = []
        if kind in ("all", "any", "not") and len(items) > 1 or kind == "not":
            parts.append(Markup('<p class="connective">{}</p>').format(self.r.ui(f"criteria.{kind}")))
        lis = Markup("").join(self._li(item) for item in items)
        parts.append(Markup('<ul class="checklist">{}</ul>').format(lis))
        return Markup("").join(parts)

    def _li(self, item) -> Markup:
        if item["text"] is None:
            return Markup('<li class="group">{}</li>').format(self._list(item["children"], item["kind"]))
        text = _text(item["text"])
        cite = self.page.cite(item.get("sources"))
        badge = Markup("")
        if item.get("conflict"):
            badge = Markup('<strong class="conflict-badge">{}</strong> ').format(self.r.ui("criteria.conflict"))
        children = Markup("")
        if item["children"]:
            children = self._list(item["children"], item.get("connective") or item.get("kind"))
        cls = "leaf" if not item["children"] else "branch"
        if item.get("derived"):
            cls += " derived"
        return Markup('<li class="{}">{}<span class="crit-text">{}</span>{}{}</li>').format(
            cls, badge, text, cite, children)


def _any_text(items: list) -> bool:
    return any(i["text"] is not None or _any_text(i["children"]) for i in items)


# ---------------------------------------------------------------------------------------------- entry points

def render_all(model: dict, docs_dir: Path, today: dt.date) -> None:
    """Write every generated page into docs_dir (the build's temporary copy of docs/)."""
    Renderer(model, docs_dir, today).write_all()


def nav(model: dict, docs_dir: Path | None = None) -> list:
    """The MkDocs nav, in reading order. Hand-written pages found in docs_dir that this module does not generate
    are included too: the screener right after the home page, any other at the end."""
    r = Renderer(model, docs_dir or ROOT / "docs", dt.date.today())
    generated = {path for path, _, _ in _page_paths(r)}
    extra = []
    if docs_dir is not None:
        for md in sorted(Path(docs_dir).rglob("*.md")):
            rel = md.relative_to(docs_dir).as_posix()
            if rel not in generated and not any(part.startswith((".", "_")) for part in Path(rel).parts):
                extra.append(rel)

    def title(key):
        return _nav_title(r.ui_plain(key))

    def program_name(program_id):
        return _nav_title(r.programs.get(program_id, {}).get("name") or program_id)

    # The screener belongs next to the home page; any other hand-written page (for example hosting notes) goes last.
    first = [p for p in extra if Path(p).stem == "screener" or p.startswith("screener/")]
    last = [p for p in extra if p not in first]
    items: list = [{title("nav.home"): page_path("home")}]
    items.extend(first)
    if r.model.get("ecm"):
        items.append({program_name("ecm"): page_path("ecm")})
    if r.services:
        section = [page_path("community_supports")]
        section += [{_nav_title(s["name"]): page_path("service", s["id"])} for s in r.services]
        items.append({program_name("community_supports"): section})
    if r.model.get("chw"):
        items.append({program_name("chw"): page_path("chw")})
    if r.model.get("justice_involved"):
        items.append({program_name("justice_involved"): page_path("justice_involved")})
    counties = [page_path("counties")] + [{_nav_title(c["name"]): page_path("county", c["id"])} for c in r.counties]
    items.append({title("nav.where"): [page_path("availability"), {title("nav.counties"): counties}]})
    items.append({title("nav.contacts"): page_path("contacts")})
    items.append({title("nav.sources"): page_path("sources")})
    items.extend(last)
    return items


def _front_matter(body: str, hide: list) -> str:
    """YAML front matter with the page title taken from the page's H1 (made safe as for nav titles), so that
    MkDocs never derives a title from heading HTML, plus Material's `hide` list."""
    match = re.search(r"(?m)^# (.+?)\s*$", body)
    lines = ["---"]
    if match:
        lines.append("title: " + json.dumps(_nav_title(html.unescape(match.group(1))), ensure_ascii=False))
    if hide:
        lines.append("hide: " + json.dumps(hide))
    lines.append("---")
    return "\n".join(lines) + "\n"


def _nav_title(text: str) -> str:
    """MkDocs treats nav titles as HTML and themes print them unescaped (Material even un-escapes them with
    `striptags` inside <title>), so a title is HTML-escaped here, and angle brackets, which no real name has, are
    replaced by look-alike quotation marks so nothing can close <title> early."""
    return str(escape(h.one_line(text).replace("<", "\u2039").replace(">", "\u203a")))


def _page_paths(r: Renderer):
    # Page paths without rendering (matrix() is the only costly context).
    for path, template, extra in r.pages():
        yield path, template, None
