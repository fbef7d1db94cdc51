"""Check the graph against the SHACL shapes and say, in one plain line per problem, what to fix where.

pySHACL runs with ``inference="none"``: the ontology is part of the data graph,
and SHACL already follows ``rdfs:subClassOf`` there for ``sh:class`` and
``sh:targetClass``, so subclass instances are checked without inference. Inferring
would add types and triples nobody wrote, and the report would then talk about
them. ``advanced=True`` lets the shapes use SHACL-AF (SPARQL targets, rules).
The report graph is read with SPARQL (``sparql/queries/shacl_results.rq``), like every other read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyshacl
from pyshacl.errors import ReportableRuntimeError
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from . import resources
from .errors import BadInput, one_line
from .namespaces import curie
from .sparql import load_named
from .store import RdflibStore
from .store.files import Loaded, PathLike, read, read_file, select, shown


@dataclass(frozen=True)
class Problem:
    """One SHACL result, in the words a data steward needs."""

    files: tuple[str, ...]
    node: str
    path: str
    message: str
    severity: str
    value: str

    def line(self) -> str:
        """``file: [severity: ]node, path: message (value ...)`` on one line."""
        where = ", ".join(self.files) or "(no file defines it)"
        severity = "" if self.severity == "Violation" else f"{self.severity.lower()}: "
        path = f", {self.path}" if self.path else ""
        value = f" (value: {self.value})" if self.value else ""
        return f"{where}: {severity}{self.node}{path}: {self.message}{value}"


@dataclass(frozen=True)
class Report:
    """The problems found; none means the data conforms."""

    problems: tuple[Problem, ...]

    @property
    def conforms(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        """One line per problem, sorted by file."""
        return [problem.line() for problem in self.problems]

    def summary(self) -> str:
        """The count line, e.g. ``3 problems in 2 resources``."""
        nodes = len({(p.files, p.node) for p in self.problems})
        return f"{_plural(len(self.problems), 'problem')} in {_plural(nodes, 'resource')}"


def check(files: Iterable[PathLike]) -> Report:
    """Read the RDF ``files`` (see :func:`lls_kg.store.files.select`) and check them against the shapes.

    Example
    -------
    >>> check(select()).conforms
    True
    """
    return check_loaded(read(list(files)), read_file(resources.shapes_path()))


def check_loaded(loaded: Loaded, shapes: Graph) -> Report:
    """Check an already loaded graph against the ``shapes`` graph."""
    where = shown(resources.shapes_path())
    try:
        _, report, _ = pyshacl.validate(loaded.graph, shacl_graph=shapes, inference="none", advanced=True)
    except ReportableRuntimeError as error:
        raise BadInput(f"{where}: the shapes cannot be used ({one_line(error.message)})") from None
    if not isinstance(report, Graph):  # pySHACL returns its ValidationFailure instead of a report
        raise BadInput(f"{where}: the shapes cannot be used ({one_line(report)})")
    rows = RdflibStore(report).query(load_named("shacl_results").text).bindings()
    if not rows:
        return Report(())
    labels = _labels(loaded)
    problems = {
        Problem(
            files=loaded.origins.get(row["focus"], ()),
            node=_describe(row["focus"], labels),
            path=_path(row["path"], row["inverse"]),
            message=str(row["message"] or ""),
            severity=_severity(row["severity"]),
            value=_value(row["value"]) if row["value"] is not None and row["value"] != row["focus"] else "",
        )
        for row in rows
    }
    return Report(tuple(sorted(problems, key=lambda p: (p.files, p.node, p.path, p.message, p.value))))


def _labels(loaded: Loaded) -> dict[Node, str]:
    """Each resource's English label, else its Nynorsk one."""
    labels: dict[Node, str] = {}
    for row in RdflibStore(loaded.graph).query(load_named("labels").text).bindings():
        node = row["node"]
        if str(row["lang"]).startswith("en") or node not in labels:
            labels[node] = str(row["label"])
    return labels


def _describe(node: Node, labels: dict[Node, str]) -> str:
    return f'"{labels[node]}" ({_value(node)})' if node in labels else _value(node)


def _path(path: Node | None, inverse: Node | None) -> str:
    if isinstance(inverse, URIRef):
        return f"^{curie(str(inverse))}"
    if isinstance(path, URIRef):
        return curie(str(path))
    return "a property path" if path is not None else ""


def _severity(severity: Node) -> str:
    return str(severity).removeprefix(str(SH))


def _value(term: Node) -> str:
    return curie(str(term)) if isinstance(term, URIRef) else "a blank node" if isinstance(term, BNode) else f'"{term}"'


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
