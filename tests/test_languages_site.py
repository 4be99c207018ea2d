"""Each language is its own site: English at /, Spanish at /es/. Every page exists in both, says its language,
links to its other version (hreflang and the language switch), and its downloads, search and "page not found"
page speak that language. Facts and words come from the content model and content/locales/es/.
"""
import csv
import json
import re

import pytest

from sitebuild import content, i18n


@pytest.fixture(scope="module")
def spanish():
    return i18n.translate(content.load_content(), "es")


def pages(root, exclude_dir=None):
    out = set()
    for page in root.rglob("*.html"):
        rel = page.relative_to(root)
        if exclude_dir and rel.parts[0] == exclude_dir:
            continue
        out.add(rel.as_posix())
    return out


def test_every_english_page_has_a_spanish_page_and_the_reverse(built_site):
    english = pages(built_site, exclude_dir="es")
    spanish = pages(built_site / "es")
    assert len(english) > 60
    assert english - spanish == set(), "English pages without a Spanish page"
    assert spanish - english == set(), "Spanish pages without an English page"


@pytest.mark.parametrize("rel", ["index.html", "screener/index.html", "ecm/index.html", "counties/alameda/index.html",
                                 "plans/kp/index.html", "availability/index.html", "hosting/index.html"])
def test_each_version_says_its_language_and_links_the_other(built_site, rel):
    en = (built_site / rel).read_text(encoding="utf-8")
    es = (built_site / "es" / rel).read_text(encoding="utf-8")
    assert '<html lang="en"' in en and '<html lang="es"' in es
    for html, own, other, folder in ((en, "en", "es", built_site), (es, "es", "en", built_site / "es")):
        switch = re.search(r'<a class="md-header__button lang-switch__link" href="([^"]*)" hreflang="'
                           + other + r'" lang="' + other + '"', html)
        assert switch, f"{rel} ({own}): no link to the {other} version"
        alternates = {other: switch.group(1)}
        target = (folder / rel).parent / alternates[other]
        target = target / "index.html" if not target.name.endswith(".html") else target
        assert target.resolve().is_file(), f"{rel} ({own}): {alternates[other]} does not exist"


def test_spanish_site_name_nav_and_search(built_site, spanish):
    es = (built_site / "es" / "index.html").read_text(encoding="utf-8")
    site = spanish["site"]["site"]
    assert f"<title>{site['title']}" in es
    assert f'content="{site["description"].split(":")[0]}' in es
    assert spanish["ui"]["ui"]["nav.contacts"] in es
    index = json.loads((built_site / "es" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["es"]
    assert (built_site / "es" / "assets" / "javascripts" / "lunr" / "min" / "lunr.es.min.js").is_file()
    assert any(spanish["programs"]["programs"][0]["name"] in doc["title"] for doc in index["docs"])


def test_spanish_dates_are_written_in_spanish(built_site):
    matrix = (built_site / "es" / "availability" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<time datetime="\d{4}-\d{2}-\d{2}">\d{1,2} de [a-z]+ de \d{4}</time>', matrix)


def test_each_404_page_speaks_its_language_title_included(built_site, spanish):
    english = content.load_content()
    for root, model, lang in ((built_site, english, "en"), (built_site / "es", spanish, "es")):
        page = (root / "404.html").read_text(encoding="utf-8")
        words = model["ui"]["ui"]["page.not_found"]
        assert f"<h1>{words}</h1>" in page and f'<html lang="{lang}"' in page
        assert re.search(r"<title>([^<]*)</title>", page).group(1) == f"{words} - {model['site']['site']['title']}"


def test_spanish_open_data_has_spanish_labels(built_site, spanish):
    rows = list(csv.DictReader((built_site / "es" / "data" / "availability.csv").open(encoding="utf-8")))
    names = {s["id"]: s["name"] for s in spanish["community_supports"]["services"]}
    assert rows and all(row["service_name"] == names[row["service_id"]] for row in rows)
    english = list(csv.DictReader((built_site / "data" / "availability.csv").open(encoding="utf-8")))
    assert [r["status"] for r in rows] == [r["status"] for r in english]  # codes are the same
    whole = json.loads((built_site / "es" / "data" / "content.json").read_text(encoding="utf-8"))
    assert whole["programs"]["programs"][0]["name"] == spanish["programs"]["programs"][0]["name"]
    assert not any(key.startswith("_") for key in whole)


def test_spanish_screener_form_and_wheel(built_site, spanish):
    form = json.loads((built_site / "es" / "screener" / "form.json").read_text(encoding="utf-8"))
    assert form["lang"] == "es"
    assert form["questions"][0]["label"] == spanish["questions"]["questions"][0]["label"]
    assert form["ui"]["screener.results.heading"] == spanish["ui"]["ui"]["screener.results.heading"]
    root_manifest = json.loads((built_site / "screener" / "manifest.json").read_text(encoding="utf-8"))
    assert form["build_id"] == root_manifest["build_id"]
    worker = (built_site / "es" / "assets" / "screener" / "worker.mjs").read_text(encoding="utf-8")
    assert f'"../pyodide/{root_manifest["pyodide"]["version"]}/"' in worker


def test_english_name_beside_a_translated_name(built_site, spanish):
    service = spanish["community_supports"]["services"][0]
    english = i18n.english_name(spanish, service["name"])
    page = (built_site / "es" / "community-supports" / service["id"] / "index.html").read_text(encoding="utf-8")
    assert english and f'<span lang="en">{english}</span>' in page


def test_the_server_answers_a_missing_spanish_address_with_the_spanish_404(built_site, spanish):
    import threading
    import urllib.error
    import urllib.request

    from sitebuild.serve import make_server

    server = make_server(built_site, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        for path, expected in (("/es/no-such-page/", spanish["ui"]["ui"]["page.not_found"]),
                               ("/no-such-page/", content.load_content()["ui"]["ui"]["page.not_found"]),
                               ("/../es/x/", None)):
            with pytest.raises(urllib.error.HTTPError) as err:
                urllib.request.urlopen(base + path)
            assert err.value.code == 404
            if expected:
                assert expected in err.value.read().decode("utf-8")
    finally:
        server.shutdown()
        server.server_close()


_HREFLANG = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]*)">')


def test_every_page_pair_names_both_versions_in_its_head(built_site):
    """hreflang alternates: every page of each language names its English and Spanish versions (itself included)
    and x-default (the English page), each the file of that same page. Not the "page not found" page."""
    english = pages(built_site, exclude_dir="es") - {"404.html"}
    assert len(english) > 60
    for rel in sorted(english):
        for root, own in ((built_site, "en"), (built_site / "es", "es")):
            html = (root / rel).read_text(encoding="utf-8")
            head = html[:html.index("</head>")]
            links = dict(_HREFLANG.findall(head))
            assert set(links) == {"en", "es", "x-default"}, f"{own}/{rel}: {links}"
            for lang, want in (("en", built_site / rel), ("es", built_site / "es" / rel),
                               ("x-default", built_site / rel)):
                target = (root / rel).parent / links[lang]
                target = target / "index.html" if not target.name.endswith(".html") else target
                assert target.resolve() == want.resolve(), f"{own}/{rel}: hreflang {lang} -> {links[lang]}"
    assert not _HREFLANG.search((built_site / "404.html").read_text(encoding="utf-8"))


def test_the_language_switch_of_the_404_page_leads_to_the_other_404_page(built_site):
    for root, other in ((built_site, built_site / "es"), (built_site / "es", built_site)):
        html = (root / "404.html").read_text(encoding="utf-8")
        href = re.search(r'<a class="md-header__button lang-switch__link" href="([^"]*)"', html).group(1)
        assert href.startswith("/")  # the 404 page is served at any address: its links are absolute
        assert (built_site / href.lstrip("/")).resolve() == (other / "404.html").resolve()


def test_each_language_sitemap_and_404_page_stay_in_that_language(built_site):
    """Each language's sitemap lists that language's pages only; the 404 page's absolute links must lead to pages
    of its language."""
    sitemap = (built_site / "es" / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locs and all("/es/" in loc for loc in locs)
    assert not any("/es/" in loc for loc in re.findall(r"<loc>([^<]+)</loc>",
                                                        (built_site / "sitemap.xml").read_text(encoding="utf-8")))
    page = (built_site / "es" / "404.html").read_text(encoding="utf-8")
    nav = re.findall(r'<a href="(/[^"]*)" class="md-nav__link', page)
    assert nav and all(href.startswith("/es/") for href in nav)


def test_material_bundle_leaves_hreflang_links_alone(built_site):
    """Material's alternate-version script would turn per-page hreflang links into full page loads, and its
    search worker would not stem what is typed (sitebuild/material_patch.py); every page loads the patched copies."""
    from sitebuild import material_patch

    for root in (built_site, built_site / "es"):
        bundles = list((root / "assets" / "javascripts").glob("bundle.*.min.js"))
        assert len(bundles) == 1
        text = bundles[0].read_text(encoding="utf-8")
        assert material_patch.PATCHED in text and text.count("link[rel=alternate]") == 1
        for original, patched, _ in material_patch.BUNDLE_PATCHES:
            assert patched in text
        assert not list((root / "assets" / "javascripts").rglob("*.map"))  # the originals' maps went with them
        workers = list((root / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
        assert len(workers) == 1
        assert material_patch.SEARCH_STEM.read_text(encoding="utf-8") in workers[0].read_text(encoding="utf-8")
        for page in ("index.html", "ecm/index.html", "404.html"):
            html = (root / page).read_text(encoding="utf-8")
            assert f"assets/javascripts/{bundles[0].name}" in html
            assert f"assets/javascripts/workers/{workers[0].name}" in html


def test_spanish_search_index_stems_and_english_does_not(built_site):
    es = json.loads((built_site / "es" / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
    en = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
    assert "stemmer" in es["pipeline"] and "stemmer" not in en["pipeline"]


def test_hreflang_addresses_are_absolute_when_the_site_address_is_known(spanish):
    """Built with SITE_URL, hreflang links name full addresses (what search engines prefer); each language's
    site_url is the root's plus its folder."""
    from sitebuild import languages

    langs = languages.languages(content.load_content())
    settings = languages.settings(langs[1], langs, "https://example.org/guide/")
    assert settings["site_url"] == "https://example.org/guide/es/"
    hreflang = settings["extra"]["i18n"]["hreflang"]
    assert [(h["lang"], h["url"]) for h in hreflang] == [("en", "https://example.org/guide/"),
                                                        ("es", "https://example.org/guide/es/")]
    assert settings["extra"]["i18n"]["default"]["lang"] == "en"
    assert languages.settings(langs[0], langs, "")["extra"]["i18n"]["hreflang"][1]["url"] == ""


def test_a_material_upgrade_that_moves_a_patched_text_stops_the_build(tmp_path):
    """Each change to Material's bundle names the text it replaces; a bundle without it (a theme upgrade) is a
    build error naming what to check, never a silently unpatched page."""
    from sitebuild import material_patch
    from sitebuild.errors import BuildError

    scripts = tmp_path / "assets" / "javascripts"
    scripts.mkdir(parents=True)
    texts = [original for original, _, _ in material_patch.BUNDLE_PATCHES]
    for missing in range(len(texts)):
        bundle = scripts / "bundle.0123abcd.min.js"
        bundle.write_text(";".join(t for i, t in enumerate(texts) if i != missing), encoding="utf-8")
        with pytest.raises(BuildError, match="material_patch"):
            material_patch.patch_bundle(bundle, tmp_path)
    bundle.write_text(";".join(texts), encoding="utf-8")
    name = material_patch.patch_bundle(bundle, tmp_path)
    patched = (scripts / name).read_text(encoding="utf-8")
    assert all(new in patched for _, new, _ in material_patch.BUNDLE_PATCHES)
