"""How big the graph is and what it holds: triples, instances per class, roles per kind, source passages.

Each figure is a named query (``lls_kg/queries``), so it runs on any store.
The figures come back as one table (``measure``, ``item``, ``count``) that
every output format can render.
"""

from __future__ import annotations

from rdflib import Literal

from .query import load_named
from .store import Result, Store, Term

#: measure -> the named query that counts it (one row per item, or one row for a total).
MEASURES = {
    "triples": "triples",
    "source passages": "source_passages",
    "instances": "instances_per_class",
    "roles": "roles_per_kind",
}


def collect(store: Store) -> Result:
    """The statistics of the graph in ``store``, as a table with the columns ``measure``, ``item``, ``count``.

    Example
    -------
    >>> from lls_kg.store import open_store
    >>> table = collect(open_store())
    >>> table.rows[0][0]
    rdflib.term.Literal('triples')
    """
    rows: list[tuple[Term | None, ...]] = []
    for measure, name in MEASURES.items():
        answer = store.query(load_named(name).text)
        for row in answer.rows:
            item, count = (None, row[0]) if len(row) == 1 else row
            rows.append((Literal(measure), item, count))
    return Result("SELECT", vars=["measure", "item", "count"], rows=rows)
