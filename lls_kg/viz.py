"""Pictures of the network views: a self-contained HTML page that works offline, or a PNG or SVG figure.

Why the page is built as it is:

- **Offline and safe.** The page inlines vis-network (the copy pyvis ships), its own script and
  its style, links nothing, and its Content-Security-Policy forbids loading anything and runs
  only those scripts (by hash), so even an injected event handler would not run. The data
  travels as JSON in a ``<script type="application/json">`` block with ``<``, ``>``, ``&``,
  U+2028 and U+2029 escaped, and the page's script hands text only to ``textContent``, option
  text and the canvas: a label such as ``<img src=x onerror=alert(1)>`` is shown, never run.
  pyvis' own template is not used: it links Bootstrap from a CDN, renders without
  autoescaping and puts titles into ``innerHTML``.
- **Repeatable.** Positions come from a seeded layout and physics is off; node ids are positions
  in the view's (sorted) node order; nothing records a time or a random id. The same graph
  gives the same bytes.
- **Fast.** Node and edge lists are written directly (pyvis' ``add_node``/``add_edge`` are
  quadratic). Each connected group is laid out on its own and the groups are packed in rows,
  so isolates do not fling the picture apart: networkx's seeded spring layout up to
  :data:`NETWORKX_LIMIT` nodes a group, igraph's grid Fruchterman–Reingold above (there
  networkx needs scipy, and took 60-75 s for 5,000 nodes on our machine; igraph 0.5-1 s).

networkx, jinja2, matplotlib and igraph are imported by the functions that use them, so the
command line reads :data:`FORMATS` and :data:`MEASURES` cheaply.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import importlib.util
import io
import json
import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .analysis import betweenness, closeness, degree, undirected, weighted_degree
from .choices import PICTURE_FORMATS as FORMATS, SIZE_MEASURES as MEASURES, require
from .errors import BadInput
from .namespaces import LLS, curie
from .network import RELATIONS, SERVES, VIEWS, municipal_keys, views

if TYPE_CHECKING:
    import networkx as nx
    from markupsafe import Markup

    from .store import Store

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
#: Smallest and largest node radius, in pixels.
RADII = (8.0, 30.0)
#: Views above this many nodes hide edges while dragging and zooming, and draw no node labels in figures.
LARGE = 1000
#: The relation drawn dashed: an ownership that has ended.
FORMER = RELATIONS[LLS + "FormerOwner"]
#: The class whose instances ``--goal`` accepts.
GOAL = LLS + "Goal"

TEMPLATES = Path(__file__).resolve().parent / "templates"

#: Node shape -> ontology class (local name) -> fill colour. The shape tells the family
#: (actors, work, results and documents, goals and concepts, the rest); the colour the class.
_FAMILIES: dict[str, dict[str, str]] = {
    "dot": {"Actor": "#829ab1", "CityRegion": "#1d3557", "Municipality": "#4e79a7", "Department": "#a0cbe8",
            "CompetenceEnvironment": "#59a14f", "UnnamedGroup": "#bab0ac", "Organisation": "#b07aa1",
            "Company": "#f28e2b", "Association": "#edc948", "PublicAgency": "#76b7b2"},
    "square": {"Programme": "#8c564b", "ProgrammePhase": "#c49c94", "Project": "#e15759", "Activity": "#ff9d9a",
               "Event": "#9467bd", "NetworkMeeting": "#c5b0d5", "MunicipalMerger": "#7f7f7f",
               "OwnershipTransfer": "#17becf"},
    "triangle": {"Result": "#fabfd2", "Document": "#bcbd22", "Report": "#8cd17d", "Plan": "#b6992d",
                 "Application": "#f1ce63", "Projection": "#499894", "Fund": "#86bcb6", "SharedService": "#d37295"},
    "star": {"Goal": "#d62728", "Theme": "#ff7f0e", "ExpectedEffect": "#e377c2", "Indicator": "#1f77b4"},
    "diamond": {"Role": "#8d99ae", "RoleKind": "#aec7e8", "IndicatorObservation": "#9edae5", "Lesson": "#dbdb8d",
                "UnitOfMeasure": "#c7c7c7", "SheetRow": "#e0c097"},
}
#: Colours for classes outside the ontology, picked by a checksum of the class IRI.
_SPARE = ("#8c8c8c", "#b5a48b", "#7aa6c2", "#c49a6c", "#9c9ede", "#a1d99b", "#d6a5c9", "#9fbf9f")
#: vis-network shape -> matplotlib marker.
_MARKERS = {"dot": "o", "square": "s", "triangle": "^", "star": "*", "diamond": "D"}
_SHAPE_ORDER = list(_FAMILIES)
#: What must not appear inside an inlined ``<script>`` or ``<style>``: it would end the element early,
#: or (``<!--``) change how the browser reads where it ends.
_BREAKOUT = re.compile(r"</(script|style)|<!--", re.IGNORECASE)
#: JSON characters escaped for a ``<script>`` block: ``</script>``, ``<!--`` and the line separators.
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@dataclass(frozen=True)
class Style:
    """How the nodes of a class are drawn: a fill colour and a vis-network shape."""

    colour: str
    shape: str


STYLES: dict[str, Style] = {LLS + name: Style(colour, shape)
                            for shape, members in _FAMILIES.items() for name, colour in members.items()}


@dataclass(frozen=True)
class Scene:
    """A view cut to what one picture shows, with what the picture's filters and tooltips need."""

    graph: nx.Graph
    title: str
    #: node -> the goals it works towards: a goal itself, the goals its work serves or the work it
    #: takes part in serves; a municipality also those of its departments and competence environments
    goals: dict[str, list[str]]
    #: node -> the municipalities it belongs to, or whose actors take part in it (work, and the goals it serves)
    places: dict[str, list[str]]
    #: every node of the views read -> its attributes (labels, class, quotes)
    nodes: dict[str, dict[str, Any]]

    def label(self, node: str) -> str:
        """The English label of ``node``, or its prefixed name."""
        return _label(self.nodes, node)


@dataclass(frozen=True)
class Drawing:
    """What the page and the figure both draw: positions, node radii, the measure, the classes in legend order."""

    scene: Scene
    size_by: str
    at: dict[str, tuple[float, float]]
    radius: dict[str, float]
    value: dict[str, float]
    classes: list[tuple[str, str]]


def style(class_iri: str) -> Style:
    """Colour and shape of a class: fixed for the ontology's classes; a diamond for any other.

    Example
    -------
    >>> style(LLS + "Municipality")
    Style(colour='#4e79a7', shape='dot')
    >>> style("http://www.w3.org/ns/adms#Identifier").shape
    'diamond'
    """
    return STYLES.get(class_iri) or Style(_SPARE[zlib.crc32(class_iri.encode("utf-8")) % len(_SPARE)], "diamond")


def scene(store: Store, view: str = "actors", *, focus: str | None = None, depth: int = 1,
          goal: str | None = None, municipality: str | None = None) -> Scene:
    """The view ``view``, cut to a goal, a municipality and the neighbourhood of a node.

    Parameters
    ----------
    store
        Any :class:`~lls_kg.store.Store`.
    view
        One of :data:`~lls_kg.network.VIEWS`.
    focus
        A node (IRI, prefixed name or label): keep it and the nodes up to ``depth`` links away,
        in either direction.
    depth
        Links from ``focus``.
    goal
        A goal: keep the nodes that work towards it (see :attr:`Scene.goals`).
    municipality
        A municipality: keep the nodes that belong to it or involve it (see :attr:`Scene.places`).

    Returns
    -------
    Scene
        The goal and municipality are applied first, the focus within what they leave.
        A name that picks no resource, a focus outside the view, or nothing left raises
        :class:`~lls_kg.errors.BadInput`.

    Example
    -------
    >>> from lls_kg.store import open_store
    >>> shown = scene(open_store(), "actors", focus="Luster municipality")
    >>> shown.title
    'Actors view around Luster municipality (1 step)'
    >>> sorted(label for _, label in shown.graph.nodes(data="label_en"))
    ['Leikanger municipality', 'Luster municipality', 'Sogn Næring', 'Sogndal municipality']
    """
    import networkx as nx

    from .resolve import resolve

    require(view, VIEWS, "view")
    graphs = views(store, dict.fromkeys([view, "ownership", "goals"]))
    goals, places = _tags(graphs["ownership"], graphs["goals"])
    nodes = {node: data for G in graphs.values() for node, data in G.nodes(data=True)}
    label = functools.partial(_label, nodes)
    G, title = graphs[view], f"{view} view"
    if goal is not None:
        chosen = str(resolve(store, goal, GOAL))
        G, title = _keep(G, lambda n: chosen in goals[n]), f"{title}, goal “{label(chosen)}”"
    if municipality is not None:
        chosen = str(resolve(store, municipality, LLS + "Municipality"))
        G, title = _keep(G, lambda n: chosen in places[n]), f"{title} in {label(chosen)}"
    if focus is not None:
        centre = str(resolve(store, focus))
        if centre not in G:
            raise BadInput(f"{label(centre)} ({curie(centre)}) is not in the {title}; "
                           "pick another view or node, or drop --goal/--municipality")
        near = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), centre, cutoff=depth)
        G = _induced(G, set(near))
        title = f"{title} around {label(centre)} ({depth} step{'' if depth == 1 else 's'})"
    if not len(G):
        raise BadInput(f"nothing to draw: the {title} has no nodes")
    G.name = view
    return Scene(G, title[0].upper() + title[1:], {n: sorted(goals[n]) for n in nodes},
                 {n: sorted(places[n]) for n in nodes}, nodes)


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
    import networkx as nx

    simple = undirected(G)
    groups = sorted((_induced(simple, c) for c in nx.connected_components(simple)), key=lambda g: (-len(g), min(g)))
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


def measure(G: nx.Graph, by: str = "degree") -> dict[str, float]:
    """The measure ``by`` (one of :data:`MEASURES`) of every node, as :mod:`lls_kg.analysis` computes it.

    Example
    -------
    >>> import networkx as nx
    >>> measure(nx.path_graph(["a", "b", "c"]), "betweenness")
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    require(by, MEASURES, "measure")
    measures: dict[str, Callable[[nx.Graph], Mapping[str, float]]] = {
        "degree": degree, "weighted-degree": weighted_degree, "betweenness": betweenness, "closeness": closeness}
    return dict(measures[by](G))


def draw(shown: Scene, size_by: str = "degree") -> Drawing:
    """Positions, node radii (by the square root of ``size_by``, so areas follow the measure) and legend order."""
    G = shown.graph
    value = measure(G, size_by)
    low, high = min(value.values()), max(value.values())
    span = high - low
    radius = {n: round(RADII[0] + (RADII[1] - RADII[0]) * (math.sqrt((v - low) / span) if span else 0.25), 1)
              for n, v in value.items()}
    classes = sorted({(d.get("class_iri", ""), d.get("class") or "no class") for _, d in G.nodes(data=True)},
                     key=lambda c: (_SHAPE_ORDER.index(style(c[0]).shape), c[1], c[0]))
    return Drawing(shown, size_by, positions(G), radius, value, classes)


def page(shown: Scene, size_by: str = "degree") -> str:
    """``shown`` as one self-contained HTML page: the network, its legend, search and filters."""
    return render("viz.html", title=shown.title, net=network_data(draw(shown, size_by)))


def figure(shown: Scene, fmt: str = "png", size_by: str = "degree") -> bytes:
    """``shown`` as a PNG or SVG figure with the page's colours, shapes and legend; the same graph gives the same bytes.

    Node labels are drawn up to :data:`LARGE` nodes; dashed lines are ended ownerships.
    """
    require(fmt, ("png", "svg"), "figure format")
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    drawing = draw(shown, size_by)
    with matplotlib.rc_context({"svg.hashsalt": "lls-kg", "font.family": "DejaVu Sans"}):
        fig = Figure(figsize=(12, 8), layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        _plot_edges(ax, drawing)
        fig.legend(handles=_plot_nodes(ax, drawing), loc="outside right upper", frameon=False, fontsize=8,
                   title=_plain(f"Node size: {size_by}"), title_fontsize=8)
        ax.set_title(_plain(shown.title))
        ax.set_aspect("equal")
        ax.margins(0.06)
        ax.set_axis_off()
        out = io.BytesIO()
        fig.savefig(out, format=fmt, dpi=150, metadata={"Date": None} if fmt == "svg" else None)
    return out.getvalue()


def picture(shown: Scene, fmt: str = "html", size_by: str = "degree") -> bytes:
    """``shown`` in the format ``fmt`` (one of :data:`FORMATS`), as the bytes of a file."""
    require(fmt, FORMATS, "format")
    return page(shown, size_by).encode("utf-8") if fmt == "html" else figure(shown, fmt, size_by)


def format_for(path: str | Path | None) -> str:
    """The format a file name asks for: ``png`` or ``svg`` by its suffix, else ``html``.

    >>> format_for("actors.svg"), format_for("actors.html"), format_for(None)
    ('svg', 'html', 'html')
    """
    suffix = Path(path).suffix.lower().lstrip(".") if path is not None else ""
    return suffix if suffix in FORMATS else "html"


def network_data(drawing: Drawing) -> dict[str, Any]:
    """What the ``network`` template macro needs: legend entries, filter options and the data as safe JSON.

    Tooltip texts, filter tags and vis-network options all travel in the JSON;
    ``lls_kg/templates/network.js`` describes its layout.
    """
    shown, G = drawing.scene, drawing.scene.graph
    index = {node: i for i, node in enumerate(G)}
    class_index = {iri: i for i, (iri, _) in enumerate(drawing.classes)}
    goals = _options(shown, (g for n in G for g in shown.goals[n]))
    places = _options(shown, (m for n in G for m in shown.places[n]))
    counts = Counter(d.get("class_iri", "") for _, d in G.nodes(data=True))
    edges = list(_edges(G, index))
    relations = Counter((e["relation"], e["dashed"]) for e in edges)
    data = {
        "measure": drawing.size_by,
        "classes": [{"label": label, **vars(style(iri))} for iri, label in drawing.classes],
        "nodes": [_node(node, attributes, drawing, class_index[attributes.get("class_iri", "")], goals, places)
                  for node, attributes in G.nodes(data=True)],
        "edges": edges,
        "options": _vis_options(G),
    }
    return {
        "size_by": drawing.size_by,
        "nodes": len(G),
        "edges": len(edges),
        "classes": [{"label": label, "count": counts[iri], **vars(style(iri))} for iri, label in drawing.classes],
        "relations": [{"label": label, "dashed": dashed, "count": count}
                      for (label, dashed), count in sorted(relations.items())],
        "goals": [shown.label(g) for g in goals],
        "municipalities": [shown.label(m) for m in places],
        "json": script_json(data),
    }


def script_json(value: Any) -> Markup:
    """``value`` as JSON that can sit inside an HTML ``<script>`` element and never end it or start a comment.

    >>> str(script_json({"a": "</script><!--"}))
    '{"a":"\\\\u003c/script\\\\u003e\\\\u003c!--"}'
    """
    from markupsafe import Markup

    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Markup("".join(_JSON_ESCAPES.get(char, char) for char in text))


def render(template: str, **context: Any) -> str:
    """A page from ``lls_kg/templates`` with autoescaping, the shared style, and the scripts inlined.

    The Content-Security-Policy lists the hash of each inlined script and allows nothing
    else: no network, no other script, no inline event handler.
    """
    from markupsafe import Markup

    scripts = [_vis_script(), _asset("network.js")]
    return _environment().get_template(template).render(
        css=Markup(_asset("lls.css")), scripts=[Markup(s) for s in scripts],
        script_hashes=[_sha256(s) for s in scripts], **context)


# --- filters and tags ------------------------------------------------------------------------


def _tags(ownership: nx.Graph, goals_view: nx.Graph) -> tuple[defaultdict[str, set[str]], defaultdict[str, set[str]]]:
    """Each node's goals and places (see :class:`Scene`), from who takes part in what and what serves which goal."""
    goals: defaultdict[str, set[str]] = defaultdict(set)
    places: defaultdict[str, set[str]] = defaultdict(set)
    for G in (ownership, goals_view):
        for node, data in G.nodes(data=True):
            places[node].update(data.get("municipality", ()))
    for node, class_iri in goals_view.nodes(data="class_iri"):
        if class_iri == GOAL:
            goals[node].add(node)
    served = [(work, goal) for work, goal, relation in goals_view.edges(keys=True) if relation == SERVES]
    for work, goal in served:
        goals[work].add(goal)
    for actor, work in ownership.edges():
        goals[actor] |= goals[work]
        places[work] |= set(ownership.nodes[actor]["municipality"])
    for actor, side in ownership.nodes(data="bipartite"):
        for key in municipal_keys(ownership.nodes[actor]) if side == 0 else ():
            goals[key] |= goals[actor]
    for work, goal in served:
        places[goal] |= places[work]
    return goals, places


def _label(nodes: Mapping[str, Mapping[str, Any]], node: str) -> str:
    """The English label of ``node``, or its prefixed name."""
    return str(nodes.get(node, {}).get("label_en") or curie(node))


def _keep(G: nx.Graph, wanted: Callable[[str], bool]) -> nx.Graph:
    """The subgraph of the nodes ``wanted`` accepts."""
    return _induced(G, {node for node in G if wanted(node)})


def _induced(G: nx.Graph, keep: set[str]) -> nx.Graph:
    """A copy of ``G`` with only the nodes in ``keep``, nodes and edges in ``G``'s order.

    networkx's ``G.subgraph(nodes)`` lists a small subgraph's nodes in the order of a
    Python set, which changes with the interpreter's hash seed: layouts would too.
    """
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from((node, data) for node, data in G.nodes(data=True) if node in keep)
    if G.is_multigraph():
        H.add_edges_from((u, v, key, data) for u, v, key, data in G.edges(keys=True, data=True)
                         if u in keep and v in keep)
    else:
        H.add_edges_from((u, v, data) for u, v, data in G.edges(data=True) if u in keep and v in keep)
    return H


def _options(shown: Scene, iris: Iterable[str]) -> dict[str, int]:
    """The distinct ``iris`` by label, each with its index in a filter's options."""
    ordered = sorted(set(iris), key=lambda iri: (shown.label(iri).casefold(), iri))
    return {iri: i for i, iri in enumerate(ordered)}


# --- layout ---------------------------------------------------------------------------------


def _layout(group: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    """Positions of one connected group in pixels, centred on 0, over a square of side SPACING * sqrt(size).

    Springs ignore link weights: a weight says how much two actors share, and weighted
    springs pull the busiest partners on top of each other.
    """
    import networkx as nx
    import numpy as np

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
    import numpy as np

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
    import random

    import igraph
    import networkx as nx
    import numpy as np

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


# --- page data --------------------------------------------------------------------------------


def _node(node: str, attributes: Mapping[str, Any], drawing: Drawing, class_index: int,
          goals: Mapping[str, int], places: Mapping[str, int]) -> dict[str, Any]:
    """One node for the page: vis-network's fields, the tooltip's texts and the filter tags."""
    x, y = drawing.at[node]
    return {"x": x, "y": y, "size": drawing.radius[node],
            "c": class_index, "en": attributes.get("label_en", node), "nn": attributes.get("label_nn", node),
            "iri": curie(node), "value": float(f"{drawing.value[node]:.3g}"), "q": list(attributes.get("quote", [])),
            "g": [goals[g] for g in drawing.scene.goals[node]], "m": [places[m] for m in drawing.scene.places[node]]}


def _edges(G: nx.Graph, index: Mapping[str, int]) -> Iterable[dict[str, Any]]:
    """The links for the page; the second and later links between two nodes are curved apart."""
    between: Counter[frozenset[str]] = Counter()
    for u, v, data in G.edges(data=True):
        relation = str(data.get("relation", ""))
        weight = data.get("weight", 1)
        edge = {"from": index[u], "to": index[v], "relation": relation, "dashed": relation == FORMER,
                "width": round(1 + math.log2(max(weight, 1)), 2), "weight": weight,
                "works": list(data.get("activity_labels", [])), "q": list(data.get("quote", []))}
        pair = frozenset((u, v))
        if between[pair]:
            edge["curve"] = round(0.2 * between[pair], 2)
        between[pair] += 1
        yield edge


def _vis_options(G: nx.Graph) -> dict[str, Any]:
    """vis-network's options: physics off (positions are given), hover on, lighter drawing for big views."""
    large = len(G) > LARGE
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large, "multiselect": True},
        "nodes": {"borderWidth": 1, "color": {"border": "#ffffff"}, "widthConstraint": {"maximum": 170},
                  "font": {"size": 13, "face": "system-ui, sans-serif", "color": "#1f2933",
                           "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"smooth": False, "color": {"color": "#9aa5b1", "highlight": "#1f2933", "hover": "#52606d"},
                  "font": {"size": 10, "face": "system-ui, sans-serif", "color": "#52606d", "strokeWidth": 3,
                           "align": "middle"},
                  "arrows": {"to": {"enabled": G.is_directed(), "scaleFactor": 0.5}}, "selectionWidth": 2},
    }


# --- figure ------------------------------------------------------------------------------------


def _plot_edges(ax: Any, drawing: Drawing) -> None:
    """Links as straight lines, ended ownerships dashed."""
    from matplotlib.collections import LineCollection

    lines: dict[bool, list[list[tuple[float, float]]]] = {False: [], True: []}
    for u, v, data in drawing.scene.graph.edges(data=True):
        lines[data.get("relation") == FORMER].append([_flip(drawing.at[u]), _flip(drawing.at[v])])
    for dashed, segments in lines.items():
        if segments:
            ax.add_collection(LineCollection(segments, colors="#9aa5b1", linewidths=0.8, zorder=1,
                                             linestyles="--" if dashed else "-"))


def _plot_nodes(ax: Any, drawing: Drawing) -> list[Any]:
    """Nodes by class, and their labels (wrapped as on the page) unless the view is :data:`LARGE`.

    Returns the legend's entries.
    """
    import textwrap

    from matplotlib.lines import Line2D

    G = drawing.scene.graph
    shrink = min(1.0, 12 / math.sqrt(len(G)))
    handles = []
    for iri, label in drawing.classes:
        members = [n for n, d in G.nodes(data=True) if d.get("class_iri", "") == iri]
        look = style(iri)
        ax.scatter([drawing.at[n][0] for n in members], [-drawing.at[n][1] for n in members],
                   s=[(drawing.radius[n] * shrink) ** 2 for n in members], c=look.colour,
                   marker=_MARKERS[look.shape], edgecolors="white", linewidths=0.5, zorder=2)
        handles.append(Line2D([], [], linestyle="", marker=_MARKERS[look.shape], markersize=8, color=look.colour,
                              label=_plain(f"{label} ({len(members)})")))
    if len(G) <= LARGE:
        for node, data in G.nodes(data=True):
            x, y = _flip(drawing.at[node])
            ax.annotate(_plain(textwrap.fill(str(data.get("label_en", node)), 24)), (x, y), ha="center", va="top",
                        xytext=(0, -drawing.radius[node] * shrink / 2 - 2), textcoords="offset points",
                        fontsize=6, zorder=3)
    if any(data.get("relation") == FORMER for *_, data in G.edges(data=True)):
        handles.append(Line2D([], [], color="#9aa5b1", linestyle="--", label=_plain(FORMER)))
    return handles


def _flip(point: tuple[float, float]) -> tuple[float, float]:
    """A page position (y down) as a figure position (y up)."""
    return point[0], -point[1]


def _plain(text: str) -> str:
    """``text`` as matplotlib shows it literally: a ``$`` would start mathematical notation."""
    return text.replace("$", r"\$")


# --- templates and assets --------------------------------------------------------------------


@functools.cache
def _environment() -> Any:
    """The Jinja environment of ``lls_kg/templates``: autoescaping always on, unknown names an error."""
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


@functools.cache
def _asset(name: str) -> str:
    """A style or script of ``lls_kg/templates``, checked to be safe to inline."""
    return _inlinable(name, (TEMPLATES / name).read_text(encoding="utf-8"))


@functools.cache
def _vis_script() -> str:
    """The newest ``vis-network.min.js`` of the installed pyvis, found without importing it (pyvis loads IPython)."""
    spec = importlib.util.find_spec("pyvis")
    folders = list(spec.submodule_search_locations or []) if spec else []
    found = [path for folder in folders for path in Path(folder).glob("lib/vis-*/vis-network.min.js")]
    if not found:
        raise BadInput("vis-network is missing: pyvis is not installed, or ships no lib/vis-*/vis-network.min.js; "
                       "reinstall lls-kg")
    newest = max(found, key=lambda p: tuple(int(part) for part in re.findall(r"\d+", p.parent.name)))
    return _inlinable(str(newest), newest.read_text(encoding="utf-8"))


def _inlinable(name: str, text: str) -> str:
    found = _BREAKOUT.search(text)
    if found:
        raise ValueError(f"{name}: '{found.group()}' would end the element it is inlined in")
    return text


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
