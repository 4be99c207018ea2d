"""Post-build: precompressed copies (.br and .gz) of the site's large compressible files.

Hosts that can serve them (nginx `gzip_static`/`brotli_static`, Apache rewrite rules, Caddy `precompressed`,
Netlify and Cloudflare compress on their own) send the smaller copy to browsers that accept it; docs/hosting.md
says how. Brotli at its best setting shrinks the Pyodide runtime (pyodide.asm.wasm 9.6 MB -> 2.8 MB) more than any
host compresses on the fly, which matters on a phone's slow connection.

Brotli quality 11 is slow (minutes for the wasm on a busy machine), so every compressed copy is cached under the
SHA-256 of its input in a cache shared by all checkouts (~/.cache/medi-cal-site/precompress, or
$MEDI_CAL_CACHE): the runtime is compressed once per Pyodide version, pages each build (they are small). gzip uses
mtime 0 and brotli is deterministic, so two builds give the same bytes.
"""
import gzip
import hashlib
import os
from pathlib import Path

# Text and wasm; not images, fonts or archives that are already compressed (the wheel, sitemap.xml.gz), except
# our Python zip, which stores its files uncompressed so brotli can do better than deflate.
SUFFIXES = (".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".csv", ".wasm", ".webmanifest",
            ".map", ".zip")
MIN_BYTES = 1024  # smaller files gain nothing worth a second request path on the host
MIN_SAVING = 0.9  # keep a copy only when it is at most 90 % of the original
ENCODINGS = {".br": "br", ".gz": "gzip"}


def cache_dir() -> Path:
    base = os.environ.get("MEDI_CAL_CACHE") or os.path.join(os.environ.get("XDG_CACHE_HOME")
                                                           or os.path.expanduser("~/.cache"), "medi-cal-site")
    return Path(base) / "precompress"


# A 2 MB window (lgwin 21) gives the smallest wasm: 2,720,718 bytes against 2,766,607 with the largest window
# (24) and 2,741,061 with 22, measured on Pyodide 314.0.7's; the other files are the same within 0.02 %.
BROTLI = {"quality": 11, "lgwin": 21}


def _brotli(data: bytes) -> bytes:
    import brotli

    return brotli.compress(data, **BROTLI)


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


COMPRESSORS = {".br": _brotli, ".gz": _gzip}


def compressed(data: bytes, suffix: str, cache: Path | None = None) -> bytes:
    """data compressed for `suffix` (.br or .gz), from the cache when it was done before."""
    cache = cache or cache_dir()
    settings = f"-q{BROTLI['quality']}w{BROTLI['lgwin']}" if suffix == ".br" else ""  # new settings, new entries
    path = cache / f"{hashlib.sha256(data).hexdigest()}{settings}{suffix}"
    try:
        return path.read_bytes()
    except OSError:
        pass
    try:
        cache.mkdir(parents=True, exist_ok=True)
        lock = open(path.with_name(path.name + ".lock"), "w")
    except OSError:
        return COMPRESSORS[suffix](data)  # no cache to share: just compress
    with lock:
        import fcntl

        fcntl.flock(lock, fcntl.LOCK_EX)  # builds running at once compress a file once, the others wait
        try:
            return path.read_bytes()
        except OSError:
            pass
        out = COMPRESSORS[suffix](data)
        try:
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(out)
            tmp.replace(path)  # atomic: a reader never sees half a file
        except OSError:
            pass  # a read-only cache only costs time
    return out


def wanted(path: Path) -> bool:
    return path.suffix in SUFFIXES and path.stat().st_size >= MIN_BYTES


def apply(site_dir: Path) -> list[Path]:
    """Write x.br and x.gz next to every wanted file x of the site; return the copies written."""
    site_dir = Path(site_dir)
    written = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file() and wanted(p)):
        data = path.read_bytes()
        for suffix in COMPRESSORS:
            out = compressed(data, suffix)
            if len(out) <= len(data) * MIN_SAVING:
                target = path.with_name(path.name + suffix)
                target.write_bytes(out)
                written.append(target)
    return written

