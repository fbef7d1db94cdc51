"""A shipped query's ``ORDER BY`` done in Python, for the answers read as text.

An engine sorts by comparing terms, and an on-disk Oxigraph store reads every string it compares from RocksDB, with
the whole answer held meanwhile: at ten million triples ``goal_activities`` took 59 s and 592 MiB sorted by the
engine, 33 s and 342 MiB sorted here; ``owners`` 32 s and 506 MiB, 21 s and 319 MiB (``bench/order.py``). An answer
read as text is strings already, and strings in Python order as SPARQL orders ``STR(…)``: by code point. So where
every key of a query's ``ORDER BY`` is ``STR(?v)`` or ``COALESCE(STR(?v), "…")`` of a variable it selects,
ascending, the answer read as text (:func:`lls_kg.sparql.run.text_answer`) is asked without it and sorted here (an
unbound ``STR(?v)`` as the empty text: the queries bind every such key, as rdflib cannot order an unbound one). Any
other key (a number, ``DESC``, a bare variable, whose order depends on its type) leaves the sort to the engine. Rows
equal on every key are ordered by their values, where an engine leaves them in any order: every engine then gives
the same rows in the same order.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from ..store import Texts

#: A row of an answer read as text.
Row = tuple["str | None", ...]

#: The ``ORDER BY`` that ends a query, and its keys (no ``LIMIT`` or ``OFFSET`` after it: those need the engine's
#: order).
_ORDER = re.compile(r"^ORDER BY\b(?P<keys>.*)\Z", re.M | re.S)
#: One key: ``STR(?v)`` or ``COALESCE(STR(?v), "default")``, in brackets or not.
_KEY = re.compile(r'\s*(\()?\s*'  # an opening bracket, closed at the end
                  r'(?:STR\(\?(?P<var>\w+)\)|COALESCE\(\s*STR\(\?(?P<either>\w+)\)\s*,\s*"(?P<default>[^"\\]*)"\s*\))'
                  r'\s*(?(1)\))\s*')
#: The variables the outer ``SELECT`` names (the first ``SELECT`` of a shipped query is the outer one).
_SELECTED = re.compile(r"^SELECT\b(?P<vars>.*?)\bWHERE\b", re.M | re.S)


class Sorted(NamedTuple):
    """A query's text as the engine is asked it, and how its rows are then sorted (None: the engine sorts them)."""

    text: str
    #: (variable, what an unbound one sorts as) of each key; None: the engine sorts
    keys: tuple[tuple[str, str], ...] | None = None

    def sort(self, answer: Texts) -> Texts:
        """``answer`` in the order of the query's ``ORDER BY``."""
        if self.keys is None:
            return answer
        return Texts(answer.vars, sorted(answer.rows, key=_key(answer.vars, self.keys)))


@functools.cache
def in_python(text: str) -> Sorted:
    """``text`` without its ``ORDER BY``, and the keys to sort its rows by, where Python orders them as the engine
    would (see above); else ``text`` as it is.

    >>> q = 'SELECT ?a ?b WHERE { ?a ?p ?b }\\nORDER BY STR(?a) (COALESCE(STR(?b), ""))\\n'
    >>> in_python(q)
    Sorted(text='SELECT ?a ?b WHERE { ?a ?p ?b }\\n', keys=(('a', ''), ('b', '')))
    >>> in_python('SELECT ?n WHERE { ?s ?p ?n }\\nORDER BY DESC(?n)').keys is None
    True
    """
    order, selected = _ORDER.search(text), _SELECTED.search(text)
    if order is None or selected is None:
        return Sorted(text)
    keys = _keys(order["keys"])
    chosen = set(re.findall(r"\?(\w+)", selected["vars"]))
    if keys is None or not {var for var, _ in keys} <= chosen:
        return Sorted(text)
    return Sorted(text[:order.start()], keys)


def _keys(clause: str) -> tuple[tuple[str, str], ...] | None:
    """(variable, what an unbound one sorts as) of each key of ``clause``; None if one is of another form."""
    keys, at = [], 0
    while at < len(clause):
        key = _KEY.match(clause, at)
        if key is None or key.end() == at:
            return None
        keys.append((key["var"], "") if key["var"] else (key["either"], key["default"]))
        at = key.end()
    return tuple(keys) or None


def _key(names: Sequence[str], keys: tuple[tuple[str, str], ...]) -> Callable[[Row], tuple[str, ...]]:
    """A row's sort key: the text (or what an unbound one sorts as) of each key, then of each value."""
    columns = [(names.index(var), default) for var, default in keys]

    def key(row: Row) -> tuple[str, ...]:
        return (*(default if (value := row[i]) is None else value for i, default in columns),
                *(value or "" for value in row))

    return key
