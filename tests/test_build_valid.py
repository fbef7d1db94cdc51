"""Every ``build`` output, with and without inference, is valid RDF 1.1 that rdflib and Oxigraph both read back."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from lls_kg.build import assemble, infer, serialise
from lls_kg.choices import GRAPH_FORMATS, INFERENCE
from lls_kg.store.files import OX_FORMATS, select

from test_build import parse


@pytest.fixture(scope="module", params=INFERENCE)
def built(request: pytest.FixtureRequest) -> Graph:
    """The shipped graph, built with each inference mode."""
    return assemble(select(), request.param)


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
def test_rdflib_and_oxigraph_read_back_every_build(built: Graph, fmt: str) -> None:
    data = serialise(built, fmt)
    assert isomorphic(parse(data, fmt), built)
    read = {(q.subject, q.predicate, q.object) for q in ox.parse(data, format=OX_FORMATS[fmt])}
    assert len(read) == len(built)


def test_inference_drops_the_generalised_triples_rdf_does_not_allow() -> None:
    graph = Graph().parse(data='<urn:a> <urn:p> "2017-06-08"^^<http://www.w3.org/2001/XMLSchema#date>, true .',
                          format="turtle")
    for mode in ("rdfs", "owlrl"):
        inferred = infer(graph, mode)
        assert len(inferred) > len(graph)
        assert not [s for s in inferred.subjects() if isinstance(s, Literal)]
        assert all(isinstance(p, URIRef) for p in inferred.predicates())
        assert all(isinstance(s, (URIRef, BNode)) for s in inferred.subjects())
