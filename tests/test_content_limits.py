"""Hostile or broken content files fail fast with `file:line: what to do`, never a traceback or a hang (issue 14):
an alias bomb, tags (`!!float 'abc'`, `!!python/name:...`), merge keys, bytes that are not UTF-8, oversized text,
and emails or addresses that would publish a broken link. The last good site/ stays as it was."""
import re
import shutil
import time
from pathlib import Path

import pytest

from sitebuild import content, pipeline, yaml_lines
from sitebuild.content import load_content
from sitebuild.errors import BuildError

CONTENT = Path(content.CONTENT_DIR)
# "Billion laughs", 9 levels: 9**9 (387 million) strings if the aliases were expanded.
ALIAS_BOMB = "".join(
    [f'bomb0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'] +
    [f"bomb{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]\n" for n in range(1, 10)])


@pytest.fixture
def content_copy(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def problem_loading(tmp_path, text, name="site.yaml") -> str:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    started = time.monotonic()
    with pytest.raises(BuildError) as caught:
        yaml_lines.load(path, f"content/{name}")
    assert time.monotonic() - started < 2.0
    assert len(caught.value.problems) == 1
    return caught.value.problems[0]


def test_content_uses_no_aliases_anchors_tags_or_merge_keys():
    """So refusing them all costs nothing (and a file that needs one will say so)."""
    for path in CONTENT.rglob("*.yaml"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split(" #", 1)[0] if not line.lstrip().startswith("#") else ""
            assert not re.search(r"(^|[\s\[{,:-])[&*!][A-Za-z0-9_/!]", code), f"{path}:{number}: {line}"
            assert "<<:" not in code, f"{path}:{number}"


def test_an_alias_bomb_in_a_build_fails_at_once_and_keeps_the_last_site(content_copy, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the last good build")
    with (content_copy / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write(ALIAS_BOMB)
    started = time.monotonic()
    with pytest.raises(BuildError) as caught:
        pipeline.build(site_dir=site, content_dir=content_copy, quiet=True)
    assert time.monotonic() - started < 5.0
    line = next(n for n, text in enumerate((content_copy / "site.yaml").read_text().splitlines(), 1)
                if text.startswith("bomb1:"))
    assert any(p.endswith(f"site.yaml:{line}: the alias *l0 repeats another value; aliases are not allowed in "
                          "content: write the value out in full") for p in caught.value.problems), caught.value
    assert (site / "index.html").read_text() == "the last good build"


@pytest.mark.parametrize("name,text,expected", [
    ("a float tag on text", "site:\n  title: !!float 'abc'\n",
     "content/site.yaml:2: site.title: 'abc' is not a valid float"),
    ("an int tag on text", "site:\n  n: !!int twelve\n", "content/site.yaml:2: site.n: 'twelve' is not a valid int"),
    ("a Python name tag", "site:\n  x: !!python/name:os.system\n",
     "content/site.yaml:2: site.x: the tag !!python/name:os.system is not allowed in content"),
    ("a Python object tag", "site:\n  - !!python/object/apply:os.system [ls]\n",
     "content/site.yaml:2: site[0]: the tag !!python/object/apply:os.system is not allowed"),
    ("a binary tag", "x: !!binary aGVsbG8=\n", "content/site.yaml:1: x: the tag !!binary is not allowed"),
    ("a local tag", "x: !secret value\n", "content/site.yaml:1: x: the tag !secret is not allowed"),
    ("a merge key", "base: {a: 1}\nsite:\n  <<: {a: 1}\n", "content/site.yaml:3: site: merge keys (<<) are not allowed"),
    ("one alias", "a: &x 1\nb: *x\n", "content/site.yaml:2: the alias *x repeats another value"),
    ("a byte that is not UTF-8", b"site:\n  title: caf\xe9\n",
     "content/site.yaml:2: byte 0xe9 (column 13) is not UTF-8 text: save the file as UTF-8"),
    ("a control character", "site:\n\n  title: a\x07b\n",
     "content/site.yaml:3: the character U+0007 is not allowed in YAML: remove it"),
    ("deep nesting", "x: " + "[" * 5000 + "]" * 5000 + "\n", "content/site.yaml:1: nested more than"),
    ("a very long text", "site:\n  intro: " + "x" * (yaml_lines.MAX_TEXT_CHARS + 1) + "\n",
     f"content/site.yaml:2: site.intro: the text is {yaml_lines.MAX_TEXT_CHARS + 1:,} characters long"),
    ("a 5 MB title", "site:\n  title: " + "x" * 5_000_000 + "\n",
     "content/site.yaml:1: (top): the file is 5,000,016 bytes; a content file may be at most"),
])
def test_bad_yaml_is_one_line_naming_file_line_and_what_to_do(tmp_path, name, text, expected):
    problem = problem_loading(tmp_path, text)
    assert problem.startswith(expected), (name, problem)
    assert ": " in problem[len(expected) - 1:] or problem.endswith(("it", "UTF-8", "it in full"))


def test_yaml_errors_reach_the_build_as_content_problems(content_copy):
    path = content_copy / "ui.yaml"
    path.write_bytes(path.read_bytes().replace(b"ui:\n", b"ui:\n  bad: caf\xe9\n", 1))
    with pytest.raises(BuildError) as caught:
        load_content(content_copy)
    assert [p for p in caught.value.problems if "ui.yaml:" in p and "not UTF-8" in p], caught.value.problems


def _replace_each(folder: Path, name: str, pattern: str, values: list) -> list[int]:
    """Put values[i] in place of the i-th match of pattern's group 1; returns the lines changed."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    matches = list(re.finditer(pattern, text, re.M))[: len(values)]
    assert len(matches) == len(values), f"test setup: too few {pattern!r} in {name}"
    lines = [text.count("\n", 0, m.start(1)) + 1 for m in matches]
    for match, value in reversed(list(zip(matches, values))):
        text = text[:match.start(1)] + value + text[match.end(1):]
    path.write_text(text, encoding="utf-8")
    return lines


def _problems(folder: Path) -> list[str]:
    with pytest.raises(BuildError) as caught:
        load_content(folder)
    return caught.value.problems


def test_an_email_that_would_break_a_mailto_link_is_refused(content_copy):
    bad = ['"Liaison <x@example.org>"', "x@example.org?cc=y@example.org", "'\"x\"@example.org'", "x y@example.org",
           "x@example", "x@@example.org"]
    lines = _replace_each(content_copy, "contacts.yaml", r"^\s+email: (\S+)$", bad)
    problems = _problems(content_copy)
    for line in lines:
        assert any(re.search(rf"contacts\.yaml:{line}: contacts\[\d+\]\.email: .* is not an email address", p)
                   for p in problems), (line, problems)


def test_an_address_that_is_not_http_is_refused(content_copy):
    bad = ["javascript:alert(1)", "ftp://example.org/x", "https://example.org/a b", 'https://example.org/"><script>',
           "https://exa<mple.org/", "//example.org/"]
    lines = _replace_each(content_copy, "sources.yaml", r"^\s+url: (\S+)$", [f"'{b}'" for b in bad])
    problems = _problems(content_copy)
    for line in lines:
        assert any(re.search(rf"sources\.yaml:{line}: sources\[\d+\]\.url: .* is not an http:// or https:// "
                             "address", p) for p in problems), (line, problems)


def test_a_name_longer_than_a_line_is_refused(content_copy):
    [line] = _replace_each(content_copy, "programs.yaml", r"^\s+name: (.+)$", ["N" * 400])
    assert any(re.search(rf"programs\.yaml:{line}: programs\[0\]\.name: 'N+'… is 400 characters long; the limit "
                         "is 300", p) for p in _problems(content_copy))
