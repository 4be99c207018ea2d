"""Playwright in Debian's Chromium against the built site served on 127.0.0.1.

Playwright's own browser download cannot work here and is never used: the launch uses CHROMIUM_PATH or
Debian's /usr/lib/chromium/chromium. A missing browser is a failure, not a skip.
"""
import threading

import pytest

from sitebuild import bootstrap
from sitebuild.serve import make_server

# Without these Chromium keeps trying to reach Google's services, which this sandbox (and a privacy-minded
# test) must not do.
QUIET_CHROMIUM_ARGS = [
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
    "--disable-quic", "--disable-gpu", "--disable-default-apps", "--disable-domain-reliability",
    "--metrics-recording-only", "--no-pings",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = bootstrap.chromium_path()
    if not path:
        pytest.fail("Chromium not found: run `python3 build.py test`, which installs Debian's chromium")
    return {**browser_type_launch_args, "executable_path": path,
            "args": [*browser_type_launch_args.get("args", []), *QUIET_CHROMIUM_ARGS]}


@pytest.fixture(scope="session")
def site_url(built_site):
    server = make_server(built_site, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def external_requests(page, site_url):
    """Every request the page makes to a host other than the test server, recorded for assertions."""
    seen = []

    def record(request):
        url = request.url
        if not (url.startswith(site_url) or url.startswith("data:") or url.startswith("blob:")):
            seen.append(url)

    page.context.on("request", record)
    return seen
