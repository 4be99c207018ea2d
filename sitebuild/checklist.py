"""A criterion tree as the nested "who may qualify" checklist of a page, built from the `text` of its nodes.

A node with text is one item; its children with text are listed under it with the connective
("all of these" / "at least one of these"). A node without text lets its children stand in its place.
A leaf without text falls back to the question's label and the tested value, so no condition is lost.
A `conflict` node is shown with the words that say our sources disagree. A dated node (`effective`) shows the
variant in effect on the build date first, then any coming one, then those no longer in effect, each labelled with
its dates. Leaf operators are the screener's own
(screener.logic.leaf_op), so a page lists exactly the tests the screener checks.
"""
from markupsafe import Markup

from screener.logic import leaf_op

from . import render_helpers as h


class CriteriaRenderer:
    def __init__(self, site, text, cite):
        self.site = site  # a SiteModel: shared criteria, questions, counties, plans
        self.text = text  # a UiText
        self.cite = cite  # the page's cite(ids) -> Markup

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
            target = self.site.shared.get(node["ref"], {})
            inner = self._item(target, depth + 1) if target else None
            if node.get("text"):
                return {"text": node["text"], "sources": node.get("sources", []), "kind": None,
                        "children": inner["children"] if inner else [], "conflict": False,
                        "connective": inner["kind"] if inner else None}
            return inner
        if "effective" in node:
            return self._dated(node, depth)
        if "conflict" in node:
            return {"text": node.get("text") or node["conflict"], "sources": node.get("sources", []),
                    "kind": None, "children": [], "conflict": True, "connective": None}
        for kind in ("all", "any"):
            if kind in node:
                children = [c for c in (self._item(child, depth + 1) for child in node[kind]) if c]
                children = self._flatten(children, kind)
                if node.get("text"):
                    # The node's own sentence covers its unlabelled tests: only labelled parts are listed.
                    children = _without_derived(children)
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

    def _dated(self, node, depth: int):
        """A rule with dated variants: what applies on the build date, what comes next, what changed."""
        today = self.site.today_iso
        rank = {"now": 0, "later": 1, "before": 2}
        children = []
        for variant in node["effective"]:
            inner = self._item(variant["node"], depth + 1)
            if inner is None:
                continue
            start, end = variant.get("from"), variant.get("until")
            if end is not None and str(end) < today:
                state, label = "before", self.text.ui("criteria.effective.before", date=self.text.fmt_date(end))
            elif start is not None and str(start) > today:
                state, label = "later", self.text.ui("criteria.effective.later", date=self.text.fmt_date(start))
            elif start is not None:
                state, label = "now", self.text.ui("criteria.effective.now_since", date=self.text.fmt_date(start))
            elif end is not None:
                state, label = "now", self.text.ui("criteria.effective.now_until", date=self.text.fmt_date(end))
            else:
                state, label = "now", self.text.ui("criteria.effective.now")
            children.append({**inner, "dated": label, "state": state})
        children.sort(key=lambda item: rank[item["state"]])
        return {"text": node.get("text"), "sources": node.get("sources", []), "kind": "effective",
                "children": children, "conflict": False, "connective": "effective"} if children else None

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
        question = self.site.questions.get(node["q"], {})
        label = question.get("label", node["q"])
        op = leaf_op(node)
        if op is None:
            return h.md_text(label)
        value = node[op]
        values = value if isinstance(value, list) else [value]
        words = [self._value_label(question, v) for v in values]
        return self.text.ui(f"criteria.op.{op}", question=label, value=", ".join(words))

    def _value_label(self, question: dict, value) -> str:
        if isinstance(value, bool):
            return self.text.ui_plain("criteria.yes" if value else "criteria.no")
        for option in question.get("options", []) or []:
            if option.get("value") == value:
                return option.get("label", str(value))
        if question.get("options_from") == "counties":
            return self.site.county_by_id.get(value, {}).get("name", str(value))
        if question.get("options_from") == "plans":
            plan = self.site.plan_by_id.get(value)
            return plan["name"] if plan else self.text.ui_plain(f"screener.plan_option.{value}")
        return str(value)

    # items -> HTML
    def _list(self, items: list, kind) -> Markup:
        parts = []
        if kind in ("all", "any", "not") and len(items) > 1 or kind in ("not", "effective"):
            parts.append(Markup('<p class="connective">{}</p>').format(self.text.ui(f"criteria.{kind}")))
        lis = Markup("").join(self._li(item) for item in items)
        parts.append(Markup('<ul class="checklist">{}</ul>').format(lis))
        return Markup("").join(parts)

    def _li(self, item) -> Markup:
        if item["text"] is None:
            return Markup('<li class="group">{}</li>').format(self._list(item["children"], item["kind"]))
        text = h.as_markup(item["text"])
        cite = self.cite(item.get("sources"))
        badge = Markup("")
        if item.get("conflict"):
            badge = Markup('<strong class="conflict-badge">{}</strong> ').format(self.text.ui("criteria.conflict"))
        children = Markup("")
        if item["children"]:
            children = self._list(item["children"], item.get("connective") or item.get("kind"))
        cls = "leaf" if not item["children"] else "branch"
        if item.get("derived"):
            cls += " derived"
        if item.get("dated"):
            cls += " dated dated-" + item["state"]
            badge = Markup('<strong class="dated-label">{}</strong> ').format(item["dated"]) + badge
        return Markup('<li class="{}">{}<span class="crit-text">{}</span>{}{}</li>').format(
            cls, badge, text, cite, children)


def _without_derived(items: list) -> list:
    """The items with every sentence made from a question label removed, at any depth (a labelled node's own
    sentence covers them); a group left with one item is replaced by that item."""
    out = []
    for item in items:
        if _derived_only(item):
            continue
        if item["children"]:
            kids = _without_derived(item["children"])
            if item["text"] is None and len(kids) == 1:
                out.append(kids[0])
                continue
            item = {**item, "children": kids}
        out.append(item)
    return out


def _derived_only(item: dict) -> bool:
    """An item whose every sentence was made from a question label (no text written in content)."""
    if item["text"] is not None:
        return bool(item.get("derived")) and all(_derived_only(c) for c in item["children"])
    return all(_derived_only(c) for c in item["children"])


def _any_text(items: list) -> bool:
    return any(i["text"] is not None or _any_text(i["children"]) for i in items)
