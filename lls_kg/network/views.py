"""Network views of the graph, built from SPARQL SELECT results.

Every view comes from named queries (``sparql/queries/view_*.rq``), never from
rdflib's internals or ``rdflib_to_networkx_*`` (which makes every literal and class
a node), so the same code runs on every backend. A build is two SELECTs read once
each: ``view_nodes`` (labels, class, municipality, quotes of every instance
resource) and the view's own rows; the graph is then filled in sorted order, so every
backend and every run give the same graph, and seeded layouts and communities repeat.

The views:

- ``actors``: actors linked when they share a project, activity, programme or document
  (through roles or authorship); ``weight`` = number of shared pieces of work.
- ``ownership``: bipartite actor -> work, one edge per relation (owns, leads, ...).
- ``goals``: actor -> work -> goal, for the work that serves a goal.
- ``municipalities``: municipalities linked when they share work; a department or a
  competence environment counts for its municipality, an unnamed group stays one node.
- ``full``: every instance resource and the links between them (no literals, classes
  or source passages: quotes are attributes).

``actors``, ``ownership`` and ``municipalities`` are three readings of one query
(``view_involvement``), so they cannot disagree. Build the views a command needs
once, with :func:`views`, and hand them to the measures and the pages.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import combinations
from typing import Any

import networkx as nx

from ..choices import VIEWS, require
from ..namespaces import LLS, PREFIXES, curie
from ..sparql import load_named
from ..store import Store, Texts, texts


#: Edge relation of the actors and municipalities views.
WORKS_WITH = "works with"
#: Edge relation of an owner in the ownership and goals views.
OWNS = "owns"
#: Edge relation of work serving a goal in the goals view.
SERVES = "serves goal"
MUNICIPALITY = LLS + "Municipality"
UNNAMED_GROUP = LLS + "UnnamedGroup"
PROJECT = LLS + "Project"

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
    LLS + "servesGoal": SERVES,
}

#: The views every reading of the region takes beside the one it shows (the measures, a picture's filters):
#: who takes part in what, and which work serves which goal.
REGION_VIEWS = ("ownership", "goals")
#: (source, target, relation, fact) of one row of a view query; ``target`` None: a node on its own.
Row = tuple[str, str | None, str | None, str | None]
Attributes = dict[str, Any]

_WORDS = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
#: Columns of ``view_nodes`` whose values a node collects over its rows.
_COLLECTED = ("label_nn", "label_en", "municipality", "member_count", "quote")


def view(store: Store, name: str) -> nx.Graph:
    """The network view ``name`` of the graph in ``store``.

    Parameters
    ----------
    store
        Any :class:`~lls_kg.store.Store` (rdflib memory, Oxigraph, ...).
    name
        One of :data:`VIEWS`.

    Returns
    -------
    networkx.Graph
        ``actors`` and ``municipalities``: an undirected ``nx.Graph`` whose edges carry
        ``relation``, ``weight``, ``activities`` (IRIs), ``activity_labels`` and ``quote``.
        ``ownership``, ``goals``, ``full``: an ``nx.MultiDiGraph`` keyed by ``relation``,
        edges carrying ``relation`` and ``quote``. Nodes are IRIs carrying ``iri``,
        ``label_nn``, ``label_en``, ``class`` (English label of the most specific class),
        ``class_iri``, ``municipality`` (IRIs, empty when unknown), ``quote`` (the source
        quotes), ``member_count`` for an unnamed group with a known count, and ``bipartite``
        (0 actor, 1 work) in the ownership view. ``G.name`` is the view's name.

    Example
    -------
    >>> from lls_kg.store import open_store
    >>> G = view(open_store(), "actors")
    >>> leikanger, sogndal = (f"https://w3id.org/lls-kg/id/municipality/{m}" for m in ("leikanger", "sogndal"))
    >>> G[leikanger][sogndal]["weight"], G[leikanger][sogndal]["relation"]
    (5, 'works with')
    """
    return views(store, [name])[name]


def views(store: Store, names: Iterable[str]) -> dict[str, nx.Graph]:
    """Several views at once, reading the node query and each view query only once.

    Parameters
    ----------
    store
        Any :class:`~lls_kg.store.Store`.
    names
        Names from :data:`VIEWS`.

    Returns
    -------
    dict
        name -> graph, as :func:`view` builds it.

    Example
    -------
    >>> from lls_kg.store import open_store
    >>> graphs = views(open_store(), ["ownership", "goals"])
    >>> sorted(graphs["goals"].nodes[n]["label_en"] for n in graphs["goals"] if graphs["goals"].out_degree(n) == 0)
    ['Competence environments and innovation', 'In-migration and business', 'State and county jobs']
    """
    names = list(names)
    for name in names:
        require(name, VIEWS, "view")
    nodes = _node_table(texts(store, load_named("view_nodes").text))
    rows: dict[str, list[Row]] = {}
    graphs = {}
    for name in names:
        query, build = _BUILDERS[name]
        if query not in rows:
            rows[query] = list(_rows(texts(store, load_named(query).text)))
        graphs[name] = build(rows[query], nodes)
        graphs[name].name = name
    return graphs


def needed(view: str) -> list[str]:
    """The views to build for reading ``view`` with the region's: that one, then :data:`REGION_VIEWS`.

    >>> needed("ownership")
    ['ownership', 'goals']
    """
    return list(dict.fromkeys([view, *REGION_VIEWS]))


def municipal_keys(attributes: Mapping[str, Any]) -> list[str]:
    """The nodes an actor counts as in the municipalities view: its municipalities, or itself if an unnamed group.

    An unnamed group ("two of the three municipalities") stays one node: its members
    are unknown, and guessing them would invent collaboration.

    Parameters
    ----------
    attributes
        The node attributes of an actor, as the views set them.

    Returns
    -------
    list of str
        Municipality IRIs (a department's municipality, a competence environment's place),
        ``[iri]`` for an unnamed group, ``[]`` for an actor with no municipality.

    Example
    -------
    >>> municipal_keys({"iri": "urn:unit", "class_iri": LLS + "Department", "municipality": ["urn:m"]})
    ['urn:m']
    >>> municipal_keys({"iri": "urn:g", "class_iri": UNNAMED_GROUP, "municipality": []})
    ['urn:g']
    """
    if attributes.get("class_iri") == UNNAMED_GROUP:
        return [attributes["iri"]]
    return list(attributes.get("municipality", ()))

# --- reading the query results -----------------------------------------------------------


def _rows(answer: Texts) -> Iterator[Row]:
    """(source, target, relation, fact) per row; a column a query does not select reads as None."""
    columns = [answer.vars.index(v) if v in answer.vars else None for v in ("source", "target", "relation", "fact")]
    for row in answer.rows:
        source, target, relation, fact = (None if i is None else row[i] for i in columns)
        if source is not None:
            yield source, target, relation, fact


def _node_table(answer: Texts) -> dict[str, Attributes]:
    """Node attributes of every instance resource, from the rows of ``view_nodes`` (one pass)."""
    node, class_, label = (answer.vars.index(name) for name in ("node", "class", "class_label"))
    collected = [(name, answer.vars.index(name)) for name in _COLLECTED]
    seen: dict[str, dict[str, set[Any]]] = defaultdict(lambda: defaultdict(set))
    for row in answer.rows:
        found = seen[row[node]]  # type: ignore[index]  # every row has a node
        for name, i in collected:
            if row[i] is not None:
                found[name].add(row[i])
        found["type"].add((row[class_], row[label] or _local_words(row[class_])))
    return {node: _attributes(node, found) for node, found in seen.items()}


def _attributes(node: str, found: Mapping[str, set[Any]]) -> Attributes:
    """One node's attributes from everything its rows said; the choice among several values is stable."""
    nn, en = found.get("label_nn", set()), found.get("label_en", set())
    class_iri, class_label = min(found["type"], key=lambda t: (not t[0].startswith(LLS), t[1], t[0]))
    attributes: Attributes = {
        "iri": node,
        "label_nn": min(nn or en or {curie(node)}),
        "label_en": min(en or nn or {curie(node)}),
        "class": class_label,
        "class_iri": class_iri,
        "municipality": sorted(found.get("municipality", ())),
        "quote": sorted(found.get("quote", ())),
    }
    if found.get("member_count"):
        attributes["member_count"] = max(int(count) for count in found["member_count"])
    return attributes


def _bare(node: str) -> Attributes:
    """Attributes of a node the node query does not describe (e.g. an untyped creator)."""
    label = curie(node)
    return {"iri": node, "label_nn": label, "label_en": label, "class": "", "class_iri": "",
            "municipality": [], "quote": []}


@functools.cache  # a handful of classes, each on thousands of rows
def _local_words(iri: str) -> str:
    """``…#ConceptScheme`` -> ``concept scheme``: a readable class name where the ontology gives no label."""
    return _WORDS.sub(" ", re.split(r"[#/]", iri)[-1]).lower()


# --- building the views ----------------------------------------------------------------------


def _quotes(facts: Iterable[str], nodes: Mapping[str, Attributes]) -> list[str]:
    """The source quotes of the facts (roles, documents, resources) behind an edge."""
    return sorted({quote for fact in facts for quote in nodes.get(fact, {}).get("quote", ())})


def _direct(rows: list[Row], nodes: Mapping[str, Attributes], *, name: Callable[[str], str],
            bipartite: bool = False, every_node: bool = False) -> nx.MultiDiGraph:
    """A directed multigraph with one edge per (source, target, relation), keyed by the relation.

    ``every_node``: all instance resources are nodes, and only links between them are kept.
    """
    name = functools.cache(name)  # a handful of relations, named once each
    members: dict[str, int] = dict.fromkeys(nodes, 0) if every_node else {}
    edges: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for source, target, relation, fact in rows:
        if every_node and (source not in nodes or target not in nodes):
            continue
        members.setdefault(source, 0)
        if target is not None:
            members[target] = 1
            edges[source, target, name(relation or "")].add(fact or source)
    G = nx.MultiDiGraph()
    for node in sorted(members):
        G.add_node(node, **_node(node, nodes), **({"bipartite": members[node]} if bipartite else {}))
    for (source, target, relation), facts in sorted(edges.items()):
        G.add_edge(source, target, key=relation, relation=relation, quote=_quotes(facts, nodes))
    return G


def _project(rows: list[Row], nodes: Mapping[str, Attributes],
             keys: Callable[[str], list[str]]) -> nx.Graph:
    """An undirected graph linking the ``keys`` of sources that take part in the same target.

    ``weight`` is the number of shared targets; the quotes are those of the facts that
    put either end into a shared target.
    """
    members: set[str] = set()
    parts: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for source, target, _relation, fact in rows:
        for key in keys(source):
            members.add(key)
            if target is not None:
                parts[target][key].add(fact or source)
    shared: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(dict)
    for work, by_key in parts.items():
        for a, b in combinations(sorted(by_key), 2):
            shared[a, b][work] = by_key[a] | by_key[b]
    G = nx.Graph()
    for node in sorted(members):
        G.add_node(node, **_node(node, nodes))
    for (a, b), works in sorted(shared.items()):
        activities = sorted(works)
        G.add_edge(a, b, relation=WORKS_WITH, weight=len(activities), activities=activities,
                   activity_labels=[_node(w, nodes)["label_en"] for w in activities],
                   quote=_quotes(set().union(*works.values()), nodes))
    return G


def _node(node: str, nodes: Mapping[str, Attributes]) -> Attributes:
    """A fresh copy of a node's attributes (lists included), so graphs never share them."""
    attributes = nodes.get(node) or _bare(node)
    return {k: list(v) if isinstance(v, list) else v for k, v in attributes.items()}


def _relation(iri: str) -> str:
    """The verb for a role kind or property (``owns``), or its prefixed name if it has none."""
    return RELATIONS.get(iri) or curie(iri)


def _actors(rows: list[Row], nodes: Mapping[str, Attributes]) -> nx.Graph:
    return _project(rows, nodes, lambda actor: [actor])


def _municipalities(rows: list[Row], nodes: Mapping[str, Attributes]) -> nx.Graph:
    return _project(rows, nodes, lambda actor: municipal_keys(nodes.get(actor) or _bare(actor)))


def _ownership(rows: list[Row], nodes: Mapping[str, Attributes]) -> nx.Graph:
    return _direct(rows, nodes, name=_relation, bipartite=True)


def _goals(rows: list[Row], nodes: Mapping[str, Attributes]) -> nx.Graph:
    return _direct(rows, nodes, name=_relation)


def _full(rows: list[Row], nodes: Mapping[str, Attributes]) -> nx.Graph:
    return _direct(rows, nodes, name=curie, every_node=True)


#: view -> (the named query giving its rows, the builder)
_BUILDERS: dict[str, tuple[str, Callable[[list[Row], Mapping[str, Attributes]], Any]]] = {
    "actors": ("view_involvement", _actors),
    "ownership": ("view_involvement", _ownership),
    "goals": ("view_goals", _goals),
    "municipalities": ("view_involvement", _municipalities),
    "full": ("view_full", _full),
}
