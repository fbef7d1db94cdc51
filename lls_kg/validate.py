"""Check the graph against the SHACL shapes and say, in one plain line per problem, what to fix where.

pySHACL runs with ``inference="none"``: the ontology is part of the data graph,
and SHACL already follows ``rdfs:subClassOf`` there for ``sh:class`` and
``sh:targetClass``, so subclass instances are checked without inference. Inferring
would add types and triples nobody wrote, and the report would then talk about
them. ``inplace=True`` spares pySHACL a copy of the data graph (seconds at a
hundred thousand triples): every caller's graph is its own, read for this check. ``advanced=True`` lets the shapes use SHACL-AF (SPARQL targets, rules).
An import checks only the nodes it adds to (``focus``), in the whole graph, so that its cost grows with the
rows and not with the graph, while shapes that look across nodes (a role's actor, a region's members) still
see everything.
pySHACL checks a property shape nested in a node shape (``sh:property``) in a call per focus node, whose set-up
costs more than the check itself; :func:`lifted` gives such property shapes their node shape's targets instead,
so that each is checked once for all its focus nodes, with the same results (``tests/test_validate.py``).
The report graph is read with SPARQL (``sparql/queries/shacl_results.rq``), like every other read.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyparsing
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from . import resources
from .errors import BadInput, one_line
from .i18n import N_, Speech, pick, speech
from .namespaces import curie
from .sparql import load_named
from .sparql.labels import keep_smallest
from .store import RdflibStore
from .store.files import Loaded, PathLike, read, read_file, select, shown  # select: the doctest of check

if TYPE_CHECKING:
    import pyshacl


@dataclass(frozen=True)
class Problem:
    """One SHACL result, in the words a data steward needs."""

    files: tuple[str, ...]
    node: str
    path: str
    message: str
    severity: str
    value: str

    def line(self, words: Speech) -> str:
        """``file: [severity: ]node, path: message (value ...)`` on one line, in the language of ``words``."""
        where = ", ".join(self.files) or words._("(no file defines it)")
        severity = "" if self.severity == "Violation" else f"{words._(_SEVERITIES.get(self.severity, self.severity))}: "
        path = f", {self.path}" if self.path else ""
        value = " " + words._("(value: {value})", value=self.value) if self.value else ""
        return f"{where}: {severity}{self.node}{path}: {self.message}{value}"


@dataclass(frozen=True)
class Report:
    """The problems found; none means the data conforms."""

    problems: tuple[Problem, ...]
    #: The language of the messages (see :mod:`lls_kg.i18n`).
    lang: str = "en"

    @property
    def conforms(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        """One line per problem, sorted by file."""
        words = speech(self.lang)
        return [problem.line(words) for problem in self.problems]

    def summary(self) -> str:
        """The count line, e.g. ``3 problems in 2 resources``."""
        words = speech(self.lang)
        nodes = len({(p.files, p.node) for p in self.problems})
        return words._("{problems} in {resources}",
                       problems=words.ngettext("{n} problem", "{n} problems", len(self.problems)),
                       resources=words.ngettext("{n} resource", "{n} resources", nodes))

    def verdict(self) -> str:
        """What the check found, in one sentence for the command line."""
        words = speech(self.lang)
        if self.conforms:
            return words._("the data conforms to the shapes")
        return words._("{summary}: the data does not conform to the shapes", summary=self.summary())


def _forget_parses() -> None:
    """Drop what rdflib's SPARQL parser (pyparsing's packrat cache) keeps of its last parse: the exceptions it
    caches hold their tracebacks, and so the frames of every caller, with the graph they read, until the process
    ends (9 s of 40 went to freeing them at the exit of a 10,000-row import)."""
    pyparsing.ParserElement.reset_cache()


@functools.cache
def _validator() -> type[pyshacl.Validator]:
    """pySHACL's validator, with the focus nodes as a set: pySHACL looks every target up in its list of them,
    which at a hundred thousand imported nodes takes longer than the check itself."""
    import pyshacl  # on first use, as in _checked

    class Validator(pyshacl.Validator):
        def make_executor(self):  # type: ignore[no-untyped-def]
            executor = super().make_executor()
            executor.focus_nodes = frozenset(executor.focus_nodes) if executor.focus_nodes else None
            return executor

    return Validator


#: The ways a shape names its focus nodes (SHACL 2.1.3), SHACL-AF's ``sh:target`` among them.
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


def lifted(shapes: Graph) -> Graph:
    """``shapes`` with each property of a node shape checked on its own: the property shape gets the node shape's
    targets and the node shape drops its ``sh:property``, which gives the same results (a node shape's results
    are its constraints' and its property shapes' on the same focus nodes).

    Only node shapes that :func:`_liftable` allows are changed.
    """
    found = Graph()
    found += shapes
    for node in set(shapes.subjects(SH.property, None)):
        properties = list(shapes.objects(node, SH.property))
        targets = [(p, o) for p in _TARGETS for o in shapes.objects(node, p)]
        if not targets or not _liftable(shapes, node, properties):
            continue
        for prop in properties:
            found.remove((node, SH.property, prop))
            for predicate, target in targets:
                found.add((prop, predicate, target))
    return found


def _liftable(shapes: Graph, node: Node, properties: list[Node]) -> bool:
    """Whether the node shape ``node`` means no more than its targets and its ``properties``: no shape refers to it
    (``sh:node``, ``sh:not``, a list), it is no property shape (``sh:path``), not deactivated, not closed (its
    properties' paths are what it allows), no implicit class target, and none of its properties is qualified as
    disjoint, whose meaning depends on its siblings."""
    return not ((None, None, node) in shapes or (node, SH.deactivated, None) in shapes
                or (node, SH.closed, None) in shapes
                or (node, SH.path, None) in shapes or {RDFS.Class, OWL.Class} & set(shapes.objects(node, RDF.type))
                or any((p, SH.qualifiedValueShapesDisjoint, None) in shapes for p in properties))


#: SHACL's severities other than a violation, as the report line names them.
_SEVERITIES = {"Warning": N_("warning"), "Info": N_("info")}


def check(files: Iterable[PathLike], lang: str | None = None) -> Report:
    """Read the RDF ``files`` (see :func:`lls_kg.store.files.select`) and check them against the shapes.

    Example
    -------
    >>> check(select()).conforms
    True
    """
    return check_loaded(read(list(files)), read_file(resources.shapes_path()), lang)


def check_loaded(loaded: Loaded, shapes: Graph, lang: str | None = None,
                 focus: Collection[URIRef] | None = None) -> Report:
    """Check an already loaded graph against the ``shapes`` graph; messages in ``lang`` (see :mod:`lls_kg.i18n`).

    With ``focus``, only those nodes are checked (none if it is empty), against the whole graph.
    """
    lang = speech(lang).lang
    if focus is not None and not focus:
        return Report((), lang)
    try:
        return _checked(loaded, shapes, lang, focus)
    finally:
        _forget_parses()


def _checked(loaded: Loaded, shapes: Graph, lang: str, focus: Collection[URIRef] | None) -> Report:
    """:func:`check_loaded`'s check: pySHACL's report, read into problems."""
    # pySHACL loads here, not at the top: 20 ms of every command's start-up, for validate and import only
    from pyshacl.errors import ReportableRuntimeError  # ValidationFailure, pySHACL's failed run, is one
    from pyshacl.graph_abstraction import DataGraph

    where = shown(resources.shapes_path())
    options = {"inference": "none", "advanced": True, "inplace": True, "focus_nodes": list(focus or ())}
    try:
        _, report, _ = _validator()(DataGraph.from_rdflib(loaded.graph), shacl_graph=lifted(shapes),
                                    options=options).run()
    except ReportableRuntimeError as error:
        raise BadInput(f"{where}: the shapes cannot be used ({one_line(error.message)})") from None
    rows = RdflibStore(report).query(load_named("shacl_results").text).bindings()
    if not rows:
        return Report((), lang)
    labels = _labels(loaded, lang)
    translations = _translations(shapes)
    problems = {
        Problem(
            files=loaded.origins.get(row["focus"], ()),
            node=_describe(row["focus"], labels, lang),
            path=_path(row["path"], row["inverse"], lang),
            message=_message(row, lang, translations),
            severity=_severity(row["severity"]),
            value=_value(row["value"], lang) if row["value"] is not None and row["value"] != row["focus"] else "",
        )
        for row in rows
    }
    return Report(tuple(sorted(problems, key=lambda p: (p.files, p.node, p.path, p.message, p.value))), lang)


def _message(row: dict[str, Node | None], lang: str, translations: dict[str, dict[str, str]]) -> str:
    """The shape's message in ``lang``, else along the fallback chain, else any message it has.

    pySHACL reports a SPARQL constraint's messages without their language tags; such a message is
    found among the shape's own (``translations``) and replaced by its version in ``lang``.
    """
    said = {tag: str(row[f"message_{tag}"]) for tag in ("nn", "nb", "en") if row[f"message_{tag}"] is not None}
    untagged = str(row["message"] or "")
    if untagged in translations and all(getattr(row[f"message_{tag}"], "language", None) is None for tag in said):
        said = translations[untagged]
    return pick(said, lang, untagged).text


def _translations(shapes: Graph) -> dict[str, dict[str, str]]:
    """Each message text of a shape -> that shape's messages by language."""
    found: dict[str, dict[str, str]] = {}
    for shape in set(shapes.subjects(SH.message, None)):
        versions = {m.language[:2]: str(m) for m in shapes.objects(shape, SH.message) if getattr(m, "language", None)}
        found.update({text: versions for text in versions.values()})
    return found


def _labels(loaded: Loaded, lang: str) -> dict[Node, str]:
    """Each resource's label for a reader of ``lang`` (marked when in another language)."""
    found: dict[Node, dict[str, str]] = {}
    for row in RdflibStore(loaded.graph).query(load_named("labels").text).bindings():
        keep_smallest(found.setdefault(row["node"], {}), str(row["lang"]).lower()[:2], str(row["label"]))
    return {node: str(pick(labels, lang)) for node, labels in found.items()}


def _describe(node: Node, labels: dict[Node, str], lang: str) -> str:
    return f'"{labels[node]}" ({_value(node, lang)})' if node in labels else _value(node, lang)


def _path(path: Node | None, inverse: Node | None, lang: str) -> str:
    if isinstance(inverse, URIRef):
        return f"^{curie(str(inverse))}"
    if isinstance(path, URIRef):
        return curie(str(path))
    return speech(lang)._("a property path") if path is not None else ""


def _severity(severity: Node) -> str:
    return str(severity).removeprefix(str(SH))


def _value(term: Node, lang: str) -> str:
    if isinstance(term, URIRef):
        return curie(str(term))
    return speech(lang)._("a blank node") if isinstance(term, BNode) else f'"{term}"'
