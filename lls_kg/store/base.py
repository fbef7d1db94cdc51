"""What every backend answers with: a :class:`Result` of rdflib terms, whatever engine computed it.

Tables, views and reports read a :class:`Result` and never ask which engine
sits behind the :class:`Store`: Oxigraph in memory or on disk, rdflib's own
engine, or a SPARQL endpoint. Rows are read by variable name
(:meth:`Result.bindings`), so reordering the variables of a query breaks nothing.

An engine may answer with its own terms (:class:`EngineRows`): the query is
run and every solution read at once, and the rdflib terms are made only when
``rows`` is first read, each distinct term once. Building rdflib terms was
most of what lls-kg added to a query's time (issue 18); a caller that never
reads ``rows`` never pays for it.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from rdflib import BNode, Graph, Literal, URIRef

from ..errors import BadInput, one_line
from ..heap import no_collection

Term = URIRef | BNode | Literal
QueryKind = typing.Literal["SELECT", "ASK", "CONSTRUCT"]


class QuerySyntaxError(BadInput):
    """The text is not valid SPARQL; the message says where the parser stopped, when it says."""


def query_syntax_error(message: str, line: int | None = None, column: int | None = None) -> QuerySyntaxError:
    """The one-line error every backend gives for a query it cannot parse."""
    where = f" at line {line}, column {column}" if line else ""
    return QuerySyntaxError(f"the query cannot be run: SPARQL syntax error{where}: {one_line(message)}")


Row = tuple[Term | None, ...]


@dataclass(frozen=True)
class EngineRows:
    """A SELECT answer's rows in an engine's own terms, and how to convert them: ``converter()`` gives a fresh
    mapping engine term -> rdflib term (``converter()[term]``) that converts each distinct term once."""

    rows: list[tuple[Any, ...]]
    converter: Callable[[], Mapping[Any, Term | None]]

    @no_collection()
    def converted(self) -> list[Row]:
        """The rows as rdflib terms, made with the collector paused: each one made lives on in the answer
        (``owners`` at a million triples, read as terms: 1.27× raw pyoxigraph's time, 1.15× so)."""
        terms = self.converter()
        return [tuple(map(terms.__getitem__, row)) for row in self.rows]


class _Rows:
    """The ``rows`` field of :class:`Result`: rdflib rows as given, or :class:`EngineRows` converted when first read
    (and kept). A descriptor, so every reader of ``rows`` stays as it was."""

    def __get__(self, result: Result | None, owner: type | None = None) -> Sequence[Row]:
        if result is None:
            return ()  # the field's default, stored as an empty list of its own
        rows = result.__dict__["_rows"]
        if isinstance(rows, EngineRows):
            rows = result.__dict__["_rows"] = rows.converted()
        return rows

    def __set__(self, result: Result, rows: Sequence[Row] | EngineRows) -> None:
        result.__dict__["_rows"] = rows if isinstance(rows, (list, EngineRows)) else list(rows)


@dataclass(frozen=True)
class Result:
    """A query's answer, the same whatever the backend.

    ``rows`` and ``vars`` for SELECT, ``boolean`` for ASK, ``graph`` for CONSTRUCT and DESCRIBE
    (both reported as ``kind == "CONSTRUCT"``). An unbound value is ``None``. ``rows`` may be given as
    :class:`EngineRows`: they become rdflib terms when first read.

    Example
    -------
    >>> from rdflib import Literal
    >>> answer = Result("SELECT", vars=["name", "count"], rows=[(Literal("Luster"), Literal(3))])
    >>> answer.bindings()[0]["count"].toPython(), answer.records()
    (3, [{'name': 'Luster', 'count': 3}])
    """

    kind: QueryKind
    vars: list[str] = field(default_factory=list)
    rows: _Rows = _Rows()
    boolean: bool | None = None
    graph: Graph | None = None

    def table(self) -> Result:
        """This result if it is a SELECT answer; otherwise a plain-words error."""
        if self.kind != "SELECT":
            raise BadInput(f"a {self.kind} result is not a table")
        return self

    def bindings(self) -> list[dict[str, Term | None]]:
        """The rows of a SELECT as dictionaries: variable name -> term (None when unbound)."""
        return [dict(zip(self.vars, row)) for row in self.table().rows]

    def records(self) -> list[dict[str, Any]]:
        """The rows as plain Python values: IRIs and texts as ``str``, numbers, dates and booleans as Python's own."""
        return [{name: _plain(term) for name, term in zip(self.vars, row)} for row in self.table().rows]

    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame, one column per variable (pandas is the optional extra ``lls-kg[pandas]``)."""
        try:
            import pandas  # optional: only notebooks that ask for a DataFrame need it
        except ImportError:
            raise BadInput("pandas is not installed; install it with: pip install 'lls-kg[pandas]'") from None
        return pandas.DataFrame.from_records(self.records(), columns=self.vars)


@dataclass(frozen=True)
class Texts:
    """A SELECT answer with every term as plain text: an IRI, ``_:id`` for a blank node, a literal's
    lexical form; ``None`` for an unbound value, and for an empty literal, which says nothing either (Oxigraph writes
    both alike in the CSV it hands its answers over in: :func:`lls_kg.store.embedded.read_texts`)."""

    vars: list[str]
    rows: list[tuple[str | None, ...]]

    def records(self) -> list[Record]:
        """Each row as variable -> text."""
        at = {name: i for i, name in enumerate(self.vars)}
        return [Record(row, at) for row in self.rows]


class Record(Mapping[str, "str | None"]):
    """One row of a :class:`Texts` as variable -> text, read from the row itself: a dictionary per row took three
    times the memory (a report of ten million triples reads half a million rows)."""

    __slots__ = ("_row", "_at")

    def __init__(self, row: tuple[str | None, ...], at: Mapping[str, int]) -> None:
        self._row, self._at = row, at  # ``at``: variable -> column, one for every row of an answer

    def __getitem__(self, name: str) -> str | None:
        return self._row[self._at[name]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)

    def __repr__(self) -> str:
        return repr(dict(self))


class Store(Protocol):
    """Anything that answers SPARQL queries with a :class:`Result`."""

    def query(self, text: str, bindings: Mapping[str, Term] | None = None) -> Result:
        """Run the query ``text``, with ``bindings`` (variable name -> RDF term) fixed in advance.

        Every engine gets the values as a ``VALUES`` block first inside the WHERE
        clause (:mod:`lls_kg.store.bind`), so the same query answers alike everywhere.
        """
        ...


@runtime_checkable
class TextStore(Store, Protocol):
    """A store that reads an answer as plain text itself, and can be asked for several answers ahead: Oxigraph
    (:class:`~lls_kg.store.OxigraphStore`), a region's rows of a whole graph (:func:`lls_kg.sparql.scope.rows_within`)."""

    def texts(self, text: str) -> Texts:
        """The answer to the SELECT query ``text`` as plain text (see :func:`lls_kg.store.texts`)."""
        ...

    def ask_ahead(self, queries: Sequence[str]) -> None:
        """Start answering ``queries``, where that is faster than one by one (see :func:`lls_kg.store.ask_ahead`)."""
        ...


def text_of(term: Term | None) -> str | None:
    """A term as plain text (see :class:`Texts`)."""
    if term is None:
        return None
    return f"_:{term}" if isinstance(term, BNode) else str(term) or None


def _plain(term: Term | None) -> Any:
    if term is None or isinstance(term, (URIRef, BNode)):
        return None if term is None else str(term)
    value = term.toPython()
    return str(term) if isinstance(value, Literal) else value
