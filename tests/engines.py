"""The backends the tests run on: rdflib's engine, Oxigraph in memory, on disk and as a server, and Virtuoso.

A test that says it covers every backend takes the ``backend`` fixture (one run
per backend) and asks ``engines.store(backend, data)`` for the graph of its files:
each store is built once per set of files and kept for the session. An Oxigraph
server is started per set of files; one Virtuoso serves the whole session, the
shipped graph in its default graph and any other set of files in a named graph
of its own (asked with ``?default-graph-uri=``). Both are loaded with
``lls-kg load``'s own code and stopped at the end. The ``oxigraph_server`` fixtures give real Oxigraph servers to
tests that talk HTTP themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

from lls_kg.errors import BadInput
from lls_kg.serve.engine import oxigraph_command, oxigraph_process
from lls_kg.store import OxigraphStore, RdflibStore, RemoteStore, Store
from lls_kg.store.files import PathLike, select
from lls_kg.store.load import load_disk
from lls_kg.store.upload import load_endpoint

from virtuoso import Virtuoso, running_virtuoso

#: Every backend, as the ``backend`` fixture names them.
BACKENDS = ("rdflib", "memory", "disk", "server", "virtuoso")


def needs_oxigraph() -> None:
    """Fail clearly if the `oxigraph` command (in the test extra: `bash scripts/test` installs it) is missing."""
    try:
        oxigraph_command()
    except BadInput as missing:
        pytest.fail(f"{missing}; install the test extra with: bash scripts/test")


@contextmanager
def running(folder: Path) -> Iterator[str]:
    """The query URL of an Oxigraph server with its store in ``folder``."""
    needs_oxigraph()
    with oxigraph_process(["serve", "--location", str(folder / "store")], folder / "oxigraph.log") as base:
        yield f"{base}/query"


class Engines:
    """Stores of any backend, built once per set of files and kept until :meth:`close`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.servers = ExitStack()
        self.made: dict[tuple[str, tuple[Path, ...]], Store] = {}
        self.folders: dict[tuple[str, tuple[Path, ...]], Path] = {}
        self._virtuoso: Virtuoso | None = None

    def store(self, backend: str, data: Iterable[PathLike] = (), default: bool = True) -> Store:
        """The graph of the ontology, the shipped graph (unless ``default`` is false) and ``data`` on ``backend``."""
        files = tuple(select(data, default))
        if (backend, files) not in self.made:
            self.folders[backend, files] = self.folder / f"{backend}-{len(self.made)}"
            self.made[backend, files] = self._make(backend, files, self.folders[backend, files])
        return self.made[backend, files]

    def endpoint(self, data: Iterable[PathLike] = (), default: bool = True) -> str:
        """The query URL of a server holding those files."""
        store = self.store("server", data, default)
        assert isinstance(store, RemoteStore)
        return store.endpoint

    def spec(self, backend: str) -> str:
        """The ``--store`` of the command line that reaches the shipped graph on ``backend``."""
        if backend == "disk":
            self.store("disk")
            return f"oxigraph:{self.folders['disk', tuple(select())]}"
        if backend in ("server", "virtuoso"):
            store = self.store(backend)
            assert isinstance(store, RemoteStore)
            return store.endpoint
        return backend

    def virtuoso(self) -> Virtuoso:
        """The session's Virtuoso, started on first use."""
        if self._virtuoso is None:
            self._virtuoso = self.servers.enter_context(running_virtuoso(self.folder / "virtuoso"))
        return self._virtuoso

    def _make(self, backend: str, files: tuple[Path, ...], folder: Path) -> Store:
        if backend == "rdflib":
            return RdflibStore.from_files(files)
        if backend == "memory":
            return OxigraphStore.from_files(files)
        if backend == "disk":
            load_disk(folder, files)
            return OxigraphStore.open(folder)
        if backend == "server":
            folder.mkdir()
            url = self.servers.enter_context(running(folder))
            load_endpoint(url, files)
            return RemoteStore(url)
        if backend == "virtuoso":
            endpoint = self.virtuoso().endpoint
            if files == tuple(select()):
                load_endpoint(endpoint, files, replace=True)
                return RemoteStore(endpoint)
            graph = f"urn:lls-kg:test:{folder.name}"
            load_endpoint(endpoint, files, graph=graph)
            return RemoteStore(f"{endpoint}?default-graph-uri={quote(graph, safe='')}")
        raise ValueError(f"no backend {backend!r}; the backends are {BACKENDS}")

    def close(self) -> None:
        self.servers.close()


@pytest.fixture(scope="session")
def engines(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engines]:
    made = Engines(tmp_path_factory.mktemp("engines"))
    yield made
    made.close()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each backend in turn."""
    return str(request.param)


@pytest.fixture(scope="session")
def oxigraph_server(engines: Engines) -> str:
    """A server holding the ontology and the shipped graph: its query URL."""
    return engines.endpoint()


@pytest.fixture
def empty_oxigraph_server(tmp_path: Path) -> Iterator[str]:
    """A server of its own with an empty store, for tests that write: its query URL."""
    with running(tmp_path) as endpoint:
        yield endpoint
