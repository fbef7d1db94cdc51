"""How big the graph is and what it holds: triples, instances per class, roles per kind, source passages.

Each figure is a named query (``lls_kg/sparql/queries``), so it runs on any store.
The figures come back as one table (``measure``, ``item``, ``count``) that
every output format can render.
"""

from __future__ import annotations

from rdflib import Literal

from .i18n import N_
from .sparql import load_named
from .store import Result, Store, Term

#: measure -> (the named query that counts it, its item variable or None for a total, its count variable).
MEASURES = {
    "triples": ("triples", None, "triples"),
    "source passages": ("source_passages", None, "passages"),
    "instances": ("instances_per_class", "class", "instances"),
    "roles": ("roles_per_kind", "kind", "roles"),
}
#: measure -> its name for people, in the catalogs (a table says it in the reader's language; CSV and JSON keep the code).
MEASURE_NAMES = {"triples": N_("triples"), "source passages": N_("source passages"),
                 "instances": N_("instances"), "roles": N_("roles")}


def collect(store: Store) -> Result:
    """The statistics of the graph in ``store``, as a table with the columns ``measure``, ``item``, ``count``.

    Example
    -------
    >>> from lls_kg.store import open_store
    >>> table = collect(open_store())
    >>> table.records()[0]["measure"]
    'triples'
    """
    rows: list[tuple[Term | None, ...]] = []
    for measure, (name, item, count) in MEASURES.items():
        for row in store.query(load_named(name).text).bindings():
            rows.append((Literal(measure), row[item] if item else None, row[count]))
    return Result("SELECT", vars=["measure", "item", "count"], rows=rows)
