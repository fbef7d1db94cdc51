"""Content negotiation: the format of an answer, from the ``format`` parameter or the Accept header."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from .limits import Refused


_RESULT_TYPES = {  # media type -> format of a SELECT or ASK answer; a wildcard takes the first that fits
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
}


_GRAPH_TYPES = {  # media type -> format of a CONSTRUCT or DESCRIBE answer
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


#: ``format=``/``output=`` parameter values some clients (SPARQLWrapper) send -> media type.
_FORMAT_NAMES = {"json": "application/json", "xml": "application/xml", "csv": "text/csv",
                 "tsv": "text/tab-separated-values", "turtle": "text/turtle", "json-ld": "application/ld+json",
                 "jsonld": "application/ld+json", "nt": "application/n-triples", "n-triples": "application/n-triples",
                 "rdf+xml": "application/rdf+xml"}


def negotiate(form: str, accept: str, named: str | None = None) -> Any:
    """The answer's format: the ``format``/``output`` parameter if known, else the best of ``accept``.

    SELECT and ASK default to SPARQL JSON; CONSTRUCT and DESCRIBE to Turtle.
    """
    offered = _RESULT_TYPES if form in ("SELECT", "ASK") else _GRAPH_TYPES
    if named and _FORMAT_NAMES.get(named.lower()) in offered:
        return offered[_FORMAT_NAMES[named.lower()]]
    for media in _ranges(accept or "*/*"):
        if media in offered:
            return offered[media]
        if media in ("*/*", "*"):
            return next(iter(offered.values()))
        if media.endswith("/*"):
            match = next((fmt for name, fmt in offered.items() if name.startswith(media[:-1])), None)
            if match is not None:
                return match
    kinds = ", ".join(dict.fromkeys(offered))
    raise Refused(406, f"no acceptable format for a {form} answer; this endpoint offers: {kinds}")


def _ranges(accept: str) -> list[str]:
    """The media ranges of an Accept header, best first (by q, then in the order given); q=0 left out."""
    ranked = []
    for position, item in enumerate(accept.split(",")):
        media, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, position, media.lower()))
    return [media for _, _, media in sorted(ranked)]


def media_type(fmt: Any) -> str:
    media = fmt.media_type.split(";")[0]
    return f"{media}; charset=utf-8" if media.startswith("text/") else media
