"""Statistics of the fixture graph, on every backend and through the command line."""

from __future__ import annotations

import json

import pytest
from lls_kg.cli import cli
from lls_kg.store.files import load
from lls_kg.stats import collect

pytestmark = pytest.mark.usefixtures("home")


def as_tuples(result) -> list[tuple[str, str | None, int]]:
    return [(str(m), None if i is None else str(i), int(c)) for m, i, c in result.rows]


def test_stats_count_what_the_fixture_holds(engines, backend: str) -> None:
    lls = "https://w3id.org/lls-kg/ontology#"
    rows = as_tuples(collect(engines.store(backend)))
    assert rows[:2] == [("triples", None, len(load().graph)), ("source passages", None, 2)]
    instances = {item: count for measure, item, count in rows if measure == "instances"}
    assert instances == {lls + "Municipality": 2, lls + "Role": 2, lls + "RoleKind": 2,
                         lls + "SourcePassage": 2, lls + "Project": 1}
    assert [(item, count) for measure, item, count in rows if measure == "roles"] == [
        (lls + "Owner", 1), (lls + "Partner", 1)]


def test_cli_stats_json(runner) -> None:
    result = runner.invoke(cli, ["stats", "--format", "json", "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    rows = json.loads(result.stdout)
    assert rows[1] == {"measure": "source passages", "item": None, "count": "2"}
    assert {"measure": "roles", "item": "https://w3id.org/lls-kg/ontology#Owner", "count": "1"} in rows


def test_cli_stats_table_with_extra_data(runner, tmp_path) -> None:
    extra = tmp_path / "more.ttl"
    extra.write_text("<urn:p3> a <https://w3id.org/lls-kg/ontology#SourcePassage> .\n")
    result = runner.invoke(cli, ["stats", "--data", str(extra), "--store", "oxigraph"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["measure", "item", "count"]
    assert lines[3].split() == ["source", "passages", "3"]
    assert "lls:SourcePassage" in result.stdout
    assert "opening the graph (oxigraph)" in result.stderr

