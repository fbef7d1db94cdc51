"""The graph describes itself as a dataset (DCAT, VoID), with counts that match ``lls-kg stats``."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, XSD

from lls_kg import api
from lls_kg.build import assemble, context, serialise
from lls_kg.dataset import DATASET, DCAT, VOID, build_date
from lls_kg.errors import BadInput
from lls_kg.namespaces import PREFIXES
from lls_kg.store.files import select

ROOT = Path(__file__).resolve().parent.parent
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")


@pytest.fixture(scope="module")
def built() -> Graph:
    return assemble(select())


def test_the_dataset_has_titles_licence_publisher_source_version_and_endpoint(built: Graph) -> None:
    assert (DATASET, RDF.type, DCAT.Dataset) in built and (DATASET, RDF.type, VOID.Dataset) in built
    for prop in (DCTERMS.title, DCTERMS.description):
        assert {value.language for value in built.objects(DATASET, prop)} == {"nn", "nb", "en"}
    assert built.value(DATASET, DCTERMS.license) == CC_BY
    assert built.value(built.value(DATASET, DCTERMS.rights), RDF.type) == DCTERMS.RightsStatement
    assert built.value(built.value(DATASET, DCTERMS.publisher), FOAF.name, any=True) is not None
    source = built.value(DATASET, DCTERMS.source)
    assert built.value(source, DCTERMS.source) == URIRef("https://distriktssenteret.no/artikkel/sogndal/")
    version = re.search(r'^version = "(.+)"$', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M)[1]
    assert str(built.value(DATASET, DCAT.version)) == version
    assert built.value(DATASET, DCTERMS.issued).datatype == XSD.date
    assert built.value(DATASET, DCTERMS.modified) == Literal(date.today().isoformat(), datatype=XSD.date)
    assert str(built.value(DATASET, VOID.sparqlEndpoint)).endswith("/sparql")


def test_the_counts_match_stats(built: Graph) -> None:
    table = api.open().stats().rows
    triples = next(int(count) for measure, _, count in table if str(measure) == "triples")
    instances = {item: int(count) for measure, item, count in table if str(measure) == "instances"}
    assert int(built.value(DATASET, VOID.triples)) == triples
    partitions = {built.value(part, VOID["class"]): int(built.value(part, VOID.entities))
                  for part in built.objects(DATASET, VOID.classPartition)}
    assert partitions == instances and partitions[DCAT.Dataset] == 1


def test_a_graph_without_the_description_gets_no_counts(home: Path) -> None:
    assert not list(assemble(select()).triples((None, VOID.triples, None)))


def test_source_date_epoch_fixes_the_build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build_date() == date(2023, 11, 14)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(BadInput, match="SOURCE_DATE_EPOCH is 'yesterday'"):
        build_date()


def test_json_ld_is_compact_with_the_shipped_context_written_in(built: Graph) -> None:
    document = json.loads(serialise(built, "json-ld"))
    assert document["@context"] == context()["@context"] == PREFIXES
    dataset = next(node for node in document["@graph"] if node["@id"] == str(DATASET))
    assert set(dataset["@type"]) == {"dcat:Dataset", "void:Dataset"}
    assert dataset["dcterms:license"] == {"@id": str(CC_BY)}
    assert "@context" not in json.dumps(document["@graph"])  # one context, never an address
