"""Graph measures of a network view: who is linked to whom, who bridges, which groups form.

Centralities and communities work on a view as a simple undirected graph
(:func:`undirected`): working together has no direction, and parallel links
(two roles in one project) add up to one weighted link. Betweenness and closeness
count steps, not weights: a weight says how much two actors share, not how far
apart they are. Louvain uses the weights, with a fixed seed so communities repeat.

Above :data:`EXACT_LIMIT` nodes, betweenness samples :data:`SAMPLE` source nodes
(seeded) and closeness is computed only for the nodes a report shows: exact
betweenness and closeness cost one breadth-first search per node, hours on a
national graph. Both run in igraph at every size, with networkx's definitions and
scaling (the numbers networkx gives, to 12 decimals): on the 949 actors of a
national graph of a million triples networkx took 3 s for exact betweenness, igraph
0.05 s. Louvain runs in networkx up to :data:`EXACT_LIMIT` nodes (its grouping is
the reference the tests check) and in igraph above it; the views stay networkx
graphs.
"""

from __future__ import annotations

import math
import random
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx


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

    Counts steps, not weights. Exact up to ``limit`` nodes; above it, estimated from ``k``
    source nodes drawn with ``seed``, so the answer repeats. igraph computes it, with
    networkx's sample and scaling: the numbers networkx would give, rounded to 12 decimals
    so that nodes tied in fact stay tied in the ranking.

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
    >>> betweenness(G)["c"]
    0.6
    """
    simple = undirected(G)
    nodes = list(simple)
    sampled = len(nodes) > limit and k < len(nodes)
    return _igraph_betweenness(simple, random.Random(seed).sample(nodes, k) if sampled else None)


def closeness(G: nx.Graph, nodes: Iterable[str] | None = None) -> dict[str, float]:
    """How near each node is to the nodes it can reach, scaled by how many it can reach (Wasserman–Faust).

    Counts steps, not weights. igraph computes it; the scaling is networkx's: the reachable
    share ``(r - 1) / (n - 1)`` times ``(r - 1)`` over the distances to the ``r - 1`` nodes
    reached, 0 for a node that reaches none.

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
    >>> closeness(nx.path_graph(["a", "b", "c"]))["b"]
    1.0
    """
    graph, order = _igraph(undirected(G))
    index = {node: i for i, node in enumerate(order)}
    chosen = order if nodes is None else list(nodes)
    if len(order) < 2:
        return dict.fromkeys(chosen, 0.0)
    vertices = [index[node] for node in chosen]
    reached = graph.closeness(vertices, mode="all", normalized=True)
    components = graph.connected_components()
    sizes, component = components.sizes(), components.membership
    return {node: 0.0 if math.isnan(value) else
            round(value * (sizes[component[i]] - 1) / (len(order) - 1), 12)
            for node, i, value in zip(chosen, vertices, reached)}


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
        Weighted modularity, to 12 decimals; 0 for a graph with no links.

    Example
    -------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("c", "d")])
    >>> modularity(G, [["a", "b"], ["c", "d"]])
    0.5
    """
    simple = undirected(G)
    if simple.number_of_edges() == 0:
        return 0.0
    return round(nx.community.modularity(simple, groups, weight="weight"), 12)  # a sum's 1e-16 noise is 0


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


def ranked(between: Mapping[str, float], weights: Mapping[str, float]) -> list[str]:
    """Nodes by betweenness, then weighted degree, then IRI: brokers first."""
    return sorted(between, key=lambda n: (-between[n], -weights[n], n))


def igraph_module() -> Any:
    """The igraph module, loaded on first use without matplotlib.

    igraph imports matplotlib's pyplot if it can, for drawing. We never draw with igraph (pictures are drawn by
    :mod:`lls_kg.html.figure`), and pyplot took 0.4 s of each command that measures. So while igraph loads,
    matplotlib reads as not installed, unless something has loaded it already; it loads as usual afterwards.
    """
    hidden = "igraph" not in sys.modules and "matplotlib" not in sys.modules
    if hidden:
        sys.modules["matplotlib"] = None  # type: ignore[assignment]  # Python's mark for a module not to import
    try:
        import igraph
    finally:
        if hidden:
            del sys.modules["matplotlib"]
    return igraph


def _igraph(G: nx.Graph) -> tuple[Any, list[str]]:
    """``G`` (simple, undirected) as an igraph graph with a ``weight`` on every edge, and its nodes by index."""
    igraph = igraph_module()
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
        return {node: round(2 * value / ((n - 1) * (n - 2)), 12) for node, value in zip(nodes, raw)}
    k, chosen = len(sources), set(sources)
    scale_source = 2 / ((k - 1) * (n - 2)) if k > 1 else math.nan
    scale_other = 2 / (k * (n - 2))
    return {node: round(value * (scale_source if node in chosen else scale_other), 12)
            for node, value in zip(nodes, raw)}


def _igraph_louvain(G: nx.Graph, seed: int) -> list[set[str]]:
    """Louvain (igraph's multilevel method) on the weights of ``G``, with igraph's randomness seeded."""
    igraph = igraph_module()
    graph, nodes = _igraph(G)
    igraph.set_random_number_generator(random.Random(seed))
    try:
        found = graph.community_multilevel(weights="weight")
    finally:
        igraph.set_random_number_generator(random)  # igraph's default: Python's own generator
    return [{nodes[i] for i in members} for members in found]
