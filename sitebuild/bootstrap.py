"""Install what a fresh machine lacks, using only the standard library (this runs before .venv exists)."""
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium")


def venv_python(root: Path) -> Path:
    return root / ".venv" / "bin" / "python"


def inside_venv() -> bool:
    return sys.prefix != sys.base_prefix


def _run(cmd, **kw):
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run(cmd, check=True, **kw)


def _stamp_ok(stamp: Path, source: Path) -> bool:
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    return stamp.exists() and stamp.read_text() == digest


def _write_stamp(stamp: Path, source: Path) -> None:
    stamp.write_text(hashlib.sha256(source.read_bytes()).hexdigest())


def ensure_python_packages(root: Path) -> None:
    requirements = root / "requirements.txt"
    stamp = root / ".venv" / ".requirements.sha256"
    if not venv_python(root).exists():
        _run([sys.executable, "-m", "venv", str(root / ".venv")])
    if not _stamp_ok(stamp, requirements):
        _run([str(venv_python(root)), "-m", "pip", "install", "--disable-pip-version-check", "-q",
              "-r", str(requirements)])
        _write_stamp(stamp, requirements)


def ensure_node_packages(root: Path) -> None:
    lock = root / "package-lock.json"
    stamp = root / "node_modules" / ".lock.sha256"
    if (root / "node_modules" / "pyodide" / "pyodide.mjs").exists() and _stamp_ok(stamp, lock):
        return
    if not shutil.which("npm"):
        sys.exit("npm is needed to install the Pyodide runtime (Node 20 or newer). Install Node.js, then run again.")
    _run(["npm", "ci", "--no-audit", "--no-fund"], cwd=root)
    _write_stamp(stamp, lock)


def chromium_path() -> str | None:
    preferred = os.environ.get("CHROMIUM_PATH")
    for candidate in ([preferred] if preferred else []) + list(CHROMIUM_CANDIDATES):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def ensure_chromium() -> str:
    """Debian's chromium package; Playwright's own browser download cannot work here and is never used."""
    path = chromium_path()
    if path:
        return path
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        sys.exit("The browser tests need Chromium. Install Debian's 'chromium' package (apt-get install chromium)"
                 " or set CHROMIUM_PATH, then run again.")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    _run(["apt-get", "update", "-qq"], env=env)
    _run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"], env=env)
    path = chromium_path()
    if not path:
        sys.exit("chromium was installed but not found at " + ", ".join(CHROMIUM_CANDIDATES))
    return path


def ensure_all(root: Path, need_browser: bool) -> None:
    ensure_python_packages(root)
    ensure_node_packages(root)
    if need_browser:
        ensure_chromium()


def reexec_in_venv(root: Path, argv: list[str]) -> int:
    python = str(venv_python(root))
    os.execv(python, [python, *argv])
    return 0  # not reached
