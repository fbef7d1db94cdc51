"""Where each node of a picture goes: a seeded layout, so the same graph is always drawn the same way.

Each connected group is laid out on its own and the groups are packed in rows,
so isolates do not fling the picture apart: networkx's seeded spring layout up to
:data:`NETWORKX_LIMIT` nodes a group, igraph's grid Fruchterman–Reingold above (there
networkx needs scipy, and took 60-75 s for 5,000 nodes on our machine; igraph 0.5-1 s).
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from typing import Any

import networkx as nx

from ..network.measures import igraph_module, undirected


#: Seed of every layout: the same graph is drawn the same way.
SEED = 42


#: Largest connected group laid out with networkx; bigger ones go to igraph.
NETWORKX_LIMIT = 500


#: Room per node, in pixels: a group of n nodes is laid out over a square of side SPACING * sqrt(n).
SPACING = 150.0


#: Nearest two nodes of a group may be, in pixels (groups laid out by networkx).
GAP = 110.0


#: Room around a group for the labels of its outer nodes, in pixels (half a label's width; its height).
LABEL_ROOM = (95.0, 60.0)


def positions(G: nx.Graph, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """Where each node goes, in pixels (y grows downwards): the same graph always gets the same places.

    Each connected group is laid out on its own, over an area that grows with its size,
    with nodes pushed at least :data:`GAP` apart; the groups are packed in rows, largest
    first, into a rectangle a little wider than tall.

    Parameters
    ----------
    G
        Any networkx graph (directions and parallel links are ignored).
    seed
        Seed of the layouts.

    Returns
    -------
    dict
        node -> (x, y), rounded to a tenth of a pixel, in ``G``'s node order.

    Example
    -------
    >>> import networkx as nx
    >>> at = positions(nx.Graph([("a", "b")]))
    >>> at == positions(nx.Graph([("a", "b")])), at["a"] != at["b"]
    (True, True)
    """
    simple = undirected(G)
    groups = sorted((induced(simple, c) for c in nx.connected_components(simple)), key=lambda g: (-len(g), min(g)))
    laid = [_layout(group, seed) for group in groups]
    boxes = [_box(at) for at in laid]
    width = max(max((w for _, _, w, _ in boxes), default=0.0), 1.3 * math.sqrt(sum(w * h for *_, w, h in boxes)))
    placed: dict[str, tuple[float, float]] = {}
    x = y = row = 0.0
    for at, (left, top, w, h) in zip(laid, boxes):
        if x and x + w > width:
            x, y, row = 0.0, y + row, 0.0
        placed.update((node, (round(x + px - left, 1), round(y + py - top, 1))) for node, (px, py) in at.items())
        x, row = x + w, max(row, h)
    return {node: placed[node] for node in G}


def induced(G: nx.Graph, keep: set[str]) -> nx.Graph:
    """A copy of ``G`` with only the nodes in ``keep``, nodes and edges in ``G``'s order.

    networkx's ``G.subgraph(nodes)`` lists a small subgraph's nodes in the order of a
    Python set, which changes with the interpreter's hash seed: layouts would too.
    """
    H = G.__class__()
    H.graph.update(G.graph)
    nodes = [node for node in G if node in keep]
    H.add_nodes_from((node, G.nodes[node]) for node in nodes)
    # the links of the kept nodes only (a layout cuts a graph into many groups), in the order G.edges gives them
    links = G.edges(nodes, keys=True, data=True) if G.is_multigraph() else G.edges(nodes, data=True)
    H.add_edges_from(link for link in links if link[1] in keep)
    return H


def _layout(group: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    """Positions of one connected group in pixels, centred on 0, over a square of side SPACING * sqrt(size).

    Springs ignore link weights: a weight says how much two actors share, and weighted
    springs pull the busiest partners on top of each other.
    """
    import numpy as np  # here, not at the top: 0.1 s of every command's start-up, for pictures only

    radius = SPACING * math.sqrt(len(group)) / 2
    if len(group) == 1:
        return {node: (0.0, 0.0) for node in group}
    if len(group) > NETWORKX_LIMIT:
        return _igraph_layout(group, radius, seed)
    at = nx.spring_layout(group, weight=None, seed=seed, scale=radius)
    points = _spread(np.array([at[node] for node in group], dtype=float), GAP)
    return {node: (float(x), float(y)) for node, (x, y) in zip(group, points)}


def _spread(points: Any, gap: float, rounds: int = 100) -> Any:
    """``points`` pushed apart, pair by pair, until none are nearer than ``gap`` (or ``rounds`` run out).

    Spring layouts crowd the nodes that share most of their links into one spot.
    """
    import numpy as np  # on first use, as in _layout

    for _ in range(rounds):
        apart = points[:, None, :] - points[None, :, :]
        distance = np.sqrt((apart ** 2).sum(axis=-1))
        np.fill_diagonal(distance, np.inf)
        short = np.clip(gap - distance, 0.0, None)
        if not short.any():
            break
        points = points + (apart / np.maximum(distance, 1e-9)[..., None] * (short / 2)[..., None]).sum(axis=1)
    return points


def _igraph_layout(group: nx.Graph, radius: float, seed: int) -> dict[str, tuple[float, float]]:
    """igraph's grid Fruchterman–Reingold, its random start drawn from ``seed``, scaled to ``radius``."""
    import numpy as np  # as in _layout

    igraph = igraph_module()

    index = {node: i for i, node in enumerate(group)}
    graph = igraph.Graph(n=len(index), edges=[(index[u], index[v]) for u, v in group.edges()])
    igraph.set_random_number_generator(random.Random(seed))
    try:
        coords = graph.layout_fruchterman_reingold(grid="grid").coords
    finally:
        igraph.set_random_number_generator(random)
    scaled = nx.rescale_layout(np.array(coords, dtype=float), scale=radius)
    return {node: (float(x), float(y)) for node, (x, y) in zip(index, scaled)}


def _box(at: Mapping[str, tuple[float, float]]) -> tuple[float, float, float, float]:
    """Left, top, width and height of the room a group takes: its nodes and their labels."""
    xs, ys = [x for x, _ in at.values()], [y for _, y in at.values()]
    return (min(xs) - LABEL_ROOM[0], min(ys) - LABEL_ROOM[1],
            max(xs) - min(xs) + 2 * LABEL_ROOM[0], max(ys) - min(ys) + 2 * LABEL_ROOM[1])
