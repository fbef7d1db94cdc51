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

import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter

from ..errors import BadInput
from ..namespaces import LLS
from ..store import OxigraphStore, RdflibStore, Store
from .labels import Labels
from .named import load_named
from .resolve import resolve
from .run import named_ahead, text_answer

CITY_REGION = LLS + "CityRegion"
MUNICIPALITY = LLS + "Municipality"
#: The ``--region`` that answers for every region together: the whole graph as one network (a national analysis).
EVERY_REGION = "all"
#: The whole graph, to be filtered (not a named query: engines need not agree on a dump's literal forms).
EVERY_STATEMENT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def regions(store: Store) -> list[str]:
    """The region nodes of the graph, by IRI."""
    return [str(row[0]) for row in store.query(load_named("regions").text).rows]


def belonging(store: Store) -> dict[str, frozenset[str]]:
    """Each resource that belongs to some region -> those regions: by direct links, then through anchors; what is
    still placed nowhere, by the sources it is derived from (a municipality the page names, the merger)."""
    named_ahead(store, ["region_resources", "region_members", "region_work", "region_anchors", "region_sources"])
    owners = _Owners()
    for region in regions(store):
        owners.give(region, (region,))
    for region, resource in _columns(store, "region_resources", "region", "resource"):
        owners.give(resource, (region,))
    for resource, region in _work_within(store):
        owners.give(resource, (region,))
    hanging = _hanging(_columns(store, "region_anchors", "resource", "anchor"))
    _follow(owners, hanging)
    placed = set(owners)
    sources = sorted(_columns(store, "region_sources", "resource", "source"))  # one order on every engine
    for resource, source in sources:
        if resource not in placed:
            owners.give(resource, owners.get(source, ()))
    _follow(owners, hanging)
    return owners


class _Owners(dict[str, frozenset[str]]):
    """Resource -> the regions it belongs to, each set of regions one object that every resource with those regions
    shares: nearly every resource belongs to one region, and a set each made the answer at a million triples hold
    47 MiB rather than 19."""

    def __init__(self) -> None:
        super().__init__()
        self._same: dict[frozenset[str], frozenset[str]] = {}

    def give(self, resource: str, regions: Iterable[str]) -> bool:
        """Add ``regions`` to ``resource``'s; whether it gained any."""
        had = self.get(resource, frozenset())
        if had.issuperset(regions):
            return False
        now = had.union(regions)
        self[resource] = self._same.setdefault(now, now)
        return True


def _work_within(store: Store) -> list[tuple[str, str]]:
    """(work, region) for the work that a member of the region takes part in and no municipality outside it does."""
    members: dict[str, set[str]] = defaultdict(set)
    regions_of: dict[str, set[str]] = defaultdict(set)
    for region, member in _columns(store, "region_members", "region", "member"):
        members[region].add(member)
        regions_of[member].add(region)
    actors: dict[str, set[str]] = defaultdict(set)
    municipalities: dict[str, set[str]] = defaultdict(set)
    for work, actor, kind in _columns(store, "region_work", "resource", "actor", "kind"):
        actors[work].add(actor)
        if kind == MUNICIPALITY:
            municipalities[work].add(actor)
    return [(work, region) for work, who in actors.items()
            for region in sorted(set().union(*(regions_of[actor] for actor in who)))
            if municipalities[work] <= members[region]]


def _columns(store: Store, query: str, *names: str) -> list[tuple[str, ...]]:
    """The ``names`` columns (two or more) of the rows of the shipped ``query``: millions at national scale, so no
    dict per row."""
    answer = text_answer(store, query)
    return list(map(itemgetter(*(answer.vars.index(name) for name in names)), answer.rows))


def _hanging(anchors: Iterable[tuple[str, ...]]) -> dict[str, list[str]]:
    """Anchor -> the resources that hang on it."""
    found: dict[str, list[str]] = defaultdict(list)
    for resource, anchor in anchors:
        found[anchor].append(resource)
    return found


def _follow(owners: _Owners, hanging: dict[str, list[str]]) -> None:
    """Give each resource the regions of its anchors, down every chain of anchors: a resource is visited again only
    when one of its anchors gained a region (a pass over every pair until none changed took 1.4 s a million
    triples)."""
    todo = [anchor for anchor in hanging if anchor in owners]
    while todo:
        anchor = todo.pop()
        todo.extend(resource for resource in hanging[anchor] if owners.give(resource, owners[anchor]))


def scoped(store: Store, region: str) -> Store:
    """A store (in memory) holding ``region``'s part of ``store`` (see :func:`parts`)."""
    return next(parts(store, [region]))[1]


def parts(store: Store, chosen: Sequence[str],
          belongs: dict[str, frozenset[str]] | None = None) -> Iterator[tuple[str, Store]]:
    """Each region of ``chosen`` with its part of ``store``, one at a time: a store (in memory) of every statement
    about a resource of the region or of no region, save those pointing to a resource of other regions only.

    The parts are read subject by subject from the whole's index, so cutting out every region reads the graph
    about once, not once per region (``lls-kg compare`` of 40 regions in a million triples on disk: 219 s when each
    part was a pass over the whole graph, 20 s read by subject).
    An embedded store is copied engine to engine; another (an endpoint) is read whole through ``CONSTRUCT`` first.
    """
    belongs = belonging(store) if belongs is None else belongs
    whole = store if isinstance(store, (OxigraphStore, RdflibStore)) else \
        OxigraphStore.from_graph(store.query(EVERY_STATEMENT).graph)
    owned: dict[str, list[str]] = defaultdict(list)
    shared: list[str] = []
    for (subject,) in text_answer(whole, "region_subjects").rows:
        for region in belongs.get(subject, ()):
            owned[region].append(subject)
        if subject not in belongs:
            shared.append(subject)
    for region in chosen:
        yield region, whole.part([*owned[region], *shared], functools.partial(_within, belongs, region))


def _within(belongs: dict[str, frozenset[str]], region: str, resource: str) -> bool:
    """Whether ``resource`` belongs to ``region``, or to no region."""
    found = belongs.get(resource)
    return found is None or region in found


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
