"""The project's IRIs, defined once.

The vocabulary lives in one namespace (``lls:``); instances live under
``https://w3id.org/lls-kg/id/<kind>/<slug>``, one prefix per kind so Turtle
stays readable (``project:sykkelloyper``).
"""

from __future__ import annotations

import re
from typing import Any

BASE = "https://w3id.org/lls-kg/"
LLS = BASE + "ontology#"
ID = BASE + "id/"

#: Instance kinds; each becomes the prefix ``<kind>:`` -> ``ID + kind + "/"``.
KINDS = (
    "region", "municipality", "unit", "organisation", "environment", "group",
    "programme", "phase", "goal", "theme", "effect", "indicator",
    "project", "activity", "document", "fund", "service", "event",
    "observation", "lesson", "role", "transfer", "identifier", "instant",
    "passage", "source", "row", "use",
)

#: Standard vocabularies we reuse.
STANDARD = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "adms": "http://www.w3.org/ns/adms#",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "wd": "http://www.wikidata.org/entity/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
}

#: Every prefix the project binds, in the order Turtle output lists them.
PREFIXES: dict[str, str] = {
    "lls": LLS,
    **{kind: f"{ID}{kind}/" for kind in KINDS},
    **STANDARD,
}

#: The prefixes, longest namespace first (the order of PREFIXES among equals): the first covering one is the longest.
_LONGEST_FIRST = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))
_LOCAL_NAME = re.compile(r"(?:[\w](?:[\w.\-]*[\w\-])?)?")


def curie(iri: str) -> str:
    """``iri`` as a prefixed name (``project:sykkelloyper``) where a prefix covers it, else unchanged.

    Reports and tables are read by people; full IRIs drown the part that matters.
    """
    prefix, ns = next(((prefix, ns) for prefix, ns in _LONGEST_FIRST if iri.startswith(ns)), (None, ""))
    if prefix is not None:
        local = iri[len(ns):]
        if _LOCAL_NAME.fullmatch(local):
            return f"{prefix}:{local}"
    return iri


def bind_prefixes(graph: Any) -> None:
    """Bind the project's prefixes on an rdflib graph or dataset, replacing rdflib's defaults."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)

