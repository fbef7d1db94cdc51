"""The links of the views, each with the kind of tie it stands for (:mod:`.ties`), from the rows of the view queries.

Two shapes: **direct** views (ownership, goals, full) link an actor to the work it
takes part in, and work to the goal it serves, one edge per relation; **projected**
views (actors, municipalities) link two actors, or two municipalities, that are tied:
through a piece of work they share (one edge per kind of tie, weighted by the pieces
of work), or directly (succession, membership). Only the ties asked for become
edges; every node stays, so an actor with no tie of those kinds shows as alone.
The graph is filled in sorted order, so every backend and every run give the same graph.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import networkx as nx

from ..namespaces import LLS, PREFIXES, curie
from .ties import TieKinds, pair, strongest

Attributes = dict[str, Any]
#: (source, target, relation, fact) of one row of a view query; ``target`` None: a node on its own.
Row = tuple[str, str | None, str | None, str | None]
#: (source, target, tie IRI, fact, work) of one row of ``view_ties``.
DirectTie = tuple[str, str, str, str | None, str | None]

#: Edge relation of an owner in the ownership and goals views.
OWNS = "owns"
#: Edge relation of work serving a goal in the goals view.
SERVES = "serves goal"
SERVES_GOAL = LLS + "servesGoal"
DEPARTMENT = LLS + "Department"
UNNAMED_GROUP = LLS + "UnnamedGroup"
#: A role kind (or property) -> the verb on an edge of the ownership and goals views.
RELATIONS = {
    LLS + "Owner": OWNS,
    LLS + "FormerOwner": "owned before",
    LLS + "ProjectLeader": "leads",
    LLS + "Participant": "participates",
    LLS + "Funder": "funds",
    LLS + "Applicant": "applies",
    LLS + "Partner": "partners",
    LLS + "Performer": "performs",
    LLS + "Administrator": "administers",
    PREFIXES["dcterms"] + "creator": "authored",
    SERVES_GOAL: SERVES,
}


@dataclass(frozen=True)
class Reading:
    """What every view of one build shares: the nodes, the tie kinds, the ties asked for, the department switch."""

    nodes: Mapping[str, Attributes]
    kinds: TieKinds
    ties: tuple[str, ...]
    #: keep departments as nodes of their own (else they count as their municipality)
    departments: bool = False
    #: each resource's source quotes, sorted, for the nodes and links to carry; None: they carry none
    quotes: Mapping[str, list[str]] | None = None
    #: whether the links carry theirs too (a page shows those of the view it draws only)
    linked: bool = True

    def node(self, node: str) -> Attributes:
        """A fresh copy of a node's attributes (lists included), so graphs never share them, with its quotes (after
        its municipalities, where exports have always had them)."""
        attributes = {}
        for key, value in (self.nodes.get(node) or bare(node)).items():
            attributes[key] = list(value) if isinstance(value, list) else value
            if key == "municipality" and self.quotes is not None:
                attributes["quote"] = list(self.quotes.get(node, ()))
        return attributes

    def label(self, node: str) -> str:
        """A node's English label (no copy of its attributes made for it)."""
        return (self.nodes.get(node) or bare(node))["label_en"]

    @property
    def quoting(self) -> bool:
        """Whether the links carry their quotes."""
        return self.quotes is not None and self.linked

    def sources(self, *facts: set[str]) -> Attributes:
        """The ``quote`` of an edge: the source quotes of the facts (roles, documents, resources) behind it; nothing
        when the links carry none."""
        if not self.quoting:
            return {}
        if len(facts) == 1 and len(facts[0]) == 1:  # most links: one role, its quotes already sorted
            return {"quote": list(self.quotes.get(next(iter(facts[0])), ()))}
        return {"quote": sorted({quote for some in facts for fact in some for quote in self.quotes.get(fact, ())})}


def bare(node: str) -> Attributes:
    """Attributes of a node the node query does not describe (e.g. an untyped creator)."""
    label = curie(node)
    return {"iri": node, "label_nn": label, "label_en": label, "class": "", "class_iri": "", "municipality": []}


def municipal_keys(attributes: Mapping[str, Any]) -> list[str]:
    """The nodes an actor counts as in the municipalities view: its municipalities, or itself if an unnamed group.

    An unnamed group ("two of the three municipalities") stays one node: its members
    are unknown, and guessing them would invent collaboration.

    >>> municipal_keys({"iri": "urn:unit", "class_iri": LLS + "Department", "municipality": ["urn:m"]})
    ['urn:m']
    >>> municipal_keys({"iri": "urn:g", "class_iri": UNNAMED_GROUP, "municipality": []})
    ['urn:g']
    """
    if attributes.get("class_iri") == UNNAMED_GROUP:
        return [attributes["iri"]]
    return list(attributes.get("municipality", ()))


def direct(rows: list[Row], reading: Reading, *, name: Callable[[str], str], bipartite: bool = False,
           every_node: bool = False, tied: bool = True) -> nx.MultiDiGraph:
    """A directed multigraph with one edge per (source, target, relation), keyed by the relation.

    ``tied``: each participation carries its ``tie`` and only those asked for are kept (a goal's
    ``serves goal`` always is). ``every_node``: all instance resources are nodes, and only links
    between them are kept.
    """
    name = functools.cache(name)  # a handful of relations, named once each
    members: dict[str, int] = dict.fromkeys(reading.nodes, 0) if every_node else {}
    edges: dict[tuple[str, str, str], str | None] = {}  # each link's tie
    facts: dict[tuple[str, str, str], set[str]] = defaultdict(set)  # the facts behind it, where links carry quotes
    for source, target, relation, fact in rows:
        if every_node and (source not in reading.nodes or target not in reading.nodes):
            continue
        members.setdefault(source, 0)
        if target is None:
            continue
        members[target] = 1
        tie = reading.kinds.member(relation, target) if tied and relation != SERVES_GOAL else None
        if tie is not None and tie not in reading.ties:
            continue
        link = (source, target, name(relation or ""))
        edges.setdefault(link, tie)
        if reading.quoting:
            facts[link].add(fact or source)
    G = nx.MultiDiGraph()
    for node in sorted(members):
        G.add_node(node, **reading.node(node), **({"bipartite": members[node]} if bipartite else {}))
    for (source, target, relation), tie in sorted(edges.items()):
        G.add_edge(source, target, key=relation, relation=relation,
                   **reading.sources(facts.get((source, target, relation), set())), **({"tie": tie} if tie else {}))
    return G


def projected(rows: list[Row], ties: list[DirectTie], reading: Reading,
              keys: Callable[[str], list[str]]) -> nx.MultiGraph:
    """An undirected multigraph linking the ``keys`` of actors that are tied, one edge per kind of tie.

    ``weight`` is the number of pieces of work behind a tie (shared work, or the transfers of a
    succession); the quotes are those of the facts that put either end into it.
    """
    keys = functools.cache(keys)  # an actor is on many rows
    members: set[str] = set()
    # work -> member -> its ties there -> the facts behind each, None where the links carry no quotes (a set per
    # tie was a third of what building the actors view of a million triples took: 74 -> 51 MiB)
    parts: dict[str, dict[str, dict[str, set[str] | None]]] = defaultdict(dict)
    for source, target, relation, fact in rows:
        tie = None if target is None else reading.kinds.member(relation, target)
        for key in keys(source):
            members.add(key)
            if tie is not None:
                held = parts[target].setdefault(key, {})  # type: ignore[index]  # a tie has a target
                if reading.quoting:
                    held.setdefault(tie, set()).add(fact or source)  # type: ignore[union-attr]
                else:
                    held[tie] = None
    # (a, b, tie) -> work -> the facts behind the tie there: None for shared work, whose facts are those that put
    # either end into it (gathered per link when it is drawn: a set per pair and piece of work was most of what
    # building the actors view of ten million triples took)
    shared: dict[tuple[str, str, str], dict[str, set[str] | None]] = defaultdict(dict)
    for work, by_key in parts.items():
        tie_of = {key: strongest(found) for key, found in by_key.items()}
        for a, b in combinations(sorted(by_key), 2):
            tie = pair(tie_of[a], tie_of[b])
            if tie in reading.ties:
                shared[a, b, tie][work] = None
    for source, target, tie_iri, fact, work in ties:
        tie = reading.kinds.codes.get(tie_iri)
        for a in keys(source) if tie in reading.ties else ():
            for b in (key for key in keys(target) if key != a):
                shared[min(a, b), max(a, b), tie][work or target] = {fact or source}  # type: ignore[index]
                members.update((a, b))

    def facts(a: str, b: str, work: str, given: set[str] | None) -> set[str]:
        if given is not None:
            return given
        return set().union(*parts[work][a].values(), *parts[work][b].values())  # type: ignore[arg-type]

    G = nx.MultiGraph()
    for node in sorted(members):
        G.add_node(node, **reading.node(node))
    for (a, b, tie), works in sorted(shared.items()):
        activities = sorted(works)
        G.add_edge(a, b, key=tie, relation=reading.kinds.labels.get(tie, tie), tie=tie, weight=len(activities),
                   activities=activities, activity_labels=[reading.label(w) for w in activities],
                   **(reading.sources(*(facts(a, b, w, given) for w, given in works.items())) if reading.quoting
                      else {}))
    return G


def actor_key(reading: Reading) -> Callable[[str], list[str]]:
    """How an actor counts in the actors view: as itself, or a department as its municipality (unless kept apart)."""

    def key(actor: str) -> list[str]:
        attributes = reading.nodes.get(actor) or bare(actor)
        if attributes.get("class_iri") == DEPARTMENT and not reading.departments and attributes["municipality"]:
            return list(attributes["municipality"])
        return [actor]

    return key


def municipality_key(reading: Reading) -> Callable[[str], list[str]]:
    """How an actor counts in the municipalities view (see :func:`municipal_keys`)."""
    return lambda actor: municipal_keys(reading.nodes.get(actor) or bare(actor))


def relation_name(iri: str) -> str:
    """The verb for a role kind or property (``owns``), or its prefixed name if it has none."""
    return RELATIONS.get(iri) or curie(iri)
