"""What the views say about the region: work across municipal borders, who owns the work, how many hands
each goal has, and each municipality's part.

These read the ownership view (who takes part in which work) and the ``served`` view
(which work serves which goal), built once by :func:`lls_kg.network.views.views`.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ..namespaces import LLS
from .views import MUNICIPALITY, OWNS, PROJECT, SERVES, UNNAMED_GROUP, municipal_keys

GOAL = LLS + "Goal"


@dataclass(frozen=True)
class CrossBorder:
    """Work with known participants (by the ties counted), and how many municipalities each involves."""

    #: work IRI -> municipalities involved (an unnamed group counts its known members, else 0)
    municipalities: dict[str, int]
    #: work IRI -> the municipalities and unnamed groups taking part (what a footprint counts)
    taking_part: dict[str, set[str]] = field(default_factory=dict, repr=False, compare=False)

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
    listed: list[str]

    @property
    def projects(self) -> int:
        """How many projects are counted."""
        return len(self.listed)

    @property
    def herfindahl(self) -> float | None:
        """Sum of the squared ownership shares: 1 = one owner holds all, 1/N = N owners hold equal parts."""
        total = sum(self.owned.values())
        return sum((count / total) ** 2 for count in self.owned.values()) if total else None


@dataclass(frozen=True)
class GoalCoverage:
    """What a goal has: the results and work reported under it, their actors, and the part with a current owner.

    ``results`` counts what the page lists under the goal (reports, plans, services and
    activities alike), whoever did it; ``owned`` only the part whose owner the sources name.
    """

    goal: str
    results: int
    actors: int
    owned: int
    #: the results and work, by IRI
    work: tuple[str, ...] = ()


@dataclass(frozen=True)
class Footprint:
    """A municipality's part in the region's work, itself or through its departments and environments."""

    municipality: str
    activities: int
    cross_border: int
    partners: int


@dataclass(frozen=True)
class Pair:
    """Two actors (or two municipalities) and the pieces of work they share by the ties counted."""

    one: str
    other: str
    #: the shared work, by IRI
    work: tuple[str, ...]


def pairs(G: nx.Graph) -> list[Pair]:
    """Who works with whom in an actors or municipalities view: every tied pair, most shared work first.

    Parameters
    ----------
    G
        A projected view (``actors`` or ``municipalities``), built with the ties to count.

    Returns
    -------
    list of Pair
        One per pair of nodes (a pair tied in several ways counts its work once), most shared work
        first, then by IRI.

    Example
    -------
    >>> import networkx as nx
    >>> G = nx.MultiGraph()
    >>> G.add_edge("a", "b", key="joint-work", activities=["w1", "w2"])
    'joint-work'
    >>> G.add_edge("b", "c", key="joint-work", activities=["w1"])
    'joint-work'
    >>> [(p.one, p.other, p.work) for p in pairs(G)]
    [('a', 'b', ('w1', 'w2')), ('b', 'c', ('w1',))]
    """
    shared: dict[tuple[str, str], list[list[str]]] = defaultdict(list)
    for a, neighbours in G.adj.items():  # the adjacency itself: edge views cost a second at a million triples
        for b, keyed in neighbours.items():
            if a <= b:
                shared[a, b].extend(data.get("activities", ()) for data in keyed.values())
    found = [Pair(a, b, _merged(work)) for (a, b), work in shared.items()]
    return sorted(found, key=lambda p: (-len(p.work), p.one, p.other))


def _merged(lists: list[list[str]]) -> tuple[str, ...]:
    """The items of sorted ``lists``, sorted, each once (most pairs are tied one way: that list as it is)."""
    return tuple(lists[0]) if len(lists) == 1 else tuple(sorted(set().union(*lists)))


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
    >>> found = cross_border(view(open_store(), "ownership", ties=["joint-work"]))
    >>> len(found.crossing), len(found.municipalities)
    (3, 6)
    """
    work = _municipal_work(ownership)
    return CrossBorder({piece: _municipality_count(ownership, keys) for piece, keys in work.items()}, work)


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
    >>> G = nx.MultiDiGraph([("o1", "p1", "owns", owns), ("o1", "p2", "owns", owns), ("o2", "p3", "owns", owns)])
    >>> found = ownership_concentration(G)
    >>> found.owned, round(found.herfindahl, 4)
    ({'o1': 2, 'o2': 1}, 0.5556)
    """
    owning = [(u, v) for u, neighbours in ownership.succ.items() for v, keyed in neighbours.items()
              if _related(keyed, OWNS)]
    owned = Counter(owner for owner, _work in owning)
    projects = sorted(n for n, cls in ownership.nodes(data="class_iri") if cls == PROJECT)
    has_owner = {work for _owner, work in owning}
    return Concentration(dict(sorted(owned.items())), [p for p in projects if p not in has_owner], projects)


def goal_coverage(served: nx.Graph, ownership: nx.Graph) -> list[GoalCoverage]:
    """Per goal: the pieces of work that serve it, the actors of that work, and how much of it has an owner.

    Parameters
    ----------
    served
        The goals and the work serving them (the ``served`` view, or the goals view); its goals are its
        nodes of class ``lls:Goal``.
    ownership
        The ownership view: who takes part in that work, and how.

    Returns
    -------
    list of GoalCoverage
        One per goal, fewest results first (ties by IRI).

    Example
    -------
    >>> import networkx as nx
    >>> served = nx.MultiDiGraph([("work", "goal 1", "serves goal", {"relation": "serves goal"})])
    >>> served.add_node("goal 2")
    >>> nx.set_node_attributes(served, {"goal 1": GOAL, "goal 2": GOAL}, "class_iri")
    >>> ownership = nx.MultiDiGraph([("actor", "work", "owns", {"relation": "owns"})])
    >>> [(c.goal, c.results, c.actors, c.owned) for c in goal_coverage(served, ownership)]
    [('goal 2', 0, 0, 0), ('goal 1', 1, 1, 1)]
    """
    taking_part = ownership.pred
    coverage = []
    for goal in (n for n, cls in served.nodes(data="class_iri") if cls == GOAL):
        work = {u for u, keyed in served.pred[goal].items() if _related(keyed, SERVES)}
        actors = {u for w in work for u in taking_part.get(w, ())}
        owned = {w for w in work if any(_related(keyed, OWNS) for keyed in taking_part.get(w, {}).values())}
        coverage.append(GoalCoverage(goal, len(work), len(actors), len(owned), tuple(sorted(work))))
    return sorted(coverage, key=lambda c: (c.results, c.goal))


def footprint(ownership: nx.Graph, borders: CrossBorder | None = None) -> list[Footprint]:
    """Each municipality's part in the work: how much, how much across borders, with how many others.

    Parameters
    ----------
    ownership
        The ownership view; its municipality nodes are those of class ``lls:Municipality``.
    borders
        Its :func:`cross_border`, where the caller has it already.

    Returns
    -------
    list of Footprint
        One per municipality, most activities first (then most across borders, then IRI);
        ``partners`` counts the other municipalities and unnamed groups it shares work with.

    Example
    -------
    >>> from lls_kg.store import open_store
    >>> from lls_kg.network import view
    >>> found = footprint(view(open_store(), "ownership", ties=["joint-work"]))
    >>> [(f.municipality.rsplit("/", 1)[1], f.activities) for f in found][:3]
    [('leikanger', 2), ('sogndal', 2), ('luster', 1)]
    """
    activities: Counter[str] = Counter()
    crossing: Counter[str] = Counter()
    partners: dict[str, set[str]] = defaultdict(set)
    borders = borders or cross_border(ownership)
    for work, keys in borders.taking_part.items():
        across = borders.municipalities[work] > 1
        for key in keys:
            activities[key] += 1
            crossing[key] += across
            partners[key] |= keys - {key}
    municipalities = [n for n, cls in ownership.nodes(data="class_iri") if cls == MUNICIPALITY]
    rows = [Footprint(m, activities[m], crossing[m], len(partners[m])) for m in municipalities]
    return sorted(rows, key=lambda f: (-f.activities, -f.cross_border, f.municipality))


def _municipal_work(ownership: nx.Graph) -> dict[str, set[str]]:
    """Each piece of work with a participant (``bipartite`` 1, linked by a tie counted) -> the municipalities and
    unnamed groups taking part in it (read from the adjacency, each actor's keys found once)."""
    keys = functools.cache(lambda actor: municipal_keys(ownership.nodes[actor]))
    return {work: {key for actor in ownership.pred[work] for key in keys(actor)}
            for work, side in ownership.nodes(data="bipartite") if side == 1 and ownership.pred[work]}


def _municipality_count(G: nx.Graph, keys: Iterable[str]) -> int:
    """Municipalities behind ``keys``: 1 each, an unnamed group its known member count (else 0)."""
    return sum(_members(G.nodes[key] if key in G else {}) for key in keys)


def _related(keyed: Mapping[Any, Mapping[str, Any]], relation: str) -> bool:
    """Whether one of the parallel edges ``keyed`` (key -> data) is a ``relation``: a view keys each edge by its
    relation (:func:`lls_kg.network.views.view`), so no edge's data is read."""
    return relation in keyed


def _members(attributes: Mapping[str, Any]) -> int:
    return attributes.get("member_count", 0) if attributes.get("class_iri") == UNNAMED_GROUP else 1
