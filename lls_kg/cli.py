"""The ``lls-kg`` command line: each command parses its options, calls one library function and prints.

Data goes to stdout (or ``-o FILE``), messages to stderr. A failure is one line,
``lls-kg: error: ...``, with exit code 2 for bad input or usage and 1 for a
failed check. Heavy libraries are imported inside the commands, so
``lls-kg --help`` stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .choices import (EXPORT_FORMATS, GRAPH_FORMATS, INFERENCE, LANGUAGES, PICTURE_FORMATS, QUERY_FORMATS,
                      REPORT_FORMATS, SELECT_FORMATS, SIZE_MEASURES as MEASURES, TABLE_FORMATS, VIEWS)
from .errors import CheckFailed, LlsError

F = TypeVar("F", bound=Callable[..., Any])


class _OneLineError(click.ClickException):
    """Shown as ``lls-kg: error: MESSAGE``, whatever went wrong."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: Any = None) -> None:
        click.echo(f"lls-kg: error: {self.format_message()}", err=True)


def _usage(error: click.UsageError) -> _OneLineError:
    hint = f" (see '{error.ctx.command_path} --help')" if error.ctx else ""
    return _OneLineError(error.format_message().rstrip(".") + hint, error.exit_code)


class _Group(click.Group):
    """A click group whose errors, ours and click's usage errors alike, are one line."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as error:
            raise _usage(error) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as error:
            raise _usage(error) from None
        except LlsError as error:
            raise _OneLineError(str(error), error.exit_code) from None


def data_options(command: F) -> F:
    """``--data`` and ``--no-default``: which files make up the graph."""
    command = click.option(
        "--no-default", "no_default", is_flag=True,
        help="Leave out the shipped graph; use only the --data files (the ontology always loads).")(command)
    return click.option(
        "--data", "data", multiple=True, type=click.Path(path_type=Path), metavar="PATH",
        help="An RDF file or folder (.ttl .trig .jsonld .json .nt .nq) to add to the graph. Repeatable.")(command)


def store_option(command: F) -> F:
    """``--store``: the backend a reading command queries."""
    return click.option(
        "--store", default="memory", show_default=True, metavar="SPEC",
        help="Where the graph is queried: 'memory' (Oxigraph in memory; 'oxigraph' is the same), 'rdflib' "
             "(rdflib in memory), 'oxigraph:DIR' (an on-disk Oxigraph store, read-only) or an http(s):// "
             "SPARQL endpoint.")(command)


def output_option(command: F) -> F:
    """``-o/--output``: where the result goes."""
    return click.option(
        "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
        help="Write to FILE (replaced only once complete) instead of stdout.")(command)


def format_option(formats: tuple[str, ...], default: str) -> Callable[[F], F]:
    """``--format``: the form of the result."""
    return click.option("--format", "fmt", type=click.Choice(formats), default=default, show_default=True,
                        help="Output format.")


def quiet_option(command: F) -> F:
    """``--quiet``: no progress or success messages on stderr."""
    return click.option("-q", "--quiet", is_flag=True, help="Print no progress or success messages.")(command)


def _say(quiet: bool, message: str) -> None:
    if not quiet:
        click.echo(message, err=True)


@click.group(name="lls-kg", cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="lls-kg", prog_name="lls-kg")
def cli() -> None:
    """The knowledge graph of the Leikanger – Luster – Sogndal city region.

    \b
    Build and check it:   build, validate, stats
    Ask it questions:     queries, query, owners
    See its structure:    analyse, export, viz, report
    Grow it:              sheets, import, extract
    Scale it out:         load, serve (and --store on every reading command)

    Every command reads the shipped ontology and graph; add your own files
    with --data, or use only yours with --no-default. Start with
    'lls-kg report -o lls-report.html' and open the page in a browser.
    """


@cli.command()
@data_options
@output_option
@format_option(GRAPH_FORMATS, "turtle")
@click.option("--infer", type=click.Choice(INFERENCE), default="none", show_default=True,
              help="Add the triples RDFS or OWL 2 RL entail (none: only what the files state).")
@quiet_option
def build(data: tuple[Path, ...], no_default: bool, output: Path | None, fmt: str, infer: str, quiet: bool) -> None:
    """Write the whole graph as one RDF file.

    The ontology, the shipped graph and any --data files, optionally with the
    triples RDFS or OWL 2 RL entail, to FILE or (without -o) to stdout.
    """
    from .build import assemble, serialise
    from .output import emit

    _say(quiet, "lls-kg: loading the graph...")
    graph = assemble(data, default=not no_default, inference=infer)
    emit(serialise(graph, fmt), output)
    _say(quiet, f"lls-kg: wrote {len(graph)} triples ({fmt}) to {output or 'stdout'}")


@cli.command()
@data_options
@output_option
@quiet_option
def validate(data: tuple[Path, ...], no_default: bool, output: Path | None, quiet: bool) -> None:
    """Check the graph against the SHACL shapes in ontology/shapes.ttl.

    Prints one line per problem (file, resource, property, message), then the
    count. Exits 0 if the data conforms, 1 if it does not, 2 if it cannot be read.
    """
    from .output import emit
    from .validate import check

    _say(quiet, "lls-kg: validating...")
    report = check(data, default=not no_default)
    emit("".join(line + "\n" for line in report.lines()), output)
    if not report.conforms:
        raise CheckFailed(f"{report.summary()}: the data does not conform to the shapes")
    _say(quiet, "lls-kg: the data conforms to the shapes")


@cli.command()
@data_options
@store_option
@output_option
@format_option(TABLE_FORMATS, "table")
@quiet_option
def stats(data: tuple[Path, ...], no_default: bool, store: str, output: Path | None, fmt: str, quiet: bool) -> None:
    """Count what the graph holds.

    Triples, source passages, instances per class and roles per kind, as one
    table (measure, item, count).
    """
    from .formats import render
    from .output import emit
    from .stats import collect
    from .store import open_store

    _say(quiet, f"lls-kg: opening the graph ({store})...")
    emit(render(collect(open_store(store, data, default=not no_default)), fmt), output)


def _key_values(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    """``--param KEY=VALUE`` options as a dictionary (a value may contain '='; a key may not repeat)."""
    pairs: dict[str, str] = {}
    for item in values:
        key, equals, value = item.partition("=")
        if not equals or not key.strip():
            raise click.BadParameter(f"'{item}' is not KEY=VALUE", ctx, param)
        if key.strip() in pairs:
            raise click.BadParameter(f"'{key.strip()}' is given twice", ctx, param)
        pairs[key.strip()] = value
    return pairs


@cli.command()
@format_option(("table", "json"), "table")
def queries(fmt: str) -> None:
    """List the named queries: name, title and parameters (with --format json, descriptions too).

    Run one with 'lls-kg query NAME'.
    """
    from .formats import catalogue
    from .output import emit
    from .query import list_named

    emit(catalogue(list_named(internal=False), fmt))


@cli.command()
@click.argument("name", required=False, metavar="NAME|FILE.rq")
@click.option("--sparql", metavar="TEXT", help="Run this SPARQL query text instead ('-' reads it from stdin).")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", callback=_key_values,
              help="Bind the query's parameter KEY to a resource: an IRI, a prefixed name or a label. Repeatable.")
@data_options
@store_option
@output_option
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default=None,
              help="Output format: table (default), csv, json, md or sparql-json for SELECT and ASK; "
                   "turtle (default), json-ld or nt for CONSTRUCT and DESCRIBE.")
@quiet_option
def query(name: str | None, sparql: str | None, params: dict[str, str], data: tuple[Path, ...], no_default: bool,
          store: str, output: Path | None, fmt: str | None, quiet: bool) -> None:
    """Ask the graph a question: a named query, a .rq file, or SPARQL text.

    SELECT prints rows; ASK prints true or false and exits 0 or 1; CONSTRUCT
    and DESCRIBE print RDF. Parameters take an IRI, a prefixed name
    (project:sykkelloyper) or a label, bound as RDF terms, never pasted into
    the query. SPARQL Update is refused: reading never changes a store.
    See 'lls-kg queries' for the named queries.
    """
    from .formats import show
    from .output import emit
    from .query import find, run
    from .store import open_store

    if (name is None) == (sparql is None):
        raise click.UsageError("give one query: a NAME, a FILE.rq or --sparql TEXT")
    chosen = find(name) if name is not None else sys.stdin.read() if sparql == "-" else sparql
    _say(quiet, f"lls-kg: opening the graph ({store})...")
    result = run(open_store(store, data, default=not no_default), chosen, params)
    emit(show(result, fmt), output)
    if result.kind == "ASK" and not result.boolean:
        click.get_current_context().exit(1)


@cli.command()
@click.option("--project", metavar="NAME", help="Only this project: an IRI, a prefixed name or a label.")
@click.option("--actor", metavar="NAME", help="Only the projects this actor owns (or owned, with --history).")
@click.option("--history", is_flag=True, help="Also list former owners and ended ownerships.")
@data_options
@store_option
@output_option
@format_option(SELECT_FORMATS, "table")
@quiet_option
def owners(project: str | None, actor: str | None, history: bool, data: tuple[Path, ...], no_default: bool,
           store: str, output: Path | None, fmt: str, quiet: bool) -> None:
    """Who owns which project: owner, role, status, period and the source quote.

    Names are matched ignoring case and accents, in Nynorsk or English; an
    unknown or ambiguous name lists the closest matches and exits 2.
    """
    from .formats import show
    from .output import emit
    from .query import owners as ownerships
    from .store import open_store

    _say(quiet, f"lls-kg: opening the graph ({store})...")
    emit(show(ownerships(open_store(store, data, default=not no_default), project, actor, history), fmt), output)


@cli.command()
@data_options
@store_option
@click.option("--replace", is_flag=True,
              help="Replace what is there even if lls-kg did not load it: a folder that holds no lls-kg store, "
                   "or an endpoint whose default graph is not empty.")
@click.option("--graph-store", metavar="URL",
              help="Endpoint only: its Graph Store Protocol address (Fuseki: .../DATASET/data). "
                   "Default: /store beside the query address, as Oxigraph's server has it.")
@quiet_option
def load(data: tuple[Path, ...], no_default: bool, store: str, replace: bool, graph_store: str | None,
         quiet: bool) -> None:
    """Load the graph into an on-disk Oxigraph store (--store oxigraph:DIR) or a SPARQL endpoint (--store URL).

    Every reading command then answers from it with the same --store. An
    on-disk store is built beside DIR and moved into place only when
    complete; an earlier lls-kg store in DIR is replaced. An endpoint's
    default graph is replaced by one Graph Store Protocol request, streamed
    as the files are read, which the server applies whole or not at all: a
    load cut short leaves the old graph as it was.
    """
    from .loader import select
    from .store import disk_folder, load_into

    def progress(message: str) -> None:
        _say(quiet, f"lls-kg: {message}")

    endpoint = store.startswith(("http://", "https://"))
    folder = None if endpoint else disk_folder(store)
    files = select(data, default=not no_default)
    if folder is None:
        from .remote import load_into as upload

        sent = upload(store, files, replace, gsp=graph_store, progress=progress)
        _say(quiet, f"lls-kg: loaded {sent} triples into the default graph of {store}; query it with --store {store}")
        return
    quads = load_into(folder, files, replace, progress=progress)
    _say(quiet, f"lls-kg: loaded {quads} triples into {folder}; query it with --store oxigraph:{folder}")


@cli.command()
@click.argument("pages", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="PAGE.txt...")
@output_option
@click.option("--lang", type=click.Choice(LANGUAGES), default="nn", show_default=True,
              help="The pages' language: Nynorsk (nn) or Bokmål (nb); text quoted from them carries this tag.")
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
    from .extract import extract as draft
    from .output import emit

    drafted = draft(pages, lang=lang, region_id=region_id)
    for region in drafted.regions:
        for line in region.report(everything=not quiet):
            click.echo(line, err=True)
    emit(drafted.turtle, output)
    _say(quiet, f"lls-kg: wrote the draft of {len(drafted.regions)} region(s) to {output or 'stdout'}")

@cli.command()
@click.option("--view", type=click.Choice(VIEWS), default="actors", show_default=True,
              help="The network whose brokers, communities and structure are measured.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, metavar="N",
              help="Rows per list of nodes.")
@data_options
@store_option
@output_option
@format_option(REPORT_FORMATS, "table")
@quiet_option
def analyse(view: str, top: int, data: tuple[Path, ...], no_default: bool, store: str, output: Path | None,
            fmt: str, quiet: bool) -> None:
    """Measure collaboration: who bridges, which goals have few hands, how much crosses borders.

    Opens with a few plain sentences on what the measures mean for the
    region, then the tables: centrality (degree, weighted degree,
    betweenness, closeness, Louvain community), structure, communities and
    isolates of the --view; and for the region: work across municipal
    borders, current owners (Herfindahl index), goal coverage and each
    municipality's footprint.
    """
    from .analysis import analyse as measure, render
    from .output import emit
    from .store import open_store

    _say(quiet, f"lls-kg: opening the graph ({store})...")
    emit(render(measure(open_store(store, data, default=not no_default), view, top=top), fmt, top), output)


@cli.command()
@click.option("--view", type=click.Choice(VIEWS), default="actors", show_default=True, help="The network to export.")
@data_options
@store_option
@output_option
@format_option(EXPORT_FORMATS, "graphml")
@quiet_option
def export(view: str, data: tuple[Path, ...], no_default: bool, store: str, output: Path | None, fmt: str,
           quiet: bool) -> None:
    """Write a network view for Gephi, Cytoscape or yEd.

    graphml and gexf open in Gephi and Cytoscape; json is Cytoscape.js JSON;
    csv writes two files in Gephi's spreadsheet layout, NAME-nodes.csv and
    NAME-edges.csv, where NAME is the -o path without .csv. Lists
    (activities, quotes, municipalities) are joined with '|', and every node
    has a label (its English label).
    """
    from .network import export as write, view as build
    from .store import open_store

    _say(quiet, f"lls-kg: opening the graph ({store})...")
    graph = build(open_store(store, data, default=not no_default), view)
    written = write(graph, fmt, output)
    _say(quiet, f"lls-kg: wrote the {view} view ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges) "
                f"as {fmt} to {', '.join(written)}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default lets in only this machine.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--timeout", type=click.IntRange(min=1), default=10, show_default=True, metavar="S",
              help="Seconds a query may run; a longer one is stopped (HTTP 503).")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True, metavar="N",
              help="Most rows (or triples) an answer may have; a bigger one is refused (HTTP 422).")
@data_options
@quiet_option
def serve(host: str, port: int, timeout: int, max_rows: int, data: tuple[Path, ...], no_default: bool,
          quiet: bool) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint at http://HOST:PORT/sparql.

    GET or POST queries; answers in SPARQL JSON, XML, CSV or TSV, and graphs
    in Turtle, JSON-LD or N-Triples, as the Accept header asks. Updates,
    SERVICE, FROM and FROM NAMED are refused (HTTP 403). GET / lists the named
    queries as examples. Needs the 'oxigraph' command (pip install 'lls-kg[serve]').
    """
    from .loader import select
    from .serve import Limits, serve as run_endpoint

    run_endpoint(select(data, default=not no_default), host, port, Limits(timeout, max_rows),
                 say=lambda message: _say(quiet, f"lls-kg: {message}"),
                 log=None if quiet else lambda line: click.echo(line, err=True))


@cli.command()
@click.option("-o", "--output", "folder", required=True, type=click.Path(file_okay=False, path_type=Path),
              metavar="DIR", help="The folder to write the files to (made if missing; files there are replaced).")
@click.option("--empty", is_flag=True, help="Write only the headers and one example row: the import templates.")
@data_options
@store_option
@quiet_option
def sheets(folder: Path, empty: bool, data: tuple[Path, ...], no_default: bool, store: str, quiet: bool) -> None:
    """Write projects, actors, roles and transfers as spreadsheets.

    One CSV file per table (projects.csv, actors.csv, roles.csv,
    transfers.csv) and one workbook, lls-kg.xlsx, with a sheet each. Edit
    or fill them in and read them back with 'lls-kg import'. Cells that a
    spreadsheet program would run as a formula are written with a leading
    apostrophe.
    """
    from .sheets import contents, templates, write
    from .store import open_store

    if not empty:
        _say(quiet, f"lls-kg: opening the graph ({store})...")
    tables = templates() if empty else contents(open_store(store, data, default=not no_default))
    written = write(folder, tables)
    _say(quiet, f"lls-kg: wrote {', '.join(str(path) for path in written)}")


@cli.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="FILE.csv|FILE.xlsx...")
@click.option("--into", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE.ttl",
              help="The Turtle file to add the new triples to (rewritten with its old ones). "
                   "Default: graph/imported.ttl, which every command reads with the rest of the graph.")
@click.option("--dry-run", is_flag=True, help="Print what the import would add, and write nothing.")
@data_options
@output_option
@format_option(TABLE_FORMATS, "table")
@quiet_option
def import_(files: tuple[Path, ...], into: Path | None, dry_run: bool, data: tuple[Path, ...], no_default: bool,
            output: Path | None, fmt: str, quiet: bool) -> None:
    """Add projects, actors, roles and transfers from spreadsheets to the graph.

    Reads CSV files and XLSX workbooks laid out as 'lls-kg sheets' writes
    them (a cell may name an existing actor, project or goal by IRI,
    prefixed name or label), checks every row and the result against the
    SHACL shapes, and only then rewrites the --into file. Prints what is added (change, resource,
    label, source row). A problem is one line naming file, sheet, row and
    column; with any problem nothing is written and the exit code is 1.
    """
    from .formats import render
    from .importer import default_target, plan, write
    from .output import emit

    target = into or default_target()
    _say(quiet, "lls-kg: reading the sheets and the graph...")
    found = plan(files, target, data, default=not no_default)
    for line in found.problems:
        click.echo(line, err=True)
    if found.problems:
        raise CheckFailed(f"{len(found.problems)} problem(s) in the sheets; nothing was written to {target}")
    changes = found.table()
    if changes.rows or fmt != "table":  # an empty table says nothing to a person; an empty list still parses
        emit(render(changes, fmt), output)
    if not dry_run:
        write(found, target)
    _say(quiet, f"lls-kg: {found.summary()}; " + ("dry run, nothing written" if dry_run
                                                  else f"wrote {target}" if len(found.added) else "nothing written"))


def size_by_option(command: F) -> F:
    """``--size-by``: the measure a picture sizes its nodes by."""
    return click.option("--size-by", type=click.Choice(MEASURES), default="degree", show_default=True,
                        help="The node measure that sets node sizes.")(command)


@cli.command()
@click.option("--view", type=click.Choice(VIEWS), default="actors", show_default=True, help="The network to draw.")
@click.option("--focus", metavar="NODE",
              help="Only this node and those up to --depth links away: an IRI, a prefixed name or a label.")
@click.option("--depth", type=click.IntRange(min=0), default=None, metavar="N",
              help="Links from --focus to keep (default 1).")
@click.option("--goal", metavar="GOAL",
              help="Only what works towards this goal: the goal, its work and the actors in that work.")
@click.option("--municipality", metavar="NAME",
              help="Only what belongs to this municipality or involves its actors.")
@size_by_option
@data_options
@store_option
@output_option
@click.option("--format", "fmt", type=click.Choice(PICTURE_FORMATS), default=None,
              help="html (interactive, default), png or svg (figures); default: from the -o suffix.")
@quiet_option
def viz(view: str, focus: str | None, depth: int | None, goal: str | None, municipality: str | None, size_by: str,
        data: tuple[Path, ...], no_default: bool, store: str, output: Path | None, fmt: str | None,
        quiet: bool) -> None:
    """Draw a network view: one HTML page that works offline, or a PNG/SVG figure.

    The page needs no network and links nothing: colour and shape by kind,
    node size by --size-by, links labelled by relation (former ownership
    dashed), a tooltip with both labels, the kind and the source quote, a
    search box and filters by kind, goal and municipality. The same graph
    gives the same file.
    """
    from .output import emit
    from .store import open_store
    from .viz import format_for, picture, scene

    if depth is not None and focus is None:
        raise click.UsageError("--depth needs --focus NODE")
    fmt = fmt or format_for(output)
    _say(quiet, f"lls-kg: opening the graph ({store})...")
    shown = scene(open_store(store, data, default=not no_default), view, focus=focus,
                  depth=1 if depth is None else depth, goal=goal, municipality=municipality)
    emit(picture(shown, fmt, size_by), output)
    _say(quiet, f"lls-kg: drew '{shown.title}' ({shown.graph.number_of_nodes()} nodes, "
                f"{shown.graph.number_of_edges()} links) as {fmt} to {output or 'stdout'}")


@cli.command()
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, metavar="N",
              help="Rows per list of nodes in the collaboration tables.")
@size_by_option
@data_options
@store_option
@output_option
@quiet_option
def report(top: int, size_by: str, data: tuple[Path, ...], no_default: bool, store: str, output: Path | None,
           quiet: bool) -> None:
    """Write the region's report: one HTML page that works offline.

    The facts (population, area, applicant, partners), the goals with their
    work and owners, owners and ownership transfers, the collaboration
    measures with their summary, the population against the projection,
    and the interactive actors network. Every row can show its source quote.
    """
    from .output import emit
    from .report import report as write_report
    from .store import open_store

    _say(quiet, f"lls-kg: opening the graph ({store})...")
    emit(write_report(open_store(store, data, default=not no_default), top=top, size_by=size_by), output)
    _say(quiet, f"lls-kg: wrote the report to {output or 'stdout'}")

def main() -> None:
    """Entry point of the ``lls-kg`` console script and of ``python -m lls_kg``."""
    cli(prog_name="lls-kg")
