"""Where the shipped ontology and graph live.

An installed wheel carries them in ``lls_kg/_data`` (see ``pyproject.toml``);
a checkout or an editable install reads them from the repository root, so an
edit to ``graph/*.ttl`` is seen without reinstalling.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir() -> Path:
    """The folder holding ``ontology/`` and ``graph/``."""
    bundled = _PACKAGE / "_data"
    return bundled if bundled.is_dir() else _PACKAGE.parent


def ontology_dir() -> Path:
    """The vocabulary and the shapes."""
    return data_dir() / "ontology"


def shapes_path() -> Path:
    """The SHACL shapes: the contract the data must meet."""
    return ontology_dir() / "shapes.ttl"


def graph_dir() -> Path:
    """The instance data."""
    return data_dir() / "graph"


def page_copies_dir() -> Path:
    """The project's plain-text copies of its source pages (not RDF)."""
    return graph_dir() / "sources"
