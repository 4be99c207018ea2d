"""Two builds of the same sources with the same SOURCE_DATE_EPOCH are byte-identical, file for file.

This is what makes the offline cache's build id (a hash of every file) change only when the site changes, and
lets anyone check that a published site was built from a given commit.
"""
import hashlib
import os
from pathlib import Path

import pytest

EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


def file_hashes(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def _build_in_subprocess(target: Path, hash_seed: str, tz: str) -> Path:
    """A build in its own interpreter: a different PYTHONHASHSEED (set and dict-of-set order) and time zone
    must not change a byte."""
    import subprocess
    import sys

    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": hash_seed, "TZ": tz}
    env.pop("BUILD_DATE", None)
    code = ("import sys; from pathlib import Path; from sitebuild.pipeline import build; "
            "build(site_dir=Path(sys.argv[1]), quiet=True)")
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run([sys.executable, "-c", code, str(target)], cwd=root, env=env, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return target


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    first = _build_in_subprocess(tmp_path_factory.mktemp("repro-a") / "site", "1", "UTC")
    second = _build_in_subprocess(tmp_path_factory.mktemp("repro-b") / "site", "2", "America/Los_Angeles")
    return first, second


def test_two_builds_are_byte_identical(two_builds):
    first, second = (file_hashes(site) for site in two_builds)
    assert len(first) > 50
    only_one = sorted(set(first) ^ set(second))
    assert not only_one, f"files in one build only: {only_one[:20]}"
    differ = sorted(path for path in first if first[path] != second[path])
    assert not differ, f"{len(differ)} files differ between two builds of the same sources: {differ[:20]}"


def test_build_id_is_stable_and_in_sw(two_builds):
    import re

    ids = {re.search(r'const BUILD_ID = "([0-9a-f]+)";', (site / "sw.js").read_text()).group(1)
           for site in two_builds}
    assert len(ids) == 1
