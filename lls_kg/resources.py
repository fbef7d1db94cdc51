"""Where the shipped ontology and graph live, and where the user's own data lives.

An installed wheel carries them in ``lls_kg/_data`` (see ``pyproject.toml``);
a checkout or an editable install reads them from the repository root, so an
edit to ``graph/*.ttl`` is seen without reinstalling.

The user's data (imports, files a data steward keeps) lives in the *data home*,
outside the installed package so that a reinstall or a new environment never
loses it. One rule chooses it (:func:`home`): ``--home DIR``, else the
``LLS_KG_HOME`` environment variable, else the checkout's ``graph/`` when
lls-kg runs from a checkout, else the platform's user data folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

_PACKAGE = Path(__file__).resolve().parent
#: The environment variable that names the data home.
HOME_VARIABLE = "LLS_KG_HOME"


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


def installed() -> bool:
    """Whether lls-kg runs from an installed wheel (its data inside the package) rather than a checkout."""
    return (_PACKAGE / "_data").is_dir()


def inside_package(path: Path) -> bool:
    """Whether ``path`` lies inside the installed package, where nothing may be written."""
    return installed() and _PACKAGE in path.resolve().parents


@dataclass(frozen=True)
class Home:
    """The data home: its folder, and which part of the rule chose it."""

    path: Path
    chosen_by: str


def home(given: str | os.PathLike[str] | None = None) -> Home:
    """The data home: ``given`` (``--home``), else ``$LLS_KG_HOME``, else a checkout's ``graph/``, else the
    platform's user data folder (``~/.local/share/lls-kg`` on Linux).

    >>> home("/srv/lls").path.as_posix()
    '/srv/lls'
    """
    if given is not None and str(given):
        return Home(Path(given), "--home")
    if os.environ.get(HOME_VARIABLE):
        return Home(Path(os.environ[HOME_VARIABLE]), HOME_VARIABLE)
    if not installed():
        return Home(graph_dir(), "the checkout's graph/")
    return Home(platformdirs.user_data_path("lls-kg", appauthor=False), "the user data folder")
