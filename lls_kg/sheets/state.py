"""The state of one import: the graph as the rows grow it, what they added, and what went wrong.

Name lookups run on Oxigraph (:class:`~lls_kg.store.OxigraphStore`), kept in step
with the rdflib graph the shapes are checked on: a look-up by name there takes a
hundredth of what rdflib's engine takes. The rows' own ``lls:SheetRow`` nodes are
described only in the rdflib graph: no lookup asks for them, and their labels
would double the names every table reads. Everything a row adds is derived from an
``lls:SheetRow`` (file name, sheet, row number, import time) in place of a quote;
its IRI is made from the file name, sheet, row number and content, so the same
row always has the same IRI.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import chain
from dataclasses import dataclass, field
from datetime import datetime

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, XSD

from ..i18n import Speech, pick
from ..namespaces import LLS, PREFIXES, curie
from ..sparql import load_named
from ..sparql.labels import keep_smallest
from ..sparql.resolve import Names, as_iri, names
from ..store import OxigraphStore, Result, Term
from ..store.bind import bind_each
from ..text import slug
from .tables import SEPARATOR, Row


#: The vocabulary, for terms in triples (class names given to :func:`~lls_kg.sparql.resolve` stay strings).
lls = Namespace(LLS)


#: A triple as the rows give it.
Triple = tuple[URIRef, URIRef, Term]


#: Where a spreadsheet row's IRI lives (``row:projects-2-…``).
ROW = PREFIXES["row"]


@dataclass(frozen=True)
class Fact:
    """A triple a row states, the column it comes from, and whether its subject may have only one such value."""

    triple: Triple
    column: str | None = None
    single: bool = False


@dataclass(frozen=True)
class Change:
    """A resource a row creates (``new``; ``what`` is its class, ``lls:Project``) or adds to (``what`` is the
    properties it adds, ``lls:until``), for the dry-run table."""

    new: bool
    what: str
    resource: URIRef
    label: str
    where: str

    def said(self, words: Speech) -> str:
        """``new lls:Project`` or ``adds lls:until``, in the language of ``words``."""
        return words._("new {what}", what=self.what) if self.new else words._("adds {what}", what=self.what)


class Growing:
    """The import's Oxigraph store: a row's facts are kept until the next query and then added with all the others
    since, in one transaction (one per row took a sixth of the rows' time); every query sees every fact added
    before it."""

    def __init__(self, store: OxigraphStore) -> None:
        self._store = store
        self._pending: list[Triple] = []

    def add(self, triples: Iterable[Triple]) -> None:
        self._pending += triples

    def query(self, text: str, bindings: Mapping[str, Term] | None = None) -> Result:
        if self._pending:
            self._store.add(self._pending)
            self._pending = []
        return self._store.query(text, bindings)


class Snapshot:
    """Answers repeated queries from memory: :func:`lls_kg.sparql.resolve.resolve` reads every name in the graph on
    each call, which a sheet of a hundred names should not pay for a hundred times. Valid while the graph has
    ``size`` triples (an import only adds)."""

    def __init__(self, store: Growing | OxigraphStore, size: int) -> None:
        self._store = store
        self.size = size
        self._answers: dict[tuple[str, tuple[tuple[str, Term], ...]], Result] = {}
        #: The resource each name (within a class) resolved to, for :meth:`Cells.resolve`; a name that resolves
        #: to none is not kept, so that each row it is on reports it.
        self.resolved: dict[tuple[str, str], URIRef] = {}

    def query(self, text: str, bindings: Mapping[str, Term] | None = None) -> Result:
        key = _key(text, bindings)
        if key not in self._answers:
            self._answers[key] = self._store.query(text, bindings)
        return self._answers[key]

    def prefetch(self, text: str, variable: str, values: Iterable[Term]) -> None:
        """Answer ``text`` for each of ``values`` of ``variable`` from one query, not one query each (the ids
        a table names, say): only for a query whose rows for a value depend on that value alone, as
        ``known.rq``'s, grouped by the resource."""
        todo = sorted({value for value in values if _key(text, {variable: value}) not in self._answers}, key=str)
        if not todo:
            return
        answer = self._store.query(bind_each(text, variable, todo))
        at = answer.vars.index(variable)
        rows: dict[Term | None, list[tuple[Term | None, ...]]] = defaultdict(list)
        for row in answer.rows:
            rows[row[at]].append(row)
        for value in todo:
            self._answers[_key(text, {variable: value})] = Result("SELECT", vars=answer.vars, rows=rows[value])

    @functools.cached_property
    def names(self) -> Names:
        """Every name in the graph, indexed, read once (rather than once per name a row gives)."""
        return Names(names(self))

    @functools.cached_property
    def labels(self) -> dict[Term | None, dict[str, str]]:
        """Every resource's labels by language, from one query (``labels.rq``) rather than one per resource."""
        found: dict[Term | None, dict[str, str]] = defaultdict(dict)
        for row in self.query(load_named("labels").text).bindings():
            keep_smallest(found[row["node"]], str(row["lang"]), str(row["label"]))
        return found


@dataclass
class Work:
    """One import in progress: the graph as it grows, what was added, and what went wrong."""

    graph: Graph
    now: datetime
    problems: list[str]
    added: dict[Triple, None] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    origins: dict[URIRef, tuple[str, ...]] = field(default_factory=dict)
    first: dict[object, str] = field(default_factory=dict)
    new_names: dict[tuple[str, str], URIRef] = field(default_factory=dict)
    adding: int = 0
    #: The language the changes name their resources in, along :data:`lls_kg.i18n.FALLBACK`.
    lang: str = "en"

    def __post_init__(self) -> None:
        self.live = Growing(OxigraphStore.from_graph(self.graph))
        self.snapshot = Snapshot(self.live, len(self.graph))
        self._values: dict[Term, dict[Term, list[Term]]] = defaultdict(lambda: defaultdict(list))
        self._objects: set[Term] = set()
        self._rows: set[Term] = set()

    def refresh(self, rows: Iterable[Row] = ()) -> None:
        """Let name lookups see what the rows read so far added (called between tables), if they added anything;
        and look up at once every IRI the next table's ``rows`` name."""
        if self.snapshot.size != len(self.graph) + len(self.added):
            self.snapshot = Snapshot(self.live, len(self.graph) + len(self.added))
        named = (as_iri(part) for row in rows for cell in row.cells.values() for part in cell.split(SEPARATOR))
        self.snapshot.prefetch(load_named("known").text, "resource", (iri for iri in named if iri is not None))

    def focus(self) -> set[URIRef]:
        """The resources the rows add to, for the shapes: every subject of the added triples but the rows'
        ``lls:SheetRow`` nodes, which :func:`sheet_row` makes whole from a file name, a row number and a time
        (``tests/test_import.py`` checks an import's result against every shape)."""
        return set(self._values) - self._rows

    def merged(self) -> Graph:
        """The graph with the rows' triples, for the shapes: added to rdflib once, not row by row.

        Of the rows' own ``lls:SheetRow`` nodes only the type is added: they are no focus (:meth:`focus`), and
        a shape reaches them only as a resource's source, by its class (``shape:DerivedFromSource``); their
        labels, file, number and time, half the triples, would only slow rdflib down."""
        rows, kind = self._rows, RDF.type
        self.graph.addN((s, p, o, self.graph) for s, p, o in self.added if p == kind or s not in rows)
        return self.graph

    def take(self, row: Row, facts: list[Fact]) -> None:
        """Add the ``facts`` of ``row`` that the graph lacks, with the row as their source; or note the conflicts."""
        problems = self._conflicts(row, facts)
        if problems:
            self.problems += problems
            return
        new = [fact.triple for fact in facts if not self.holds(fact.triple)]
        if new:
            self._add(row, new)

    def holds(self, triple: Triple) -> bool:
        """Whether the graph, or a row read before, states ``triple``."""
        return triple in self.added or triple in self.graph

    def known(self, iri: URIRef) -> bool:
        """Whether the graph (or a row read before) holds ``iri`` as a subject."""
        return iri in self._values or (iri, None, None) in self.graph

    def occurs(self, iri: URIRef) -> bool:
        """Whether the graph holds ``iri`` at all, as subject or object (a new id does not: no query to run)."""
        return self.known(iri) or self.referenced(iri)

    def referenced(self, iri: URIRef) -> bool:
        """Whether anything in the graph, or a row read before, points to ``iri`` (if nothing does, no role is in
        it: no query to run)."""
        return iri in self._objects or (None, None, iri) in self.graph

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
            held = [o for o in chain(self.graph.objects(subject, predicate),
                                       self._values.get(subject, {}).get(predicate, ()))
                    if language_of(o) == language_of(value)]
            if held and value not in held:
                problems.append(f"{row.where(fact.column)}: {curie(subject)} already has {shown(held[0])} there, "
                                f"not {shown(value)}; an import only adds, so change it in the Turtle file it comes "
                                "from, or give another id")
        return problems

    def _add(self, row: Row, triples: list[Triple]) -> None:
        """Add ``triples``, each subject derived from the row's :func:`sheet_row` node; record the changes."""
        source, described = sheet_row(row, self.now)
        subjects = sorted({s for s, _, _ in triples}, key=str)
        facts = triples + [(s, _SOURCE, source) for s in subjects]
        described = [] if self.known(source) else described
        self._rows.update(s for s, _, _ in described)
        for triple in chain(facts, described):
            if triple not in self.added:
                self.added[triple] = None
                subject, predicate, value = triple
                self._values[subject][predicate].append(value)
                self._objects.add(value)
        self.live.add(facts)
        for subject in subjects:
            self.origins.setdefault(subject, (row.where(),))
            given = {tag: str(o) for s, p, o in triples if (s, p) == (subject, _LABEL) and (tag := language_of(o))}
            label = str(pick(given or self.snapshot.labels.get(subject, {}), self.lang, curie(subject)))
            self.changes.append(Change(*_change(subject, triples), subject, label, row.where()))
        self.adding += 1


def _key(text: str, bindings: Mapping[str, Term] | None) -> tuple[str, tuple[tuple[str, Term], ...]]:
    return text, tuple(sorted((bindings or {}).items()))


def sheet_row(row: Row, now: datetime) -> tuple[URIRef, list[Triple]]:
    """The row's ``lls:SheetRow`` node, its IRI made from file name, sheet, row number and content, and its triples."""
    content = json.dumps([row.sheet.file.name, row.sheet.name, row.number, sorted(row.cells.items())],
                         ensure_ascii=False)
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:12]
    file, sheet, number = row.sheet.file.name, row.sheet.name, row.number
    stem, file_name, sheet_name, when = _sheet_terms(file, sheet, now)
    iri = URIRef(f"{ROW}{stem}-{number}-{digest}")
    return iri, [
        (iri, _TYPE, _SHEET_ROW),
        (iri, _LABEL, Literal(f"Rad {number} i arket {sheet} ({file})", lang="nn")),
        (iri, _LABEL, Literal(f"Row {number} of sheet {sheet} ({file})", lang="en")),
        (iri, _SHEET_FILE, file_name),
        (iri, _SHEET_NAME, sheet_name),
        (iri, _ROW_NUMBER, Literal(number, datatype=XSD.positiveInteger)),
        (iri, _TIME, when),
    ]


#: The terms every row uses, looked up once: rdflib's namespaces are slow to ask, a hundred thousand times.
_TYPE, _LABEL, _SOURCE, _TIME = RDF.type, RDFS.label, PROV.wasDerivedFrom, PROV.generatedAtTime
_SHEET_ROW, _SHEET_FILE, _SHEET_NAME, _ROW_NUMBER = lls.SheetRow, lls.sheetFile, lls.sheetName, lls.rowNumber


@functools.lru_cache(maxsize=64)
def _sheet_terms(file: str, sheet: str, now: datetime) -> tuple[str, Literal, Literal, Literal]:
    """What all rows of a sheet share (the IRI's stem, file, sheet name, import time), made once per sheet: one
    term for all rows, not one each."""
    return (slug(sheet) or "sheet", Literal(file), Literal(sheet),
            Literal(now.isoformat(timespec="seconds"), datatype=XSD.dateTime))


def _change(subject: URIRef, triples: list[Triple]) -> tuple[bool, str]:
    """New and its class (``lls:Project``) for a subject the triples type, else the properties they add to it
    (``lls:until, ...``)."""
    types = [o for s, p, o in triples if s == subject and p == _TYPE]
    if types:
        return True, curie(str(types[0]))
    return False, ", ".join(sorted({curie(str(p)) for s, p, _ in triples if s == subject}))


def language_of(term: Term) -> str | None:
    return term.language if isinstance(term, Literal) else None


def shown(term: Term) -> str:
    return curie(str(term)) if isinstance(term, URIRef) else f"'{term}'"
