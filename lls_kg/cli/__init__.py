"""The ``lls-kg`` command line: each command parses its options, calls the Python API and prints.

Every command is a thin wrapper over :mod:`lls_kg.api`, one module per group of
the help text (:mod:`.check`, :mod:`.ask`, :mod:`.see`, :mod:`.grow`, :mod:`.scale`),
with the shared options in :mod:`.options`. Data goes to stdout (or ``-o FILE``),
messages to stderr. A failure is one line, ``lls-kg: error: ...``, with exit
code 2 for bad input or usage and 1 for a failed check.
"""

from __future__ import annotations

import gc
import sys

import click

from .. import errors
from . import ask, check, grow, scale, see
from .options import Group


@click.group(name="lls-kg", cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="lls-kg", prog_name="lls-kg")
@click.option("--max-input", type=click.IntRange(min=1), metavar="MB", default=None,
              help="Largest input file to read, in MB (default 1024, or LLS_KG_MAX_INPUT_MB).")
def cli(max_input: int | None) -> None:
    """The knowledge graph of the Leikanger – Luster – Sogndal city region.

    \b
    Build and check it:   build, validate, stats
    Ask it questions:     queries, query, owners, compare
    See its structure:    analyse, export, viz, report
    Grow it:              sheets, import, extract, home
    Scale it out:         load, serve (and --store on every reading command)

    Every command reads the shipped ontology and graph and your data home
    ('lls-kg home'); add files with --data, or use only those with
    --no-default. Start with 'lls-kg report -o lls-report.html' and open
    the page in a browser.
    """
    if max_input is not None:
        errors.MAX_INPUT_MB = max_input  # for this process: every reader checks it


for _command in (check.build, check.validate, check.stats, ask.queries, ask.query, ask.owners, ask.compare,
                 see.analyse, see.export, see.viz, see.report, grow.sheets, grow.import_, grow.extract, grow.home,
                 scale.load, scale.serve):
    cli.add_command(_command)


def main() -> None:
    """Entry point of the ``lls-kg`` console script and of ``python -m lls_kg``."""
    try:
        cli(prog_name="lls-kg")
    finally:
        stores = sys.modules.get("lls_kg.store")  # loaded by every command that reads the graph, not by --help
        if stores is not None:
            stores.stop_asking()  # a command stopped early (Ctrl-C, an error) waits for no answer it will not read
        # The process ends here: what the command made is the system's to free, not the collector's to walk at exit
        # (8 % of an import of 100,000 rows). Files and stores are closed where they are used, not left to it.
        gc.freeze()
