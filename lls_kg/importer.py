"""Grow the graph from spreadsheets: rows of actors, projects, roles and transfers become Turtle.

An import never damages the graph. :func:`plan` reads every row of every file,
maps it to triples of the ontology with the project's IRI scheme, checks it,
and validates the result together with the existing graph against the SHACL
shapes; :func:`write` then rewrites the target file with its old triples and
the new ones, in one atomic step, and only if nothing was wrong. Every
problem is one line naming the file, sheet, row and column.

A row only adds: facts already in the graph (from any file) add nothing, and
a row all of whose facts are known adds no source either, so importing the
same file twice, or what ``lls-kg sheets`` wrote, changes nothing. What a row
does add is derived from an ``lls:SheetRow`` (file name, sheet, row number,
import time) in place of a quote; its IRI is made from the file name, sheet,
row number and content, so the same row always has the same IRI.

Tables are read in the order actors, projects, roles, transfers, so a role
may name an actor or project that an earlier sheet of the same import
creates, by its id or its label.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, XSD

from . import resources
from .errors import BadInput, one_line
from .loader import PathLike, read, read_file, select
from .namespaces import ID, LLS, PREFIXES, curie, slug
from .output import write_atomic
from .query import load_file, load_named
from .resolve import fold, names, resolve
from .sheets import ACTORS, PROJECTS, ROLES, SEPARATOR, TABLES, TRANSFERS, TableSpec, normalise, table_of
from .spreadsheet import Sheet
from .spreadsheet import read as read_sheets
from .store import MemoryStore, Result, Store, Term
from .turtle import for_people
from .validate import check_loaded

#: The vocabulary, for terms in triples (class names given to :func:`resolve` stay strings).
lls = Namespace(LLS)
#: Where a spreadsheet row's IRI lives (``row:projects-2-…``).
ROW = PREFIXES["row"]
#: The file an import writes unless told otherwise: ``graph/imported.ttl`` of a checkout.
DEFAULT_TARGET = "imported.ttl"

_KNOWN = Path(__file__).resolve().parent / "known.rq"
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"\d{4}")
_NORWEGIAN_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")

#: Actor classes an actors row may name, and the IRI kind of each.
ACTOR_KINDS = {LLS + "CityRegion": "region", LLS + "Municipality": "municipality", LLS + "Department": "unit",
               LLS + "Organisation": "organisation", LLS + "Company": "organisation",
               LLS + "Association": "organisation", LLS + "PublicAgency": "organisation",
               LLS + "CompetenceEnvironment": "environment", LLS + "UnnamedGroup": "group"}
#: Work classes a projects row may name, and the IRI kind of each.
WORK_KINDS = {LLS + "Project": "project", LLS + "Activity": "activity"}

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
class Row:
    """One data row of a sheet, its cells by column name."""

    sheet: Sheet
    table: TableSpec
    number: int
    cells: Mapping[str, str]

    def where(self, column: str | None = None) -> str:
        """``FILE, sheet S, row N[, column C]``: where a person finds the row."""
        where = f"{self.sheet.file}, sheet {self.sheet.name}, row {self.number}"
        return f"{where}, column {column}" if column else where


@dataclass(frozen=True)
class Fact:
    """A triple a row states, the column it comes from, and whether its subject may have only one such value."""

    triple: tuple[URIRef, URIRef, Term]
    column: str | None = None
    single: bool = False


@dataclass(frozen=True)
class Change:
    """A resource a row creates (``new lls:Project``) or adds to (``adds lls:until``), for the dry-run table."""

    change: str
    resource: URIRef
    label: str
    where: str

    @property
    def new(self) -> bool:
        return self.change.startswith("new ")


@dataclass(frozen=True)
class Plan:
    """What an import would add, or why it cannot."""

    added: Graph
    problems: tuple[str, ...]
    changes: tuple[Change, ...]
    rows: int
    adding: int

    def table(self) -> Result:
        """The changes as a query result (change, resource, label, source row), for :func:`lls_kg.formats.render`."""
        rows = [(Literal(c.change), c.resource, Literal(c.label), Literal(c.where)) for c in self.changes]
        return Result("SELECT", vars=["change", "resource", "label", "source"], rows=rows)

    def summary(self) -> str:
        """One line of counts: rows, triples, new resources by class, resources added to."""
        if not self.adding:
            return f"nothing to add: all {self.rows} rows are in the graph already"
        counts = Counter(c.change for c in self.changes if c.new)
        parts = [f"{n} {change}" for change, n in sorted(counts.items())]
        extended = len({c.resource for c in self.changes if not c.new} - {c.resource for c in self.changes if c.new})
        parts += [f"{extended} existing resource{'s' * (extended != 1)} added to"] if extended else []
        return f"{self.adding} of {self.rows} rows add {len(self.added)} triples: {', '.join(parts)}"


def default_target() -> Path:
    """``graph/imported.ttl`` of the data folder: every command reads it with the rest of the graph."""
    return resources.graph_dir() / DEFAULT_TARGET


def plan(files: Sequence[PathLike], into: PathLike, data: Iterable[PathLike] = (), default: bool = True,
         now: datetime | None = None) -> Plan:
    """Read the spreadsheet ``files`` and work out what they add to the graph (with ``into``'s triples).

    Parameters
    ----------
    files
        CSV files and XLSX workbooks; a sheet's table is told by its header (``project_id``, ``actor_id``,
        ``role_kind`` or ``from_owner``).
    into
        The Turtle file the import will write; its triples, if it exists, count as part of the graph.
    data, default
        The rest of the graph, as for every command (the shipped graph unless ``default`` is false).
    now
        The import time recorded on each spreadsheet row (default: the current time, UTC).

    Returns
    -------
    A :class:`Plan`: the triples to add, or the problems (one line each) that stop the import.
    An unreadable file raises :class:`BadInput`.

    Example
    -------
    >>> import tempfile; from lls_kg.sheets import templates, write
    >>> folder = Path(tempfile.mkdtemp()); files = write(folder, templates())[:-1]
    >>> plan(files, folder / "imported.ttl").summary()  # doctest: +ELLIPSIS
    '4 of 4 rows add ... triples: 1 new lls:Association, 1 new lls:OwnershipTransfer, 1 new lls:Project, ...'
    """
    target = Path(into)
    earlier = _earlier_import(target)
    rows, problems = _rows(Path(file) for file in files)
    loaded = read(select([*data, target] if earlier else data, default))
    work = _Work(loaded.graph, now or datetime.now(timezone.utc), problems)
    for spec, mapper in _MAPPERS:
        work.refresh()
        for row in rows:
            if row.table is spec:
                work.take(row, mapper)
    _check_owners(work)
    if not work.problems:
        loaded.origins.update(work.origins)
        report = check_loaded(loaded, read_file(resources.shapes_path()))
        work.problems += report.lines()
    return Plan(work.added, tuple(work.problems), tuple(work.changes), len(rows), work.adding)


def write(plan: Plan, into: PathLike) -> None:
    """Rewrite ``into`` with its old triples and the plan's new ones, as Turtle for people, atomically.

    Nothing is written for a plan with problems or with nothing to add.
    """
    target = Path(into)
    if plan.problems or not len(plan.added):
        return
    graph = read_file(target) if _earlier_import(target) else Graph()
    graph += plan.added
    write_atomic(target, for_people(graph, _HEADER, PREFIXES, _HEADINGS).encode("utf-8"))


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


# --- Reading the files -------------------------------------------------------------------------------------------

def _rows(paths: Iterable[Path]) -> tuple[list[Row], list[str]]:
    """Every data row of every sheet of ``paths``, and the problems of sheets that are not one of the tables."""
    rows: list[Row] = []
    problems: list[str] = []
    for path in paths:
        for sheet in read_sheets(path):
            spec = table_of(sheet)
            found = _sheet_problems(sheet, spec)
            problems += found
            if spec is not None and not found:
                rows += _sheet_rows(sheet, spec, problems)
    return rows, problems


def _sheet_problems(sheet: Sheet, spec: TableSpec | None) -> list[str]:
    """What is wrong with a sheet's header: no table's key column, unknown, repeated or missing columns."""
    where = f"{sheet.file}, sheet {sheet.name}"
    if spec is None:
        keys = ", ".join(f"{table.key} ({table.name})" for table in TABLES)
        return [f"{where}: the header row names none, or more than one, of the tables' key columns: {keys}"]
    names = [normalise(header) for header in sheet.header if header]
    known = {column.name for column in spec.columns}
    listing = ", ".join(column.name for column in spec.columns)
    problems = [f"{where}, column {name}: not a column of the {spec.name} table; its columns are: {listing}"
                for name in names if name not in known]
    problems += [f"{where}, column {name}: appears twice in the header" for name, n in Counter(names).items() if n > 1]
    problems += [f"{where}: the header has no column {column.name}, which the {spec.name} table requires"
                 for column in spec.columns if column.required and column.name not in names]
    return problems


def _sheet_rows(sheet: Sheet, spec: TableSpec, problems: list[str]) -> list[Row]:
    """The sheet's rows with cells by column name; a value outside the header's columns is a problem."""
    columns = dict(enumerate(normalise(header) for header in sheet.header if header))
    rows = []
    for number, cells in sheet.rows:
        row = Row(sheet, spec, number, {columns[at]: text for at, text in enumerate(cells) if at in columns})
        problems += [f"{row.where()}: a value in column {at + 1}, which has no header"
                     for at, text in enumerate(cells) if text and at not in columns]
        rows.append(row)
    return rows


# --- The state of one import ---------------------------------------------------------------------------------------

class _Snapshot:
    """Answers repeated queries from memory: :func:`lls_kg.resolve.resolve` reads every name in the graph on
    each call, which a sheet of a hundred names should not pay for a hundred times. Valid while the graph has
    ``size`` triples (an import only adds)."""

    def __init__(self, store: Store, size: int) -> None:
        self._store = store
        self.size = size
        self._answers: dict[tuple[str, tuple[tuple[str, Term], ...]], Result] = {}

    def query(self, text: str, bindings: Mapping[str, Term] | None = None) -> Result:
        key = (text, tuple(sorted((bindings or {}).items())))
        if key not in self._answers:
            self._answers[key] = self._store.query(text, bindings)
        return self._answers[key]

    @functools.cached_property
    def labels(self) -> dict[Term | None, dict[str, str]]:
        """Every resource's labels by language, from one query (``labels.rq``) rather than one per resource."""
        found: dict[Term | None, dict[str, str]] = defaultdict(dict)
        for node, label, language in self.query(load_named("labels").text).rows:
            found[node].setdefault(str(language), str(label))
        return found


@dataclass
class _Work:
    """One import in progress: the graph as it grows, what was added, and what went wrong."""

    graph: Graph
    now: datetime
    problems: list[str]
    added: Graph = field(default_factory=Graph)
    changes: list[Change] = field(default_factory=list)
    origins: dict[URIRef, tuple[str, ...]] = field(default_factory=dict)
    first: dict[object, str] = field(default_factory=dict)
    new_names: dict[tuple[str, str], URIRef] = field(default_factory=dict)
    adding: int = 0

    def __post_init__(self) -> None:
        self.live = MemoryStore(self.graph)
        self.snapshot = _Snapshot(self.live, len(self.graph))

    def refresh(self) -> None:
        """Let name lookups see what the rows read so far added (called between tables), if they added anything."""
        if self.snapshot.size != len(self.graph):
            self.snapshot = _Snapshot(self.live, len(self.graph))

    def take(self, row: Row, mapper: Callable[[_Cells], list[Fact]]) -> None:
        """Map ``row`` to facts and add those the graph lacks, with the row as their source; or note its problems."""
        cells = _Cells(row, self)
        facts = mapper(cells)
        problems = cells.problems or self._conflicts(row, facts)
        if problems:
            self.problems += problems
            return
        new = [fact.triple for fact in facts if fact.triple not in self.graph]
        if new:
            self._add(row, new)

    def known(self, iri: URIRef) -> bool:
        """Whether the graph holds ``iri`` as a subject."""
        return (iri, None, None) in self.graph

    def fresh(self, stem: str) -> URIRef:
        """``stem`` as an IRI, with ``-2``, ``-3``... appended if the graph uses it already."""
        iri, n = URIRef(stem), 1
        while self.known(iri):
            n += 1
            iri = URIRef(f"{stem}-{n}")
        return iri

    def label(self, iri: URIRef, language: str) -> str:
        """The resource's label in ``language`` (else any label, else its prefixed name) as the table began."""
        texts = self.snapshot.labels.get(iri, {})
        return texts.get(language) or next(iter(texts.values()), curie(iri))

    def labels(self, resources: Iterable[URIRef]) -> str:
        """The English labels of ``resources``, sorted, as a list for a message."""
        return ", ".join(sorted({self.label(iri, "en") for iri in resources}))

    def _conflicts(self, row: Row, facts: list[Fact]) -> list[str]:
        """A single-valued fact (a label, a date) that the graph already holds with another value."""
        problems = []
        for fact in filter(lambda fact: fact.single, facts):
            subject, predicate, value = fact.triple
            held = [o for o in self.graph.objects(subject, predicate) if _language(o) == _language(value)]
            if held and value not in held:
                problems.append(f"{row.where(fact.column)}: {curie(subject)} already has {_show(held[0])} there, "
                                f"not {_show(value)}; an import only adds, so change it in the Turtle file it comes "
                                "from, or give another id")
        return problems

    def _add(self, row: Row, triples: list[tuple[URIRef, URIRef, Term]]) -> None:
        """Add ``triples``, each subject derived from the row's :func:`_source` node; record the changes."""
        source, described = _source(row, self.now)
        subjects = sorted({s for s, _, _ in triples}, key=str)
        everything = triples + [(s, PROV.wasDerivedFrom, source) for s in subjects]
        everything += [] if self.known(source) else described
        for triple in everything:
            self.graph.add(triple)
            self.added.add(triple)
        for subject in subjects:
            self.origins.setdefault(subject, (row.where(),))
            label = next((str(o) for s, p, o in triples if (s, p, _language(o)) == (subject, RDFS.label, "en")),
                         None) or self.label(subject, "en")
            self.changes.append(Change(_change(subject, triples), subject, label, row.where()))
        self.adding += 1


# --- Reading cells -------------------------------------------------------------------------------------------------

class _Cells:
    """One row's cells, read with the checks every column needs; problems are collected, not raised."""

    def __init__(self, row: Row, work: _Work) -> None:
        self.row = row
        self.work = work
        self.problems: list[str] = []

    def fail(self, column: str, message: str) -> None:
        self.problems.append(f"{self.row.where(column)}: {message}")

    def text(self, column: str) -> str | None:
        """The cell's text, or None if empty; an empty required cell or an unstorable character is a problem."""
        value = self.row.cells.get(column, "")
        bad = next((char for char in value if not _storable(char)), None)
        if bad is not None:
            self.fail(column, f"holds the character U+{ord(bad):04X}, which a spreadsheet cannot store; remove it")
        elif not value and self.row.table.column(column).required:
            self.fail(column, "empty, but every row needs it")
        return value or None

    def require(self, column: str, why: str) -> None:
        """A cell that this row, though not every row, needs."""
        if not self.row.cells.get(column):
            self.fail(column, f"empty, but {why}")

    def date(self, column: str) -> Literal | None:
        """The cell as an ``xsd:date`` (YYYY-MM-DD) or ``xsd:gYear`` (YYYY); anything else is a problem."""
        value = self.text(column)
        if value is None:
            return None
        if _YEAR.fullmatch(value):
            return Literal(value, datatype=XSD.gYear)
        try:
            if _DAY.fullmatch(value):
                return Literal(date.fromisoformat(value))
        except ValueError:
            pass
        self.fail(column, f"'{value}' is not a date; write it as YYYY-MM-DD{_example(value)}, "
                          "or as YYYY if only the year is known")
        return None

    def ref(self, column: str, within: str, listed: bool = False) -> URIRef | None:
        """The one existing resource of class ``within`` the cell names (IRI, prefixed name or label).

        An unknown name is a problem with the closest matches, and (if ``listed``) every choice."""
        value = self.text(column)
        return None if value is None else self._find(column, value, within, listed)

    def refs(self, column: str, within: str) -> list[URIRef]:
        """The resources a cell lists, separated by semicolons."""
        parts = (part.strip() for part in (self.text(column) or "").split(SEPARATOR))
        return [iri for name in parts if name and (iri := self._find(column, name, within)) is not None]

    def _find(self, column: str, name: str, within: str, listed: bool = False) -> URIRef | None:
        try:
            return resolve(self.work.snapshot, name, within)
        except BadInput as error:
            choices = {named.iri for named in names(self.work.snapshot) if within in named.classes}
            self.fail(column, str(error) + (f"; the choices are: {self.work.labels(choices)}" if listed else ""))
            return None

    def kind(self, column: str, kinds: Mapping[str, str]) -> str | None:
        """The class the cell names (its label in Nynorsk or English, or its IRI), if it is one of ``kinds``."""
        value = self.text(column)
        if value is None:
            return None
        try:
            found = str(resolve(self.work.snapshot, value, str(OWL.Class)))
        except BadInput:
            found = None
        if found not in kinds:
            choices = self.work.labels(URIRef(cls) for cls in kinds)
            self.fail(column, f"'{value}' is not one of the types here: {choices}")
            return None
        return found

    def once(self, key: object, column: str, what: str) -> bool:
        """Whether this is the first row of the import with ``key``; a repeat is a problem."""
        first = self.work.first.setdefault(key, self.row.where())
        if first != self.row.where():
            self.fail(column, f"{what} is also in {first}; give each one row")
            return False
        return True


# --- Rows to facts ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Resources:
    """How a table of resources (actors, projects) names and types them."""

    id_column: str
    base: str
    kinds: Mapping[str, str]
    noun: str


_ACTOR = _Resources("actor_id", LLS + "Actor", ACTOR_KINDS, "actor")
_WORK = _Resources("project_id", LLS + "Activity", WORK_KINDS, "project")
_TEXTS = (("label_nn", RDFS.label, "nn"), ("label_en", RDFS.label, "en"),
          ("description_nn", DCTERMS.description, "nn"), ("description_en", DCTERMS.description, "en"))


def _actor(cells: _Cells) -> list[Fact]:
    """An actors row: the actor, its type, labels and descriptions."""
    found = _resource(cells, _ACTOR)
    return found[1] if found else []


def _project(cells: _Cells) -> list[Fact]:
    """A projects row: the project or activity, its type, labels, descriptions and the goals it serves."""
    goals = cells.refs("serves_goal", LLS + "Goal")
    found = _resource(cells, _WORK)
    if found is None:
        return []
    iri, facts = found
    return facts + [Fact((iri, lls.servesGoal, goal), "serves_goal") for goal in goals]


def _resource(cells: _Cells, spec: _Resources) -> tuple[URIRef, list[Fact]] | None:
    """The resource a row describes (existing or new) and the facts of its type, label and description cells."""
    cls = cells.kind("type", spec.kinds)
    texts = {column: cells.text(column) for column, _, _ in _TEXTS}
    iri = None if cls is None else _identify(cells, spec, cls, texts["label_nn"])
    if cells.problems or cls is None or iri is None:
        return None
    new = not cells.work.known(iri)
    if new:
        _claim_labels(cells, spec, iri, [texts["label_nn"] or "", texts["label_en"] or ""])
    facts = [Fact((iri, RDF.type, URIRef(cls)), "type")] if new else []
    facts += [Fact((iri, predicate, Literal(texts[column], lang=language)), column, single=True)
              for column, predicate, language in _TEXTS if texts[column]]
    return iri, facts


def _identify(cells: _Cells, spec: _Resources, cls: str, label_nn: str | None) -> URIRef | None:
    """The IRI a resource row is about: the existing resource its id names, or a new one from its id or label.

    Checked even when other cells of the row are wrong, so a repeated id is always reported."""
    value = cells.row.cells.get(spec.id_column, "")
    namespace = f"{ID}{spec.kinds[cls]}/"
    if not value:
        if label_nn is None:
            return None  # the empty label is reported already
        made = slug(label_nn)
        if not made:
            cells.fail(spec.id_column, f"empty, and the label '{label_nn}' has no letters a-z or digits to make an "
                                       f"id from; give the new {spec.noun} an id such as my-{spec.noun}")
            return None
        iri = URIRef(namespace + made)
    else:
        iri = _named(cells, spec, value, namespace)
    if iri is None or not cells.once(("id", iri), spec.id_column, curie(iri)):
        return None
    classes = cells.work.snapshot.query(load_file(_KNOWN).text, {"resource": iri}).rows
    if classes and cls not in str(classes[0][1] or "").split():
        cells.fail("type", f"{curie(iri)} exists already, and is not a {cells.work.label(URIRef(cls), 'en')}")
        return None
    return iri


def _named(cells: _Cells, spec: _Resources, value: str, namespace: str) -> URIRef | None:
    """The resource an id cell names: an existing one (IRI, prefixed name or label), else a new id in ``namespace``."""
    try:
        return resolve(cells.work.snapshot, value, spec.base)
    except BadInput as error:
        local = value.removeprefix(f"{curie(namespace)}").removeprefix(namespace)
        if _SLUG.fullmatch(local):
            return URIRef(namespace + local)
        cells.fail(spec.id_column, f"{error}; a new {spec.noun}'s id is lower-case letters a-z, digits and hyphens "
                                   f"(e.g. {slug(value) or 'my-' + spec.noun})")
        return None


def _claim_labels(cells: _Cells, spec: _Resources, iri: URIRef, texts: list[str]) -> None:
    """A new resource's labels must not name another resource of its kind, or names would stop picking one."""
    taken = {fold(named.name): named.iri for named in names(cells.work.snapshot)
             if spec.base in named.classes and named.iri != iri}
    for column, text in zip(("label_nn", "label_en"), texts):
        key = (spec.base, fold(text))
        other = taken.get(key[1]) or cells.work.new_names.get(key)
        if other is not None and other != iri:
            cells.fail(column, f"'{text}' already names {curie(other)}; to add to it, give {curie(other)} as "
                               f"{spec.id_column}; for a new {spec.noun}, choose another label")
        cells.work.new_names.setdefault(key, iri)


def _role(cells: _Cells) -> list[Fact]:
    """A roles row: a role of an actor in a project or activity, found among the existing ones or new."""
    project = cells.ref("project", LLS + "Activity")
    actor = cells.ref("actor", LLS + "Actor")
    kind = cells.ref("role_kind", LLS + "RoleKind", listed=True)
    since, until = cells.date("since"), cells.date("until")
    if since is not None and until is not None and _before(until, since):
        cells.fail("until", f"{until} is before since ({since})")
    if cells.problems or not cells.once(("role", project, actor, kind, since), "actor", "this role"):
        return []
    return _role_facts(cells.work, project, actor, kind, since, until)[1]


def _role_facts(work: _Work, project: URIRef, actor: URIRef, kind: URIRef, since: Literal | None,
                until: Literal | None) -> tuple[URIRef, list[Fact]]:
    """The role of ``actor`` as ``kind`` in ``project`` (an existing one whose dates agree, else a new one) and
    the facts that state it and its dates."""
    role = _matching_role(work, project, actor, kind, since, until)
    facts = [] if role is not None else _new_role(work, project, actor, kind, since)
    role = role if role is not None else facts[0].triple[0]
    dates = [(lls.since, since, "since"), (lls.until, until, "until")]
    return role, facts + [Fact((role, predicate, value), column, single=True)
                          for predicate, value, column in dates if value is not None]


def _new_role(work: _Work, project: URIRef, actor: URIRef, kind: URIRef, since: Literal | None) -> list[Fact]:
    """A new role node (``role:PROJECT-ACTOR-KIND[-SINCE]``) with its labels, actor, project and kind; type first."""
    local = "-".join(_local(iri) for iri in (project, actor)) + "-" + slug(work.label(kind, "nn"))
    role = work.fresh(f"{PREFIXES['role']}{local}" + (f"-{since}" if since is not None else ""))
    nn, en = (f"{work.label(actor, lang)}: {work.label(kind, lang)}, {work.label(project, lang)}"
              for lang in ("nn", "en"))
    return [
        Fact((role, RDF.type, lls.Role)),
        Fact((role, RDFS.label, Literal(nn, lang="nn"))), Fact((role, RDFS.label, Literal(en, lang="en"))),
        Fact((role, lls.actor, actor), "actor"), Fact((role, lls.roleIn, project), "project"),
        Fact((role, lls.roleKind, kind), "role_kind"),
    ]


def _matching_role(work: _Work, project: URIRef, actor: URIRef, kind: URIRef, since: Literal | None,
                   until: Literal | None) -> URIRef | None:
    """An existing role of ``actor`` as ``kind`` in ``project`` whose dates do not contradict ``since``/``until``."""
    for role, role_kind, _, role_actor, _, held_since, held_until in _roles(work, project):
        if (role_actor, role_kind) == (actor, kind) and _agree(held_since, since) and _agree(held_until, until):
            return role
    return None


def _transfer(cells: _Cells) -> list[Fact]:
    """A transfers row: a project's change of owner, found among the existing ones or new, with its reasons and date.

    A new transfer ends the old owner's role on its date (``lls:until``) and starts the new owner's.
    """
    project = cells.ref("project", LLS + "Project")
    old, new = cells.ref("from_owner", LLS + "Actor"), cells.ref("to_owner", LLS + "Actor")
    when = cells.date("date")
    reasons = {language: cells.text(f"reason_{language}") for language in ("nn", "en")}
    if cells.problems or not cells.once(("transfer", project, old, new), "from_owner", "this transfer"):
        return []
    statements = [(lls.reason, Literal(text, lang=lang), f"reason_{lang}") for lang, text in reasons.items() if text]
    statements += [(DCTERMS.date, when, "date")] if when is not None else []
    transfer = next((row[0] for row in _transfers(cells.work, project) if (row[2], row[3]) == (old, new)), None)
    facts: list[Fact] = []
    if transfer is None:
        cells.require("date", "a new transfer needs it: the day the old owner's role ends and the new one's begins")
        cells.require("reason_nn", "a new transfer needs its reason, in Nynorsk at least")
        ended = _current_owner(cells, project, old)
        if cells.problems or ended is None or when is None:
            return []
        transfer, facts = _new_transfer(cells.work, project, (old, ended), new, when)
    return facts + [Fact((transfer, predicate, value), column, single=True) for predicate, value, column in statements]


def _new_transfer(work: _Work, project: URIRef, ending: tuple[URIRef, URIRef], new: URIRef,
                  when: Literal) -> tuple[URIRef, list[Fact]]:
    """A new transfer of ``project`` from an owner (and its ``ending`` role) to ``new`` on ``when``, and its facts:
    the old role ends, the new owner's role begins, and the transfer node links both."""
    old, ended = ending
    started, role_facts = _role_facts(work, project, new, lls.Owner, when, None)
    transfer = work.fresh(f"{PREFIXES['transfer']}{_local(project)}-{when}")
    nn = f"{work.label(project, 'nn')}: overført frå {work.label(old, 'nn')} til {work.label(new, 'nn')}"
    en = f"{work.label(project, 'en')}: transferred from {work.label(old, 'en')} to {work.label(new, 'en')}"
    return transfer, role_facts + [
        Fact((ended, lls.until, when), "date", single=True),
        Fact((transfer, RDF.type, lls.OwnershipTransfer)),
        Fact((transfer, RDFS.label, Literal(nn, lang="nn"))), Fact((transfer, RDFS.label, Literal(en, lang="en"))),
        Fact((transfer, lls.transferOf, project), "project"),
        Fact((transfer, lls.transferredFrom, old), "from_owner"),
        Fact((transfer, lls.transferredTo, new), "to_owner"),
        Fact((transfer, lls.endedRole, ended), "from_owner"),
        Fact((transfer, lls.startedRole, started), "to_owner"),
    ]


def _current_owner(cells: _Cells, project: URIRef, owner: URIRef) -> URIRef | None:
    """``owner``'s current ownership role in ``project``; if it has none, a problem naming the current owners."""
    current = {row[3]: row[0] for row in _roles(cells.work, project)
               if row[1] == lls.Owner and row[6] is None}
    if owner in current:
        return current[owner]
    owners = ", ".join(f"{cells.work.label(actor, 'en')} ({curie(actor)})" for actor in sorted(current, key=str))
    cells.fail("from_owner", f"{cells.work.label(owner, 'en')} ({curie(owner)}) is not the current owner of "
                             f"{curie(project)}; " + (f"its current owner is {owners}" if owners
                                                      else "it has no current owner"))
    return None


def _check_owners(work: _Work) -> None:
    """Every new project needs an owner: a role of kind lls:Owner, from the roles sheet of the same import."""
    new = [change.resource for change in work.changes if (change.resource, RDF.type, lls.Project) in work.added]
    for project in new:
        if not any(kind == lls.Owner for _, kind, *_ in _roles(work, project)):
            work.problems.append(f"{work.origins[project][0]}, column project_id: the new project {curie(project)} "
                                 "has no owner; add a row to the roles sheet with this project, its owner and "
                                 "role_kind owner")


_MAPPERS: tuple[tuple[TableSpec, Callable[[_Cells], list[Fact]]], ...] = (
    (ACTORS, _actor), (PROJECTS, _project), (ROLES, _role), (TRANSFERS, _transfer))


# --- Small helpers ---------------------------------------------------------------------------------------------------

def _roles(work: _Work, project: URIRef) -> list[tuple[Term | None, ...]]:
    """The roles in ``project`` as ``sheet_roles.rq`` gives them (role, kind, project, actor, label, since, until)."""
    return work.live.query(load_named("sheet_roles").text, {"project": project}).rows


def _transfers(work: _Work, project: URIRef) -> list[tuple[Term | None, ...]]:
    """The transfers of ``project`` as ``sheet_transfers.rq`` gives them (transfer, project, from, to, ...)."""
    return work.live.query(load_named("sheet_transfers").text, {"project": project}).rows


def _source(row: Row, now: datetime) -> tuple[URIRef, list[tuple[URIRef, URIRef, Term]]]:
    """The row's ``lls:SheetRow`` node, its IRI made from file name, sheet, row number and content, and its triples."""
    content = json.dumps([row.sheet.file.name, row.sheet.name, row.number, sorted(row.cells.items())],
                         ensure_ascii=False)
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:12]
    iri = URIRef(f"{ROW}{slug(row.sheet.name) or 'sheet'}-{row.number}-{digest}")
    file, sheet, number = row.sheet.file.name, row.sheet.name, row.number
    return iri, [
        (iri, RDF.type, lls.SheetRow),
        (iri, RDFS.label, Literal(f"Rad {number} i arket {sheet} ({file})", lang="nn")),
        (iri, RDFS.label, Literal(f"Row {number} of sheet {sheet} ({file})", lang="en")),
        (iri, lls.sheetFile, Literal(file)),
        (iri, lls.sheetName, Literal(sheet)),
        (iri, lls.rowNumber, Literal(number, datatype=XSD.positiveInteger)),
        (iri, PROV.generatedAtTime, Literal(now.isoformat(timespec="seconds"), datatype=XSD.dateTime)),
    ]


def _change(subject: URIRef, triples: list[tuple[URIRef, URIRef, Term]]) -> str:
    """``new lls:Project`` for a subject the triples type, else ``adds lls:until, ...``."""
    types = [o for s, p, o in triples if s == subject and p == RDF.type]
    if types:
        return f"new {curie(str(types[0]))}"
    return "adds " + ", ".join(sorted({curie(str(p)) for s, p, _ in triples if s == subject}))


def _local(iri: URIRef) -> str:
    """The slug at the end of an IRI (``project:sykkelloyper`` -> ``sykkelloyper``)."""
    return slug(re.split(r"[/#]", str(iri).rstrip("/"))[-1])


def _before(later: Literal, earlier: Literal) -> bool:
    """Whether the date or year ``later`` ends before ``earlier`` begins (compared at the coarser of the two)."""
    return str(later) < str(earlier)[:len(str(later))]


def _agree(held: Term | None, given: Literal | None) -> bool:
    return held is None or given is None or held == given


def _language(term: Term) -> str | None:
    return term.language if isinstance(term, Literal) else None


def _show(term: Term) -> str:
    return curie(str(term)) if isinstance(term, URIRef) else f"'{term}'"


def _example(value: str) -> str:
    """For a Norwegian date (31.12.2024), the same date as YYYY-MM-DD."""
    found = _NORWEGIAN_DAY.fullmatch(value)
    return f" (e.g. {found[3]}-{int(found[2]):02d}-{int(found[1]):02d})" if found else " (e.g. 2024-12-31)"


def _storable(char: str) -> bool:
    """Whether XML 1.0, and so a workbook, can hold ``char`` (newlines and tabs can)."""
    code = ord(char)
    return char in "\n\t" or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code >= 0x10000

