"""One region's part of a graph that holds several: what ``--region`` hands to the commands that assume one region.

A resource belongs to a region by a direct link (``region_resources.rq``: its members, goals, advice,
the work it or only its members take part in, …) or through its anchors (``region_anchors.rq``:
a role belongs where its work belongs, a passage where what cites it belongs, …). The region's
graph leaves out every resource that belongs to other regions only, and every statement
about or pointing to one; what belongs to no region (the programme, the ontology, shared
agencies) and what several regions share (a municipality in two regions) stays. Every query,
view and page then runs on that graph unchanged, so no section can mix two regions.
"""

from __future__ import annotations

from collections import defaultdict

from ..errors import BadInput
from ..namespaces import LLS
from ..store import OxigraphStore, RdflibStore, Store
from .labels import Labels
from .named import load_named
from .resolve import resolve
from .run import answers

CITY_REGION = LLS + "CityRegion"
MUNICIPALITY = LLS + "Municipality"
#: The ``--region`` that answers for every region together: the whole graph as one network (a national analysis).
EVERY_REGION = "all"
#: The whole graph, to be filtered (not a named query: engines need not agree on a dump's literal forms).
EVERY_STATEMENT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def regions(store: Store) -> list[str]:
    """The region nodes of the graph, by IRI."""
    return [str(row[0]) for row in store.query(load_named("regions").text).rows]


def belonging(store: Store) -> dict[str, set[str]]:
    """Each resource that belongs to some region -> those regions: by direct links, then through anchors; what is
    still placed nowhere, by the sources it is derived from (a municipality the page names, the merger)."""
    owners: dict[str, set[str]] = defaultdict(set)
    for region in regions(store):
        owners[region].add(region)
    for row in answers(store, "region_resources"):
        owners[row["resource"]].add(row["region"])
    for resource, region in _work_within(store):
        owners[resource].add(region)
    anchors = _pairs(store, "region_anchors", "anchor")
    _follow(owners, anchors)
    placed = set(owners)
    for resource, source in sorted(_pairs(store, "region_sources", "source")):  # one order on every engine
        if resource not in placed:
            owners[resource] |= owners.get(source, set())
    _follow(owners, anchors)
    return {resource: found for resource, found in owners.items() if found}


def _work_within(store: Store) -> list[tuple[str, str]]:
    """(work, region) for the work that a member of the region takes part in and no municipality outside it does."""
    members: dict[str, set[str]] = defaultdict(set)
    regions_of: dict[str, set[str]] = defaultdict(set)
    for row in answers(store, "region_members"):
        members[row["region"]].add(row["member"])
        regions_of[row["member"]].add(row["region"])
    actors: dict[str, set[str]] = defaultdict(set)
    municipalities: dict[str, set[str]] = defaultdict(set)
    for row in answers(store, "region_work"):
        actors[row["resource"]].add(row["actor"])
        if row["kind"] == MUNICIPALITY:
            municipalities[row["resource"]].add(row["actor"])
    return [(work, region) for work, who in actors.items()
            for region in sorted(set().union(*(regions_of[actor] for actor in who)))
            if municipalities[work] <= members[region]]


def _pairs(store: Store, query: str, other: str) -> list[tuple[str, str]]:
    return [(row["resource"], row[other]) for row in answers(store, query)]  # type: ignore[misc]


def _follow(owners: dict[str, set[str]], anchors: list[tuple[str, str]]) -> None:
    """Give each resource the regions of its anchors, until nothing changes."""
    changed = True
    while changed:
        changed = False
        for resource, anchor in anchors:
            new = owners.get(anchor, set()) - owners.get(resource, set())
            if new:
                owners[resource] |= new
                changed = True


def scoped(store: Store, region: str, belongs: dict[str, set[str]] | None = None) -> Store:
    """A store (in memory) holding ``region``'s part of ``store``: what belongs only to other regions left out, with
    every statement about it or pointing to it. An embedded store is copied engine to engine; another (an endpoint)
    is read whole through ``CONSTRUCT`` first. ``belongs`` is :func:`belonging`'s answer, when the caller cuts out
    several regions."""
    others = {resource for resource, owners in (belongs or belonging(store)).items() if region not in owners}
    whole = store if isinstance(store, (OxigraphStore, RdflibStore)) else \
        OxigraphStore.from_graph(store.query(EVERY_STATEMENT).graph)
    return whole.without(others)


def every_region(name: str | None) -> bool:
    """Whether ``--region`` asks for every region together (:data:`EVERY_REGION`)."""
    return name is not None and name.strip().casefold() == EVERY_REGION


def chosen_region(store: Store, name: str | None, labels: Labels, lang: str) -> str | None:
    """The region a command that assumes one region answers for: ``name`` resolved (``--region``), else the graph's
    only region (None: nothing to scope; so for :data:`EVERY_REGION`), else a one-line error naming the regions and
    asking for ``--region``."""
    if every_region(name):
        return None
    found = regions(store)
    if name:
        region = str(resolve(store, name, CITY_REGION))
        return region if len(found) > 1 else None
    if len(found) <= 1:
        return None
    names = ", ".join(f"'{labels.name(iri, lang)}'" for iri in found)
    raise BadInput(f"the graph holds {len(found)} city regions ({names}); choose one with --region NAME, "
                   f"or take them together with --region {EVERY_REGION}")
