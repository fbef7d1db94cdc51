"""The graph's projects, actors, roles and transfers as spreadsheets, and the tables' columns.

Advisers keep project lists in spreadsheets, not in Turtle. :func:`contents`
reads the four tables from the graph with SPARQL (``queries/sheet_*.rq``) and
:func:`write` saves them as one CSV file each and one workbook with a sheet
each; :func:`templates` gives the same tables with one example row, to fill in.
:mod:`lls_kg.sheets.importer` reads them back, so the column definitions here serve
both directions: what is written can be imported again and adds nothing; :func:`read_rows`
reads a file's sheets as rows of these tables.

Cells name resources as prefixed names (``organisation:bdo``), which always
pick one resource; an adviser may type a label instead when importing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from ..errors import BadInput
from ..namespaces import curie
from ..sparql import load_named
from ..store import Store, Term
from .files import Sheet, Table, write_csv, write_xlsx
from .files import read as read_sheets

#: The workbook :func:`write` saves beside the CSV files.
WORKBOOK = "lls-kg.xlsx"
#: How a cell lists several resources (the goals a project serves).
SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    """A column of a table: its name (the query variable), the header it is written with, and how it is read."""

    name: str
    header: str
    required: bool = False
    several: bool = False


@dataclass(frozen=True)
class TableSpec:
    """One table: the sheet (and CSV file) name, the column that tells it from the others, its columns, an example."""

    name: str
    key: str
    columns: tuple[Column, ...]
    example: tuple[str, ...]

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)


#: The label and description columns every table of resources has.
_TEXTS = (Column("label_nn", "label_nn", required=True), Column("label_en", "label_en", required=True),
          Column("description_nn", "description_nn"), Column("description_en", "description_en"))


ACTORS = TableSpec("actors", "actor_id", (
    Column("actor_id", "actor_id"),
    Column("type", "type (e.g. municipality or association)", required=True),
    *_TEXTS,
), ("fjellsykkelklubben", "association", "Sogndal fjellsykkelklubb", "Sogndal mountain-bike club",
    "Klubben byggjer og held ved like stiar.", "The club builds and maintains trails."))

PROJECTS = TableSpec("projects", "project_id", (
    Column("project_id", "project_id"),
    Column("type", "type (project or activity)", required=True),
    *_TEXTS,
    Column("serves_goal", "serves_goal (semicolon-separated)", several=True),
), ("sykkelpark-sogndal", "project", "Sykkelpark i Sogndal", "Bike park in Sogndal",
    "Ein sykkelpark for born og vaksne.", "A bike park for children and adults.", "Tilflytting og næring"))

ROLES = TableSpec("roles", "role_kind", (
    Column("project", "project", required=True),
    Column("actor", "actor", required=True),
    Column("role_kind", "role_kind (e.g. owner or partner)", required=True),
    Column("since", "since (YYYY-MM-DD)"),
    Column("until", "until (YYYY-MM-DD)"),
), ("Sykkelpark i Sogndal", "Sogndal fjellsykkelklubb", "owner", "2025-03-01", ""))

TRANSFERS = TableSpec("transfers", "from_owner", (
    Column("project", "project", required=True),
    Column("from_owner", "from_owner", required=True),
    Column("to_owner", "to_owner", required=True),
    Column("date", "date (YYYY-MM-DD)"),
    Column("reason_nn", "reason_nn"),
    Column("reason_en", "reason_en"),
), ("Sykkelpark i Sogndal", "Sogndal fjellsykkelklubb", "Sogndal kommune", "2026-01-01",
    "Kommunen tek over drifta.", "The municipality takes over running it."))

#: The tables, in the order an import reads them: actors and projects before the roles that name them.
TABLES = (ACTORS, PROJECTS, ROLES, TRANSFERS)


def contents(store: Store) -> dict[str, Table]:
    """The four tables as the graph in ``store`` holds them: table name -> (headers, rows of cells)."""
    return {spec.name: (_headers(spec), _rows(spec, store)) for spec in TABLES}


def templates() -> dict[str, Table]:
    """The four tables with their headers and one example row each: the import templates."""
    return {spec.name: (_headers(spec), [list(spec.example)]) for spec in TABLES}


def write(folder: Path, tables: Mapping[str, Table]) -> list[Path]:
    """Write ``tables`` to ``folder`` (made if missing) as ``NAME.csv`` each and one workbook; the paths written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BadInput(f"{folder}: cannot make the folder ({error.strerror})") from None
    paths = []
    for name, table in tables.items():
        paths.append(folder / f"{name}.csv")
        write_csv(paths[-1], table)
    paths.append(folder / WORKBOOK)
    write_xlsx(paths[-1], tables)
    return paths


def normalise(header: str) -> str:
    """A header cell as a column name: the explanation in brackets, case and spacing ignored.

    >>> normalise(" Since (YYYY-MM-DD) "), normalise("label nn")
    ('since', 'label_nn')
    """
    return re.sub(r"[\s\-]+", "_", re.sub(r"\(.*\)", "", header).strip().casefold())


def table_of(sheet: Sheet) -> TableSpec | None:
    """The table whose key column the sheet's header has (exactly one), or None."""
    names = {normalise(header) for header in sheet.header}
    found = [spec for spec in TABLES if spec.key in names]
    return found[0] if len(found) == 1 else None


def _headers(spec: TableSpec) -> list[str]:
    return [column.header for column in spec.columns]


def _rows(spec: TableSpec, store: Store) -> list[list[str]]:
    """The table's rows from its query (``sheet_NAME.rq``), each cell as text."""
    rows = store.query(load_named(f"sheet_{spec.name}").text).bindings()
    return [[_cell(row[column.name], column) for column in spec.columns] for row in rows]


def _cell(term: Term | None, column: Column) -> str:
    """One value as a cell: IRIs as prefixed names, literals as their text; a list of IRIs sorted and joined by '; '."""
    if term is None:
        return ""
    if column.several:
        return f"{SEPARATOR} ".join(curie(iri) for iri in sorted(str(term).split()))
    return _name(term)


def _name(term: Term) -> str:
    return curie(str(term)) if isinstance(term, URIRef) else str(term)


# --- Reading sheets back as rows of the tables ------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One data row of a sheet, its cells by column name."""

    sheet: Sheet
    table: TableSpec
    number: int
    cells: Mapping[str, str]

    def where(self, column: str | None = None) -> str:
        """``FILE, sheet S, row N[, column C]``: where a person finds the row."""
        where = f"{self.sheet.file}, sheet {self.sheet.name}, row {self.number}"
        return f"{where}, column {column}" if column else where


def read_rows(paths: Iterable[Path]) -> tuple[list[Row], list[str]]:
    """Every data row of every sheet of ``paths``, and the problems of sheets that are not one of the tables."""
    rows: list[Row] = []
    problems: list[str] = []
    for path in paths:
        for sheet in read_sheets(path):
            spec = table_of(sheet)
            found = _sheet_problems(sheet, spec)
            problems += found
            if spec is not None and not found:
                rows += _sheet_rows(sheet, spec, problems)
    return rows, problems


def _sheet_problems(sheet: Sheet, spec: TableSpec | None) -> list[str]:
    """What is wrong with a sheet's header: no table's key column, unknown, repeated or missing columns."""
    where = f"{sheet.file}, sheet {sheet.name}"
    if spec is None:
        keys = ", ".join(f"{table.key} ({table.name})" for table in TABLES)
        return [f"{where}: the header row names none, or more than one, of the tables' key columns: {keys}"]
    names = [normalise(header) for header in sheet.header if header]
    known = {column.name for column in spec.columns}
    listing = ", ".join(column.name for column in spec.columns)
    problems = [f"{where}, column {name}: not a column of the {spec.name} table; its columns are: {listing}"
                for name in names if name not in known]
    problems += [f"{where}, column {name}: appears twice in the header" for name, n in Counter(names).items() if n > 1]
    problems += [f"{where}: the header has no column {column.name}, which the {spec.name} table requires"
                 for column in spec.columns if column.required and column.name not in names]
    return problems


def _sheet_rows(sheet: Sheet, spec: TableSpec, problems: list[str]) -> list[Row]:
    """The sheet's rows with cells by column name; a value outside the header's columns is a problem."""
    columns = dict(enumerate(normalise(header) for header in sheet.header if header))
    rows = []
    for number, cells in sheet.rows:
        row = Row(sheet, spec, number, {columns[at]: text for at, text in enumerate(cells) if at in columns})
        problems += [f"{row.where()}: a value in column {at + 1}, which has no header"
                     for at, text in enumerate(cells) if text and at not in columns]
        rows.append(row)
    return rows
