"""Scale it out: ``load`` into an on-disk store or an endpoint, ``serve`` an endpoint."""

from __future__ import annotations

from pathlib import Path

import click

from .options import api, data_options, lang_option, quiet_option, say, store_option


@click.command()
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
    def progress(message: str) -> None:
        say(quiet, f"lls-kg: {message}")

    endpoint = store.startswith(("http://", "https://"))
    lib = api()
    where = store if endpoint else lib.disk_folder(store)
    count = lib.open(data, default=not no_default).load(store, replace=replace, graph_store=graph_store,
                                                        progress=progress)
    if endpoint:
        say(quiet, f"lls-kg: loaded {count} triples into the default graph of {store}; query it with --store {store}")
    else:
        say(quiet, f"lls-kg: loaded {count} triples into {where}; query it with --store oxigraph:{where}")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default lets in only this machine.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--timeout", type=click.IntRange(min=1), default=10, show_default=True, metavar="S",
              help="Seconds a query may run; a longer one is stopped (HTTP 503).")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True, metavar="N",
              help="Most rows (or triples) an answer may have; a bigger one is refused (HTTP 422).")
@data_options
@lang_option
@quiet_option
def serve(host: str, port: int, timeout: int, max_rows: int, data: tuple[Path, ...], no_default: bool, lang: str,
          quiet: bool) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint at http://HOST:PORT/sparql.

    GET or POST queries; answers in SPARQL JSON, XML, CSV or TSV, and graphs
    in Turtle, JSON-LD or N-Triples, as the Accept header asks. Updates,
    SERVICE, FROM and FROM NAMED are refused (HTTP 403). GET / lists the named
    queries as examples, in the --lang. Needs the 'oxigraph' command (pip install 'lls-kg[serve]').
    """
    lib = api()
    lib.open(data, default=not no_default, lang=lang).serve(host, port, lib.Limits(timeout, max_rows),
                                                 say=lambda message: say(quiet, f"lls-kg: {message}"),
                                                 log=None if quiet else lambda line: click.echo(line, err=True))
