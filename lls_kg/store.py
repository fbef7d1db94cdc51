"""Open the graph on a backend and ask it SPARQL; every read in the package goes through here.

All backends answer with the same :class:`Result` of rdflib terms, so tables,
views and reports do not care whether the graph sits in rdflib's memory, in an
embedded Oxigraph, or (later) behind a remote SPARQL endpoint. Reading never
changes a store: only queries are accepted, and on-disk stores open read-only.
Both backends know the project's prefixes (``project:``, ``lls:``...), so a
query may use them without declaring them. :func:`load_into` is the one writer:
it builds an on-disk store from the RDF files.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
import typing
from typing import TYPE_CHECKING, Any, Protocol

from pyparsing import ParseBaseException
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from .errors import BadInput, one_line
from .loader import FORMATS, PathLike, load, shown
from .namespaces import PREFIXES

if TYPE_CHECKING:
    import pyoxigraph

Term = URIRef | BNode | Literal
QueryKind = typing.Literal["SELECT", "ASK", "CONSTRUCT"]

#: The file ``load_into`` leaves in a store folder: it tells a store lls-kg built from any other folder.
MARKER = "lls-kg-store.json"
#: loader format name -> pyoxigraph RdfFormat member.
_OX_FORMATS = {"turtle": "TURTLE", "trig": "TRIG", "json-ld": "JSON_LD", "nt": "N_TRIPLES", "nquads": "N_QUADS"}
_OX_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


class QuerySyntaxError(BadInput):
    """The text is not valid SPARQL; the message says where the parser stopped, when it says."""


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
            answer = self.graph.query(text, initNs=PREFIXES, initBindings=dict(bindings or {}))
            if answer.type == "ASK":
                return Result("ASK", boolean=bool(answer.askAnswer))
            if answer.type in ("CONSTRUCT", "DESCRIBE"):
                return Result("CONSTRUCT", graph=answer.graph)
            return Result("SELECT", vars=[str(v) for v in answer.vars or []], rows=[tuple(row) for row in answer])
        except ParseBaseException as error:
            message = re.sub(r"\s*\(at char \d+\).*", "", str(error), flags=re.DOTALL)
            raise _syntax_error(message, error.lineno, error.col) from None
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
            answer = self._store.query(text, prefixes=PREFIXES, substitutions=substitutions,
                                       use_default_graph_as_union=True)
            if isinstance(answer, ox.QueryBoolean):
                return Result("ASK", boolean=bool(answer))
            if isinstance(answer, ox.QuerySolutions):
                names = [v.value for v in answer.variables]
                rows = [tuple(_from_ox(solution[i]) for i in range(len(names))) for solution in answer]
                return Result("SELECT", vars=names, rows=rows)
            graph = Graph()
            graph += ((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)) for t in answer)
            return Result("CONSTRUCT", graph=graph)
        except SyntaxError as error:
            position = _OX_POSITION.fullmatch(str(error))
            if position:
                raise _syntax_error(position[3], int(position[1]), int(position[2])) from None
            raise _syntax_error(str(error)) from None
        except (OSError, ValueError, TypeError, RuntimeError) as error:
            raise BadInput(f"the query cannot be run: {one_line(error)}") from None


def open_store(spec: str = "memory", data: Iterable[PathLike] = (), default: bool = True) -> Store:
    """Open the graph on the backend named by ``spec``.

    Parameters
    ----------
    spec
        ``memory`` (rdflib) or ``oxigraph`` (embedded Oxigraph, in memory): both load the
        ontology, the shipped graph unless ``default`` is false, and ``data``.
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
    if spec == "memory":
        return MemoryStore(load(data, default).graph)
    if spec == "oxigraph":
        return OxigraphStore.from_graph(load(data, default).graph)
    if spec.startswith("oxigraph:"):
        folder = disk_folder(spec)
        if data or not default:
            raise BadInput(f"the store '{spec}' already holds its data; extra files (--data, --no-default) "
                           "can only be added to 'memory' or 'oxigraph'")
        return OxigraphStore.open(folder)
    if spec.startswith(("http://", "https://")):
        if data or not default:
            raise BadInput(f"the endpoint '{spec}' holds its own data; extra files (--data, --no-default) "
                           "can only be added to 'memory' or 'oxigraph'")
        from .remote import RemoteStore  # urllib and the JSON reader load only for a remote store

        return RemoteStore(spec)
    raise BadInput(f"unknown store '{spec}'; use 'memory', 'oxigraph' (in memory), 'oxigraph:DIR' (an on-disk store) "
                   "or http(s)://... (a SPARQL endpoint)")


def disk_folder(spec: str) -> Path:
    """The folder of the on-disk store ``oxigraph:DIR``; any other spec is refused."""
    if not spec.startswith("oxigraph:"):
        raise BadInput(f"'{spec}' is not an on-disk store; use 'oxigraph:DIR'")
    folder = spec.removeprefix("oxigraph:")
    if not folder:
        raise BadInput(f"the store '{spec}' names no folder; use 'oxigraph:DIR'")
    return Path(folder)


def load_into(path: PathLike, files: Sequence[PathLike], replace: bool = False,
              progress: Callable[[str], None] | None = None) -> int:
    """Bulk-load ``files`` into a new on-disk Oxigraph store in the folder ``path``; return its number of quads.

    The store is built in a hidden sibling folder and renamed into place only once complete, so an
    interrupted load never leaves a folder that looks like a finished store. A store that lls-kg built
    is replaced; any other non-empty folder only if ``replace`` is true. ``progress`` hears one message per file.

    Example
    -------
    >>> from lls_kg.loader import select
    >>> import tempfile; folder = tempfile.mkdtemp()
    >>> load_into(folder + "/kg", select()) > 1000
    True
    >>> open_store(f"oxigraph:{folder}/kg").query("ASK { ?s a lls:Project }").boolean
    True
    """
    target = Path(path)
    _check_target(target, replace)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".loading"))
    except OSError as error:
        raise BadInput(f"{target}: cannot create the store there ({error.strerror})") from None
    try:
        quads = _bulk_load(building, [Path(file) for file in files], progress or (lambda message: None))
        (building / MARKER).write_text(json.dumps({"files": [shown(Path(file)) for file in files], "quads": quads},
                                                  ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        _swap(building, target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return quads


def _check_target(target: Path, replace: bool) -> None:
    """Refuse to overwrite a file, or a non-empty folder that is not an lls-kg store (unless ``replace``)."""
    if target.exists() and not target.is_dir():
        raise BadInput(f"{target}: a file is in the way; an Oxigraph store is a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file() and not replace:
        raise BadInput(f"{target}: the folder is not empty and holds no lls-kg store; "
                       "choose another folder, or use --replace to overwrite it")


def _bulk_load(folder: Path, files: list[Path], progress: Callable[[str], None]) -> int:
    """Parse ``files`` straight into a new store in ``folder`` with Oxigraph's bulk loader, then close it."""
    import pyoxigraph as ox

    store = ox.Store(str(folder))
    try:
        for number, path in enumerate(files, 1):
            progress(f"loading {shown(path)} ({number}/{len(files)})")
            fmt = FORMATS.get(path.suffix.lower())
            if fmt is None:
                raise BadInput(f"{shown(path)}: unknown RDF format '{path.suffix or 'no extension'}'; "
                               f"use {', '.join(FORMATS)}")
            try:
                store.bulk_load(path=str(path), format=getattr(ox.RdfFormat, _OX_FORMATS[fmt]),
                                base_iri=path.resolve().as_uri())
            except SyntaxError as error:
                raise BadInput(f"{shown(path)}: {one_line(error)}") from None
            except (OSError, ValueError) as error:
                raise BadInput(f"{shown(path)}: cannot load it ({one_line(error)})") from None
        store.flush()
        return len(store)
    finally:
        del store  # close it now: a traceback would keep it open while its folder is being removed


def _swap(building: Path, target: Path) -> None:
    """Put the finished store at ``target``; an old folder there is moved aside first and removed last."""
    if not target.exists():
        building.rename(target)
        return
    aside = target.with_name(f".{target.name}.{uuid.uuid4().hex}.old")
    target.rename(aside)
    building.rename(target)
    shutil.rmtree(aside, ignore_errors=True)


def _syntax_error(message: str, line: int | None = None, column: int | None = None) -> QuerySyntaxError:
    where = f" at line {line}, column {column}" if line else ""
    return QuerySyntaxError(f"the query cannot be run: SPARQL syntax error{where}: {one_line(message)}")


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

