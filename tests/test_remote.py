"""The remote backend: a real Oxigraph server answers every named query as the in-memory graph does."""

from __future__ import annotations

import re
import socket
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.compare import isomorphic

from lls_kg.errors import BadInput
from lls_kg.namespaces import PREFIXES
from lls_kg.sparql import list_named, load_named
from lls_kg.store import upload
from lls_kg.store.upload import load_endpoint, store_url, update_url
from lls_kg.store.bind import bind_first, values_block
from lls_kg.store.remote import RemoteStore
from lls_kg.serve.engine import free_port
from lls_kg.store import QuerySyntaxError, Result


#: The named queries that run without a parameter; the others are in test_bound_queries_return_the_same_rows.
NAMED = [query.name for query in list_named(internal=False) if not any(param.required for param in query.params)]


def iri(name: str) -> URIRef:
    prefix, local = name.split(":", 1)
    return URIRef(PREFIXES[prefix] + local)


def comparable(term: object) -> object:
    """Blank nodes all alike (two stores never share their ids), numbers by value.

    rdflib keeps xsd:nonNegativeInteger through SUM; Oxigraph makes it xsd:integer, as
    SPARQL's op:numeric-add says. That is the engines differing, not the protocol.
    """
    if isinstance(term, BNode):
        return BNode("_")
    if isinstance(term, Literal) and isinstance(term.value, (int, Decimal)) and not isinstance(term.value, bool):
        return ("number", term.value)
    return term


def rows(result: Result) -> list[tuple]:
    return [tuple(comparable(term) for term in row) for row in result.rows]


def same_answer(memory: Result, remote: Result, ordered: bool) -> None:
    assert (remote.kind, remote.vars) == (memory.kind, memory.vars)
    if ordered:
        assert rows(remote) == rows(memory)
    else:
        assert sorted(rows(remote), key=repr) == sorted(rows(memory), key=repr)


@pytest.fixture(scope="module")
def remote(oxigraph_server: str) -> RemoteStore:
    return RemoteStore(oxigraph_server, timeout=30)


@pytest.mark.parametrize("name", NAMED)
def test_every_named_query_returns_the_same_rows(shipped, remote, name: str) -> None:
    query = load_named(name)
    memory = shipped.query(query.text)
    assert memory.rows, "a named query with no rows on the shipped graph compares nothing"
    same_answer(memory, remote.query(query.text), ordered="ORDER BY" in query.text)


@pytest.mark.parametrize(("name", "bindings"), [
    ("owners", {"owner": iri("organisation:sogn-terrengsykkel")}),
    ("owners", {"project": iri("project:sykkelloyper"), "owner": iri("region:lls")}),
    ("goal_actors", {"goal": iri("goal:offentlege-arbeidsplassar")}),
    ("source", {"resource": iri("observation:folketal-lls-2015")}),
    ("municipalities", {"region": iri("region:lls")}),
])
def test_bound_queries_return_the_same_rows(shipped, remote, name: str, bindings: dict) -> None:
    query = load_named(name)
    memory = shipped.query(query.text, bindings)
    assert memory.rows
    same_answer(memory, remote.query(query.text, bindings), ordered=True)


def test_a_literal_binding_is_a_term_never_query_text(shipped, remote) -> None:
    text = "SELECT ?thing ?label WHERE { ?thing rdfs:label ?label }"
    found = {"label": Literal("Sogn terrengsykkel", lang="en")}
    assert remote.query(text, found).rows == shipped.query(text, found).rows == [
        (iri("organisation:sogn-terrengsykkel"), Literal("Sogn terrengsykkel", lang="en"))]
    hostile = {"label": Literal('x" } } ; SELECT * { ?s ?p ?o } #\n<img src=x onerror=alert(1)>', lang="en")}
    assert remote.query(text, hostile).rows == []


def test_values_block_writes_escaped_terms() -> None:
    clause = values_block({"a": URIRef("urn:x"), "b": Literal('say "hi"\n', lang="nn"), "c": Literal(3)})
    assert clause == ('VALUES (?a ?b ?c) { (<urn:x> """say "hi"\n"""@nn '
                      '"3"^^<http://www.w3.org/2001/XMLSchema#integer>) }')


@pytest.mark.parametrize(("text", "expected"), [
    ("SELECT * { ?s ?p ?o }", "SELECT * { VALUES (?x) { (<urn:x>) } ?s ?p ?o }"),
    ("# where {\nASK WHERE { ?x ?p ?o }", "# where {\nASK WHERE { VALUES (?x) { (<urn:x>) } ?x ?p ?o }"),
    ('SELECT (CONCAT("WHERE {", ?o) AS ?w) WHERE { ?x ?p ?o }',
     'SELECT (CONCAT("WHERE {", ?o) AS ?w) WHERE { VALUES (?x) { (<urn:x>) } ?x ?p ?o }'),
    ("PREFIX w: <urn:where#>\nSELECT ?where { ?x w:WHERE ?where }",
     "PREFIX w: <urn:where#>\nSELECT ?where { VALUES (?x) { (<urn:x>) } ?x w:WHERE ?where }"),
    ("SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?o } } }",
     "SELECT ?x WHERE { VALUES (?x) { (<urn:x>) } { SELECT ?x WHERE { ?x ?p ?o } } }"),
])
def test_the_values_block_goes_first_inside_the_outer_where(text: str, expected: str) -> None:
    assert bind_first(text, {"x": URIRef("urn:x")}) == expected


@pytest.mark.parametrize(("bindings", "message"), [
    ({"x": BNode("b1")}, "only IRIs and literals can be bound"),
    ({"x y": URIRef("urn:x")}, "is not a SPARQL variable name"),
    ({"x": URIRef("urn:a b>")}, "cannot bind ?x"),
])
def test_bad_bindings_are_refused_before_sending(bindings: dict, message: str) -> None:
    with pytest.raises(BadInput, match=message.replace("?", r"\?")):
        values_block(bindings)


def test_ask_construct_and_describe(shipped, remote) -> None:
    assert remote.query("ASK { project:sykkelloyper a lls:Project }").boolean is True
    assert remote.query("ASK { project:sykkelloyper a lls:Goal }").boolean is False
    for text in ("CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a lls:Municipality ; rdfs:label ?l }",
                 "DESCRIBE project:sykkelloyper"):
        memory, answer = shipped.query(text), remote.query(text)
        assert answer.kind == "CONSTRUCT" and len(answer.graph) > 0
        assert isomorphic(answer.graph, memory.graph)


def test_a_syntax_error_shows_the_servers_message(remote, oxigraph_server: str) -> None:
    said = rf"^the query cannot be run: {oxigraph_server}: HTTP 400 Bad Request: error at 1:\d+: expected"
    with pytest.raises(QuerySyntaxError, match=said):
        remote.query("SELEC ?s WHERE { ?s ?p ?o }")


def test_a_wrong_address_says_so(oxigraph_server: str) -> None:
    wrong = oxigraph_server.removesuffix("/query") + "/nothing"
    with pytest.raises(BadInput, match=r"HTTP 404"):
        RemoteStore(wrong).query("ASK {}")


def test_nobody_listening_says_cannot_reach() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(BadInput, match=rf"^{url}: cannot reach the endpoint \(.*refused"):
        RemoteStore(url).query("ASK {}")


def test_a_silent_endpoint_times_out() -> None:
    with socket.socket() as silent:  # accepts connections (the backlog does) but never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        with pytest.raises(BadInput, match=rf"^{url}: no answer within 0.3 s"):
            RemoteStore(url, timeout=0.3).query("ASK {}")


@pytest.mark.parametrize("url", ["ftp://example.org/sparql", "http://", "oxigraph:/tmp/x"])
def test_only_http_addresses_are_endpoints(url: str) -> None:
    with pytest.raises(BadInput, match="is not the address of a SPARQL endpoint"):
        RemoteStore(url)


def test_the_graph_store_and_updates_sit_beside_the_query_endpoint() -> None:
    assert store_url("http://127.0.0.1:7878/query") == "http://127.0.0.1:7878/store"
    assert store_url("https://kg.example.org:8443/sparql?x=1") == "https://kg.example.org:8443/sparql-graph-crud"
    assert update_url("https://kg.example.org:8443/sparql?x=1") == "https://kg.example.org:8443/sparql?x=1"
    with pytest.raises(BadInput, match="give them with --graph-store"):
        store_url("http://127.0.0.1:3030/ds")


def test_upload_in_chunks_keeps_blank_nodes_together(empty_oxigraph_server: str, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "small.ttl"
    data.write_text("<urn:a> <urn:p> [ <urn:q> \"x\" ; <urn:r> [ <urn:q> \"y\" ] ] .\n"
                    + "".join(f"<urn:s{i}> <urn:p> {i} .\n" for i in range(5)), encoding="utf-8")
    heard: list[str] = []
    monkeypatch.setattr(upload, "CHUNK", 2)
    assert load_endpoint(empty_oxigraph_server, [data], progress=heard.append) == 9
    assert len(heard) == 4 and heard[-1].startswith("uploaded 9 triples (")
    store = RemoteStore(empty_oxigraph_server)
    assert store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }").rows == [(Literal(9),)]
    assert store.query("SELECT ?y { <urn:a> <urn:p>/<urn:r>/<urn:q> ?y }").rows == [(Literal("y"),)]


def test_upload_names_the_file_it_cannot_read(empty_oxigraph_server: str, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("<urn:a> <urn:p> .\n", encoding="utf-8")
    with pytest.raises(BadInput, match=r"broken\.ttl, line 1, column 17: "):
        load_endpoint(empty_oxigraph_server, [broken])
    with pytest.raises(BadInput, match=r"unknown RDF format '\.txt'"):
        load_endpoint(empty_oxigraph_server, [tmp_path / "notes.txt"])


def test_upload_to_a_wrong_store_address_says_so(empty_oxigraph_server: str, tmp_path: Path) -> None:
    data = tmp_path / "one.nt"
    data.write_text("<urn:a> <urn:p> <urn:b> .\n", encoding="utf-8")
    wrong = empty_oxigraph_server.removesuffix("/query") + "/nothing"
    with pytest.raises(BadInput, match=r"^loading the endpoint: .*/nothing\?default: HTTP 404 Not Found: PUT /nothing"):
        load_endpoint(empty_oxigraph_server, [data], gsp=wrong)


# --- lls-kg load --store URL: one streamed PUT, applied whole or not at all -------------------------------------

COUNT = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"


def triples(folder: Path, name: str, count: int) -> Path:
    data = folder / name
    lines = [f"<urn:{name}:{i}> <urn:p> {i} .\n" for i in range(count)] + ["_:b <urn:p> [ <urn:q> 1 ] .\n"]
    data.write_text("".join(lines), encoding="utf-8")
    return data


def test_load_replaces_the_default_graph_with_the_files(empty_oxigraph_server: str, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from lls_kg.cli import cli

    data = triples(tmp_path, "one.ttl", 5)
    result = CliRunner().invoke(cli, ["load", "--store", empty_oxigraph_server, "--no-default", "--data", str(data)])
    assert result.exit_code == 0, result.output
    assert re.search(r"lls-kg: uploaded [\d,]+ triples \([\d,]+ triples/s; ontology/lls\.ttl\)", result.stderr)
    sent = int(re.search(r"loaded (\d+) triples into the default graph", result.stderr)[1])
    store = RemoteStore(empty_oxigraph_server)
    assert sent > 100 and store.query(COUNT).rows == [(Literal(sent),)]  # the ontology and the 7 of one.ttl
    assert store.query("SELECT ?o { ?b <urn:p>/<urn:q> ?o }").rows == [(Literal(1),)]


def test_blank_nodes_of_two_files_stay_apart(empty_oxigraph_server: str, tmp_path: Path) -> None:
    assert load_endpoint(empty_oxigraph_server, [triples(tmp_path, "one.ttl", 0), triples(tmp_path, "two.ttl", 0)]) == 4
    assert RemoteStore(empty_oxigraph_server).query("SELECT (COUNT(DISTINCT ?b) AS ?n) { ?b <urn:p> ?x }").rows == [
        (Literal(2),)]


def test_a_second_load_needs_replace_and_then_replaces(empty_oxigraph_server: str, tmp_path: Path) -> None:
    load_endpoint(empty_oxigraph_server, [triples(tmp_path, "one.ttl", 5)])
    with pytest.raises(BadInput, match="the default graph already holds triples; use --replace"):
        load_endpoint(empty_oxigraph_server, [triples(tmp_path, "two.ttl", 3)])
    assert load_endpoint(empty_oxigraph_server, [triples(tmp_path, "two.ttl", 3)], replace=True) == 5
    store = RemoteStore(empty_oxigraph_server)
    assert store.query(COUNT).rows == [(Literal(5),)]  # two.ttl's 3, and 2 with the blank nodes: one.ttl is gone
    assert store.query("ASK { <urn:one.ttl:0> ?p ?o }").boolean is False


def test_an_interrupted_or_failed_load_leaves_the_old_graph(empty_oxigraph_server: str, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    load_endpoint(empty_oxigraph_server, [triples(tmp_path, "old.ttl", 4)])
    monkeypatch.setattr(upload, "CHUNK", 2)  # a request body of many chunks, cut after the first

    def interrupt(message: str) -> None:
        if message.startswith("uploaded 4 "):
            raise KeyboardInterrupt

    new = [triples(tmp_path, "new-1.ttl", 6), triples(tmp_path, "new-2.ttl", 6)]
    with pytest.raises(KeyboardInterrupt):
        load_endpoint(empty_oxigraph_server, new, replace=True, progress=interrupt)
    broken = tmp_path / "broken.ttl"
    broken.write_text("<urn:a> <urn:p> .\n", encoding="utf-8")
    with pytest.raises(BadInput, match=r"broken\.ttl, line 1, column 17: "):
        load_endpoint(empty_oxigraph_server, [new[0], broken], replace=True)
    store = RemoteStore(empty_oxigraph_server)
    assert store.query(COUNT).rows == [(Literal(6),)]  # old.ttl, untouched
    assert store.query("ASK { <urn:new-1.ttl:0> ?p ?o }").boolean is False
    assert load_endpoint(empty_oxigraph_server, new, replace=True) == 16
    assert store.query(COUNT).rows == [(Literal(16),)]
