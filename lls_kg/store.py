"""Open the graph on a backend and ask it SPARQL; every read in the package goes through here.

All backends answer with the same :class:`Result` of rdflib terms, so tables,
views and reports do not care whether the graph sits in rdflib's memory, in an
embedded Oxigraph, or (later) behind a remote SPARQL endpoint. Reading never
changes a store: only queries are accepted, and on-disk stores open read-only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
import typing
from typing import TYPE_CHECKING, Any, Protocol

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from .errors import BadInput, one_line
from .loader import PathLike, load

if TYPE_CHECKING:
    import pyoxigraph

Term = URIRef | BNode | Literal
QueryKind = typing.Literal["SELECT", "ASK", "CONSTRUCT"]


@dataclass(frozen=True)
class Result:
    """A query's answer, the same whatever the backend.

    ``rows`` and ``vars`` for SELECT, ``boolean`` for ASK, ``graph`` for CONSTRUCT and DESCRIBE
    (both reported as ``kind == "CONSTRUCT"``). An unbound value is ``None``.
    """

    kind: QueryKind
    vars: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None


class Store(Protocol):
    """Anything that answers SPARQL queries with a :class:`Result`."""

    def query(self, text: str, bindings: Mapping[str, Term] | None = None) -> Result:
        """Run the query ``text``, with ``bindings`` (variable name -> RDF term) fixed in advance.

        A bound variable must appear in the SELECT clause: Oxigraph substitutes
        values the SPARQL 1.2 way (SEP-0007), which requires it.
        """
        ...


class MemoryStore:
    """An rdflib graph in memory: no set-up, fine for the region's few thousand triples."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def query(self, text: str, bindings: Mapping[str, Term] | None = None) -> Result:
        try:
            answer = self.graph.query(text, initBindings=dict(bindings or {}))
            if answer.type == "ASK":
                return Result("ASK", boolean=bool(answer.askAnswer))
            if answer.type in ("CONSTRUCT", "DESCRIBE"):
                return Result("CONSTRUCT", graph=answer.graph)
            return Result("SELECT", vars=[str(v) for v in answer.vars or []], rows=[tuple(row) for row in answer])
        except Exception as error:  # pyparsing and rdflib's evaluator raise many kinds
            raise BadInput(f"the query cannot be run: {one_line(error)}") from None


class OxigraphStore:
    """An embedded Oxigraph store: much faster than rdflib on large graphs, in memory or on disk."""

    def __init__(self, store: pyoxigraph.Store) -> None:
        self._store = store

    @classmethod
    def from_graph(cls, graph: Graph) -> OxigraphStore:
        """An in-memory Oxigraph store holding the triples of ``graph``."""
        import pyoxigraph as ox

        store = ox.Store()
        store.extend(ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o)) for s, p, o in graph)
        return cls(store)

    @classmethod
    def open(cls, path: PathLike) -> OxigraphStore:
        """The on-disk store in the folder ``path``, opened read-only."""
        import pyoxigraph as ox

        if not Path(path).is_dir():
            raise BadInput(f"{path}: no Oxigraph store there (no such folder)")
        try:
            return cls(ox.Store.read_only(str(path)))
        except OSError as error:
            raise BadInput(f"{path}: cannot open it as an Oxigraph store ({one_line(error)})") from None

    def query(self, text: str, bindings: Mapping[str, Term] | None = None) -> Result:
        import pyoxigraph as ox

        substitutions = {ox.Variable(name): _to_ox(term) for name, term in (bindings or {}).items()}
        try:
            answer = self._store.query(text, substitutions=substitutions, use_default_graph_as_union=True)
            if isinstance(answer, ox.QueryBoolean):
                return Result("ASK", boolean=bool(answer))
            if isinstance(answer, ox.QuerySolutions):
                names = [v.value for v in answer.variables]
                rows = [tuple(_from_ox(solution[i]) for i in range(len(names))) for solution in answer]
                return Result("SELECT", vars=names, rows=rows)
            graph = Graph()
            graph += ((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)) for t in answer)
            return Result("CONSTRUCT", graph=graph)
        except (SyntaxError, OSError, ValueError, TypeError, RuntimeError) as error:
            raise BadInput(f"the query cannot be run: {one_line(error)}") from None


def open_store(spec: str = "memory", data: Iterable[PathLike] = (), default: bool = True) -> Store:
    """Open the graph on the backend named by ``spec``.

    Parameters
    ----------
    spec
        ``memory`` (rdflib) or ``oxigraph`` (embedded Oxigraph, in memory): both load the
        ontology, the shipped graph unless ``default`` is false, and ``data``.
        ``oxigraph:DIR``: an existing on-disk Oxigraph store, opened read-only with the data it holds.

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
    if spec == "memory":
        return MemoryStore(load(data, default).graph)
    if spec == "oxigraph":
        return OxigraphStore.from_graph(load(data, default).graph)
    if spec.startswith("oxigraph:"):
        folder = spec.removeprefix("oxigraph:")
        if not folder:
            raise BadInput(f"the store '{spec}' names no folder; use 'oxigraph:DIR'")
        if data or not default:
            raise BadInput(f"the store '{spec}' already holds its data; extra files (--data, --no-default) "
                           "can only be added to 'memory' or 'oxigraph'")
        return OxigraphStore.open(folder)
    raise BadInput(f"unknown store '{spec}'; use 'memory', 'oxigraph' (in memory) or 'oxigraph:DIR' (an on-disk store)")


def _to_ox(term: Term) -> Any:
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
    raise BadInput(f"cannot pass {term!r} to Oxigraph: not an IRI, blank node or literal")


def _from_ox(term: Any) -> Term | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype))
    raise BadInput(f"Oxigraph returned {term!r}, which has no rdflib counterpart (RDF-star is not supported)")

