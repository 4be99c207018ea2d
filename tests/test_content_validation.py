"""Bad content stops the build with a message naming the file, the key path and the line,
and the last good site/ stays exactly as it was."""
import shutil
from pathlib import Path

import pytest
import yaml

from sitebuild import content, pipeline
from sitebuild.content import load_content
from sitebuild.errors import BuildError

CONTENT = Path(content.CONTENT_DIR)


@pytest.fixture
def content_copy(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text()
    assert old in text, f"test setup: {old!r} not found in {name}"
    path.write_text(text.replace(old, new, 1))


def line_of(folder: Path, name: str, snippet: str) -> int:
    for number, line in enumerate((folder / name).read_text().splitlines(), start=1):
        if snippet in line:
            return number
    raise AssertionError(f"{snippet!r} not in {name}")


def problems_for(folder: Path) -> list[str]:
    with pytest.raises(BuildError) as caught:
        load_content(folder)
    return caught.value.problems


def test_the_real_content_is_valid():
    model = load_content()
    assert len(model["counties"]["counties"]) == 58


def test_a_missing_key_names_file_key_path_and_line(content_copy):
    edit(content_copy, "programs.yaml", "    short_name: CHW\n", "")
    line = line_of(content_copy, "programs.yaml", "- id: chw")
    problems = problems_for(content_copy)
    assert f"content/programs.yaml:{line}: programs[2]: 'short_name' is missing (required)" in \
        [p.replace(str(content_copy.parent) + "/", "") for p in problems]


def test_a_wrong_type_names_the_key_and_its_line(content_copy):
    edit(content_copy, "questions.yaml", "    min: 0\n    max: 130\n", "    min: zero\n    max: 130\n")
    line = line_of(content_copy, "questions.yaml", "min: zero")
    problems = problems_for(content_copy)
    index = [q["id"] for q in yaml.safe_load((content_copy / "questions.yaml").read_text())["questions"]].index("age")
    assert any(p.endswith(f"questions.yaml:{line}: questions[{index}].min: expected integer, got str 'zero'")
               for p in problems), problems


def test_an_unknown_county_is_named_with_its_line(content_copy):
    edit(content_copy, "availability.yaml", "counties: [san_mateo]", "counties: [san_mateeo]")
    line = line_of(content_copy, "availability.yaml", "san_mateeo")
    problems = problems_for(content_copy)
    assert any(f"availability.yaml:{line}: rules[1].counties[0]: unknown county 'san_mateeo'" in p
               for p in problems), problems


def test_an_unknown_service_id_is_named_with_its_line(content_copy):
    edit(content_copy, "availability.yaml", "services: [sobering_centers]", "services: [sobering_center]")
    line = line_of(content_copy, "availability.yaml", "sobering_center]")
    problems = problems_for(content_copy)
    assert any(f"availability.yaml:{line}: rules[2].services[0]: unknown service 'sobering_center'" in p
               for p in problems), problems


def test_a_duplicate_id_is_reported_at_the_second_use(content_copy):
    edit(content_copy, "counties.yaml", "  - id: alpine\n", "  - id: alameda\n")
    line = line_of(content_copy, "counties.yaml", "    name: Alpine") - 1
    problems = problems_for(content_copy)
    assert any(f"counties.yaml:{line}: counties[1].id: duplicate county id 'alameda'" in p for p in problems), problems


def test_a_duplicate_key_in_one_mapping_is_an_error(content_copy):
    edit(content_copy, "site.yaml", "  language: en\n", "  language: en\n  language: es\n")
    line = line_of(content_copy, "site.yaml", "language: es")
    problems = problems_for(content_copy)
    assert any(f"site.yaml:{line}: site.language: duplicate key 'language'" in p for p in problems), problems


def test_a_date_that_does_not_parse_is_named(content_copy):
    edit(content_copy, "availability.yaml", "effective: 2026-01-01", "effective: 2026-13-01")
    line = line_of(content_copy, "availability.yaml", "2026-13-01")
    problems = problems_for(content_copy)
    assert any(f"availability.yaml:{line}: rules[3].effective: '2026-13-01' is not a date" in p
               for p in problems), problems


def test_a_yaml_syntax_error_names_file_and_line(content_copy):
    edit(content_copy, "plans.yaml", "    name: Kaiser Permanente\n", "    name: [Kaiser Permanente\n")
    problems = problems_for(content_copy)
    assert len(problems) == 1
    assert "/plans.yaml:" in problems[0] and "YAML syntax error" in problems[0]
    assert int(problems[0].split("plans.yaml:")[1].split(":")[0]) >= line_of(content_copy, "plans.yaml", "[Kaiser Permanente")


def test_a_criterion_on_an_unknown_question_is_named(content_copy):
    edit(content_copy, "ecm.yaml", "q: complex_need", "q: complex_needs")
    line = line_of(content_copy, "ecm.yaml", "q: complex_needs")
    problems = problems_for(content_copy)
    assert any(f"ecm.yaml:{line}: ecm.populations[0].adult.all[2].q: unknown question 'complex_needs'" in p
               for p in problems), problems


def test_a_criterion_value_that_is_not_an_option_is_named(content_copy):
    edit(content_copy, "criteria.yaml", "any_of: [black, american_indian_alaska_native, pacific_islander]",
         "any_of: [black, native_american, pacific_islander]")
    problems = problems_for(content_copy)
    assert any("'native_american' is not an option of question 'race_ethnicity'" in p for p in problems), problems


def test_shared_criteria_that_refer_to_each_other_in_a_loop_are_named(content_copy):
    edit(content_copy, "criteria.yaml", "    q: age\n    lt: 21\n", "    ref: adult_again\n")
    with (content_copy / "criteria.yaml").open("a") as handle:
        handle.write("  - id: adult_again\n    text: Loops.\n    sources: [kp_member_page]\n    ref: child_or_youth\n")
    problems = problems_for(content_copy)
    assert any("criteria.yaml:" in p and "refer to each other in a loop: child_or_youth -> adult_again -> "
               "child_or_youth" in p for p in problems), problems


def test_a_citation_of_an_unknown_source_is_named(content_copy):
    edit(content_copy, "chw.yaml", "sources: [kp_provider_guide_v2]", "sources: [kp_provider_guidee]")
    problems = problems_for(content_copy)
    assert any("chw.yaml:" in p and "unknown source 'kp_provider_guidee'" in p for p in problems), problems


def test_bad_content_leaves_the_previous_site_untouched(content_copy, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the last good build")
    edit(content_copy, "counties.yaml", "    name: Yuba\n", "")
    with pytest.raises(BuildError):
        pipeline.build(site_dir=site, content_dir=content_copy, quiet=True)
    assert (site / "index.html").read_text() == "the last good build"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"], "no half-built folder is left behind"


def test_a_failure_late_in_the_build_also_leaves_the_previous_site(tmp_path, monkeypatch):
    from sitebuild import mkdocs_run

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the last good build")

    def broken_mkdocs(*args, **kwargs):
        raise BuildError("mkdocs failed")

    monkeypatch.setattr(mkdocs_run, "build", broken_mkdocs)
    with pytest.raises(BuildError):
        pipeline.build(site_dir=site, quiet=True)
    assert (site / "index.html").read_text() == "the last good build"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_the_build_command_prints_the_problem_and_exits_1(content_copy, tmp_path, monkeypatch, capsys):
    from sitebuild import cli

    edit(content_copy, "counties.yaml", "    name: Yuba\n", "    name: 58\n")
    monkeypatch.setattr(content, "CONTENT_DIR", content_copy)
    monkeypatch.setattr(pipeline.content, "CONTENT_DIR", content_copy)
    original_build = pipeline.build
    monkeypatch.setattr(pipeline, "build", lambda: original_build(site_dir=tmp_path / "site", content_dir=content_copy))
    assert cli.main(["build"]) == 1
    err = capsys.readouterr().err
    assert "previous site/ was left as it was" in err
    assert "counties.yaml:" in err and "counties[57].name: expected string, got int 58" in err


def test_a_gate_in_front_of_an_earlier_or_unknown_question_is_named(content_copy):
    """A gate (questions.yaml `gate`) stands in front of later questions that exist; the build names each bad one."""
    gate = next(q for q in load_content()["questions"]["questions"] if q.get("gate"))
    first = load_content()["questions"]["questions"][0]["id"]
    edit(content_copy, "questions.yaml", "gate: [", f"gate: [{first}, no_such_question, ")
    problems = problems_for(content_copy)
    index = [q["id"] for q in load_content()["questions"]["questions"]].index(gate["id"])
    assert any(f"questions[{index}].gate[0]: '{first}' comes before its gate" in p for p in problems), problems
    assert any(f"questions[{index}].gate[1]: unknown question 'no_such_question'" in p for p in problems), problems
