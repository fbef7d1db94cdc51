"""Collaboration and ownership measures on the network views, and what they say about the region.

Centralities and communities work on a view as a simple undirected graph
(:func:`undirected`): working together has no direction, and parallel links
(two roles in one project) add up to one weighted link. Betweenness and closeness
count steps, not weights: a weight says how much two actors share, not how far
apart they are. Louvain uses the weights, with a fixed seed so communities repeat.

Above :data:`EXACT_LIMIT` nodes, betweenness samples :data:`SAMPLE` source nodes
(seeded) and closeness is computed only for the nodes a report shows: exact
betweenness and closeness cost one breadth-first search per node, hours on a
national graph (on this machine exact betweenness takes 2 s at 1,000 nodes and
70 s at 5,000). Past that size the sampled betweenness and Louvain run in igraph
(3 to 90 times faster, the more the larger the graph), which for betweenness gives
networkx's numbers (the same seeded sample, the same scaling); the views stay
networkx graphs.

The region-level measures read the ownership view (who takes part in which
work) and the goals view (which work serves which goal).

networkx is imported by the functions that use it, so importing this module stays cheap.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .choices import REPORT_FORMATS, require
from .network import MUNICIPALITY, OWNS, PROJECT, SERVES, UNNAMED_GROUP, municipal_keys, views

if TYPE_CHECKING:
    import networkx as nx

    from .store import Result, Store

#: Seed of Louvain and of sampled betweenness: the same graph gives the same answer.
SEED = 42
#: Largest graph (in nodes) whose betweenness and closeness are computed exactly.
EXACT_LIMIT = 1000
#: Source nodes sampled for betweenness above :data:`EXACT_LIMIT`.
SAMPLE = 200


@dataclass(frozen=True)
class Structure:
    """The shape of a view: size, density, connected groups and isolated nodes."""

    nodes: int
    edges: int
    density: float
    components: int
    largest_component: int
    isolates: list[str]


@dataclass(frozen=True)
class CrossBorder:
    """Work with known participants, and how many municipalities each involves."""

    #: work IRI -> municipalities involved (an unnamed group counts its known members, else 0)
    municipalities: dict[str, int]

    @property
    def crossing(self) -> list[str]:
        """The work that involves more than one municipality."""
        return [work for work, count in self.municipalities.items() if count > 1]

    @property
    def share(self) -> float:
        """The crossing part of all work with known participants (0 when there is none)."""
        return len(self.crossing) / len(self.municipalities) if self.municipalities else 0.0


@dataclass(frozen=True)
class Concentration:
    """Who owns the work now, and how concentrated that ownership is."""

    #: owner IRI -> pieces of work it currently owns
    owned: dict[str, int]
    #: projects with known participants but no current owner
    unowned_projects: list[str]
    #: projects with known participants
    projects: int

    @property
    def herfindahl(self) -> float | None:
        """Sum of the squared ownership shares: 1 = one owner holds all, 1/N = N owners hold equal parts."""
        total = sum(self.owned.values())
        return sum((count / total) ** 2 for count in self.owned.values()) if total else None


@dataclass(frozen=True)
class GoalCoverage:
    """How many hands a goal has: the work that serves it, that work's actors, and its owned work."""

    goal: str
    activities: int
    actors: int
    owned: int


@dataclass(frozen=True)
class Footprint:
    """A municipality's part in the region's work, itself or through its departments and environments."""

    municipality: str
    activities: int
    cross_border: int
    partners: int


@dataclass(frozen=True)
class Table:
    """One table of a report: ``rows`` hold plain values; an IRI is an ``rdflib.URIRef``."""

    name: str
    title: str
    columns: list[str]
    rows: list[tuple[Any, ...]]


@dataclass(frozen=True)
class Analysis:
    """Every measure of one run of :func:`analyse`."""

    view: str
    graph: nx.Graph
    degree: dict[str, int]
    weighted_degree: dict[str, float]
    betweenness: dict[str, float]
    closeness: dict[str, float]
    communities: list[list[str]]
    modularity: float
    structure: Structure
    cross_border: CrossBorder
    concentration: Concentration
    goals: list[GoalCoverage]
    footprint: list[Footprint]
    #: node IRI -> English label, for every node of the views used
    labels: dict[str, str] = field(repr=False)
    sampled: bool = False


def undirected(G: nx.Graph) -> nx.Graph:
    """``G`` as a simple undirected graph: parallel and opposite edges merged, their weights added.

    Parameters
    ----------
    G
        Any networkx graph; an edge without ``weight`` weighs 1.

    Returns
    -------
    networkx.Graph
        ``G`` itself if it is already simple and undirected, else a new graph with
        ``G``'s nodes (and their attributes) and a ``weight`` on every edge.

    Example
    -------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("a", "b"), ("a", "b"), ("b", "a")])
    >>> undirected(G).edges["a", "b"]["weight"]
    3
    """
    import networkx as nx

    if not G.is_directed() and not G.is_multigraph():
        return G
    simple = nx.Graph()
    simple.add_nodes_from(G.nodes(data=True))
    for u, v, data in G.edges(data=True):
        weight = data.get("weight", 1)
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += weight
        else:
            simple.add_edge(u, v, weight=weight)
    return simple


def degree(G: nx.Graph) -> dict[str, int]:
    """How many others each node is linked to.

    Parameters
    ----------
    G
        A view (made :func:`undirected` first).

    Returns
    -------
    dict
        node -> number of neighbours.

    Example
    -------
    >>> import networkx as nx
    >>> degree(nx.MultiDiGraph([("a", "b"), ("a", "b"), ("c", "a")]))
    {'a': 2, 'b': 1, 'c': 1}
    """
    return dict(undirected(G).degree())


def weighted_degree(G: nx.Graph) -> dict[str, float]:
    """How much each node shares with others: the weights of its links added up.

    In the actors view that is the number of (actor, shared piece of work) pairs.

    Parameters
    ----------
    G
        A view (made :func:`undirected` first).

    Returns
    -------
    dict
        node -> sum of the weights of its links.

    Example
    -------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", weight=2)
    >>> G.add_edge("a", "c", weight=1)
    >>> weighted_degree(G)
    {'a': 3, 'b': 2, 'c': 1}
    """
    return dict(undirected(G).degree(weight="weight"))


def betweenness(G: nx.Graph, *, limit: int = EXACT_LIMIT, k: int = SAMPLE, seed: int = SEED) -> dict[str, float]:
    """Brokerage: the share of shortest paths between other nodes that pass through each node.

    Counts steps, not weights. Exact up to ``limit`` nodes (networkx); above it, estimated
    from ``k`` source nodes drawn with ``seed``, so the answer repeats (igraph, with
    networkx's sample and scaling: the numbers networkx would give, sooner).

    Parameters
    ----------
    G
        A view (made :func:`undirected` first).
    limit
        Largest node count computed exactly.
    k
        Source nodes sampled above ``limit`` (all of them if ``k`` reaches the node count).
    seed
        Seed of the sample.

    Returns
    -------
    dict
        node -> normalised betweenness (0 to 1).

    Example
    -------
    Two triangles joined by one link: its two ends carry every path between the triangles.

    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("d", "e"), ("e", "f"), ("d", "f")])
    >>> round(betweenness(G)["c"], 3)
    0.6
    """
    import random

    import networkx as nx

    simple = undirected(G)
    if len(simple) <= limit:
        return nx.betweenness_centrality(simple)
    nodes = list(simple)
    return _igraph_betweenness(simple, random.Random(seed).sample(nodes, k) if k < len(nodes) else None)


def closeness(G: nx.Graph, nodes: Iterable[str] | None = None) -> dict[str, float]:
    """How near each node is to the nodes it can reach, scaled by how many it can reach (Wasserman–Faust).

    Counts steps, not weights.

    Parameters
    ----------
    G
        A view (made :func:`undirected` first).
    nodes
        The nodes to compute it for (all by default); each costs one breadth-first search.

    Returns
    -------
    dict
        node -> closeness (0 to 1).

    Example
    -------
    >>> import networkx as nx
    >>> round(closeness(nx.path_graph(["a", "b", "c"]))["b"], 3)
    1.0
    """
    import networkx as nx

    simple = undirected(G)
    if nodes is None:
        return nx.closeness_centrality(simple)
    return {node: nx.closeness_centrality(simple, u=node) for node in nodes}


def communities(G: nx.Graph, *, seed: int = SEED, limit: int = EXACT_LIMIT) -> list[list[str]]:
    """Groups that work more with each other than with the rest (Louvain on the weights, seeded).

    Parameters
    ----------
    G
        A view (made :func:`undirected` first).
    seed
        Seed of Louvain: the same graph gives the same communities.
    limit
        Largest node count given to networkx; a larger graph goes to igraph's Louvain (also seeded),
        whose grouping can differ from networkx's where the split is not clear-cut.

    Returns
    -------
    list of lists
        The communities, each sorted, largest first (ties by their first member); an
        isolated node is a community of its own.

    Example
    -------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("d", "e"), ("e", "f"), ("d", "f")])
    >>> communities(G)
    [['a', 'b', 'c'], ['d', 'e', 'f']]
    """
    import networkx as nx

    simple = undirected(G)
    if len(simple) <= limit:
        found = nx.community.louvain_communities(simple, weight="weight", seed=seed)
    else:
        found = _igraph_louvain(simple, seed)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


def modularity(G: nx.Graph, groups: Sequence[Sequence[str]]) -> float:
    """How much more the ``groups`` link inside than a random graph of the same degrees would (−0.5 to 1).

    Parameters
    ----------
    G
        A view (made :func:`undirected` first).
    groups
        A partition of its nodes, e.g. from :func:`communities`.

    Returns
    -------
    float
        Weighted modularity; 0 for a graph with no links.

    Example
    -------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("c", "d")])
    >>> modularity(G, [["a", "b"], ["c", "d"]])
    0.5
    """
    import networkx as nx

    simple = undirected(G)
    if simple.number_of_edges() == 0:
        return 0.0
    return nx.community.modularity(simple, groups, weight="weight")


def structure(G: nx.Graph) -> Structure:
    """Size, density, connected groups and isolated nodes of a view.

    Parameters
    ----------
    G
        A view (made :func:`undirected` first: ``edges`` counts linked pairs).

    Returns
    -------
    Structure

    Example
    -------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b")])
    >>> G.add_node("c")
    >>> structure(G)
    Structure(nodes=3, edges=1, density=0.3333333333333333, components=2, largest_component=2, isolates=['c'])
    """
    import networkx as nx

    simple = undirected(G)
    sizes = [len(c) for c in nx.connected_components(simple)]
    return Structure(
        nodes=simple.number_of_nodes(),
        edges=simple.number_of_edges(),
        density=nx.density(simple),
        components=len(sizes),
        largest_component=max(sizes, default=0),
        isolates=sorted(nx.isolates(simple)),
    )


def cross_border(ownership: nx.Graph) -> CrossBorder:
    """How many municipalities each piece of work involves, and so how much of it crosses borders.

    A municipality takes part itself, through a department, or through a competence
    environment located in it; an unnamed group counts the members the source gives
    (0 if it gives none), so "two of the three municipalities" crosses a border
    without anyone guessing which two.

    Parameters
    ----------
    ownership
        The ownership view (actors -> work, ``bipartite`` 0 and 1).

    Returns
    -------
    CrossBorder
        With ``crossing`` (the work involving more than one municipality) and ``share``.

    Example
    -------
    >>> from lls_kg.store import open_store
    >>> from lls_kg.network import view
    >>> found = cross_border(view(open_store(), "ownership"))
    >>> len(found.crossing), len(found.municipalities)
    (7, 13)
    """
    work = _municipal_work(ownership)
    return CrossBorder({piece: _municipality_count(ownership, keys) for piece, keys in work.items()})


def ownership_concentration(ownership: nx.Graph) -> Concentration:
    """Who owns the work now, how many pieces each, and which projects have no current owner.

    Parameters
    ----------
    ownership
        The ownership view; an ``owns`` edge is a current owner (a role that has ended
        reads ``owned before``).

    Returns
    -------
    Concentration
        With ``owned`` (owner -> pieces of work) and ``herfindahl``.

    Example
    -------
    >>> import networkx as nx
    >>> owns = {"relation": "owns"}
    >>> G = nx.MultiDiGraph([("o1", "p1", owns), ("o1", "p2", owns), ("o2", "p3", owns)])
    >>> found = ownership_concentration(G)
    >>> found.owned, round(found.herfindahl, 4)
    ({'o1': 2, 'o2': 1}, 0.5556)
    """
    owned = Counter(owner for owner, _work in {(u, v) for u, v, r in ownership.edges(data="relation") if r == OWNS})
    projects = sorted(n for n, cls in ownership.nodes(data="class_iri") if cls == PROJECT)
    has_owner = {v for _u, v, r in ownership.edges(data="relation") if r == OWNS}
    return Concentration(dict(sorted(owned.items())), [p for p in projects if p not in has_owner], len(projects))


def goal_coverage(goals: nx.Graph) -> list[GoalCoverage]:
    """Per goal: the pieces of work that serve it, the actors of that work, and how much of it has an owner.

    Parameters
    ----------
    goals
        The goals view (actor -> work -> goal); its goals are the nodes with no outgoing edge.

    Returns
    -------
    list of GoalCoverage
        One per goal, fewest activities first (ties by IRI).

    Example
    -------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("work", "goal 1", {"relation": "serves goal"}), ("actor", "work", {"relation": "owns"})])
    >>> G.add_node("goal 2")
    >>> [(c.goal, c.activities, c.actors, c.owned) for c in goal_coverage(G)]
    [('goal 2', 0, 0, 0), ('goal 1', 1, 1, 1)]
    """
    coverage = []
    for goal in (n for n in goals if goals.out_degree(n) == 0):
        work = {u for u, _v, r in goals.in_edges(goal, data="relation") if r == SERVES}
        actors = {u for w in work for u, _v in goals.in_edges(w)}
        owned = {w for w in work if any(r == OWNS for _u, _v, r in goals.in_edges(w, data="relation"))}
        coverage.append(GoalCoverage(goal, len(work), len(actors), len(owned)))
    return sorted(coverage, key=lambda c: (c.activities, c.goal))


def footprint(ownership: nx.Graph) -> list[Footprint]:
    """Each municipality's part in the work: how much, how much across borders, with how many others.

    Parameters
    ----------
    ownership
        The ownership view; its municipality nodes are those of class ``lls:Municipality``.

    Returns
    -------
    list of Footprint
        One per municipality, most activities first (then most across borders, then IRI);
        ``partners`` counts the other municipalities and unnamed groups it shares work with.

    Example
    -------
    >>> from lls_kg.store import open_store
    >>> from lls_kg.network import view
    >>> [(f.municipality.rsplit("/", 1)[1], f.activities) for f in footprint(view(open_store(), "ownership"))][:3]
    [('leikanger', 6), ('sogndal', 6), ('luster', 5)]
    """
    activities: Counter[str] = Counter()
    crossing: Counter[str] = Counter()
    partners: dict[str, set[str]] = defaultdict(set)
    for keys in _municipal_work(ownership).values():
        across = _municipality_count(ownership, keys) > 1
        for key in keys:
            activities[key] += 1
            crossing[key] += across
            partners[key] |= keys - {key}
    municipalities = [n for n, cls in ownership.nodes(data="class_iri") if cls == MUNICIPALITY]
    rows = [Footprint(m, activities[m], crossing[m], len(partners[m])) for m in municipalities]
    return sorted(rows, key=lambda f: (-f.activities, -f.cross_border, f.municipality))


def analyse(store: Store, view: str = "actors", *, top: int = 10) -> Analysis:
    """Every measure: the centralities and communities of ``view``, and the region's cross-border work, owners,
    goal coverage and municipal footprints.

    Parameters
    ----------
    store
        Any :class:`~lls_kg.store.Store`.
    view
        The view the centralities, communities and structure are measured on.
    top
        How many nodes a report shows; above :data:`EXACT_LIMIT` nodes, closeness is
        computed only for the ``top`` brokers.

    Returns
    -------
    Analysis

    Example
    -------
    >>> from lls_kg.store import open_store
    >>> result = analyse(open_store("oxigraph"))
    >>> result.structure.nodes, result.structure.edges, len(result.structure.isolates)
    (22, 13, 10)
    """
    graphs = views(store, list(dict.fromkeys([view, "ownership", "goals"])))
    G = undirected(graphs[view])
    between, weights = betweenness(G), weighted_degree(G)
    large = len(G) > EXACT_LIMIT
    groups = communities(G)
    return Analysis(
        view=view,
        graph=graphs[view],
        degree=degree(G),
        weighted_degree=weights,
        betweenness=between,
        closeness=closeness(G, _ranked(between, weights)[:top] if large else None),
        communities=groups,
        modularity=modularity(G, groups),
        structure=structure(G),
        cross_border=cross_border(graphs["ownership"]),
        concentration=ownership_concentration(graphs["ownership"]),
        goals=goal_coverage(graphs["goals"]),
        footprint=footprint(graphs["ownership"]),
        labels={n: d for g in graphs.values() for n, d in g.nodes(data="label_en")},
        sampled=large,
    )


def summary(analysis: Analysis) -> list[str]:
    """A few plain sentences on what the measures say about the region.

    Who bridges most, which goal has least activity, how much work crosses municipal
    borders, which municipalities take part most, how concentrated ownership is, and
    the shape of the view.

    Parameters
    ----------
    analysis
        The result of :func:`analyse`.

    Returns
    -------
    list of str
        One sentence (or two closely tied ones) per item.

    Example
    -------
    >>> from lls_kg.store import open_store
    >>> summary(analyse(open_store("oxigraph")))[2]
    '7 of the 13 pieces of work with known participants (54%) involve more than one municipality.'
    """
    return [_brokers(analysis), _goal_sentence(analysis), _border_sentence(analysis),
            _footprint_sentence(analysis), _ownership_sentence(analysis), _structure_sentence(analysis)]


def tables(analysis: Analysis, top: int = 10) -> list[Table]:
    """The measures as tables, each cut to ``top`` rows where it lists nodes.

    Parameters
    ----------
    analysis
        The result of :func:`analyse`.
    top
        Rows per node list.

    Returns
    -------
    list of Table
        centrality, structure, communities, isolates, region, cross_border, ownership,
        goals, footprint.

    Example
    -------
    >>> from lls_kg.store import open_store
    >>> [t.name for t in tables(analyse(open_store("oxigraph")))][:3]
    ['centrality', 'structure', 'communities']
    """
    return _view_tables(analysis, top) + _region_tables(analysis, top)


def render(analysis: Analysis, fmt: str = "table", top: int = 10) -> str:
    """The summary sentences, then the tables, as ``table`` (for people), ``md`` or ``json``.

    Parameters
    ----------
    analysis
        The result of :func:`analyse`.
    fmt
        One of :data:`REPORT_FORMATS`.
    top
        Rows per node list.

    Returns
    -------
    str
        Text ending in a newline; json holds ``view``, ``summary`` and ``tables``
        (name -> list of records, numbers as numbers, IRIs in full).

    Example
    -------
    >>> from lls_kg.store import open_store
    >>> print(render(analyse(open_store("oxigraph")), "md").splitlines()[0])
    # Collaboration in the actors view
    """
    require(fmt, REPORT_FORMATS, "format")
    sentences, found = summary(analysis), tables(analysis, top)
    if fmt == "json":
        return json.dumps({"view": analysis.view, "summary": sentences,
                           "tables": {t.name: [dict(zip(t.columns, row)) for row in t.rows] for t in found}},
                          ensure_ascii=False, indent=2) + "\n"
    from .formats import render as render_table

    if fmt == "md":
        parts = [f"# Collaboration in the {analysis.view} view", " ".join(sentences)]
        parts += [f"## {t.title}\n\n{render_table(_result(t), 'md').rstrip()}" for t in found]
    else:
        parts = ["\n".join(sentences)]
        parts += [f"{t.title}\n\n{render_table(_result(t), 'table').rstrip()}" for t in found]
    return "\n\n".join(parts) + "\n"


# --- helpers ----------------------------------------------------------------------------------


def _igraph(G: nx.Graph) -> tuple[Any, list[str]]:
    """``G`` (simple, undirected) as an igraph graph with a ``weight`` on every edge, and its nodes by index."""
    import igraph

    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    graph = igraph.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in G.edges()])
    graph.es["weight"] = [weight for _u, _v, weight in G.edges(data="weight", default=1)]
    return graph, nodes


def _igraph_betweenness(G: nx.Graph, sources: list[str] | None) -> dict[str, float]:
    """networkx's normalised betweenness of ``G``, from the paths leaving ``sources`` (None: all nodes), by igraph.

    igraph counts each unordered pair of nodes once where networkx counts both orders; the scaling
    is networkx's (a sampled source cannot be the end of its own paths, so it has one pair fewer).
    """
    graph, nodes = _igraph(G)
    n = len(nodes)
    if n < 3:
        return dict.fromkeys(nodes, 0.0)
    index = {node: i for i, node in enumerate(nodes)}
    raw = graph.betweenness(directed=False, sources=None if sources is None else [index[s] for s in sources])
    if sources is None:
        return {node: 2 * value / ((n - 1) * (n - 2)) for node, value in zip(nodes, raw)}
    k, chosen = len(sources), set(sources)
    scale_source = 2 / ((k - 1) * (n - 2)) if k > 1 else math.nan
    scale_other = 2 / (k * (n - 2))
    return {node: value * (scale_source if node in chosen else scale_other) for node, value in zip(nodes, raw)}


def _igraph_louvain(G: nx.Graph, seed: int) -> list[set[str]]:
    """Louvain (igraph's multilevel method) on the weights of ``G``, with igraph's randomness seeded."""
    import random

    import igraph

    graph, nodes = _igraph(G)
    igraph.set_random_number_generator(random.Random(seed))
    try:
        found = graph.community_multilevel(weights="weight")
    finally:
        igraph.set_random_number_generator(random)  # igraph's default: Python's own generator
    return [{nodes[i] for i in members} for members in found]


def _view_tables(a: Analysis, top: int) -> list[Table]:
    """Centrality, structure, communities and isolates of the analysed view."""
    label = a.labels.get
    community = {node: i for i, group in enumerate(a.communities, 1) for node in group}
    s = a.structure
    groups = [g for g in a.communities if len(g) > 1]
    return [
        Table("centrality", f"Centrality ({a.view} view, top {top} by betweenness)",
              ["node", "label", "class", "degree", "weighted_degree", "betweenness", "closeness", "community"],
              [(_iri(n), label(n), a.graph.nodes[n].get("class", ""), a.degree[n], a.weighted_degree[n],
                a.betweenness[n], a.closeness.get(n), community[n])
               for n in _ranked(a.betweenness, a.weighted_degree)[:top]]),
        Table("structure", f"Structure ({a.view} view)", ["measure", "value"], [
            ("nodes", s.nodes), ("links", s.edges), ("density", s.density), ("components", s.components),
            ("largest component", s.largest_component), ("isolates", len(s.isolates)),
            ("communities of two or more", len(groups)), ("modularity", a.modularity),
            ("betweenness", f"sampled from {SAMPLE} nodes (seed {SEED})" if a.sampled else "exact")]),
        Table("communities", f"Communities ({a.view} view, Louvain, seed {SEED})", ["community", "size", "members"],
              [(i, len(g), _members_text([label(n) or n for n in g], top)) for i, g in enumerate(groups, 1)][:top]),
        Table("isolates", f"Isolates ({a.view} view)", ["node", "label"],
              [(_iri(n), label(n)) for n in s.isolates[:top]]),
    ]


def _region_tables(a: Analysis, top: int) -> list[Table]:
    """The region's figures, its cross-border work, owners, goal coverage and municipal footprints."""
    label = a.labels.get
    c, o = a.cross_border, a.concentration
    owned = sum(o.owned.values())
    return [
        Table("region", "The region", ["measure", "value"], [
            ("work with known participants", len(c.municipalities)), ("cross-border work", len(c.crossing)),
            ("cross-border share", c.share), ("current owners", len(o.owned)), ("owned work", owned),
            ("Herfindahl index", o.herfindahl), ("projects", o.projects),
            ("projects without a current owner", len(o.unowned_projects)), ("goals", len(a.goals)),
            ("goals without owned work", sum(g.owned == 0 for g in a.goals))]),
        Table("cross_border", "Work across municipal borders", ["work", "label", "municipalities"],
              sorted(((_iri(w), label(w), n) for w, n in c.municipalities.items() if n > 1),
                     key=lambda row: (-row[2], row[1] or ""))[:top]),
        Table("ownership", "Current owners", ["owner", "label", "owned", "share"],
              [(_iri(n), label(n), k, k / owned)
               for n, k in sorted(o.owned.items(), key=lambda item: (-item[1], item[0]))][:top]),
        Table("goals", "Goal coverage (fewest activities first)", ["goal", "label", "activities", "actors", "owned"],
              [(_iri(g.goal), label(g.goal), g.activities, g.actors, g.owned) for g in a.goals]),
        Table("footprint", "Municipal footprint", ["municipality", "label", "activities", "cross_border", "partners"],
              [(_iri(f.municipality), label(f.municipality), f.activities, f.cross_border, f.partners)
               for f in a.footprint]),
    ]


def _members_text(labels: list[str], limit: int) -> str:
    """The first ``limit`` labels, sorted, and how many more: a national community has thousands."""
    shown = sorted(labels)[:limit]
    return "; ".join(shown) + (f"; … {len(labels) - limit} more" if len(labels) > limit else "")


def _municipal_work(ownership: nx.Graph) -> dict[str, set[str]]:
    """Each piece of work (``bipartite`` 1) -> the municipalities and unnamed groups taking part in it."""
    return {work: {key for actor in ownership.predecessors(work) for key in municipal_keys(ownership.nodes[actor])}
            for work, side in ownership.nodes(data="bipartite") if side == 1}


def _municipality_count(G: nx.Graph, keys: Iterable[str]) -> int:
    """Municipalities behind ``keys``: 1 each, an unnamed group its known member count (else 0)."""
    return sum(_members(G.nodes[key] if key in G else {}) for key in keys)


def _members(attributes: Mapping[str, Any]) -> int:
    return attributes.get("member_count", 0) if attributes.get("class_iri") == UNNAMED_GROUP else 1


def _ranked(between: Mapping[str, float], weights: Mapping[str, float]) -> list[str]:
    """Nodes by betweenness, then weighted degree, then IRI: brokers first."""
    return sorted(between, key=lambda n: (-between[n], -weights[n], n))


def _iri(node: str) -> Any:
    from rdflib import URIRef

    return URIRef(node)


def _result(table: Table) -> Result:
    """``table`` as a query result, so :func:`lls_kg.formats.render` aligns it and shortens IRIs."""
    from rdflib import Literal, URIRef

    from .store import Result

    def term(value: Any) -> Any:
        if value is None or isinstance(value, URIRef):
            return value
        return Literal(float(f"{value:.3g}") if isinstance(value, float) else value)  # 3 significant digits

    return Result("SELECT", vars=table.columns, rows=[tuple(term(v) for v in row) for row in table.rows])


def _names(labels: Sequence[str], limit: int = 5) -> str:
    """``a``, ``a and b``, ``a, b and c``; beyond ``limit``, ``… and N others``."""
    labels = list(labels)
    if len(labels) > limit + 1:
        labels = labels[:limit] + [f"{len(labels) - limit} others"]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _label_all(analysis: Analysis, nodes: Iterable[str]) -> list[str]:
    return sorted(analysis.labels.get(n) or n for n in nodes)


def _brokers(a: Analysis) -> str:
    best = max(a.betweenness.values(), default=0.0)
    if best == 0:
        return (f"No one in the {a.view} view stands between others: "
                "within each connected group, everyone is linked directly.")
    brokers = _label_all(a, (n for n, b in a.betweenness.items() if b == best))
    verb, pronoun = ("bridges", "it lies") if len(brokers) == 1 else ("bridge", "they lie")
    return (f"{_names(brokers)} {verb} most in the {a.view} view: {pronoun} on more shortest paths "
            f"between others than anyone else (betweenness {best:.3g}).")


def _goal_sentence(a: Analysis) -> str:
    if not a.goals:
        return "The graph holds no goals."
    least = [g for g in a.goals if g.activities == a.goals[0].activities]
    pieces = _count(least[0].activities, "piece", "pieces")
    if len(least) == 1:
        text = (f"The goal {_quoted(a, least)} has the least activity: {pieces} of work "
                f"and {_count(least[0].actors, 'actor', 'actors')}.")
    else:
        text = f"The goals {_quoted(a, least)} have the least activity: {pieces} of work each."
    unowned = [g for g in a.goals if g.owned == 0]
    if len(unowned) == len(a.goals):
        return text + " No goal has work with a current owner."
    if unowned:
        return text + f" {_quoted(a, unowned)} {'has' if len(unowned) == 1 else 'have'} no work with a current owner."
    return text


def _quoted(a: Analysis, goals: Sequence[GoalCoverage]) -> str:
    return _names([f"“{a.labels.get(g.goal, g.goal)}”" for g in goals])


def _border_sentence(a: Analysis) -> str:
    c = a.cross_border
    if not c.municipalities:
        return "No work has known participants."
    verb = "involves" if len(c.crossing) == 1 else "involve"
    return (f"{len(c.crossing)} of the {_count(len(c.municipalities), 'piece', 'pieces')} of work "
            f"with known participants ({c.share:.0%}) {verb} more than one municipality.")


def _footprint_sentence(a: Analysis) -> str:
    if not a.footprint or a.footprint[0].activities == 0:
        return "No municipality takes part in any work."
    first = a.footprint[0]
    most = [f for f in a.footprint if f.activities == first.activities]
    across = f", {first.cross_border} across borders" if all(f.cross_border == first.cross_border for f in most) else ""
    each = " each" if len(most) > 1 else ""
    text = (f"{_names(_label_all(a, (f.municipality for f in most)))} {'takes' if len(most) == 1 else 'take'} part in "
            f"the most work ({_count(first.activities, 'piece', 'pieces')}{each}{across})")
    idle = _label_all(a, (f.municipality for f in a.footprint if f.activities == 0))
    return text + (f"; {_names(idle)} in none." if idle else ".")


def _ownership_sentence(a: Analysis) -> str:
    o = a.concentration
    unowned = (f"; {len(o.unowned_projects)} of the {_count(o.projects, 'project', 'projects')} "
               f"{'has' if len(o.unowned_projects) == 1 else 'have'} no current owner") if o.projects else ""
    if not o.owned:
        return f"No work has a current owner{unowned}."
    largest = max(o.owned.values())
    leaders = _names(_label_all(a, (n for n, k in o.owned.items() if k == largest)))
    if len(o.owned) == 1:
        text = (f"{leaders} is the only current owner "
                f"({_count(largest, 'piece', 'pieces')} of work, Herfindahl index 1.00)")
    else:
        text = (f"{len(o.owned)} current owners hold {sum(o.owned.values())} pieces of work, "
                f"{leaders} most ({largest}); "
                f"Herfindahl index {o.herfindahl:.2f}, where {1 / len(o.owned):.2f} is an even spread and 1 one owner")
    return text + unowned + "."


def _structure_sentence(a: Analysis) -> str:
    s = a.structure
    groups = sum(len(g) > 1 for g in a.communities)
    return (f"The {a.view} view has {_count(s.nodes, 'node', 'nodes')} and {_count(s.edges, 'link', 'links')} "
            f"in {_count(s.components, 'connected group', 'connected groups')}; "
            f"{_count(len(s.isolates), 'has', 'have')} no link, and Louvain finds "
            f"{_count(groups, 'community', 'communities')} of two or more.")
