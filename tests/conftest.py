"""Shared fixtures: the repository root and one site build per test session."""
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The site built once from the current content, into a temporary folder (site/ is left alone)."""
    from sitebuild.pipeline import build

    target = tmp_path_factory.mktemp("build") / "site"
    return build(site_dir=target, quiet=True)
