"""`lls-kg import`: spreadsheet rows become triples, checked, traced to their row, and written only if all is well."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from rdflib import URIRef
from rdflib.compare import isomorphic

from lls_kg import resources
from lls_kg.cli import cli
from lls_kg.sheets.importer import default_target, plan, write
from lls_kg.text import slug
from lls_kg.store.files import read as read_graph, read_file, select
from lls_kg.validate import check_loaded
from lls_kg.namespaces import ID, PREFIXES
from lls_kg.sheets.tables import ACTORS, PROJECTS, ROLES, TABLES, TRANSFERS, WORKBOOK, contents, normalise
from lls_kg.sheets.tables import write as write_sheets
from lls_kg.sheets.files import FORMULA_STARTS, read, write_xlsx
from lls_kg.store import OxigraphStore, open_store
from lls_kg.sparql import load_named
from lls_kg.sheets.state import Growing, Snapshot

SHEETS = Path(__file__).resolve().parent / "fixtures" / "sheets"
BASE = SHEETS / "base.ttl"
VALID = [SHEETS / "valid" / f"{spec.name}.csv" for spec in TABLES]
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
OLD = "# Imported from spreadsheets by `lls-kg import`.\n# A failed import must leave this byte for byte.\n".encode()


def imported(runner, files: list[Path], into: Path, *options: str):
    """`lls-kg import FILES --into INTO` on the small test graph."""
    return runner.invoke(cli, ["import", *map(str, files), "--into", str(into), "--no-default", "--data", str(BASE),
                               *options])


def test_a_valid_sheet_adds_exactly_the_expected_triples(tmp_path: Path) -> None:
    into = tmp_path / "imported.ttl"
    found = plan(VALID, into, [BASE], default=False, now=NOW)
    assert found.problems == ()
    assert (found.rows, found.adding) == (7, 6)  # the existing owner role adds nothing
    write(found, into)
    assert isomorphic(read_file(into), read_file(SHEETS / "valid" / "expected.ttl"))


def test_the_written_file_is_for_people(tmp_path: Path) -> None:
    into = tmp_path / "imported.ttl"
    write(plan(VALID, into, [BASE], default=False, now=NOW), into)
    text = into.read_text(encoding="utf-8")
    assert text.startswith("# Imported from spreadsheets by `lls-kg import`.\n")
    assert "@prefix project:      <https://w3id.org/lls-kg/id/project/> ." in text
    assert "@prefix indicator:" not in text  # only the prefixes in use
    headings = [line for line in text.splitlines() if line.startswith("# ") and not line.startswith("# Imp")]
    assert headings[-5:] == ["# Organisations", "# Projects", "# Roles", "# Ownership transfers",
                             "# Spreadsheet rows: where the facts above were read"]
    assert "project:bruer a lls:Project ;\n    rdfs:label " in text


def test_the_graph_with_the_import_passes_validation(runner, tmp_path: Path) -> None:
    into = tmp_path / "imported.ttl"
    assert imported(runner, VALID, into, "-q").exit_code == 0
    result = runner.invoke(cli, ["validate", "--no-default", "--data", str(BASE), "--data", str(into), "-q"])
    assert result.exit_code == 0, result.output


def test_a_literal_is_written_as_given_on_every_subject() -> None:
    """Literals are written once per exact text, datatype and tag (:meth:`_Writer._literal`): a repeat reads the
    same, and a tag in other case, which rdflib counts as equal, stays as it was given."""
    from rdflib import Literal
    from rdflib.namespace import RDFS, XSD
    from lls_kg.turtle import for_people

    a, b, c = (URIRef(f"{ID}project/{n}") for n in "abc")
    when = Literal("2025-01-01T00:00:00+00:00", datatype=XSD.dateTime)
    text = for_people([(a, RDFS.label, Literal("x", lang="EN")), (b, RDFS.label, Literal("x", lang="en")),
                       (a, RDFS.comment, when), (b, RDFS.comment, when), (c, RDFS.comment, Literal("01"))],
                      "h", {"project": f"{ID}project/", "rdfs": str(RDFS), "xsd": str(XSD)}, {})
    assert 'project:a rdfs:label "x"@EN ;' in text and 'project:b rdfs:label "x"@en ;' in text
    assert text.count('rdfs:comment "2025-01-01T00:00:00+00:00"^^xsd:dateTime .') == 2
    assert 'project:c rdfs:comment "01" .' in text and "@prefix xsd:" in text


_NAME_CHARS = st.characters(codec="utf-8", exclude_characters='<>"{}|\\^`')


@settings(max_examples=400, deadline=None)
@given(namespace=st.sampled_from([*PREFIXES.values(), f"{ID}project/bench"]),
       name=st.one_of(st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{0,12}", fullmatch=True), st.text(_NAME_CHARS, max_size=12)))
def test_an_iri_is_written_as_rdflib_writes_it(namespace: str, name: str) -> None:
    """The writer's own prefixed names (:meth:`_Writer._plain_name`) are rdflib's: for plain names, and for any
    other text after a namespace (a slash, a dot, a leading digit, a character Turtle refuses), which rdflib splits
    its own way or will not write."""
    from rdflib import Graph
    from rdflib.namespace import NamespaceManager
    from lls_kg.turtle import _Writer

    iri = URIRef(namespace + name)
    rdflib_own = NamespaceManager(Graph(bind_namespaces="none"), bind_namespaces="none")
    for prefix, bound in PREFIXES.items():
        rdflib_own.bind(prefix, bound, override=True, replace=True)
    try:
        expected = iri.n3(rdflib_own)
    except Exception:  # rdflib refuses to write it: so must the writer
        with pytest.raises(Exception):
            _Writer(PREFIXES).term(iri)
        return
    assert _Writer(PREFIXES).term(iri) == expected


def test_importing_twice_adds_nothing(runner, tmp_path: Path) -> None:
    into = tmp_path / "imported.ttl"
    first = imported(runner, VALID, into)
    assert first.exit_code == 0 and "6 of 7 rows add 93 triples" in first.stderr
    before = into.read_bytes()
    again = imported(runner, VALID, into)
    assert again.exit_code == 0, again.stderr
    assert "nothing to add: all 7 rows are in the graph already; nothing written" in again.stderr
    assert into.read_bytes() == before


def test_a_new_import_keeps_what_the_file_held(runner, tmp_path: Path) -> None:
    into = tmp_path / "imported.ttl"
    assert imported(runner, VALID[:3], into).exit_code == 0
    assert imported(runner, VALID[3:], into).exit_code == 0  # the transfer ends a role of the base graph
    assert "# Imported from spreadsheets" in into.read_text(encoding="utf-8")
    found = {str(s) for s in read_file(into).subjects()}
    assert {f"{ID}project/bruer", f"{ID}transfer/stiar-2025-06-01"} <= found


@pytest.mark.parametrize("into", ["graph/work.ttl", "notes.ttl", "imported.nt"])
def test_only_a_file_an_import_wrote_is_rewritten(runner, tmp_path: Path, into: str) -> None:
    target = resources.data_dir() / into if into.startswith("graph/") else tmp_path / into
    if into == "notes.ttl":
        target.write_text("# My own notes\n<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    before = target.read_bytes() if target.exists() else None
    result = imported(runner, VALID, target)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith(f"lls-kg: error: {target}: ")
    assert (target.read_bytes() if target.exists() else None) == before


def test_dry_run_prints_the_changes_and_writes_nothing(runner, tmp_path: Path) -> None:
    into = tmp_path / "imported.ttl"
    result = imported(runner, VALID, into, "--dry-run")
    assert result.exit_code == 0 and not into.exists()
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["change", "resource", "label", "source"]
    assert any(line.split()[:3] == ["new", "lls:Project", "project:bruer"] for line in lines)
    assert any(line.split()[:3] == ["adds", "lls:servesGoal", "project:stiar"] for line in lines)
    assert any(line.split()[:3] == ["new", "lls:Role", "role:bruer-aurland-samarbeidspart"] for line in lines)
    assert result.stderr.splitlines()[-1] == (
        "lls-kg: 6 of 7 rows add 93 triples: 1 new lls:Association, 1 new lls:OwnershipTransfer, "
        "1 new lls:Project, 3 new lls:Role, 2 existing resources added to; dry run, nothing written")


def test_default_target_is_graph_imported_ttl_of_the_data_folder(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(resources, "data_dir", lambda: tmp_path)
    assert default_target() == tmp_path / "graph" / "imported.ttl"


def test_slugs_follow_the_graph_readme() -> None:
    assert slug("Næringsvenleg region") == "naeringsvenleg-region"
    assert slug("Nettverkssamling i Ålesund") == "nettverkssamling-i-aalesund"
    assert slug("  Sykkelløyper -- Fase 2! ") == "sykkelloyper-fase-2"


# --- Bad rows ------------------------------------------------------------------------------------------------------

BAD = {
    "unknown actor": (ROLES, [["Stiar i fjellet", "Aurlandd kommune", "partner", "", ""]],
                      "row 2, column actor: no lls:Actor named 'Aurlandd kommune'; closest matches: "
                      "Aurland kommune (municipality:aurland)"),
    "unknown goal": (PROJECTS, [["project:stiar", "project", "Stiar i fjellet", "Mountain paths", "", "", "Friluft"]],
                     "row 2, column serves_goal: no lls:Goal named 'Friluft'"),
    "bad date": (ROLES, [["Stiar i fjellet", "Lærdal kommune", "partner", "01.06.2025", ""]],
                 "row 2, column since: '01.06.2025' is not a date; write it as YYYY-MM-DD (e.g. 2025-06-01), "
                 "or as YYYY if only the year is known"),
    "missing owner": (PROJECTS, [["ny", "project", "Nytt prosjekt", "New project", "", "", ""]],
                      "row 2, column project_id: the new project project:ny has no owner; add a row to the roles "
                      "sheet with this project, its owner and role_kind owner"),
    "duplicate id": (ACTORS, [["klubb", "association", "Klubben", "The club", "", ""],
                              ["klubb", "association", "Klubben 2", "The club 2", "", ""]],
                     "row 3, column actor_id: organisation:klubb is also in {file}, sheet actors, row 2; "
                     "give each one row"),
    "empty required cell": (ACTORS, [["", "association", "Klubben", "", "", ""]],
                            "row 2, column label_en: empty, but every row needs it"),
    "not the current owner": (TRANSFERS, [["Stiar i fjellet", "Lærdal kommune", "Fjellstova", "2025-01-01",
                                           "Fordi.", ""]],
                              "row 2, column from_owner: Lærdal municipality (municipality:laerdal) is not the "
                              "current owner of project:stiar; its current owner is Aurland municipality "
                              "(municipality:aurland)"),
    "changed label": (ACTORS, [["municipality:aurland", "municipality", "Aurland", "Aurland municipality", "", ""]],
                      "row 2, column label_nn: municipality:aurland already has 'Aurland kommune' there, not "
                      "'Aurland'"),
}


def bad_file(folder: Path, spec, rows: list[list[str]], fmt: str) -> Path:
    """A sheet of the table ``spec`` with ``rows``, as ``NAME.csv`` or in ``book.xlsx``."""
    header = [column.header for column in spec.columns]
    if fmt == "xlsx":
        write_xlsx(folder / "book.xlsx", {spec.name: (header, rows)})
        return folder / "book.xlsx"
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    (folder / f"{spec.name}.csv").write_text(out.getvalue(), encoding="utf-8")
    return folder / f"{spec.name}.csv"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("case", BAD)
def test_each_bad_row_is_named_and_the_target_stays_byte_identical(runner, tmp_path: Path, case: str,
                                                                   fmt: str) -> None:
    spec, rows, message = BAD[case]
    path = bad_file(tmp_path, spec, rows, fmt)
    into = tmp_path / "imported.ttl"
    into.write_bytes(OLD)
    result = imported(runner, [path], into)
    assert result.exit_code == 1
    expected = f"{path}, sheet {spec.name}, " + message.format(file=path)
    assert any(line.startswith(expected) for line in result.stderr.splitlines()), result.stderr
    assert result.stderr.splitlines()[-1].startswith("lls-kg: error: ")
    assert "nothing was written" in result.stderr and into.read_bytes() == OLD


@pytest.mark.parametrize(("char", "code"), [("\x0b", "000B"), ("\ufffe", "FFFE"), ("\x1f", "001F")])
def test_a_character_no_workbook_can_hold_is_named(runner, tmp_path: Path, char: str, code: str) -> None:
    path = bad_file(tmp_path, ACTORS, [["klubb", "association", f"Klubb{char}en", "The club\tof 🌲", "", ""]], "csv")
    result = imported(runner, [path], tmp_path / "imported.ttl")
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if "U+" in line] == [
        f"{path}, sheet actors, row 2, column label_nn: holds the character U+{code}, which a spreadsheet cannot "
        "store; remove it"]


def test_every_problem_of_a_file_is_reported(runner, tmp_path: Path) -> None:
    path = bad_file(tmp_path, ROLES, [["Stiar i fjellet", "Nobody", "partner", "", ""],
                                      ["Stiar i fjellet", "Fjellstova", "partner", "2025-13-01", ""],
                                      ["", "Fjellstova", "boss", "", "2024"]], "csv")
    result = imported(runner, [path], tmp_path / "x.ttl")
    where = f"{path}, sheet roles, row"
    assert [line.split(":")[0] for line in result.stderr.splitlines() if line.startswith(where)] == [
        f"{where} 2, column actor", f"{where} 3, column since", f"{where} 4, column project",
        f"{where} 4, column role_kind"]
    assert "the choices are: administrator, applicant, former owner" in result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"lls-kg: error: 4 problems in the sheets; nothing was written to {tmp_path / 'x.ttl'}")


def test_a_name_on_many_rows_resolves_alike_and_a_wrong_one_is_named_on_each(runner, tmp_path: Path) -> None:
    """A name is resolved once per table (:attr:`Snapshot.resolved`); one that names nothing, on every row."""
    path = bad_file(tmp_path, ROLES, [["Stiar i fjellet", "Fjellstova", "partner", "", ""],
                                      ["Stiar i fjellet", "Nobody", "partner", "2024", ""],
                                      ["Stiar i fjellet", "Nobody", "partner", "2025", ""],
                                      ["Stiar i fjellet", "Fjellstova", "partner", "2025", ""]], "csv")
    result = imported(runner, [path], tmp_path / "x.ttl")
    where = f"{path}, sheet roles, row"
    assert [line.split(":")[0] for line in result.stderr.splitlines() if line.startswith(where)] == [
        f"{where} 3, column actor", f"{where} 4, column actor"]
    good = bad_file(tmp_path, ROLES, [["Stiar i fjellet", "Fjellstova", "partner", "", ""],
                                      ["Stiar i fjellet", "Fjellstova", "partner", "2025", ""]], "csv")
    done = plan([good], tmp_path / "y.ttl", [BASE], default=False)
    actors = {o for s, p, o in done.added if str(p).endswith("#actor")}
    assert done.problems == () and actors == {URIRef(f"{ID}organisation/fjellstova")}


def test_a_sheet_that_is_no_table_and_unknown_columns(runner, tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("name,comment\nx,y\n", encoding="utf-8")
    (tmp_path / "roles.csv").write_text("project,actor,role_kind,colour\nStiar i fjellet,Fjellstova,partner,red\n",
                                        encoding="utf-8")
    result = imported(runner, [tmp_path / "notes.csv", tmp_path / "roles.csv"], tmp_path / "x.ttl")
    assert result.exit_code == 1
    assert f"{tmp_path / 'notes.csv'}, sheet notes: the header row names none" in result.stderr
    assert f"{tmp_path / 'roles.csv'}, sheet roles, column colour: not a column of the roles table" in result.stderr


def test_shapes_problems_name_the_row(runner, tmp_path: Path) -> None:
    path = bad_file(tmp_path, ACTORS, [["", "unnamed group", "Nokre lag", "Some clubs", "", ""]], "csv")
    result = imported(runner, [path], tmp_path / "x.ttl")
    assert result.exit_code == 1
    assert f'{path}, sheet actors, row 2: "Some clubs" (group:nokre-lag), lls:leftOpen: ' in result.stderr


#: A project of the graph with no role: the shape of a project looks across nodes, at the roles pointing to it.
ROLELESS = """@prefix lls: <https://w3id.org/lls-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
<https://w3id.org/lls-kg/id/project/{id}> a lls:Project ; rdfs:label "Utan rolle"@nn , "Roleless"@en ;
    prov:wasDerivedFrom <https://w3id.org/lls-kg/id/passage/test> .
"""


def roleless(folder: Path, id: str = "utan") -> Path:
    (folder / "roleless.ttl").write_text(ROLELESS.format(id=id), encoding="utf-8")
    return folder / "roleless.ttl"


def test_a_row_adding_to_a_resource_that_breaks_a_shape_across_nodes_is_refused(runner, tmp_path: Path) -> None:
    extra = roleless(tmp_path)
    path = bad_file(tmp_path, PROJECTS, [["project:utan", "project", "Utan rolle", "Roleless", "Ny", "", ""]], "csv")
    into = tmp_path / "imported.ttl"
    into.write_bytes(OLD)
    result = imported(runner, [path], into, "--data", str(extra))
    assert result.exit_code == 1
    assert (f'{path}, sheet projects, row 2: "Roleless" (project:utan), ^lls:roleIn: A project needs at least one '
            "lls:Role") in result.stderr
    assert "nothing was written" in result.stderr and into.read_bytes() == OLD


def test_a_role_from_another_sheet_meets_the_shape_across_nodes(runner, tmp_path: Path) -> None:
    extra = roleless(tmp_path)
    projects = bad_file(tmp_path, PROJECTS, [["project:utan", "project", "Utan rolle", "Roleless", "Ny", "", ""]],
                        "csv")
    roles = bad_file(tmp_path, ROLES, [["project:utan", "Fjellstova", "owner", "", ""]], "csv")
    result = imported(runner, [projects, roles], tmp_path / "imported.ttl", "--data", str(extra))
    assert result.exit_code == 0, result.stderr


def test_a_broken_resource_the_rows_do_not_touch_does_not_stop_them(runner, tmp_path: Path) -> None:
    """The shapes check what the rows add to (``lls-kg validate`` checks the rest), so an import's cost grows
    with its rows, not with the graph."""
    extra = roleless(tmp_path)
    into = tmp_path / "imported.ttl"
    result = imported(runner, VALID, into, "--data", str(extra))
    assert result.exit_code == 0, result.stderr and into.is_file()
    check = runner.invoke(cli, ["validate", "--no-default", "--data", str(BASE), "--data", str(extra), "--data",
                                str(into), "-q"])
    assert check.exit_code == 1 and check.stdout.count("\n") == 1 and "project:utan" in check.stdout


#: A second node for the test region (the same members) and a role whose actor is a goal, beside the sheets' graph.
TWICE = """@prefix lls: <https://w3id.org/lls-kg/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix id: <https://w3id.org/lls-kg/id/> .
id:region\\/test org:hasMember id:municipality\\/aurland , id:municipality\\/laerdal .
id:region\\/kopi a lls:CityRegion ; rdfs:label "Kopi"@nn , "Copy"@en ; prov:wasDerivedFrom id:passage\\/test ;
    org:hasMember id:municipality\\/aurland , id:municipality\\/laerdal .
id:role\\/feil a lls:Role ; rdfs:label "Feil"@nn , "Wrong"@en ; prov:wasDerivedFrom id:passage\\/test ;
    lls:actor id:goal\\/friluftsliv ; lls:roleIn id:project\\/stiar ; lls:roleKind lls:Owner .
"""


def test_a_check_of_the_nodes_an_import_adds_to_sees_the_whole_graph(tmp_path: Path) -> None:
    """The import checks only what its rows add to (:meth:`Work.focus`); shapes that look across nodes (a role's
    actor, a region's members, by SPARQL) still see the rest of the graph."""
    extra = tmp_path / "twice.ttl"
    extra.write_text(TWICE, encoding="utf-8")
    shapes = read_file(resources.shapes_path())
    kopi, feil = (URIRef(f"{ID}{local}") for local in ("region/kopi", "role/feil"))
    report = check_loaded(read_graph(select([BASE, extra], default=False)), shapes, "en", focus={kopi, feil})
    assert sorted((p.node, p.path, p.value) for p in report.problems) == [
        ('"Copy" (region:kopi)', "", "region:test"),
        ('"Wrong" (role:feil)', "lls:actor", "goal:friluftsliv")]
    whole = {p.node for p in check_loaded(read_graph(select([BASE, extra], default=False)), shapes, "en").problems}
    assert whole == {'"Copy" (region:kopi)', '"Wrong" (role:feil)', '"The test region" (region:test)'}
    assert check_loaded(read_graph(select([BASE, extra], default=False)), shapes, "en", focus=set()).conforms


@pytest.mark.parametrize(("name", "content"), [("notes.txt", b"x"), ("gone.csv", None), ("bad.xlsx", b"zip?")])
def test_an_unreadable_file_exits_2(runner, tmp_path: Path, name: str, content: bytes | None) -> None:
    if content is not None:
        (tmp_path / name).write_bytes(content)
    into = tmp_path / "imported.ttl"
    into.write_bytes(OLD)
    result = imported(runner, [tmp_path / name], into)
    assert result.exit_code == 2 and result.stderr.splitlines()[-1].startswith(f"lls-kg: error: {tmp_path / name}: ")
    assert into.read_bytes() == OLD


# --- Any name survives the round trip ------------------------------------------------------------------------------

HOSTILE = ["<img src=x onerror=alert(1)>", '"quoted", with commas', "line one\nline two", "=cmd|' /C calc'!A0",
           "+1+1", "-2", "@SUM(A1)", "'=already quoted", "''", "semi; colon", "Æ Ø Å æøå", "Ελληνικά", "🚲 Sykkel"]
NAMES = st.one_of(st.sampled_from(HOSTILE),
                  st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cn")) | st.just("\n"), min_size=1,
                          max_size=20)).map(str.strip).filter(bool)


def formula_free(folder: Path) -> bool:
    """No cell of the CSV files or the workbook in ``folder`` can run as a formula."""
    cells = [cell for path in folder.glob("*.csv")
             for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")) for cell in row]
    book = [cell for sheet in load_workbook(folder / WORKBOOK) for row in sheet.iter_rows() for cell in row]
    return (all(cell[:1] not in FORMULA_STARTS for cell in cells)
            and all(cell.value is None or (cell.data_type == "s" and cell.value[:1] not in FORMULA_STARTS)
                    for cell in book))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actor=NAMES, project=NAMES, note=NAMES, fmt=st.sampled_from(["csv", "xlsx"]))
def test_any_name_round_trips_through_import_and_sheets(tmp_path_factory, actor: str, project: str, note: str,
                                                        fmt: str) -> None:
    folder = tmp_path_factory.mktemp("in")
    tables = {spec.name: ([column.header for column in spec.columns], rows) for spec, rows in (
        (ACTORS, [["hyp-actor", "association", f"{actor} #1", f"{actor} #2", note, ""]]),
        (PROJECTS, [["hyp-project", "project", f"{project} #3", f"{project} #4", "", note, "Jobs"]]),
        (ROLES, [[f"{project} #3", f"{actor} #2", "owner", "2024", ""]]),  # named by their labels
        (TRANSFERS, []))}
    written = write_sheets(folder, tables)
    assert formula_free(folder)
    into = folder / "imported.ttl"
    found = plan(written[:-1] if fmt == "csv" else written[-1:], into, [BASE], default=False)
    assert found.problems == ()
    write(found, into)

    out = tmp_path_factory.mktemp("out")
    exported = write_sheets(out, contents(open_store("memory", [BASE, into], default=False)))
    assert formula_free(out)
    by_table = {sheet.name: [dict(zip(map(normalise, sheet.header), cells)) for _, cells in sheet.rows]
                for sheet in read(out / WORKBOOK if fmt == "xlsx" else out / "actors.csv")
                + read(out / "projects.csv")}
    assert {"actor_id": "organisation:hyp-actor", "type": "association", "label_nn": f"{actor} #1",
            "label_en": f"{actor} #2", "description_nn": note, "description_en": ""} in by_table["actors"]
    assert {"project_id": "project:hyp-project", "type": "project", "label_nn": f"{project} #3",
            "label_en": f"{project} #4", "description_nn": "", "description_en": note,
            "serves_goal": "goal:arbeidsplassar"} in by_table["projects"]
    again = plan(exported[:-1] if fmt == "csv" else exported[-1:], into, [BASE], default=False)
    assert again.problems == () and len(again.added) == 0


def test_ids_looked_up_at_once_answer_as_one_by_one() -> None:
    """A table's ids are looked up with one query (:meth:`Snapshot.prefetch`): the same answer for each as its own."""
    store = OxigraphStore.from_graph(read_graph(select([BASE], default=False)).graph)
    text = load_named("known").text
    iris = [URIRef(f"{ID}{local}") for local in ("project/stiar", "municipality/aurland", "role/stiar-eigar",
                                                 "project/nowhere")]
    at_once = Snapshot(store, 0)
    at_once.prefetch(text, "resource", iris)
    answers = {iri: at_once._answers.get((text, (("resource", iri),))) for iri in iris}
    for iri, answer in answers.items():
        alone = store.query(text, {"resource": iri})
        assert answer is not None and answer.vars == alone.vars and len(answer.rows) == len(alone.rows)
        assert [set(str(row[1]).split()) for row in answer.rows] == [set(str(row[1]).split()) for row in alone.rows]
    assert [len(answer.rows) for answer in answers.values()] == [1, 1, 1, 0]


def test_the_import_s_store_answers_with_every_fact_added_before_the_query() -> None:
    """Rows' facts reach Oxigraph in one go before the next query (:class:`Growing`), never after it."""
    live = Growing(OxigraphStore.from_graph(read_graph(select([BASE], default=False)).graph))
    stiar, someone = URIRef(f"{ID}project/stiar"), URIRef("urn:someone")
    roles = "SELECT (COUNT(*) AS ?n) WHERE { ?role <https://w3id.org/lls-kg/ontology#roleIn> ?project }"
    before = int(live.query(roles, {"project": stiar}).rows[0][0])
    for n in range(3):
        live.add([(URIRef(f"urn:role-{n}"), URIRef("https://w3id.org/lls-kg/ontology#roleIn"), stiar)])
        assert int(live.query(roles, {"project": stiar}).rows[0][0]) == before + n + 1
    live.add([(someone, URIRef("https://w3id.org/lls-kg/ontology#roleIn"), stiar)])
    live.add([(someone, URIRef("https://w3id.org/lls-kg/ontology#roleIn"), URIRef("urn:other"))])
    assert int(live.query(roles, {"project": stiar}).rows[0][0]) == before + 4
