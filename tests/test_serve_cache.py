"""The local server's cache lifetimes are the ones docs/_headers gives a real host: one list of rules, not two."""
import pytest

from sitebuild import csp, serve

RULES = csp.parse_headers_file(serve.HEADERS_SOURCE.read_text(encoding="utf-8"))
CACHED = [(pattern, value) for pattern, headers in RULES for name, value in headers if name == "Cache-Control"]


def test_the_headers_file_has_cache_rules():
    assert CACHED


@pytest.mark.parametrize("pattern,value", CACHED)
def test_every_cache_rule_of_the_headers_file_is_what_the_server_sends(pattern, value):
    path = pattern.replace("*", "some/file.js").replace(":version", "1.0")
    assert serve.cache_control(path) == value
    assert serve.cache_control(path + "?v=1") == value


def test_a_page_with_no_rule_is_revalidated():
    assert serve.cache_control("/ecm/") == "no-cache"
