"""The names of formats and inference modes, in a module light enough for ``lls-kg --help`` to import.

The library modules check their arguments against these, and the command line
offers them as choices, so the two never drift apart.
"""

from __future__ import annotations

from .errors import BadInput

#: Renderings of a query result (lls_kg.formats).
TABLE_FORMATS = ("table", "csv", "json", "md")
#: RDF serialisations of the whole graph (lls_kg.build).
GRAPH_FORMATS = ("turtle", "trig", "nt", "json-ld")
#: Entailment regimes the build can add (lls_kg.build).
INFERENCE = ("none", "rdfs", "owlrl")


def require(value: str, allowed: tuple[str, ...], what: str) -> None:
    """Refuse ``value`` unless it is one of ``allowed`` (callers from Python get the same check as the CLI)."""
    if value not in allowed:
        raise BadInput(f"unknown {what} '{value}'; use {', '.join(allowed)}")
