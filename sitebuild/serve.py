"""A small static server for the built site, with the headers a real host should send.

It sends application/wasm for .wasm, the cache lifetimes docs/_headers gives each path (the one place they are
written: a real host reads the same file), and binds to 127.0.0.1.
Like a real host it answers an unknown address (and a folder without an index.html: no directory listings) with
the site's own 404.html and status 404, and it keeps a long listen queue, so a burst of connections (a browser
opening a page and its dozens of assets, a benchmark, the tests) waits instead of being refused.
"""
import functools
import http.server
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

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache" if self.not_found else cache_control(self.path))
        super().end_headers()

    def log_message(self, fmt, *args):  # keep test output quiet; serve() prints the address
        pass

    def list_directory(self, path):  # a host shows no folder listings: a folder without index.html is not found
        self.send_error(HTTPStatus.NOT_FOUND)
        return None

    def send_error(self, code, message=None, explain=None):
        """A 404 is the site's own "not found" page (when the build has one), with status 404."""
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
                with_headers_file: bool = False) -> SiteServer:
    """with_headers_file: also send what the site's _headers file gives each path (the Content-Security-Policy
    header, frame-ancestors and the like), as Netlify or Cloudflare Pages would."""
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
    handler = functools.partial(handler_class, directory=str(site_dir))
    return SiteServer((host, port), handler)


def start_in_background(site_dir: Path, with_headers_file: bool = False):
    """A server on a free port in a daemon thread: (server, base URL). Call server.shutdown() after."""
    import threading

    server = make_server(site_dir, port=0, with_headers_file=with_headers_file)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def serve(site_dir: Path, port: int = 8000) -> int:
    server = make_server(site_dir, port, with_headers_file=True)
    print(f"Serving {site_dir} at http://127.0.0.1:{server.server_address[1]}/  (Ctrl+C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
