"""Where every generated page lives: its docs-relative Markdown path, its URL, and relative links between pages.

Page paths are fixed here and exported through PAGE_PATHS / page_path(), so other modules (the screener, tests,
the nav) can link to a Community Support or a county by id. Which pages exist, and with which template, is
`pages()`; the context a template needs is computed only when the page is rendered.
"""
import posixpath

PAGE_PATHS = {
    "home": "index.md",
    "ecm": "ecm.md",
    "community_supports": "community-supports/index.md",
    "chw": "chw.md",
    "justice_involved": "justice-involved.md",
    "availability": "availability/index.md",
    "counties": "counties/index.md",
    "contacts": "contacts/index.md",
    "plans": "plans/index.md",
    "sources": "sources/index.md",
    "glossary": "glossary/index.md",
    "screener": "screener.md",  # hand-written (content/pages/screener.md), linked from generated pages
}
# Material's `hide` per generated page: the matrix needs the width the table of contents would take.
PAGE_HIDE = {"availability/index.md": ["toc"]}


def page_path(kind: str, item_id: str | None = None) -> str:
    """The docs-relative Markdown path of a generated page."""
    if kind == "service":
        return f"community-supports/{item_id}.md"
    if kind == "county":
        return f"counties/{item_id}.md"
    if kind == "plan":
        return f"plans/{item_id}.md"
    return PAGE_PATHS[kind]


def how_to_ask_anchor(plan_id: str | None = None) -> str:
    """The id of a program page's "how to ask" section, or of its part for one plan. The pages and the
    screener's result cards both use this, so a card's link always lands on its plan's part."""
    return "how-to-ask" + (f"-{plan_id.replace('_', '-')}" if plan_id else "")


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


def relative_url(target: str, from_path: str, anchor: str | None = None, query: str | None = None) -> str:
    """The link from the page at docs path `from_path` to `target` (a docs path or a site-relative file)."""
    rel = posixpath.relpath(page_url(target) or ".", page_url(from_path) or ".")
    if target.endswith(".md"):
        rel = "./" if rel == "." else rel + "/"
    if query:
        rel += "?" + query
    if anchor:
        rel += "#" + anchor
    return rel


def pages(site) -> list:
    """(docs path, template, context) for every generated page, in reading order. `context` is a function
    returning the template's extra variables (so listing the pages costs nothing). `site` is a SiteModel."""
    model = site.model
    out = [(page_path("home"), "home.md.j2", dict),
           (page_path("ecm"), "ecm.md.j2", lambda: {"ecm": model["ecm"]["ecm"]}),
           (page_path("community_supports"), "cs_index.md.j2", dict)]
    for service in site.services:
        out.append((page_path("service", service["id"]), "cs_service.md.j2",
                    lambda service=service: {"service": service}))
    out.append((page_path("chw"), "chw.md.j2", lambda: {"chw": model["chw"]["chw"]}))
    out.append((page_path("justice_involved"), "justice_involved.md.j2",
                lambda: {"ji": model["justice_involved"]["justice_involved"]}))
    out.append((page_path("availability"), "availability.md.j2", lambda: {"matrix": site.matrix()}))
    out.append((page_path("counties"), "counties_index.md.j2", dict))
    for county in site.counties:
        out.append((page_path("county", county["id"]), "county.md.j2", lambda county=county: {"county": county}))
    out.append((page_path("plans"), "plans_index.md.j2", dict))
    for plan in site.plans:
        out.append((page_path("plan", plan["id"]), "plan.md.j2", lambda plan=plan: {"plan": plan}))
    out.append((page_path("contacts"), "contacts.md.j2", dict))
    out.append((page_path("sources"), "sources.md.j2", dict))
    if model.get("_glossary"):  # the terms of every translation (sitebuild/languages.py)
        out.append((page_path("glossary"), "glossary.md.j2", lambda: {"glossaries": model["_glossary"]}))
    return out
