"""One self-contained HTML page about the region, for advisers who open a file rather than a terminal.

The story first: the region at a glance with its programme, phases and grant, a
timeline, the goals with their work, owners and the population result,
ownership and its transfers with the lesson drawn from them, the region's advice,
the application's themes and expected effects, who works with whom, the merger,
and what the sources leave open (:mod:`.story`). Then an appendix for analysts:
the collaboration measures with their basis and the interactive actors network. Every figure comes from a named query
or from the functions behind ``lls-kg owners`` and ``lls-kg analyse``, so the report
and the commands cannot disagree; every row that rests on a source passage can show it.
The views are built once and handed to both the network and the measures. The page
is made by :mod:`.page` (same templates, style, script and Content-Security-Policy as
``viz``), so it works offline and shows any text from the data as text.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from typing import Any, TypeVar

from markupsafe import Markup
from rdflib import URIRef

from ..choices import JOINT_WORK, MAX_NODES, ROWS
from ..formats import STATUSES, text_records
from ..heap import no_collection
from ..i18n import Speech, speech
from ..i18n.headings import heading
from ..namespaces import curie
from ..network import analyse, needed, views
from ..network.analysis import Analysis
from ..network.narrative import summary
from ..network.tables import Table, basis, tables
from ..sparql import answers, run
from ..sparql.labels import Labels
from ..store import Store
from .groups import fit
from .page import document
from .rest import Rest, records
from .story import Cell, Line, Notes, Record, Story, Words, present, quoted, story
from .viz import Scene, draw, network_data, scene

#: The report's view of the network: who works with whom.
VIEW = "actors"
#: The queries whose text answers the page and its story read, each once, biggest first: asked with the views', an
#: on-disk store answers them two at a time while the views are built (:func:`lls_kg.sparql.run.named_ahead`).
READ = ("goal_activities", "owners", "timeline", "programme", "vague", "population", "municipalities", "region_facts",
        "application", "merger", "documents")
#: Pixels of the population chart: label column, bar area, value column, bar row.
_LABELS, _BARS, _VALUES, _ROW = 210.0, 360.0, 120.0, 30.0
#: A row of a section, in whatever form it is read.
Item = TypeVar("Item")
#: What a section's group of rows makes a table of (a goal's first row, a table).
Key = TypeVar("Key")
#: Bar colours of the chart: short of the projection, above it.
_SHORT, _ABOVE = "#e15759", "#4e79a7"


@dataclass(frozen=True)
class Row:
    """One table row: its cells as text or labels, and the source quotes behind it."""

    cells: list[Cell]
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
    about: str = ""
    #: how many rows the table has and where the rest is, when the page shows only the first ones
    more: str = ""

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


def report(store: Store, *, top: int = 10, size_by: str = "degree", lang: str | None = None,
           when: date | None = None, compared: Markup | None = None, rows: int | None = ROWS,
           max_nodes: int = MAX_NODES, rest: Rest | None = None) -> str:
    """The region's report as one HTML page.

    Parameters
    ----------
    store
        Any :class:`~lls_kg.store.Store`.
    top
        Rows per list of nodes in the collaboration tables (as ``lls-kg analyse --top``).
    size_by
        The measure that sizes the network's nodes (:data:`lls_kg.choices.SIZE_MEASURES`).
    lang
        The reader's language (:mod:`lls_kg.i18n`): headings, labels, numbers and dates; quotes stay verbatim.
    when
        The date the report is made, named in its header (default: today).
    compared
        The regions side by side (:func:`lls_kg.html.compare.section`), shown as a section of its own if given.
    rows
        Rows each long section shows at most (None: every row); the page says how many there are and where the
        rest is (:mod:`.rest`).
    max_nodes
        Nodes the network draws at most; a bigger one is drawn as groups (:mod:`.groups`).
    rest
        Collects the long sections in full as CSV files beside the page, when it has a file.

    Returns
    -------
    str
        The page; the same graph and date give the same text.

    Example
    -------
    >>> from lls_kg.store import open_store
    >>> page = report(open_store(), lang="nn", when=date(2026, 1, 2))
    >>> page.startswith("<!DOCTYPE html>"), 'data-table="owners"' in page, "2. januar 2026" in page
    (True, True, True)
    """
    with no_collection():  # the views' millions of objects live until the page is made: collections only walk them
        return _report(store, top, size_by, speech(lang), when, compared, rows, max_nodes, rest)


def _report(store: Store, top: int, size_by: str, say: Speech, when: date | None, compared: Markup | None,
            rows: int | None, max_nodes: int, rest: Rest | None) -> str:
    """:func:`report`'s page."""
    words = Words(say, Labels(store))  # each section reads the labels of what it shows (the views: their nodes')
    shown, measured = _drawn(store, top, words)
    regions, members = answers(store, "region_facts"), answers(store, "municipalities")
    transfers = run(store, "transfers")  # as terms: a reason's language is marked on the page
    moves = text_records(transfers)
    population = answers(store, "population")
    owned = answers(store, "owners")  # every owner, current and former (owners(history=True)), as text
    served = answers(store, "goal_activities")
    measured_goal = next((row["goal"] for row in population if row["goal"]), None)
    short = _Short(rows, rest or Rest(), say)
    goals, more = short("goals", _by_goal(served), records(served), lambda head: head["goal"] == measured_goal)
    words.read((regions, ("region",)), (members, ("municipality",)), (population, ("municipality", "projection")),
               ([row for head, items in goals for row in (head, *items)], ("goal", "item", "owner")),
               (short.first(owned), ("project", "owner")), (short.first(moves), ("project", "from", "to")))
    name = next((str(words.name(r["region"], r["region_label"])) for r in regions if r["region_label"]),
                say._("The city region"))
    reason = "reason_en" if say.lang == "en" else "reason"
    moved = {row[key] for row in moves for key in ("transfer", "project")}
    notes = Notes()
    return document(
        "report.html", lang=say.lang, title=say._("{region}: city-region report", region=name), region=name,
        made=say.date(when or date.today()), version=_version(), notes=notes,
        story=short.lines(story(store, words, measured.pairs, notes, moved, rows)), more=short.said,
        facts=_facts(regions, members, shown, words),
        goals=_goals(goals, more, shown, words), measured_goal=measured_goal,
        ownership=short.one("owners", _grid("owners", say._("Owners, current and former"),
                                            [{**row, "role": words.term(row["role"]),
                                              "status": say._(STATUSES.get(row["status"] or "", "")),
                                              "since": words.date(row["since"]), "until": words.date(row["until"])}
                                             for row in short.first(owned)],
                                            ["project_label", "owner_label", "role", "status", "since", "until"],
                                            words), records(owned)),
        transfers=short.one("transfers", _grid("transfers", say._("Ownership transfers"),
                                               [{**row, "date": words.date(row["date"]),
                                                 reason: quoted(said[reason], say.lang)}
                                                for row, said in zip(short.first(moves), transfers.bindings())],
                                               ["project_label", "from_label", "to_label", reason, "date"], words),
                            records(moves)),
        summary=summary(measured, say.lang), small=measured.small,
        measures=[_measures(table, shown, words) for table in tables(measured, top, say.lang)],
        basis=[short.one(table.name, _measures(table, shown, words, short.limit), (table.columns, table.rows))
               for table in basis(measured, say.lang)],
        chart=_chart(population, words),
        population=short.one("population", _grid("population", say._("Population against the projection"),
                                                 [{**row, "deviation": _amount(row, say),
                                                   "unit": words.term(row["unit"])}
                                                  for row in short.first(population)],
                                                 ["municipality_label", "deviation", "unit", "year",
                                                  "projection_label"], words, numeric={"deviation"}),
                             records(population)),
        net=network_data(draw(fit(shown, max_nodes, "auto"), size_by), say, words.labels),
        compared=compared)


def _drawn(store: Store, top: int, words: Words) -> tuple[Scene, Analysis]:
    """The view the page draws and the measures of the region, from views the page then lets go of: their links
    are no longer held while the page's own answers are read."""
    graphs = views(store, needed(VIEW), ties=[JOINT_WORK], labels=words.labels,  # as lls-kg analyse counts
                   quotes=[VIEW],  # the page draws the links of this view only
                   then=READ)  # answered while the views are built
    shown = scene(graphs, VIEW, lang=words.say.lang, labels=words.labels)
    measured = analyse(graphs, VIEW, top=top, labels=words.labels)
    del graphs
    gc.collect()  # networkx keeps a graph's edge and degree views on the graph, a cycle, which no collection breaks
    # while the report is made: the views stayed to the end (at ten million triples, 375 MiB of the peak)
    return shown, measured


@dataclass(frozen=True)
class _Short:
    """Cuts a long section to the first ``limit`` rows (None: every row) and says where the rest is."""

    limit: int | None
    rest: Rest
    say: Speech
    #: list of the story -> what its note says, for the lists :meth:`lines` cut
    said: dict[str, str] = field(default_factory=dict)

    def __call__(self, name: str, groups: Sequence[tuple[Key, Sequence[Item]]],
                 whole: tuple[Sequence[str], Iterable[Sequence[Any]]], keep: Callable[[Key], bool] = lambda key: False,
                 total: int | None = None) -> tuple[list[tuple[Key, Sequence[Item]]], str]:
        """The rows of section ``name``, a group per table, cut to ``limit`` rows in all (a group ``keep`` accepts
        stays with at least one row), and what its last table says: how many rows there are (``total``, else the
        groups') and where ``whole`` (a header and every row) was put; "" when nothing is cut. Only the rows shown
        are then put into words."""
        total = sum(len(rows) for _, rows in groups) if total is None else total
        if self.limit is None or total <= self.limit:
            return list(groups), ""
        shown: list[tuple[Key, Sequence[Item]]] = []
        left = self.limit
        for key, rows in groups:
            if left > 0 or keep(key):
                shown.append((key, rows[:max(left, 1)]))
                left -= len(shown[-1][1])
        return shown, self._more(total, sum(len(rows) for _, rows in shown), name, whole)

    def one(self, name: str, grid: Grid, whole: tuple[Sequence[str], Sequence[Sequence[Any]]]) -> Grid:
        """The table of section ``name`` cut as :meth:`__call__` cuts a section: ``whole`` holds every row of it,
        ``grid`` at least its :meth:`first` ones."""
        [(_, rows)], more = self(name, [(grid, grid.rows)], whole, total=len(whole[1]))
        return replace(grid, rows=list(rows), more=more)

    def first(self, rows: Sequence[Item]) -> Sequence[Item]:
        """The rows a section shows at most: the only ones worth putting into words (every row goes to the CSV)."""
        return rows if self.limit is None else rows[:self.limit]

    def lines(self, told: Story) -> Story:
        """``told`` with each list of lines longer than ``limit`` cut to it, its note in :attr:`said`."""
        cut = {name: lines[:self.limit] for name, lines in vars(told).items()
               if isinstance(lines, list) and lines and isinstance(lines[0], Line) and self.limit is not None
               and len(lines) > self.limit}
        if told.events:
            self.said["timeline"] = self._more(len(told.events), self.limit or 0, "timeline", records(told.events))
        for name in cut:
            every: list[Line] = getattr(told, name)
            self.said[name] = self._more(len(every), len(cut[name]), name, (
                ["text", "detail", "about", "source"],
                ([str(line.text), str(line.detail), line.about, " | ".join(line.quotes)] for line in every)))
        return replace(told, **cut)

    def _more(self, total: int, shown: int, name: str, whole: tuple[Sequence[str], Iterable[Sequence[Any]]]) -> str:
        """How many rows a section has and where ``whole`` (a header and every row) is."""
        say, where = self.say, self.rest.keep(name, *whole)
        more = say.ngettext("Showing the first {shown} of {n} row.", "Showing the first {shown} of {n} rows.", total,
                            shown=say.number(shown))
        return more + " " + (say._("Every row is in {file}, beside this page.", file=where) if where else
                             say._("For every row, run lls-kg report with --full, or with -o FILE to get them in "
                                   "CSV files beside the page."))


def _version() -> str:
    """The installed lls-kg's version."""
    try:
        return version("lls-kg")
    except PackageNotFoundError:
        return "unknown"


# --- tables ----------------------------------------------------------------------------------------


def _grid(name: str, title: str, rows: Iterable[Record], columns: Sequence[str], words: Words,
          numeric: Iterable[str] = ()) -> Grid:
    """Query records as a table of ``columns`` under their headings; an ``X_label`` column shows the label of ``X``
    in the reader's language; ``source`` is the row's quote."""
    wanted = set(numeric)

    def cell(row: Record, var: str) -> Cell:
        of = var.removesuffix("_label")
        return words.name(row.get(of), row.get(var)) if var.endswith("_label") and row.get(of) else row.get(var) or ""

    return Grid(name, title, [_heading(var, words.say) for var in columns],
                [Row([cell(row, var) for var in columns], present([row.get("source")])) for row in rows],
                [var in wanted for var in columns])


def _heading(var: str, say: Speech) -> str:
    """A column's heading: ``X_label`` is headed ``X``, ``reason_en`` ``reason``."""
    return heading(var.removesuffix("_label").removesuffix("_en"), say)


def _facts(regions: Sequence[Record], members: Sequence[Record], shown: Scene, words: Words) -> list[Grid]:
    """Per region: population, area, applicant, partners and member count, each with its source."""
    say, grids = words.say, []
    for region in regions:
        mine = [m for m in members if m["region"] == region["region"]]
        said = shown.nodes.get(region["region"] or "", {}).get("quote", [])
        population = say.number(float(region["population"])) if region["population"] else ""
        rows = [Row([say._("population"), _dated(population, words.date(region["population_date"]))], said),
                Row([say._("area"), f"{say.number(float(region['area_km2']))} km²" if region["area_km2"] else ""],
                    said)]
        rows += [Row([words.term(m["role"]), words.name(m["municipality"], m["municipality_label"])],
                      present([m["source"]])) for m in mine if m["role"] in ("applicant", "partner")]
        rows.append(Row([say._("member municipalities"), say.number(int(region["members"] or 0))], said))
        grids.append(Grid("facts", words.name(region["region"], region["region_label"]),
                          [say._("fact"), say._("value")], rows))
    return grids


def _by_goal(rows: Sequence[Record]) -> list[tuple[Record, Sequence[Record]]]:
    """The rows of ``goal_activities`` by goal: the goal's first row, and its rows with work (none for a goal no work
    serves)."""
    groups: dict[str | None, tuple[Record, list[Record]]] = {}
    for row in rows:
        items = groups.setdefault(row["goal"], (row, []))[1]
        if row["item"]:
            items.append(row)
    return list(groups.values())


def _goals(groups: Sequence[tuple[Record, Sequence[Record]]], more: str, shown: Scene, words: Words) -> list[Grid]:
    """One table per goal (:func:`_by_goal`): the work that serves it, its kind and its current owner, each row with
    the work's sources; the last table says ``more``."""
    say, grids = words.say, []
    for head, items in groups:
        goal = head["goal"] or ""
        number = f"{head['goal_number']}. " if head["goal_number"] else ""
        grids.append(Grid("goal", number + str(words.name(goal, head["goal_label"])),
                          [say._("work"), say._("kind"), say._("current owner")],
                          [Row([words.name(row["item"], row["item_label"]), words.term(row["item_class"]),
                                words.name(row["owner"], row["owner_label"]) if row["owner"] else ""],
                               _said(shown, row["item"] or "")) for row in items],
                          quotes=_said(shown, goal), about=goal))
    if grids and more:
        grids[-1] = replace(grids[-1], more=more)
    return grids


def _measures(table: Table, shown: Scene, words: Words, limit: int | None = None) -> Grid:
    """An analysis table as ``lls-kg analyse`` prints it (3 significant digits), each row with its node's sources;
    a label column shows the label of the row's node in the reader's language. Only the first ``limit`` rows (None:
    all) are written out; a column is numeric by every row."""
    numeric = [bool(table.rows) and all(_is_number(row[i]) or row[i] is None for row in table.rows)
               for i in range(len(table.columns))]
    label = table.columns.index("label") if "label" in table.columns else None

    def cells(row: Sequence[Any]) -> list[Cell]:
        shown_row: list[Cell] = [_cell(value, words.say) for value in row]
        if label is not None and _first_iri(row):
            shown_row[label] = words.name(_first_iri(row), shown_row[label] or None)
        if "class" in table.columns:
            shown_row[table.columns.index("class")] = words.term(str(row[table.columns.index("class")] or ""))
        return shown_row

    return Grid(table.name, table.title, [heading(column, words.say) for column in table.columns],
                [Row(cells(row), _said(shown, _first_iri(row))) for row in table.rows[:limit]], numeric)


def _cell(value: Any, say: Speech) -> str:
    """A measure as text: an IRI as a prefixed name, a number as the language writes it (a fraction to 3 significant
    digits), nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, URIRef):
        return curie(str(value))
    if isinstance(value, float):
        return say.number(float(f"{value:.3g}"))
    return say.number(value) if _is_number(value) else str(value)


def _first_iri(row: Sequence[Any]) -> str:
    return next((str(value) for value in row if isinstance(value, URIRef)), "")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _said(shown: Scene, node: str) -> list[str]:
    """The source quotes of ``node``, as the views read them."""
    return list(shown.nodes.get(node, {}).get("quote", []))


def _dated(value: str | None, date: str | None) -> str:
    return f"{value} ({date})" if value and date else value or ""


# --- the chart --------------------------------------------------------------------------------------


def _chart(rows: Sequence[Record], words: Words) -> Chart | None:
    """Each municipality's deviation from its projection as a bar; None without figures."""
    figures = [(row, float(row["deviation"])) for row in rows if row["deviation"] is not None]
    if not figures:
        return None
    low, high = min(0.0, *(v for _, v in figures)), max(0.0, *(v for _, v in figures))
    scale = _BARS / ((high - low) or 1.0)
    zero = _LABELS + (0.0 - low) * scale
    say = words.say
    bars = [Bar(str(words.name(row["municipality"], row["municipality_label"])), _amount(row, say, words.term(row["unit"])),
                round(zero + min(v, 0.0) * scale, 1), 10.0 + i * _ROW, round(max(abs(v) * scale, 1.0), 1),
                _SHORT if v < 0 else _ABOVE, row["source"] or "")
            for i, (row, v) in enumerate(figures)]
    compared = _distinct(rows, lambda row: ", ".join(present([str(words.name(row["projection"],
                                                                                row["projection_label"])),
                                                                 row["year"]])))
    return Chart(say._("Population against the projection ({compared})", compared="; ".join(compared)),
                 _LABELS + _BARS + _VALUES, 20.0 + len(bars) * _ROW, round(zero, 1), bars)


def _amount(row: Record, say: Speech, unit: str = "") -> str:
    """``-149 personar``: the deviation with its sign, as the language writes numbers, and its unit."""
    value = float(row["deviation"] or 0)
    number = ("+" if value > 0 else "") + say.number(value if value.is_integer() else float(f"{value:.3g}"))
    return f"{number} {unit}".strip()


def _distinct(rows: Iterable[Record], key: Callable[[Record], str]) -> list[str]:
    return list(dict.fromkeys(key(row) for row in rows))
