"""Network views of the graph, built from SPARQL SELECT results.

Every view comes from named queries (``sparql/queries/view_*.rq``), never from
rdflib's internals or ``rdflib_to_networkx_*`` (which makes every literal and class
a node), so the same code runs on every backend. A build is a few SELECTs read once
each: ``view_nodes`` (class and municipality of every instance resource),
``view_quotes`` (their sources, when the caller shows them) and the views' own rows;
the graph is then filled in sorted order, so every backend and every run give the same
graph, and seeded layouts and communities repeat.

The views:

- ``actors``: actors linked when they share a project, activity, programme or document
  (through roles or authorship); ``weight`` = number of shared pieces of work.
- ``ownership``: bipartite actor -> work, one edge per relation (owns, leads, ...).
- ``goals``: actor -> work -> goal, for the work that serves a goal.
- ``served`` (for the measures and a picture's filters, not drawn): the goals view without its
  actors, work -> goal; with the ownership view it says all the goals view says.
- ``municipalities``: municipalities linked when they share work; a department or a
  competence environment counts for its municipality, an unnamed group stays one node.
- ``full``: every instance resource and the links between them (no literals, classes
  or source passages: quotes are attributes).

``actors``, ``ownership`` and ``municipalities`` are three readings of one query
(``view_involvement``), so they cannot disagree; the goals view takes its actors from
it too. Build the views a command needs once, with :func:`views`, and hand them to the
measures and the pages.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, NamedTuple

import networkx as nx

from ..choices import JOINT_WORK, TIES, VIEWS, require
from ..heap import no_collection
from ..namespaces import LLS, curie
from ..sparql import named_ahead, text_answer
from ..sparql.labels import Labels, keep_smallest
from ..store import Store, Texts
from . import ties as tie_kinds
from .links import (OWNS, RELATIONS, SERVES, SERVES_GOAL, UNNAMED_GROUP, Attributes, DirectTie, Reading, Row,
                    actor_key, direct, municipal_keys, municipality_key, projected, relation_name)

MUNICIPALITY = LLS + "Municipality"
PROJECT = LLS + "Project"
#: The ties each view draws unless asked for others: collaboration views count joint work only; the
#: ownership and goals views show every way an actor is in the work.
DEFAULT_TIES = {"actors": (JOINT_WORK,), "municipalities": (JOINT_WORK,), "ownership": TIES, "goals": TIES,
                "served": TIES, "full": TIES}
#: The views every reading of the region takes beside the one it shows (the measures, a picture's filters):
#: who takes part in what, which work serves which goal, and who works with whom. ``served`` rather than the goals
#: view: the goals view repeats the ownership view's links for nearly all work.
REGION_VIEWS = ("ownership", "served", "actors", "municipalities")
#: The views built for the measures only, beside those a user can ask for (:data:`~lls_kg.choices.VIEWS`).
_UNDRAWN = ("served",)

_WORDS = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
#: What a node gathers over its rows of ``view_nodes``: (name, column).
_COLLECTED = (("type", "class"), ("municipality", "municipality"), ("member_count", "member_count"))
__all__ = ["DEFAULT_TIES", "MUNICIPALITY", "OWNS", "PROJECT", "RELATIONS", "REGION_VIEWS", "SERVES",
           "UNNAMED_GROUP", "asked", "municipal_keys", "needed", "view", "views"]


def view(store: Store, name: str, *, ties: Iterable[str] | None = None, departments: bool = False,
         quotes: bool | Iterable[str] = True) -> nx.Graph:
    """The network view ``name`` of the graph in ``store`` (see :func:`views` for ``ties``, ``departments`` and
    ``quotes``).

    Parameters
    ----------
    store
        Any :class:`~lls_kg.store.Store` (rdflib memory, Oxigraph, ...).
    name
        One of :data:`VIEWS`.

    Returns
    -------
    networkx.Graph
        ``actors`` and ``municipalities``: an undirected ``nx.MultiGraph`` with one edge per kind
        of tie between two nodes, keyed by its code, carrying ``tie``, ``relation`` (the tie's
        label), ``weight`` (pieces of work behind it), ``activities`` (IRIs), ``activity_labels``
        and ``quote``. ``ownership``, ``goals``, ``served``, ``full``: an ``nx.MultiDiGraph`` keyed by
        ``relation``, edges carrying ``relation``, ``quote`` and (not in ``full``) the ``tie`` of
        a participation. Nodes are IRIs carrying ``iri``,
        ``label_nn``, ``label_en``, ``class`` (English label of the most specific class),
        ``class_iri``, ``municipality`` (IRIs, empty when unknown), ``quote`` (the source
        quotes, unless ``quotes`` leaves them out), ``member_count`` for an unnamed group with a
        known count, and ``bipartite`` (0 actor, 1 work) in the ownership view. ``G.name`` is the view's name.

    Example
    -------
    >>> from lls_kg.store import open_store
    >>> G = view(open_store(), "actors")
    >>> leikanger, sogndal = (f"https://w3id.org/lls-kg/id/municipality/{m}" for m in ("leikanger", "sogndal"))
    >>> tie = G[leikanger][sogndal]["joint-work"]
    >>> tie["weight"], tie["activity_labels"][0]
    (2, 'Business-friendly region')
    """
    return views(store, [name], ties=ties, departments=departments, quotes=quotes)[name]


def views(store: Store, names: Iterable[str], *, ties: Iterable[str] | None = None,
          departments: bool = False, labels: Labels | None = None,
          quotes: bool | Iterable[str] = True, then: Iterable[str] = ()) -> dict[str, nx.Graph]:
    """Several views at once, reading the node query and each view query only once.

    Parameters
    ----------
    store
        Any :class:`~lls_kg.store.Store`.
    names
        Names from :data:`VIEWS`.
    ties
        The kinds of tie to draw (codes of :data:`~lls_kg.choices.TIES`, or ``all``); by default
        each view's own (:data:`DEFAULT_TIES`: joint work for the actors and municipalities views).
        Every link carries its ``tie``; ``G.graph["ties"]`` lists the kinds drawn.
    departments
        Keep departments as actors of their own in the actors view; by default a department
        counts as its municipality (the municipalities view always counts it so).
    labels
        The graph's labels, where the caller has read them already (those of a graph that holds
        ``store``'s will do); by default read from ``store``.
    quotes
        Which carry their ``quote``s (the sources behind them): every node and link (True); every
        node, and the links of the views named (a page shows the links of the view it draws only);
        or nothing (False: what only measures). What carries none has no ``quote`` at all, rather
        than an empty one.
    then
        Shipped queries the caller reads next: asked after the views' own, so that an on-disk store
        answers them while the views are built (:func:`lls_kg.sparql.named_ahead`).

    Returns
    -------
    dict
        name -> graph, as :func:`view` builds it, in the order of ``names``.

    Example
    -------
    >>> from lls_kg.store import open_store
    >>> graphs = views(open_store(), ["ownership", "goals", "actors"])
    >>> list(graphs)
    ['ownership', 'goals', 'actors']
    >>> sorted(graphs["goals"].nodes[n]["label_en"] for n in graphs["goals"] if graphs["goals"].out_degree(n) == 0)
    ['Competence environments and innovation', 'In-migration and business', 'State and county jobs']
    """
    names = list(names)
    for name in (name for name in names if name not in _UNDRAWN):
        require(name, VIEWS, "view")
    with no_collection():
        return _built(store, names, ties, departments, labels or Labels(store), quotes, then)


def _built(store: Store, names: list[str], ties: Iterable[str] | None, departments: bool,
           labels: Labels, quotes: bool | Iterable[str], then: Iterable[str]) -> dict[str, nx.Graph]:
    """The views ``names``, each query read once (see :func:`views`), all asked together first."""
    read = _view_queries(names)
    every = "full" in names  # every resource a node
    every_label = every and labels.unread_on(store)
    named_ahead(store, [*(["labels"] if every_label else []), *asked(names, quotes), *then])
    said = None if quotes is False else _quotes(store)
    linked = set(names) if quotes is True else set() if quotes is False else set(quotes)
    kinds = tie_kinds.read(store)
    direct_ties = [row for row in _rows(text_answer(store, "view_ties"), _DIRECT) if row[1]]
    quoted = set() if said is None else {query for name in linked & set(names) for query in _BUILDERS[name][0]}
    rows = {query: list(_rows(text_answer(store, query), _COLUMNS if query in quoted else _UNQUOTED))
            for query in read}  # type: ignore[arg-type]
    nodes = _described(store, None if every else _ends(rows.values(), direct_ties), labels, kinds)
    graphs = {}
    order = sorted(names, key=lambda name: name not in _PROJECTED)
    for i, name in enumerate(order):
        reading = Reading(nodes, kinds, tie_kinds.chosen(ties, DEFAULT_TIES[name]), departments, said,
                          name in linked)
        graphs[name] = _BUILDERS[name][1](rows, direct_ties, reading)
        for query in set(_BUILDERS[name][0]).difference(*(_BUILDERS[later][0] for later in order[i + 1:])):
            del rows[query]  # no view still to build reads them: the next ones are built without them in memory
        graphs[name].name = name
        if name != "full":
            graphs[name].graph["ties"] = list(reading.ties)
            graphs[name].graph["tie_labels"] = [kinds.labels.get(tie, tie) for tie in reading.ties]
            graphs[name].graph["tie_iris"] = [kinds.iris.get(tie, tie) for tie in reading.ties]
    return {name: graphs[name] for name in names}


def asked(names: Iterable[str], quotes: bool | Iterable[str] = True) -> list[str]:
    """The shipped queries a build of the views ``names`` reads (:func:`views`), but for labels, in the order it asks
    them: for a caller that has them asked earlier.

    >>> asked(["ownership", "municipalities"], quotes=False)
    ['view_involvement', 'view_nodes', 'view_ties', 'tie_kinds', 'view_parts', 'class_tree']
    """
    return [*_view_queries(names), "view_nodes", *([] if quotes is False else ["view_quotes"]), *_SMALL]


def _view_queries(names: Iterable[str]) -> list[str]:
    """The views' own queries (``view_involvement``, ...), each once, in the order of ``names``."""
    return list(dict.fromkeys(query for name in names for query in _BUILDERS[name][0]))


def needed(view: str) -> list[str]:
    """The views to build for reading ``view`` with the region's: that one, then :data:`REGION_VIEWS`.

    >>> needed("goals")
    ['goals', 'ownership', 'served', 'actors', 'municipalities']
    """
    return list(dict.fromkeys([view, *REGION_VIEWS]))


# --- reading the query results -----------------------------------------------------------


#: The small queries every build reads besides the views' own: tie kinds, the programme's parts, direct ties,
#: the class tree (biggest first, so that two at a time end together).
_SMALL = ("view_ties", "tie_kinds", "view_parts", "class_tree")
_COLUMNS = ("source", "target", "relation", "fact")
#: The columns of a query that no link quoting its sources reads: the facts let go (a role's IRI on each row of
#: view_involvement; analyse at ten million triples: 2,019 MiB with them, 1,793 without).
_UNQUOTED = ("source", "target", "relation", None)
_DIRECT = ("source", "target", "tie", "fact", "work")


def _rows(answer: Texts, names: tuple[str | None, ...]) -> Iterator[tuple[str | None, ...]]:
    """The ``names`` columns of each row (a column a query does not select reads as None); rows without a source
    are left out."""
    if tuple(answer.vars) == names:  # the rows as they are: most view queries select just these, in this order
        yield from (row for row in answer.rows if row[0] is not None)
        return
    columns = [answer.vars.index(v) if v in answer.vars else None for v in names]
    for row in answer.rows:
        values = tuple(None if i is None else row[i] for i in columns)
        if values[0] is not None:
            yield values


class _Classes(NamedTuple):
    """The class tree: each class's English name, and every class above it."""

    names: dict[str, str]
    above: dict[str, set[str]]


def _classes(store: Store) -> _Classes:
    """The class tree from the rows of ``class_tree`` (a few hundred), its one-step ``rdfs:subClassOf`` links closed
    here rather than by a path query per node."""
    names: dict[str, str] = {}
    parents: dict[str, set[str]] = defaultdict(set)
    answer = text_answer(store, "class_tree")
    columns = [answer.vars.index(name) for name in ("class", "broader", "label")]
    for class_, broader, label in ([row[i] for i in columns] for row in answer.rows):
        if broader is not None:
            parents[class_].add(broader)  # type: ignore[index]  # the query gives IRIs only
        if label is not None:
            keep_smallest(names, class_, label)  # type: ignore[arg-type]
    above: dict[str, set[str]] = {}
    for start in parents:
        found, todo = set(), list(parents[start])
        while todo:
            step = todo.pop()
            if step not in found:
                found.add(step)
                todo.extend(parents.get(step, ()))
        above[start] = found
    return _Classes(names, above)


def _quotes(store: Store) -> dict[str, list[str]]:
    """Each resource's source quotes, sorted (most have one), from the two kinds of row of ``view_quotes``: what a
    resource is derived from, and what a source says."""
    answer = text_answer(store, "view_quotes")
    node, source, quote = (answer.vars.index(name) for name in ("node", "from", "quote"))
    said: dict[str, list[str]] = defaultdict(list)
    derived = []
    for row in answer.rows:
        if row[node] is None:
            said[row[source]].append(row[quote])  # type: ignore[index, arg-type]
        else:
            derived.append((row[node], row[source]))
    found: dict[str, list[str]] = {}
    for resource, source_ in derived:
        if source_ in said:
            found.setdefault(resource, []).extend(said[source_])  # type: ignore[arg-type]
    for quotes in found.values():
        if len(quotes) > 1:
            quotes[:] = sorted(set(quotes))
    return found


def _ends(rows: Iterable[list[Row]], ties: list[DirectTie]) -> set[str]:
    """Every resource a view's rows or direct ties name: the nodes a view can have (at a million triples a fifth
    of the instance resources; the rest are roles, transfers and the like)."""
    found = {end for some in rows for row in some for end in row[:2] if end is not None}
    found.update(end for tie in ties for end in (tie[0], tie[1], tie[4]) if end is not None)
    return found


def _described(store: Store, ends: set[str] | None, labels: Labels,
               kinds: tie_kinds.TieKinds) -> dict[str, Attributes]:
    """The node table (:func:`_node_table`) of ``ends`` and their municipalities, or of every instance resource (None);
    the labels read are those the views and their pages name: the nodes, the classes, the kinds of tie."""
    answer, classes = text_answer(store, "view_nodes"), _classes(store)
    if ends is not None:
        ends = _placed(answer, ends)
        labels.read_for([*ends, *classes.names, *classes.above, *kinds.codes])
    return _node_table(answer, classes, labels.of, ends)


def _placed(answer: Texts, ends: set[str]) -> set[str]:
    """``ends`` and their municipalities, from the rows of ``view_nodes``: the resources a view can draw."""
    node, place = answer.vars.index("node"), answer.vars.index("municipality")
    return ends | {row[place] for row in answer.rows if row[place] is not None and row[node] in ends}


def _node_table(answer: Texts, classes: _Classes, names: Callable[[str], Mapping[str, str]],
                ends: set[str] | None) -> dict[str, Attributes]:
    """Node attributes of every instance resource (or only of ``ends``), from the rows of ``view_nodes``, each with
    its most specific class (a class above another of the node's is left out) and its labels (``names``). Only the
    rows of those resources are gathered: at ten million triples the others are a million resources."""
    node = answer.vars.index("node")
    collected = [(name, answer.vars.index(column)) for name, column in _COLLECTED]
    seen: dict[str, dict[str, set[Any]]] = defaultdict(lambda: defaultdict(set))
    for row in answer.rows:
        if ends is None or row[node] in ends:
            found = seen[row[node]]  # type: ignore[index]  # every row has a node
            for name, i in collected:
                if row[i] is not None:
                    found[name].add(row[i])
    return {node: _attributes(node, found, classes, names(node)) for node, found in seen.items()
            if found["type"]}  # a resource with no class row is no node


def _attributes(node: str, found: Mapping[str, set[Any]], classes: _Classes, said: Mapping[str, str]) -> Attributes:
    """One node's attributes from everything its rows said and its labels; the choice among several values is
    stable."""
    nn, en = said.get("nn"), said.get("en")
    above = set().union(*(classes.above.get(iri, ()) for iri in found["type"]))
    specific = [iri for iri in found["type"] if iri not in above] or found["type"]
    class_iri, class_label = min(((iri, classes.names.get(iri) or _local_words(iri)) for iri in specific),
                                 key=lambda t: (not t[0].startswith(LLS), t[1], t[0]))
    attributes: Attributes = {
        "iri": node,
        "label_nn": nn or en or curie(node),
        "label_en": en or nn or curie(node),
        "class": class_label,
        "class_iri": class_iri,
        "municipality": sorted(found.get("municipality", ())),
    }
    if found.get("member_count"):
        attributes["member_count"] = max(int(count) for count in found["member_count"])
    return attributes


@functools.cache  # a handful of classes, each on thousands of rows
def _local_words(iri: str) -> str:
    """``…#ConceptScheme`` -> ``concept scheme``: a readable class name where the ontology gives no label."""
    return _WORDS.sub(" ", re.split(r"[#/]", iri)[-1]).lower()


# --- the views ----------------------------------------------------------------------------------------


#: The views that link actors through the work they share: their building needs several times the memory they keep,
#: so they are built first, while the other views do not yet hold theirs (at 1 M triples analyse's four views peak
#: at 209 MiB of Python objects this way, 236 MiB the other way round).
_PROJECTED = ("actors", "municipalities")

#: The rows of the view queries a build reads, by query.
Rows = Mapping[str, list[Row]]


def _actors(rows: Rows, ties: list[DirectTie], reading: Reading) -> nx.Graph:
    return projected(rows["view_involvement"], ties, reading, actor_key(reading))


def _municipalities(rows: Rows, ties: list[DirectTie], reading: Reading) -> nx.Graph:
    return projected(rows["view_involvement"], ties, reading, municipality_key(reading))


def _ownership(rows: Rows, ties: list[DirectTie], reading: Reading) -> nx.Graph:
    return direct(rows["view_involvement"], reading, name=relation_name, bipartite=True)


def _goals(rows: Rows, ties: list[DirectTie], reading: Reading) -> nx.Graph:
    """The goals, the work serving them, and that work's part of the involvement rows."""
    own = rows["view_goals"]
    serving = {source for source, _, relation, _ in own if relation == SERVES_GOAL}
    return direct([*own, *(row for row in rows["view_involvement"] if row[1] in serving)], reading,
                  name=relation_name)


def _served(rows: Rows, ties: list[DirectTie], reading: Reading) -> nx.Graph:
    """The goals and the work serving them."""
    return direct(rows["view_goals"], reading, name=relation_name)


def _full(rows: Rows, ties: list[DirectTie], reading: Reading) -> nx.Graph:
    return direct(rows["view_full"], reading, name=curie, every_node=True, tied=False)


#: view -> (the queries whose rows it reads, its builder)
_BUILDERS: dict[str, tuple[tuple[str, ...], Callable[[Rows, list[DirectTie], Reading], nx.Graph]]] = {
    "actors": (("view_involvement",), _actors),
    "ownership": (("view_involvement",), _ownership),
    "goals": (("view_goals", "view_involvement"), _goals),
    "served": (("view_goals",), _served),
    "municipalities": (("view_involvement",), _municipalities),
    "full": (("view_full",), _full),
}
