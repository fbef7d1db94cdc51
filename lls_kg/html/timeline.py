"""The region's timeline: every dated event on one axis of years, as a static SVG anyone can read and print.

The SVG is drawn by the tool itself (no script, nothing loaded): one lane per
event, a bar for a period and a dot for a day or a year, each with its label and
a note number; hovering shows the date and the source, and the notes list the
sources in print. An event the sources give no date for is listed as undated,
never placed by guess. The rows come from the named query ``timeline``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from .page import fragment

#: Pixels: the width of the axis, the height of a lane, the room for labels right of the last year.
WIDTH, LANE, LABELS = 640.0, 26.0, 330.0
#: Left margin and the room above the first lane for the years.
LEFT, TOP = 16.0, 30.0


@dataclass(frozen=True)
class Mark:
    """One dated event, placed: ``x`` to ``x + width`` (0 for a dot) in lane ``y``, and note ``note``."""

    label: str
    when: str
    source: str
    note: int
    x: float
    y: float
    width: float

    @property
    def before(self) -> bool:
        """Whether the label stands left of the mark: a mark in the axis' right half keeps its label inside the
        picture."""
        return self.x > LEFT + WIDTH / 2


@dataclass(frozen=True)
class Timeline:
    """The marks, the years on the axis (year, x), the undated events (label, source) and the picture's size."""

    marks: list[Mark]
    years: list[tuple[int, float]]
    undated: list[tuple[str, str]]
    width: float
    height: float

    def svg(self, title: str, lang: str) -> Markup:
        """The timeline as an accessible SVG element in ``lang`` (``title`` names it for screen readers)."""
        return fragment("timeline.svg", lang, timeline=self, title=title)


def timeline(rows: Iterable[Mapping[str, str | None]], written: Callable[[str], str] = str) -> Timeline:
    """The timeline of the ``timeline`` query's rows (as text records): dated events placed, undated listed;
    ``written`` writes a date (``2017-06-08``) or a year as the reader's language does.

    >>> t = timeline([{"label": "Phase 1", "start": "2014", "end": "2015", "source": "a"},
    ...               {"label": "Merger", "start": "2020-01-01", "end": None, "source": "b"},
    ...               {"label": "Transfer", "start": None, "end": None, "source": "c"}])
    >>> [(m.label, m.when, m.width > 0) for m in t.marks], t.undated, [year for year, _ in t.years][:2]
    ([('Phase 1', '2014–2015', True), ('Merger', '2020-01-01', False)], [('Transfer', 'c')], [2014, 2015])
    """
    rows = list(rows)
    dated = [row for row in rows if row.get("start")]
    undated = [(row.get("label") or "", row.get("source") or "") for row in rows if not row.get("start")]
    if not dated:
        return Timeline([], [], undated, WIDTH + LABELS, TOP)
    first = math.floor(min(_year(row["start"]) for row in dated))  # type: ignore[arg-type]
    last = math.floor(max(_year(row.get("end") or row["start"]) for row in dated)) + 1  # type: ignore[arg-type]
    scale = WIDTH / max(last - first, 1)

    def x(when: float) -> float:
        return round(LEFT + (when - first) * scale, 1)

    twice = {row.get("label") for row in dated if sum(other.get("label") == row.get("label") for other in dated) > 1}
    marks = []
    for lane, row in enumerate(dated):
        start, end = _year(row["start"]), row.get("end")  # type: ignore[arg-type]
        finish = math.floor(_year(end)) + 1 if end else None  # a period's last year counts whole
        label = row.get("label") or ""
        if label in twice and row.get("what_label"):  # the merger: decided, then in force
            label = f"{label}: {row['what_label']}"
        marks.append(Mark(label, f"{written(row['start'])}–{written(end)}" if end else written(row["start"]),
                          row.get("source") or "", lane + 1, x(start), TOP + lane * LANE,
                          round(x(finish) - x(start), 1) if finish else 0.0))
    years = [(year, x(year)) for year in range(first, last + 1)]
    return Timeline(marks, years, undated, LEFT + WIDTH + LABELS, TOP + len(dated) * LANE + 10)


def _year(text: str) -> float:
    """``2017`` or ``2017-06-08`` as a year with its fraction (2017.43)."""
    if len(text) == 4:
        return float(text)
    day = date.fromisoformat(text[:10])
    return day.year + (day.timetuple().tm_yday - 1) / 365.0
