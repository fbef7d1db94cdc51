"""The ``lls-kg`` command line: each command parses its options, calls one library function and prints.

Data goes to stdout (or ``-o FILE``), messages to stderr. A failure is one line,
``lls-kg: error: ...``, with exit code 2 for bad input or usage and 1 for a
failed check. Heavy libraries are imported inside the commands, so
``lls-kg --help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .choices import GRAPH_FORMATS, INFERENCE, TABLE_FORMATS
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
        help="Where the graph is queried: 'memory' (rdflib), 'oxigraph' (embedded Oxigraph, in memory) "
             "or 'oxigraph:DIR' (an on-disk Oxigraph store, read-only).")(command)


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

    Build it into one RDF file, check it against its SHACL shapes, and count
    what it holds. Every command reads the shipped ontology and graph; add
    your own files with --data, or use only yours with --no-default.
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


def main() -> None:
    """Entry point of the ``lls-kg`` console script and of ``python -m lls_kg``."""
    cli(prog_name="lls-kg")
