"""Pictures of the network views: a scene (a view cut to what one picture shows) and its offline page.

A scene is cut from views already built (:func:`lls_kg.network.views.views`), with
names already resolved by the caller. The page is **repeatable**: positions come
from a seeded layout (:mod:`.layout`) and physics is off; node ids are positions in
the view's (sorted) node order; nothing records a time or a random id, so the same
graph gives the same bytes. It is **fast**: node and edge lists are written directly
(pyvis' ``add_node``/``add_edge`` are quadratic). It is safe and offline as every
page of :mod:`.page` is.
"""

from __future__ import annotations

import math
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ..choices import SIZE_MEASURES as MEASURES, VIEWS, require
from ..errors import BadInput
from ..i18n import N_, Label, Speech, pick, speech
from ..namespaces import LLS, curie
from ..network.measures import betweenness, closeness, degree, weighted_degree
from ..network.views import RELATIONS, SERVES, municipal_keys, needed
from ..sparql.labels import Labels
from .layout import induced, positions
from .page import document, script_json


#: Smallest and largest node radius, in pixels.
RADII = (8.0, 30.0)


#: Views above this many nodes hide edges while dragging and zooming, and draw no node labels in figures.
LARGE = 1000


#: Views of more links than this carry at most :data:`PER_LINK` activity labels and quotes per link in a page, the
#: rest counted (``lls-kg export`` keeps them all): the lists, not the nodes, make a national page heavy.
MANY_LINKS = 1000
PER_LINK = {"works": 3, "q": 1}


#: The relation drawn dashed: an ownership that has ended.
FORMER = RELATIONS[LLS + "FormerOwner"]


#: The class whose instances ``--goal`` accepts.
GOAL = LLS + "Goal"


#: Each view's name as a title says it.
TITLES = {"actors": N_("Actors view"), "ownership": N_("Ownership view"), "goals": N_("Goals view"),
          "municipalities": N_("Municipalities view"), "full": N_("Full view")}
#: The node measures as a legend names them.
MEASURE_NAMES = {"degree": N_("degree"), "weighted-degree": N_("weighted degree"), "betweenness": N_("betweenness"),
                 "closeness": N_("closeness")}
#: Ties that no ontology term names (the views' own verbs), for :func:`tie_name`.
_TIES = (N_("works with"), N_("owns"), N_("authored"))
#: A tie's verb -> the ontology term whose label names it in every language.
_TIE_TERMS = {verb: iri for iri, verb in RELATIONS.items()}


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
                 "Application": "#f1ce63", "Projection": "#499894", "Fund": "#86bcb6", "SharedService": "#d37295",
                 "FundUse": "#9d7660"},
    "star": {"Goal": "#d62728", "Theme": "#ff7f0e", "ExpectedEffect": "#e377c2", "Indicator": "#1f77b4"},
    "diamond": {"Role": "#8d99ae", "RoleKind": "#aec7e8", "TieKind": "#c7e9c0", "IndicatorObservation": "#9edae5", "Lesson": "#dbdb8d",
                "UnitOfMeasure": "#c7c7c7", "SheetRow": "#e0c097"},
}


#: Colours for classes outside the ontology, picked by a checksum of the class IRI.
_SPARE = ("#8c8c8c", "#b5a48b", "#7aa6c2", "#c49a6c", "#9c9ede", "#a1d99b", "#d6a5c9", "#9fbf9f")


_SHAPE_ORDER = list(_FAMILIES)


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
    #: the reader's language (:mod:`lls_kg.i18n`)
    lang: str = "en"
    #: the graph's labels in every language, when the caller read them; else the views' nn and en labels
    labels: Labels | None = None
    #: what the picture leaves out or groups, for the reader (see :mod:`.groups`)
    note: str = ""

    def name(self, node: str) -> Label:
        """The label of ``node`` in the reader's language (marked when in another), or its prefixed name."""
        if self.labels is not None and self.labels.has(node):
            return self.labels.name(node, self.lang)
        data = self.nodes.get(node, {})
        return pick({"nn": data.get("label_nn") or "", "en": data.get("label_en") or ""}, self.lang, curie(node))

    def label(self, node: str) -> str:
        """The label of ``node`` as plain text (see :meth:`name`)."""
        return str(self.name(node))

    def names(self, node: str) -> dict[str, str]:
        """Every label of ``node``: language -> text (what the page's search matches)."""
        data = self.nodes.get(node, {})
        found = {"nn": data.get("label_nn") or "", "en": data.get("label_en") or ""}
        if self.labels is not None:
            found.update(self.labels.of(node))
        return {tag: text for tag, text in found.items() if text}


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


def scene(graphs: Mapping[str, nx.Graph], view: str = "actors", *, focus: str | None = None, depth: int = 1,
          goal: str | None = None, municipality: str | None = None, lang: str | None = None,
          labels: Labels | None = None) -> Scene:
    """The view ``view``, cut to a goal, a municipality and the neighbourhood of a node.

    Parameters
    ----------
    graphs
        The views by name, as :func:`lls_kg.network.views.views` builds them: at least those
        :func:`~lls_kg.network.views.needed` names.
    view
        One of :data:`~lls_kg.choices.VIEWS`.
    focus
        The IRI of a node: keep it and the nodes up to ``depth`` links away, in either direction.
    depth
        Links from ``focus``.
    goal
        The IRI of a goal: keep the nodes that work towards it (see :attr:`Scene.goals`).
    municipality
        The IRI of a municipality: keep the nodes that belong to it or involve it (see :attr:`Scene.places`)
        and, in the actors and municipalities views, those they are tied to.
    lang
        The reader's language: the title and the labels (see :mod:`lls_kg.i18n`).
    labels
        The graph's labels in every language (Bokmål labels come only from here).

    Returns
    -------
    Scene
        The goal and municipality are applied first, the focus within what they leave.
        A focus outside the view, or nothing left, raises :class:`~lls_kg.errors.BadInput`.

    Example
    -------
    >>> from lls_kg.network import views
    >>> from lls_kg.store import open_store
    >>> luster = "https://w3id.org/lls-kg/id/municipality/luster"
    >>> shown = scene(views(open_store(), needed("actors")), "actors", focus=luster, lang="en")
    >>> shown.title
    'Actors view around Luster municipality (1 step)'
    >>> sorted(label for _, label in shown.graph.nodes(data="label_en"))
    ['Leikanger municipality', 'Luster municipality', 'Sogndal municipality']
    """
    require(view, VIEWS, "view")
    say = speech(lang)
    used = [graphs[name] for name in needed(view)]
    goals, places = _tags(graphs["ownership"], graphs["served"])
    nodes = {node: data for G in used for node, data in G.nodes(data=True)}
    named = Scene(nx.Graph(), "", {}, {}, nodes, say.lang, labels)
    label = named.label
    G, title = graphs[view], say._(TITLES[view])
    if goal is not None:
        G, title = _keep(G, lambda n: goal in goals[n]), say._("{view}, goal “{goal}”", view=title, goal=label(goal))
    if municipality is not None:
        G = _keep(G, _around(G, {n for n in G if municipality in places[n]}).__contains__)
        title = say._("{view} in {municipality}", view=title, municipality=label(municipality))
    if focus is not None:
        if focus not in G:
            raise BadInput(f"{label(focus)} ({curie(focus)}) is not in the {title}; "
                           "pick another view or node, or drop --goal/--municipality")
        near = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), focus, cutoff=depth)
        G = induced(G, set(near))
        title = say.ngettext("{view} around {node} ({n} step)", "{view} around {node} ({n} steps)", depth,
                             view=title, node=label(focus))
    if not len(G):
        raise BadInput(f"nothing to draw: the {title} has no nodes")
    G.name = view
    return Scene(G, title, {n: sorted(goals[n]) for n in nodes}, {n: sorted(places[n]) for n in nodes}, nodes,
                 say.lang, labels)


def measure(G: nx.Graph, by: str = "degree") -> dict[str, float]:
    """The measure ``by`` (one of :data:`MEASURES`) of every node, as :mod:`lls_kg.network.measures` computes it.

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
    """``shown`` as one self-contained HTML page in its language: the network, its legend, search and filters."""
    return document("viz.html", shown.lang, title=shown.title,
                    net=network_data(draw(shown, size_by), speech(shown.lang), shown.labels))


def tie_name(relation: str, lang: str, labels: Labels | None = None, term: str | None = None) -> str:
    """What a link's ``relation`` is called in ``lang``: the label of the ontology term behind it (``term``, a kind
    of tie; or a role kind or property), else the program's own word for it.

    >>> tie_name("works with", "nn")
    'arbeider med'
    """
    term = term or _TIE_TERMS.get(relation)
    if term and labels is not None and labels.has(term):
        return labels.name(term, lang).text
    return speech(lang)._(relation) if relation in _TIES or term else relation


def class_name(class_iri: str, english: str, lang: str, labels: Labels | None = None) -> str:
    """What a class is called in ``lang``: its label in the ontology, else its English label."""
    if labels is None or not class_iri or not labels.has(class_iri):  # a group of nodes has no class IRI
        return english
    return labels.name(class_iri, lang, english).text


def network_data(drawing: Drawing, say: Speech | None = None, labels: Labels | None = None) -> dict[str, Any]:
    """What the ``network`` template macro needs: legend entries, filter options and the data as safe JSON.

    Tooltip texts, filter tags and vis-network options all travel in the JSON;
    ``lls_kg/html/templates/network.js`` describes its layout.
    """
    shown, G = drawing.scene, drawing.scene.graph
    say = say or speech(shown.lang)
    index = {node: i for i, node in enumerate(G)}
    class_index = {iri: i for i, (iri, _) in enumerate(drawing.classes)}
    goals = _options(shown, (g for n in G for g in shown.goals[n]))
    places = _options(shown, (m for n in G for m in shown.places[n]))
    counts = Counter(d.get("class_iri", "") for _, d in G.nodes(data=True))
    edges = list(_edges(G, index, say, labels))
    relations = Counter((e["relation"], e["dashed"]) for e in edges)
    classes = [(iri, class_name(iri, label, say.lang, labels)) for iri, label in drawing.classes]
    measure_name = say._(MEASURE_NAMES[drawing.size_by])
    data = {
        "measure": measure_name,
        "classes": [{"label": label, **vars(style(iri))} for iri, label in classes],
        "nodes": [_node(node, attributes, drawing, class_index[attributes.get("class_iri", "")], goals, places)
                  for node, attributes in G.nodes(data=True)],
        "edges": edges,
        "options": _vis_options(G),
        "words": {"shown": say._("{shown} of {total} nodes shown"), "found": say._("{n} node found"),
                  "founds": say._("{n} nodes found"), "weight": say._("weight")},
    }
    return {
        "size_by": measure_name,
        "nodes": len(G),
        "edges": len(edges),
        "note": shown.note,
        "status": say._("{nodes} nodes, {links} links", nodes=say.number(len(G)), links=say.number(len(edges))),
        "classes": [{"label": label, "count": counts[iri], **vars(style(iri))} for iri, label in classes],
        "relations": [{"label": label, "dashed": dashed, "count": count}
                      for (label, dashed), count in sorted(relations.items())],
        "goals": [shown.label(g) for g in goals],
        "municipalities": [shown.label(m) for m in places],
        "json": script_json(data),
    }


def _tags(ownership: nx.Graph, served: nx.Graph) -> tuple[defaultdict[str, set[str]], defaultdict[str, set[str]]]:
    """Each node's goals and places (see :class:`Scene`), from who takes part in what and what serves which goal."""
    goals: defaultdict[str, set[str]] = defaultdict(set)
    places: defaultdict[str, set[str]] = defaultdict(set)
    for G in (ownership, served):
        for node, data in G.nodes(data=True):
            places[node].update(data.get("municipality", ()))
    for node, class_iri in served.nodes(data="class_iri"):
        if class_iri == GOAL:
            goals[node].add(node)
    links = [(work, goal) for work, goal, relation in served.edges(keys=True) if relation == SERVES]
    for work, goal in links:
        goals[work].add(goal)
    for actor, work in ownership.edges():
        goals[actor] |= goals[work]
        places[work] |= set(ownership.nodes[actor]["municipality"])
    for actor, side in ownership.nodes(data="bipartite"):
        for key in municipal_keys(ownership.nodes[actor]) if side == 0 else ():
            goals[key] |= goals[actor]
    for work, goal in links:
        places[goal] |= places[work]
    return goals, places


def _around(G: nx.Graph, own: set[str]) -> set[str]:
    """``own`` nodes and, in a view of who works with whom (undirected), the nodes they are tied to."""
    return own if G.is_directed() else own | {other for node in own for other in G.neighbors(node)}


def _keep(G: nx.Graph, wanted: Callable[[str], bool]) -> nx.Graph:
    """The subgraph of the nodes ``wanted`` accepts."""
    return induced(G, {node for node in G if wanted(node)})


def _options(shown: Scene, iris: Iterable[str]) -> dict[str, int]:
    """The distinct ``iris`` by label, each with its index in a filter's options."""
    ordered = sorted(set(iris), key=lambda iri: (shown.label(iri).casefold(), iri))
    return {iri: i for i, iri in enumerate(ordered)}


def _node(node: str, attributes: Mapping[str, Any], drawing: Drawing, class_index: int,
          goals: Mapping[str, int], places: Mapping[str, int]) -> dict[str, Any]:
    """One node for the page: vis-network's fields, the tooltip's texts and the filter tags."""
    x, y = drawing.at[node]
    name, names = drawing.scene.name(node), drawing.scene.names(node)
    return {"x": x, "y": y, "size": drawing.radius[node], "c": class_index, "label": name.text,
            "lang": name.lang if name.marked else "", "en": attributes.get("label_en", node),
            "nn": attributes.get("label_nn", node), "nb": names.get("nb", ""),
            "iri": curie(node), "value": float(f"{drawing.value[node]:.3g}"), "q": list(attributes.get("quote", [])),
            "g": [goals[g] for g in drawing.scene.goals[node]], "m": [places[m] for m in drawing.scene.places[node]]}


def _edges(G: nx.Graph, index: Mapping[str, int], say: Speech, labels: Labels | None) -> Iterable[dict[str, Any]]:
    """The links for the page, named in the reader's language; the second and later links between two nodes are
    curved apart; in a view of :data:`MANY_LINKS` or more, each carries the first few works and quotes."""
    between: Counter[frozenset[str]] = Counter()
    kinds = dict(zip(G.graph.get("tie_labels", ()), G.graph.get("tie_iris", ())))  # links named by their tie
    light = G.number_of_edges() > MANY_LINKS
    for u, v, data in G.edges(data=True):
        relation = str(data.get("relation", ""))
        weight = data.get("weight", 1)
        edge = {"from": index[u], "to": index[v], "relation": tie_name(relation, say.lang, labels, kinds.get(relation)),
                "dashed": relation == FORMER,
                "width": round(1 + math.log2(max(weight, 1)), 2), "weight": weight,
                "works": list(data.get("activity_labels", [])), "q": list(data.get("quote", []))}
        for key, keep in PER_LINK.items() if light else ():
            edge[key] = _first(edge[key], keep, say)
        pair = frozenset((u, v))
        if between[pair]:
            edge["curve"] = round(0.2 * between[pair], 2)
        between[pair] += 1
        yield edge


def _first(items: list[str], keep: int, say: Speech) -> list[str]:
    """The first ``keep`` of ``items`` and, when there are more, a line that counts the rest."""
    rest = len(items) - keep
    return items if rest <= 0 else [*items[:keep], say.ngettext("… and {n} more", "… and {n} more", rest)]


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
