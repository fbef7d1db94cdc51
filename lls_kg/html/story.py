"""The report's story: the region's programme, advice, application, pairs, merger and what is left open, in words.

Each section is gathered from one named query (``programme``, ``lessons``,
``application``, ``merger``, ``vague``, ``timeline``, ``documents``) or from the
pairs the analysis found, and said in the reader's language: labels from the
graph, sentences from the catalogs, quotes verbatim. Nothing here is a fact of
its own; a line carries the resource's prefixed name only for hovering.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from markupsafe import Markup

from ..formats import text_records
from ..i18n import Label, Speech
from ..namespaces import curie
from ..network.narrative import names
from ..network.region import Pair
from ..sparql import answers, run
from ..sparql.labels import Labels
from ..store import Store
from .timeline import Timeline, timeline

#: A row of a query's answer: variable -> text.
Record = Mapping[str, "str | None"]
#: A cell: text, or a label that knows its language (marked on the page when not the reader's).
Cell = "str | Label"


@dataclass(frozen=True)
class Words:
    """What the report speaks with: the reader's language and the graph's labels."""

    say: Speech
    labels: Labels
    #: IRI -> its label as :meth:`name` gives it, picked once: a national page names the same work thousands of times
    named: dict[str, Label] = field(default_factory=dict, repr=False, compare=False)

    def read(self, *named: tuple[Iterable[Record], Sequence[str]]) -> None:
        """Read, in one go, the labels of the resources in the ``columns`` of the ``rows`` of each (rows, columns)
        given: a section reads those of what it shows before it names them (every label of a national graph of ten
        million triples is 2.4 million rows: 21 s of the engine and 400 MiB)."""
        self.labels.read_for(iri for rows, columns in named for row in rows for column in columns
                             if (iri := row.get(column)))

    def name(self, iri: str | None, default: str | None = None) -> Cell:
        """The label of ``iri`` in the reader's language, or ``default``, or its prefixed name."""
        if iri in self.named:
            return self.named[iri]
        if iri and self.labels.has(iri):
            found = self.named[iri] = self.labels.name(iri, self.say.lang)
            return found
        return default or curie(iri or "")

    def term(self, english: str | None) -> str:
        """An ontology term named by its English label (a query's role or class column), in the reader's language."""
        return self.labels.term(english, self.say.lang) if english else ""

    def date(self, value: str | None) -> str:
        """An ISO date written out (``1. januar 2015``); a year or anything else as it is."""
        try:
            return self.say.date(date.fromisoformat(value)) if value and len(value) == 10 else value or ""
        except ValueError:
            return value or ""

    def english(self, text: str | None) -> Cell:
        """A text the graph has only in English, marked as English on a page in another language."""
        return Label(text, "en", self.say.lang != "en") if text else ""

    def left_open(self, english: str | None) -> Cell:
        """What a source leaves open (a query's English wording) in the reader's language, marked where the graph
        has no wording in it."""
        return self.labels.left_open(english, self.say.lang) if english else ""


@dataclass
class Notes:
    """The source quotes of a page, numbered in the order the page first cites them (its notes at the end)."""

    quotes: list[str] = field(default_factory=list)

    def number(self, quote: str) -> int:
        """The note number of ``quote``, given on its first citation."""
        if quote not in self.quotes:
            self.quotes.append(quote)
        return self.quotes.index(quote) + 1


@dataclass(frozen=True)
class Line:
    """One line of the story: its text, an optional second text, the resource it is about (for hovering) and the
    source quotes behind it."""

    text: Cell
    detail: Cell = ""
    about: str = ""
    quotes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Story:
    """The sections of the report's story, in the order they are told."""

    programme: list[Line]
    phases: list[Line]
    grants: list[Line]
    uses: list[Line]
    lessons: list[Line]
    owning: list[Cell]
    themes: list[Line]
    effects: list[Line]
    pairs: list[Line]
    merger: list[Line]
    vague: list[Line]
    timeline: Markup
    undated: list[Line]
    address: str
    #: every dated event (the ``timeline`` query's rows), when the timeline draws only the first ones
    events: Sequence[Record] = field(default_factory=list)


def story(store: Store, words: Words, pairs: Sequence[Pair], notes: Notes, moved: set[str | None],
          limit: int | None = None) -> Story:
    """The story of the graph in ``store``, said with ``words``; ``pairs`` are the analysis' pairs (joint work), the
    timeline's marks are numbered as the page's ``notes``, and the advice whose example is in ``moved`` (the
    transfers and their projects) is told with ownership. The timeline draws the first ``limit`` dated events
    (None: all); :attr:`Story.events` then holds them all."""
    programme, application, events = (answers(store, name) for name in ("programme", "application", "timeline"))
    mergers, vague = answers(store, "merger"), answers(store, "vague")
    advice = run(store, "lessons")
    lessons = [{**row, "advice": quoted(said["advice"], words.say.lang)}
               for row, said in zip(text_records(advice), advice.bindings())]
    dated = [row for row in events if row["start"]]
    drawn = events if limit is None or len(dated) <= limit else dated[:limit] + [row for row in events
                                                                                 if not row["start"]]
    words.read((programme, ("who", "item")), (application, ("item",)), (drawn, ("event",)),
               (lessons, ("lesson",)), (mergers, ("merged", "into")), (vague, ("resource",)))
    marked = ({**row, "label": str(words.name(row["event"], row["label"])), "what_label": words.term(row["what_label"])}
              for row in drawn)
    shown = _noted(timeline(marked, words.date), notes)
    title = words.say._("Timeline of the region's dated events")
    return Story(
        programme=[_role(row, words) for row in _part(programme, "Role")],
        phases=[Line(words.name(row["item"], row["label"]), _years(row), curie(row["item"] or ""))
                for row in _part(programme, "ProgrammePhase")],
        grants=[Line(words.name(row["item"], row["label"]),
                     words.say._("NOK {amount}", amount=words.say.number(float(row["amount"] or 0))),
                     curie(row["item"] or "")) for row in _part(programme, "Fund")],
        uses=[Line(words.name(row["item"], row["label"]), about=curie(row["item"] or ""))
              for row in _part(programme, "FundUse")],
        lessons=_lessons(lessons, words),
        owning=list(dict.fromkeys(row["advice"] for row in lessons if row["example"] in moved)),
        themes=[Line(f"{row['number']}. {words.name(row['item'], row['label'])}" if row["number"]
                     else words.name(row["item"], row["label"]), words.english(row["text"]),
                     curie(row["item"] or ""), present([row["source"]])) for row in _part(application, "Theme")],
        effects=[Line(words.name(row["item"], row["label"]), about=curie(row["item"] or ""),
                      quotes=present([row["source"]])) for row in _part(application, "ExpectedEffect")],
        pairs=[_pair(pair, words) for pair in pairs],
        merger=_merger(mergers, words),
        vague=[Line(words.name(row["resource"], row["label"]), words.left_open(row["left_open"]),
                    curie(row["resource"] or ""), present([row["source"]]))
               for row in vague],
        timeline=shown.svg(title, words.say.lang),
        undated=[Line(label, quotes=present([source])) for label, source in shown.undated],
        address=next((row["address"] or "" for row in answers(store, "documents") if row["address"]), ""),
        events=dated if drawn is not events else [])


def _noted(drawn: Timeline, notes: Notes) -> Timeline:
    """The timeline with each mark's note number the page's note of its source."""
    return replace(drawn, marks=[replace(mark, note=notes.number(mark.source)) for mark in drawn.marks])


def quoted(text: Any, lang: str) -> Cell:
    """A quote from the data, marked with its language where that is not the page's (quotes stay verbatim)."""
    tag = getattr(text, "language", None) or ""
    return Label(str(text), tag, bool(tag) and tag != lang) if text is not None else ""


def _part(rows: Iterable[Record], kind: str) -> list[Record]:
    """The rows of a query whose ``part`` is the ontology class ``kind``."""
    return [row for row in rows if (row.get("part") or "").endswith(f"#{kind}")]


def _role(row: Record, words: Words) -> Line:
    """``Distriktssenteret: administrator``: who took which part in running the programme."""
    return Line(words.name(row["who"], row["who_label"]), words.term(row["kind_label"]), curie(row["who"] or ""))


def _years(row: Record) -> str:
    """A phase's years, ``2015–2017``."""
    return "–".join(present([row.get("start"), row.get("end")]))


def _lessons(rows: Sequence[Record], words: Words) -> list[Line]:
    """The region's advice, in order, each once, in the source's words; an example stands as the line's hover."""
    seen: dict[str, Line] = {}
    for row in rows:
        lesson = row["lesson"] or ""
        if lesson not in seen:
            number = f"{row['number']}. " if row["number"] else ""
            seen[lesson] = Line(number + str(words.name(lesson, row["lesson_label"])), row["advice"], curie(lesson))
    return list(seen.values())


def _pair(pair: Pair, words: Words) -> Line:
    """``Leikanger kommune and Sogndal kommune work together on 2 pieces of work``, the work named after it."""
    say = words.say
    work = sorted(str(words.name(piece)) for piece in pair.work)
    return Line(say.ngettext("{one} and {other} work together on {n} piece of work",
                             "{one} and {other} work together on {n} pieces of work", len(work),
                             one=words.name(pair.one), other=words.name(pair.other)),
                "; ".join(work), f"{curie(pair.one)} – {curie(pair.other)}")


def _merger(rows: Sequence[Record], words: Words) -> list[Line]:
    """Per merger: what merged into what, which of them were outside the programme, whether it was forced, when it
    was decided and when it took effect."""
    say, lines = words.say, []
    for merger in dict.fromkeys(row["merger"] for row in rows):
        mine = [row for row in rows if row["merger"] == merger]
        first = mine[0]

        def named(chosen: Iterable[Record]) -> str:
            return names([str(words.name(row["merged"], row["merged_label"])) for row in chosen], say)

        said = [say._("{merged} merged into {into}.", merged=named(mine),
                      into=words.name(first["into"], first["into_label"]))]
        outside = [row for row in mine if row["in_programme"] == "false"]
        if outside:
            said.append(say._("{names} took no part in the programme.", names=named(outside)))
        forced = say._("The merger was forced.") if first["forced"] == "true" else ""
        when = say._("Decided on {decided}; in force from {effective}.", decided=words.date(first["decided"]),
                     effective=words.date(first["effective"]))
        lines.append(Line(" ".join(said), f"{forced} {when}".strip(), curie(merger or "")))
    return lines


def present(values: Iterable[str | None]) -> list[str]:
    """The values that are there."""
    return [value for value in values if value]
