"""lls-kg: the knowledge graph of the Leikanger – Luster – Sogndal city region.

For notebooks::

    import lls_kg
    kg = lls_kg.load()                      # ontology + shipped graph (+ data=[...])
    kg.graph                                # an rdflib Graph
    store = lls_kg.open_store("oxigraph")   # the same graph, queried by Oxigraph
    lls_kg.statistics(store).rows           # triples, instances per class, roles per kind, passages
    lls_kg.check().lines()                  # SHACL problems, one plain line each

The names below are imported on first use, so ``import lls_kg`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

#: public name -> (module, attribute)
_API = {
    "load": ("loader", "load"),
    "Loaded": ("loader", "Loaded"),
    "assemble": ("build", "assemble"),
    "infer": ("build", "infer"),
    "serialise": ("build", "serialise"),
    "check": ("validate", "check"),
    "Report": ("validate", "Report"),
    "statistics": ("stats", "collect"),
    "open_store": ("store", "open_store"),
    "Result": ("store", "Result"),
    "render": ("formats", "render"),
    "load_named": ("query", "load_named"),
    "list_named": ("query", "list_named"),
    "LlsError": ("errors", "LlsError"),
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'lls_kg' has no attribute '{name}'")
    module, attribute = _API[name]
    return getattr(import_module(f".{module}", __name__), attribute)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))
