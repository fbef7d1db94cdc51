"""The graph on a backend, asked in SPARQL: every read in the package goes through here.

The bottom floor of the package (files → **store** → SPARQL → tables | views → measures | pages):

- :mod:`.base`: the :class:`Store` protocol and the :class:`Result` every backend answers with;
- :mod:`.files`: the one reader of RDF files (``--data``), with one set of messages;
- :mod:`.embedded`: Oxigraph (in memory, the default, or on disk) and rdflib's engine;
- :mod:`.remote`: any SPARQL 1.1 endpoint;
- :mod:`.http`: one bounded HTTP request;
- :mod:`.load`: building an on-disk store; :mod:`.upload`: loading an endpoint, never losing data.

Reading never changes a store: only queries are accepted, and on-disk stores open read-only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from ..errors import BadInput
from .base import QuerySyntaxError, Record, Result, Store, Term, Texts, TextStore, text_of
from .embedded import OxigraphStore, RdflibStore, stop_asking
from .files import PathLike, select
from .remote import RemoteStore

__all__ = ["OxigraphStore", "PathLike", "QuerySyntaxError", "RdflibStore", "Record", "RemoteStore", "Result", "Store",
           "Term", "TextStore", "Texts", "ask_ahead", "disk_folder", "open_store", "stop_asking", "texts"]


def open_store(spec: str = "memory", data: Iterable[PathLike] = (), default: bool = True,
               home: PathLike | None = None) -> Store:
    """Open the graph on the backend named by ``spec``.

    Parameters
    ----------
    spec
        ``memory`` (the default; ``oxigraph`` is the same): Oxigraph in memory. ``rdflib``: rdflib's
        engine in memory. Both load the ontology, the shipped graph and the data home's files (``home``, see
        :func:`lls_kg.resources.home`) unless ``default`` is false, and ``data``.
        ``oxigraph:DIR``: an existing on-disk Oxigraph store, opened read-only with the data it holds.
        ``http(s)://...``: a SPARQL 1.1 endpoint (Fuseki, GraphDB, Virtuoso, Oxigraph server), queried over HTTP.

    Returns
    -------
    A :class:`Store`.

    Example
    -------
    >>> store = open_store("memory")
    >>> store.query("ASK { ?s ?p ?o }").boolean
    True
    """
    data = list(data)
    if spec in ("memory", "oxigraph"):
        return OxigraphStore.from_files(select(data, default, home))
    if spec == "rdflib":
        return RdflibStore.from_files(select(data, default, home))
    if spec.startswith("oxigraph:"):
        folder = disk_folder(spec)
        if data or not default or home is not None:
            raise BadInput(f"the store '{spec}' already holds its data; extra files (--data, --no-default, --home) "
                           "can only be added to 'memory' or 'rdflib'")
        return OxigraphStore.open(folder)
    if spec.startswith(("http://", "https://")):
        if data or not default or home is not None:
            raise BadInput(f"the endpoint '{spec}' holds its own data; extra files (--data, --no-default, --home) "
                           "can only be added to 'memory' or 'rdflib'")
        return RemoteStore(spec)
    raise BadInput(f"unknown store '{spec}'; use 'memory', 'oxigraph' (both: Oxigraph in memory), 'rdflib' "
                   "(rdflib in memory), 'oxigraph:DIR' (an on-disk store) or http(s)://... (a SPARQL endpoint)")


def texts(store: Store, text: str) -> Texts:
    """The answer to the SELECT query ``text`` as plain strings, for code that needs no term types (the views).

    A :class:`TextStore` (Oxigraph) reads it itself: no rdflib term is built, which on a large answer costs more than
    the query itself.

    Example
    -------
    >>> texts(open_store(), "SELECT ?s WHERE { ?s a lls:CityRegion }").rows
    [('https://w3id.org/lls-kg/id/region/lls',)]
    """
    if isinstance(store, TextStore):
        return store.texts(text)
    result = store.query(text)
    if result.kind != "SELECT":
        raise BadInput("the query cannot be read as a table: it is not a SELECT query")
    return Texts(result.vars, [tuple(map(text_of, row)) for row in result.rows])


def ask_ahead(store: Store, queries: Sequence[str]) -> None:
    """Have ``store`` answer the SELECT ``queries`` together, where that is faster than one by one (a
    :class:`TextStore`: an on-disk Oxigraph store, :meth:`OxigraphStore.ask_ahead`); :func:`texts` then hands each
    answer out once. Other stores answer each when it is asked."""
    if isinstance(store, TextStore):
        store.ask_ahead(queries)


def disk_folder(spec: str) -> Path:
    """The folder of the on-disk store ``oxigraph:DIR``; any other spec is refused."""
    if not spec.startswith("oxigraph:"):
        raise BadInput(f"'{spec}' is not an on-disk store; use 'oxigraph:DIR'")
    folder = spec.removeprefix("oxigraph:")
    if not folder:
        raise BadInput(f"the store '{spec}' names no folder; use 'oxigraph:DIR'")
    return Path(folder)
