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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from operator import itemgetter

from rdflib import BNode, URIRef

from ..errors import BadInput
from ..namespaces import LLS
from ..store import OxigraphStore, RdflibStore, Result, Store, Term, Texts, ask_ahead, texts
from ..store.base import text_of
from .labels import Labels
from .named import load_named
from .resolve import resolve
from .run import named_ahead, text_answer

CITY_REGION = LLS + "CityRegion"
MUNICIPALITY = LLS + "Municipality"
#: The programme and its phases, which every region shares.
PROGRAMME = LLS + "Programme"
PHASE = LLS + "ProgrammePhase"
#: The ``--region`` that answers for every region together: the whole graph as one network (a national analysis).
EVERY_REGION = "all"
#: The whole graph, to be filtered (not a named query: engines need not agree on a dump's literal forms).
EVERY_STATEMENT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def regions(store: Store) -> list[str]:
    """The region nodes of the graph, by IRI."""
    return [str(row[0]) for row in store.query(load_named("regions").text).rows]


def belonging(store: Store, then: Iterable[str] = ()) -> dict[str, frozenset[str]]:
    """Each resource that belongs to some region -> those regions: by direct links, then through anchors; what is
    still placed nowhere, by the sources it is derived from (a municipality the page names, the merger). ``then``:
    shipped queries the caller reads next, asked after these (:func:`lls_kg.sparql.named_ahead`)."""
    named_ahead(store, ["region_anchors", "region_resources", "region_work", "region_kinds", "region_members",
                        "region_sources", *then])  # the longest first, on a thread of its own
    kinds: dict[str, set[str]] = defaultdict(set)
    for resource, kind in _columns(store, "region_kinds", "resource", "kind"):
        kinds[kind].add(resource)
    owners = _Owners()
    for region in regions(store):
        owners.give(region, (region,))
    for region, resource in _columns(store, "region_resources", "region", "resource"):
        owners.give(resource, (region,))
    for resource, region in _work_within(store, kinds[MUNICIPALITY], kinds[PROGRAMME]):
        owners.give(resource, (region,))
    hanging = _hanging(_columns(store, "region_anchors", "resource", "anchor"))
    _follow(owners, hanging)
    placed, shared = set(owners), kinds[PROGRAMME] | kinds[PHASE]
    sources = sorted(_columns(store, "region_sources", "resource", "source"))  # one order on every engine
    for resource, source in sources:
        if resource not in placed and resource not in shared:
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


def _work_within(store: Store, municipalities: set[str], programmes: set[str]) -> list[tuple[str, str]]:
    """(work, region) for the work outside ``programmes`` that a member of the region takes part in and no
    municipality outside it does."""
    members: dict[str, set[str]] = defaultdict(set)
    regions_of: dict[str, set[str]] = defaultdict(set)
    for region, member in _columns(store, "region_members", "region", "member"):
        members[region].add(member)
        regions_of[member].add(region)
    actors: dict[str, set[str]] = defaultdict(set)
    for work, actor in _columns(store, "region_work", "resource", "actor"):
        if work not in programmes:
            actors[work].add(actor)
    return [(work, region) for work, who in actors.items()
            for region in sorted(set().union(*(regions_of[actor] for actor in who)))
            if who & municipalities <= members[region]]


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
    about once, not once per region (40 regions in a million triples on disk: 219 s when each part was a pass over
    the whole graph, 20 s read by subject; :func:`rows_within` reads no part at all).
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


def rows_within(store: Store, chosen: Sequence[str], belongs: dict[str, frozenset[str]] | None = None,
                then: Iterable[str] = ()) -> Iterator[tuple[str, Store]]:
    """Each region of ``chosen`` with a store of the rows its part of ``store`` (:func:`parts`) gives, cut from the
    whole graph's answers: each query is answered once for every region, and no part is copied (``lls-kg compare``
    of 126 regions at ten million triples on disk, cold: 243 s reading the parts, 160 s so).

    A row of the whole graph is a region's when every value in it that names a resource belongs to the region or to
    no region (values are read as text, so a literal that spells such a resource's IRI counts as it). For a query of
    triple patterns whose resources are all selected (the view queries: what one matches but leaves out is an
    ontology term, which belongs to no region) those are the rows of the region's part, statement for statement.
    A query that asks what is *not* there (``FILTER NOT EXISTS``, ``MINUS``, an ``OPTIONAL`` that binds a
    resource) may answer otherwise on the part: ask it of :func:`parts`. ``then``: see :func:`belonging`.
    """
    belongs = belonging(store, then) if belongs is None else belongs
    split = _Split(store, belongs, chosen)
    for region in chosen:
        yield region, _Within(split, region)


class _Split:
    """The whole graph's answers, each read once and cut into the rows of each region (see :func:`rows_within`)."""

    def __init__(self, whole: Store, belongs: dict[str, frozenset[str]], chosen: Sequence[str]) -> None:
        self.whole, self.belongs, self._chosen = whole, belongs, list(chosen)
        #: query text -> its variables and each region's rows not yet handed out.
        self._cut: dict[str, tuple[list[str], dict[str, list[tuple[str | None, ...]]]]] = {}

    def asked(self, text: str) -> bool:
        """Whether the answer to ``text`` is read and cut already."""
        return text in self._cut

    def rows(self, text: str, region: str) -> Texts:
        """``region``'s rows of the whole graph's answer to ``text``, handed out once (the region keeps them)."""
        if text not in self._cut:
            answer = texts(self.whole, text)
            self._cut[text] = answer.vars, self._by_region(answer.rows)
        names, by_region = self._cut[text]
        found = Texts(names, by_region.pop(region))
        if not by_region:
            del self._cut[text]
        return found

    def _by_region(self, rows: list[tuple[str | None, ...]]) -> dict[str, list[tuple[str | None, ...]]]:
        """Each chosen region's rows: those whose resources all belong to it or to no region."""
        by_region: dict[str, list[tuple[str | None, ...]]] = {region: [] for region in self._chosen}
        every = list(by_region.values())
        belongs = self.belongs
        for row in rows:
            found: frozenset[str] | None = None  # None: no value belongs to a region, so every region has the row
            for value in row:
                if value is not None and (its := belongs.get(value)) is not None and its is not found:
                    found = its if found is None else found & its
            for kept in (every if found is None else (by_region[region] for region in found if region in by_region)):
                kept.append(row)
        return by_region


class _Within:
    """A region's rows of the whole graph's answers (see :func:`rows_within`), as a store that the views read."""

    def __init__(self, split: _Split, region: str) -> None:
        self._split, self._region = split, region
        self._read: dict[str, Texts] = {}

    def texts(self, text: str) -> Texts:
        """The region's rows of the answer to ``text``."""
        if text not in self._read:
            self._read[text] = self._split.rows(text, self._region)
        return self._read[text]

    def ask_ahead(self, queries: Sequence[str]) -> None:
        """Have the whole graph answer ``queries`` together where faster (:func:`lls_kg.store.ask_ahead`)."""
        ask_ahead(self._split.whole, [text for text in queries if not self._split.asked(text)])

    def query(self, text: str, bindings: Mapping[str, Term] | None = None) -> Result:
        """The region's rows of the whole graph's answer to the SELECT ``text``."""
        answer = self._split.whole.query(text, bindings)
        if answer.kind != "SELECT":
            raise BadInput("a region's rows answer SELECT queries only")
        return Result("SELECT", vars=answer.vars, rows=[row for row in answer.rows if all(
            _within(self._split.belongs, self._region, str(text_of(value))) for value in row
            if isinstance(value, (URIRef, BNode)))])


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
