"""Criteria say "not eligible" only where a source states the rule.

- A question whose options are examples from a list the sources leave open ("e.g.", "including, but not limited
  to") is marked `open_list` in content; no criterion may accept only some of its options.
- Dated rules (`effective` variants): the screener applies the variant in effect on its date, the build rejects
  overlapping variants, and a page shows the rule in effect on its build date first, with the earlier one
  labelled as no longer in effect.
"""
import datetime as dt
import shutil
from pathlib import Path

import pytest

from screener import logic
from sitebuild import content, render, routes
from sitebuild.content import load_content
from sitebuild.errors import BuildError as ContentError


@pytest.fixture(scope="module")
def model():
    return load_content()


def all_trees(model):
    """(where, tree) for every criterion tree in content."""
    for item in model["criteria"]["shared"]:
        yield f"criteria.yaml {item['id']}", item
    for population in model["ecm"]["ecm"]["populations"]:
        for track in ("adult", "child"):
            if population[track]:
                yield f"ecm.yaml {population['id']}.{track}", population[track]
    yield "ecm.yaml exclusions", model["ecm"]["ecm"]["exclusions"]["criterion"]
    for service in model["community_supports"]["services"]:
        if service["criteria"]:
            yield f"community_supports.yaml {service['id']}", service["criteria"]
    yield "chw.yaml", model["chw"]["chw"]["criteria"]


def test_no_criterion_accepts_only_part_of_an_open_list(model):
    questions = {q["id"]: q for q in model["questions"]["questions"]}
    open_lists = {qid for qid, q in questions.items() if q.get("open_list")}
    assert "social_factors" in open_lists, "the sources give social factors as examples (seed 004)"
    checked, closed = 0, []
    for where, tree in all_trees(model):
        for node in logic.walk(tree):
            if node.get("q") in open_lists:
                options = {o["value"] for o in questions[node["q"]]["options"]}
                checked += 1
                if "any_of" not in node or set(node["any_of"]) != options:
                    closed.append(f"{where}: {node.get('id') or node['q']} tests {sorted(node.get('any_of', []))}")
    assert checked, "no criterion tests an open list at all"
    assert not closed, "criteria that accept only some examples of an open list:\n" + "\n".join(closed)


def _copy(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(content.CONTENT_DIR, target)
    return target


def _problems(folder: Path) -> list:
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    return caught.value.problems


def test_a_closed_subset_of_an_open_list_stops_the_build(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "criteria.yaml"
    text = path.read_text()
    old = "law_enforcement_contact, mh_sud_crisis, adl_help,"
    assert old in text
    path.write_text(text.replace(old, "law_enforcement_contact, adl_help,", 1))
    problems = _problems(folder)
    assert any("criteria.yaml:" in p and "open list" in p and "mh_sud_crisis" in p for p in problems), problems


def test_overlapping_dated_variants_stop_the_build(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "community_supports.yaml"
    text = path.read_text()
    assert "        - from: 2026-01-01\n" in text
    path.write_text(text.replace("        - from: 2026-01-01\n", "        - from: 2025-12-31\n", 1))
    problems = _problems(folder)
    assert any("community_supports.yaml:" in p and "must not overlap" in p for p in problems), problems


DATED = {"effective": [
    {"until": "2025-12-31", "node": {"q": "x", "eq": True}},
    {"from": "2026-01-01", "node": {"q": "y", "eq": True}},
]}


@pytest.mark.parametrize("today, answers, status", [
    ("2025-12-31", {"x": True, "y": False}, logic.MET),       # last day of the old rule
    ("2026-01-01", {"x": True, "y": False}, logic.NOT_MET),   # first day of the new rule
    ("2026-01-01", {"x": False, "y": True}, logic.MET),
    (None, {"x": True, "y": True}, logic.UNKNOWN),            # no date, no rule: never a guess
])
def test_the_variant_in_effect_on_the_date_decides(today, answers, status):
    assert logic.Trace(answers, {}, today).status(DATED) == status


def test_only_the_variant_in_effect_is_asked_about():
    assert logic.Trace({}, {}, "2025-06-01").missing(DATED) == {"x"}
    assert logic.Trace({}, {}, "2026-06-01").missing(DATED) == {"y"}


def _service_page(model, service_id: str, build_date: dt.date, tmp_path) -> str:
    r = render.Renderer(model, tmp_path, build_date)
    path = routes.page_path("service", service_id)
    for page_path, template, context in routes.pages(r.site):
        if page_path == path:
            return r.render_page(path, template, context())
    raise AssertionError(service_id)


def _variant_texts(model, service_id):
    variants = next(s for s in model["community_supports"]["services"] if s["id"] == service_id)["criteria"]
    return [(v, " ".join(v["node"]["text"].split())) for v in variants["effective"]]


@pytest.mark.parametrize("build_date", [dt.date(2025, 12, 31), dt.date(2026, 1, 1)])
def test_a_page_shows_the_rule_in_effect_on_its_build_date_first(model, ui, build_date, tmp_path):
    page = _service_page(model, "asthma_remediation", build_date, tmp_path)
    variants = _variant_texts(model, "asthma_remediation")
    in_effect = [t for v, t in variants if logic.variant_in_effect(v, build_date.isoformat())]
    others = [t for v, t in variants if not logic.variant_in_effect(v, build_date.isoformat())]
    assert len(in_effect) == 1 and others
    assert page.index(in_effect[0]) < min(page.index(t) for t in others), "the rule in effect comes first"
    now_label = ui["criteria.effective.now_since"].split("{")[0] if build_date.year == 2026 else \
        ui["criteria.effective.now_until"].split("{")[0]
    assert now_label in page


@pytest.fixture(scope="module")
def ui(model):
    return model["ui"]["ui"]
