"""Any SPARQL 1.1 endpoint as a store: queries over the SPARQL 1.1 Protocol.

Apache Jena Fuseki, GraphDB, Virtuoso and Oxigraph's server all speak it, so
the package grows onto a real engine without changing how it is used: the
answers are the same :class:`~lls_kg.store.base.Result` of rdflib terms as on the
embedded backends. What engines say differently is read here: Virtuoso answers
ASK as a one-cell table and marks an answer it cut at its row cap only with a
header. Each request is bounded in time and size (:mod:`.http`); loading an
endpoint is :mod:`.upload`'s work.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Mapping
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from ..errors import BadInput, one_line
from ..namespaces import PREFIXES
from .base import QuerySyntaxError, Result, Term
from .bind import bind_first
from .http import MAX_BYTES, Answer, EndpointError, check_url, request

#: What each query form asks for: SPARQL JSON results for SELECT and ASK, N-Triples (or Turtle) for a graph.
RESULTS = "application/sparql-results+json, application/json;q=0.9"
GRAPHS = "application/n-triples, text/plain;q=0.9, text/turtle;q=0.8"
#: Response media type -> rdflib parser, for CONSTRUCT and DESCRIBE answers.
_GRAPH_TYPES = {"application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle"}
_JSON_TYPES = ("application/sparql-results+json", "application/json")
_DECLARED = re.compile(r"\bPREFIX\s+([^\s:]*):", re.IGNORECASE)
#: The query form: the first of its keywords outside IRIs and comments (a prefix named ``ask:`` is no keyword).
_SKIPPED = re.compile(r"<[^<>\s]*>|#[^\n]*")
_FORM = re.compile(r"(?<![\w:?$])(SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY"
                   r"|WITH|MODIFY)(?![\w:])", re.IGNORECASE)
_QUERIES = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
#: A limit the query itself asks for, at its end.
_LIMIT = re.compile(r"\bLIMIT\s+(\d+)(?:\s+OFFSET\s+\d+)?\s*$|\bOFFSET\s+\d+\s+LIMIT\s+(\d+)\s*$", re.IGNORECASE)
#: The header by which Virtuoso says it cut an answer at its ``ResultSetMaxRows``.
_MAX_ROWS = "X-SPARQL-MaxRows"


class RemoteStore:
    """A SPARQL 1.1 endpoint (``http(s)://...``), queried over the SPARQL 1.1 Protocol.

    The endpoint holds its own data: load it with :func:`lls_kg.store.load.load_endpoint`. Like the
    other backends it knows the project's prefixes, so a query may use ``lls:`` or ``project:``
    without declaring them. Every answer arrives within ``timeout`` seconds and ``max_bytes``, and
    an answer the engine cut at its row cap is an error, not a short table.
    """

    def __init__(self, endpoint: str, timeout: float = 60.0, max_bytes: int = MAX_BYTES) -> None:
        self.endpoint = check_url(endpoint)
        self.timeout = timeout
        self.max_bytes = max_bytes

    def query(self, text: str, bindings: Mapping[str, Term] | None = None) -> Result:
        """Run ``text``; ``bindings`` travel as a ``VALUES`` block of RDF terms first inside WHERE (:mod:`.bind`)."""
        form = query_form(text)
        if form is not None and form not in _QUERIES:  # an endpoint that takes updates too (Virtuoso) runs them
            raise QuerySyntaxError("the query cannot be run: only SELECT, ASK, CONSTRUCT and DESCRIBE are read; "
                                   "lls-kg never changes a store (load it with lls-kg load)")
        body = urllib.parse.urlencode({"query": with_prefixes(bind_first(text, bindings))}).encode()
        try:
            answer = request(self.endpoint, body, "application/x-www-form-urlencoded", self.timeout,
                             accept=GRAPHS if form in ("CONSTRUCT", "DESCRIBE") else RESULTS,
                             max_bytes=self.max_bytes)
        except EndpointError as refusal:
            if refusal.status == 400:  # the protocol's answer to a malformed query
                raise QuerySyntaxError(f"the query cannot be run: {refusal}") from None
            raise BadInput(str(refusal)) from None
        result = _result(self.endpoint, answer, form)
        _check_complete(self.endpoint, answer, result, text)
        return result

    def update(self, text: str, address: str | None = None) -> None:
        """Run the SPARQL Update ``text`` at ``address`` (by default the endpoint itself, as Virtuoso has it)."""
        body = urllib.parse.urlencode({"update": text}).encode()
        try:
            request(address or self.endpoint, body, "application/x-www-form-urlencoded", self.timeout)
        except EndpointError as refusal:
            raise BadInput(str(refusal)) from None


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: what ``text`` asks for (an update: its first keyword; else None).

    >>> query_form("PREFIX ask: <urn:select#> # CONSTRUCT\\nDESCRIBE ask:x")
    'DESCRIBE'
    """
    found = _FORM.search(_SKIPPED.sub(" ", text))
    return found.group(1).upper() if found else None


def with_prefixes(text: str) -> str:
    """``text`` preceded by the project's prefixes it seems to use (``name:``) but does not declare.

    A query that declares its prefixes, as every named query does, goes out unchanged, so
    an endpoint's syntax errors point at the user's text. Added ones go on the first line,
    which keeps at least the line numbers; an unused one now and then does no harm.
    """
    declared = set(_DECLARED.findall(text))
    missing = " ".join(f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items()
                       if name not in declared and re.search(rf"(?<![\w.\-/#?$]){name}:", text))
    return f"{missing} {text}" if missing else text


def _result(url: str, answer: Answer, form: str | None) -> Result:
    """The endpoint's answer as a :class:`Result` of rdflib terms."""
    if answer.content_type in _JSON_TYPES:
        try:
            return _from_json(json.loads(answer.data), form)
        except RecursionError:
            raise BadInput(f"{url}: the answer is nested too deeply to be SPARQL JSON") from None
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise BadInput(f"{url}: the answer is not valid SPARQL JSON ({one_line(error)})") from None
    if answer.content_type in _GRAPH_TYPES:
        graph = Graph()
        try:
            graph.parse(data=answer.data, format=_GRAPH_TYPES[answer.content_type])
        except Exception as error:  # rdflib's parsers raise many kinds
            raise BadInput(f"{url}: the answer is not valid RDF ({one_line(error)})") from None
        return Result("CONSTRUCT", graph=graph)
    raise BadInput(f"{url}: the endpoint answered with '{answer.content_type}', "
                   "which is no SPARQL result this tool reads")


def _from_json(answer: dict[str, Any], form: str | None) -> Result:
    if "boolean" in answer:
        return Result("ASK", boolean=_boolean(answer["boolean"]))
    names = list(answer["head"]["vars"])
    rows = [tuple(_term(binding.get(name)) for name in names) for binding in answer["results"]["bindings"]]
    if form == "ASK" and len(names) == 1 and len(rows) <= 1:  # Virtuoso 7 answers ASK as a table: 1 row or none
        return Result("ASK", boolean=bool(rows) and _boolean(str(rows[0][0])))
    return Result("SELECT", vars=names, rows=rows)


def _boolean(value: object) -> bool:
    """A JSON boolean, or its text (``"false"`` is false); anything else is no answer to ASK."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "1", "false", "0"):
        return value.strip().lower() in ("true", "1")
    raise ValueError(f"'{value}' is not a boolean")


def _check_complete(url: str, answer: Answer, result: Result, text: str) -> None:
    """Refuse an answer the engine cut at its row cap, unless the query's own LIMIT is what ended it."""
    cap = answer.headers.get(_MAX_ROWS)
    if cap is None or result.kind != "SELECT" or not cap.strip().isdigit():
        return
    asked = _LIMIT.search(text)
    if asked and int(asked.group(1) or asked.group(2)) <= int(cap):
        return
    if len(result.rows) >= int(cap):
        raise BadInput(f"{url}: the endpoint cut the answer at {int(cap):,} rows (its row cap, Virtuoso's "
                       "ResultSetMaxRows in virtuoso.ini [SPARQL]); raise the cap on the server, or ask for "
                       "less with LIMIT/OFFSET")


def _term(value: dict[str, str] | None) -> Term | None:
    """One SPARQL JSON term as rdflib's; ``xsd:string`` is dropped, as the embedded backends do."""
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in ("literal", "typed-literal"):  # "typed-literal": SPARQL JSON before 1.1 (older Virtuoso)
        if "xml:lang" in value:
            return Literal(value["value"], lang=value["xml:lang"])
        datatype = value.get("datatype")
        return Literal(value["value"], datatype=None if datatype in (None, str(XSD.string)) else URIRef(datatype))
    raise ValueError(f"unknown term type '{kind}' (RDF-star is not supported)")
