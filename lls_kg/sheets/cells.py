"""One row's cells, read with the checks every column needs: required text, dates, names of resources, types.

Problems are collected, not raised, so a data steward sees every problem of
every row at once, each naming file, sheet, row and column.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, XSD

from ..errors import BadInput
from ..sparql import resolve
from ..sparql.resolve import as_iri
from .state import Work
from .tables import SEPARATOR, Row


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"\d{4}")
_NORWEGIAN_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


class Cells:
    """One row's cells, read with the checks every column needs; problems are collected in ``problems``."""

    def __init__(self, row: Row, work: Work) -> None:
        self.row = row
        self.work = work
        self.problems: list[str] = []

    def fail(self, column: str, message: str) -> None:
        self.problems.append(f"{self.row.where(column)}: {message}")

    def text(self, column: str) -> str | None:
        """The cell's text, or None if empty; an empty required cell or an unstorable character is a problem."""
        value = self.row.cells.get(column, "")
        bad = _UNSTORABLE.search(value)
        if bad is not None:
            self.fail(column, f"holds the character U+{ord(bad[0]):04X}, which a spreadsheet cannot store; remove it")
        elif not value and self.row.table.column(column).required:
            self.fail(column, "empty, but every row needs it")
        return value or None

    def require(self, column: str, why: str) -> None:
        """A cell that this row, though not every row, needs."""
        if not self.row.cells.get(column):
            self.fail(column, f"empty, but {why}")

    def date(self, column: str) -> Literal | None:
        """The cell as an ``xsd:date`` (YYYY-MM-DD) or ``xsd:gYear`` (YYYY); anything else is a problem."""
        value = self.text(column)
        if value is None:
            return None
        if _YEAR.fullmatch(value):
            return Literal(value, datatype=XSD.gYear)
        try:
            if _DAY.fullmatch(value):
                return Literal(date.fromisoformat(value))
        except ValueError:
            pass
        self.fail(column, f"'{value}' is not a date; write it as YYYY-MM-DD{_example(value)}, "
                          "or as YYYY if only the year is known")
        return None

    def ref(self, column: str, within: str, listed: bool = False) -> URIRef | None:
        """The one existing resource of class ``within`` the cell names (IRI, prefixed name or label).

        An unknown name is a problem with the closest matches, and (if ``listed``) every choice."""
        value = self.text(column)
        return None if value is None else self._find(column, value, within, listed)

    def refs(self, column: str, within: str) -> list[URIRef]:
        """The resources a cell lists, separated by semicolons."""
        parts = (part.strip() for part in (self.text(column) or "").split(SEPARATOR))
        return [iri for name in parts if name and (iri := self._find(column, name, within)) is not None]

    def resolve(self, name: str, within: str) -> URIRef:
        """The resource a whole name stands for, among the names the graph had when the table began.

        An IRI or prefixed name is looked up as such, without the index of every name (whose making, in a table
        after fifty thousand new projects, took two seconds that a sheet of ids never needs)."""
        snapshot = self.work.snapshot
        if (name, within) not in snapshot.resolved:  # the same few names (an actor, a role kind) on many rows
            index = None if as_iri(name) is not None else snapshot.names
            snapshot.resolved[name, within] = resolve(snapshot, name, within, by_words=False, index=index)
        return snapshot.resolved[name, within]

    def _find(self, column: str, name: str, within: str, listed: bool = False) -> URIRef | None:
        try:
            return self.resolve(name, within)
        except BadInput as error:
            choices = {named.iri for named in self.work.snapshot.names.within(within)}
            self.fail(column, str(error) + (f"; the choices are: {self.work.labels(choices)}" if listed else ""))
            return None

    def kind(self, column: str, kinds: Mapping[str, str]) -> str | None:
        """The class the cell names (its label in Nynorsk or English, or its IRI), if it is one of ``kinds``."""
        value = self.text(column)
        if value is None:
            return None
        try:
            found = str(self.resolve(value, str(OWL.Class)))
        except BadInput:
            found = None
        if found not in kinds:
            choices = self.work.labels(URIRef(cls) for cls in kinds)
            self.fail(column, f"'{value}' is not one of the types here: {choices}")
            return None
        return found

    def once(self, key: object, column: str, what: str) -> bool:
        """Whether this is the first row of the import with ``key``; a repeat is a problem."""
        first = self.work.first.setdefault(key, self.row.where())
        if first != self.row.where():
            self.fail(column, f"{what} is also in {first}; give each one row")
            return False
        return True


def _example(value: str) -> str:
    """For a Norwegian date (31.12.2024), the same date as YYYY-MM-DD."""
    found = _NORWEGIAN_DAY.fullmatch(value)
    return f" (e.g. {found[3]}-{int(found[2]):02d}-{int(found[1]):02d})" if found else " (e.g. 2024-12-31)"


#: A character XML 1.0, and so a workbook, cannot hold (newlines and tabs it can), found in one search per cell.
_UNSTORABLE = re.compile("[^\n\t\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
