"""A plain-text region page as numbered lines, and the text helpers the extractor shares.

Every quote the extractor writes must stay a verbatim substring of the page, no-break
spaces included, so lines are only stripped at their ends; comparisons use
:func:`fold`, which never reaches the graph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import text as names
from ..errors import BadInput, read_bytes

#: A list item: a number ("1." or "1)") or a bullet, then the item's text.
_ITEM = re.compile(r"(?P<marker>\d{1,2}[.)]|[•●▪◦·*\-–])\s+(?P<body>\S.*)")
#: Where a paragraph may be cut into sentences: after . ! or ? (and a closing quote), before a capital.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”\"»’]))\s+(?=[«\"”A-ZÆØÅ])")
_TERMINAL = (".", "!", "?")
#: Most words a heading or title has; longer lines are sentences.
_HEADING_WORDS = 12


@dataclass(frozen=True)
class Line:
    """A non-empty line of the page: its number, its text, and its list marker if it is a list item."""

    number: int
    text: str
    marker: str | None
    body: str

    @property
    def words(self) -> int:
        return len(self.text.split())

    def may_be_heading(self) -> bool:
        """Short, not a list item, not a sentence, not a ``Key: value`` fact: the shape of a heading."""
        key, colon, value = self.text.partition(":")
        return (self.marker is None and self.words <= _HEADING_WORDS and not self.text.endswith(_TERMINAL)
                and not (colon and value.strip()))

    def complete(self) -> bool:
        """Ends like a finished sentence or heading (a cut-off page's last line does not)."""
        return self.text.endswith((*_TERMINAL, ":", ")", "”", "»", '"'))


@dataclass(frozen=True)
class Page:
    """A page's path as given and its non-empty lines; ``text`` is what quotes must be found in."""

    path: Path
    text: str
    lines: tuple[Line, ...]

    @property
    def name(self) -> str:
        return str(self.path)


def read_page(path: Path) -> Page:
    """Read a UTF-8 plain-text page; a missing, empty, binary or non-UTF-8 file is bad input."""
    name = str(path)
    if path.is_dir():
        raise BadInput(f"{name}: is a folder, not a page")
    raw = read_bytes(path)
    if b"\x00" in raw:
        raise BadInput(f"{name}: not a text page (the file holds binary data)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadInput(f"{name}: not UTF-8 text (byte {error.start}); save the page as UTF-8") from None
    if not text.strip():
        raise BadInput(f"{name}: the file is empty")
    return Page(path, text, tuple(_line(number, raw_line) for number, raw_line in enumerate(text.splitlines(), 1)
                                 if raw_line.strip()))


def _line(number: int, raw: str) -> Line:
    text = raw.strip()
    item = _ITEM.fullmatch(text)
    if item is None:
        return Line(number, text, None, text)
    return Line(number, text, item["marker"], item["body"])


def sentences(text: str) -> list[tuple[int, str]]:
    """The sentences of a paragraph, each with its offset in ``text`` (dates such as ``01.01.2017`` stay whole)."""
    found, start = [], 0
    for end in _SENTENCE_END.finditer(text):
        found.append((start, text[start:end.start()]))
        start = end.end()
    found.append((start, text[start:]))
    return found


def fold(text: str) -> str:
    """``text`` for comparison only: folded by the one rule (:func:`lls_kg.text.fold`), punctuation gone."""
    return " ".join(re.sub(r"[^\w]+", " ", names.fold(text)).split())


def tidy(text: str) -> str:
    """``text`` for a label: no-break and repeated spaces made single plain spaces, a trailing colon dropped."""
    return " ".join(text.split()).rstrip(":").strip()
