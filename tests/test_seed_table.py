"""graph/README.md maps each statement of the page to the resources that represent it; the graph must agree."""

from __future__ import annotations

import re

import pytest
from rdflib import URIRef

from lls_kg import resources
from lls_kg.namespaces import PREFIXES

ROW = re.compile(r"^\| `(passage:[\w-]+)` \| (.+?) \| (.+) \|$")


def expand(name: str) -> URIRef:
    prefix, local = name.split(":", 1)
    return URIRef(PREFIXES[prefix] + local)


def table() -> dict[URIRef, list[URIRef]]:
    text = (resources.graph_dir() / "README.md").read_text(encoding="utf-8")
    rows = [ROW.match(line) for line in text.splitlines()]
    return {expand(m[1]): [expand(r) for r in re.findall(r"`([\w-]+:[\w-]+)`", m[3])] for m in rows if m}


DERIVED = """
PREFIX prov: <http://www.w3.org/ns/prov#>
ASK { ?resource prov:wasDerivedFrom ?passage ; ?p ?o }
"""
PASSAGES = "PREFIX lls: <https://w3id.org/lls-kg/ontology#> SELECT ?p WHERE { ?p a lls:SourcePassage }"


def test_every_passage_has_a_row(shipped):
    passages = {row[0] for row in shipped.query(PASSAGES).rows}
    assert passages == set(table())


@pytest.mark.parametrize("passage", sorted(table()), ids=lambda p: p.rsplit("/", 1)[-1])
def test_each_listed_resource_exists_and_cites_its_passage(shipped, passage):
    listed = table()[passage]
    assert listed, "a row lists no resources"
    for resource in listed:
        answer = shipped.query(DERIVED, bindings={"resource": resource, "passage": passage})
        assert answer.boolean, f"{resource} has no triples citing {passage}"
