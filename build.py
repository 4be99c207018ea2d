#!/usr/bin/env python3
"""The one entry point: build, serve, test or benchmark the site.

    python3 build.py          build the site into site/
    python3 build.py serve    build, then serve it at http://127.0.0.1:8000 (--port N for another port)
    python3 build.py --help   the commands and their options
    python3 build.py test     run every test (pytest, Playwright in Chromium, Pyodide under Node)
    python3 build.py bench    run the benchmarks and print a table

On a fresh machine it first installs what it needs (a .venv with requirements.txt, the npm packages in
package-lock.json, Debian's chromium for the browser tests), then re-runs itself inside .venv.
"""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from sitebuild import bootstrap

    command = sys.argv[1] if len(sys.argv) > 1 else "build"
    from sitebuild import cli

    if cli.wants_help(sys.argv[1:]):  # help needs no install
        return cli.main(sys.argv[1:])
    if not bootstrap.inside_venv():
        bootstrap.ensure_all(ROOT, need_browser=command in ("test", "bench"))
        return bootstrap.reexec_in_venv(ROOT, sys.argv)
    if command in ("test", "bench"):
        bootstrap.ensure_chromium()
    return cli.main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
