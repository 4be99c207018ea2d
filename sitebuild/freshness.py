"""How old each fact is, on the build date.

A source's date is the one its publisher gives (`published`, a day or only a month). A fact is "may be out of
date" when every source it cites is dated and the newest of them is older than the set age
(`site.stale_after_months` in content/site.yaml) on the build date. An undated source (a live web page) cannot be
aged; its `reviewed` date says when we last confirmed what it says, and every page shows that date too.
Availability rules are dated by their own `as_of` when they have one (the source's words, "as of 7/1/24"),
otherwise by their newest dated source.

The build prints `report_lines`: the stalest sources, oldest first, with how many facts cite each, as an upkeep
to-do list.
"""
import calendar
import datetime as dt

from screener.placeholders import plural

DEFAULT_MONTHS = 12


def months_before(day: dt.date, months: int) -> str:
    """The ISO date `months` calendar months before `day` (the 31st becomes the month's last day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1])).isoformat()


class Freshness:
    def __init__(self, model: dict, today: dt.date):
        site = (model.get("site") or {}).get("site", {}) or {}
        self.months = int(site.get("stale_after_months", DEFAULT_MONTHS))
        self.today = today
        self.cutoff = months_before(today, self.months)
        self.sources = {s["id"]: s for s in (model.get("sources") or {}).get("sources", [])}

    def source_date(self, source_id: str) -> str | None:
        published = (self.sources.get(source_id) or {}).get("published")
        return str(published) if published else None

    def is_old(self, date: str | None) -> bool:
        """A month ("2024-10") counts as older than any day of that month: we never claim it is newer."""
        return bool(date) and str(date) < self.cutoff

    def source_stale(self, source_id: str) -> bool:
        return self.is_old(self.source_date(source_id))

    def fact_date(self, source_ids) -> str | None:
        """The newest date the fact's sources give, or None when any of them is undated (so it cannot be aged)."""
        dates = [self.source_date(i) for i in source_ids or [] if i in self.sources]
        if not dates or any(d is None for d in dates):
            return None
        return max(dates)

    def fact_stale(self, source_ids) -> bool:
        return self.is_old(self.fact_date(source_ids))

    def rule_date(self, rule: dict) -> str | None:
        """The date an availability rule speaks for: its `as_of`, or its newest dated source."""
        if rule.get("as_of"):
            return str(rule["as_of"])
        dates = [d for d in (self.source_date(i) for i in rule.get("sources", [])) if d]
        return max(dates) if dates else None

    def stalest(self, model: dict, limit: int = 10) -> list[dict]:
        """Sources older than the set age, oldest first: [{id, title, date, cited}] (`cited`: how many facts
        in content/ cite it)."""
        counts: dict = {}
        for stem, data in model.items():
            if stem == "sources":
                continue
            for ids in _source_lists(data):
                for source_id in ids:
                    counts[source_id] = counts.get(source_id, 0) + 1
        old = [{"id": i, "title": s.get("title", i), "date": self.source_date(i), "cited": counts.get(i, 0)}
               for i, s in self.sources.items() if self.source_stale(i) and counts.get(i)]
        old.sort(key=lambda item: (item["date"], -item["cited"], item["id"]))
        return old[:limit]


def _source_lists(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "sources" and isinstance(value, list):
                yield value
            else:
                yield from _source_lists(value)
    elif isinstance(node, list):
        for item in node:
            yield from _source_lists(item)


def report_lines(model: dict, today: dt.date, text, limit: int = 10) -> list[str]:
    """The build's short upkeep report (words from content/ui.yaml via `text`, a UiText)."""
    fresh = Freshness(model, today)
    old = fresh.stalest(model, limit=10_000)
    values = {"months": str(fresh.months), "date": today.isoformat()}
    if not old:
        return [text.ui_plain("build.stale.none", **values)]
    lines = [text.ui_plain(f"build.stale.heading.{plural(len(old))}", count=str(len(old)), **values)]
    for item in old[:limit]:
        key = f"build.stale.line.{plural(item['cited'])}"
        lines.append(text.ui_plain(key, date=item["date"], title=item["title"], cited=str(item["cited"])))
    if len(old) > limit:
        lines.append(text.ui_plain("build.stale.more", count=str(len(old) - limit)))
    return lines
