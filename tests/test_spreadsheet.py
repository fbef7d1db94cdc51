"""CSV and XLSX as rows of text: formula-safe cells, encodings and separators people's programs use."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from lls_kg.errors import BadInput
from lls_kg.sheets.files import FORMULA_STARTS, escape, read, unescape, write_csv, write_xlsx

TRICKY = ["=cmd|' /C calc'!A0", "+1+1", "-2", "@SUM(A1)", "'=quoted already", "''", "'", "it's", "plain",
          "", "'plain", "line one\nline two", '"quotes", and commas; and semicolons']


@pytest.mark.parametrize("text", TRICKY)
def test_escaped_text_never_starts_a_formula_and_comes_back(text: str) -> None:
    escaped = escape(text)
    assert escaped[:1] not in FORMULA_STARTS
    assert unescape(escaped) == text


def test_csv_and_xlsx_cells_are_text_and_read_back(tmp_path: Path) -> None:
    header, rows = ["name", "note"], [[text, "x"] for text in TRICKY if text]
    write_csv(tmp_path / "t.csv", (header, rows))
    write_xlsx(tmp_path / "t.xlsx", {"t": (header, rows)})
    raw = (tmp_path / "t.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the byte-order mark to read UTF-8
    for cells in csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")):
        assert all(cell[:1] not in FORMULA_STARTS for cell in cells)
    sheet = load_workbook(tmp_path / "t.xlsx").active
    assert all(cell.data_type == "s" and str(cell.value)[:1] not in FORMULA_STARTS
               for row in sheet.iter_rows() for cell in row)
    for path in (tmp_path / "t.csv", tmp_path / "t.xlsx"):
        (sheet_read,) = read(path)
        assert sheet_read.header == ("name", "note")
        assert [list(cells) for _, cells in sheet_read.rows] == [[text.strip(), "x"] for text, _ in rows]


def test_a_norwegian_excel_csv_with_semicolons_in_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "roles.csv"
    path.write_bytes("project;actor\r\nSykkelløyper;Sogn Næring\r\n\r\n;  Luster \r\n".encode("cp1252"))
    (sheet,) = read(path)
    assert sheet.name == "roles" and sheet.header == ("project", "actor")
    assert sheet.rows == ((2, ("Sykkelløyper", "Sogn Næring")), (4, ("", "Luster")))  # row numbers as shown


def test_workbook_dates_numbers_and_empty_sheets(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "roles"
    sheet.append(["since", "count", "note"])
    sheet.append([datetime(2025, 3, 1), 3.0, date(2024, 1, 2)])
    workbook.create_sheet("empty")
    workbook.save(tmp_path / "book.xlsx")
    (read_sheet,) = read(tmp_path / "book.xlsx")
    assert read_sheet.rows == ((2, ("2025-03-01", "3", "2024-01-02")),)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("notes.txt", b"hello", "notes.txt: not a spreadsheet; give .csv or .xlsx files"),
    ("missing.csv", None, "missing.csv: no such file"),
    ("broken.xlsx", b"not a zip", "broken.xlsx: not a readable XLSX workbook"),
    ("binary.csv", b"\x81\x8d\x8f", "binary.csv: not a text file in UTF-8 or Windows-1252"),
])
def test_unreadable_files_are_bad_input(tmp_path: Path, name: str, content: bytes | None, message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(BadInput) as error:
        read(path)
    assert str(error.value).startswith(f"{tmp_path}/{message}")
