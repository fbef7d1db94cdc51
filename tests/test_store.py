"""The backends answer alike, with rdflib terms, and reading never changes a store."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from lls_kg.errors import BadInput
from lls_kg.store import MemoryStore, OxigraphStore, open_store

A, P, Q = URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:q")


def small_graph() -> Graph:
    graph = Graph()
    graph.add((A, P, Literal("Sogndal", lang="nn")))
    graph.add((A, P, Literal("1700000", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))))
    graph.add((A, P, Literal("plain")))
    graph.add((A, Q, BNode("b1")))
    graph.add((URIRef("urn:z"), Q, A))
    return graph


def backends() -> list:
    graph = small_graph()
    return [MemoryStore(graph), OxigraphStore.from_graph(graph)]


@pytest.mark.parametrize("store", backends(), ids=["memory", "oxigraph"])
def test_select_returns_rdflib_terms_and_none_for_unbound(store) -> None:
    result = store.query("SELECT ?o ?missing WHERE { <urn:a> <urn:p> ?o } ORDER BY STR(?o)")
    assert result.kind == "SELECT"
    assert result.vars == ["o", "missing"]
    assert result.rows == [
        (Literal("1700000", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")), None),
        (Literal("Sogndal", lang="nn"), None),
        (Literal("plain"), None),
    ]


@pytest.mark.parametrize("store", backends(), ids=["memory", "oxigraph"])
def test_bindings_fix_a_variable_to_a_term(store) -> None:
    query = "SELECT ?s ?o WHERE { ?s ?p ?o }"
    assert {row[0] for row in store.query(query, {"o": Literal("Sogndal", lang="nn")}).rows} == {A}
    assert {row[0] for row in store.query(query, {"o": A}).rows} == {URIRef("urn:z")}
    assert store.query(query, {"o": Literal("Sogndal")}).rows == []


@pytest.mark.parametrize("store", backends(), ids=["memory", "oxigraph"])
def test_ask_and_construct(store) -> None:
    assert store.query("ASK { <urn:a> <urn:p> 'plain' }").boolean is True
    assert store.query("ASK { <urn:a> <urn:p> 'absent' }").boolean is False
    result = store.query("CONSTRUCT { ?s <urn:r> ?o } WHERE { ?s <urn:q> ?o FILTER(isIRI(?o)) }")
    assert result.kind == "CONSTRUCT"
    expected = Graph()
    expected.add((URIRef("urn:z"), URIRef("urn:r"), A))
    assert isomorphic(result.graph, expected)


@pytest.mark.parametrize("store", backends(), ids=["memory", "oxigraph"])
def test_a_bad_query_or_an_update_is_bad_input(store) -> None:
    with pytest.raises(BadInput, match="the query cannot be run"):
        store.query("SELEC ?s WHERE { ?s ?p ?o }")
    with pytest.raises(BadInput):
        store.query("INSERT DATA { <urn:x> <urn:y> <urn:z> }")
    assert store.query("ASK { <urn:x> ?p ?o }").boolean is False


def test_oxigraph_needs_a_bound_variable_in_the_projection() -> None:
    store = OxigraphStore.from_graph(small_graph())
    with pytest.raises(BadInput, match="SELECT projection"):
        store.query("SELECT ?s WHERE { ?s ?p ?o }", {"o": A})


def test_on_disk_oxigraph_store_opens_read_only(tmp_path: Path) -> None:
    import pyoxigraph as ox

    folder = tmp_path / "store"
    writer = ox.Store(str(folder))
    writer.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("x"), ox.NamedNode("urn:g")))
    writer.flush()
    del writer

    store = open_store(f"oxigraph:{folder}")
    assert store.query("SELECT ?o WHERE { <urn:a> <urn:p> ?o }").rows == [(Literal("x"),)]  # named graphs are read too
    with pytest.raises(BadInput):
        store.query("INSERT DATA { <urn:x> <urn:y> <urn:z> }")
    assert store.query("ASK { <urn:x> ?p ?o }").boolean is False


def test_extra_files_cannot_go_into_an_on_disk_store(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="already holds its data"):
        open_store(f"oxigraph:{tmp_path}", data=[tmp_path / "x.ttl"])
    with pytest.raises(BadInput, match="already holds its data"):
        open_store(f"oxigraph:{tmp_path}", default=False)


@pytest.mark.parametrize(("spec", "message"), [
    ("postgres", "unknown store 'postgres'; use 'memory', 'oxigraph'"),
    ("oxigraph:", "names no folder"),
    ("oxigraph:/no/such/folder", "no Oxigraph store there"),
])
def test_bad_store_specs(spec: str, message: str) -> None:
    with pytest.raises(BadInput, match=message) as caught:
        open_store(spec)
    assert caught.value.exit_code == 2


@pytest.mark.usefixtures("home")
@pytest.mark.parametrize("spec", ["memory", "oxigraph"])
def test_open_store_loads_the_files(spec: str) -> None:
    store = open_store(spec)
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/lls-kg/ontology#Role> }"
    assert store.query(query).rows == [(Literal(2),)]
