"""Loading a store: an on-disk Oxigraph store built from the files, or a SPARQL endpoint's default graph.

Neither leaves a half-loaded store behind. An on-disk store is built in a
hidden sibling folder and renamed into place only once complete. An endpoint's
default graph is replaced by one Graph Store Protocol request, which the
server applies whole or not at all.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
import traceback
import urllib.parse
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import BadInput, one_line
from .files import PathLike, parse_into, shown, triples
from .remote import EndpointError, RemoteStore, check_url, post

#: The file ``load_disk`` leaves in a store folder: it tells a store lls-kg built from any other folder.
MARKER = "lls-kg-store.json"


def load_disk(path: PathLike, files: Sequence[PathLike], replace: bool = False,
              progress: Callable[[str], None] | None = None) -> int:
    """Bulk-load ``files`` into a new on-disk Oxigraph store in the folder ``path``; return its number of quads.

    The store is built in a hidden sibling folder and renamed into place only once complete, so an
    interrupted load never leaves a folder that looks like a finished store. A store that lls-kg built
    is replaced; any other non-empty folder only if ``replace`` is true. ``progress`` hears one message per file, and
    one for the compaction that readies the store for reading.

    Example
    -------
    >>> from lls_kg.store.files import select
    >>> from lls_kg.store import open_store
    >>> import tempfile; folder = tempfile.mkdtemp()
    >>> load_disk(folder + "/kg", select()) > 1000
    True
    >>> open_store(f"oxigraph:{folder}/kg").query("ASK { ?s a lls:Project }").boolean
    True
    """
    target = Path(path)
    _check_target(target, replace)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".loading"))
    except OSError as error:
        raise BadInput(f"{target}: cannot create the store there ({error.strerror})") from None
    try:
        quads = _bulk_load(building, [Path(file) for file in files], progress or (lambda message: None))
        (building / MARKER).write_text(json.dumps({"files": [shown(Path(file)) for file in files], "quads": quads},
                                                  ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        _swap(building, target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return quads


def _check_target(target: Path, replace: bool) -> None:
    """Refuse to overwrite a file, or a non-empty folder that is not an lls-kg store (unless ``replace``)."""
    if target.exists() and not target.is_dir():
        raise BadInput(f"{target}: a file is in the way; an Oxigraph store is a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file() and not replace:
        raise BadInput(f"{target}: the folder is not empty and holds no lls-kg store; "
                       "choose another folder, or use --replace to overwrite it")


def _bulk_load(folder: Path, files: list[Path], progress: Callable[[str], None]) -> int:
    """Parse ``files`` straight into a new store in ``folder`` with Oxigraph's bulk loader, compact it, close it."""
    store = ox.Store(str(folder))
    try:
        for number, path in enumerate(files, 1):
            progress(f"loading {shown(path)} ({number}/{len(files)})")
            parse_into(store, path, bulk=True)
        progress("compacting the store for reading")
        store.optimize()
        return len(store)
    except BaseException as error:
        traceback.clear_frames(error.__traceback__)  # the parser's frame holds the store too
        raise
    finally:
        del store  # close it now: a traceback would keep it open while its folder is being removed


def _swap(building: Path, target: Path) -> None:
    """Put the finished store at ``target``; an old folder there is moved aside first and removed last."""
    if not target.exists():
        building.rename(target)
        return
    aside = target.with_name(f".{target.name}.{uuid.uuid4().hex}.old")
    target.rename(aside)
    building.rename(target)
    shutil.rmtree(aside, ignore_errors=True)


#: Triples per request when uploading: big enough to amortise HTTP, small enough for any server.
CHUNK = 50_000


def store_url(endpoint: str) -> str:
    """The Graph Store Protocol address beside ``endpoint``, as Oxigraph lays it out (``/query`` -> ``/store``)."""
    parts = urllib.parse.urlsplit(check_url(endpoint))
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/store", "", ""))


def load_endpoint(endpoint: str, files: Sequence[PathLike], replace: bool = False, *, gsp: str | None = None,
                  timeout: float = 3600.0, progress: Callable[[str], None] | None = None) -> int:
    """Make the default graph of ``endpoint`` hold the triples of ``files``, and only them; return how many.

    One Graph Store Protocol ``PUT`` replaces the default graph, its body streamed as the files are
    parsed. A server runs a request as one transaction (Oxigraph, Fuseki and GraphDB do), so readers
    see the old graph or the whole new one, and a load cut short (the body ends without its last
    chunk, or a file turns out unreadable half-way) leaves the old graph as it was. One request is
    also what keeps it fast: a staging graph moved into place with SPARQL Update took six times as
    long on Oxigraph. A default graph that already holds triples is replaced only if ``replace`` is
    true (an endpoint cannot tell an earlier load from other people's data).

    Parameters
    ----------
    endpoint
        The SPARQL query endpoint.
    files
        RDF files; named graphs in TriG or N-Quads are merged, as the loader does.
    replace
        Replace a default graph that is not empty.
    gsp
        The Graph Store Protocol address, e.g. Fuseki's ``http://HOST:3030/DATASET/data``; by
        default Oxigraph's ``/store`` beside ``endpoint``.
    progress
        Hears a line per 50,000 triples sent: triples so far and the rate.

    Example (with an Oxigraph server on port 7878)::

        load_endpoint("http://127.0.0.1:7878/query", select(), replace=True)
    """
    target = _default_graph(gsp or store_url(endpoint))
    if not replace and RemoteStore(endpoint, timeout).query("ASK { ?s ?p ?o }").boolean:
        raise BadInput(f"{endpoint}: the default graph already holds triples; "
                       "use --replace to replace them with the files")
    sent = _Sent(progress)
    body = (sent.add(path, batch) for path in map(Path, files) for batch in _batches(path, CHUNK))
    try:
        post(target, body, "application/n-triples", timeout, method="PUT")
    except EndpointError as refusal:
        raise BadInput(f"loading the endpoint: {refusal}") from None
    return sent.triples


class _Sent:
    """Counts the triples an upload has sent, and tells ``progress`` how many and how fast."""

    def __init__(self, progress: Callable[[str], None] | None) -> None:
        self.progress = progress
        self.triples = 0
        self.started = time.monotonic()

    def add(self, path: Path, batch: list[Any]) -> bytes:
        """``batch`` as N-Triples, counted."""
        data = ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES)
        self.triples += len(batch)
        if self.progress:
            rate = self.triples / max(time.monotonic() - self.started, 1e-6)
            self.progress(f"uploaded {self.triples:,} triples ({rate:,.0f} triples/s; {shown(path)})")
        return data


def _default_graph(store: str) -> str:
    """The Graph Store Protocol address of the default graph of the graph store ``store``."""
    return f"{check_url(store)}{'&' if '?' in store else '?'}default"


def upload(endpoint: str, files: Iterable[PathLike], gsp: str | None = None, chunk: int = CHUNK,
           timeout: float = 300.0, progress: Callable[[str], None] | None = None) -> int:
    """Add the triples of ``files`` to the default graph of ``endpoint``; return how many were sent.

    Parameters
    ----------
    endpoint
        The SPARQL endpoint (its Graph Store Protocol address is derived from it unless ``gsp`` is given).
    files
        RDF files; named graphs in TriG or N-Quads are merged into one graph, as the loader does.
    gsp
        The Graph Store Protocol address, e.g. Fuseki's ``http://HOST:3030/DATASET/data``; default
        Oxigraph's ``/store``. Triples go to ``GSP?default`` with HTTP POST, which adds without replacing.
    chunk
        Triples per request. Triples with a blank node are held back and sent in one request per
        file, because a server gives the blank nodes of each request fresh identities.
    progress
        Hears one line per request: triples so far and the rate.

    Example (with an Oxigraph server on port 7878)::

        upload("http://127.0.0.1:7878/query", ["graph/work.ttl"])
    """
    target = _default_graph(gsp or store_url(endpoint))
    sent = _Sent(progress)
    for path in map(Path, files):
        for batch in _batches(path, chunk):
            try:
                post(target, sent.add(path, batch), "application/n-triples", timeout)
            except EndpointError as refusal:
                raise BadInput(f"uploading {shown(path)}: {refusal}") from None
    return sent.triples


def _batches(path: Path, size: int) -> Iterator[list[Any]]:
    """The triples of ``path`` in lists of ``size``, those with blank nodes together in one last list.

    Blank nodes get identities of their own (the one reader renames them), so two files sent in one
    request never share one.
    """
    batch: list[Any] = []
    held: list[Any] = []
    for triple in triples(path):
        if isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode):
            held.append(triple)
            continue
        batch.append(triple)
        if len(batch) >= size:
            yield batch
            batch = []
    for rest in (batch, held):
        if rest:
            yield rest
