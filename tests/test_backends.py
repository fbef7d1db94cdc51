"""Every named query and every view gives the same answer on every backend.

rdflib's engine, Oxigraph in memory, Oxigraph on disk and an Oxigraph server
each answer each query on the shipped graph (queries that need a parameter get
one); the rows (as a multiset, since only some queries fix an order) and the
views (nodes and edges with all their attributes, in order) must equal those of
Oxigraph in memory, the default engine.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pytest
from rdflib import URIRef
from rdflib.compare import isomorphic

from lls_kg.choices import VIEWS
from lls_kg.formats import render
from lls_kg.network import views
from lls_kg.sparql import list_named, run
from lls_kg.sparql.labels import Labels
from lls_kg.store import Result

from conftest import compact_rows

#: Values for the parameters a query requires (the optional ones are left free).
REQUIRED = {"resource": "project:sykkelloyper", "class": "lls:Actor"}
#: Columns that GROUP_CONCAT a set (and their separator): every engine may list it in its own order, and over no value
#: rdflib gives "" where Oxigraph leaves it unbound (the code reads both as nothing).
CONCATENATED = {"serves_goal": " ", "classes": " ", "work_labels": "; "}
#: Queries whose answer depends on the engine's own term identifiers, compared by size only.
BLANK_IDS = {"names", "known", "labels", "triples"}
QUERIES = [query.name for query in list_named() if query.name not in ("shacl_results",)]


def answer(store, name: str) -> Result:
    query = next(q for q in list_named() if q.name == name)
    return run(store, query, {p.name: REQUIRED[p.name] for p in query.params if p.required})


def rows(result: Result) -> Counter:
    if result.kind == "ASK":
        return Counter([result.boolean])
    listed = [CONCATENATED.get(name) for name in result.vars]
    return Counter(tuple(sep.join(sorted((value or "").split(sep))) if sep else value
                         for value, sep in zip(row, listed)) for row in compact_rows(result))


@pytest.mark.parametrize("name", QUERIES)
def test_every_named_query_answers_alike(engines, backend, name):
    expected, found = answer(engines.store("memory"), name), answer(engines.store(backend), name)
    assert found.vars == expected.vars
    if found.kind == "CONSTRUCT":  # the descriptions serve's /id/ and /ontology send
        assert isomorphic(found.graph, expected.graph) and len(found.graph), name
        return
    if name in BLANK_IDS:
        assert len(found.rows) == len(expected.rows)
    else:
        assert rows(found) == rows(expected)
    assert found.rows, f"{name} answers nothing on the shipped graph: the test would prove nothing"


@pytest.fixture(scope="module")
def expected_views(engines):
    return views(engines.store("memory"), VIEWS)


@pytest.mark.parametrize("name", VIEWS)
def test_every_view_is_built_alike(engines, backend, expected_views, name):
    expected, found = expected_views[name], views(engines.store(backend), [name])[name]
    assert nx.utils.graphs_equal(found, expected)
    assert list(found.nodes(data=True)) == list(expected.nodes(data=True))  # same order too: seeded results repeat
    assert list(found.edges(data=True)) == list(expected.edges(data=True))
    assert found.name == name and len(found) > 0


#: Queries with parameters, as people give them (labels included): where a trailing VALUES block gave wrong rows.
BOUND = [
    ("owners", {"owner": "Leikanger – Luster – Sogndal"}),
    ("owners", {"owner": "Sogn terrengsykkel"}),
    ("owners", {"project": "project:sykkelloyper"}),
    ("goal_actors", {"goal": "goal:offentlege-arbeidsplassar"}),
    ("goal_actors", {"actor": "region:lls"}),
    ("goal_actors", {"actor": "Luster municipality"}),
    ("source", {"resource": "observation:folketal-lls-2015"}),
    ("region_facts", {"region": "Leikanger – Luster – Sogndal"}),
    ("region_counts", {"region": "region:lls"}),
]


@pytest.mark.parametrize(("name", "params"), BOUND, ids=[f"{name}-{next(iter(p.values()))}" for name, p in BOUND])
def test_every_bound_query_answers_alike(engines, backend, name, params):
    query = next(q for q in list_named() if q.name == name)
    expected = run(engines.store("memory"), query, params)
    found = run(engines.store(backend), query, params)
    assert found.vars == expected.vars and rows(found) == rows(expected)
    assert found.rows or name == "owners", f"{name} {params} answers nothing: the test would prove nothing"


@pytest.mark.parametrize("name", ["owners", "goal_actors", "cross_border"])
def test_tables_in_nynorsk_name_alike_on_every_backend(engines, backend, name):
    """A table reads the labels of just the resources it names, and the role terms by their English label
    (:meth:`Labels.read_for`, ``term_labels.rq``): every engine names them alike, in the reader's language."""
    expected, found = ({*render(answer(engines.store(where), name), "table", "nn",
                               Labels(engines.store(where))).splitlines()} for where in ("memory", backend))
    assert found == expected
    assert "tidlegare prosjekteigar" in "".join(found) or name != "owners"


@pytest.mark.parametrize("text", [
    "ASK { project:sykkelloyper a lls:Project }",
    "ASK { project:sykkelloyper a lls:Goal }",
    "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a lls:Municipality ; rdfs:label ?l }",
])
def test_ask_and_construct_answer_alike(engines, backend, text):
    expected, found = engines.store("memory").query(text), engines.store(backend).query(text)
    assert found.kind == expected.kind and found.boolean == expected.boolean
    if expected.graph is not None:
        assert found.graph is not None and len(found.graph) > 0
        assert isomorphic(found.graph, expected.graph)


def test_describe_gives_a_graph_about_the_resource_everywhere(engines, backend):
    """What DESCRIBE returns is the engine's choice (SPARQL 1.1, 16.4): Oxigraph gives the triples about the
    resource, Virtuoso those that point at it too. Every engine gives at least the first, and nothing else."""
    project = URIRef("https://w3id.org/lls-kg/id/project/sykkelloyper")
    about = set(engines.store("memory").query("DESCRIBE project:sykkelloyper").graph)
    found = set(engines.store(backend).query("DESCRIBE project:sykkelloyper").graph)
    assert about and about <= found
    assert all(project in (subject, value) for subject, _, value in found)
