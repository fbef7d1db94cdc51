"""City regions side by side (``lls-kg compare``): who they are, what their pages give, and how they work together.

Each region's facts come from the named queries (``region_facts``, ``region_counts``,
``region_members``); its collaboration measures from the views of its own part of the graph, read as its rows
of the whole graph's answers (:func:`lls_kg.sparql.scope.rows_within`), so no region's work is counted for another;
its names from the graph's labels of what it names, which are its part's.
A value the page does not give stays None ("not stated" for people, null in JSON), never 0.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, fields

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..choices import JOINT_WORK
from ..sparql import load_named
from ..sparql.labels import Labels
from ..sparql.scope import regions, rows_within
from ..store import Result, Store
from .region import cross_border, pairs
from .views import asked, views

#: The views a region's measures read.
_VIEWS = ("ownership", "municipalities")


@dataclass(frozen=True)
class Side:
    """One region's column of the comparison; None wherever the graph does not say."""

    region: str
    region_label: str | None
    applicant: str | None
    applicant_label: str | None
    members: str
    member_count: int
    population: Node | None
    population_date: Node | None
    area_km2: Node | None
    area_date: Node | None
    goals: int | None
    results: int | None
    advice: int | None
    work: int | None
    cross_border: int | None
    cross_border_share: float | None
    strongest_pair: str | None
    strongest_pair_work: int | None


#: The columns, in order: the machine names of JSON keys and CSV headers.
COLUMNS = [field.name for field in fields(Side)]
#: The measures a chart can show, each a number per region.
MEASURES = ("member_count", "population", "area_km2", "goals", "results", "advice", "work", "cross_border_share")


def compare(store: Store, labels: Labels, lang: str) -> list[Side]:
    """Every region of ``store`` side by side, names in ``lang`` (the members, the strongest pair)."""
    found = regions(store)
    facts = _by_region(store, "region_facts")
    counts = _by_region(store, "region_counts")
    members: dict[str, list[str]] = defaultdict(list)
    applicants: dict[str, list[str]] = defaultdict(list)
    for row in store.query(load_named("region_members").text).records():
        if row["member"] not in members[row["region"]]:
            members[row["region"]].append(row["member"])
        if row["applicant"] and row["member"] not in applicants[row["region"]]:
            applicants[row["region"]].append(row["member"])
    each = rows_within(store, found, then=asked(_VIEWS, quotes=False)) if len(found) > 1 else \
        [(region, store) for region in found]
    return [_side(region, own, facts.get(region, {}), counts.get(region, {}), members[region], applicants[region],
                  labels, lang) for region, own in each]


def as_result(sides: Sequence[Side]) -> Result:
    """The comparison as a table (one row per region) for :func:`lls_kg.formats.show`."""
    def term(value: object) -> Node | None:
        if value is None or isinstance(value, Node):
            return value
        return URIRef(value) if isinstance(value, str) and value.startswith(("http://", "https://")) else Literal(value)

    return Result("SELECT", vars=COLUMNS, rows=[tuple(term(getattr(side, name)) for name in COLUMNS) for side in sides])


def _by_region(store: Store, query: str) -> dict[str, dict[str, Node | None]]:
    """A per-region query's rows by region IRI (the first row where a region has several)."""
    found: dict[str, dict[str, Node | None]] = {}
    for row in store.query(load_named(query).text).bindings():
        found.setdefault(str(row["region"]), row)
    return found


def _side(region: str, own: Store, facts: dict[str, Node | None], counts: dict[str, Node | None],
          members: list[str], applicants: list[str], labels: Labels, lang: str) -> Side:
    """One region's column: its facts and counts, and the measures of its own part of the graph."""
    built = views(own, _VIEWS, ties=[JOINT_WORK], labels=labels, quotes=False)
    labels.read_for([region, *members])
    crossing = cross_border(built["ownership"])
    strongest = pairs(built["municipalities"])[:1]

    def name(iri: str) -> str:
        return str(labels.name(iri, lang))

    applicant = applicants[0] if len(applicants) == 1 else None
    return Side(
        region=region,
        region_label=name(region),
        applicant=applicant,
        applicant_label=name(applicant) if applicant else None,
        members="; ".join(sorted(name(member) for member in members)),
        member_count=len(members),
        population=facts.get("population"),
        population_date=facts.get("population_date"),
        area_km2=facts.get("area_km2"),
        area_date=None,
        goals=_stated(counts.get("goals")),
        results=_stated(counts.get("results")),
        advice=_stated(counts.get("advice")),
        work=len(crossing.municipalities) or None,
        cross_border=len(crossing.crossing) if crossing.municipalities else None,
        cross_border_share=round(crossing.share, 3) if crossing.municipalities else None,
        strongest_pair=" – ".join(name(node) for node in (strongest[0].one, strongest[0].other)) if strongest else None,
        strongest_pair_work=len(strongest[0].work) if strongest else None,
    )


def _stated(count: Node | None) -> int | None:
    """A count the page gives; 0 reads as not stated (a page that gives none looks the same as one not read)."""
    return int(count.toPython()) if isinstance(count, Literal) and int(count.toPython()) else None
