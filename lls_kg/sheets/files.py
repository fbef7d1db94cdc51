"""CSV files and XLSX workbooks as rows of text: what people edit, read and written safely.

Every cell is text. A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return would run as a formula when the file is opened in Excel or
LibreOffice (formula injection), so it is written with a leading apostrophe,
the spreadsheet programs' own mark for "this is text"; reading takes the
apostrophe off again, so any text comes back as it was. XLSX cells are also
written with the string type, so no value is ever stored as a formula.

CSV is written as UTF-8 with a byte-order mark, which Excel needs to show æ, ø
and å. It is read as UTF-8, or else as Windows-1252 (what Excel's plain "CSV"
saves), with commas or semicolons between cells (a Norwegian Excel uses
semicolons).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from ..errors import BadInput, one_line, read_bytes
from ..output import write_atomic

#: What a cell may not begin with, lest a spreadsheet program run it as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"
#: File suffixes :func:`read` understands.
SUFFIXES = (".csv", ".xlsx")

Table = tuple[Sequence[str], Sequence[Sequence[str]]]


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook, or one CSV file: its header and its non-empty rows, as text."""

    file: Path
    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    """(row number as the spreadsheet program shows it, the header being row 1; the cells)"""


def escape(text: str) -> str:
    """``text`` made safe for a spreadsheet cell: an apostrophe before a formula start (and before an apostrophe
    that :func:`unescape` would otherwise take off).

    >>> escape("=1+1"), escape("'=1"), escape("it's")
    ("'=1+1", "''=1", "it's")
    """
    return _QUOTE + text if text[:1] in FORMULA_STARTS or _quoted(text) else text


def unescape(text: str) -> str:
    """``text`` as :func:`escape` had it: one leading apostrophe before a formula start or an apostrophe removed."""
    return text[1:] if _quoted(text) else text


def write_csv(path: Path, table: Table) -> None:
    """Write the header and rows of ``table`` to ``path`` as CSV (UTF-8 with a byte-order mark), cells escaped."""
    header, rows = table
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([escape(cell) for cell in row] for row in rows)
    write_atomic(path, out.getvalue().encode("utf-8-sig"))


def write_xlsx(path: Path, sheets: Mapping[str, Table]) -> None:
    """Write one workbook to ``path`` with a sheet per entry of ``sheets``: a bold, frozen header, cells as text."""
    # openpyxl loads here, not at the top: 60 ms of every command's start-up, for XLSX files only
    from openpyxl import Workbook
    from openpyxl.cell.cell import IllegalCharacterError
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, (header, rows) in sheets.items():
        sheet = workbook.create_sheet(name)
        for row_number, row in enumerate([header, *rows], 1):
            for column, text in enumerate(row, 1):
                try:
                    cell = sheet.cell(row_number, column, escape(text))
                except IllegalCharacterError:
                    raise BadInput(f"{path}: sheet {name}, row {row_number}: {text!r} holds a control character, "
                                   "which a workbook cannot store") from None
                cell.data_type = "s"
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for column, text in enumerate(header, 1):
            sheet.column_dimensions[sheet.cell(1, column).column_letter].width = max(14, len(text) + 2)
    out = io.BytesIO()
    workbook.save(out)
    write_atomic(path, out.getvalue())


#: Most cells (rows times columns, empty ones included) of a worksheet read: a far-away cell would make millions.
MAX_CELLS = 2_000_000


def read(path: Path) -> list[Sheet]:
    """The sheets of the CSV or XLSX file ``path`` (a CSV file is one sheet, named after the file).

    Cells come back stripped of surrounding space, with newlines as ``\\n`` and :func:`unescape`\\ d.
    A missing or unreadable file, or one that is neither CSV nor XLSX, raises :class:`BadInput`.
    """
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise BadInput(f"{path}: not a spreadsheet; give .csv or .xlsx files")
    data = read_bytes(path)
    tables = _csv_rows(path, data) if suffix == ".csv" else _xlsx_rows(path, data)
    sheets = [sheet for name, rows in tables.items() if (sheet := _sheet(path, name, rows)) is not None]
    if not sheets:
        raise BadInput(f"{path}: the file has no rows; fill in the header row and the data, or leave the file out")
    return sheets


def _quoted(text: str) -> bool:
    """Whether ``text`` begins with the apostrophe :func:`escape` adds."""
    return text[:1] == _QUOTE and text[1:2] in (*FORMULA_STARTS, _QUOTE)


def _sheet(path: Path, name: str, rows: list[list[str]]) -> Sheet | None:
    """The rows of one sheet as a :class:`Sheet` (the first non-empty row is the header); None if all are empty."""
    cells = [(number, tuple(unescape(_plain(text)) for text in row)) for number, row in enumerate(rows, 1)]
    filled = [(number, row) for number, row in cells if any(row)]
    if not filled:
        return None
    (_, header), *body = filled
    return Sheet(path, name, header, tuple(body))


def _plain(text: str) -> str:
    """A cell's text with newlines as ``\\n`` and no surrounding space."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _csv_rows(path: Path, data: bytes) -> dict[str, list[list[str]]]:
    """The rows of a CSV file, under the file's name without its suffix."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise BadInput(f"{path}: the file is UTF-16 text (or binary); save it as 'CSV UTF-8'")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise BadInput(f"{path}: not a text file in UTF-8 or Windows-1252") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        return {path.stem: list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))}
    except csv.Error as error:
        raise BadInput(f"{path}: not readable as CSV ({one_line(error)})") from None


def _xlsx_rows(path: Path, data: bytes) -> dict[str, list[list[str]]]:
    """The rows of every worksheet of an XLSX workbook, by sheet name; a formula gives its last computed value."""
    from openpyxl import load_workbook  # on first use, as in write_xlsx

    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # zipfile, XML and openpyxl's own errors all mean "not a workbook we can read"
        raise BadInput(f"{path}: not a readable XLSX workbook ({one_line(error) or type(error).__name__})") from None
    for sheet in workbook.worksheets:
        if sheet.max_row * sheet.max_column > MAX_CELLS:
            raise BadInput(f"{path}: sheet '{sheet.title}' spans {sheet.max_row} rows by {sheet.max_column} columns, "
                           f"more than the {MAX_CELLS} cells lls-kg reads; delete the cells far from the table")
    try:
        return {sheet.title: [[_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
                for sheet in workbook.worksheets}
    except (ValueError, MemoryError) as error:  # a cell openpyxl cannot place
        raise BadInput(f"{path}: not a readable XLSX workbook ({one_line(error) or type(error).__name__})") from None


def _text(value: Any) -> str:
    """A workbook cell's value as text; a date (or a midnight date-time) as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
