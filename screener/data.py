"""Load `screener/data/rules.json` once and index it.

Why a separate module: the core cannot parse YAML (standard library only, and it must run in Pyodide), so the
build compiles content/ into one JSON file inside the package (`sitebuild/compile_rules.py`). Reading it through
importlib.resources works the same from a source tree, an installed wheel and Pyodide's file system.
"""
import json
from importlib import resources

from .placeholders import fill
from .regions import region_index

_CACHE: dict = {}


class Rules:
    """The compiled rules plus the lookups every screening needs. Built once; never mutated afterwards.
    rules.json is written by sitebuild/compile_rules.py, which always writes every key read here."""

    def __init__(self, raw: dict):
        self.raw = raw
        self.plan_question = raw["plan_question"]
        self.county_question = raw["county_question"]
        self.questions = raw["questions"]
        self.question_by_id = {q["id"]: q for q in self.questions}
        self.question_order = {q["id"]: i for i, q in enumerate(self.questions)}
        self.option_values = {q["id"]: [o["value"] for o in q.get("options", [])] for q in self.questions}
        self._option_sets = {qid: set(values) for qid, values in self.option_values.items()}
        self.criteria = raw["criteria"]
        self.ecm = raw["ecm"]
        self.chw = raw["chw"]
        self.community_supports = raw["community_supports"]
        self.sources = raw["sources"]
        self.plans = raw["plans"]
        self.counties = raw["counties"]
        self.availability = raw["availability"]
        self.contacts = raw["contacts"]
        self.ui = raw["ui"]
        # questions asked only when a criterion on earlier answers is met (else their `otherwise` answer is used)
        self.ask_if = {q["id"]: q["ask_if"] for q in self.questions if q.get("ask_if") and "otherwise" in q}
        # gate question -> the questions it stands in front of (content's `gate`; each of those has it as ask_if)
        self.gates = {q["id"]: q["gates"] for q in self.questions if q.get("gates")}
        self.pages = raw.get("pages", {})
        self._source_lists: dict = {}
        self.region_of = {key: region["id"] for key, region in region_index(self.plans.items()).items()}

    def is_option(self, question_id: str, value) -> bool:
        return isinstance(value, str) and value in self._option_sets.get(question_id, ())

    def has(self, key: str) -> bool:
        return key in self.ui

    def text(self, key: str, **values) -> str:
        """A ui string from content/ui.yaml with {placeholders} filled in. A missing key shows the key itself,
        so a gap in content is visible instead of crashing a screening (the compile step checks keys)."""
        return fill(self.ui.get(key, key), values)

    def source_list(self, ids) -> list:
        """[{id, title, url}] for source ids, skipping unknown ones, without duplicates. Fresh dicts each
        call (a caller may change its result), built from a cache because the same lists recur constantly."""
        key = tuple(ids or ())
        cached = self._source_lists.get(key)
        if cached is None:
            cached, seen = [], set()
            for source_id in key:
                if source_id in self.sources and source_id not in seen:
                    seen.add(source_id)
                    item = self.sources[source_id]
                    cached.append((source_id, item.get("title", source_id), item.get("url")))
            self._source_lists[key] = cached
        return [{"id": i, "title": t, "url": u} for i, t, u in cached]

    def order_questions(self, ids) -> list:
        """Question ids in the order of content/questions.yaml."""
        return sorted(set(ids), key=lambda q: self.question_order.get(q, len(self.question_order)))


DEFAULT_LANGUAGE = "en"


def _file_name(lang: str) -> str:
    return "rules.json" if lang == DEFAULT_LANGUAGE else f"rules.{lang}.json"


def languages() -> list:
    """The languages the packaged rules come in: "en" first, then every rules.<code>.json."""
    names = [p.name for p in resources.files(__package__).joinpath("data").iterdir()]
    extra = sorted(n[len("rules."):-len(".json")] for n in names if n.startswith("rules.") and n.endswith(".json"))
    return [DEFAULT_LANGUAGE] + [code for code in extra if code]


def load(lang: str = DEFAULT_LANGUAGE) -> Rules:
    """The packaged rules in one language (the same rules; sentences in that language), read once per process.
    Raises LookupError for a language there is no file for (see languages())."""
    rules = _CACHE.get(lang)
    if rules is None:
        if not isinstance(lang, str) or lang not in languages():
            raise LookupError(lang)
        text = resources.files(__package__).joinpath("data").joinpath(_file_name(lang)).read_text(encoding="utf-8")
        rules = Rules(json.loads(text))
        rules.lang = lang
        _CACHE[lang] = rules
    return rules
