"""See its structure: ``analyse``, ``export``, ``viz``, ``report``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from ..choices import EXPORT_FORMATS, GROUPINGS, PAGE_FORMATS, PICTURE_FORMATS, REPORT_FORMATS, ROWS, VIEWS
from .options import (api, data_options, format_option, lang_option, max_nodes_option, output_option, quiet_option,
                      region_option, size_by_option, store_option, tell, ties_option)


@click.command()
@click.option("--view", type=click.Choice(VIEWS), default="actors", show_default=True,
              help="The network whose brokers, communities and structure are measured.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, metavar="N",
              help="Rows per list of nodes.")
@click.option("--explain", is_flag=True,
              help="Also list what each share and count is taken over (the work counted, the projects, the "
                   "results under each goal); --format json always holds these lists.")
@ties_option
@data_options
@region_option
@store_option
@output_option
@format_option(REPORT_FORMATS, "table")
@lang_option
@quiet_option
def analyse(view: str, top: int, explain: bool, ties: list[str] | None, departments: bool, data: tuple[Path, ...],
            region: str | None, no_default: bool, home: Path | None, store: str, output: Path | None, fmt: str, lang: str,
            quiet: bool) -> None:
    """Measure collaboration: who bridges, which goals have few hands, how much crosses borders.

    Opens with a few plain sentences on what the measures mean for the
    region, then the tables: centrality (degree, weighted degree,
    betweenness, closeness, Louvain community), structure, communities and
    isolates of the --view; and for the region: work across municipal
    borders, current owners (Herfindahl index), goal coverage and each
    municipality's footprint.
    """
    tell(quiet, "opening the graph ({store})...", lang, store=store)
    lib = api()
    kg = lib.open(data, not no_default, store, home, lang, region)
    found = kg.analyse(view, top=top, ties=ties, departments=departments)
    lib.emit(lib.render_analysis(found, fmt, top, lang, explain=explain), output)


@click.command()
@click.option("--view", type=click.Choice(VIEWS), default="actors", show_default=True, help="The network to export.")
@ties_option
@data_options
@region_option
@store_option
@output_option
@format_option(EXPORT_FORMATS, "graphml")
@quiet_option
def export(view: str, ties: list[str] | None, departments: bool, data: tuple[Path, ...], region: str | None,
           no_default: bool,
           home: Path | None, store: str, output: Path | None, fmt: str,
           quiet: bool) -> None:
    """Write a network view for Gephi, Cytoscape or yEd.

    graphml and gexf open in Gephi and Cytoscape; json is Cytoscape.js JSON;
    csv writes two files in Gephi's spreadsheet layout, NAME-nodes.csv and
    NAME-edges.csv, where NAME is the -o path without .csv. Lists
    (activities, quotes, municipalities) are joined with '|', and every node
    has a label (its English label).
    """
    tell(quiet, "opening the graph ({store})...", store=store)
    lib = api()
    graph = lib.open(data, not no_default, store, home, region=region).view(view, ties=ties, departments=departments)
    written = lib.export(graph, fmt, output)
    tell(quiet, "wrote the {view} view ({nodes} nodes, {edges} edges) as {fmt} to {files}", view=view,
         nodes=graph.number_of_nodes(), edges=graph.number_of_edges(), fmt=fmt, files=", ".join(written))


@click.command()
@click.option("--view", type=click.Choice(VIEWS), default="actors", show_default=True, help="The network to draw.")
@click.option("--focus", metavar="NODE",
              help="Only this node and those up to --depth links away: an IRI, a prefixed name or a label.")
@click.option("--depth", type=click.IntRange(min=0), default=None, metavar="N",
              help="Links from --focus to keep (default 1).")
@click.option("--goal", metavar="GOAL",
              help="Only what works towards this goal: the goal, its work and the actors in that work.")
@click.option("--municipality", metavar="NAME",
              help="Only what belongs to this municipality or involves its actors.")
@max_nodes_option
@click.option("--aggregate", type=click.Choice(GROUPINGS), default=None,
              help="Draw a network of more than --max-nodes nodes as groups: one node per municipality or per "
                   "community (auto: municipalities when they fit). Without it such a network is refused.")
@size_by_option
@ties_option
@data_options
@region_option
@store_option
@output_option
@click.option("--format", "fmt", type=click.Choice(PICTURE_FORMATS), default=None,
              help="html (interactive, default), png or svg (figures); default: from the -o suffix.")
@lang_option
@quiet_option
def viz(view: str, focus: str | None, depth: int | None, goal: str | None, municipality: str | None,
        max_nodes: int, aggregate: str | None, size_by: str, ties: list[str] | None, departments: bool,
        data: tuple[Path, ...], region: str | None, no_default: bool, home: Path | None,
        store: str, output: Path | None, fmt: str | None, lang: str,
        quiet: bool) -> None:
    """Draw a network view: one HTML page that works offline, or a PNG/SVG figure.

    The page needs no network and links nothing: colour and shape by kind,
    node size by --size-by, links labelled by relation (former ownership
    dashed), a tooltip with the labels in every language, the kind and the
    source quote, a search box (Nynorsk, Bokmål or English names) and
    filters by kind, goal and municipality, all in the --lang. The same
    graph gives the same file.
    """
    if depth is not None and focus is None:
        raise click.UsageError("--depth needs --focus NODE")
    lib = api()
    fmt = fmt or lib.format_for(output)
    tell(quiet, "opening the graph ({store})...", lang, store=store)
    shown = lib.open(data, not no_default, store, home, lang, region).scene(view, focus=focus,
                                                                     depth=1 if depth is None else depth, goal=goal,
                                                                     municipality=municipality, ties=ties,
                                                                     departments=departments,
                                                                     max_nodes=max_nodes, aggregate=aggregate)
    lib.emit(lib.picture(shown, fmt, size_by), output)
    tell(quiet, "drew '{title}' ({nodes} nodes, {links} links) as {fmt} to {target}", lang, title=shown.title,
         nodes=shown.graph.number_of_nodes(), links=shown.graph.number_of_edges(), fmt=fmt, target=output or "stdout")


@click.command()
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, metavar="N",
              help="Rows per list of nodes in the collaboration tables.")
@click.option("--date", "when", type=click.DateTime(["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
              help="The date the report names as made (default: today); the same graph and date give the same file.")
@click.option("--compare", "compare", is_flag=True,
              help="Add a section with every region of the graph side by side (as 'lls-kg compare'), a chart per "
                   "measure.")
@click.option("--rows", type=click.IntRange(min=1), default=ROWS, show_default=True, metavar="N",
              help="Rows a long section (goals and their work, owners, transfers, ...) shows; the page gives the "
                   "total, and with -o every row goes to a CSV file beside the page (report.owners.csv).")
@click.option("--full", is_flag=True, help="Show every row of every section, however long.")
@max_nodes_option
@size_by_option
@data_options
@region_option
@store_option
@output_option
@format_option(PAGE_FORMATS, "html")
@lang_option
@quiet_option
def report(top: int, when: datetime | None, compare: bool, rows: int, full: bool, max_nodes: int, size_by: str,
           data: tuple[Path, ...], region: str | None, no_default: bool, home: Path | None, store: str,
           output: Path | None, fmt: str, lang: str, quiet: bool) -> None:
    """Write the region's report: one HTML page that works offline, or a PDF.

    The story first: the region at a glance with its programme and grant, a
    timeline, the goals with their work and owners, ownership and transfers,
    the region's advice, the application's themes and expected effects, who
    works with whom, the merger, and what the sources leave open. Then an
    appendix for analysts: the collaboration measures, their basis and the
    interactive network. Every row can show its source quote; in print the
    quotes are numbered notes. --format pdf prints the page with headless
    Chromium (Debian's package 'chromium').
    """
    tell(quiet, "opening the graph ({store})...", lang, store=store)
    lib = api()
    made = lib.open(data, not no_default, store, home, lang, region).report(
        top=top, size_by=size_by, when=when.date() if when else None, fmt=fmt, compare=compare,
        rows=None if full else rows, max_nodes=max_nodes, beside=output)
    lib.emit(made, output)
    tell(quiet, "wrote the report ({fmt}) to {target}", lang, fmt=fmt, target=output or "stdout")
