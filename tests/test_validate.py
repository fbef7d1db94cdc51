"""SHACL validation: one plain line per problem, a count, and the right exit code."""

from __future__ import annotations

from pathlib import Path

import pytest

from lls_kg.store.files import select
from lls_kg.cli import cli
from lls_kg.errors import BadInput
from lls_kg.validate import check

from conftest import BROKEN

pytestmark = pytest.mark.usefixtures("home")

VIOLATIONS = BROKEN / "violations.ttl"
WHERE = str(VIOLATIONS)
EXPECTED = [
    f'{WHERE}: "Halvferdig [nn]" (project:halv), ^lls:roleIn: Every project needs at least one role.',
    f'{WHERE}: "Orphan" (project:orphan), ^lls:roleIn: Every project needs at least one role.',
    f'{WHERE}: "Orphan" (project:orphan), lls:started: Dates are xsd:date. (value: "2017")',
    f'{WHERE}: "Orphan" (project:orphan), prov:wasDerivedFrom: Needs prov:wasDerivedFrom a source passage.',
    f"{WHERE}: municipality:nowhere, rdfs:label: Needs an rdfs:label.",
    f"{WHERE}: role:greedy, lls:actor: A role has exactly one actor.",
    f"{WHERE}: role:greedy, lls:roleKind: A role has exactly one role kind.",
]


def test_the_fixture_conforms() -> None:
    report = check(select())
    assert report.conforms and report.lines() == []


def test_each_problem_is_one_plain_line() -> None:
    report = check(select([VIOLATIONS]))
    assert not report.conforms
    assert report.lines() == EXPECTED
    assert report.summary() == "7 problems in 4 resources"


def test_the_file_named_is_the_one_that_types_the_node(tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text("<https://w3id.org/lls-kg/id/role/sykkelloyper-luster> "
                     "<https://w3id.org/lls-kg/ontology#actor> <urn:someone> .\n")
    lines = check(select([extra])).lines()
    assert lines == ["graph/region.ttl: role:sykkelloyper-luster, lls:actor: A role has exactly one actor.",
                     "graph/region.ttl: role:sykkelloyper-luster, lls:actor: A role has exactly one actor. "
                     "(value: urn:someone)"]


def test_cli_exit_codes_and_streams(runner) -> None:
    ok = runner.invoke(cli, ["validate"])
    assert (ok.exit_code, ok.stdout) == (0, "")
    assert "conforms" in ok.stderr

    bad = runner.invoke(cli, ["validate", "--data", str(VIOLATIONS)])
    assert bad.exit_code == 1
    assert bad.stdout.splitlines() == EXPECTED
    assert bad.stderr.splitlines()[-1] == (
        "lls-kg: error: 7 problems in 4 resources: the data does not conform to the shapes")

    broken = runner.invoke(cli, ["validate", "--quiet", "--data", str(BROKEN / "syntax.ttl")])
    assert broken.exit_code == 2
    assert broken.stdout == ""
    assert broken.stderr.startswith("lls-kg: error: ") and ", line 7, column 1: " in broken.stderr
    assert len(broken.stderr.splitlines()) == 1


def test_cli_report_to_a_file(runner, tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    result = runner.invoke(cli, ["validate", "-q", "--data", str(VIOLATIONS), "-o", str(report)])
    assert result.exit_code == 1 and result.stdout == ""
    assert report.read_text().splitlines() == EXPECTED


def test_unusable_shapes_are_bad_input(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lls_kg import resources

    (tmp_path / "ontology").mkdir()
    (tmp_path / "ontology" / "lls.ttl").write_text((home / "ontology" / "lls.ttl").read_text())
    (tmp_path / "ontology" / "shapes.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:s> a sh:NodeShape ; sh:targetClass <urn:C> ; sh:property [ sh:minCount 1 ] .\n")
    (tmp_path / "graph").mkdir()
    (tmp_path / "graph" / "g.ttl").write_text("<urn:x> a <urn:C> .\n")
    monkeypatch.setattr(resources, "data_dir", lambda: tmp_path)
    with pytest.raises(BadInput, match=r"^ontology/shapes\.ttl: the shapes cannot be used"):
        check(select())
