"""Open the graph on a backend and ask it SPARQL; every read in the package goes through here.

All backends answer with the same :class:`Result` of rdflib terms, so tables,
views and reports do not care whether the graph sits in Oxigraph (in memory, the
default, or on disk), in rdflib's memory, or behind a remote SPARQL endpoint.
Reading never changes a store: only queries are accepted, and on-disk stores open
read-only. Every backend knows the project's prefixes (``project:``, ``lls:``...),
so a query may use them without declaring them. :func:`load_into` is the one
writer: it builds an on-disk store from the RDF files.

The default engine is Oxigraph in memory, fed by Oxigraph's own parsers: a command on
the shipped graph takes a third of the time it took with rdflib, and at a million triples
it loads 18 times faster and answers 25 to over 200 times faster (bench/RESULTS.md).
rdflib (``rdflib``) stays for validation, inference and serialisation.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import traceback
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
import typing
from typing import Any, Protocol

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from .errors import BadInput, one_line
from .loader import QUAD_FORMATS, PathLike, checked, load, select, shown, syntax_error
from .namespaces import PREFIXES

Term = URIRef | BNode | Literal
Answer = typing.TypeVar("Answer")
QueryKind = typing.Literal["SELECT", "ASK", "CONSTRUCT"]

#: The file ``load_into`` leaves in a store folder: it tells a store lls-kg built from any other folder.
MARKER = "lls-kg-store.json"
#: loader format name -> Oxigraph's format (the stores and the uploads parse with Oxigraph).
OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "json-ld": ox.RdfFormat.JSON_LD,
               "nt": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS}
_XSD_STRING = str(XSD.string)
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


@dataclass(frozen=True)
class Texts:
    """A SELECT answer with every term as plain text: an IRI, ``_:id`` for a blank node, a literal's
    lexical form; ``None`` for an unbound value."""

    vars: list[str]
    rows: list[tuple[str | None, ...]]


class Store(Protocol):
    """Anything that answers SPARQL queries with a :class:`Result`."""

    def query(self, text: str, bindings: Mapping[str, Term] | None = None) -> Result:
        """Run the query ``text``, with ``bindings`` (variable name -> RDF term) fixed in advance.

        A bound variable must appear in the SELECT clause: Oxigraph substitutes
        values the SPARQL 1.2 way (SEP-0007), which requires it.
        """
        ...


class MemoryStore:
    """An rdflib graph in memory (``--store rdflib``), the engine of validation and inference: slow past 100 k triples.

    Kept for the SPARQL semantics of rdflib and as a reference the tests compare the other engines with.
    """

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def query(self, text: str, bindings: Mapping[str, Term] | None = None) -> Result:
        from pyparsing import ParseBaseException  # rdflib's SPARQL parser: 40 ms to import, only rdflib needs it

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
    """An embedded Oxigraph store, in memory (the default engine) or on disk."""

    def __init__(self, store: ox.Store) -> None:
        self._store = store

    @classmethod
    def from_files(cls, files: Iterable[PathLike]) -> OxigraphStore:
        """An in-memory store holding ``files``, parsed by Oxigraph itself: no rdflib graph is built on the way."""
        store = ox.Store()
        for path in files:
            _parse_into(store, path)
        return cls(store)

    @classmethod
    def from_graph(cls, graph: Graph) -> OxigraphStore:
        """An in-memory Oxigraph store holding the triples of ``graph``."""
        store = ox.Store()
        store.extend(ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o)) for s, p, o in graph)
        return cls(store)

    @classmethod
    def open(cls, path: PathLike) -> OxigraphStore:
        """The on-disk store in the folder ``path``, opened read-only."""
        if not Path(path).is_dir():
            raise BadInput(f"{path}: no Oxigraph store there (no such folder)")
        try:
            return cls(ox.Store.read_only(str(path)))
        except OSError as error:
            raise BadInput(f"{path}: cannot open it as an Oxigraph store ({one_line(error)})") from None

    def query(self, text: str, bindings: Mapping[str, Term] | None = None) -> Result:
        return self._answer(text, bindings, _result)

    def texts(self, text: str) -> Texts:
        """The SELECT ``text``'s answer as plain strings (see :func:`texts`), with no rdflib term built."""
        return self._answer(text, None, _texts)

    def _answer(self, text: str, bindings: Mapping[str, Term] | None, read: Callable[[Any], Answer]) -> Answer:
        """Run ``text`` and ``read`` the answer, with plain-words errors (Oxigraph evaluates as it is read)."""
        substitutions = {ox.Variable(name): _to_ox(term) for name, term in (bindings or {}).items()}
        try:
            return read(self._store.query(text, prefixes=PREFIXES, substitutions=substitutions,
                                          use_default_graph_as_union=True))
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
        ``memory`` (the default; ``oxigraph`` is the same): Oxigraph in memory. ``rdflib``: an rdflib
        graph in memory. Both load the ontology, the shipped graph unless ``default`` is false, and ``data``.
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
        return OxigraphStore.from_files(select(data, default))
    if spec == "rdflib":
        return MemoryStore(load(data, default).graph)
    if spec.startswith("oxigraph:"):
        folder = disk_folder(spec)
        if data or not default:
            raise BadInput(f"the store '{spec}' already holds its data; extra files (--data, --no-default) "
                           "can only be added to 'memory' or 'rdflib'")
        return OxigraphStore.open(folder)
    if spec.startswith(("http://", "https://")):
        if data or not default:
            raise BadInput(f"the endpoint '{spec}' holds its own data; extra files (--data, --no-default) "
                           "can only be added to 'memory' or 'rdflib'")
        from .remote import RemoteStore  # urllib and the JSON reader load only for a remote store

        return RemoteStore(spec)
    raise BadInput(f"unknown store '{spec}'; use 'memory', 'oxigraph' (both: Oxigraph in memory), 'rdflib' "
                   "(rdflib in memory), 'oxigraph:DIR' (an on-disk store) or http(s)://... (a SPARQL endpoint)")


def texts(store: Store, text: str) -> Texts:
    """The answer to the SELECT query ``text`` as plain strings, for code that needs no term types (the views).

    On Oxigraph no rdflib term is built: on a large answer that costs more than the query itself.

    Example
    -------
    >>> texts(open_store(), "SELECT ?s WHERE { ?s a lls:CityRegion }").rows
    [('https://w3id.org/lls-kg/id/region/lls',)]
    """
    if isinstance(store, OxigraphStore):
        return store.texts(text)
    result = store.query(text)
    if result.kind != "SELECT":
        raise BadInput("the query cannot be read as a table: it is not a SELECT query")
    return Texts(result.vars, [tuple(map(_text, row)) for row in result.rows])


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
    is replaced; any other non-empty folder only if ``replace`` is true. ``progress`` hears one message per file, and
    one for the compaction that readies the store for reading.

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
    """Parse ``files`` straight into a new store in ``folder`` with Oxigraph's bulk loader, compact it, close it."""
    store = ox.Store(str(folder))
    try:
        for number, path in enumerate(files, 1):
            progress(f"loading {shown(path)} ({number}/{len(files)})")
            _parse_into(store, path, bulk=True)
        progress("compacting the store for reading")
        store.optimize()
        return len(store)
    except BaseException as error:
        traceback.clear_frames(error.__traceback__)  # the parser's frame holds the store too
        raise
    finally:
        del store  # close it now: a traceback would keep it open while its folder is being removed


def _parse_into(store: ox.Store, path: PathLike, bulk: bool = False) -> None:
    """Add the triples of the file ``path`` to the default graph of ``store``, parsed by Oxigraph.

    Blank nodes get fresh identities per file, so two files never share one; named graphs of TriG
    and N-Quads merge into the default graph, as the rdflib loader merges them. ``bulk``: Oxigraph's
    bulk loader, which writes big files to disk without holding them in memory.
    """
    path, fmt = checked(path)
    options = {"format": OX_FORMATS[fmt], "base_iri": path.resolve().as_uri()}
    try:
        if fmt in QUAD_FORMATS:
            triples = (ox.Quad(q.subject, q.predicate, q.object)
                       for q in ox.parse(path=str(path), rename_blank_nodes=True, **options))
            (store.bulk_extend if bulk else store.extend)(triples)
        else:
            (store.bulk_load if bulk else store.load)(path=str(path), **options)
    except SyntaxError as error:
        raise syntax_error(path, error) from None
    except (OSError, ValueError) as error:
        raise BadInput(f"{shown(path)}: cannot load it ({one_line(error)})") from None


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
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
    raise BadInput(f"cannot pass {term!r} to Oxigraph: not an IRI, blank node or literal")


def _result(answer: Any) -> Result:
    """Oxigraph's answer as a :class:`Result` of rdflib terms."""
    if isinstance(answer, ox.QueryBoolean):
        return Result("ASK", boolean=bool(answer))
    terms = _Terms()
    if isinstance(answer, ox.QuerySolutions):
        names = [v.value for v in answer.variables]
        return Result("SELECT", vars=names, rows=[tuple(map(terms.__getitem__, row)) for row in answer])
    graph = Graph()
    graph += ((terms[t.subject], terms[t.predicate], terms[t.object]) for t in answer)
    return Result("CONSTRUCT", graph=graph)


def _texts(answer: Any) -> Texts:
    """Oxigraph's answer to a SELECT as :class:`Texts`."""
    if not isinstance(answer, ox.QuerySolutions):
        raise BadInput("the query cannot be read as a table: it is not a SELECT query")
    return Texts([v.value for v in answer.variables], [tuple(map(_ox_text, row)) for row in answer])


def _ox_text(term: Any) -> str | None:
    if term is None:
        return None
    return f"_:{term.value}" if type(term) is ox.BlankNode else term.value


def _text(term: Term | None) -> str | None:
    if term is None:
        return None
    return f"_:{term}" if isinstance(term, BNode) else str(term)


class _Terms(dict[Any, "Term | None"]):
    """Oxigraph term -> rdflib term, each distinct term of one answer converted once (``terms[term]``).

    An answer repeats its terms (an owner's label on each of its rows, a class on thousands), and
    building rdflib terms is what costs: converting each once keeps a large answer within a few
    tenths of Oxigraph's own time.
    """

    def __missing__(self, term: Any) -> Term | None:
        converted = self[term] = _from_ox(term)
        return converted


def _iri(value: str) -> URIRef:
    """An IRI Oxigraph has already checked, as a URIRef without rdflib checking it again (a third of the cost).

    URIRef is a ``str`` with no state of its own, so this is the same object its constructor makes.
    """
    return str.__new__(URIRef, value)


def _from_ox(term: Any) -> Term | None:
    if term is None:
        return None
    kind = type(term)
    if kind is ox.NamedNode:
        return _iri(term.value)
    if kind is ox.BlankNode:
        return BNode(term.value)
    if kind is ox.Literal:
        if term.language:  # a text needs no normalising: skip rdflib's costly check of the value
            return Literal(term.value, lang=term.language, normalize=False)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value, normalize=False)
        return Literal(term.value, datatype=_iri(datatype))
    raise BadInput(f"Oxigraph returned {term!r}, which has no rdflib counterpart (RDF-star is not supported)")
