"""Turtle written for people, laid out like ``graph/*.ttl``: a comment header, the prefixes in use, and the
resources grouped by kind under a heading each.

rdflib's own writer sorts subjects alphabetically and cannot write comments; a
file that people review in a diff (``graph/imported.ttl``) should read like the
hand-written ones instead. The order is fixed, so the same triples always give
the same bytes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV, NamespaceManager
from rdflib.term import Node

_RULE = "#" * 65
#: The predicates a block places first and last, looked up once: rdflib's namespaces are slow to ask.
_TYPE, _LABEL, _SOURCE = RDF.type, RDFS.label, PROV.wasDerivedFrom
#: A name rdflib writes as ``prefix:name`` after a namespace ending in / or # (ASCII, starting with a letter).
_PLAIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
#: Each subject's properties and their values.
_Index = dict[Node, dict[Node, set[Node]]]


def for_people(triples: Iterable[tuple[Node, Node, Node]], header: str, prefixes: Mapping[str, str],
               headings: Mapping[str, str]) -> str:
    """``triples`` (a graph, or any triples; repeats count once) as Turtle: ``header`` as comment lines, the
    ``prefixes`` used, then one group per prefix.

    Groups come in the order of ``prefixes`` (IRIs no prefix covers last), each under its entry in
    ``headings`` (or the prefix); subjects are sorted; ``a`` and ``rdfs:label`` lead each block and
    ``prov:wasDerivedFrom`` ends it.
    """
    writer = _Writer(prefixes)
    graph: _Index = defaultdict(lambda: defaultdict(set))
    for subject, predicate, value in triples:  # indexed here: a dict is far cheaper to fill than an rdflib graph
        graph[subject][predicate].add(value)
    groups: dict[str, list[Node]] = defaultdict(list)
    for subject in sorted(graph, key=str):
        groups[_prefix(writer.term(subject))].append(subject)
    order = [prefix for prefix in prefixes if prefix in groups] + sorted(set(groups) - set(prefixes))
    body: list[str] = []
    for prefix in order:
        body += [_RULE, f"# {headings.get(prefix, prefix or 'Other resources')}", _RULE, ""]
        body += [line for subject in groups[prefix] for line in (writer.block(subject, graph[subject]), "")]
    lines = [f"# {line}".rstrip() for line in header.splitlines()] + [""]
    lines += [f"@prefix {prefix + ':':<14}<{namespace}> ." for prefix, namespace in prefixes.items()
              if prefix in writer.used]
    return "\n".join(lines + [""] + body)


class _Writer:
    """Writes terms and blocks with the prefixes bound, and remembers which prefixes it used."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.manager = NamespaceManager(Graph(bind_namespaces="none"), bind_namespaces="none")
        for prefix, namespace in prefixes.items():
            self.manager.bind(prefix, namespace, override=True, replace=True)
        self.used: set[str] = set()
        self._names: dict[Node, str] = {}
        bound = {str(namespace) for namespace in prefixes.values()}
        self._plain = {namespace: self.manager.store.prefix(URIRef(namespace)) for namespace in bound
                       if namespace.endswith(("/", "#")) and not any(other.startswith(namespace) and other != namespace
                                                                    for other in bound)}
        self._literals: dict[tuple[str, str | None, str | None], str] = {}

    def term(self, node: Node) -> str:
        """``node`` in Turtle (a prefixed name where a prefix covers it)."""
        if isinstance(node, Literal):
            return self._literal(node)
        if node not in self._names:  # rdflib's prefix look-up is slow, and classes and properties recur
            self._names[node] = self._plain_name(node) or node.n3(self.manager)
            self.used.add(_prefix(self._names[node]))
        return self._names[node]

    def _plain_name(self, node: Node) -> str | None:
        """``node`` as ``prefix:name`` when it is a plain name in a namespace of ours, as rdflib would write it but
        without its general look-up (a third of the writer's time in an import of 100,000 rows); else None."""
        if not isinstance(node, URIRef):
            return None
        cut = max(node.rfind("/"), node.rfind("#")) + 1
        prefix = self._plain.get(node[:cut])
        return f"{prefix}:{node[cut:]}" if prefix is not None and _PLAIN_NAME.fullmatch(node, cut) else None

    def _literal(self, node: Literal) -> str:
        """A literal in Turtle; written once for all its repeats (a sheet's name and import time on every row),
        each told apart by its exact text, datatype and language tag (rdflib's equality ignores the tag's case)."""
        key = (str(node), node.datatype, node.language)
        if key not in self._literals:
            if node.datatype:
                self.term(URIRef(node.datatype))
            else:
                self.used.add("")
            self._literals[key] = node.n3(self.manager)
        return self._literals[key]

    def block(self, subject: Node, properties: Mapping[Node, set[Node]]) -> str:
        """One subject with all its properties: ``s a C ;\\n    p o , o ;\\n    p o .``"""
        predicates = sorted(properties, key=_place)
        parts = []
        for predicate in predicates:
            objects = sorted(properties[predicate], key=_order)
            verb = "a" if predicate == _TYPE else self.term(predicate)
            parts.append(f"{verb} {' , '.join(self.term(term) for term in objects)}")
        return f"{self.term(subject)} " + " ;\n    ".join(parts) + " ."


def _place(predicate: Node) -> tuple[bool, bool, bool, str]:
    """Type and labels first and the source last, as in the hand-written files; the rest by IRI."""
    return predicate != _TYPE, predicate != _LABEL, predicate == _SOURCE, str(predicate)


def _order(term: Node) -> tuple[str, str, str]:
    """Objects sorted by language (nn before en, as in the hand-written files), then text."""
    language = (term.language or "") if isinstance(term, Literal) else ""
    return ({"nn": "0", "en": "1"}.get(language, "2" + language), str(term), term.n3())


def _prefix(text: str) -> str:
    """The prefix of a term written as a prefixed name; '' for a full IRI, a blank node or a plain literal."""
    return "" if text.startswith(("<", "_:", '"')) else text.split(":", 1)[0]
