"""Running a query: parameters checked, resolved and bound as terms; syntax errors and updates refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Literal

from lls_kg.errors import BadInput
from lls_kg.sparql import find, list_named, load_named, owners, parse, run

from conftest import compact_rows

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "query" / "hostile.ttl"
PACKAGE = HERE.parent / "lls_kg"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

#: Each name, exactly as a label in the fixture, and the one project it must find.
HOSTILE = {
    'Robert"); DROP ALL; --': "project:quote",
    'x" } UNION { ?ownership ?p ?o } #': "project:union",
    "{ } ; # ' \" \\ <urn:x>": "project:braces",
    "first line\n} ; INSERT DATA { <urn:x> <urn:y> <urn:z> }": "project:newline",
    "select * where { ?s ?p ?o }": "project:keyword",
}
#: Names that match nothing; they must change nothing either.
NO_MATCH = ['" } UNION { ?s ?p ?o } #', "<urn:x> } ; DELETE WHERE { ?s ?p ?o }", "project:trails> } #", "'; CLEAR ALL"]


class Recorder:
    """A store that remembers every query text it was sent."""

    def __init__(self, store) -> None:
        self.store = store
        self.texts: list[str] = []

    def query(self, text, bindings=None):
        self.texts.append(text)
        return self.store.query(text, bindings)


@pytest.fixture
def fixture_store(engines, backend):
    """The fixture graph on each backend."""
    return engines.store(backend, [FIXTURE], default=False)


@pytest.fixture
def store(engines, backend):
    """The shipped graph on each backend."""
    return engines.store(backend)


def shipped_query_texts() -> set[str]:
    return {path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.rq")}


@pytest.mark.parametrize(("name", "project"), HOSTILE.items())
def test_hostile_values_are_matched_literally_and_never_change_the_query(fixture_store, name, project) -> None:
    recorder = Recorder(fixture_store)
    rows = compact_rows(run(recorder, load_named("owners"), {"project": name}))
    assert [(row[0], row[2], row[5]) for row in rows] == [(project, "organisation:eigar", "current")]
    assert set(recorder.texts) <= shipped_query_texts()  # only the .rq files, verbatim


@pytest.mark.parametrize("name", NO_MATCH)
def test_hostile_values_that_match_nothing_are_errors_and_change_nothing(fixture_store, name) -> None:
    before = fixture_store.query(COUNT).rows
    with pytest.raises(BadInput, match="^no lls:Project named "):  # the class the parameter stands for
        run(fixture_store, load_named("owners"), {"project": name})
    assert fixture_store.query(COUNT).rows == before
    assert fixture_store.query("ASK { <urn:x> ?p ?o }").boolean is False


def test_hostile_value_for_a_query_given_as_text(fixture_store) -> None:
    text = ("# param: thing  required  anything\n"
            "SELECT ?thing ?label WHERE { ?thing <http://www.w3.org/2000/01/rdf-schema#label> ?label }")
    rows = compact_rows(run(fixture_store, text, {"thing": 'x" } UNION { ?ownership ?p ?o } #'}))
    assert rows == [("project:union", 'x" } UNION { ?ownership ?p ?o } #')]


def test_unknown_and_missing_parameters(store) -> None:
    with pytest.raises(BadInput, match=r"^query owners has no parameter 'nope'; its parameters are: project, owner$"):
        run(store, load_named("owners"), {"nope": "x"})
    with pytest.raises(BadInput, match=r"^query source needs the parameter 'resource': the resource \(IRI or label\)"):
        run(store, load_named("source"))
    with pytest.raises(BadInput, match=r"^query query has no parameter 'x'; it declares none"):
        run(store, "SELECT * WHERE { ?x ?p ?o } LIMIT 1", {"x": "LLS"})


def test_a_parameter_is_resolved_from_a_label(store) -> None:
    rows = compact_rows(run(store, load_named("source"), {"resource": "folketal i regionen 1. januar 2015"}))
    assert [row[1] for row in rows] == ["passage:fakta-folketal"]


SYNTAX_ERROR = "SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER (?o = ) }"


def test_a_syntax_error_gives_the_position_and_the_parsers_message(store, backend) -> None:
    with pytest.raises(BadInput) as caught:
        run(store, SYNTAX_ERROR)
    assert caught.value.exit_code == 2
    message = str(caught.value)
    if backend == "server":  # an endpoint's own words, which name the position in its own way
        assert re.fullmatch(r"the query cannot be run: http://127\.0\.0\.1:\d+/query: HTTP 400 Bad Request: "
                            r"error at 3:\d+: expected .+", message)
        return
    if backend == "virtuoso":
        assert re.fullmatch(r"the query cannot be run: http://127\.0\.0\.1:\d+/sparql: HTTP 400 Bad Request: "
                            r"Virtuoso 37000 Error SP030: SPARQL compiler, line 3: syntax error .+", message)
        return
    assert message.startswith("the query cannot be run: SPARQL syntax error at line 3, column ")
    assert message.split(": ", 2)[2].strip()  # the parser's own words follow


UPDATES = [
    "INSERT DATA { <urn:x> <urn:y> <urn:z> }",
    "DELETE WHERE { ?s ?p ?o }",
    f"LOAD <{FIXTURE.as_uri()}>",
    "CLEAR ALL",
    "PREFIX ex: <urn:ex:>\nDELETE { ?s ?p ?o } INSERT { ex:a ex:b ex:c } WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused_and_the_data_is_unchanged(store, update: str) -> None:
    before = store.query(COUNT).rows
    with pytest.raises(BadInput, match=r"^this is a SPARQL Update .* lls-kg only reads the graph"):
        run(store, update)
    assert store.query(COUNT).rows == before
    assert store.query("ASK { <urn:x> ?p ?o }").boolean is False


def test_undeclared_project_prefixes_work_on_every_backend(store) -> None:
    assert run(store, "ASK { project:sykkelloyper a lls:Project }").boolean is True


def test_owners_current_and_with_history(store) -> None:
    current = compact_rows(owners(store))
    assert [(row[0], row[2], row[5]) for row in current] == [
        ("project:sykkelloyper", "organisation:sogn-terrengsykkel", "current")]
    history = compact_rows(owners(store, history=True))
    assert [(row[2], row[4], row[5]) for row in history] == [
        ("organisation:sogn-terrengsykkel", "owner", "current"), ("region:lls", "former owner", "former")]
    assert owners(store, actor="LLS").rows == []
    assert [row[5] for row in owners(store, project="Sykkelløyper", actor="LLS", history=True).rows] == [
        Literal("former")]


def test_internal_queries_are_marked_and_left_out_of_the_list() -> None:
    internal = {"instances_per_class", "roles_per_kind", "source_passages", "triples", "labels"}
    assert internal <= {q.name for q in list_named() if q.internal}
    assert not internal & {q.name for q in list_named(internal=False)}
    assert parse("q", "# title: T\n# internal: true\nASK {}").internal
    assert not parse("q", "# title: T\nASK {}").internal


def test_find_reads_a_named_query_or_a_file(tmp_path: Path) -> None:
    assert find("owners").title == "Who owns which project"
    path = tmp_path / "mine.rq"
    path.write_text("# param: x  optional  a thing\nSELECT ?x WHERE { ?x ?p ?o }\n", encoding="utf-8")
    mine = find(str(path))
    assert (mine.name, mine.title, [p.name for p in mine.params]) == ("mine", "", ["x"])
    with pytest.raises(BadInput, match="no such query file"):
        find(str(tmp_path / "absent.rq"))
