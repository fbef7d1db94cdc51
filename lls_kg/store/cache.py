"""Answers of an on-disk Oxigraph store kept between runs, and never served once the store has changed.

A user of an on-disk store runs ``analyse``, ``report``, ``viz`` and ``export`` again and again on the same,
unchanged store, and each run asks the same internal queries, which RocksDB answers 5–9 times slower than
memory (bench/RESULTS.md). So each answer read as text (:meth:`OxigraphStore.texts`) is kept in a file, keyed by
the query's text and by the store's *state*: the name, size, modification time and inode of every file in the
store's folder, read before the store is opened. A write by pyoxigraph, an Oxigraph server or ``lls-kg load``
appends to a write-ahead log, writes new tables or a new manifest, or replaces the folder: RocksDB never
rewrites a file in place, so a write changes a size, a name or an inode even when the clock has not ticked,
and an answer kept for the old state is never read again. (RocksDB's diary, ``LOG``, and its empty ``LOCK`` are
left out: the diary changes without the data changing.) The state is read before opening, so an answer can only
be newer than its key, never older.

The cache lives in ``$LLS_KG_CACHE`` (``off``: none), else the platform's user cache folder, one folder per
store holding only the answers of its current state: a new state's first answer removes the old ones, and a new
store's first answer removes the folders of stores that are gone. Files
are written whole and renamed into place, so readers and writers at once break nothing; a file that cannot be
read, is cut short or fails its checksum is a miss, and is written again. The folder must be the user's own:
marshal, like pickle, is not safe against files made to harm, which the checksum does not stop.

Format: marshal, each distinct text written once, behind a checksum. Measured on the 1 M-triple graph's answers
(read back, from the page cache): view_nodes (120,906 rows) 37 ms from 9.6 MB, labels (242,027 rows) 54 ms from
11.8 MB; pickle (protocol 5) 47 and 76 ms; each text written where it occurs, 62 and 93 ms with marshal, 77 and
112 ms with pickle, from files twice the size. Sharing the texts costs 0.1–0.25 s when an answer is first kept.
At the scale of 10 M triples (the labels answer ten times over, 2.4 M rows) an answer is kept in 5.3 s and read
back in 0.94 s from 103 MB.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import shutil
import sys
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from .base import Texts

#: The environment variable naming the cache folder; ``off`` keeps no answers.
VARIABLE = "LLS_KG_CACHE"
#: What starts every file: the format, and the Python whose marshal wrote it (its format may change between them).
_MAGIC = f"lls-kg answers 1 marshal {marshal.version} python {sys.version_info[0]}.{sys.version_info[1]}\n".encode()
#: RocksDB's diary: written as it likes, not part of the data.
_DIARY = ("LOG", "LOCK")
#: The file in a store's folder that names the store, so that the answers of a store that is gone are removed.
_STORE = "store"


def folder() -> Path | None:
    """Where answers are kept: ``$LLS_KG_CACHE``, else the user cache folder (``~/.cache/lls-kg`` on Linux);
    None when ``$LLS_KG_CACHE`` is ``off``."""
    chosen = os.environ.get(VARIABLE, "")
    if chosen == "off":
        return None
    return Path(chosen) if chosen else platformdirs.user_cache_path("lls-kg", appauthor=False)


def state(store: Path) -> str:
    """A digest that changes with any write to the on-disk store in ``store``: every file's name, size,
    modification time and inode (the diary left out)."""
    found = []
    for root, _, names in os.walk(store):
        for name in names:
            if name.startswith(_DIARY):
                continue
            path = os.path.join(root, name)
            seen = os.stat(path)
            found.append((os.path.relpath(path, store), seen.st_size, seen.st_mtime_ns, seen.st_ino))
    return _digest(repr(sorted(found)))


@dataclass(frozen=True)
class Kept:
    """The kept answers of one on-disk store in one state."""

    place: Path
    state: str
    store: Path

    @classmethod
    def of(cls, store: Path) -> Kept | None:
        """The answers of ``store`` as it is now (read before opening it); None when the cache is off."""
        root = folder()
        if root is None:
            return None
        where = store.resolve()
        try:
            now = state(where)
        except OSError:  # a file went as it was read: a write is under way, so keep nothing this time
            return None
        return cls(root / f"{where.name}-{_digest(str(where))[:16]}", now, where)

    def answer(self, text: str, ask: Callable[[], Texts]) -> Texts:
        """The kept answer to the query ``text``, else ``ask()``'s, kept for next time."""
        found = read(self.path(text), text)
        if found is None:
            found = ask()
            self.keep(text, found)
        return found

    def path(self, text: str) -> Path:
        """The file that keeps the answer to ``text`` in this state."""
        return self.place / f"{self.state}-{_digest(text)}"

    def keep(self, text: str, answer: Texts) -> None:
        """Write the answer whole and rename it into place, then remove the answers of other states; a cache
        that cannot be written (a full or read-only disk) only means the next run asks again."""
        path = self.path(text)
        try:
            if not self.place.is_dir():
                self._begin()
            payload = marshal.dumps((text, answer.vars, _shared(answer.rows)), 4)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f"{path.name}.", suffix=".part")
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(_MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload)
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            self._forget_other_states()
        except OSError:
            pass

    def _begin(self) -> None:
        """Make the store's folder, saying whose it is, and remove the folders of stores that are gone."""
        self.place.mkdir(parents=True, exist_ok=True)
        (self.place / _STORE).write_text(str(self.store), encoding="utf-8")
        for other in self.place.parent.iterdir():
            whose = other / _STORE
            if whose.is_file() and not Path(whose.read_text(encoding="utf-8") or ".").is_dir():
                shutil.rmtree(other, ignore_errors=True)

    def _forget_other_states(self) -> None:
        for other in self.place.iterdir():
            if other.name != _STORE and not other.name.startswith(self.state):
                other.unlink(missing_ok=True)


def read(path: Path, text: str) -> Texts | None:
    """The answer kept in ``path`` for the query ``text``; None when there is none, or it is unreadable, cut short,
    corrupt, of another format or of another query."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC) + 4
    payload = memoryview(data)[head:]
    if not data.startswith(_MAGIC) or int.from_bytes(data[len(_MAGIC):head], "big") != zlib.crc32(payload):
        return None
    try:
        kept, names, rows = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    return Texts(names, rows) if kept == text and isinstance(names, list) and isinstance(rows, list) else None


def size(place: Path) -> int:
    """Bytes kept under ``place``."""
    return sum(path.stat().st_size for path in place.rglob("*") if path.is_file()) if place.is_dir() else 0


def _shared(rows: list[tuple[str | None, ...]]) -> list[tuple[str | None, ...]]:
    """``rows`` with each distinct text one interned object (:func:`sys.intern`), so marshal writes it once (half the
    file, read back faster) and reads it back interned, one string with every other answer's (see
    :func:`lls_kg.store.terms.shared_text`)."""
    return [tuple([value if value is None else sys.intern(value) for value in row]) for row in rows]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
