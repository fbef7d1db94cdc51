"""One self-contained HTML page about the region, for advisers who open a file rather than a terminal.

The facts, the goals with their work and owners, ownership and its transfers, the
collaboration measures with their plain sentences, the population against the
projection, and the interactive actors network. Every figure comes from a named query
or from the functions behind ``lls-kg owners`` and ``lls-kg analyse``, so the report
and the commands cannot disagree; every row that rests on a source passage can show it.
The views are built once and handed to both the network and the measures. The page
is made by :mod:`.page` (same templates, style, script and Content-Security-Policy as
``viz``), so it works offline and shows any text from the data as text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from ..choices import JOINT_WORK
from ..formats import text_records
from ..namespaces import curie
from ..network import analyse, needed, views
from ..network.narrative import summary
from ..network.tables import Table, tables
from ..sparql import owners, run
from ..store import Store
from .page import document
from .viz import Scene, draw, network_data, scene

#: The report's view of the network: who works with whom.
VIEW = "actors"
#: Pixels of the population chart: label column, bar area, value column, bar row.
_LABELS, _BARS, _VALUES, _ROW = 210.0, 360.0, 120.0, 30.0
#: Bar colours of the chart: short of the projection, above it.
_SHORT, _ABOVE = "#e15759", "#4e79a7"

Record = dict[str, "str | None"]


@dataclass(frozen=True)
class Row:
    """One table row: its cells as text, and the source quotes behind it."""

    cells: list[str]
    quotes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Grid:
    """A table of the report; ``name`` marks it in the page (``data-table``), ``numeric`` right-aligns columns."""

    name: str
    title: str
    columns: list[str]
    rows: list[Row]
    numeric: list[bool] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)

    def right(self, column: int) -> bool:
        """Whether ``column`` holds numbers (right-aligned)."""
        return column < len(self.numeric) and self.numeric[column]


@dataclass(frozen=True)
class Bar:
    """One bar of the population chart, placed in pixels."""

    label: str
    value: str
    x: float
    y: float
    width: float
    colour: str
    quote: str


@dataclass(frozen=True)
class Chart:
    """The population chart: deviations from the projection as bars left (short) or right (above) of zero."""

    title: str
    width: float
    height: float
    zero: float
    bars: list[Bar]


def report(store: Store, *, top: int = 10, size_by: str = "degree") -> str:
    """The region's report as one HTML page.

    Parameters
    ----------
    store
        Any :class:`~lls_kg.store.Store`.
    top
        Rows per list of nodes in the collaboration tables (as ``lls-kg analyse --top``).
    size_by
        The measure that sizes the network's nodes (:data:`lls_kg.choices.SIZE_MEASURES`).

    Returns
    -------
    str
        The page; the same graph gives the same text.

    Example
    -------
    >>> from lls_kg.store import open_store
    >>> page = report(open_store())
    >>> page.startswith("<!DOCTYPE html>"), 'data-table="owners"' in page
    (True, True)
    """
    graphs = views(store, needed(VIEW), ties=[JOINT_WORK])  # as lls-kg analyse counts
    shown = scene(graphs, VIEW)
    measured = analyse(graphs, VIEW, top=top)
    regions = text_records(run(store, "region_facts"))
    name = next((r["region_label"] for r in regions if r["region_label"]), "The city region")
    transfers = text_records(run(store, "transfers"))
    population = text_records(run(store, "population"))
    return document(
        "report.html", title=f"{name}: city-region report",
        facts=_facts(regions, text_records(run(store, "municipalities")), shown),
        goals=_goals(text_records(run(store, "goal_activities")), shown),
        ownership=_grid("owners", "Owners, current and former", text_records(owners(store, history=True)),
                        {"project_label": "project", "owner_label": "owner", "role": "role", "status": "status",
                         "since": "since", "until": "until"}),
        transfers=_grid("transfers", "Ownership transfers", transfers,
                        {"project_label": "project", "from_label": "from", "to_label": "to",
                         "reason_en": "reason", "date": "date"}),
        summary=summary(measured),
        measures=[_measures(table, shown) for table in tables(measured, top)],
        chart=_chart(population),
        population=_grid("population", "Population against the projection", population,
                         {"municipality_label": "municipality", "deviation": "deviation", "unit": "unit",
                          "year": "year", "projection_label": "projection"}, numeric={"deviation"}),
        net=network_data(draw(shown, size_by)))


# --- tables ----------------------------------------------------------------------------------------


def _grid(name: str, title: str, rows: Iterable[Record], columns: dict[str, str],
          numeric: Iterable[str] = ()) -> Grid:
    """Query records as a table: ``columns`` maps a variable to its heading; ``source`` is the row's quote."""
    wanted = set(numeric)
    return Grid(name, title, list(columns.values()),
                [Row([row.get(var) or "" for var in columns], _present([row.get("source")])) for row in rows],
                [var in wanted for var in columns])


def _facts(regions: Sequence[Record], members: Sequence[Record], shown: Scene) -> list[Grid]:
    """Per region: population, area, applicant, partners and member count, each with its source."""
    grids = []
    for region in regions:
        mine = [m for m in members if m["region"] == region["region"]]
        said = shown.nodes.get(region["region"] or "", {}).get("quote", [])
        rows = [Row(["population", _dated(region["population"], region["population_date"])], said),
                Row(["area", f"{region['area_km2']} km²" if region["area_km2"] else ""], said)]
        rows += [Row([m["role"] or "", m["municipality_label"] or curie(m["municipality"] or "")],
                     _present([m["source"]])) for m in mine if m["role"] in ("applicant", "partner")]
        rows.append(Row(["member municipalities", region["members"] or "0"], said))
        grids.append(Grid("facts", region["region_label"] or curie(region["region"] or ""), ["fact", "value"], rows))
    return grids


def _goals(rows: Sequence[Record], shown: Scene) -> list[Grid]:
    """One table per goal: the work that serves it, its kind and its current owner, each row with the work's sources."""
    grids: dict[str, Grid] = {}
    for row in rows:
        goal = row["goal"] or ""
        if goal not in grids:
            number = f"{row['goal_number']}. " if row["goal_number"] else ""
            grids[goal] = Grid("goal", number + (row["goal_label"] or curie(goal)), ["work", "kind", "current owner"],
                               [], quotes=_said(shown, goal))
        if row["item"]:
            grids[goal].rows.append(Row([row["item_label"] or curie(row["item"]), row["item_class"] or "",
                                         row["owner_label"] or ""], _said(shown, row["item"])))
    return list(grids.values())


def _measures(table: Table, shown: Scene) -> Grid:
    """An analysis table as ``lls-kg analyse`` prints it (3 significant digits), each row with its node's sources."""
    numeric = [bool(table.rows) and all(_is_number(row[i]) or row[i] is None for row in table.rows)
               for i in range(len(table.columns))]
    return Grid(table.name, table.title, list(table.columns),
                [Row([_cell(value) for value in row], _said(shown, _first_iri(row))) for row in table.rows], numeric)


def _cell(value: Any) -> str:
    """A measure as text: an IRI as a prefixed name, a fraction to 3 significant digits, nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, URIRef):
        return curie(str(value))
    return f"{value:.3g}" if isinstance(value, float) else str(value)


def _first_iri(row: Sequence[Any]) -> str:
    return next((str(value) for value in row if isinstance(value, URIRef)), "")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _said(shown: Scene, node: str) -> list[str]:
    """The source quotes of ``node``, as the views read them."""
    return list(shown.nodes.get(node, {}).get("quote", []))


def _present(values: Iterable[str | None]) -> list[str]:
    return [value for value in values if value]


def _dated(value: str | None, date: str | None) -> str:
    return f"{value} ({date})" if value and date else value or ""


# --- the chart --------------------------------------------------------------------------------------


def _chart(rows: Sequence[Record]) -> Chart | None:
    """Each municipality's deviation from its projection as a bar; None without figures."""
    figures = [(row, float(row["deviation"])) for row in rows if row["deviation"] is not None]
    if not figures:
        return None
    low, high = min(0.0, *(v for _, v in figures)), max(0.0, *(v for _, v in figures))
    scale = _BARS / ((high - low) or 1.0)
    zero = _LABELS + (0.0 - low) * scale
    bars = [Bar(row["municipality_label"] or curie(row["municipality"] or ""), _amount(row),
                round(zero + min(v, 0.0) * scale, 1), 10.0 + i * _ROW, round(max(abs(v) * scale, 1.0), 1),
                _SHORT if v < 0 else _ABOVE, row["source"] or "")
            for i, (row, v) in enumerate(figures)]
    compared = _distinct(rows, lambda row: f"{row['projection_label'] or row['projection']}, {row['year']}")
    return Chart(f"Population against the projection ({'; '.join(compared)})", _LABELS + _BARS + _VALUES,
                 20.0 + len(bars) * _ROW, round(zero, 1), bars)


def _amount(row: Record) -> str:
    """``-149 persons``: the deviation with its sign and unit."""
    value = float(row["deviation"] or 0)
    number = f"{value:+,.0f}" if value.is_integer() else f"{value:+,.3g}"
    return f"{number} {row['unit'] or ''}".strip()


def _distinct(rows: Iterable[Record], key: Callable[[Record], str]) -> list[str]:
    return list(dict.fromkeys(key(row) for row in rows))
