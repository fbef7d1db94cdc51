"""The shipped graph meets its own contract."""

from __future__ import annotations

from lls_kg.cli import cli


def test_lls_kg_validate_exits_0_on_the_shipped_graph(runner) -> None:
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout == ""
