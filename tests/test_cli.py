"""The command line as a whole: help, version, one-line errors, cheap start-up."""

from __future__ import annotations

import subprocess
import sys

import networkx as nx
import pytest

from lls_kg.cli import cli


def test_help_lists_the_commands(runner) -> None:
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in ("build", "validate", "stats"):
        assert command in result.stdout


@pytest.mark.parametrize("command", ["build", "validate", "stats"])
def test_every_command_takes_the_shared_options(runner, command: str) -> None:
    text = runner.invoke(cli, [command, "--help"]).stdout
    for option in ("--data PATH", "--no-default", "-q, --quiet", "-o, --output FILE"):
        assert option in text, (command, option)


def test_version(runner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("lls-kg, version ")


@pytest.mark.parametrize(("args", "message"), [
    (["stats", "--bogus"], "lls-kg: error: No such option '--bogus' (see 'lls-kg stats --help')"),
    (["frobnicate"], "lls-kg: error: No such command 'frobnicate' (see 'lls-kg --help')"),
    (["build", "--format", "xml"], "lls-kg: error: Invalid value for '--format': 'xml' is not one of"),
    (["stats", "--store", "postgres"], "lls-kg: error: unknown store 'postgres'"),
    (["stats", "--data", "no/such.ttl"], "lls-kg: error: no/such.ttl: no such file or folder"),
])
def test_usage_and_input_errors_are_one_line_and_exit_2(runner, args: list[str], message: str) -> None:
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith(message)
    assert "Traceback" not in result.output and "Usage:" not in result.stderr


def test_help_does_not_import_the_heavy_libraries() -> None:
    code = ("import sys; from lls_kg.cli import main; sys.argv = ['lls-kg', '--help']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('rdflib', 'pyshacl', 'owlrl', 'pyoxigraph', 'networkx', 'pyvis') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "[]"


def test_python_dash_m_runs_the_command_line() -> None:
    result = subprocess.run([sys.executable, "-m", "lls_kg", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("lls-kg, version ")


def test_importing_the_package_is_cheap_and_the_api_resolves() -> None:
    code = ("import sys, lls_kg; heavy = 'rdflib' in sys.modules; "
            "print(heavy, callable(lls_kg.open), callable(lls_kg.KG), callable(lls_kg.draft))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True", "True", "True"]


def test_the_command_line_leaves_what_it_made_to_the_system_at_exit(tmp_path) -> None:
    """``main`` freezes the collector when the command is done (it would walk every object the command made), and
    what the command wrote is whole."""
    out = tmp_path / "actors.graphml"
    probe = ("import atexit, gc, sys\nfrom lls_kg.cli import main\n"
             "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))\n"
             f"sys.argv = ['lls-kg', 'export', '--view', 'actors', '-o', {str(out)!r}, '-q']\nmain()")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert (done.returncode, done.stdout.split()) == (0, ["frozen", "True"])
    assert len(nx.read_graphml(out)) > 10
