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


def make_server(site_dir: Path, port: int = 8000, host: str = "127.0.0.1") -> http.server.ThreadingHTTPServer:
    handler = functools.partial(SiteHandler, directory=str(site_dir))
    return http.server.ThreadingHTTPServer((host, port), handler)


def serve(site_dir: Path, port: int = 8000) -> int:
    server = make_server(site_dir, port)
    print(f"Serving {site_dir} at http://127.0.0.1:{server.server_address[1]}/  (Ctrl+C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
