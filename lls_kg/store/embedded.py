"""The engines that run inside this process: Oxigraph (in memory or on disk) and rdflib.

Oxigraph in memory is the default engine, fed by Oxigraph's own parsers: a
command on the shipped graph takes a third of the time it took with rdflib,
and at a million triples it loads 18 times faster and answers 25 to over 200
times faster (bench/RESULTS.md). rdflib's engine (``--store rdflib``) stays
for the SPARQL semantics of rdflib and as a reference the tests compare the
other engines with. Both know the project's prefixes, so a query may use
``lls:`` or ``project:`` without declaring them.
"""

from __future__ import annotations

import csv
import io
import re
import typing
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from pyparsing import ParseBaseException
from rdflib import Graph, URIRef

from ..errors import BadInput, one_line
from ..namespaces import PREFIXES
from .base import EngineRows, Result, Term, Texts, query_syntax_error
from .bind import bind_first
from .cache import Kept
from .files import PathLike, parse_into, read
from .terms import Converted, shared_text, text_node, to_ox

Answer = typing.TypeVar("Answer")
_OX_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


class RdflibStore:
    """An rdflib graph in memory (``--store rdflib``): rdflib's own SPARQL engine, slow past 100 k triples.

    Values are bound by a ``VALUES`` block (:mod:`.bind`): rdflib's ``initBindings`` puts the value
    into the row of an aggregate over nothing, so an unknown IRI would look known.
    """

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    @classmethod
    def from_files(cls, files: Iterable[PathLike]) -> RdflibStore:
        """A store holding ``files``, read by the one reader (:mod:`lls_kg.store.files`)."""
        return cls(read(list(files)).graph)

    def query(self, text: str, bindings: Mapping[str, Term] | None = None) -> Result:
        try:
            answer = self.graph.query(bind_first(text, bindings), initNs=PREFIXES)
            if answer.type == "ASK":
                return Result("ASK", boolean=bool(answer.askAnswer))
            if answer.type in ("CONSTRUCT", "DESCRIBE"):
                return Result("CONSTRUCT", graph=answer.graph)
            return Result("SELECT", vars=[str(v) for v in answer.vars or []], rows=[tuple(row) for row in answer])
        except ParseBaseException as error:
            message = re.sub(r"\s*\(at char \d+\).*", "", str(error), flags=re.DOTALL)
            raise query_syntax_error(message, error.lineno, error.col) from None
        except Exception as error:  # pyparsing and rdflib's evaluator raise many kinds
            raise BadInput(f"the query cannot be run: {one_line(error)}") from None

    #: The graph can be changed in place (the region merge, :mod:`lls_kg.sparql.identity`).
    writable = True

    def update(self, text: str) -> None:
        """Run the SPARQL Update ``text`` (the package's own, never a user's: the graph is read-only to them)."""
        self.graph.update(text)

    def part(self, subjects: Iterable[str], keeps: Callable[[str], bool]) -> RdflibStore:
        """A new store of the statements about ``subjects`` (IRIs, or ``_:id`` blank nodes) whose value, where an
        IRI, ``keeps`` (a region's part, :func:`lls_kg.sparql.scope.parts`)."""
        kept = Graph()
        for node in map(text_node, subjects):
            for _, predicate, value in self.graph.triples((node, None, None)):
                if not isinstance(value, URIRef) or keeps(str(value)):
                    kept.add((node, predicate, value))
        return RdflibStore(kept)


class OxigraphStore:
    """An embedded Oxigraph store, in memory (the default engine) or on disk.

    Values are bound by a ``VALUES`` block (:mod:`.bind`), as on every other engine: Oxigraph's own
    ``substitutions`` fix the value only after evaluating the whole pattern (a project's roles took
    480 ms at 1 M triples, 0.4 ms with the block), which made an import quadratic.
    """

    def __init__(self, store: ox.Store, writable: bool = True, kept: Kept | None = None) -> None:
        self._store = store
        #: False for an on-disk store, which is opened read-only.
        self.writable = writable
        #: An on-disk store's answers kept between runs (:mod:`.cache`), None for any other.
        self.kept = kept
        #: Answers asked ahead (:meth:`ask_ahead`), each handed out once, and the two threads that answer them.
        self._ready: dict[str, Future[Texts]] = {}
        self._askers: ThreadPoolExecutor | None = None

    @classmethod
    def from_files(cls, files: Iterable[PathLike]) -> OxigraphStore:
        """An in-memory store holding ``files``, parsed by Oxigraph itself: no rdflib graph is built on the way."""
        store = ox.Store()
        for path in files:
            parse_into(store, path)
        return cls(store)

    @classmethod
    def from_graph(cls, graph: Graph) -> OxigraphStore:
        """An in-memory Oxigraph store holding the triples of ``graph``."""
        store = ox.Store()
        store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph)
        return cls(store)

    @classmethod
    def open(cls, path: PathLike) -> OxigraphStore:
        """The on-disk store in the folder ``path``, opened read-only, with the answers kept for its present state."""
        if not Path(path).is_dir():
            raise BadInput(f"{path}: no Oxigraph store there (no such folder)")
        kept = Kept.of(Path(path))  # before opening: an answer may then be newer than its key, never older
        try:
            return cls(ox.Store.read_only(str(path)), writable=False, kept=kept)
        except OSError as error:
            raise BadInput(f"{path}: cannot open it as an Oxigraph store ({one_line(error)})") from None

    def add(self, triples: Iterable[tuple[Term, Term, Term]]) -> None:
        """Add rdflib ``triples`` to an in-memory store (the importer grows its graph as it reads rows)."""
        self._store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples)

    def update(self, text: str) -> None:
        """Run the SPARQL Update ``text`` (the package's own, never a user's: the graph is read-only to them)."""
        self._store.update(text)

    def part(self, subjects: Iterable[str], keeps: Callable[[str], bool]) -> OxigraphStore:
        """A new in-memory store of the statements about ``subjects`` (IRIs, or ``_:id`` blank nodes) whose value,
        where an IRI, ``keeps``, read subject by subject from the engine's index and copied engine to engine: a
        region's part (:func:`lls_kg.sparql.scope.parts`) costs what it holds, not a pass over the whole graph."""
        kept = ox.Store()  # every graph's statements, into the default graph: queries read them all as one
        kept.bulk_extend(ox.Quad(quad.subject, quad.predicate, value) for subject in subjects
                         for quad in self._store.quads_for_pattern(to_ox(text_node(subject)), None, None)
                         if type(value := quad.object) is not ox.NamedNode or keeps(value.value))
        return OxigraphStore(kept)

    def query(self, text: str, bindings: Mapping[str, Term] | None = None) -> Result:
        return self._answer(text, bindings, _result)

    def texts(self, text: str) -> Texts:
        """The SELECT ``text``'s answer as plain strings (see :func:`lls_kg.store.texts`), with no rdflib term built;
        from the cache when an on-disk store's answer is kept."""
        asked = self._ready.pop(text, None)
        return asked.result() if asked is not None and not asked.cancelled() else self._told(text)

    def ask_ahead(self, texts: Sequence[str]) -> None:
        """Start answering the SELECT queries ``texts``, two at a time in the order given, for :meth:`texts` to hand
        out, when this is an on-disk store; the caller goes on meanwhile (building views from the first answers
        while the engine reads the next). RocksDB's reads let go of Python's lock, so on two cores a view's queries
        at a million triples take 5.5 s rather than 8.3 s. In memory, threads only contend (2.7 s together, 2.1 s
        one after the other), so nothing is asked ahead there."""
        if self.writable:
            return
        if self._askers is None:
            self._askers = ThreadPoolExecutor(2, thread_name_prefix="lls-kg-ask")
            _ASKING.add(self)
        for text in texts:
            if text not in self._ready:
                self._ready[text] = self._askers.submit(self._told, text)

    def stop_asking(self) -> None:
        """Drop what was asked ahead and not yet begun (see :func:`stop_asking`)."""
        if self._askers is not None:
            self._askers.shutdown(wait=False, cancel_futures=True)
            self._askers = None

    def _told(self, text: str) -> Texts:
        """:meth:`texts`, answered by the cache or the engine."""
        if self.kept:
            return self.kept.answer(text, lambda: self._answer(text, None, read_texts))
        return self._answer(text, None, read_texts)

    def _answer(self, text: str, bindings: Mapping[str, Term] | None, read: Callable[[Any], Answer]) -> Answer:
        """Run ``text`` and ``read`` the answer, with plain-words errors (Oxigraph evaluates as it is read)."""
        try:
            return read(self._store.query(bind_first(text, bindings), prefixes=PREFIXES,
                                          use_default_graph_as_union=True))
        except SyntaxError as error:
            position = _OX_POSITION.fullmatch(str(error))
            if position:
                raise query_syntax_error(position[3], int(position[1]), int(position[2])) from None
            raise query_syntax_error(str(error)) from None
        except (OSError, ValueError, TypeError, RuntimeError) as error:
            raise BadInput(f"the query cannot be run: {one_line(error)}") from None


#: The stores that ask ahead (:meth:`OxigraphStore.ask_ahead`), for :func:`stop_asking`.
_ASKING: weakref.WeakSet[OxigraphStore] = weakref.WeakSet()


def stop_asking() -> None:
    """Drop the queries asked ahead that no store has begun to answer: the command is ending, and Python would
    answer every one before it exits (at Ctrl-C, several seconds at a million triples). An answer dropped is
    asked again if it is read after all."""
    for store in list(_ASKING):
        store.stop_asking()


def _result(answer: Any) -> Result:
    """Oxigraph's answer as a :class:`Result`: every solution read now, in Oxigraph's terms, made rdflib terms
    when its rows are first read (:class:`~lls_kg.store.base.EngineRows`)."""
    if isinstance(answer, ox.QueryBoolean):
        return Result("ASK", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        names = [v.value for v in answer.variables]
        return Result("SELECT", vars=names, rows=EngineRows(list(map(tuple, answer)), Converted))
    terms = Converted()
    graph = Graph()
    graph += ((terms[t.subject], terms[t.predicate], terms[t.object]) for t in answer)
    return Result("CONSTRUCT", graph=graph)


def read_texts(answer: Any) -> Texts:
    """Oxigraph's answer to a SELECT as :class:`Texts`, written whole by Oxigraph as SPARQL's CSV (an IRI, ``_:id``
    for a blank node, a literal's lexical form: the texts themselves) and read back by Python's CSV reader. Oxigraph
    evaluates the query and writes every row without Python's lock; read row by row, it took the lock back for each,
    and beside a thread busy in Python (a view build while the page's answers are asked ahead) each row waited for
    it: ``goal_activities`` at a million triples on disk took 156 s so, 2.5 s as CSV (2.4 s either way alone;
    ``bench/beside.py``). CSV writes an unbound value and an empty literal alike; both read as None."""
    if not isinstance(answer, ox.QuerySolutions):
        raise BadInput("the query cannot be read as a table: it is not a SELECT query")
    names = [v.value for v in answer.variables]
    written = typing.cast(bytes, answer.serialize(format=ox.QueryResultsFormat.CSV))  # bytes, when given no file
    rows = csv.reader(io.TextIOWrapper(io.BytesIO(written), encoding="utf-8", newline=""))
    next(rows)  # the header: the names
    return Texts(names, [tuple(map(shared_text, row)) for row in rows])
