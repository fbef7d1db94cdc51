"""SHACL validation: one plain line per problem, a count, and the right exit code."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from lls_kg import resources
from lls_kg.store.files import read_file, select
from lls_kg.cli import cli
from lls_kg.errors import BadInput
from lls_kg.validate import check, lifted

from conftest import BROKEN

pytestmark = pytest.mark.usefixtures("home")

VIOLATIONS = BROKEN / "violations.ttl"
WHERE = str(VIOLATIONS)
#: The shipped shapes and graph (read before the ``home`` fixture points the data folder at the test's).
SHIPPED_SHAPES, SHIPPED = resources.shapes_path(), select()
#: Resources that break the shipped shapes in every way a sheet can: labels, sources, roles, dates, transfers.
BROKEN_ROWS = """
@prefix lls: <https://w3id.org/lls-kg/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:p> a lls:Project ; rdfs:label "P"@en ; prov:wasDerivedFrom <urn:nothing> ; lls:since "2020" .
<urn:r> a lls:Role ; rdfs:label "R"@nn , "R"@en ; lls:actor <urn:p> , <urn:q> ; lls:roleIn <urn:p> ;
    lls:until "2020-01-01"^^xsd:date , "2021"^^xsd:gYear .
<urn:t> a lls:OwnershipTransfer ; lls:transferOf <urn:r> ; lls:transferredTo <urn:p> .
<urn:g> a lls:UnnamedGroup ; lls:memberCount -1 .
"""
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


def _results(data: Graph, shapes: Graph, **options: object) -> set[tuple[object, ...]]:
    """pySHACL's own results, as comparable tuples (each a set: a result has a message in each language)."""
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True, **options)
    return {tuple(frozenset(report.objects(result, p)) for p in (SH.focusNode, SH.resultPath, SH.value, SH.sourceShape,
                                                        SH.sourceConstraintComponent, SH.resultMessage))
            for result in report.subjects(SH.resultSeverity, None)}


def _graph(*sources: Path, text: str = "") -> Graph:
    graph = Graph()
    for source in sources:
        graph += read_file(source)
    return graph.parse(data=text, format="turtle") if text else graph


@pytest.mark.parametrize("which", ["fixture", "shipped"])
def test_lifted_shapes_give_pyshacl_s_results(home: Path, which: str) -> None:
    """Each property shape checked on its own gives exactly the results of the shapes as written, whole graph
    or a few focus nodes, on the test's violations and on the shipped shapes broken in every way rows can."""
    if which == "fixture":
        shapes, data = read_file(resources.shapes_path()), _graph(*select([VIOLATIONS]))
    else:
        shapes, data = read_file(SHIPPED_SHAPES), _graph(*SHIPPED, text=BROKEN_ROWS)
    assert len(list(lifted(shapes).subjects(SH.property, None))) < len(list(shapes.subjects(SH.property, None)))
    found = _results(data, shapes)
    assert len(found) >= 5 and _results(data, lifted(shapes)) == found
    some = [node for focus in sorted({focus for focus, *_ in found}, key=str)[:2] for node in focus]
    assert _results(data, lifted(shapes), focus_nodes=some) == _results(data, shapes, focus_nodes=some)


#: Node shapes whose properties mean more under them than on their own: named by another shape, switched off,
#: with qualified shapes that must be disjoint from their siblings, or closed (its properties' paths are the ones
#: allowed).
KEPT = {
    "closed": "<urn:kept> sh:closed true ; sh:ignoredProperties ( <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> )"
              " .",
    "named": "<urn:user> a sh:NodeShape ; sh:targetClass <urn:D> ; sh:node <urn:kept> .",
    "deactivated": "<urn:kept> sh:deactivated true .",
    "disjoint": "<urn:kept> sh:property [ sh:path <urn:p> ; sh:qualifiedValueShape [ sh:datatype xsd:string ] ; "
                "sh:qualifiedMinCount 1 ; sh:qualifiedValueShapesDisjoint true ] .",
}


@pytest.mark.parametrize("case", KEPT)
def test_a_node_shape_whose_properties_mean_more_under_it_keeps_them(case: str) -> None:
    shapes = Graph().parse(format="turtle", data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <urn:kept> a sh:NodeShape ; sh:targetClass <urn:C> ; sh:property [ sh:path <urn:p> ; sh:minCount 1 ] .
        <urn:free> a sh:NodeShape ; sh:targetClass <urn:D> ; sh:property [ sh:path <urn:q> ; sh:minCount 1 ] .
        {KEPT[case]}""")
    data = Graph().parse(format="turtle", data="<urn:x> a <urn:C> ; <urn:p> 1 . <urn:y> a <urn:C>, <urn:D> .")
    result = lifted(shapes)
    assert (URIRef("urn:kept"), SH.property, None) in result and (URIRef("urn:free"), SH.property, None) not in result
    assert _results(data, result) == _results(data, shapes)
