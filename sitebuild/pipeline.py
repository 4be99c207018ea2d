"""One build: validate content, render into a temporary tree, run MkDocs, add assets, then swap into site/.

The swap is the last step, so a failure anywhere leaves the previous site/ exactly as it was.
"""
import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

from . import content
from .errors import BuildError  # noqa: F401 - re-exported: callers catch pipeline.BuildError

ROOT = Path(__file__).resolve().parent.parent


def build(site_dir: Path = ROOT / "site", today: dt.date | None = None, quiet: bool = False,
          content_dir: Path = content.CONTENT_DIR, pseudo: bool = False) -> Path:
    """Build the whole site into site_dir and return it. Raises BuildError listing every problem.
    pseudo=True builds only the pseudo-locale (every translatable string wrapped in ⟦…⟧, tests/test_pseudo_locale.py):
    pages and search, without the screener's runtime or the offline worker."""
    from . import (compile_rules, csp, i18n_lock, languages, material_patch, mkdocs_run, nav, offline, open_data, precompress,
                   render, screener_assets)

    today = today or build_date()  # the one date of this build: pages, nav, downloads and form.json
    model = content.load_content(content_dir)
    rules = compile_rules.dumps(compile_rules.compile(model))  # the screener's rules for *this* content
    # Every language's model (a missing translation stops the build here), and its rules (rules.es.json).
    langs = [languages.pseudo_language(model)] if pseudo else languages.languages(model, content_dir)
    locale_rules = {lang.code: compile_rules.dumps(compile_rules.compile(lang.model)) for lang in langs[1:]}
    if content_dir == content.CONTENT_DIR and not pseudo:
        compile_rules.save(rules)  # screener/data/rules.json, kept in sync with content/ for the CLI and tests
        for code, text in locale_rules.items():
            compile_rules.save(text, compile_rules.locale_path(code))
        for lang in langs[1:]:  # the English each new translation was written from (stale-translation check)
            i18n_lock.record_new(model, lang.code, content_dir)

    site_dir = Path(site_dir)
    site_url = os.environ.get("SITE_URL", "")
    work = Path(tempfile.mkdtemp(prefix=".build-tmp-", dir=site_dir.parent))
    try:
        built = work / "site"
        for lang in langs:  # English first: MkDocs empties its site_dir, and the others live inside it
            docs = work / f"docs-{lang.code}"
            shutil.copytree(ROOT / "docs", docs)
            if lang.prefix:  # the service worker and host headers belong to the whole site, at its root
                for name in ("sw.js", "_headers"):
                    (docs / name).unlink(missing_ok=True)
            languages.write_pages(docs, lang, content_dir)
            render.render_all(lang.model, docs, today)
            out = built / lang.prefix
            mkdocs_run.build(docs, out, quiet=quiet, nav=nav.nav(lang.model, docs, today),
                             settings=languages.settings(lang, langs, site_url))
            open_data.write_all(lang.model, out, today)
        material_patch.apply(built)  # Material's bundle and search worker, changed as material_patch.py explains
        if pseudo:
            _swap(built, site_dir)
            return site_dir
        screener_assets.add_to_site(built, model, today, rules, locale_rules=locale_rules)
        for lang in langs[1:]:
            screener_assets.add_language(built, lang.prefix, lang.model, lang.code, today)
        csp.apply(built)  # CSP meta on every page + _headers; before offline, which hashes the final files
        # sw.js with the build id and precache list, the update notice's words; it hashes every file
        offline.apply(built, text=offline.notice_text(model, content_dir))
        precompress.apply(built)  # .br/.gz copies of the final files, for hosts that serve them
        _swap(built, site_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return site_dir


def build_date() -> dt.date:
    """The date pages are built for. SOURCE_DATE_EPOCH makes two builds of one commit identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    override = os.environ.get("BUILD_DATE")
    return dt.date.fromisoformat(override) if override else dt.date.today()


def _swap(new_site: Path, site_dir: Path) -> None:
    old = site_dir.with_name(site_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    new_site.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
