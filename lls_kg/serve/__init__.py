"""``lls-kg serve``: a read-only SPARQL 1.1 Protocol endpoint over the built graph.

Two processes, one door. Oxigraph's own server answers the queries from an
on-disk store built from the graph, on a private loopback port (:mod:`.engine`);
in front, a small standard-library HTTP server is what clients reach
(:mod:`.front`). It refuses what would make the engine act outside the graph
(:mod:`.guard`), caps time and rows (:mod:`.limits`), negotiates the format
(:mod:`.negotiate`), and lists the named queries as examples (:mod:`.pages`).
The engine is read-only as well (it answers updates with 403), so even a
query that slipped past the front could not change the store.
"""

from __future__ import annotations

import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from ..errors import BadInput
from ..store.files import PathLike
from ..store.load import load_disk
from .engine import oxigraph_process
from .front import Endpoint
from .limits import Limits, Refused

__all__ = ["Endpoint", "Limits", "Refused", "background", "serve", "started"]


@contextmanager
def started(files: Sequence[PathLike], host: str = "127.0.0.1", port: int = 7878, limits: Limits = Limits(),
            progress: Callable[[str], None] | None = None,
            log: Callable[[str], None] | None = None, lang: str | None = None) -> Iterator[Endpoint]:
    """Build a store from ``files``, start the engine on it and bind the front to ``host:port`` (0: any free port).

    The front page at ``/`` speaks ``lang`` (:mod:`lls_kg.i18n`).
    Nothing serves requests until the caller runs ``serve_forever()`` (or :func:`background`);
    leaving the block stops the engine and removes the store.
    """
    with tempfile.TemporaryDirectory(prefix="lls-kg-serve-") as folder:
        store = Path(folder) / "kg"
        load_disk(store, files, progress=progress)
        with oxigraph_process(["serve-read-only", "--location", str(store), "--timeout-s", str(limits.timeout)],
                              Path(folder) / "oxigraph.log") as engine:
            try:
                endpoint = Endpoint((host, port), engine, limits, log, lang)
            except OSError as error:
                raise BadInput(f"cannot listen on {host}:{port} ({error.strerror})") from None
            with endpoint:
                yield endpoint


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
    """Serve until interrupted (Ctrl-C or SIGTERM), then stop the engine and remove its store."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # leave through the ``with`` blocks, which clean up
    with started(files, host, port, limits, progress=say, log=log, lang=lang) as endpoint:
        if not _loopback(host):
            say(f"warning: listening on {host}: anyone who can reach this machine can query the graph")
        say(f"serving the graph read-only at {endpoint.url} (examples at {endpoint.url.removesuffix('sparql')}); "
            "Ctrl-C stops")
        try:
            endpoint.serve_forever()
        except KeyboardInterrupt:
            say("stopped")


def _loopback(host: str) -> bool:
    return host == "localhost" or host.startswith("127.")
