"""The report's "regions side by side" section (``report --compare``): the comparison table, then a small static
chart per measure.

Each chart is an SVG drawn by the tool itself, like the timeline: no script, nothing loaded. A bar
per region, scaled to the largest value of that measure; a region whose page does not give the
value gets no bar and the words "not stated", never a bar of length 0. The values are those of
``lls-kg compare`` (:mod:`lls_kg.network.compare`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from markupsafe import Markup
from rdflib import Literal
from rdflib.term import Node

from ..i18n import N_, Speech
from ..network.compare import MEASURES, Side
from .page import fragment

#: Each measure's title, and each column's.
TITLES = {
    "member_count": N_("Member municipalities"), "population": N_("Population"), "area_km2": N_("Area (km²)"),
    "goals": N_("Goals"), "results": N_("Results"), "advice": N_("Pieces of advice"),
    "work": N_("Pieces of joint work with known participants"),
    "cross_border_share": N_("Share of that work across municipal borders"),
    "region": N_("Region"), "applicant": N_("Applicant"), "members": N_("Members"),
    "pair": N_("The two that share the most work"),
}
#: Pixels: the label column, the bar area, the value column, one bar's row.
LABELS, BARS, VALUES, ROW = 220.0, 300.0, 110.0, 24.0


@dataclass(frozen=True)
class Bar:
    """One region's bar: its label, its value as written (or "not stated"), and its length (None: no bar)."""

    label: str
    value: str
    length: float | None
    y: float


@dataclass(frozen=True)
class Chart:
    """One measure across the regions."""

    key: str
    title: str
    bars: list[Bar]
    width: float = LABELS + BARS + VALUES

    @property
    def height(self) -> float:
        return ROW * len(self.bars) + 8


def section(sides: Sequence[Side], say: Speech) -> Markup:
    """The section's HTML in the reader's language: the table and one chart per measure."""
    rows = [{"region": side.region_label or side.region,
             "applicant": side.applicant_label or say._("not stated"),
             "members": side.members or say._("not stated"),
             "population": _dated(side.population, side.population_date, say),
             "area": _dated(side.area_km2, side.area_date, say),
             "pair": _pair(side, say)} for side in sides]
    charts = [_chart(measure, sides, say) for measure in MEASURES]
    columns = {key: say._(TITLES[title]) for key, title in (("region", "region"), ("applicant", "applicant"),
                                                             ("members", "members"), ("population", "population"),
                                                             ("area", "area_km2"), ("pair", "pair"))}
    return fragment("compare.html", say.lang, rows=rows, charts=charts, columns=columns)


def _chart(measure: str, sides: Sequence[Side], say: Speech) -> Chart:
    values = [_number(getattr(side, measure)) for side in sides]
    largest = max((value for value in values if value is not None), default=0.0)
    bars = [Bar(side.region_label or side.region,
                say._("not stated") if value is None else say.number(value),
                None if value is None else round(BARS * value / largest if largest else 0.0, 1), ROW * i + 4)
            for i, (side, value) in enumerate(zip(sides, values))]
    return Chart(measure, say._(TITLES[measure]), bars)


def _number(value: Node | float | int | None) -> float | None:
    if isinstance(value, Literal):
        value = value.toPython()
    return float(value) if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) else None


def _dated(value: Node | None, when: Node | None, say: Speech) -> str:
    """A value with its date, as the reader's language writes them; "not stated" for what the page does not give."""
    number = _number(value)
    if number is None:
        return say._("not stated")
    day = when.toPython() if isinstance(when, Literal) else None
    said = say.date(day) if isinstance(day, date) else str(when) if when is not None else say._("not stated")
    return f"{say.number(number)} ({said})"


def _pair(side: Side, say: Speech) -> str:
    if side.strongest_pair is None or side.strongest_pair_work is None:
        return say._("not stated")
    return f"{side.strongest_pair} ({say.number(side.strongest_pair_work)})"
