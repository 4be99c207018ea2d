"""The pseudo-locale: the site built in a fake language that wraps every translatable string in ⟦…⟧. Any visible
word left outside the wrappers was not translatable: English hard-coded in a template, a script, mkdocs.yml or
a page. Allowed outside: the names that stay as published in every language (sitebuild/i18n.py PROPER: plans,
counties, organizations, source titles, email subject lines), numbers, URLs and email addresses.

Built once per session (pages and search only), and a sample of pages is read: one of each kind.
"""
import re

import pytest

from pseudo_text import outside_wrappers, visible_text
from sitebuild import content, i18n, pseudo_locale

PAGES = ["index.html", "screener/index.html", "ecm/index.html", "community-supports/index.html",
         "chw/index.html", "justice-involved/index.html", "availability/index.html", "counties/index.html",
         "contacts/index.html", "sources/index.html", "hosting/index.html", "404.html"]


@pytest.fixture(scope="session")
def pseudo_site(tmp_path_factory):
    from sitebuild.pipeline import build

    return build(site_dir=tmp_path_factory.mktemp("pseudo") / "site", quiet=True, pseudo=True)


@pytest.fixture(scope="module")
def model():
    return content.load_content()


def sample(model) -> list[str]:
    service = model["community_supports"]["services"][0]["id"]
    county = model["counties"]["counties"][0]["id"]
    return PAGES + [f"community-supports/{service}/index.html", f"counties/{county}/index.html"]


def leftover(html: str, allowed: list[str]) -> list[str]:
    rest = outside_wrappers(" \n ".join(visible_text(html)))
    for name in allowed:
        rest = rest.replace(name, " ")
    rest = re.sub(r"https?://\S+|[\w.+-]+@[\w.-]+|[\d\W_]+", " ", rest)
    return rest.split()


def test_every_visible_word_comes_from_a_translatable_string(pseudo_site, model):
    allowed = sorted(i18n.proper_names(model), key=len, reverse=True)
    found = {}
    for rel in sample(model):
        page = pseudo_site / rel
        assert page.is_file(), f"{rel} was not built"
        words = leftover(page.read_text(encoding="utf-8"), allowed)
        if words:
            found[rel] = sorted(set(words))[:20]
    assert not found, "Visible text that no translation can reach (move it to content/):\n" + "\n".join(
        f"  {rel}: {' '.join(words)}" for rel, words in found.items())


def test_the_pseudo_locale_wraps_what_it_should(pseudo_site):
    home = (pseudo_site / "index.html").read_text(encoding="utf-8")
    assert pseudo_locale.PSEUDO_OPEN in home and "<html lang=" in home
    # the check itself finds English outside the wrappers
    assert leftover("<body><p>⟦Wrapped⟧ Hard-coded words</p></body>", []) == ["Hard", "coded", "words"]
    assert leftover("<body><p title='A title'>⟦ok⟧</p><script>var x = 'code';</script></body>", []) == ["A",
                                                                                                       "title"]
