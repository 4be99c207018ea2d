"""One site per language: English at the root, each other language in a folder named by its code (site/es/).

For each language this module gives what MkDocs needs besides the rendered pages: the hand-written pages of that
language (content/pages/ for English, content/locales/<code>/pages/ for the others; no page falls back to
English), and the settings that differ per language (theme language and <html lang>, Material's search language, site name and description, where the site lives, and the links to the same page in the other
languages for hreflang and the language switch). Every word comes from content/.
"""
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import content, i18n, pseudo_locale
from .errors import BuildError

ENGLISH = "en"
GLOSSARY = "_glossary"


@dataclass(frozen=True)
class Language:
    code: str          # "en", "es"
    html_lang: str     # <html lang> and hreflang
    search: str        # lunr language for Material's search
    prefix: str        # folder of this language's site under site/: "" for English, "es/" for Spanish
    model: dict        # the content model in this language
    pseudo: bool = False


PSEUDO = "en-XA"  # the pseudo-locale's code (the usual one for "English, accented")


def pseudo_language(model: dict) -> Language:
    """The pseudo-locale: English with every translatable string wrapped in ⟦…⟧ (content and hand-written pages
    through sitebuild.i18n, the theme's own words through a generated Material language file)."""
    return Language(PSEUDO, PSEUDO, ENGLISH, "", pseudo_locale.pseudo(model), pseudo=True)


def languages(model: dict, content_dir: Path = content.CONTENT_DIR) -> list[Language]:
    """English first, then every language of content/locales/, each with its translated model. Raises BuildError
    listing every missing translation."""
    locales_dir = Path(content_dir) / "locales"
    codes = i18n.available(locales_dir)
    # Every language's glossary, for the glossary page of every site (not content: open data leaves it out).
    glossaries = {code: {"name": i18n.load_locale(code, locales_dir).name,
                         "terms": i18n.load_glossary(code, locales_dir)} for code in codes}
    out = [Language(ENGLISH, ENGLISH, ENGLISH, "", {**model, GLOSSARY: glossaries})]
    problems = []
    for code in codes:
        locale = i18n.load_locale(code, locales_dir)
        try:
            translated = i18n.translate(model, code, content_dir, locales_dir)
        except BuildError as err:
            problems.extend(err.problems)
            continue
        translated[GLOSSARY] = glossaries
        out.append(Language(code, locale.html_lang, locale.search, f"{code}/", translated))
    if problems:
        raise BuildError(problems)
    return out


def pages_dir(code: str, content_dir: Path = content.CONTENT_DIR) -> Path:
    base = Path(content_dir)
    return base / "pages" if code in (ENGLISH, PSEUDO) else base / "locales" / code / "pages"


def write_pages(docs_dir: Path, language: Language, content_dir: Path = content.CONTENT_DIR) -> None:
    """Copy the hand-written pages of `language` into the docs tree. Every English page must exist in every
    language: a missing one stops the build naming the file to add."""
    english = sorted(p.relative_to(pages_dir(ENGLISH, content_dir)) for p in
                     pages_dir(ENGLISH, content_dir).rglob("*.md"))
    source = pages_dir(language.code, content_dir)
    missing = [rel for rel in english if not (source / rel).is_file()]
    if missing:
        raise BuildError([f"{_display(source / rel)}:1: (page): no {language.code} text for "
                          f"{_display(pages_dir(ENGLISH, content_dir) / rel)}; add the translated page"
                          for rel in missing])
    for rel in english:
        target = Path(docs_dir) / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if language.pseudo:
            target.write_text(pseudo_locale.pseudo_page((source / rel).read_text(encoding="utf-8")), encoding="utf-8")
        else:
            shutil.copyfile(source / rel, target)


def _display(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(content.ROOT))
    except ValueError:
        return str(path)


def settings(language: Language, all_languages: list[Language], site_url: str) -> dict:
    """What differs in mkdocs.yml for this language (applied by sitebuild.mkdocs_run). site_url: the deployed
    address (SITE_URL), or "" for a local build; either way each language's site_url is the root's plus its folder
    (mkdocs_run joins it to mkdocs.yml's placeholder), so its sitemap and 404 page stay in it."""
    site = language.model["site"]["site"]
    ui = language.model["ui"]["ui"]
    depth = "../" * language.prefix.count("/")
    hreflang = []   # every language's version of this page, this one included (<link rel="alternate" hreflang>)
    alternates = []  # the other languages, for the language switch
    for other in all_languages:
        other_ui = other.model["ui"]["ui"]
        entry = {
            "lang": other.html_lang,
            "root": depth + other.prefix,          # from this language's root to the other's root
            # absolute address of the other language's root when the deployed address is known
            "url": (site_url.rstrip("/") + "/" + other.prefix) if site_url else "",
            "name": other_ui["language.name"],      # in that language: "Español", "English"
            "title": other_ui["language.this_page"],
        }
        hreflang.append(entry)
        if other.code != language.code:
            alternates.append(entry)
    return {
        "site_name": site["title"],
        "site_description": site.get("description") or ui.get("site.description", ""),
        "site_url": (site_url.rstrip("/") + "/" + language.prefix) if site_url else site_url,
        "prefix": language.prefix,
        "theme_language": "custom" if language.pseudo else language.html_lang,
        "theme_words": pseudo_theme_words() if language.pseudo else None,
        "search_lang": [language.search],
        # Material's English default has no stemmer; every other language stems with lunr-languages, and
        # sitebuild/material_patch.py makes the type-ahead stem what is typed the same way
        "search_pipeline": None if language.search == ENGLISH else ["stemmer", "stopWordFilter", "trimmer"],
        "permalink_title": ui["page.permalink"],
        "extra": {"alternate": bool(alternates),
                  "i18n": {"lang": language.html_lang, "alternates": alternates,
                           "hreflang": hreflang if alternates else [],
                           # x-default (a reader whose language has no version): the English page
                           "default": hreflang[0] if alternates else None,
                           "not_found": ui["page.not_found"],
                           "not_found_help": ui["page.not_found_help"], "home": ui["nav.home"]}},
    }


def pseudo_theme_words() -> str:
    """Material's English words (partials/languages/en.html) with every value wrapped in ⟦…⟧, as the theme
    language file `custom.html` of the pseudo-locale build. Codes (language, direction, search settings) stay."""
    import re

    import material

    source = (Path(material.__file__).parent / "templates" / "partials" / "languages" / "en.html").read_text(
        encoding="utf-8")

    def wrap(match):
        key, value = match.group(1), match.group(2)
        if key in ("language", "direction") or key.startswith("search.config"):
            return match.group(0)
        return f'"{key}": "{pseudo_locale.PSEUDO_OPEN}{value}{pseudo_locale.PSEUDO_CLOSE}"'

    return re.sub(r'"([a-z0-9_.]+)": "((?:[^"\\]|\\.)*)"', wrap, source)
