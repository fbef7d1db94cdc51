"""`lls-kg serve` resolves the graph's IRIs: GET /id/… and /ontology, by content negotiation, on the real engine."""

from __future__ import annotations

import html
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCTERMS, OWL

from lls_kg.dataset import DATASET, VOID, described

from lls_kg.serve import Endpoint, Limits, background, started
from lls_kg.serve.resources import resource_page
from lls_kg.store import open_store
from lls_kg.store.embedded import RdflibStore
from lls_kg.store.files import read, select

from engines import needs_oxigraph

LLS = "https://w3id.org/lls-kg/ontology#"
PROJECT = "https://w3id.org/lls-kg/id/project/sykkelloyper"
QUOTE = "de overførte prosjektet med bygging av sykkelløyper til Sogn terrengssykkel"


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    needs_oxigraph()
    with started(select(), port=0, limits=Limits(timeout=5, max_rows=5000)) as server, background(server):
        yield server


def get(endpoint: Endpoint, path: str, accept: str = "*/*") -> tuple[int, str, dict[str, str], bytes]:
    """Status, media type, headers and body of ``GET path``."""
    request = urllib.request.Request(endpoint.url.removesuffix("/sparql") + path, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=20) as answer:
            return answer.status, answer.headers.get_content_type(), dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), dict(error.headers), error.read()


def test_a_browser_gets_the_page_with_facts_sources_and_links(endpoint: Endpoint) -> None:
    status, media, headers, body = get(endpoint, "/id/project/sykkelloyper", "text/html,*/*;q=0.8")
    page = body.decode()
    assert (status, media, headers["Vary"]) == (200, "text/html", "Accept")
    assert "<h1>Bygging av sykkelløyper</h1>" in page and '<html lang="nn">' in page
    assert "Sogn terrengsykkel" in page and html.escape(QUOTE) in page  # an owner, and the source's own words
    assert '<a href="/id/role/sykkelloyper-eigar">' in page  # what points to it, as a link
    assert "default-src 'none'" in page and "<script" not in page and "<link" not in page


def test_the_page_comes_in_the_language_asked(endpoint: Endpoint) -> None:
    page = get(endpoint, "/id/project/sykkelloyper?lang=en", "text/html")[3].decode()
    assert "<h1>Building bike trails</h1>" in page and "What points here" in page
    assert get(endpoint, "/id/project/sykkelloyper?lang=de", "text/html")[0] == 400


@pytest.mark.parametrize(("accept", "media", "fmt"), [
    ("text/turtle", "text/turtle", ox.RdfFormat.TURTLE),
    ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("*/*", "text/turtle", ox.RdfFormat.TURTLE),
])
def test_machines_get_rdf_that_parses(endpoint: Endpoint, accept: str, media: str, fmt: ox.RdfFormat) -> None:
    status, got, _, body = get(endpoint, "/id/project/sykkelloyper", accept)
    assert (status, got) == (200, media)
    triples = [quad.triple for quad in ox.parse(body, format=fmt)]
    assert ox.NamedNode(PROJECT) in {t.subject for t in triples}  # its facts
    assert ox.NamedNode(PROJECT) in {t.object for t in triples}  # and what points to it


def test_turtle_by_name_parses_in_rdflib_too(endpoint: Endpoint) -> None:
    graph = Graph().parse(data=get(endpoint, "/id/project/sykkelloyper?format=turtle", "text/html")[3],
                          format="turtle")
    assert (URIRef(PROJECT), RDF.type, URIRef("https://w3id.org/lls-kg/ontology#Project")) in graph


def test_the_dataset_tells_its_counts_as_the_build_does(endpoint: Endpoint) -> None:
    served = Graph().parse(data=get(endpoint, "/id/dataset/lls-kg", "text/turtle")[3], format="turtle")
    built = Graph()
    built += described(RdflibStore(read(select()).graph), date(2026, 1, 1))
    for predicate in (VOID.triples, DCTERMS.modified):
        assert served.value(DATASET, predicate) is not None, predicate
    assert served.value(DATASET, VOID.triples) == built.value(DATASET, VOID.triples)
    assert partitions(served) == partitions(built) and URIRef(f"{LLS}Project") in partitions(served)


def partitions(graph: Graph) -> dict[URIRef, int]:
    """The entities counted in each of the dataset's class partitions."""
    return {graph.value(part, VOID["class"]): int(graph.value(part, VOID.entities))
            for part in graph.objects(DATASET, VOID.classPartition)}


def test_the_ontology_terms_resolve(endpoint: Endpoint) -> None:
    page = get(endpoint, "/ontology", "text/html")[3].decode()
    assert '<section id="Project">' in page and "<h1>LLS-vokabularet</h1>" in page
    graph = Graph().parse(data=get(endpoint, "/ontology", "text/turtle")[3], format="turtle")
    assert (URIRef("https://w3id.org/lls-kg/ontology#Project"), RDF.type, OWL.Class) in graph


@pytest.mark.parametrize(("path", "accept", "status"), [
    ("/id/project/no-such-project", "text/html", 404),
    ("/id/project/no-such-project", "text/turtle", 404),
    ("/id/project/sykkelloyper", "image/png", 406),
    ("/id/project/sykkelloyper?format=rdfxml", "*/*", 400),
])
def test_what_cannot_be_answered_gets_a_clear_status(endpoint: Endpoint, path: str, accept: str, status: int) -> None:
    code, media, _, body = get(endpoint, path, accept)
    assert (code, media) == (status, "text/plain") and body.strip()


def test_hostile_text_in_the_data_is_shown_never_run(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.ttl"
    hostile.write_text('<https://w3id.org/lls-kg/id/project/x> <http://www.w3.org/2000/01/rdf-schema#label> '
                       '"<img src=x onerror=alert(1)>"@nn ; <http://purl.org/dc/terms/source> <javascript:alert(2)> .',
                       encoding="utf-8")
    page = resource_page(open_store("memory", [hostile], default=False), "https://w3id.org/lls-kg/id/project/x", "nn")
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert 'href="javascript:' not in page
