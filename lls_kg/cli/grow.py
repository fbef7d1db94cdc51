"""Grow it: ``sheets``, ``import``, ``extract``, and ``home``, where what you add is kept."""

from __future__ import annotations

from pathlib import Path

import click

from ..choices import LANGUAGES, TABLE_FORMATS
from ..errors import CheckFailed
from .options import api, data_options, format_option, lang_option, output_option, quiet_option, say, store_option, tell


@click.command()
@click.option("-o", "--output", "folder", required=True, type=click.Path(file_okay=False, path_type=Path),
              metavar="DIR", help="The folder to write the files to (made if missing; files there are replaced).")
@click.option("--empty", is_flag=True, help="Write only the headers and one example row: the import templates.")
@data_options
@store_option
@quiet_option
def sheets(folder: Path, empty: bool, data: tuple[Path, ...], no_default: bool, home: Path | None, store: str,
           quiet: bool) -> None:
    """Write projects, actors, roles and transfers as spreadsheets.

    One CSV file per table (projects.csv, actors.csv, roles.csv,
    transfers.csv) and one workbook, lls-kg.xlsx, with a sheet each. Edit
    or fill them in and read them back with 'lls-kg import'. Cells that a
    spreadsheet program would run as a formula are written with a leading
    apostrophe.
    """
    lib = api()
    if not empty:
        tell(quiet, "opening the graph ({store})...", store=store)
    tables = lib.templates() if empty else lib.open(data, not no_default, store, home).sheets()
    written = lib.write_sheets(folder, tables)
    tell(quiet, "wrote {files}", files=", ".join(str(path) for path in written))


@click.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="FILE.csv|FILE.xlsx...")
@click.option("--into", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE.ttl",
              help="The Turtle file to add the new triples to (rewritten with its old ones). "
                   "Default: imported.ttl in the data home, which every command reads with the rest of the graph.")
@click.option("--dry-run", is_flag=True, help="Print what the import would add, and write nothing.")
@data_options
@output_option
@format_option(TABLE_FORMATS, "table")
@lang_option
@quiet_option
def import_(files: tuple[Path, ...], into: Path | None, dry_run: bool, data: tuple[Path, ...], no_default: bool,
            home: Path | None,
            output: Path | None, fmt: str, lang: str, quiet: bool) -> None:
    """Add projects, actors, roles and transfers from spreadsheets to the graph.

    Reads CSV files and XLSX workbooks laid out as 'lls-kg sheets' writes
    them (a cell may name an existing actor, project or goal by IRI,
    prefixed name or label), checks every row and the result against the
    SHACL shapes, and only then rewrites the --into file. Prints what is added (change, resource,
    label, source row). A problem is one line naming file, sheet, row and
    column; with any problem nothing is written and the exit code is 1.
    """
    lib = api()
    target = into or lib.default_target(home)
    tell(quiet, "reading the sheets and the graph...", lang)
    kg = lib.open(data, default=not no_default, home=home, lang=lang)
    with lib.no_collection():  # the rows' terms live until the command ends: a collection would walk millions (8 %)
        found = kg.import_sheets(files, target, dry_run=dry_run)
        for line in found.problems:
            click.echo(line, err=True)
        if found.problems:
            raise CheckFailed(found.stopped(target, lang))
        changes = found.table()
        if changes.rows or fmt != "table":  # an empty table says nothing to a person; an empty list still parses
            lib.emit(lib.render(changes, fmt, lang, kg.labels), output)
    say(quiet, f"lls-kg: {found.outcome(target, dry_run, lang)}")


@click.command()
@click.argument("pages", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="PAGE.txt...")
@output_option
@click.option("--lang", type=click.Choice(LANGUAGES), default="nn", show_default=True,
              help="The pages' language: Nynorsk (nn) or Bokmål (nb); text quoted from them carries this tag. "
                   "The summary on stderr speaks $LLS_KG_LANG (nn, nb or en; default nn).")
@click.option("--region-id", metavar="SLUG",
              help="The region's IRI slug (region:SLUG, goal:SLUG-1 ...) instead of one made from the title; "
                   "one page only.")
@quiet_option
def extract(pages: tuple[Path, ...], output: Path | None, lang: str, region_id: str | None, quiet: bool) -> None:
    """Draft a graph from plain-text city-region pages.

    Reads each page's title, facts box (applicant, partners, population,
    area), goals, results, advice, application themes and work after the
    programme, each with its verbatim passage, and writes them as Turtle in
    the project's ontology; each region gets its own IRIs. What a page lacks
    is left out and listed on stderr (with --quiet, only that).
    """
    lib = api()
    say_lang = lib.language(None)
    drafted = lib.draft(pages, lang=lang, region_id=region_id)
    for region in drafted.regions:
        for line in region.report(everything=not quiet, lang=say_lang):
            click.echo(line, err=True)
    lib.emit(drafted.turtle, output)
    say(quiet, f"lls-kg: {drafted.summary(str(output or 'stdout'), say_lang)}")


@click.command()
@click.option("--home", "home", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="The data home to show, if not the one the rule gives.")
def home(home: Path | None) -> None:
    """Show where your data is kept, and what it holds.

    \b
    The data home is chosen by one rule:
      --home DIR, else $LLS_KG_HOME,
      else graph/ when lls-kg runs from a checkout,
      else the user data folder (~/.local/share/lls-kg on Linux).
    Every reading command loads its RDF files with the shipped graph, and
    'lls-kg import' writes there, so a reinstall never loses them.
    Last, where the answers of on-disk stores are kept and their size
    ($LLS_KG_CACHE, else the user cache folder; LLS_KG_CACHE=off: none).
    """
    lib = api()
    for line in lib.home(home).lines(lib.language(None)):
        click.echo(line)
