"""Ask it questions: ``queries``, ``query``, ``owners``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..choices import QUERY_FORMATS, SELECT_FORMATS
from .options import (api, data_options, format_option, key_values, lang_option, output_option, quiet_option,
                      region_option, store_option, tell)


@click.command()
@format_option(("table", "json"), "table")
@lang_option
def queries(fmt: str, lang: str) -> None:
    """List the named queries: name, title and parameters (with --format json, descriptions too).

    Run one with 'lls-kg query NAME'.
    """
    lib = api()
    lib.emit(lib.catalogue(lib.list_named(internal=False), fmt, lang))


@click.command()
@click.argument("name", required=False, metavar="NAME|FILE.rq")
@click.option("--sparql", metavar="TEXT", help="Run this SPARQL query text instead ('-' reads it from stdin).")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", callback=key_values,
              help="Bind the query's parameter KEY to a resource: an IRI, a prefixed name or a label. Repeatable.")
@data_options
@region_option
@store_option
@output_option
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default=None,
              help="Output format: table (default), csv, json, md or sparql-json for SELECT and ASK; "
                   "turtle (default), json-ld or nt for CONSTRUCT and DESCRIBE.")
@lang_option
@quiet_option
def query(name: str | None, sparql: str | None, params: dict[str, str], data: tuple[Path, ...], region: str | None,
          no_default: bool, home: Path | None,
          store: str, output: Path | None, fmt: str | None, lang: str, quiet: bool) -> None:
    """Ask the graph a question: a named query, a .rq file, or SPARQL text.

    SELECT prints rows; ASK prints true or false and exits 0 or 1; CONSTRUCT
    and DESCRIBE print RDF. Parameters take an IRI, a prefixed name
    (project:sykkelloyper) or a label, bound as RDF terms, never pasted into
    the query. SPARQL Update is refused: reading never changes a store.
    See 'lls-kg queries' for the named queries.
    """
    if (name is None) == (sparql is None):
        raise click.UsageError("give one query: a NAME, a FILE.rq or --sparql TEXT")
    lib = api()
    chosen = lib.find(name) if name is not None else sys.stdin.read() if sparql == "-" else sparql
    tell(quiet, "opening the graph ({store})...", lang, store=store)
    kg = lib.open(data, not no_default, store, home, lang, region)
    result = kg.query(chosen, params)
    lib.emit(lib.show(result, fmt, lang, kg.labels), output)
    if result.kind == "ASK" and not result.boolean:
        click.get_current_context().exit(1)


@click.command()
@click.option("--project", metavar="NAME", help="Only this project: an IRI, a prefixed name or a label.")
@click.option("--actor", metavar="NAME", help="Only the projects this actor owns (or owned, with --history).")
@click.option("--history", is_flag=True, help="Also list former owners and ended ownerships.")
@data_options
@region_option
@store_option
@output_option
@format_option(SELECT_FORMATS, "table")
@lang_option
@quiet_option
def owners(project: str | None, actor: str | None, history: bool, data: tuple[Path, ...], region: str | None,
           no_default: bool, home: Path | None,
           store: str, output: Path | None, fmt: str, lang: str, quiet: bool) -> None:
    """Who owns which project: owner, role, status, period, the source quote, and what the source leaves open.

    A period the source does not state reads "not stated" in a table (empty in
    CSV, null in JSON). Names are matched ignoring case and accents, in
    Nynorsk or English, by whole names or by words (--project "bike trails");
    an unknown name lists the closest matches, and a name that fits several
    lists them; both exit 2.
    """
    tell(quiet, "opening the graph ({store})...", lang, store=store)
    lib = api()
    kg = lib.open(data, not no_default, store, home, lang, region)
    found = kg.owners(project, actor, history)
    lib.emit(lib.show(found, fmt, lang, kg.labels, unstated=("since", "until")), output)


@click.command()
@data_options
@store_option
@output_option
@format_option(SELECT_FORMATS, "table")
@lang_option
@quiet_option
def compare(data: tuple[Path, ...], no_default: bool, home: Path | None, store: str, output: Path | None, fmt: str,
            lang: str, quiet: bool) -> None:
    """City regions side by side: members, applicant, population and area, goals, results, advice, work.

    One row per region in the graph: its members and applicant, population and
    area with their dates, how many goals, results and pieces of advice its
    page gives, the pieces of joint work with known participants, how many of
    them (and what share) cross municipal borders, and the two municipalities
    that share the most work. What a page does not give reads "not stated"
    (empty in CSV, null in JSON), never 0. 'lls-kg report --compare' draws
    the same as charts.
    """
    tell(quiet, "opening the graph ({store})...", lang, store=store)
    lib = api()
    kg = lib.open(data, not no_default, store, home, lang)
    found = kg.compare(lang if fmt in ("table", "md") else "en")
    lib.emit(lib.show(found, fmt, lang, kg.labels, unstated=found.vars), output)
