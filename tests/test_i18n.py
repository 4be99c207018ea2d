"""Translations (sitebuild/i18n.py, content/locales/): complete, keyed by content ids, glossary followed, plain.

Facts come from the content model; the Spanish comes from content/locales/es/. A failure names the file and the
key to add or fix.
"""
import json
import re
import shutil
import statistics

import pytest
import textstat

from sitebuild import compile_rules, content, i18n, pseudo_locale
from sitebuild.errors import BuildError

# Fernández-Huerta (Flesch adapted to Spanish): 60-70 "normal" (about grade 8-9), 70-80 "fairly easy".
MIN_SUMMARY_EASE = 60.0
MIN_MEAN_EASE = 60.0


@pytest.fixture(scope="module")
def model():
    return content.load_content()


@pytest.fixture(scope="module")
def spanish(model):
    return i18n.translate(model, "es")


@pytest.fixture(scope="module")
def pairs(model, spanish):
    return i18n.pairs(model, spanish)


def test_every_language_is_complete(model):
    for code in i18n.available():
        problems = i18n.missing(model, code)
        assert not problems, f"{code}: translations missing or stale:\n" + "\n".join(problems)


def test_spanish_is_one_of_the_languages():
    assert "es" in i18n.available()
    locale = i18n.load_locale("es")
    assert (locale.html_lang, locale.search, locale.english_name) == ("es", "es", "Spanish")


def test_every_translatable_string_is_replaced(model, pairs):
    # Each unit is a real English string and its translation is a different string in the Spanish model, except
    # names kept as published (their Spanish keeps the English, e.g. "PACE").
    assert len(pairs) > 800
    changed = [p for p in pairs if p[1] != p[2]]
    assert len(changed) / len(pairs) > 0.75  # publishers and plan regions are mostly names


def _copy_content(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(content.CONTENT_DIR, target)
    return target


def test_a_new_english_string_is_reported_with_file_line_and_key(tmp_path):
    content_dir = _copy_content(tmp_path)
    path = content_dir / "ui.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  nav.home: Home\n", "  nav.home: Home\n  nav.brand_new: A brand new link\n"), encoding="utf-8")
    problems = i18n.missing(content.load_content(content_dir), "es", content_dir=content_dir)
    assert len(problems) == 1, problems
    assert re.match(r"^.*locales/es/ui\.yaml:\d+: ui\.nav\.brand_new: no Spanish text \(English at "
                    r"content/ui\.yaml:\d+: \"A brand new link\"\); add it under that key$", problems[0]), problems[0]


def test_a_new_list_item_is_keyed_by_its_english_text(tmp_path):
    content_dir = _copy_content(tmp_path)
    path = content_dir / "chw.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "      - Childcare\n", "      - Childcare\n      - Pet care\n"), encoding="utf-8")
    problems = i18n.missing(content.load_content(content_dir), "es", content_dir=content_dir)
    assert len(problems) == 1 and "texts.Pet care: no Spanish text" in problems[0], problems


def test_a_translation_whose_english_is_gone_is_reported(tmp_path):
    content_dir = _copy_content(tmp_path)
    path = content_dir / "locales" / "es" / "chw.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        '  "Childcare": Cuidado de niños\n', '  "Childcare": Cuidado de niños\n  "Gone": Ya no existe\n'),
        encoding="utf-8")
    problems = i18n.missing(content.load_content(content_dir), "es", content_dir=content_dir)
    assert len(problems) == 1 and re.search(r"locales/es/chw\.yaml:\d+: texts\.Gone: no such English text",
                                            problems[0]), problems


def test_placeholders_must_match_the_english(tmp_path):
    content_dir = _copy_content(tmp_path)
    path = content_dir / "locales" / "es" / "ui.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        '"La persona puede calificar para {name}."', '"La persona puede calificar para {nombre}."'),
        encoding="utf-8")
    problems = i18n.missing(content.load_content(content_dir), "es", content_dir=content_dir)
    assert len(problems) == 1 and "ui.screener.headline.likely_eligible: the placeholders differ" in problems[0]


def test_translate_refuses_an_incomplete_language(tmp_path):
    content_dir = _copy_content(tmp_path)
    (content_dir / "locales" / "es" / "justice_involved.yaml").unlink()
    model = content.load_content(content_dir)
    with pytest.raises(BuildError) as err:
        i18n.translate(model, "es", content_dir=content_dir)
    assert all("no Spanish text" in p for p in err.value.problems)
    assert len(err.value.problems) == len(i18n.units("justice_involved", model["justice_involved"]))


def test_an_unknown_language_is_a_clear_error(model):
    with pytest.raises(BuildError) as err:
        i18n.translate(model, "xx")
    assert "no such language 'xx' (known: es" in err.value.problems[0]


def test_pseudo_locale_wraps_every_translatable_string(model):
    fake = pseudo_locale.pseudo(model)
    for stem in content.CONTENT_FILES:
        for path, _key, text in i18n.units(stem, model[stem]):
            node = fake[stem]
            for part in path:
                node = node[part]
            assert node == pseudo_locale.PSEUDO_OPEN + text + pseudo_locale.PSEUDO_CLOSE
    assert fake["ui"]["ui"]["nav.home"].startswith(pseudo_locale.PSEUDO_OPEN)
    assert model["ui"]["ui"]["nav.home"] == "Home"  # the model itself is untouched


def test_proper_names_are_the_published_ones(model):
    names = i18n.proper_names(model)
    assert {p["name"] for p in model["plans"]["plans"]} <= names
    assert {c["name"] for c in model["counties"]["counties"]} <= names


# ---- the glossary -------------------------------------------------------------------------------------------

def _has(term: str, text: str, case_sensitive: bool = False) -> bool:
    flags = 0 if case_sensitive else re.I
    return re.search(r"(?<![\w-])" + re.escape(term) + r"(?![\w-])", text, flags) is not None


def test_glossary_terms_are_used_consistently(pairs):
    terms = i18n.load_glossary("es")
    assert len(terms) >= 20
    wrong = []
    for where, english, spanish in pairs:
        for term in terms:
            cs = bool(term.get("case_sensitive"))
            found = _has(term["en"], english, cs)
            if found and any(_has(e, english, cs) for e in term.get("except", [])):
                found = False
            if found and not any(f.lower() in spanish.lower() for f in term["forms"]) \
                    and term["en"].lower() not in spanish.lower():  # a name kept as published counts
                wrong.append(f"{where}: '{term['en']}' should be '{term['es']}': {spanish[:90]}")
            for avoid in term.get("avoid", []):
                if avoid in spanish:
                    wrong.append(f"{where}: uses '{avoid}'; the glossary says '{term['es']}'")
    assert not wrong, "Spanish texts that do not follow content/locales/es/glossary.yaml:\n" + "\n".join(wrong)


def test_glossary_official_terms_cite_a_source():
    for term in i18n.load_glossary("es"):
        assert term["status"] in ("dhcs", "state", "plan", "ours", "keep"), term
        if term["status"] in ("dhcs", "state", "plan"):
            assert term.get("source", "").startswith("https://"), term["en"]


# ---- plain Spanish ------------------------------------------------------------------------------------------

def test_spanish_member_summaries_are_plain(pairs):
    textstat.set_lang("es")
    summaries = [(w, s) for w, _e, s in pairs if w.endswith((".summary", ".who_for", ".intro"))]
    assert len(summaries) >= 30
    hard = [(w, round(textstat.fernandez_huerta(s), 1), s) for w, s in summaries
            if textstat.fernandez_huerta(s) < MIN_SUMMARY_EASE]
    assert not hard, "Spanish summaries harder than Fernández-Huerta 60 (rewrite in content/locales/es/):\n" + \
        "\n".join(f"  {w}: {score}\n    {s}" for w, score, s in hard)


def test_spanish_texts_overall_read_easily(pairs):
    textstat.set_lang("es")
    sentences = [s for _w, _e, s in pairs if len(s.split()) >= 8]
    mean = statistics.mean(textstat.fernandez_huerta(s) for s in sentences)
    assert mean >= MIN_MEAN_EASE, f"mean Fernández-Huerta {mean:.1f} < {MIN_MEAN_EASE}"


# ---- the screener's Spanish data ----------------------------------------------------------------------------

def test_rules_es_json_matches_content(spanish):
    expected = compile_rules.dumps(compile_rules.compile(spanish))
    path = compile_rules.locale_path("es")
    assert path.read_text(encoding="utf-8") == expected, (
        f"{path.name} is out of date with content/ and content/locales/es/: run `python3 build.py`")


def test_rules_es_json_has_the_same_rules_as_english():
    english = json.loads(compile_rules.RULES_PATH.read_text(encoding="utf-8"))
    spanish = json.loads(compile_rules.locale_path("es").read_text(encoding="utf-8"))

    def shape(node):
        if isinstance(node, dict):
            return {k: shape(v) for k, v in node.items()}
        if isinstance(node, list):
            return [shape(v) for v in node]
        return type(node).__name__

    assert shape(english) == shape(spanish)
    assert english["availability"][0]["services"] == spanish["availability"][0]["services"]


# ---- hand-written pages -------------------------------------------------------------------------------------

def _skeleton(markdown: str) -> dict:
    """What a translation must keep of a hand-written page: its link targets, its HTML lines, its code blocks and
    its number of headings. A changed English page whose translation was not updated shows up here."""
    import re as _re

    body = markdown.split("\n---\n", 1)[-1]
    return {
        "links": sorted(link for link in _re.findall(r"\]\(([^)]+)\)", body) if not link.startswith("#")),
        "html": [line.strip() for line in body.splitlines() if line.strip().startswith("<")
                 and not _re.search(r">[^<]*[A-Za-z]", line)],
        "code": _re.findall(r"```.*?```", body, _re.S),
        "headings": len(_re.findall(r"(?m)^#{1,6} ", _re.sub(r"```.*?```", "", body, flags=_re.S))),
    }


@pytest.mark.parametrize("code", i18n.available())
def test_translated_pages_keep_the_english_pages_shape(code):
    from sitebuild import languages

    english_dir, other_dir = languages.pages_dir("en"), languages.pages_dir(code)
    pages = sorted(p.relative_to(english_dir) for p in english_dir.rglob("*.md"))
    assert pages, "no hand-written pages in content/pages/"
    for rel in pages:
        translated = other_dir / rel
        assert translated.is_file(), f"{translated}: missing (translate {english_dir / rel})"
        en, other = _skeleton((english_dir / rel).read_text(encoding="utf-8")), _skeleton(
            translated.read_text(encoding="utf-8"))
        for part in ("links", "html", "code", "headings"):
            assert en[part] == other[part], (f"{translated}: its {part} differ from {english_dir / rel}; "
                                             "update the translation")


# ------------------------------------------------------------------------------- stale translations

def test_no_translation_is_stale(model):
    """Every id-keyed translation was written from the English that content has now (sitebuild/i18n_lock.py);
    a stale one is listed with file:line and what to do."""
    from sitebuild import i18n_lock

    for code in i18n.available():
        stale = i18n_lock.stale(model, code)
        assert not stale, f"{code}: translations whose English changed:\n" + "\n".join(stale)


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edited_english_string_makes_its_translation_stale_until_reviewed(tmp_path):
    from sitebuild import i18n_lock

    content_dir = _copy_content(tmp_path)
    english = content.load_content(content_dir)["ui"]["ui"]["nav.home"]
    # re-wrapping or re-spacing the English is not an edit
    _edit(content_dir / "ui.yaml", f"  nav.home: {english}\n", f"  nav.home: '{english} '\n")
    assert i18n_lock.stale(content.load_content(content_dir), "es", content_dir=content_dir) == []
    _edit(content_dir / "ui.yaml", f"  nav.home: '{english} '\n", "  nav.home: Start page\n")
    model = content.load_content(content_dir)
    stale = i18n_lock.stale(model, "es", content_dir=content_dir)
    assert len(stale) == 1, stale
    assert re.match(r"^.*locales/es/ui\.yaml:\d+: ui\.nav\.home: stale: the English changed since this Spanish "
                    r"was written \(English now at content/ui\.yaml:\d+: \"Start page\"\); update the Spanish, "
                    r"then run python3 build.py i18n-reviewed es$", stale[0]), stale[0]
    line = int(stale[0].split(":")[1])
    assert "nav.home:" in (content_dir / "locales" / "es" / "ui.yaml").read_text(encoding="utf-8").splitlines()[line - 1]
    # still Spanish, and published: the build does not fall back to English nor stop
    assert i18n.translate(model, "es", content_dir=content_dir)["ui"]["ui"]["nav.home"] != "Start page"
    assert i18n.missing(model, "es", content_dir=content_dir) == []
    # a person updates (or checks) the Spanish and records it
    with pytest.raises(ValueError):
        i18n_lock.mark_reviewed(model, "es", ["ui.nav.brand_new"], content_dir=content_dir)
    assert i18n_lock.mark_reviewed(model, "es", ["ui.nav.home"], content_dir=content_dir) == ["ui.nav.home"]
    assert i18n_lock.stale(model, "es", content_dir=content_dir) == []


def test_a_new_translation_is_recorded_by_the_build_and_then_checked(tmp_path):
    from sitebuild import i18n_lock

    content_dir = _copy_content(tmp_path)
    _edit(content_dir / "ui.yaml", "  nav.home: Home\n", "  nav.home: Home\n  nav.brand_new: A brand new link\n")
    _edit(content_dir / "locales" / "es" / "ui.yaml", "ui:\n", "ui:\n  nav.brand_new: Un enlace nuevo\n")
    model = content.load_content(content_dir)
    assert i18n_lock.record_new(model, "es", content_dir=content_dir) == 1
    assert i18n_lock.record_new(model, "es", content_dir=content_dir) == 0
    _edit(content_dir / "ui.yaml", "  nav.brand_new: A brand new link\n", "  nav.brand_new: A newer link\n")
    stale = i18n_lock.stale(content.load_content(content_dir), "es", content_dir=content_dir)
    assert len(stale) == 1 and "ui.nav.brand_new: stale" in stale[0]


def test_i18n_missing_lists_stale_translations_and_fails(tmp_path, monkeypatch, capsys):
    from sitebuild import i18n_missing

    content_dir = _copy_content(tmp_path)
    _edit(content_dir / "ui.yaml", "  nav.home: Home\n", "  nav.home: Start page\n")
    monkeypatch.setattr(content, "CONTENT_DIR", content_dir)
    real_load = content.load_content
    monkeypatch.setattr(content, "load_content", lambda d=content_dir: real_load(d))
    monkeypatch.setattr(i18n, "LOCALES_DIR", content_dir / "locales")
    monkeypatch.setattr(i18n_missing.i18n_lock, "stale",
                        lambda model, code: i18n_missing.i18n_lock.check(model, code, content_dir)[0])
    monkeypatch.setattr(i18n_missing, "missing", lambda model, code: i18n.missing(model, code, content_dir))
    monkeypatch.setattr(i18n_missing, "load_locale", lambda code: i18n.load_locale(code, content_dir / "locales"))
    assert i18n_missing.main(["es"]) == 1
    out = capsys.readouterr().out
    assert "ui.nav.home: stale" in out
