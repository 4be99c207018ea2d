"""A small static server for the built site, with the headers a real host should send.

It sends application/wasm for .wasm, long cache lifetimes for versioned runtime files, and binds to 127.0.0.1.
"""
import functools
import http.server
from pathlib import Path

# Only files whose names change when their content does (Material's hashed bundles, the versioned runtime).
LONG_CACHE = ("/pyodide/", "/assets/stylesheets/", "/assets/javascripts/")


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

    def end_headers(self):
        if any(self.path.startswith(prefix) for prefix in LONG_CACHE):
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        else:
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, fmt, *args):  # keep test output quiet; serve() prints the address
        pass


def make_server(site_dir: Path, port: int = 8000, host: str = "127.0.0.1",
                with_headers_file: bool = False) -> http.server.ThreadingHTTPServer:
    """with_headers_file: also send what the site's _headers file gives each path (the Content-Security-Policy
    header, frame-ancestors and the like), as Netlify or Cloudflare Pages would."""
    handler_class = SiteHandler
    headers_file = Path(site_dir) / "_headers"
    if with_headers_file and headers_file.is_file():
        from . import csp

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
    return http.server.ThreadingHTTPServer((host, port), handler)


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
