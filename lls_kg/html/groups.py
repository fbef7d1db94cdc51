"""A view too big for a page, drawn as groups: its municipalities, or its communities, as nodes.

A page holds every node and link of its network as JSON and vis-network draws them all, so
past a few thousand nodes the file grows to hundreds of megabytes and the browser stalls.
Above a page's node budget (:data:`MAX_NODES`, ``--max-nodes``) the view is shown
aggregated: each group is one node, sized by its links, labelled with how many nodes it
holds, and two groups are linked with the number of links between their members. The
scene says so in a note (what was grouped, and how to see the rest).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

import networkx as nx

from ..choices import GROUPINGS, MAX_NODES, require
from ..errors import BadInput
from ..i18n import N_, speech
from ..namespaces import ID
from ..network.measures import communities, undirected
from .viz import Scene

#: A grouping as a legend and the note name it.
_GROUPING_WORDS = {"municipality": N_("municipality"), "community": N_("community")}
#: The group of nodes that belong to no municipality, or to a community past the budget.
_REST = ID + "group/rest"


def over(shown: Scene, budget: int) -> bool:
    """Whether ``shown`` has more nodes than a page of ``budget`` nodes draws."""
    return len(shown.graph) > budget


def fit(shown: Scene, budget: int = MAX_NODES, by: str | None = None) -> Scene:
    """``shown`` as is when a page of ``budget`` nodes draws it; else grouped ``by`` (:data:`GROUPINGS`), or without
    ``by`` :class:`~lls_kg.errors.BadInput` that says how to see it (a page of hundreds of megabytes helps nobody)."""
    if not over(shown, budget):
        return shown
    if by is None:
        raise BadInput(f"the {shown.graph.name} view has {len(shown.graph):,} nodes, more than --max-nodes "
                       f"{budget:,} draws: draw a part (--region NAME, --focus NODE, --municipality NAME, --goal GOAL), "
                       "draw it as groups (--aggregate municipality|community|auto), or raise --max-nodes")
    return aggregate(shown, budget, by)


def aggregate(shown: Scene, budget: int = MAX_NODES, by: str = "auto") -> Scene:
    """``shown`` with its groups as nodes (at most ``budget`` of them) and a note that says so.

    Example
    -------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("x", "y")])
    >>> small = Scene(G, "Actors view", {}, {"a": ["m1"], "b": ["m1"], "c": ["m2"], "x": [], "y": []},
    ...               {"m1": {"label_en": "One"}, "m2": {"label_en": "Two"}})
    >>> sorted(aggregate(small, 3, by="municipality").graph.nodes(data="label_en"))[1:]
    [('m1', 'One (2 nodes)'), ('m2', 'Two (1 node)')]
    >>> grouped = aggregate(small, 2, by="auto")  # three groups by municipality: too many
    >>> sorted(grouped.graph.nodes(data="label_en"))
    [('b', 'Community: b and 2 other nodes'), ('y', 'Community: y and 1 other node')]
    """
    require(by, GROUPINGS, "grouping")
    say = speech(shown.lang)
    members = _by_place(shown) if by != "community" else {}
    if by == "auto" and not 1 < len(members) <= budget:
        members = {}
    grouping = "municipality" if members else "community"
    members = _capped(members or _by_community(shown.graph), budget)
    G = nx.Graph(name=shown.graph.name)
    for group, inside in members.items():
        G.add_node(group, **_group(shown, group, inside, grouping))
    where = {node: group for group, inside in members.items() for node in inside}
    links: Counter[tuple[str, str]] = Counter()
    for u, v in shown.graph.edges():
        a, b = sorted((where[u], where[v]))
        if a != b:
            links[a, b] += 1
    relation = say._("links between their members")
    G.add_edges_from((a, b, {"relation": relation, "weight": n, "activity_labels": [], "quote": []})
                     for (a, b), n in sorted(links.items()))
    note = say._("{title} has {nodes} nodes, more than this page draws ({budget}); here they are {groups} groups, "
                 "one node per {grouping}, sized by their links. See the nodes with lls-kg viz --region "
                 "NAME, --focus NODE, --municipality NAME or --goal GOAL, or raise --max-nodes.",
                 title=shown.title, nodes=say.number(len(shown.graph)), budget=say.number(budget),
                 groups=say.number(len(G)), grouping=say._(_GROUPING_WORDS[grouping]))
    return Scene(G, shown.title, {n: [] for n in G}, {n: [] for n in G}, dict(G.nodes(data=True)), shown.lang,
                 None, note)


def _by_place(shown: Scene) -> dict[str, list[str]]:
    """The nodes by their first municipality; those without one together."""
    groups: defaultdict[str, list[str]] = defaultdict(list)
    for node in shown.graph:
        groups[(shown.places.get(node) or [_REST])[0]].append(node)
    return dict(groups)


def _by_community(G: nx.Graph) -> dict[str, list[str]]:
    """The nodes by Louvain community (seeded), each named by its best-linked member."""
    return {max(group, key=lambda node: (G.degree(node), node)): group for group in communities(undirected(G))}


def _capped(groups: dict[str, list[str]], budget: int) -> dict[str, list[str]]:
    """At most ``budget`` groups: past ``budget - 1``, the smaller ones together."""
    if len(groups) <= budget:
        return groups
    ranked = sorted((group for group in groups.items() if group[0] != _REST),
                    key=lambda group: (-len(group[1]), group[0]))
    kept = dict(ranked[:budget - 1])
    kept[_REST] = groups.get(_REST, []) + [node for _, inside in ranked[budget - 1:] for node in inside]
    return kept


def _group(shown: Scene, group: str, inside: Sequence[str], grouping: str) -> Mapping[str, object]:
    """A group node's attributes: its label in nn and en (the group's name and its size), class and members."""
    names = {lang: _name(shown, group, inside, grouping, lang) for lang in ("nn", "en")}
    return {"label_nn": names["nn"], "label_en": names["en"], "class": speech(shown.lang)._(_GROUPING_WORDS[grouping]),
            "class_iri": "", "members": len(inside), "quote": [], "municipality": []}


def _name(shown: Scene, group: str, inside: Sequence[str], grouping: str, lang: str) -> str:
    """``Luster (35 nodes)``, ``Community: Luster and 34 other nodes`` or ``Other nodes (12)``, in ``lang``."""
    say, n = speech(lang), len(inside)
    named = Scene(shown.graph, "", {}, {}, shown.nodes, lang, shown.labels)
    if group == _REST:
        return say.ngettext("Other nodes ({n})", "Other nodes ({n})", n)
    if grouping == "municipality":
        return say.ngettext("{name} ({n} node)", "{name} ({n} nodes)", n, name=named.label(group))
    return say.ngettext("Community: {name} and {n} other node", "Community: {name} and {n} other nodes", n - 1,
                        name=named.label(group))
