"""Run MkDocs on the rendered docs tree, with the project's mkdocs.yml."""
import os
import re
from pathlib import Path

from .errors import BuildError

ROOT = Path(__file__).resolve().parent.parent


def build(docs_dir: Path, site_dir: Path, quiet: bool = False, nav: list | None = None,
          settings: dict | None = None) -> None:
    """nav: the page order computed from content (sitebuild.nav.nav); None keeps mkdocs.yml's.
    settings: what differs per language (sitebuild.languages.settings): site name and description, site_url,
    theme language, search language, extra.i18n (hreflang and the language switch)."""
    import logging

    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life notice; noted in the README
    if quiet:
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
    overrides = {"nav": nav} if nav is not None else {}
    try:
        config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=True,
                             **overrides)
        if settings:
            _apply(config, settings)
        mkdocs_build.build(config)
    except MkDocsException as err:  # Abort (strict-mode warnings), configuration and plugin errors
        raise BuildError(f"mkdocs: {err.format_message() if hasattr(err, 'format_message') else err}") from None
    if not os.environ.get("SITE_URL"):
        drop_placeholder_canonical_links(site_dir)


def _apply(config, settings: dict) -> None:
    config["site_name"] = settings["site_name"]
    config["site_description"] = settings["site_description"]
    if settings.get("site_url"):
        config["site_url"] = settings["site_url"]
    elif settings.get("prefix") and config["site_url"]:
        # A local build: mkdocs.yml's placeholder address plus this language's folder. Without it the Spanish
        # sitemap would list English addresses, and the Spanish 404 page, which uses absolute links, would link
        # to the English pages.
        config["site_url"] = config["site_url"].rstrip("/") + "/" + settings["prefix"]
    config["theme"]["language"] = settings["theme_language"]
    if settings.get("theme_words"):  # the pseudo-locale: the theme's words from a generated language file
        words = Path(config["docs_dir"]).parent / "theme-words"
        (words / "partials" / "languages").mkdir(parents=True, exist_ok=True)
        (words / "partials" / "languages" / "custom.html").write_text(settings["theme_words"], encoding="utf-8")
        config["theme"].dirs.insert(0, str(words))
    for name, plugin in config["plugins"].items():
        if name.endswith("search"):
            plugin.config["lang"] = list(settings["search_lang"])
            if settings.get("search_pipeline"):
                plugin.config["pipeline"] = list(settings["search_pipeline"])
    config["extra"].update(settings.get("extra") or {})
    if settings.get("permalink_title"):  # the title of each heading's link (the toc extension's own is English)
        config["mdx_configs"].setdefault("toc", {})["permalink_title"] = settings["permalink_title"]


_CANONICAL = re.compile(r'\s*<link rel="canonical" href="[^"]*">')


def drop_placeholder_canonical_links(site_dir: Path) -> None:
    """Without SITE_URL, site_url is only a placeholder (MkDocs wants one for the sitemap). A canonical link to
    that placeholder would tell search engines the page lives somewhere it does not, so it is removed; building
    with SITE_URL set keeps the right one."""
    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        stripped = _CANONICAL.sub("", html, count=1)
        if stripped != html:
            page.write_text(stripped, encoding="utf-8")
