"""Loading a SPARQL endpoint: the files replace a graph only when complete, and the result is counted.

A load never loses data and never lies. On most engines the triples go to a
staging graph of their own in requests of :data:`CHUNK` triples, each with a
Content-Length (Virtuoso ignores a chunked body and answers 204 as if all were
well); the staging graph is counted against what was sent, and only then does
one SPARQL Update ``MOVE`` replace the target graph with it. An Oxigraph server
(it names itself in its ``Server`` header) runs each request as one transaction,
so there the engine's own way is used: one streamed Graph Store Protocol ``PUT`` of
every triple, 3.6 times as fast as staging and a ``MOVE``, which copies every triple again
(bench/RESULTS.md). Either way a load that fails, is refused or killed at any
point leaves the target as it was or complete (a killed staged load may leave its
staging graph, ``urn:lls-kg:loading:*``, which no query of the target sees; a MOVE
already sent runs to its end). Virtuoso's MOVE is not isolated from readers: a query
during it can see the target empty or partly filled. The target
is counted after the load, and a failure reports the server's own status and message.

Where things are: Oxigraph's server has ``/query``, ``/update`` and ``/store``
(Graph Store Protocol); Virtuoso has ``/sparql`` for both and
``/sparql-graph-crud``. Any other layout (Fuseki: ``/DATASET/sparql``,
``/DATASET/update``, ``/DATASET/data``) is given with ``update`` and ``gsp``.
"""

from __future__ import annotations

import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import BadInput
from .files import PathLike, shown, triples
from .http import EndpointError, check_url, request
from .remote import RemoteStore

#: Triples per request: big enough to amortise HTTP, small enough for any server's request limit.
CHUNK = 50_000
#: Where staging graphs are named.
STAGING = "urn:lls-kg:loading:"


def store_url(endpoint: str) -> str:
    """The Graph Store Protocol address beside ``endpoint``: Oxigraph's ``/store`` or Virtuoso's ``/sparql-graph-crud``.

    >>> store_url("http://127.0.0.1:7878/query"), store_url("http://127.0.0.1:8890/sparql?default-graph-uri=urn:g")
    ('http://127.0.0.1:7878/store', 'http://127.0.0.1:8890/sparql-graph-crud')
    """
    return _beside(endpoint, {"/query": "/store", "/sparql": "/sparql-graph-crud"}, "--graph-store")


def update_url(endpoint: str) -> str:
    """The SPARQL Update address beside ``endpoint``: Oxigraph's ``/update``, or Virtuoso's ``/sparql`` itself.

    >>> update_url("http://127.0.0.1:7878/query"), update_url("http://127.0.0.1:8890/sparql?default-graph-uri=urn:g")
    ('http://127.0.0.1:7878/update', 'http://127.0.0.1:8890/sparql?default-graph-uri=urn:g')
    """
    return _beside(endpoint, {"/query": "/update", "/sparql": None}, "--update")


def _beside(endpoint: str, layout: dict[str, str | None], option: str) -> str:
    parts = urllib.parse.urlsplit(check_url(endpoint))
    for ending, sibling in layout.items():
        if parts.path.endswith(ending):
            if sibling is None:
                return endpoint
            path = parts.path.removesuffix(ending) + sibling
            return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    raise BadInput(f"{endpoint}: cannot tell where this server takes updates and uploads; give them with "
                   f"{option} (Fuseki: .../DATASET/update and .../DATASET/data)")


def load_endpoint(endpoint: str, files: Sequence[PathLike], replace: bool = False, *, graph: str | None = None,
                  gsp: str | None = None, update: str | None = None, timeout: float = 3600.0,
                  progress: Callable[[str], None] | None = None) -> int:
    """Make ``graph`` (by default the default graph) of ``endpoint`` hold the triples of ``files``, and only them.

    Returns the number of triples in the graph after the load. A target graph that already holds
    triples is replaced only if ``replace`` is true (an endpoint cannot tell an earlier load from
    other people's data).

    Parameters
    ----------
    endpoint
        The SPARQL query endpoint.
    files
        RDF files; named graphs in TriG or N-Quads are merged, as the loader does.
    graph
        The IRI of a named graph to load instead of the default graph.
    gsp, update
        The Graph Store Protocol and SPARQL Update addresses, when :func:`store_url` and
        :func:`update_url` cannot tell them from ``endpoint``.
    progress
        Hears a line per request: triples so far and the rate.

    Example (with an Oxigraph server on port 7878)::

        load_endpoint("http://127.0.0.1:7878/query", select(), replace=True)
    """
    store = RemoteStore(endpoint, timeout)
    where = _in_graph(check_iri(graph)) if graph else "?s ?p ?o"
    named = _named(graph)
    if not replace and store.query(f"ASK {{ {where} }}").boolean:
        raise BadInput(f"{endpoint}: {named} already holds triples; use --replace to replace them with the files")
    address = gsp or store_url(endpoint)
    if _is_oxigraph(endpoint, timeout):
        sent = _put(address, graph, files, timeout, progress)
    else:
        sent = _staged(store, address, update or update_url(endpoint), graph, files, progress)
    loaded = _count(store, where)
    if loaded != sent:
        raise BadInput(f"{endpoint}: {named} holds {loaded:,} triples after the load, not the {sent:,} sent; "
                       "another client may have written to it at the same time, or the server ignores "
                       "request bodies: load again")
    return loaded


def _is_oxigraph(endpoint: str, timeout: float) -> bool:
    """Whether ``endpoint`` is an Oxigraph server, which applies each request in one transaction."""
    try:
        answer = request(endpoint, urllib.parse.urlencode({"query": "ASK {}"}).encode(),
                         "application/x-www-form-urlencoded", timeout)
    except EndpointError as refusal:
        raise BadInput(str(refusal)) from None
    return answer.headers.get("Server", "").startswith("Oxigraph/")


def _put(gsp: str, graph: str | None, files: Iterable[PathLike], timeout: float,
         progress: Callable[[str], None] | None) -> int:
    """Replace ``graph`` (None: the default graph) with every triple of ``files`` in one streamed PUT.

    Returns how many triples were sent.
    """
    sent = [0]

    def body() -> Iterator[bytes]:
        for _path, data, so_far in _chunks(files, progress):
            sent[0] = so_far
            yield data

    try:
        request(_graph_address(gsp, graph), body(), "application/n-triples", timeout, method="PUT")
    except EndpointError as refusal:
        raise BadInput(f"loading the endpoint: {refusal}") from None
    return sent[0]


def _staged(store: RemoteStore, gsp: str, updates: str, graph: str | None, files: Iterable[PathLike],
            progress: Callable[[str], None] | None) -> int:
    """Send ``files`` to a new staging graph, count it, and MOVE it onto ``graph``; how many triples were sent."""
    staging = f"{STAGING}{uuid.uuid4()}"
    try:
        sent = 0
        for path, data, sent in _chunks(files, progress):
            try:
                request(_graph_address(gsp, staging), data, "application/n-triples", store.timeout)
            except EndpointError as refusal:
                raise BadInput(f"loading {shown(path)}: {refusal}") from None
        held = _count(store, _in_graph(staging))
        if held != sent:
            raise BadInput(f"{store.endpoint}: the server holds {held:,} of the {sent:,} triples sent (it may ignore "
                           f"the request body); {_named(graph)} is left as it was")
        store.update(f"MOVE <{staging}> TO {f'GRAPH <{graph}>' if graph else 'DEFAULT'}", updates)
    except BaseException:
        _drop(store, staging, updates)
        raise
    return sent


def _named(graph: str | None) -> str:
    return f"the graph <{graph}>" if graph else "the default graph"


def check_iri(iri: str) -> str:
    """``iri`` if it is an absolute IRI that can be written between ``<>``; otherwise a plain-words error."""
    if ":" not in iri or any(char in iri for char in '<>"{}|^`\\ \n\t'):
        raise BadInput(f"'{iri}' is not a graph IRI; use an absolute IRI such as https://example.org/graph/lls")
    return iri


def _chunks(files: Iterable[PathLike], progress: Callable[[str], None] | None) -> Iterator[tuple[Path, bytes, int]]:
    """Each file's triples as N-Triples in pieces of :data:`CHUNK`, with the distinct triples so far."""
    seen: set[int] = set()
    started = time.monotonic()
    for path in map(Path, files):
        for batch in _batches(path, CHUNK):
            seen.update(map(hash, batch))
            yield path, ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES), len(seen)
            if progress:
                rate = len(seen) / max(time.monotonic() - started, 1e-6)
                progress(f"uploaded {len(seen):,} triples ({rate:,.0f} triples/s; {shown(path)})")


def _graph_address(gsp: str, graph: str | None) -> str:
    """The Graph Store Protocol address of ``graph`` (None: the default graph)."""
    which = f"graph={urllib.parse.quote(graph, safe='')}" if graph else "default"
    return f"{check_url(gsp)}{'&' if '?' in gsp else '?'}{which}"


def _in_graph(graph: str) -> str:
    """Every triple of the named graph ``graph``; Virtuoso sees a graph given as a constant (``GRAPH <g>``) only
    if it is in the endpoint's dataset, a graph given as a value always."""
    return f"VALUES ?g {{ <{graph}> }} GRAPH ?g {{ ?s ?p ?o }}"


def _count(store: RemoteStore, pattern: str) -> int:
    (count,), = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}").rows
    return int(count) if count is not None else 0


def _drop(store: RemoteStore, staging: str, updates: str) -> None:
    """Remove the staging graph of a load that did not finish; a failure here must not hide the first one."""
    try:
        store.update(f"DROP SILENT GRAPH <{staging}>", updates)
    except BadInput:
        pass


def _batches(path: Path, size: int) -> Iterator[list[Any]]:
    """The triples of ``path`` in lists of ``size``, those with blank nodes together in one last list.

    A server gives the blank nodes of each request fresh identities, so those of one file go in one
    request; the one reader renames them per file, so two files never share one.
    """
    batch: list[Any] = []
    held: list[Any] = []
    for triple in triples(path):
        if isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode):
            held.append(triple)
            continue
        batch.append(triple)
        if len(batch) >= size:
            yield batch
            batch = []
    for rest in (batch, held):
        if rest:
            yield rest
