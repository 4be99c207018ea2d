"""What a template knows about its own page: where it lives (for relative links), the links it makes (pages,
phone numbers, email), and the sources it cites (numbered in order of first citation, listed in its footer)."""
from markupsafe import Markup, escape

from screener.next_steps import link_text

from . import render_helpers as h
from .checklist import CriteriaRenderer
from .routes import page_path, relative_url


class PageContext:
    def __init__(self, site, text, path: str):
        self.site = site  # a SiteModel
        self.text = text  # a UiText
        self.path = path
        self.cited: list[str] = []

    # links
    def url(self, target: str, anchor: str | None = None, query: str | None = None) -> Markup:
        return Markup(escape(relative_url(target, self.path, anchor, query)))

    def link(self, target: str, text, anchor: str | None = None, query: str | None = None, cls: str = "") -> Markup:
        cls_attr = Markup(' class="{}"').format(cls) if cls else Markup("")
        return Markup('<a href="{}"{}>{}</a>').format(self.url(target, anchor, query), cls_attr, h.as_markup(text))

    def service_link(self, service_id: str) -> Markup:
        service = self.site.service_by_id.get(service_id)
        if not service:
            return h.md_text(service_id)
        return self.link(page_path("service", service_id), service["name"])

    def county_link(self, county_id: str) -> Markup:
        county = self.site.county_by_id.get(county_id, {"name": county_id})
        return self.link(page_path("county", county_id), county["name"])

    def plan_link(self, plan_id: str) -> Markup:
        plan = self.site.plan_by_id.get(plan_id, {"name": plan_id})
        return self.link(page_path("plan", plan_id), plan["name"])

    def phone(self, phone: dict) -> Markup:
        return Markup('<a href="{}" class="tel">{}</a>').format(h.tel_href(phone["number"]), phone["number"])

    def mailto(self, email: str, subject: str | None = None, text=None) -> Markup:
        return Markup('<a href="{}">{}</a>').format(h.mailto_href(email, subject), h.as_markup(text or email))

    def web_link(self, contact: dict) -> Markup:
        """A contact's web page (referral forms, a provider portal) as a plain link named for what it leads to
        and the site it is on, the same words as the screener's next steps; empty without a url. A link only:
        nothing is loaded from that site."""
        if not contact.get("url"):
            return Markup("")
        text = link_text(self.text.ui, contact)
        return Markup('<a href="{}" class="web-link" rel="noopener">{}</a>').format(contact["url"], text)

    # citations
    def cite(self, ids, cls: str = "cite", flag: bool = True) -> Markup:
        """A superscript list of links to this page's sources list, registering each source as cited. When every
        cited source is dated and the newest is older than the set age, the fact is marked in words (`flag`
        off where a table row already says how current it is)."""
        ids = [i for i in (ids or []) if i]
        if not ids:
            return Markup("")
        links = []
        for source_id in dict.fromkeys(ids):
            if source_id not in self.cited:
                self.cited.append(source_id)
        for source_id in sorted(dict.fromkeys(ids), key=self.cited.index):
            number = self.cited.index(source_id) + 1
            label = self.text.ui("cite.label", number=str(number))
            links.append(Markup('<a href="#src-{}" aria-label="{}">{}</a>').format(source_id, label, number))
        out = Markup('<sup class="{}">[{}]</sup>').format(cls, Markup(", ").join(links))
        if flag and self.site.freshness.fact_stale(ids):
            out += Markup(' <span class="stale-flag">{}</span>').format(self.text.ui("freshness.flag"))
        return out

    def source_stale(self, source_id: str) -> bool:
        return self.site.freshness.source_stale(source_id)

    def register(self, ids) -> None:
        for source_id in ids or []:
            if source_id and source_id not in self.cited:
                self.cited.append(source_id)

    def cited_sources(self) -> list:
        return [self.site.sources[i] for i in self.cited if i in self.site.sources]

    def reviewed(self) -> str | None:
        """The page's last-reviewed date: the oldest `reviewed` date among the sources it cites (the date by
        which everything on the page had been checked)."""
        dates = [str(s["reviewed"]) for s in self.cited_sources() if s.get("reviewed")]
        return min(dates) if dates else None

    # content blocks
    def checklist(self, node) -> Markup:
        return CriteriaRenderer(self.site, self.text, self.cite).render(node)
