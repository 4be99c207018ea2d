"""The MkDocs nav (reading order) and each generated page's front matter, with titles made safe for MkDocs."""
import datetime as dt
import html
import json
import re
from pathlib import Path

from markupsafe import escape

from . import render_helpers as h
from .routes import page_path, pages
from .site_model import SiteModel
from .ui_text import UiText


def nav(model: dict, docs_dir: Path, today: dt.date) -> list:
    """The MkDocs nav, in reading order. Hand-written pages found in docs_dir that are not generated are included
    too: the screener right after the home page, any other at the end."""
    site = SiteModel(model, today)
    text = UiText(model)
    generated = {path for path, _, _ in pages(site)}
    extra = []
    for md in sorted(Path(docs_dir).rglob("*.md")):
        rel = md.relative_to(docs_dir).as_posix()
        if rel not in generated and not any(part.startswith((".", "_")) for part in Path(rel).parts):
            extra.append(rel)

    def title(key):
        return nav_title(text.ui_plain(key))

    def program_name(program_id):
        return nav_title(site.program(program_id)["name"])

    # The screener belongs next to the home page; any other hand-written page (for example hosting notes) goes last.
    first = [p for p in extra if Path(p).stem == "screener" or p.startswith("screener/")]
    last = [p for p in extra if p not in first]
    items: list = [{title("nav.home"): page_path("home")}]
    items.extend(first)
    items.append({program_name("ecm"): page_path("ecm")})
    section = [page_path("community_supports")]
    section += [{nav_title(s["name"]): page_path("service", s["id"])} for s in site.services]
    items.append({program_name("community_supports"): section})
    items.append({program_name("chw"): page_path("chw")})
    items.append({program_name("justice_involved"): page_path("justice_involved")})
    counties = [page_path("counties")] + [{nav_title(c["name"]): page_path("county", c["id"])}
                                          for c in site.counties]
    items.append({title("nav.where"): [page_path("availability"), {title("nav.counties"): counties}]})
    plans = [page_path("plans")] + [{nav_title(p["name"]): page_path("plan", p["id"])} for p in site.plans]
    items.append({title("nav.plans"): plans})
    items.append({title("nav.contacts"): page_path("contacts")})
    items.append({title("nav.sources"): page_path("sources")})
    if model.get("_glossary"):
        items.append({title("nav.glossary"): page_path("glossary")})
    items.extend(last)
    return items


def front_matter(body: str, hide: list) -> str:
    """YAML front matter with the page title taken from the page's H1 (made safe as for nav titles), so that
    MkDocs never derives a title from heading HTML, plus Material's `hide` list."""
    match = re.search(r"(?m)^# (.+?)\s*$", body)
    lines = ["---"]
    if match:
        lines.append("title: " + json.dumps(nav_title(html.unescape(match.group(1))), ensure_ascii=False))
    if hide:
        lines.append("hide: " + json.dumps(hide))
    lines.append("---")
    return "\n".join(lines) + "\n"


def nav_title(text: str) -> str:
    """MkDocs treats nav titles as HTML and themes print them unescaped (Material even un-escapes them with
    `striptags` inside <title>), so a title is HTML-escaped here, and angle brackets, which no real name has, are
    replaced by look-alike quotation marks so nothing can close <title> early."""
    return str(escape(h.one_line(text).replace("<", "\u2039").replace(">", "\u203a")))
