"""Every measure of one network view and of the region, computed once from views built once.

:func:`analyse` takes the views a command has already built (the view it measures and
the region's: ownership, served, actors, municipalities, all with the ties counted) and
hands back an :class:`Analysis`; the tables (:mod:`.tables`), the sentences
(:mod:`.narrative`) and the report read it. Below :data:`SMALL` nodes the centralities
are shown as ranks and words: on a few dozen nodes, their decimals say little.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ..i18n import pick
from ..sparql.labels import Labels

from .measures import (EXACT_LIMIT, Structure, betweenness, closeness, communities, degree, modularity, ranked,
                       structure, undirected, weighted_degree)
from .region import (Concentration, CrossBorder, Footprint, GoalCoverage, Pair, cross_border, footprint,
                     goal_coverage, ownership_concentration, pairs)
from .views import needed

#: Views with fewer nodes than this show centralities as ranks, with a caveat.
SMALL = 100
#: The labels a view's node carries: (language, attribute).
_VIEW_LABELS = (("nn", "label_nn"), ("en", "label_en"))


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
    #: who works with whom: pairs of actors (departments counted as their municipality) and of municipalities
    pairs: list[Pair]
    municipal_pairs: list[Pair]
    #: the kinds of tie counted (codes of :data:`lls_kg.choices.TIES`), and their IRIs (named by :meth:`tie_names`)
    ties: list[str]
    tie_iris: list[str]
    tie_labels: list[str]
    sampled: bool = False
    #: the attributes of every node of the views read (from the first view that has it), for :meth:`label` to name
    #: them (not the views, which a page then lets go of); and the graph's labels in every language (for Bokmål:
    #: the views carry nn and en)
    nodes: Mapping[str, Mapping[str, Any]] = field(default_factory=dict, repr=False)
    labels: Labels | None = field(default=None, repr=False)
    _names: dict[str, dict[str, str]] = field(default_factory=dict, repr=False, compare=False)

    def label(self, node: str, lang: str = "en") -> str | None:
        """The label of ``node`` (a node, its class or a tie kind counted) for a reader of ``lang``, marked when in
        another language (:func:`lls_kg.i18n.pick`); None for a node without labels."""
        if node not in self._names:
            self._names[node] = self._named(node)
        return str(pick(self._names[node], lang)) if self._names[node] else None

    def _named(self, iri: str) -> dict[str, str]:
        """``iri``'s labels by language, found when first asked for (a report names a few of its many nodes): the
        views' nn and en (a class's and a tie kind's English label), then every language of :attr:`labels`. The views
        of one build share their nodes' labels, so the first that has the node says them."""
        found = {"en": self._english[iri]} if iri in self._english else {}
        data = self.nodes.get(iri, {})
        found.update({tag: data[key] for tag, key in _VIEW_LABELS if data.get(key)})
        return found | (self.labels.of(iri) if self.labels is not None else {})

    @functools.cached_property
    def _english(self) -> dict[str, str]:
        """The English names the views give the classes of their nodes and the tie kinds counted."""
        found = {data["class_iri"]: data["class"] for data in self.nodes.values()
                 if data.get("class_iri") and data.get("class")}
        return found | dict(zip(self.tie_iris, self.tie_labels))

    def tie_names(self, lang: str = "en") -> list[str]:
        """The kinds of tie counted, named for a reader of ``lang``."""
        return [self.label(iri, lang) or iri for iri in self.tie_iris]

    @property
    def small(self) -> bool:
        """Whether the view is small enough that its centralities are better read as ranks."""
        return self.structure.nodes < SMALL


def analyse(graphs: Mapping[str, nx.Graph], view: str = "actors", *, top: int = 10,
            labels: Labels | None = None) -> Analysis:
    """Every measure: the centralities and communities of ``view``, and the region's cross-border work, owners,
    goal coverage and municipal footprints.

    Parameters
    ----------
    graphs
        The views by name, as :func:`lls_kg.network.views.views` builds them with the ties to
        count: at least those :func:`~lls_kg.network.views.needed` names.
    view
        The view the centralities, communities and structure are measured on.
    top
        How many nodes a report shows; above :data:`EXACT_LIMIT` nodes, closeness is
        computed only for the ``top`` brokers.
    labels
        The graph's labels in every language, for :meth:`Analysis.label` in Bokmål (the views carry nn and en).

    Returns
    -------
    Analysis

    Example
    -------
    >>> from lls_kg.store import open_store
    >>> from lls_kg.network.views import views
    >>> result = analyse(views(open_store(), needed("actors"), ties=["joint-work"]))
    >>> result.structure.nodes, result.structure.edges, len(result.structure.isolates)
    (19, 5, 15)
    """
    G = undirected(graphs[view])
    between, weights = betweenness(G), weighted_degree(G)
    large = len(G) > EXACT_LIMIT
    groups = communities(G)
    crossing = cross_border(graphs["ownership"])
    return Analysis(
        view=view,
        graph=graphs[view],
        degree=degree(G),
        weighted_degree=weights,
        betweenness=between,
        closeness=closeness(G, ranked(between, weights)[:top] if large else None),
        communities=groups,
        modularity=modularity(G, groups),
        structure=structure(G),
        cross_border=crossing,
        concentration=ownership_concentration(graphs["ownership"]),
        goals=goal_coverage(graphs["served"], graphs["ownership"]),
        footprint=footprint(graphs["ownership"], crossing),
        pairs=pairs(graphs["actors"]),
        municipal_pairs=pairs(graphs["municipalities"]),
        ties=list(graphs["actors"].graph["ties"]),
        tie_iris=list(graphs["actors"].graph["tie_iris"]),
        tie_labels=list(graphs["actors"].graph["tie_labels"]),
        sampled=large,
        nodes={node: data for name in reversed(needed(view)) for node, data in graphs[name].nodes(data=True)},
        labels=labels,
    )

