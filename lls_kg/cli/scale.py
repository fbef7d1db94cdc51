"""Scale it out: ``load`` into an on-disk store or an endpoint, ``serve`` an endpoint."""

from __future__ import annotations

from pathlib import Path

import click

from .options import api, data_options, lang_option, quiet_option, say, store_option, tell


@click.command()
@data_options
@store_option
@click.option("--replace", is_flag=True,
              help="Replace what is there even if lls-kg did not load it: a folder that holds no lls-kg store, "
                   "or an endpoint graph that is not empty.")
@click.option("--graph", metavar="IRI",
              help="Endpoint only: load this named graph instead of the default graph.")
@click.option("--graph-store", metavar="URL",
              help="Endpoint only: its Graph Store Protocol address (Fuseki: .../DATASET/data). "
                   "Default: /store beside .../query (Oxigraph), /sparql-graph-crud beside .../sparql (Virtuoso).")
@click.option("--update", metavar="URL",
              help="Endpoint only: its SPARQL Update address (Fuseki: .../DATASET/update). "
                   "Default: /update beside .../query (Oxigraph), .../sparql itself (Virtuoso).")
@quiet_option
def load(data: tuple[Path, ...], no_default: bool, home: Path | None, store: str, replace: bool, graph: str | None,
         graph_store: str | None, update: str | None, quiet: bool) -> None:
    """Load the graph into an on-disk Oxigraph store (--store oxigraph:DIR) or a SPARQL endpoint (--store URL).

    Every reading command then answers from it with the same --store. An
    on-disk store is built beside DIR and moved into place only when
    complete; an earlier lls-kg store in DIR is replaced. On an endpoint
    the files go to a fresh graph, are counted, and replace the target
    graph (the default graph, or --graph IRI) with one SPARQL Update MOVE
    only when complete: a load that fails, is refused or is cut short
    leaves the target as it was, and exits non-zero with the server's message.
    """
    def progress(message: str) -> None:
        say(quiet, f"lls-kg: {message}")

    endpoint = store.startswith(("http://", "https://"))
    lib = api()
    where = store if endpoint else lib.disk_folder(store)
    count = lib.open(data, default=not no_default, home=home).load(store, replace=replace, graph=graph,
                                                                  graph_store=graph_store, update=update,
                                                                  progress=progress)
    if endpoint and graph:
        tell(quiet, "loaded {n} triples into the graph <{graph}> of {store}; query it with --store {store}",
             n=count, graph=graph, store=store)
    elif endpoint:
        tell(quiet, "loaded {n} triples into the default graph of {store}; query it with --store {store}",
             n=count, store=store)
    else:
        tell(quiet, "loaded {n} triples into {folder}; query it with --store oxigraph:{folder}", n=count, folder=where)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default lets in only this machine.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--timeout", type=click.IntRange(min=1), default=10, show_default=True, metavar="S",
              help="Seconds a query may run; a longer one is stopped (HTTP 503).")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True, metavar="N",
              help="Most rows (or triples) an answer may have; a bigger one is refused (HTTP 422).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=32 * 1024 * 1024, show_default=True, metavar="N",
              help="Most bytes an answer may have, as the engine sends it; a bigger one is refused (HTTP 422).")
@click.option("--engines", type=click.IntRange(min=1), default=8, show_default=True, metavar="N",
              help="Queries answered at once, each by an engine of its own; others wait, then get HTTP 503. "
                   "Keep it above the number of runaway queries you expect at once.")
@click.option("--allow-host", "hosts", multiple=True, metavar="NAME",
              help="A name clients may call the endpoint by (the Host header), besides localhost and loopback "
                   "addresses (against DNS rebinding); repeatable. Needed behind a proxy or on a public name.")
@data_options
@lang_option
@quiet_option
def serve(host: str, port: int, timeout: int, max_rows: int, max_bytes: int, engines: int, hosts: tuple[str, ...],
          data: tuple[Path, ...], no_default: bool, home: Path | None, lang: str, quiet: bool) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint at http://HOST:PORT/sparql.

    GET or POST queries; answers in SPARQL JSON, XML, CSV or TSV, and graphs
    in Turtle, JSON-LD or N-Triples, as the Accept header asks. Updates,
    SERVICE, FROM and FROM NAMED are refused (HTTP 403), and the engines run in
    a sandbox that cannot connect anywhere. Queries posted by web pages of
    other sites are refused; no CORS headers are sent. GET / lists the named
    queries as examples, in the --lang. Needs the 'oxigraph' command (pip install 'lls-kg[serve]').
    """
    lib = api()
    limits = lib.Limits(timeout, max_rows, max_bytes, engines, hosts=hosts)
    lib.open(data, default=not no_default, home=home, lang=lang).serve(host, port, limits,
                                                 say=lambda message: say(quiet, f"lls-kg: {message}"),
                                                 log=None if quiet else lambda line: click.echo(line, err=True))
