"""Statewide plans: every county says which plans serve it (or that they are unconfirmed), every plan has a
member line and a source, and no inferred or unverified fact is ever published. Facts come from the content
model, never copied here."""
import json
import shutil
from pathlib import Path

import pytest

from sitebuild import compile_rules, content, plan_facts
from sitebuild.content import load_content
from sitebuild.errors import BuildError as ContentError
from sitebuild.yaml_lines import load as load_yaml

CONTENT = Path(content.CONTENT_DIR)


@pytest.fixture(scope="module")
def model():
    return load_content()


@pytest.fixture(scope="module")
def raw():
    """The content files as written, with the inferred and unverified facts editors keep."""
    return {stem: load_yaml(CONTENT / f"{stem}.yaml", stem).data for stem in ("counties", "plans", "contacts")}


def _statuses(node):
    if isinstance(node, dict):
        if "status" in node and isinstance(node["status"], str):
            yield node["status"]
        for value in node.values():
            yield from _statuses(value)
    elif isinstance(node, list):
        for value in node:
            yield from _statuses(value)


def test_every_county_names_a_plan_or_says_its_plans_are_unconfirmed(model):
    for county in model["counties"]["counties"]:
        assert county["plans"] or county.get("plans_unconfirmed"), county["id"]


def test_a_county_whose_only_plan_is_inferred_is_unconfirmed_and_names_no_plan(model, raw):
    raw_by_id = {c["id"]: c for c in raw["counties"]["counties"]}
    only_hidden = [cid for cid, c in raw_by_id.items()
                   if all(e["status"] in plan_facts.NOT_PUBLISHED for e in c["plans"])]
    assert only_hidden, "the content has counties whose plans are not confirmed"
    published = {c["id"]: c for c in model["counties"]["counties"]}
    for cid in only_hidden:
        assert published[cid]["plans"] == [] and published[cid]["plans_unconfirmed"] is True


def test_every_plan_has_a_member_line_with_a_source_or_says_none_was_found(model):
    sources = {s["id"] for s in model["sources"]["sources"]}
    for plan in model["plans"]["plans"]:
        assert plan["sources"] and set(plan["sources"]) <= sources, plan["id"]
        line = plan_facts.member_line(model, plan["id"])
        if "member_line" in plan.get("not_found", []):
            assert line is None, plan["id"]
            continue
        assert line is not None, plan["id"]
        assert any(p["type"] == "voice" for p in line["phones"]), plan["id"]
        assert line["sources"] and set(line["sources"]) <= sources, plan["id"]


def test_the_content_keeps_inferred_and_unverified_facts_for_editors(raw):
    found = set(_statuses(raw))
    assert {"inferred", "unverified"} <= found


def test_no_inferred_or_unverified_fact_is_published(model):
    assert not set(_statuses(model)) & set(plan_facts.NOT_PUBLISHED)
    rules = compile_rules.compile(model)
    text = json.dumps(rules)
    for status in plan_facts.NOT_PUBLISHED:
        assert f'"{status}"' not in text


def test_inferred_county_plans_are_not_in_the_screeners_rules(model, raw):
    rules = compile_rules.compile(model)
    for county in raw["counties"]["counties"]:
        hidden = {e["plan"] for e in county["plans"] if e["status"] in plan_facts.NOT_PUBLISHED}
        shown = {e["plan"] for e in county["plans"] if e["status"] in plan_facts.PUBLISHED}
        listed = {e["plan"] for e in rules["county_plans"][county["id"]]}
        assert listed == shown and not (hidden - shown) & listed, county["id"]


def test_an_old_fact_must_say_which_date_to_show(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    path = folder / "counties.yaml"
    text = path.read_text()
    old = 'status: verified_old, dated: "2021", '
    assert old in text
    path.write_text(text.replace(old, "status: verified_old, ", 1))
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    assert any("counties.yaml:" in p and "'dated' is missing" in p for p in caught.value.problems)


def test_a_county_entry_for_an_unknown_plan_is_named_with_its_line(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    path = folder / "counties.yaml"
    lines = path.read_text().splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if "{plan: khs," in line)
    lines[index] = lines[index].replace("{plan: khs,", "{plan: khs_typo,")
    path.write_text("".join(lines))
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    assert any(f"counties.yaml:{index + 1}:" in p and "unknown plan 'khs_typo'" in p
               for p in caught.value.problems), caught.value.problems


def test_a_plan_with_regions_needs_the_region_in_each_county(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    path = folder / "counties.yaml"
    text = path.read_text()
    path.write_text(text.replace("{plan: kp, region: kp_ncal,", "{plan: kp,", 1))
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    assert any("plan 'kp' has regions: name one" in p for p in caught.value.problems)


def test_a_plan_leaving_a_county_is_one_edit(model):
    """An `ends` date in the past takes the plan out of the county everywhere the model is read."""
    county = next(c for c in model["counties"]["counties"] if len(c["plans"]) > 1)
    changed = json.loads(json.dumps(model))
    target = next(c for c in changed["counties"]["counties"] if c["id"] == county["id"])
    leaving = target["plans"][0]
    leaving["ends"] = "2020-12-31"
    refilled = plan_facts.published(changed, today="2026-01-01")
    plan = next(p for p in refilled["plans"]["plans"] if p["id"] == leaving["plan"])
    assert all(county["id"] not in r["counties"] for r in plan["regions"])
    assert leaving["plan"] not in {e["plan"] for e in plan_facts.plans_in_county(refilled, county["id"], "2026-01-01")}
