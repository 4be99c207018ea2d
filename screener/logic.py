"""Three-valued evaluation of the criteria DSL (see DESIGN.md, "Criteria: rules as data").

Why three values: the screener must say "can't tell" whenever an answer is missing or our sources disagree,
and never guess. Kleene's strong logic gives exactly that, and it is monotone: answering one more question can
turn `unknown` into `met` or `not_met`, but never flips a decided node. The tests rely on that property.

A tree is evaluated once per screening into a `Trace`, which remembers every node's status so that reasons and
missing questions are read off the same evaluation instead of recomputed.

Dated rules: `{effective: [{from, until, node}, ...]}` holds variants of a rule for different dates (`from` and
`until` are ISO dates, both inclusive, both optional). The Trace evaluates the one variant in effect on its
`today` as if it stood there; when none is, the node is unknown (we never guess which rule applies).
"""

MET = "met"
NOT_MET = "not_met"
UNKNOWN = "unknown"

LEAF_OPS = ("eq", "ne", "lt", "le", "gt", "ge", "in", "any_of", "none_of")
BRANCH_KEYS = ("all", "any", "not", "ref", "effective")


def is_branch(node: dict) -> bool:
    return any(k in node for k in BRANCH_KEYS)


def variant_in_effect(variant: dict, today) -> bool:
    """ISO dates compare correctly as strings; a month-precision date ("2025-04") sorts before its first day."""
    start, end = variant.get("from"), variant.get("until")
    if today is None:
        return False
    return (start is None or str(start) <= today) and (end is None or today <= str(end))


def current_variant(node: dict, today):
    """The variant of a dated node in effect on `today` (the first one, if content overlapped), or None."""
    for variant in node.get("effective") or []:
        if isinstance(variant, dict) and variant_in_effect(variant, today):
            return variant.get("node")
    return None


def leaf_op(node: dict):
    """The operator of a leaf test, or None when the node is not a leaf test."""
    for op in LEAF_OPS:
        if op in node:
            return op
    return None


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _truth(flag: bool) -> str:
    return MET if flag else NOT_MET


def check_leaf(op: str, answer, value) -> str:
    """One leaf: the answer against the value. An answer of the wrong shape is unknown, never a guess."""
    if op in ("eq", "ne"):
        if isinstance(answer, list):
            return UNKNOWN
        same = answer == value and isinstance(answer, bool) == isinstance(value, bool)
        return _truth(same if op == "eq" else not same)
    if op in ("lt", "le", "gt", "ge"):
        if not (_is_number(answer) and _is_number(value)):
            return UNKNOWN
        if op == "lt":
            return _truth(answer < value)
        if op == "le":
            return _truth(answer <= value)
        if op == "gt":
            return _truth(answer > value)
        return _truth(answer >= value)
    if op == "in":
        if isinstance(answer, list) or not isinstance(value, list):
            return UNKNOWN
        return _truth(any(answer == v and isinstance(answer, bool) == isinstance(v, bool) for v in value))
    if op in ("any_of", "none_of"):
        if not isinstance(answer, list) or not isinstance(value, list):
            return UNKNOWN
        hit = any(v in answer for v in value)
        return _truth(hit if op == "any_of" else not hit)
    return UNKNOWN


def kleene_all(statuses) -> str:
    result = MET
    for status in statuses:
        if status == NOT_MET:
            return NOT_MET
        if status == UNKNOWN:
            result = UNKNOWN
    return result


def kleene_any(statuses) -> str:
    result = NOT_MET
    for status in statuses:
        if status == MET:
            return MET
        if status == UNKNOWN:
            result = UNKNOWN
    return result


def kleene_not(status: str) -> str:
    return {MET: NOT_MET, NOT_MET: MET}.get(status, UNKNOWN)


class Trace:
    """Evaluates criteria trees against one person's answers and remembers each node's status.

    `criteria` maps shared criterion ids to trees (for `ref`). Unanswered questions are simply absent from
    `answers`. A `ref` to an id that does not exist, or a cycle of refs, is unknown (the compile step rejects
    both, so this is only a guard). `today` (ISO date) picks the variant of each dated (`effective`) node.
    """

    def __init__(self, answers: dict, criteria: dict, today: str | None = None):
        self.answers = answers
        self.criteria = criteria
        self.today = today
        self._status: dict = {}
        self._active: set = set()
        self.not_asked: dict = {}  # question id -> the ask_if criterion that was not met (its answer is assumed)

    def status(self, node) -> str:
        key = id(node)
        found = self._status.get(key)
        if found is None:
            found = self._compute(node)
            self._status[key] = found
        return found

    def target(self, node: dict):
        """The shared criterion a `ref` node points at, or None."""
        return self.criteria.get(node.get("ref"))

    def _compute(self, node) -> str:
        if not isinstance(node, dict):
            return UNKNOWN
        if "all" in node:
            return kleene_all(self.status(child) for child in node["all"])
        if "any" in node:
            return kleene_any(self.status(child) for child in node["any"])
        if "not" in node:
            return kleene_not(self.status(node["not"]))
        if "ref" in node:
            target = self.target(node)
            if target is None or node["ref"] in self._active:
                return UNKNOWN
            self._active.add(node["ref"])
            try:
                return self.status(target)
            finally:
                self._active.discard(node["ref"])
        if "effective" in node:
            chosen = current_variant(node, self.today)
            return UNKNOWN if chosen is None else self.status(chosen)
        if "conflict" in node:
            return UNKNOWN
        op = leaf_op(node)
        if op is None or node.get("q") not in self.answers:
            return UNKNOWN
        return check_leaf(op, self.answers[node["q"]], node[op])

    def children(self, node: dict) -> list:
        if "all" in node:
            return list(node["all"])
        if "any" in node:
            return list(node["any"])
        if "not" in node:
            return [node["not"]]
        if "ref" in node:
            target = self.target(node)
            return [target] if target is not None else []
        if "effective" in node:
            chosen = current_variant(node, self.today)
            return [chosen] if chosen is not None else []
        return []

    def missing(self, node) -> set:
        """Unanswered questions under the still-undecided parts of the tree: answering any of them could,
        alone or with others, decide it. Decided subtrees and `conflict` leaves contribute nothing."""
        found: set = set()
        self._collect_missing(node, found, set())
        return found

    def _collect_missing(self, node, found: set, seen_refs: set) -> None:
        if not isinstance(node, dict) or self.status(node) != UNKNOWN:
            return
        if "ref" in node:
            if node["ref"] in seen_refs:
                return
            seen_refs = seen_refs | {node["ref"]}
        if leaf_op(node) is not None and "q" in node and not is_branch(node):
            if node["q"] not in self.answers:
                found.add(node["q"])
            return
        for child in self.children(node):
            self._collect_missing(child, found, seen_refs)

    def conflicts(self, node) -> list:
        """The `conflict` leaves that keep this (undecided) tree undecided, in tree order."""
        found: list = []
        self._collect_conflicts(node, found, set())
        return found

    def _collect_conflicts(self, node, found: list, seen_refs: set) -> None:
        if not isinstance(node, dict) or self.status(node) != UNKNOWN:
            return
        if "conflict" in node and not is_branch(node):
            if not any(node is f for f in found):
                found.append(node)
            return
        if "ref" in node:
            if node["ref"] in seen_refs:
                return
            seen_refs = seen_refs | {node["ref"]}
        for child in self.children(node):
            self._collect_conflicts(child, found, seen_refs)

    def reasons(self, node, invert: bool = False, skip_label: bool = False) -> list:
        """The labelled nodes that explain this node's status, most general first.

        A node with an `id` or `text` is itself the reason (with `skip_label`, the root's own label is skipped
        so a program's summary sentence is explained by its parts). An unlabelled `all`/`any` is explained by
        the children that decided it: for `all`, every child when met, the failing ones when not met, else the
        met and undecided ones; for `any`, the met ones when met, every child when not met, else the undecided
        ones.
        Under `not`, a reason's status is flipped so that `met` always means "counts towards qualifying".
        Returns (node, status-as-it-counts) pairs.
        """
        out: list = []
        self._collect_reasons(node, invert, out, set(), skip_label)
        return out

    def _collect_reasons(self, node, invert: bool, out: list, seen_refs: set, skip_label: bool = False) -> None:
        if not isinstance(node, dict):
            return
        status = self.status(node)
        labelled = node.get("id") or node.get("text") or "conflict" in node
        if labelled and not (skip_label and is_branch(node)):
            out.append((node, kleene_not(status) if invert else status))
            return
        if "ref" in node:
            if node["ref"] in seen_refs:
                return
            target = self.target(node)
            if target is not None:
                self._collect_reasons(target, invert, out, seen_refs | {node["ref"]})
            return
        if "not" in node:
            self._collect_reasons(node["not"], not invert, out, seen_refs)
            return
        if "effective" in node:  # transparent: the variant in effect explains itself (as the root would)
            for child in self.children(node):
                self._collect_reasons(child, invert, out, seen_refs, skip_label)
            return
        kids = self.children(node)
        if "all" in node:
            if status == MET:
                picked = kids
            elif status == NOT_MET:
                picked = [k for k in kids if self.status(k) == NOT_MET]
            else:  # what holds so far, and what is still open
                picked = [k for k in kids if self.status(k) in (MET, UNKNOWN)]
        elif "any" in node:
            picked = kids if status == NOT_MET else [k for k in kids if self.status(k) == status]
        else:
            picked = []
        for child in picked:
            self._collect_reasons(child, invert, out, seen_refs)


def walk(node, criteria: dict | None = None, _seen=None):
    """Every node of a tree, depth first (following refs once when `criteria` is given). Used by the
    compile-time checks and by the tests."""
    seen = _seen if _seen is not None else set()
    if not isinstance(node, dict):
        return
    yield node
    for key in ("all", "any"):
        for child in node.get(key, []) or []:
            yield from walk(child, criteria, seen)
    if "not" in node:
        yield from walk(node["not"], criteria, seen)
    for variant in node.get("effective", []) or []:
        if isinstance(variant, dict):
            yield from walk(variant.get("node"), criteria, seen)
    if "ref" in node and criteria is not None and node["ref"] not in seen:
        seen.add(node["ref"])
        target = criteria.get(node["ref"])
        if target is not None:
            yield from walk(target, criteria, seen)
