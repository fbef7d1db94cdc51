"""Loading an on-disk Oxigraph store from the files (an endpoint's graph is :mod:`.upload`'s work).

It never leaves a half-loaded store behind: the store is built in a hidden
sibling folder and renamed into place only once complete.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import traceback
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

import pyoxigraph as ox

from ..errors import BadInput
from .files import PathLike, parse_into, shown

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
