"""Grow the graph from spreadsheets: rows of actors, projects, roles and transfers become Turtle.

An import never damages the graph. :func:`plan` reads every row of every file
(:mod:`.tables`), maps it to triples (:mod:`.mapping`), checks it, and validates
the resources it adds to, within the existing graph, against the SHACL shapes;
:func:`write` then rewrites the target file with its old triples and the new
ones, in one atomic step, and only if nothing was wrong. Every problem is one
line naming the file, sheet, row and column.

A row only adds: facts already in the graph (from any file) add nothing, and
a row all of whose facts are known adds no source either, so importing the
same file twice, or what ``lls-kg sheets`` wrote, changes nothing.

Tables are read in the order actors, projects, roles, transfers, so a role
may name an actor or project that an earlier sheet of the same import
creates, by its id or its label.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from rdflib import Literal

from .. import resources
from ..errors import BadInput, one_line
from ..heap import no_collection
from ..i18n import speech
from ..namespaces import PREFIXES
from ..output import write_atomic
from ..store import Result
from ..store.files import PathLike, read, read_file, select
from ..turtle import for_people
from ..validate import check_loaded
from .cells import Cells
from .mapping import MAPPERS, Mapper, check_owners
from .state import Change, Triple, Work
from .tables import Row, read_rows


#: The file an import writes unless told otherwise, in the data home (``graph/imported.ttl`` of a checkout).
DEFAULT_TARGET = "imported.ttl"


_HEADER = """Imported from spreadsheets by `lls-kg import`.

Every resource, role and transfer below names the spreadsheet row it was read
from: prov:wasDerivedFrom an lls:SheetRow (file, sheet, row number, import
time), listed at the end. Each import rewrites this file with what it held and
what the new rows add, so change the spreadsheets and import again rather than
editing here."""


_HEADINGS = {"region": "City regions", "municipality": "Municipalities", "unit": "Departments",
             "organisation": "Organisations", "environment": "Competence environments", "group": "Unnamed groups",
             "project": "Projects", "activity": "Activities", "role": "Roles", "transfer": "Ownership transfers",
             "row": "Spreadsheet rows: where the facts above were read"}


@dataclass(frozen=True)
class Plan:
    """What an import would add, or why it cannot."""

    added: tuple[Triple, ...]
    problems: tuple[str, ...]
    changes: tuple[Change, ...]
    rows: int
    adding: int
    #: The language the changes' resources are named in, and the table speaks.
    lang: str

    def table(self) -> Result:
        """The changes as a query result (change, resource, label, source row), for :func:`lls_kg.formats.render`,
        said in the plan's language, as its labels are."""
        words = speech(self.lang)
        rows = [(Literal(c.said(words)), c.resource, Literal(c.label), Literal(c.where)) for c in self.changes]
        return Result("SELECT", vars=["change", "resource", "label", "source"], rows=rows)

    def summary(self, lang: str | None = None) -> str:
        """One line of counts in ``lang``: rows, triples, new resources by class, resources added to."""
        words = speech(lang)
        if not self.adding:
            return words.ngettext("nothing to add: the {n} row is in the graph already",
                                  "nothing to add: all {n} rows are in the graph already", self.rows)
        counts = Counter(c.what for c in self.changes if c.new)
        parts = [words.ngettext("{n} new {what}", "{n} new {what}", n, what=what) for what, n in sorted(counts.items())]
        extended = len({c.resource for c in self.changes if not c.new} - {c.resource for c in self.changes if c.new})
        parts += [words.ngettext("{n} existing resource added to", "{n} existing resources added to", extended)] \
            if extended else []
        return words.ngettext("{adding} of {n} row adds {triples} triples: {parts}",
                              "{adding} of {n} rows add {triples} triples: {parts}", self.rows,
                              adding=words.number(self.adding), triples=words.number(len(self.added)),
                              parts=", ".join(parts))

    def outcome(self, target: Path, dry_run: bool, lang: str | None = None) -> str:
        """The summary and what became of ``target``, for the command line."""
        words = speech(lang)
        done = words._("dry run, nothing written") if dry_run else \
            words._("wrote {file}", file=target) if len(self.added) else words._("nothing written")
        return f"{self.summary(lang)}; {done}"

    def stopped(self, target: Path, lang: str | None = None) -> str:
        """Why nothing was written, for the command line."""
        return speech(lang).ngettext("{n} problem in the sheets; nothing was written to {file}",
                                     "{n} problems in the sheets; nothing was written to {file}",
                                     len(self.problems), file=target)


def default_target(home: PathLike | None = None) -> Path:
    """``imported.ttl`` in the data home (:func:`lls_kg.resources.home`): every command reads it with the rest
    of the graph, and it outlives a reinstall."""
    return resources.home(home).path / DEFAULT_TARGET


@no_collection()  # the rows' triples and their indexes only grow: nothing for the collector to find (15 %)
def plan(files: Sequence[PathLike], into: PathLike, data: Iterable[PathLike] = (), default: bool = True,
         now: datetime | None = None, home: PathLike | None = None, lang: str | None = None) -> Plan:
    """Read the spreadsheet ``files`` and work out what they add to the graph (with ``into``'s triples).

    Parameters
    ----------
    files
        CSV files and XLSX workbooks; a sheet's table is told by its header (``project_id``, ``actor_id``,
        ``role_kind`` or ``from_owner``).
    into
        The Turtle file the import will write; its triples, if it exists, count as part of the graph.
    data, default, home
        The rest of the graph, as for every command (the shipped graph and the data home's files unless
        ``default`` is false).
    now
        The import time recorded on each spreadsheet row (default: the current time, UTC).
    lang
        The language of the shapes' messages among the problems (:mod:`lls_kg.i18n`).

    Returns
    -------
    A :class:`Plan`: the triples to add, or the problems (one line each) that stop the import.
    An unreadable file raises :class:`BadInput`.

    Example
    -------
    >>> import tempfile; from lls_kg.sheets.tables import templates, write
    >>> folder = Path(tempfile.mkdtemp()); files = write(folder, templates())[:-1]
    >>> plan(files, folder / "imported.ttl").summary("en")  # doctest: +ELLIPSIS
    '4 of 4 rows add ... triples: 1 new lls:Association, 1 new lls:OwnershipTransfer, 1 new lls:Project, ...'
    """
    target = Path(into)
    earlier = _earlier_import(target)
    rows, problems = read_rows(Path(file) for file in files)
    loaded = read(select([*data, target] if earlier else data, default, home))
    work = Work(loaded.graph, now or datetime.now(timezone.utc), problems, lang=speech(lang).lang)
    for spec, mapper in MAPPERS:
        table = [row for row in rows if row.table is spec]
        work.refresh(table)
        for row in table:
            _take(work, row, mapper)
    check_owners(work)
    if not work.problems:
        loaded.origins.update(work.origins)
        work.merged()  # loaded.graph, now with the rows' triples
        report = check_loaded(loaded, read_file(resources.shapes_path()), lang, work.focus())
        work.problems += report.lines()
    return Plan(tuple(work.added), tuple(work.problems), tuple(work.changes), len(rows), work.adding, work.lang)


def _take(work: Work, row: Row, mapper: Mapper) -> None:
    """Map ``row`` to facts and add those the graph lacks, with the row as their source; or note its problems."""
    cells = Cells(row, work)
    facts = mapper(cells)
    if cells.problems:
        work.problems += cells.problems
    else:
        work.take(row, facts)


@no_collection()
def write(plan: Plan, into: PathLike) -> None:
    """Rewrite ``into`` with its old triples and the plan's new ones, as Turtle for people, atomically.

    Nothing is written for a plan with problems or with nothing to add.
    """
    target = Path(into)
    if plan.problems or not len(plan.added):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    triples = chain(read_file(target) if _earlier_import(target) else (), plan.added)
    write_atomic(target, for_people(triples, _HEADER, PREFIXES, _HEADINGS).encode("utf-8"))


def _earlier_import(target: Path) -> bool:
    """Whether ``target`` holds an earlier import (False if it is missing or blank).

    Any other file is refused: rewriting a hand-written graph file would lose its comments and layout."""
    if target.suffix.lower() != ".ttl":
        raise BadInput(f"{target}: the import writes Turtle; give a .ttl file")
    try:
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(f"{target}: cannot read it ({one_line(error)})") from None
    first = f"# {_HEADER.splitlines()[0]}"
    if text.strip() and not text.startswith(first):
        raise BadInput(f"{target}: lls-kg import did not write this file (it does not begin with '{first}'), and "
                       "rewriting it would lose its comments and layout; give a new file or an earlier import's")
    return bool(text.strip())
