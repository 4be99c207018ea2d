"""A small static server for the built site, with the headers a real host should send.

It sends application/wasm for .wasm, the cache lifetimes docs/_headers gives each path (the one place they are
written: a real host reads the same file), and binds to 127.0.0.1.
Like a real host it answers an unknown address (and a folder without an index.html: no directory listings) with
the site's own 404.html and status 404, and it keeps a long listen queue, so a burst of connections (a browser
opening a page and its dozens of assets, a benchmark, the tests) waits instead of being refused.
It compresses as a real host does, so what is measured here is what members get: the build's precompressed
copy (x.br, then x.gz, sitebuild/precompress.py) when the browser accepts it, else gzip on the fly for text and
wasm, always with `Vary: Accept-Encoding`. `compress=False` serves every file as it is.
"""
import email.utils
import functools
import gzip
import http.server
import io
import os
import re
from http import HTTPStatus
from pathlib import Path

from . import csp

NOT_FOUND_PAGE = "404.html"
# Connections the kernel holds while every thread is busy (Python's default is 5; Linux caps the value at
# net.core.somaxconn, 4096 on current kernels).
LISTEN_QUEUE = 1024

HEADERS_SOURCE = Path(__file__).resolve().parent.parent / "docs" / "_headers"


@functools.lru_cache(maxsize=1)
def _cache_rules() -> list:
    rules = csp.parse_headers_file(HEADERS_SOURCE.read_text(encoding="utf-8"))
    return [(pattern, [(n, v) for n, v in headers if n.lower() == "cache-control"]) for pattern, headers in rules]


def cache_control(path: str) -> str:
    """The Cache-Control docs/_headers gives a URL path (the last rule that sets one), else no-cache."""
    values = [value for _, value in csp.headers_for(_cache_rules(), path.split("?", 1)[0].split("#", 1)[0])]
    return values[-1] if values else "no-cache"


COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".csv", ".wasm", ".webmanifest",
                ".map", ".zip")


def _fresh_copy(path: str, copy: str) -> bool:
    """A precompressed copy is used only when it is at least as new as its original: a file changed after the
    build (a test, or someone editing site/ by hand) is never hidden behind a stale copy."""
    try:
        return os.stat(copy).st_mtime_ns >= os.stat(path).st_mtime_ns
    except OSError:
        return False


def _accepted_encodings(header: str) -> set:
    """Codings the browser accepts (q > 0), from an Accept-Encoding header."""
    out = set()
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        q = params.strip()
        if q.startswith("q="):
            try:
                if float(q[2:]) == 0:
                    continue
            except ValueError:
                continue
        if name.strip():
            out.add(name.strip().lower())
    return out


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".whl": "application/zip",
        ".webmanifest": "application/manifest+json",
    }

    not_found = False
    compress = True
    _gzip_cache: dict = {}  # (path, mtime, size) -> gzip bytes, for files the build did not precompress

    def send_head(self):
        if not self.compress:
            return super().send_head()
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].split("#", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to x/
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path) or not path.endswith(COMPRESSIBLE):
            return super().send_head()  # and the 404 page
        accepted = _accepted_encodings(self.headers.get("Accept-Encoding", ""))
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            if encoding in accepted and _fresh_copy(path, path + suffix):
                with open(path + suffix, "rb") as f:
                    return self._send_encoded(path, f.read(), encoding)
        if "gzip" in accepted:
            stat = os.stat(path)
            key = (path, stat.st_mtime_ns, stat.st_size)
            data = self._gzip_cache.get(key)
            if data is None:
                with open(path, "rb") as f:
                    data = gzip.compress(f.read(), compresslevel=6, mtime=0)
                self._gzip_cache[key] = data
            return self._send_encoded(path, data, "gzip")
        return self._send_encoded(path, None, None)

    def _send_encoded(self, path, data, encoding):
        """Headers for `path`, sent as `data` in `encoding` (or as it is); returns the body to copy."""
        stat = os.stat(path)
        since = self.headers.get("If-Modified-Since")
        if since and "If-None-Match" not in self.headers:
            try:
                if int(stat.st_mtime) <= email.utils.parsedate_to_datetime(since).timestamp():
                    self.send_response(HTTPStatus.NOT_MODIFIED)
                    self.send_header("Vary", "Accept-Encoding")
                    self.end_headers()
                    return None
            except (TypeError, ValueError, IndexError, OverflowError):
                pass
        if data is None:
            with open(path, "rb") as f:
                data = f.read()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(path))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
        self.end_headers()
        return io.BytesIO(data)

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache" if self.not_found else cache_control(self.path))
        super().end_headers()

    def log_message(self, fmt, *args):  # keep test output quiet; serve() prints the address
        pass

    def list_directory(self, path):  # a host shows no folder listings: a folder without index.html is not found
        self.send_error(HTTPStatus.NOT_FOUND)
        return None

    def send_error(self, code, message=None, explain=None):
        """A 404 is the site's own "not found" page (when the build has one), with status 404: the one of the
        language the address is in (es/404.html for /es/...), else the site's."""
        folder = self.path.lstrip("/").split("/", 1)[0].split("?", 1)[0]
        page = Path(self.directory) / folder / NOT_FOUND_PAGE
        if not re.fullmatch(r"[a-z]{2}", folder) or not page.is_file():  # a language folder, nothing else
            page = Path(self.directory) / NOT_FOUND_PAGE
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.not_found = True
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class SiteServer(http.server.ThreadingHTTPServer):
    request_queue_size = LISTEN_QUEUE
    daemon_threads = True


def make_server(site_dir: Path, port: int = 8000, host: str = "127.0.0.1",
                with_headers_file: bool = False, compress: bool = True) -> SiteServer:
    """with_headers_file: also send what the site's _headers file gives each path (the Content-Security-Policy
    header, frame-ancestors and the like), as Netlify or Cloudflare Pages would. compress=False: no
    Content-Encoding at all (a host that compresses nothing)."""
    handler_class = SiteHandler
    headers_file = Path(site_dir) / "_headers"
    if with_headers_file and headers_file.is_file():
        rules = csp.parse_headers_file(headers_file.read_text(encoding="utf-8"))

        class HeadersFileHandler(SiteHandler):
            def end_headers(self):
                path = self.path.split("?", 1)[0].split("#", 1)[0]
                for name, value in csp.headers_for(rules, path):
                    if name.lower() not in ("cache-control", "content-type"):  # set above, per file type
                        self.send_header(name, value)
                super().end_headers()

        handler_class = HeadersFileHandler
    if not compress:
        handler_class = type("PlainHandler", (handler_class,), {"compress": False})
    handler = functools.partial(handler_class, directory=str(site_dir))
    return SiteServer((host, port), handler)


def start_in_background(site_dir: Path, with_headers_file: bool = False, compress: bool = True):
    """A server on a free port in a daemon thread: (server, base URL). Call server.shutdown() after."""
    import threading

    server = make_server(site_dir, port=0, with_headers_file=with_headers_file, compress=compress)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def bind(site_dir: Path, port: int = 8000):
    """The server on 127.0.0.1:port, or None after one line on stderr when the port cannot be had."""
    import errno
    import sys

    try:
        return make_server(site_dir, port, with_headers_file=True)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(f"Port {port} is already in use; stop the other server or choose another port: "
                  f"python3 build.py serve --port {port + 1 if port < 65535 else 8000}", file=sys.stderr)
        else:
            print(f"Cannot serve on port {port}: {exc.strerror or exc}", file=sys.stderr)
        return None


def serve_bound(server, site_dir: Path) -> int:
    print(f"Serving {site_dir} at http://127.0.0.1:{server.server_address[1]}/  (Ctrl+C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def serve(site_dir: Path, port: int = 8000) -> int:
    server = bind(site_dir, port)
    return serve_bound(server, site_dir) if server is not None else 1
