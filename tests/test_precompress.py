"""Precompressed copies (sitebuild/precompress.py) and how sitebuild.serve sends them, as a real host would."""
import gzip
import urllib.request

import brotli

from sitebuild import precompress
from sitebuild.serve import start_in_background


def _copies(site):
    return sorted(p for p in site.rglob("*") if p.suffix in (".br", ".gz") and p.with_suffix("").is_file()
                  and p.with_suffix("").suffix in precompress.SUFFIXES)


def test_every_copy_decompresses_to_its_original(built_site):
    copies = _copies(built_site)
    names = {c.relative_to(built_site).as_posix() for c in copies}
    manifest_dir = next((built_site / "pyodide").iterdir()).relative_to(built_site).as_posix()
    assert {f"{manifest_dir}/pyodide.asm.wasm.br", f"{manifest_dir}/pyodide.asm.wasm.gz",
            "index.html.br", "index.html.gz"} <= names
    for copy in copies:
        original = copy.with_suffix("").read_bytes()
        data = copy.read_bytes()
        assert (brotli.decompress(data) if copy.suffix == ".br" else gzip.decompress(data)) == original, copy
        assert len(data) <= len(original) * precompress.MIN_SAVING, copy


def test_small_and_binary_files_get_no_copies(built_site):
    for copy in _copies(built_site):
        original = copy.with_suffix("")
        assert original.stat().st_size >= precompress.MIN_BYTES and original.suffix in precompress.SUFFIXES
    assert not list(built_site.rglob("*.whl.br")) and not list(built_site.rglob("*.png.gz"))


def _get(url, accept):
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept} if accept is not None else {})
    with urllib.request.urlopen(request) as response:
        return response.status, dict(response.headers), response.read()


def test_serve_sends_the_best_copy_the_browser_accepts(built_site):
    server, base = start_in_background(built_site)
    try:
        wasm = next(built_site.glob("pyodide/*/pyodide.asm.wasm"))
        path = "/" + wasm.relative_to(built_site).as_posix()
        status, headers, body = _get(base + path, "gzip, deflate, br, zstd")
        assert status == 200 and headers["Content-Encoding"] == "br" and headers["Vary"] == "Accept-Encoding"
        assert headers["Content-Type"] == "application/wasm" and body == (wasm.with_name(wasm.name + ".br")).read_bytes()
        status, headers, body = _get(base + path, "gzip")
        assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == wasm.read_bytes()
        status, headers, body = _get(base + path, "br;q=0, identity")
        assert "Content-Encoding" not in headers and body == wasm.read_bytes()
        # a page: its .br copy; a file without a copy (small) is gzipped on the fly, as hosts do
        status, headers, body = _get(base + "/", "br")
        assert headers["Content-Encoding"] == "br" and headers["Content-Type"].startswith("text/html")
        assert brotli.decompress(body) == (built_site / "index.html").read_bytes()
        small = next(p for p in built_site.rglob("*") if p.suffix in (".json", ".js", ".css", ".html")
                     and p.stat().st_size < precompress.MIN_BYTES)
        status, headers, body = _get(base + "/" + small.relative_to(built_site).as_posix(), "gzip")
        assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == small.read_bytes()
    finally:
        server.shutdown()
        server.server_close()


def test_serve_ignores_a_copy_older_than_its_original(built_site, tmp_path):
    import os
    import shutil

    site = tmp_path / "site"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("pyodide"))
    page = site / "index.html"
    page.write_bytes(page.read_bytes().replace(b"</h1>", b" (edited)</h1>", 1))
    os.utime(page.with_name("index.html.br"), ns=(1, 1))  # the copy predates the edit
    os.utime(page.with_name("index.html.gz"), ns=(1, 1))
    server, base = start_in_background(site)
    try:
        status, headers, body = _get(base + "/", "br, gzip")
        assert headers["Content-Encoding"] == "gzip" and b"(edited)" in gzip.decompress(body)
    finally:
        server.shutdown()
        server.server_close()
