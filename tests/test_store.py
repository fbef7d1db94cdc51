"""Every backend answers alike, with rdflib terms, and reading never changes a store."""

from __future__ import annotations

import dataclasses
import gc
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from lls_kg.errors import BadInput
from lls_kg.store import OxigraphStore, RdflibStore, ask_ahead, open_store, stop_asking, texts

A, P, Q = URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:q")


def small_graph() -> Graph:
    graph = Graph()
    graph.add((A, P, Literal("Sogndal", lang="nn")))
    graph.add((A, P, Literal("1700000", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))))
    graph.add((A, P, Literal("plain")))
    graph.add((A, Q, BNode("b1")))
    graph.add((URIRef("urn:z"), Q, A))
    return graph


@pytest.fixture(scope="module")
def small_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("small") / "small.nt"
    small_graph().serialize(path, format="nt", encoding="utf-8")  # N-Triples keeps 1700000 as written
    return path


@pytest.fixture
def store(engines, backend, small_file):
    """The small graph (with the ontology, which these queries do not touch) on each backend."""
    return engines.store(backend, [small_file], default=False)


def test_select_returns_rdflib_terms_and_none_for_unbound(store) -> None:
    result = store.query("SELECT ?o ?missing WHERE { <urn:a> <urn:p> ?o } ORDER BY STR(?o)")
    assert result.kind == "SELECT"
    assert result.vars == ["o", "missing"]
    assert result.rows == [
        (Literal("1700000", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")), None),
        (Literal("Sogndal", lang="nn"), None),
        (Literal("plain"), None),
    ]


def test_bindings_fix_a_variable_to_a_term(store) -> None:
    query = "SELECT ?s ?o WHERE { ?s ?p ?o }"
    assert {row[0] for row in store.query(query, {"o": Literal("Sogndal", lang="nn")}).rows} == {A}
    assert {row[0] for row in store.query(query, {"o": A}).rows} == {URIRef("urn:z")}
    assert store.query(query, {"o": Literal("Sogndal")}).rows == []


def test_ask_and_construct(store) -> None:
    assert store.query("ASK { <urn:a> <urn:p> 'plain' }").boolean is True
    assert store.query("ASK { <urn:a> <urn:p> 'absent' }").boolean is False
    result = store.query("CONSTRUCT { ?s <urn:r> ?o } WHERE { ?s <urn:q> ?o FILTER(isIRI(?o)) }")
    assert result.kind == "CONSTRUCT"
    expected = Graph()
    expected.add((URIRef("urn:z"), URIRef("urn:r"), A))
    assert isomorphic(result.graph, expected)


def test_a_bad_query_or_an_update_is_bad_input(store) -> None:
    with pytest.raises(BadInput, match="the query cannot be run"):
        store.query("SELEC ?s WHERE { ?s ?p ?o }")
    with pytest.raises(BadInput):
        store.query("INSERT DATA { <urn:x> <urn:y> <urn:z> }")
    assert store.query("ASK { <urn:x> ?p ?o }").boolean is False


def test_an_oxigraph_store_holds_an_rdflib_graph() -> None:
    store = OxigraphStore.from_graph(small_graph())
    assert store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows == [(Literal(5),)]


def test_oxigraph_rows_become_rdflib_terms_once_when_first_read() -> None:
    """Oxigraph's rows stay in its own terms until read; then they are the rows rdflib's engine gives, kept."""
    graph = small_graph()
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER (!isBlank(?o)) } ORDER BY ?s ?p STR(?o)"
    ours = OxigraphStore.from_graph(graph).query(query)
    assert ours.rows is ours.rows
    assert ours == RdflibStore(graph).query(query)
    assert dataclasses.replace(ours, rows=ours.rows[:1]).rows == [(A, P, ours.rows[0][2])]


def test_oxigraph_rows_are_read_without_collections_and_the_collector_resumes() -> None:
    """The terms and rows made when a large answer's rows are first read all live on in the answer: the cyclic
    collector, which would walk them again at each collection while they grow, stays paused, and runs as before
    afterwards."""
    graph = Graph()
    for n in range(5_000):
        graph.add((URIRef(f"urn:s{n}"), URIRef("urn:p"), Literal(f"value {n}", lang="nn")))
    answer = OxigraphStore.from_graph(graph).query("SELECT ?s ?o WHERE { ?s ?p ?o }")
    collections: list[int] = []

    def count(phase: str, info: dict) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(count)
    try:
        rows = answer.rows
    finally:
        gc.callbacks.remove(count)
    assert collections == []
    assert len(rows) == 5_000 and set(rows) == {(s, o) for s, _, o in graph}
    assert gc.isenabled()


def test_oxigraph_texts_share_one_string_per_term_across_answers() -> None:
    """Rows hold one string per distinct term (a view's rows repeat their relations and ends), not one per cell, and
    two answers that name a resource hold the same string: the same text, and the same object."""
    store = OxigraphStore.from_graph(small_graph())
    found = texts(store, "SELECT ?s ?p WHERE { ?s ?p ?o } ORDER BY ?s ?p STR(?o)")
    (a, p), *_ = found.rows
    assert (a, p) == ("urn:a", "urn:p") and len(found.rows) == 5
    assert all(row[0] is a for row in found.rows[:4]) and all(row[1] is p for row in found.rows[:3])
    (other,), = texts(store, "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 1").rows
    assert other is a


def test_oxigraph_typed_literals_are_the_ones_rdflibs_constructor_makes() -> None:
    """Dates, integers and decimals in their usual forms skip rdflib's constructor: the same lexical form, value and
    well-formedness, in its usual forms and in the forms left to the constructor."""
    forms = ['"2024-02-29"^^xsd:date', '"2023-02-29"^^xsd:date', '"2020-01-01Z"^^xsd:date', '"0"^^xsd:integer',
             '"-12"^^xsd:integer', '"007"^^xsd:integer', '"+5"^^xsd:integer', '"12345678901234567890123"^^xsd:integer',
             '"1.50"^^xsd:decimal', '"-0.0"^^xsd:decimal', '"0.0000001"^^xsd:decimal', '"007.5"^^xsd:decimal',
             '".5"^^xsd:decimal', '"1."^^xsd:decimal', '"1700000"^^xsd:decimal', '"x"^^xsd:integer']
    rows = OxigraphStore(ox.Store()).query(f"SELECT ?v WHERE {{ VALUES ?v {{ {' '.join(forms)} }} }}").rows
    assert len(rows) == len(forms)
    for (term,) in rows:
        made = Literal(str(term), datatype=term.datatype)
        assert (str(term), term.datatype, term.value, term.ill_typed) == (str(made), made.datatype, made.value,
                                                                           made.ill_typed)
        assert type(term.value) is type(made.value) and term == made


def test_oxigraph_binds_like_every_engine_a_variable_the_projection_leaves_out() -> None:
    """Values are bound by a VALUES block first in WHERE (not Oxigraph's substitutions, which scan the whole
    pattern), so a bound variable need not be selected, and rdflib gives the same rows."""
    graph = small_graph()
    ours = OxigraphStore.from_graph(graph).query("SELECT ?s ?p WHERE { ?s ?p ?o }", {"o": A})
    assert ours.rows == [(URIRef("urn:z"), Q)]
    assert ours.rows == RdflibStore(graph).query("SELECT ?s ?p WHERE { ?s ?p ?o }", {"o": A}).rows


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
@pytest.mark.parametrize("spec", ["memory", "oxigraph", "rdflib"])
def test_open_store_loads_the_files(spec: str) -> None:
    store = open_store(spec)
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/lls-kg/ontology#Role> }"
    assert store.query(query).rows == [(Literal(2),)]


# --- the default engine reads the files with Oxigraph's own parsers ----------------------------------------


def test_memory_is_oxigraph_and_rdflib_stays_available() -> None:
    assert isinstance(open_store("memory"), OxigraphStore)
    assert isinstance(open_store("rdflib"), RdflibStore)


def test_blank_nodes_of_two_files_stay_apart_and_named_graphs_merge(tmp_path: Path) -> None:
    for name in ("one.ttl", "two.nt"):
        (tmp_path / name).write_text('_:b <urn:p> "x" .\n')
    (tmp_path / "three.trig").write_text("<urn:g1> { <urn:s> <urn:p> <urn:o> } <urn:g2> { <urn:s> <urn:p> <urn:o> }\n")
    store = open_store("memory", [tmp_path], default=False)
    assert store.query("SELECT (COUNT(*) AS ?n) { ?s <urn:p> 'x' }").rows == [(Literal(2),)]
    assert store.query("SELECT ?o { <urn:s> <urn:p> ?o }").rows == [(URIRef("urn:o"),)]  # once, as rdflib merges it


@pytest.mark.parametrize(("content", "message"), [
    ('<urn:a> <urn:b> "x" .\n<urn:a> <urn:b> "open .\n', r"bad\.ttl, line 2, column \d+: "),
    ("@prefix x: <urn:x#> .\nx:a x:b x:c\nx:d x:e x:f .\n", r"bad\.ttl, line 3, column 1: A dot is expected"),
    ("  \n", r"bad\.ttl: the file is empty"),
])
def test_an_unreadable_file_is_one_line_with_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "bad.ttl").write_text(content, encoding="utf-8")
    with pytest.raises(BadInput, match=message) as caught:
        open_store("memory", [tmp_path / "bad.ttl"], default=False)
    assert "\n" not in str(caught.value) and caught.value.exit_code == 2


@pytest.mark.parametrize("spec", ["memory", "rdflib"])
def test_a_json_ld_file_with_a_remote_context_is_refused_not_fetched(tmp_path: Path, spec: str) -> None:
    (tmp_path / "remote.jsonld").write_text('{"@context": "http://schema.org/", "@id": "urn:a", "name": "x"}')
    with pytest.raises(BadInput, match=r"remote\.jsonld: its JSON-LD @context is an address, and lls-kg fetches "
                                       "nothing over the network"):
        open_store(spec, [tmp_path / "remote.jsonld"], default=False)


def test_texts_are_plain_strings_on_every_backend(store) -> None:
    found = texts(store, "SELECT ?s ?o ?missing WHERE { ?s <urn:q> ?o } ORDER BY ?s")
    assert found.vars == ["s", "o", "missing"]
    assert [row[0] for row in found.rows] == ["urn:a", "urn:z"] and found.rows[1][1:] == ("urn:a", None)
    assert found.rows[0][1].startswith("_:")


#: Texts that CSV must quote, or that a reader could lose: a comma, quotes, line breaks, a tab, spaces at the ends,
#: letters beyond ASCII; and an empty one, read as nothing.
AWKWARD = ['a, "b"', "one\ntwo\r\nthree", "\tindented  ", "Leikanger – Luster – Sogndal: æøå", ""]


@pytest.fixture(scope="module")
def awkward_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    graph = Graph()
    for n, text in enumerate(AWKWARD):
        graph.add((URIRef(f"urn:t{n}"), URIRef("urn:says"), Literal(text, lang="nn" if n % 2 else None)))
    graph.add((URIRef("urn:t9"), URIRef("urn:on"), Literal("2015-01-01", datatype=XSD.date)))
    path = tmp_path_factory.mktemp("awkward") / "awkward.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    return path


def test_texts_keep_every_character_of_a_value_on_every_backend(engines, backend, awkward_file) -> None:
    store = engines.store(backend, [awkward_file], default=False)
    found = texts(store, "SELECT ?s ?o ?none WHERE { VALUES ?p { <urn:says> <urn:on> } ?s ?p ?o } ORDER BY STR(?s)")
    assert found.rows == [(f"urn:t{n}", text or None, None) for n, text in enumerate(AWKWARD)] + [
        ("urn:t9", "2015-01-01", None)]


def test_answers_asked_ahead_are_those_asked_one_by_one(store) -> None:
    queries = ["SELECT ?o WHERE { <urn:a> <urn:p> ?o } ORDER BY ?o", "SELECT ?s WHERE { ?s <urn:q> <urn:a> }"]
    alone = [texts(store, query) for query in queries]
    ask_ahead(store, queries)
    assert [texts(store, query) for query in queries] == alone  # handed out
    assert [texts(store, query) for query in queries] == alone  # and asked again


def _one_triple_on_disk(tmp_path: Path) -> OxigraphStore:
    """An on-disk store holding ``<urn:a> <urn:p> "x"``, opened as lls-kg opens one (read-only)."""
    writer = ox.Store(str(tmp_path / "store"))
    writer.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("x")))
    del writer
    return OxigraphStore.open(tmp_path / "store")


def test_queries_asked_ahead_and_not_begun_are_dropped_when_the_command_stops(tmp_path: Path, monkeypatch) -> None:
    """:func:`stop_asking` (the command line's last step) drops what no thread has begun, so Ctrl-C does not wait
    for every answer; an answer dropped is asked again if it is read after all."""
    store = _one_triple_on_disk(tmp_path)
    queries = [f"SELECT ?o ({n} AS ?n) WHERE {{ <urn:a> <urn:p> ?o }}" for n in range(6)]
    gate, answer = threading.Event(), store._told
    monkeypatch.setattr(store, "_told", lambda text: gate.wait() and answer(text))
    ask_ahead(store, queries)  # two threads begin, and wait at the gate; four are queued
    asked = dict(store._ready)
    stop_asking()
    gate.set()
    assert sorted(future.cancelled() for future in asked.values()) == [False] * 2 + [True] * 4
    assert [texts(store, query).rows for query in queries] == [[("x", str(n))] for n in range(6)]
    ask_ahead(store, queries[:1])  # and the store asks ahead again when told to
    assert texts(store, queries[0]).rows == [("x", "0")] and not store._ready


def test_an_on_disk_store_asks_ahead_and_hands_each_answer_out_once(tmp_path: Path) -> None:
    store = _one_triple_on_disk(tmp_path)
    query = "SELECT ?o WHERE { <urn:a> <urn:p> ?o }"
    ask_ahead(store, [query])
    first = texts(store, query)
    assert first.rows == [("x",)] and texts(store, query) == first and texts(store, query) is not first
    assert not store._ready  # nothing asked ahead stays held
    ask_ahead(store, [query, "ASK { ?s ?p ?o }"])
    assert texts(store, query) == first
    with pytest.raises(BadInput, match="cannot be read as a table"):  # said when the answer is read
        texts(store, "ASK { ?s ?p ?o }")
