"""Real Oxigraph servers for the tests: ``oxigraph serve`` on a free loopback port, stopped at the end.

Import the fixtures into a test module (``from oxigraph_server import oxigraph_server``);
they fail with a clear message when the ``oxigraph`` command (the test extra) is not installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from lls_kg.errors import BadInput
from lls_kg.loader import select
from lls_kg.remote import upload
from lls_kg.serve import oxigraph_command, oxigraph_process


def needs_oxigraph() -> None:
    """Fail clearly if the `oxigraph` command (in the test extra: `bash scripts/test` installs it) is missing."""
    try:
        oxigraph_command()
    except BadInput as missing:
        pytest.fail(f"{missing}; install the test extra with: bash scripts/test")


@contextmanager
def _running(folder: Path) -> Iterator[str]:
    """The query URL of an Oxigraph server with its store in ``folder``."""
    needs_oxigraph()
    with oxigraph_process(["serve", "--location", str(folder / "store")], folder / "oxigraph.log") as base:
        yield f"{base}/query"


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server holding the ontology and the shipped graph (uploaded over the Graph Store Protocol): its query URL."""
    with _running(tmp_path_factory.mktemp("oxigraph")) as endpoint:
        upload(endpoint, select())
        yield endpoint


@pytest.fixture
def empty_oxigraph_server(tmp_path: Path) -> Iterator[str]:
    """A server of its own with an empty store, for tests that write: its query URL."""
    with _running(tmp_path) as endpoint:
        yield endpoint
