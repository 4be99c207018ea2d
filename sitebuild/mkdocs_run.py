"""Run MkDocs on the rendered docs tree, with the project's mkdocs.yml."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(docs_dir: Path, site_dir: Path, quiet: bool = False, nav: list | None = None) -> None:
    """nav: the page order computed from content (sitebuild.render.nav); None keeps mkdocs.yml's."""
    import logging

    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life notice; noted in the README
    if quiet:
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
    overrides = {"nav": nav} if nav is not None else {}
    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=True,
                         **overrides)
    mkdocs_build.build(config)
