"""Any SPARQL 1.1 endpoint as a store: queries over the SPARQL 1.1 Protocol, uploads over the Graph Store Protocol.

Apache Jena Fuseki, GraphDB, Virtuoso and Oxigraph's server all speak both, so
the package grows onto a real engine without changing how it is used: the
answers are the same :class:`~lls_kg.store.base.Result` of rdflib terms as on the
embedded backends. Loading an endpoint is :mod:`lls_kg.store.load`'s work.

HTTP goes through the standard library's ``urllib``: the protocol needs one
form-encoded POST per request, which ``urllib`` does with proxies and HTTPS
included; ``requests`` would add a dependency and import time and buy nothing here.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from ..errors import BadInput, one_line
from ..namespaces import PREFIXES
from .base import QuerySyntaxError, Result, Term
from .bind import bind_first

#: What a query asks for: SPARQL JSON results for SELECT and ASK, N-Triples (or Turtle) for a graph.
ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
#: Response media type -> rdflib parser, for CONSTRUCT and DESCRIBE answers.
_GRAPH_TYPES = {"application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle"}
_JSON_TYPES = ("application/sparql-results+json", "application/json")
_DECLARED = re.compile(r"\bPREFIX\s+([^\s:]*):", re.IGNORECASE)
#: How much of an error page a message quotes.
_MESSAGE_CHARS = 400


class RemoteStore:
    """A SPARQL 1.1 endpoint (``http(s)://...``), queried over the SPARQL 1.1 Protocol.

    The endpoint holds its own data: load it with :func:`upload`. Like the other
    backends it knows the project's prefixes, so a query may use ``lls:`` or
    ``project:`` without declaring them.
    """

    def __init__(self, endpoint: str, timeout: float = 60.0) -> None:
        self.endpoint = check_url(endpoint)
        self.timeout = timeout

    def query(self, text: str, bindings: Mapping[str, Term] | None = None) -> Result:
        """Run ``text``; ``bindings`` travel as a ``VALUES`` block of RDF terms first inside WHERE (:mod:`.bind`)."""
        body = urllib.parse.urlencode({"query": with_prefixes(bind_first(text, bindings))}).encode()
        try:
            content_type, data = post(self.endpoint, body, "application/x-www-form-urlencoded",
                                      self.timeout, accept=ACCEPT)
        except EndpointError as refusal:
            if refusal.status == 400:  # the protocol's answer to a malformed query
                raise QuerySyntaxError(f"the query cannot be run: {refusal}") from None
            raise BadInput(str(refusal)) from None
        return _result(self.endpoint, content_type, data)


def check_url(url: str) -> str:
    """``url`` if it is an ``http(s)://host...`` address; otherwise a plain-words error."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadInput(f"'{url}' is not the address of a SPARQL endpoint; use http(s)://HOST[:PORT]/PATH")
    return url


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


class EndpointError(Exception):
    """The endpoint answered with an HTTP error; ``str()`` is the one-line message for the user."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def post(url: str, body: bytes | Iterable[bytes], content_type: str, timeout: float, accept: str = "*/*",
         method: str = "POST") -> tuple[str, bytes]:
    """POST (or ``method``) ``body`` to ``url``; return the answer's media type and bytes.

    A ``body`` of several pieces is streamed (chunked) as it is made. An HTTP error raises
    ``EndpointError`` with the server's own message; an unreachable or silent endpoint raises :class:`BadInput`.
    """
    request = urllib.request.Request(url, data=body, method=method,
                                     headers={"Content-Type": content_type, "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.headers.get_content_type(), answer.read()
    except urllib.error.HTTPError as error:
        raise EndpointError(error.code, f"{url}: HTTP {error.code} {error.reason}: {_message(error)}") from None
    except (TimeoutError, urllib.error.URLError) as error:
        reason = getattr(error, "reason", error)  # urllib wraps a timeout while connecting, not one while reading
        if isinstance(reason, TimeoutError):
            raise BadInput(f"{url}: no answer within {timeout:g} s (raise the timeout or ask less)") from None
        why = getattr(reason, "strerror", None) or reason
        raise BadInput(f"{url}: cannot reach the endpoint ({one_line(why)})") from None
    except OSError as error:  # a connection reset half-way through the answer
        raise BadInput(f"{url}: the connection failed ({one_line(error)})") from None


def _message(error: urllib.error.HTTPError) -> str:
    """The start of the server's error page, on one line."""
    try:
        text = error.read(_MESSAGE_CHARS * 4).decode("utf-8", errors="replace")
    except OSError:
        text = ""
    text = one_line(text) or "(no message)"
    return text if len(text) <= _MESSAGE_CHARS else text[:_MESSAGE_CHARS] + "…"


def _result(url: str, content_type: str, data: bytes) -> Result:
    """The endpoint's answer as a :class:`Result` of rdflib terms."""
    if content_type in _JSON_TYPES:
        try:
            return _from_json(json.loads(data))
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise BadInput(f"{url}: the answer is not valid SPARQL JSON ({one_line(error)})") from None
    if content_type in _GRAPH_TYPES:
        graph = Graph()
        try:
            graph.parse(data=data, format=_GRAPH_TYPES[content_type])
        except Exception as error:  # rdflib's parsers raise many kinds
            raise BadInput(f"{url}: the answer is not valid RDF ({one_line(error)})") from None
        return Result("CONSTRUCT", graph=graph)
    raise BadInput(f"{url}: the endpoint answered with '{content_type}', which is no SPARQL result this tool reads")


def _from_json(answer: dict[str, Any]) -> Result:
    if "boolean" in answer:
        return Result("ASK", boolean=bool(answer["boolean"]))
    names = list(answer["head"]["vars"])
    rows = [tuple(_term(binding.get(name)) for name in names) for binding in answer["results"]["bindings"]]
    return Result("SELECT", vars=names, rows=rows)


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
