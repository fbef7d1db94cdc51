"""The query API: ``GET /api/{query}?param=value`` runs a named query; ``GET /api`` describes them in OpenAPI 3.

Each query of ``lls_kg/sparql/queries`` that people browse (not the package's
internal ones) is one operation. Its parameters take the names people use (a
label, a prefixed name or an IRI), resolved to one IRI and bound as an RDF term
exactly as ``lls-kg query NAME --param`` does; the engine answers within the
endpoint's limits (timeout, row cap; it is read-only) and in the formats the
endpoint offers (``Accept`` or ``?format=``). The OpenAPI description is made
from the ``.rq`` headers: summary, description, tags, parameters with their
defaults and enumerations.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..errors import BadInput
from ..sparql import NamedQuery, bound, list_named
from ..store import RemoteStore
from ..store.bind import bind_first
from ..store.remote import with_prefixes
from .engine import Engine, answer
from .guard import verdict
from .limits import Limits, Refused
from .negotiate import media_type, negotiate

#: The query parameter that names the answer's format instead of the Accept header.
FORMAT = "format"
#: What a SELECT answer can be, as the endpoint offers it.
SELECT_TYPES = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values")
#: What a CONSTRUCT or DESCRIBE answer can be.
GRAPH_TYPES = ("text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml")


def handles(path: str) -> bool:
    """Whether ``path`` is the API's (the front door routes it here)."""
    return path == "/api" or path.startswith("/api/")


def respond(engine: Engine, path: str, params: Mapping[str, list[str]], accept: str,
            limits: Limits) -> tuple[str, bytes]:
    """The media type and body that answer ``GET path``; :class:`Refused` (400, 404, 406 …) otherwise."""
    name = path.removeprefix("/api").strip("/")
    if not name:
        return "application/json", json.dumps(openapi(limits), ensure_ascii=False, indent=2).encode("utf-8")
    query = _queries().get(name)
    if query is None:
        raise Refused(404, f"no query named '{name}'; the queries are: {', '.join(_queries())} (described at /api)")
    values = {}
    for key, given in params.items():
        if len(given) != 1:
            raise Refused(400, f"give the parameter '{key}' once")
        if key != FORMAT:
            values[key] = given[0]
    store = RemoteStore(engine.url.rstrip("/") + "/query", timeout=limits.timeout + 5)
    try:
        text = with_prefixes(bind_first(query.text, bound(store, query, values)))
    except BadInput as error:  # an unknown or missing parameter, a name that picks no resource or several
        raise Refused(400, str(error)) from None
    form = verdict(text)[1]
    fmt = negotiate(form, accept, next(iter(params.get(FORMAT, [])), None))
    return media_type(fmt), answer(engine, text, form, fmt, limits)


def openapi(limits: Limits) -> dict[str, Any]:
    """The OpenAPI 3 description of every public named query, from the ``.rq`` headers."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "lls-kg query API",
            "version": "1",
            "description": "The named queries of the knowledge graph of the Leikanger – Luster – Sogndal city "
                           "region. A parameter takes a label, a prefixed name (project:sykkelloyper) or an IRI, "
                           f"resolved to one resource. Read-only; {limits.timeout} s and {limits.max_rows} rows "
                           "a query. The raw SPARQL endpoint is /sparql.",
            "license": {"name": "CC BY 4.0 (the data; the quoted source passages remain the source's)",
                        "url": "https://creativecommons.org/licenses/by/4.0/"},
        },
        "paths": {f"/api/{query.name}": {"get": _operation(query)} for query in _queries().values()},
    }


def _operation(query: NamedQuery) -> dict[str, Any]:
    parameters = [_parameter(query, param.name, param.required, param.description) for param in query.params]
    parameters.append({"name": FORMAT, "in": "query", "required": False,
                       "description": "The answer's format, instead of the Accept header (json, xml, csv, tsv; "
                                      "turtle, json-ld, nt for a graph).",
                       "schema": {"type": "string"}})
    types = SELECT_TYPES if verdict(query.text)[1] in ("SELECT", "ASK") else GRAPH_TYPES
    operation: dict[str, Any] = {
        "operationId": query.name, "summary": query.title, "description": query.description,
        "parameters": parameters,
        "responses": {
            "200": {"description": "The answer.", "content": {media: {"schema": {}} for media in types}},
            "400": {"description": "A parameter unknown, missing, or naming no resource or several."},
            "406": {"description": "No acceptable format."},
            "422": {"description": "More rows than the endpoint sends."},
            "503": {"description": "The query ran longer than the endpoint's limit."},
        },
    }
    if query.tags:
        operation["tags"] = list(query.tags)
    return operation


def _parameter(query: NamedQuery, name: str, required: bool, description: str) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    if name in query.defaults:
        schema["default"] = query.defaults[name]
    if query.enumerate.get(name):
        schema["enum"] = list(query.enumerate[name])
    return {"name": name, "in": "query", "required": required, "description": description, "schema": schema}


def _queries() -> dict[str, NamedQuery]:
    return {query.name: query for query in list_named(internal=False)}
