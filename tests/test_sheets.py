"""`lls-kg sheets`: the graph's projects, actors, roles and transfers as CSV files and a workbook."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from lls_kg.cli import cli
from lls_kg.sheets.tables import TABLES, WORKBOOK, contents, normalise, table_of
from lls_kg.sheets.files import Sheet, read

FILES = [f"{spec.name}.csv" for spec in TABLES] + [WORKBOOK]


@pytest.fixture(scope="module")
def shipped_sheets(tmp_path_factory) -> Path:
    """The shipped graph as spreadsheets, written once."""
    from click.testing import CliRunner

    folder = tmp_path_factory.mktemp("sheets") / "out"
    result = CliRunner().invoke(cli, ["sheets", "-o", str(folder), "-q"])
    assert result.exit_code == 0, result.output
    return folder


def test_one_csv_per_table_and_one_workbook_with_a_sheet_each(shipped_sheets: Path) -> None:
    assert sorted(path.name for path in shipped_sheets.iterdir()) == sorted(FILES)
    assert load_workbook(shipped_sheets / WORKBOOK).sheetnames == [spec.name for spec in TABLES]
    for spec in TABLES:
        (csv_sheet,) = read(shipped_sheets / f"{spec.name}.csv")
        xlsx_sheet = next(sheet for sheet in read(shipped_sheets / WORKBOOK) if sheet.name == spec.name)
        assert csv_sheet.header == xlsx_sheet.header == tuple(column.header for column in spec.columns)
        assert csv_sheet.rows == xlsx_sheet.rows


def test_the_shipped_graph_in_the_tables(shipped_sheets: Path) -> None:
    rows = {spec.name: [dict(zip(map(normalise, sheet.header), cells)) for _, cells in sheet.rows]
            for spec in TABLES for sheet in read(shipped_sheets / f"{spec.name}.csv")}
    assert {"actor_id": "organisation:sogn-terrengsykkel", "type": "association", "label_nn": "Sogn terrengsykkel",
            "label_en": "Sogn terrengsykkel"}.items() <= next(
        row for row in rows["actors"] if row["actor_id"] == "organisation:sogn-terrengsykkel").items()
    after = next(row for row in rows["projects"] if row["project_id"] == "activity:arbeid-etter-programslutt")
    assert after["type"] == "activity" and after["serves_goal"] == (
        "goal:kompetansemiljo-og-innovasjon; goal:offentlege-arbeidsplassar; goal:tilflytting-og-naering")
    assert {"project": "project:sykkelloyper", "actor": "region:lls", "role_kind": "former owner", "since": "",
            "until": ""} in rows["roles"]
    assert {"project": "activity:felles-forstelinjeteneste-og-naeringsfond", "actor": "group:to-av-tre-kommunar",
            "role_kind": "participant", "since": "2017-01-01", "until": ""} in rows["roles"]
    assert not any(row["project"].startswith("programme:") for row in rows["roles"])  # roles in work only
    (transfer,) = rows["transfers"]
    assert (transfer["project"], transfer["from_owner"], transfer["to_owner"], transfer["date"]) == (
        "project:sykkelloyper", "region:lls", "organisation:sogn-terrengsykkel", "")


def test_every_backend_gives_the_same_tables(engines, backend) -> None:
    assert contents(engines.store(backend)) == contents(engines.store("memory"))


def test_empty_writes_the_templates_headers_and_one_example_row(runner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["sheets", "--empty", "-o", str(tmp_path / "t")])
    assert result.exit_code == 0
    assert result.stderr.startswith(f"lls-kg: wrote {tmp_path / 't' / 'actors.csv'}")
    for spec in TABLES:
        (sheet,) = read(tmp_path / "t" / f"{spec.name}.csv")
        assert [cells for _, cells in sheet.rows] == [spec.example]
        assert table_of(sheet) is spec


def test_the_templates_import_as_they_are(runner, tmp_path: Path) -> None:
    runner.invoke(cli, ["sheets", "--empty", "-o", str(tmp_path)])
    for files in ([str(tmp_path / f"{spec.name}.csv") for spec in TABLES], [str(tmp_path / WORKBOOK)]):
        result = runner.invoke(cli, ["import", *files, "--dry-run", "--into", str(tmp_path / "x.ttl")])
        assert result.exit_code == 0, result.stderr
        assert "new lls:Project" in result.stdout and "new lls:OwnershipTransfer" in result.stdout
        assert "4 of 4 rows add" in result.stderr and not (tmp_path / "x.ttl").exists()


@pytest.mark.parametrize("files", [[f"{spec.name}.csv" for spec in TABLES], [WORKBOOK]], ids=["csv", "xlsx"])
def test_importing_what_sheets_wrote_adds_nothing(runner, shipped_sheets: Path, tmp_path: Path,
                                                  files: list[str]) -> None:
    into = tmp_path / "imported.ttl"
    result = runner.invoke(cli, ["import", *(str(shipped_sheets / name) for name in files), "--into", str(into)])
    assert result.exit_code == 0, result.stderr
    assert "nothing to add: all" in result.stderr and not into.exists()


def test_a_sheet_is_told_by_its_key_column() -> None:
    def sheet(*header: str) -> Sheet:
        return Sheet(Path("x.csv"), "x", header, ())

    assert table_of(sheet("Project_ID", "type")).name == "projects"
    assert table_of(sheet("project", "actor", "Role kind (owner…)")).name == "roles"
    assert table_of(sheet("project", "from owner")).name == "transfers"
    assert table_of(sheet("name", "label")) is None
    assert table_of(sheet("actor_id", "project_id")) is None
