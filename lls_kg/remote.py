"""Any SPARQL 1.1 endpoint as a store: queries over the SPARQL 1.1 Protocol, uploads over the Graph Store Protocol.

Apache Jena Fuseki, GraphDB, Virtuoso and Oxigraph's server all speak both, so
the package grows onto a real engine without changing how it is used: the
answers are the same :class:`~lls_kg.store.Result` of rdflib terms as on the
embedded backends.

HTTP goes through the standard library's ``urllib``: the protocol needs one
form-encoded POST per request, which ``urllib`` does with proxies and HTTPS
included; ``requests`` would add a dependency and import time and buy nothing here.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from .errors import BadInput, one_line
from .loader import PathLike, checked, shown, syntax_error
from .namespaces import PREFIXES
from .store import OX_FORMATS, QuerySyntaxError, Result, Term

#: What a query asks for: SPARQL JSON results for SELECT and ASK, N-Triples (or Turtle) for a graph.
ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
#: Response media type -> rdflib parser, for CONSTRUCT and DESCRIBE answers.
_GRAPH_TYPES = {"application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle"}
_JSON_TYPES = ("application/sparql-results+json", "application/json")
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
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
        """Run ``text``; ``bindings`` travel as a trailing ``VALUES`` block of RDF terms, never as pasted text."""
        body = urllib.parse.urlencode({"query": with_prefixes(text) + values_clause(bindings or {})}).encode()
        try:
            content_type, data = post(self.endpoint, body, "application/x-www-form-urlencoded",
                                      self.timeout, accept=ACCEPT)
        except _Refused as refusal:
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


def values_clause(bindings: Mapping[str, Term]) -> str:
    """A trailing ``VALUES`` block that fixes each variable to its term (empty without bindings).

    Each value is written by rdflib's ``n3()``, which escapes literals and refuses
    malformed IRIs, so a value can never change what the query does.
    """
    if not bindings:
        return ""
    for name in bindings:
        if not _VARIABLE.fullmatch(name):
            raise BadInput(f"'{name}' is not a SPARQL variable name")
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(_written(name, term) for name, term in bindings.items())
    return f"\nVALUES ({names}) {{ ({terms}) }}\n"


def _written(name: str, term: Term) -> str:
    if isinstance(term, BNode) or not isinstance(term, (URIRef, Literal)):
        raise BadInput(f"cannot bind ?{name} to {term!r} on a remote endpoint: only IRIs and literals travel")
    try:
        return term.n3()
    except Exception as error:  # rdflib refuses IRIs it cannot write safely
        raise BadInput(f"cannot bind ?{name}: {one_line(error)}") from None


class _Refused(Exception):
    """The endpoint answered with an HTTP error; ``str()`` is the one-line message for the user."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def post(url: str, body: bytes | Iterable[bytes], content_type: str, timeout: float, accept: str = "*/*",
         method: str = "POST") -> tuple[str, bytes]:
    """POST (or ``method``) ``body`` to ``url``; return the answer's media type and bytes.

    A ``body`` of several pieces is streamed (chunked) as it is made. An HTTP error raises
    ``_Refused`` with the server's own message; an unreachable or silent endpoint raises :class:`BadInput`.
    """
    request = urllib.request.Request(url, data=body, method=method,
                                     headers={"Content-Type": content_type, "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.headers.get_content_type(), answer.read()
    except urllib.error.HTTPError as error:
        raise _Refused(error.code, f"{url}: HTTP {error.code} {error.reason}: {_message(error)}") from None
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


#: Triples per request when uploading: big enough to amortise HTTP, small enough for any server.
CHUNK = 50_000


def store_url(endpoint: str) -> str:
    """The Graph Store Protocol address beside ``endpoint``, as Oxigraph lays it out (``/query`` -> ``/store``)."""
    parts = urllib.parse.urlsplit(check_url(endpoint))
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/store", "", ""))


def load_into(endpoint: str, files: Sequence[PathLike], replace: bool = False, *, gsp: str | None = None,
              timeout: float = 3600.0, progress: Callable[[str], None] | None = None) -> int:
    """Make the default graph of ``endpoint`` hold the triples of ``files``, and only them; return how many.

    One Graph Store Protocol ``PUT`` replaces the default graph, its body streamed as the files are
    parsed. A server runs a request as one transaction (Oxigraph, Fuseki and GraphDB do), so readers
    see the old graph or the whole new one, and a load cut short (the body ends without its last
    chunk, or a file turns out unreadable half-way) leaves the old graph as it was. One request is
    also what keeps it fast: a staging graph moved into place with SPARQL Update took six times as
    long on Oxigraph. A default graph that already holds triples is replaced only if ``replace`` is
    true (an endpoint cannot tell an earlier load from other people's data).

    Parameters
    ----------
    endpoint
        The SPARQL query endpoint.
    files
        RDF files; named graphs in TriG or N-Quads are merged, as the loader does.
    replace
        Replace a default graph that is not empty.
    gsp
        The Graph Store Protocol address, e.g. Fuseki's ``http://HOST:3030/DATASET/data``; by
        default Oxigraph's ``/store`` beside ``endpoint``.
    progress
        Hears a line per 50,000 triples sent: triples so far and the rate.

    Example
    -------
    >>> load_into("http://127.0.0.1:7878/query", ["graph/work.ttl"], replace=True)  # doctest: +SKIP
    1234
    """
    target = _default_graph(gsp or store_url(endpoint))
    if not replace and RemoteStore(endpoint, timeout).query("ASK { ?s ?p ?o }").boolean:
        raise BadInput(f"{endpoint}: the default graph already holds triples; "
                       "use --replace to replace them with the files")
    sent = _Sent(progress)
    body = (sent.add(path, batch) for path in map(Path, files) for batch in _batches(path, CHUNK))
    try:
        post(target, body, "application/n-triples", timeout, method="PUT")
    except _Refused as refusal:
        raise BadInput(f"loading the endpoint: {refusal}") from None
    return sent.triples


class _Sent:
    """Counts the triples an upload has sent, and tells ``progress`` how many and how fast."""

    def __init__(self, progress: Callable[[str], None] | None) -> None:
        self.progress = progress
        self.triples = 0
        self.started = time.monotonic()

    def add(self, path: Path, batch: list[Any]) -> bytes:
        """``batch`` as N-Triples, counted."""
        data = ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES)
        self.triples += len(batch)
        if self.progress:
            rate = self.triples / max(time.monotonic() - self.started, 1e-6)
            self.progress(f"uploaded {self.triples:,} triples ({rate:,.0f} triples/s; {shown(path)})")
        return data


def _default_graph(store: str) -> str:
    """The Graph Store Protocol address of the default graph of the graph store ``store``."""
    return f"{check_url(store)}{'&' if '?' in store else '?'}default"


def upload(endpoint: str, files: Iterable[PathLike], gsp: str | None = None, chunk: int = CHUNK,
           timeout: float = 300.0, progress: Callable[[str], None] | None = None) -> int:
    """Add the triples of ``files`` to the default graph of ``endpoint``; return how many were sent.

    Parameters
    ----------
    endpoint
        The SPARQL endpoint (its Graph Store Protocol address is derived from it unless ``gsp`` is given).
    files
        RDF files; named graphs in TriG or N-Quads are merged into one graph, as the loader does.
    gsp
        The Graph Store Protocol address, e.g. Fuseki's ``http://HOST:3030/DATASET/data``; default
        Oxigraph's ``/store``. Triples go to ``GSP?default`` with HTTP POST, which adds without replacing.
    chunk
        Triples per request. Triples with a blank node are held back and sent in one request per
        file, because a server gives the blank nodes of each request fresh identities.
    progress
        Hears one line per request: triples so far and the rate.

    Example
    -------
    >>> upload("http://127.0.0.1:7878/query", ["graph/work.ttl"])  # doctest: +SKIP
    1234
    """
    target = _default_graph(gsp or store_url(endpoint))
    sent = _Sent(progress)
    for path in map(Path, files):
        for batch in _batches(path, chunk):
            try:
                post(target, sent.add(path, batch), "application/n-triples", timeout)
            except _Refused as refusal:
                raise BadInput(f"uploading {shown(path)}: {refusal}") from None
    return sent.triples


def _batches(path: Path, size: int) -> Iterator[list[Any]]:
    """The triples of ``path`` in lists of ``size``, those with blank nodes together in one last list.

    Blank nodes get identities of their own (``rename_blank_nodes``), so two files sent in one request never share one.
    """
    path, fmt = checked(path)
    batch: list[Any] = []
    held: list[Any] = []
    try:
        for quad in ox.parse(path=str(path), format=OX_FORMATS[fmt], base_iri=path.resolve().as_uri(),
                             rename_blank_nodes=True):
            triple = ox.Triple(quad.subject, quad.predicate, quad.object)
            if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
                held.append(triple)
                continue
            batch.append(triple)
            if len(batch) >= size:
                yield batch
                batch = []
    except SyntaxError as error:
        raise syntax_error(path, error) from None
    except OSError as error:
        raise BadInput(f"{shown(path)}: cannot read the file ({one_line(error)})") from None
    for rest in (batch, held):
        if rest:
            yield rest
