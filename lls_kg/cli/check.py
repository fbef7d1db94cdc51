"""Build and check it: ``build``, ``validate``, ``stats``."""

from __future__ import annotations

from pathlib import Path

import click

from ..choices import GRAPH_FORMATS, INFERENCE, TABLE_FORMATS
from ..errors import CheckFailed
from .options import api, data_options, format_option, lang_option, output_option, quiet_option, say, store_option, tell


@click.command()
@data_options
@output_option
@format_option(GRAPH_FORMATS, "turtle")
@click.option("--infer", type=click.Choice(INFERENCE), default="none", show_default=True,
              help="Add the triples RDFS or OWL 2 RL entail (none: only what the files state).")
@quiet_option
def build(data: tuple[Path, ...], no_default: bool, home: Path | None, output: Path | None, fmt: str, infer: str,
          quiet: bool) -> None:
    """Write the whole graph as one RDF file.

    The ontology, the shipped graph and any --data files, optionally with the
    triples RDFS or OWL 2 RL entail, to FILE or (without -o) to stdout.
    """
    tell(quiet, "loading the graph...")
    lib = api()
    graph = lib.open(data, default=not no_default, home=home).graph(infer)
    lib.emit(lib.serialise(graph, fmt), output)
    tell(quiet, "wrote {n} triples ({fmt}) to {target}", n=len(graph), fmt=fmt, target=output or "stdout")


@click.command()
@data_options
@output_option
@lang_option
@quiet_option
def validate(data: tuple[Path, ...], no_default: bool, home: Path | None, output: Path | None, lang: str,
             quiet: bool) -> None:
    """Check the graph against the SHACL shapes in ontology/shapes.ttl.

    Prints one line per problem (file, resource, property, message), then the
    count. Exits 0 if the data conforms, 1 if it does not, 2 if it cannot be read.
    """
    tell(quiet, "validating...", lang)
    lib = api()
    report = lib.open(data, default=not no_default, home=home, lang=lang).validate()
    lib.emit("".join(line + "\n" for line in report.lines()), output)
    if not report.conforms:
        raise CheckFailed(report.verdict())
    say(quiet, f"lls-kg: {report.verdict()}")


@click.command()
@data_options
@store_option
@output_option
@format_option(TABLE_FORMATS, "table")
@lang_option
@quiet_option
def stats(data: tuple[Path, ...], no_default: bool, home: Path | None, store: str, output: Path | None, fmt: str,
          lang: str,
          quiet: bool) -> None:
    """Count what the graph holds.

    Triples, source passages, instances per class and roles per kind, as one
    table (measure, item, count).
    """
    lib = api()
    found = lib.home(home)
    if no_default:
        tell(quiet, "data home {path} (chosen by {rule}; left out: --no-default)", lang, path=found.path,
             rule=found.chosen_by)
    else:
        tell(quiet, "data home {path} (chosen by {rule}; read)", lang, path=found.path, rule=found.chosen_by)
    tell(quiet, "opening the graph ({store})...", lang, store=store)
    kg = lib.open(data, not no_default, store, home, lang)
    lib.emit(lib.render(kg.stats(), fmt, lang, kg.labels), output)
