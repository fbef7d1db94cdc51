"""lls-kg: the knowledge graph of the Leikanger – Luster – Sogndal city region.

For notebooks (see the README's "From Python")::

    import lls_kg
    kg = lls_kg.open()                 # the ontology and the shipped graph, Oxigraph in memory
    kg.owners(history=True).to_pandas()
    kg.query("goal_activities", goal="goal:tilflytting-og-naering").records()
    kg.view("actors")                  # a networkx graph
    kg.analyse().cross_border.share

The names below load on first use: ``lls-kg --help`` imports this package
before the command line, and importing the API eagerly would triple its time
(measured: 0.16 s against 0.05 s; bench/RESULTS.md).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

#: public name -> (module, attribute)
_API = {
    "open": ("api", "open"),
    "KG": ("api", "KG"),
    "draft": ("api", "draft"),
    "home": ("api", "home"),
    "Result": ("store", "Result"),
    "list_named": ("sparql", "list_named"),
    "LlsError": ("errors", "LlsError"),
    "BadInput": ("errors", "BadInput"),
    "CheckFailed": ("errors", "CheckFailed"),
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'lls_kg' has no attribute '{name}'")
    module, attribute = _API[name]
    return getattr(import_module(f".{module}", __name__), attribute)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))
