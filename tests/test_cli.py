"""build.py's command line: --help without installing anything, serve --port N, one clear line when the port
is taken (before any build), and exit 2 for a bad command line."""
import socket
import subprocess
import sys

import pytest

from sitebuild import cli


def test_help_lists_every_command_and_needs_no_install(repo_root):
    proc = subprocess.run([sys.executable, "-S", str(repo_root / "build.py"), "--help"], capture_output=True,
                          text=True, timeout=30, cwd=repo_root)
    assert proc.returncode == 0
    for command in cli.COMMANDS:
        assert command in proc.stdout
    assert "--port" in proc.stdout


@pytest.mark.parametrize("args, port", [([], 8000), (["--port", "8123"], 8123), (["--port=9000"], 9000),
                                        (["8124"], 8124)])
def test_serve_port(args, port):
    assert cli.serve_port(args) == port


@pytest.mark.parametrize("args", [["--port"], ["--port", "abc"], ["--port", "70000"], ["--verbose"]])
def test_bad_serve_options_are_one_line_and_exit_2(args, capsys):
    assert cli.main(["serve", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert err and "\n" not in err and "Traceback" not in err


def test_a_taken_port_is_one_line_before_any_build(capsys, monkeypatch):
    monkeypatch.setattr(cli, "_build", lambda: pytest.fail("built although the port was taken"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert cli.main(["serve", "--port", str(port)]) == 1
    err = capsys.readouterr().err.strip()
    assert str(port) in err and "--port" in err and "\n" not in err


def test_unknown_command_exit_2(capsys):
    assert cli.main(["deploy"]) == 2
    assert "--help" in capsys.readouterr().err
