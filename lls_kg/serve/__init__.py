"""``lls-kg serve``: a read-only SPARQL 1.1 Protocol endpoint over the built graph.

A few processes, one door. Oxigraph's own servers answer the queries from an
on-disk store built from the graph, on private loopback ports, sandboxed and
replaced when a query runs away (:mod:`.engine`, :mod:`.pool`, :mod:`.sandbox`);
in front, a small standard-library HTTP server is what clients reach
(:mod:`.front`). It refuses what would make the engine act outside the graph
(:mod:`.guard`), caps time and rows (:mod:`.limits`), negotiates the format
(:mod:`.negotiate`), and lists the named queries as examples (:mod:`.pages`).
The engine is read-only as well (it answers updates with 403), so even a
query that slipped past the front could not change the store.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from ..dataset import described
from ..errors import BadInput
from ..store.embedded import OxigraphStore
from ..store.files import PathLike
from ..store.load import load_disk
from .front import Endpoint
from .limits import Limits, Refused
from .pool import Engines

__all__ = ["Endpoint", "Limits", "Refused", "background", "serve", "started"]

_PREFIX = "lls-kg-serve-"


@contextmanager
def started(files: Sequence[PathLike], host: str = "127.0.0.1", port: int = 7878, limits: Limits = Limits(),
            progress: Callable[[str], None] | None = None,
            log: Callable[[str], None] | None = None, lang: str | None = None) -> Iterator[Endpoint]:
    """Build a store from ``files``, start the engine on it and bind the front to ``host:port`` (0: any free port).

    The front page at ``/`` speaks ``lang`` (:mod:`lls_kg.i18n`).
    Nothing serves requests until the caller runs ``serve_forever()`` (or :func:`background`);
    leaving the block stops the engine and removes the store.
    """
    _sweep()
    with tempfile.TemporaryDirectory(prefix=f"{_PREFIX}{os.getpid()}-") as folder:
        store = Path(folder) / "kg"
        load_disk(store, files, progress=progress)
        _describe(store)
        engines = Engines(store, Path(folder) / "oxigraph.log", limits)
        try:
            try:
                endpoint = Endpoint((host, port), engines, limits, log, lang)
            except OSError as error:
                raise BadInput(f"cannot listen on {host}:{port} ({error.strerror})") from None
            with endpoint:
                yield endpoint
        finally:
            engines.close()


@contextmanager
def background(endpoint: Endpoint) -> Iterator[Endpoint]:
    """Serve in a thread for the length of the block (tests, the load test)."""
    thread = threading.Thread(target=endpoint.serve_forever, name="lls-kg-serve", daemon=True)
    thread.start()
    try:
        yield endpoint
    finally:
        endpoint.shutdown()
        thread.join()


def serve(files: Sequence[PathLike], host: str, port: int, limits: Limits, say: Callable[[str], None],
          log: Callable[[str], None] | None = None, lang: str | None = None) -> None:
    """Serve until interrupted (Ctrl-C, SIGTERM or SIGHUP), then stop the engines and remove their store."""
    for stop in (signal.SIGTERM, signal.SIGHUP):  # leave through the ``with`` blocks, which clean up
        signal.signal(stop, lambda *_: sys.exit(0))
    try:
        with started(files, host, port, limits, progress=say, log=log, lang=lang) as endpoint:
            if not _loopback(host):
                say(f"warning: listening on {host}: anyone who can reach this machine can query the graph; "
                    "clients must call it by the address it listens on or a name given with --allow-host")
            say(f"serving the graph read-only at {endpoint.url} (examples at {endpoint.url.removesuffix('sparql')}); "
                "Ctrl-C stops")
            endpoint.serve_forever()
    except KeyboardInterrupt:  # wherever it comes, after the ``with`` blocks have cleaned up
        say("stopped")


def _describe(folder: Path) -> None:
    """Complete the dataset's description in the store at ``folder`` with its counts, as ``build`` does.

    The store is opened for writing and closed again before any engine opens it.
    """
    store = ox.Store(str(folder))
    try:
        OxigraphStore(store).add(described(OxigraphStore(store)))
        store.flush()
    finally:
        del store


def _sweep() -> None:
    """Remove the stores that endpoints killed outright (``kill -9``: no clean-up ran) left in the temp folder."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_PREFIX}*-*"):
        owner = folder.name.removeprefix(_PREFIX).split("-", 1)[0]
        if owner.isdigit() and not Path(f"/proc/{owner}").exists() and Path("/proc/self").exists():
            shutil.rmtree(folder, ignore_errors=True)


def _loopback(host: str) -> bool:
    return host == "localhost" or host.startswith("127.")
