"""Shared fixtures: the fixture data folder, the shipped graph, and a compact view of query rows."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from lls_kg import resources
from lls_kg.formats import text
from lls_kg.store import Result, Store, open_store

from sockets import listening

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
HOME = FIXTURES / "home"
BROKEN = FIXTURES / "broken"

#: The tests written before lls-kg spoke Nynorsk read English; tests of the languages ask for theirs
#: (tests/test_i18n.py, tests/test_languages.py). Commands run by the tests inherit this too.
os.environ["LLS_KG_LANG"] = "en"

#: The answers of on-disk stores are kept in a folder of the test run's own, never in the user's cache folder
#: (:mod:`lls_kg.store.cache`); commands run by the tests inherit it too.
CACHE = os.environ["LLS_KG_CACHE"] = tempfile.mkdtemp(prefix="lls-kg-cache-tests-")

#: Every backend (``backend``, ``engines``) and real Oxigraph servers, for any test that names them.
pytest_plugins = ["engines"]


@pytest.fixture(autouse=True)
def _no_user_home(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests read the checkout's data home (its graph/), whatever ``LLS_KG_HOME`` the user has set."""
    monkeypatch.delenv(resources.HOME_VARIABLE, raising=False)


@pytest.fixture(scope="session", autouse=True)
def _test_cache() -> Iterator[None]:
    """Remove the test run's answer cache at the end."""
    yield
    shutil.rmtree(CACHE, ignore_errors=True)


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A loopback port that records whether anybody connects to it (see ``sockets.connected``)."""
    with listening() as sock:
        yield sock


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make ``tests/fixtures/home`` the shipped data folder."""
    monkeypatch.setattr(resources, "data_dir", lambda: HOME)
    return HOME


@pytest.fixture(scope="session")
def shipped() -> Store:
    """The real shipped ontology and graph, in memory, loaded once."""
    return open_store("memory")


@pytest.fixture(scope="session")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated graph of four city regions (about 10,000 triples, ``bench/generate.py``)."""
    path = tmp_path_factory.mktemp("national") / "national.nt"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--triples", "10000", "-o", str(path), "-q"],
                   check=True)
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def compact_rows(result: Result) -> list[tuple[str | None, ...]]:
    """Rows as plain strings, IRIs as prefixed names (``project:sykkelloyper``), unbound as None."""
    return [tuple(text(term, compact=True) for term in row) for row in result.rows]
