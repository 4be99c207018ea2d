"""Everything the screener page needs besides the page itself: the Pyodide runtime, our wheel, two JSON files.

    site/pyodide/<v>/  three runtime files from node_modules/pyodide (nothing else: no .map, no console, no
                       lock file: the worker passes its info inline) and python-<hash>.zip, the precompiled
                       standard library (sitebuild/python_zip.py) in place of python_stdlib.zip
                       and screener-py-<hash>.zip, our package precompiled (what the browser loads)
    site/screener/     screener-<version>-py3-none-any.whl, manifest.json, form.json

Why a hand-made wheel: the core is pure Python and standard-library only, and pyodide-build cannot run offline
(see README). A `py3-none-any` wheel is only a zip with a dist-info folder, so it is written here with zipfile:
fixed timestamps and modes, sorted entries and a RECORD with hashes, so the same sources give the same bytes.

Why run the core at build time: form.json carries the questions and the first `next_questions`, so the first
questions render before Python has started in the browser. They come from the very wheel that is shipped, run
on CPython with `-I -S` (no site-packages): a wheel that misses a file, or a core that imports anything outside
the standard library, fails the build here instead of in someone's browser.
"""
import base64
import datetime as dt
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from .build_id import build_id as make_build_id
from .errors import BuildError
from . import python_zip

ROOT = Path(__file__).resolve().parent.parent
PYODIDE_DIR = ROOT / "node_modules" / "pyodide"
PACKAGE_DIR = ROOT / "screener"
SCREENER_JS = ROOT / "docs" / "assets" / "screener"  # the page's scripts (app.js and the modules it imports)

# The files loadPyodide() fetches or imports in a browser. Nothing else from the npm package is published.
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
# Read at build time, not published: python_stdlib.zip is replaced by our zip, the lock file's info goes inline.
BUILD_INPUTS = ("python_stdlib.zip", "pyodide-lock.json")
WHEEL_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold; any fixed date makes the bytes stable
SKIP_PARTS = ("__pycache__",)
SKIP_SUFFIXES = (".pyc", ".pyo")


def add_to_site(site_dir: Path, model: dict, today: dt.date, rules: str, package_dir: Path | None = None,
                pyodide_dir: Path | None = None, locale_rules: dict | None = None) -> None:
    """Copy the runtime, build the wheel with `rules` (compile_rules.dumps of the content being built) as its
    data/rules.json, and write manifest.json and form.json (first questions as of `today`, the build's date)."""
    site_dir = Path(site_dir)
    package_dir = Path(package_dir or PACKAGE_DIR)
    pyodide_dir = Path(pyodide_dir or PYODIDE_DIR)

    pyodide_version = _pyodide_version(pyodide_dir)
    runtime = copy_runtime(pyodide_dir, site_dir / "pyodide" / pyodide_version)
    point_worker_at_runtime(site_dir, pyodide_version)
    out = site_dir / "screener"
    out.mkdir(parents=True, exist_ok=True)
    version = package_version(package_dir)
    wheel_path = build_wheel(package_dir, out, version, rules=rules, locale_rules=locale_rules)
    wheel_bytes = wheel_path.read_bytes()
    core = run_core_from_wheel(wheel_path, today.isoformat())
    zips = python_zip_entries(pyodide_dir, wheel_path, site_dir, pyodide_version, today.isoformat())

    form = form_document(model, core, SCREENER_JS)
    form_bytes = _json_bytes(form)
    wheel_sha = hashlib.sha256(wheel_bytes).hexdigest()
    build_id = make_build_id([("wheel", wheel_bytes), ("pyodide", pyodide_version.encode()), ("form", form_bytes),
                              ("python", zips["python"]["sha256"].encode()), ("app", zips["app"]["sha256"].encode())])
    form["build_id"] = build_id
    (out / "form.json").write_bytes(_json_bytes(form))
    manifest = {
        "build_id": build_id,
        "package": "screener",
        "version": version,
        "wheel": {"file": wheel_path.name, "sha256": wheel_sha, "size": len(wheel_bytes)},
        "pyodide": {"version": pyodide_version, "dir": f"pyodide/{pyodide_version}/", "files": runtime,
                    "lock": _lock_info(pyodide_dir)},
        **zips,
        "prelude": {"code": python_zip.PRELUDE, "sha256": hashlib.sha256(python_zip.PRELUDE.encode()).hexdigest()},
    }
    (out / "manifest.json").write_bytes(_json_bytes(manifest))


def add_language(site_dir: Path, prefix: str, model: dict, lang: str, today: dt.date) -> None:
    """The screener for the site of another language (site/<prefix>): its worker points at the one runtime at the
    site's root, the same wheel and manifest (the wheel carries every language's rules), and form.json with the
    questions and interface text in `lang` (and `lang`, which the page passes to every evaluation)."""
    site_dir = Path(site_dir)
    root_out = site_dir / "screener"
    manifest = json.loads((root_out / "manifest.json").read_text(encoding="utf-8"))
    depth = "../" * prefix.count("/")
    worker = site_dir / prefix / "assets" / "screener" / "worker.mjs"
    source = worker.read_text(encoding="utf-8")
    needle = f"pyodide/{VERSION_PLACEHOLDER}/"
    if source.count(needle) != 1:
        raise BuildError(f"{worker.name} must name the runtime folder once as {needle}")
    worker.write_text(source.replace(needle, f"{depth}pyodide/{manifest['pyodide']['version']}/"), encoding="utf-8")
    out = site_dir / prefix / "screener"
    out.mkdir(parents=True, exist_ok=True)
    wheel = root_out / manifest["wheel"]["file"]
    shutil.copyfile(wheel, out / wheel.name)
    # The same manifest, with the runtime's files (named from the site root) reached from this folder.
    for key in ("python", "app"):
        if isinstance(manifest.get(key), dict) and "file" in manifest[key]:
            manifest[key]["file"] = depth + manifest[key]["file"]
    (out / "manifest.json").write_bytes(_json_bytes(manifest))
    core = run_core_from_wheel(out / wheel.name, today.isoformat(), lang)
    form = form_document(model, core, SCREENER_JS)
    form["lang"] = lang
    form["build_id"] = manifest["build_id"]
    (out / "form.json").write_bytes(_json_bytes(form))


def _json_bytes(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


def python_zip_entries(pyodide_dir: Path, wheel_path: Path, site_dir: Path, pyodide_version: str,
                       today: str) -> dict:
    """Build our two precompiled Python zips (sitebuild/python_zip.py) and return their manifest entries (paths
    from the site root). Each name carries its content's hash: the standard library's lives in the runtime folder
    and our package's both in the runtime folder, which hosts cache for a year (a new content, a new name), so a
    returning visitor revalidates neither."""
    stdlib, app = python_zip.build(pyodide_dir, wheel_path, today)
    entries = {}
    for key, data, folder, stem in (("python", stdlib, f"pyodide/{pyodide_version}", "python"),
                                    ("app", app, f"pyodide/{pyodide_version}", "screener-py")):
        sha = hashlib.sha256(data).hexdigest()
        rel = f"{folder}/{stem}-{sha[:16]}.zip"
        (site_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / rel).write_bytes(data)
        entries[key] = {"file": rel, "sha256": sha, "size": len(data)}
    entries["app"]["path"] = python_zip.APP_PATH
    return entries


def _lock_info(pyodide_dir: Path) -> dict:
    """The lock file's `info` (Python version, ABI, platform): all a start without packages needs."""
    return json.loads((pyodide_dir / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]


# --- runtime -----------------------------------------------------------------------------------------------

def copy_runtime(pyodide_dir: Path, target: Path) -> dict:
    """Copy the runtime files; return {file name: size in bytes} for progress totals in the browser."""
    missing = [name for name in RUNTIME_FILES + BUILD_INPUTS if not (pyodide_dir / name).is_file()]
    if missing:
        raise BuildError(f"Pyodide runtime files missing from {pyodide_dir}: {', '.join(missing)} "
                           "(run `npm ci`, or `python3 build.py`, which does it)")
    target.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for name in RUNTIME_FILES:
        shutil.copyfile(pyodide_dir / name, target / name)
        sizes[name] = (target / name).stat().st_size
    return sizes


VERSION_PLACEHOLDER = "__PYODIDE_VERSION__"


def point_worker_at_runtime(site_dir: Path, pyodide_version: str) -> None:
    """Write the runtime's versioned folder into the built worker. A new Pyodide version gets a new folder, so
    the year-long immutable caching of pyodide/ can never mix files of two versions."""
    worker = site_dir / "assets" / "screener" / "worker.mjs"
    source = worker.read_text(encoding="utf-8")
    if source.count(VERSION_PLACEHOLDER) != 1:
        raise BuildError(f"{worker.name} must name the runtime folder once as pyodide/{VERSION_PLACEHOLDER}/")
    worker.write_text(source.replace(VERSION_PLACEHOLDER, pyodide_version), encoding="utf-8")


def _pyodide_version(pyodide_dir: Path) -> str:
    try:
        return json.loads((pyodide_dir / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        lock = json.loads((pyodide_dir / "pyodide-lock.json").read_text(encoding="utf-8"))
        return lock.get("info", {}).get("version", "unknown")


# --- the wheel ----------------------------------------------------------------------------------------------

_VERSION_RE = re.compile(r"""^__version__\s*=\s*["']([^"']+)["']""", re.M)


def package_version(package_dir: Path) -> str:
    """`__version__` from the package's __init__.py, read without importing it; 0.0.0 when there is none."""
    init = package_dir / "__init__.py"
    if not init.is_file():
        raise BuildError(f"{init} is missing: the screener package cannot be built into a wheel")
    found = _VERSION_RE.search(init.read_text(encoding="utf-8"))
    version = found.group(1) if found else "0.0.0"
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)*([a-z0-9.+-]*)", version):
        raise BuildError(f"{init}: __version__ {version!r} is not a plain version number")
    return version


def package_files(package_dir: Path) -> list[tuple[str, bytes]]:
    """(archive name, bytes) for every file of the package, sorted, without caches or hidden files."""
    files = []
    for path in package_dir.rglob("*"):
        rel = path.relative_to(package_dir)
        if not path.is_file() or any(p in SKIP_PARTS or p.startswith(".") for p in rel.parts):
            continue
        if path.suffix in SKIP_SUFFIXES:
            continue
        files.append((f"{package_dir.name}/{rel.as_posix()}", path.read_bytes()))
    return sorted(files)


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
    return f"sha256={digest}"


def build_wheel(package_dir: Path, out_dir: Path, version: str, rules: str | None = None,
                locale_rules: dict | None = None) -> Path:
    """Write <name>-<version>-py3-none-any.whl into out_dir and return its path. Same inputs, same bytes.
    `rules`: the compiled rules to ship as data/rules.json (the build passes the rules of the content it builds,
    which need not be content/); None ships the package's own file. `locale_rules`: {code: text} shipped as
    data/rules.<code>.json in place of the package's own."""
    name = package_dir.name
    dist_info = f"{name}-{version}.dist-info"
    entries = package_files(package_dir)
    replace = {}
    if rules is not None:
        replace[f"{name}/data/rules.json"] = rules
    for code, text in (locale_rules or {}).items():
        replace[f"{name}/data/rules.{code}.json"] = text
    if replace:
        entries = sorted([(arc, data) for arc, data in entries if arc not in replace]
                         + [(arc, text.encode("utf-8")) for arc, text in replace.items()])
    if not any(arc == f"{name}/data/rules.json" for arc, _ in entries):
        raise BuildError(f"{package_dir}/data/rules.json is missing: compile the rules before the wheel")
    metadata = (f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
                "Summary: Medi-Cal ECM, Community Supports and CHW screener (standard library only)\n"
                "Requires-Python: >=3.11\n").encode()
    wheel_info = (b"Wheel-Version: 1.0\nGenerator: sitebuild.screener_assets\nRoot-Is-Purelib: true\n"
                  b"Tag: py3-none-any\n")
    entries += [(f"{dist_info}/METADATA", metadata), (f"{dist_info}/WHEEL", wheel_info)]
    record_name = f"{dist_info}/RECORD"
    record = "".join(f"{arc},{_record_hash(data)},{len(data)}\n" for arc, data in entries)
    record += f"{record_name},,\n"
    entries.append((record_name, record.encode()))

    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob(f"{name}-*.whl"):
        old.unlink()
    path = out_dir / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for arc, data in entries:  # package files sorted, dist-info last (RECORD very last), as wheels do
            info = zipfile.ZipInfo(arc, date_time=WHEEL_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            info.create_system = 3  # Unix, whatever builds it
            archive.writestr(info, data, compresslevel=9)
    return path


# --- running the core from the wheel ------------------------------------------------------------------------

_PROBE = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
import screener
lang = sys.argv[3]
first = screener.evaluate({}, today=sys.argv[2], **({"lang": lang} if lang != "en" else {}))
print(json.dumps({"questions": screener.questions(*([lang] if lang != "en" else [])),
                  "next_questions": first.get("next_questions", []),
                  "version": getattr(screener, "__version__", None)}))
"""


def run_core_from_wheel(wheel_path: Path, today: str, lang: str = "en") -> dict:
    """questions() and evaluate({}, today)['next_questions'] computed by the shipped wheel on this CPython,
    isolated from site-packages and from the source tree (questions in `lang`)."""
    with tempfile.TemporaryDirectory(prefix="screener-probe-") as tmp:
        proc = subprocess.run([sys.executable, "-I", "-S", "-c", _PROBE, str(wheel_path), today, lang], cwd=tmp,
                              capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-8:])
        raise BuildError(f"the screener wheel does not run on its own (standard library only):\n{tail}")
    return json.loads(proc.stdout)


# --- form.json ----------------------------------------------------------------------------------------------

_UI_CALL_RE = re.compile(r"""\bt\(\s*["'`]([a-z0-9_.]+)["'`]""")
# keys built at run time: t("status." + x) or t(`status.${x}`)
_UI_PREFIX_RE = re.compile(r"""\bt\(\s*(?:["']([a-z0-9_.]+\.)["']\s*\+|`([a-z0-9_.]+\.)\$\{)""")


def ui_strings(model: dict) -> dict:
    return dict(model["ui"]["ui"])


def keys_used_by(scripts: Path) -> tuple[set, set]:
    """The ui keys the page's scripts ask for (every .js file of a folder, or one file): exact keys, and
    prefixes of keys they build (t("status." + id))."""
    files = sorted(scripts.glob("*.js")) if scripts.is_dir() else [scripts] if scripts.is_file() else []
    text = "\n".join(f.read_text(encoding="utf-8") for f in files)
    prefixes = {a or b for a, b in _UI_PREFIX_RE.findall(text)}
    return set(_UI_CALL_RE.findall(text)), prefixes


def form_document(model: dict, core: dict, scripts: Path = SCREENER_JS) -> dict:
    """The questions and interface text the page needs before Python runs: only the ui keys its scripts use.
    Raises if content/ui.yaml lacks one of them (or a heading for a question group), so a key never shows up
    on the page instead of text."""
    ui = ui_strings(model)
    exact, prefixes = keys_used_by(scripts)
    missing = sorted(k for k in exact if k not in ui)
    missing += sorted(p + "*" for p in prefixes if not any(k.startswith(p) for k in ui))
    groups = sorted({q.get("group") for q in core["questions"] if q.get("group")})
    missing += [f"screener.group.{g}" for g in groups if f"screener.group.{g}" not in ui]
    if missing:
        raise BuildError("content/ui.yaml lacks text the screener page uses: " + ", ".join(missing))
    wanted = {k for k in ui if k in exact or any(k.startswith(p) for p in prefixes)}
    return {
        "questions": core["questions"],
        "next_questions": core["next_questions"],
        "ui": {k: ui[k] for k in sorted(wanted)},
    }
