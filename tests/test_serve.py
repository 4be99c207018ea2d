"""The local server (sitebuild/serve.py) behaves like a real host: unknown addresses get the site's own 404 page
with status 404, and a burst of connections is queued, not refused (issue 14)."""
import socket
import threading
import time
import urllib.error
import urllib.request

import pytest

from sitebuild import serve


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("serve") / "site"
    (site / "assets").mkdir(parents=True)
    (site / "pyodide" / "0.1").mkdir(parents=True)
    (site / "index.html").write_text("<h1>home</h1>", encoding="utf-8")
    (site / "404.html").write_text("<h1>our own not found page</h1>", encoding="utf-8")
    (site / "assets" / "site.css").write_text("body{}", encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def base(small_site):
    server, url = serve.start_in_background(small_site)
    yield url
    server.shutdown()
    server.server_close()


def fetch(url, method="GET"):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


@pytest.mark.parametrize("path", ["/no-such-page/", "/ecm/missing.html", "/pyodide/0.1/missing.wasm", "/assets/",
                                  "/../../etc/passwd"])
def test_an_unknown_address_gets_the_sites_own_404_page(base, small_site, path):
    status, headers, body = fetch(base + path)
    assert status == 404
    assert body == (small_site / "404.html").read_bytes()
    assert headers["Content-Type"].startswith("text/html")
    assert headers["Cache-Control"] == "no-cache"  # never cached as if it were the versioned file
    status, _, body = fetch(base + path, method="HEAD")
    assert status == 404 and body == b""


def test_known_files_are_still_served(base):
    assert fetch(base + "/")[0] == 200
    assert fetch(base + "/assets/site.css")[0] == 200


def test_a_burst_of_200_connections_is_queued_not_dropped(base):
    """200 clients connect at the same moment and each gets its page, within a bounded time."""
    host, port = base.rsplit("/", 1)[-1].split(":")
    results, start = [], threading.Barrier(200)

    def client():
        start.wait()
        try:
            with socket.create_connection((host, int(port)), timeout=15) as sock:
                sock.sendall(b"GET / HTTP/1.0\r\nHost: x\r\n\r\n")
                data = b""
                while chunk := sock.recv(65536):
                    data += chunk
            results.append(data.split(b"\r\n", 1)[0])
        except OSError as err:
            results.append(repr(err).encode())

    began = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    elapsed = time.monotonic() - began
    assert len(results) == 200
    dropped = [r for r in results if not r.endswith(b" 200 OK")]
    assert not dropped, f"{len(dropped)} of 200 failed: {dropped[:3]}"
    assert elapsed < 15, elapsed
    assert serve.SiteServer.request_queue_size >= 200
