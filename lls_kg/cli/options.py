"""What every command shares: the one-line errors, the options named the same everywhere, and the API.

Options that several commands take are defined once, as decorators, so they are
named and explained the same everywhere (as click's own documentation advises).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..choices import MAX_NODES, READER_LANGUAGES, SIZE_MEASURES as MEASURES, TIES
from ..errors import LlsError
from ..i18n import speech

if TYPE_CHECKING:
    from types import ModuleType

F = TypeVar("F", bound=Callable[..., Any])


def api() -> ModuleType:
    """The Python API, loaded when a command runs: loading it takes 0.5 s that ``lls-kg --help`` must not pay
    (bench/RESULTS.md, start-up)."""
    from .. import api as loaded

    return loaded


class OneLineError(click.ClickException):
    """Shown as ``lls-kg: error: MESSAGE``, whatever went wrong."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: Any = None) -> None:
        click.echo(f"lls-kg: error: {self.format_message()}", err=True)


def _usage(error: click.UsageError) -> OneLineError:
    hint = f" (see '{error.ctx.command_path} --help')" if error.ctx else ""
    return OneLineError(error.format_message().rstrip(".") + hint, error.exit_code)


class Group(click.Group):
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
            raise OneLineError(str(error), error.exit_code) from None




def data_options(command: F) -> F:
    """``--data``, ``--no-default`` and ``--home``: which files make up the graph."""
    command = click.option(
        "--home", "home", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
        help="The data home: your own data (imports), read with the shipped graph and kept across reinstalls. "
             "Default: $LLS_KG_HOME, else graph/ when run from a checkout, else the user data folder "
             "(see 'lls-kg home').")(command)
    command = click.option(
        "--no-default", "no_default", is_flag=True,
        help="Leave out the shipped graph and the data home; use only the --data files (the ontology always "
             "loads).")(command)
    return click.option(
        "--data", "data", multiple=True, type=click.Path(path_type=Path), metavar="PATH",
        help="An RDF file or folder (.ttl .trig .jsonld .json .nt .nq) to add to the graph. Repeatable.")(command)


def region_option(command: F) -> F:
    """``--region``: the city region a command that assumes one region answers for."""
    return click.option(
        "--region", metavar="NAME",
        help="The city region to answer for (a name, prefixed name or IRI), when the graph holds several: "
             "only its goals, work and actors are shown and counted. 'all' takes every region together "
             "(the whole graph as one network).")(command)


def store_option(command: F) -> F:
    """``--store``: the backend a reading command queries."""
    return click.option(
        "--store", default="memory", show_default=True, metavar="SPEC",
        help="Where the graph is queried: 'memory' (Oxigraph in memory; 'oxigraph' is the same), 'rdflib' "
             "(rdflib in memory), 'oxigraph:DIR' (an on-disk Oxigraph store, read-only; its answers are kept "
             "until it changes, see 'lls-kg home'; LLS_KG_CACHE=off: not kept) or an http(s):// SPARQL "
             "endpoint.")(command)


def output_option(command: F) -> F:
    """``-o/--output``: where the result goes."""
    return click.option(
        "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
        help="Write to FILE (replaced only once complete) instead of stdout.")(command)


def format_option(formats: tuple[str, ...], default: str) -> Callable[[F], F]:
    """``--format``: the form of the result."""
    return click.option("--format", "fmt", type=click.Choice(formats), default=default, show_default=True,
                        help="Output format.")


def lang_option(command: F) -> F:
    """``--lang``: the language people read (headings, sentences, labels, numbers); machine formats never change."""
    return click.option(
        "--lang", type=click.Choice(READER_LANGUAGES), envvar="LLS_KG_LANG", default="nn", show_default=True,
        show_envvar=True,
        help="Language of what people read: Nynorsk (nn), Bokmål (nb) or English (en). JSON keys, CSV headers "
             "and codes stay the same in every language.")(command)


def quiet_option(command: F) -> F:
    """``--quiet``: no progress or success messages on stderr."""
    return click.option("-q", "--quiet", is_flag=True, help="Print no progress or success messages.")(command)


def say(quiet: bool, message: str) -> None:
    """``message``, already in the reader's language, on stderr unless ``quiet``."""
    if not quiet:
        click.echo(message, err=True)


def tell(quiet: bool, message: str, lang: str | None = None, **values: object) -> None:
    """``lls-kg: message`` on stderr in ``lang`` (see :func:`lls_kg.i18n.language`), its ``{placeholders}`` filled
    from ``values``, unless ``quiet``. ``scripts/i18n`` extracts the messages given to it."""
    if not quiet:
        click.echo(f"lls-kg: {speech(lang)._(message, **values)}", err=True)


def size_by_option(command: F) -> F:
    """``--size-by``: the measure a picture sizes its nodes by."""
    return click.option("--size-by", type=click.Choice(MEASURES), default="degree", show_default=True,
                        help="The node measure that sets node sizes.")(command)


def max_nodes_option(command: F) -> F:
    """``--max-nodes``: the most nodes a page draws; a bigger view is grouped (see :mod:`lls_kg.html.groups`)."""
    return click.option("--max-nodes", type=click.IntRange(min=1), default=MAX_NODES, show_default=True, metavar="N",
                        help="The most nodes a page draws: report draws a bigger network as groups of nodes "
                             "(municipalities or communities); viz refuses it unless given --aggregate.")(command)


def key_values(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
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


def _tie_list(ctx: click.Context, param: click.Parameter, value: str | None) -> list[str] | None:
    """``--ties joint-work,funding`` (or ``all``) as a list of codes, each checked."""
    if value is None:
        return None
    asked = [item.strip() for item in value.split(",") if item.strip()]
    unknown = [item for item in asked if item not in (*TIES, "all")]
    if unknown or not asked:
        raise click.BadParameter(f"'{value}': give kinds of tie from {', '.join(TIES)}, comma-separated, or all",
                                 ctx, param)
    return asked


def ties_option(command: F) -> F:
    """``--ties`` and ``--departments``: which kinds of tie link actors, and whether departments stand alone."""
    command = click.option(
        "--departments", is_flag=True,
        help="Keep departments as actors of their own (by default a department counts as its municipality).")(command)
    return click.option(
        "--ties", metavar="KINDS", callback=_tie_list,
        help=f"The kinds of tie to count, comma-separated: {', '.join(TIES)}, or all. Default: joint work for "
             "collaboration (the actors and municipalities views, and every measure); every kind in the "
             "ownership and goals views.")(command)
