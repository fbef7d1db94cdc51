"""Write a command's result to stdout or to a file, never leaving a half-written file behind.

A file is written next to its target under a temporary name and renamed over
it only when complete, so a failure (or Ctrl-C) leaves the old file as it was.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import BadInput
from .resources import inside_package


def emit(data: str | bytes, path: str | os.PathLike[str] | None = None) -> None:
    """Write ``data`` to the file ``path``, or to stdout when ``path`` is None or ``-``."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if path is None or str(path) == "-":
        sys.stdout.buffer.write(raw)
        sys.stdout.buffer.flush()
    else:
        write_atomic(Path(path), raw)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step (temporary file in the same folder, then ``os.replace``).

    Nothing is written inside the installed package: a reinstall would lose it (the data home is the place)."""
    with atomic(path) as out:
        out.write(data)


@contextlib.contextmanager
def atomic(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` through as the data is made: it replaces ``path`` only when the block ends
    without an error (see :func:`write_atomic`), so memory need not hold the whole file."""
    if inside_package(path):
        raise BadInput(f"{path}: that is inside the installed lls-kg package, which a reinstall replaces; "
                       "write elsewhere (user data belongs in the data home, see 'lls-kg home')")
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise BadInput(f"{path}: cannot write there ({error.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, _mode(path))
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise BadInput(f"{path}: cannot write there ({error.strerror})") from None
        raise


@contextlib.contextmanager
def opened(path: str | os.PathLike[str] | None) -> Iterator[BinaryIO]:
    """Where a command writes as it goes: stdout when ``path`` is None or ``-``, else :func:`atomic` ``path``."""
    if path is None or str(path) == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
    else:
        with atomic(Path(path)) as out:
            yield out


def _mode(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones (not mkstemp's 0600)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
