"""What a page says, read section by section into passages: the step between the text and the graph.

Each finding keeps the verbatim passage it comes from (quote, heading, line), so
the graph can cite it; what a page does not have stays ``None`` and is named in
the report, because the extractor never fills a gap.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from ..errors import BadInput
from . import facts
from .page import Line, Page, sentences, tidy
from .sections import READ, Match, Section, lead_in, listed, recognise, split, under_subheadings

#: Title parts: "A – B – C", "A, B og C".
_TITLE_PARTS = re.compile(r"\s+[–—-]\s+|\s*,\s*|\s+og\s+")
#: A result's own name: "BDO-rapporten: ...".
_NAMED = re.compile(r"(?P<name>[^:]{2,60}):\s+\S")
_NAME_WORDS = 6


@dataclass(frozen=True)
class Passage:
    """A verbatim quote, the heading it stands under, and where on the page it is (line, offset in the line)."""

    key: str
    quote: str
    heading: str
    line: int
    offset: int = 0


@dataclass(frozen=True)
class Entry:
    """One goal, result, piece of advice, theme, or sentence about the work after the programme."""

    passage: Passage

    @property
    def text(self) -> str:
        return self.passage.quote


@dataclass(frozen=True)
class Listing:
    """A section read as a list: the heading's passage, the lead-in that announces the list, the entries."""

    heading: Passage
    match: Match
    entries: tuple[Entry, ...]
    lead: Passage | None = None


@dataclass(frozen=True)
class Named:
    """Municipalities named by one passage: the title, the applicant line or the partners line."""

    names: tuple[str, ...]
    passage: Passage


@dataclass(frozen=True)
class Measure:
    """A number the page gives (population, area), with its date if it has one, and its passage."""

    value: Decimal
    passage: Passage
    when: facts.When | None = None


@dataclass(frozen=True)
class Findings:
    """Everything read from one page; a missing part is ``None`` and named in :attr:`missing`.

    ``opening`` is the paragraph between the title and the first section; ``cut_in_box`` the number of the line
    the page stops at when it stops inside its facts box (that line is left out: it may be cut).
    """

    page: Page
    title: Passage
    in_title: Named | None = None
    applicant: Named | None = None
    partners: Named | None = None
    population: Measure | None = None
    area: Measure | None = None
    goals: Listing | None = None
    results: Listing | None = None
    advice: Listing | None = None
    themes: Listing | None = None
    after: Listing | None = None
    opening: Passage | None = None
    cut_in_box: int | None = None
    missing: tuple[str, ...] = field(default=())

    @property
    def region(self) -> str:
        """The region's name as the title gives it, spaces tidied."""
        return tidy(self.title.quote)

    def members(self) -> dict[str, list[Passage]]:
        """Member municipalities and the passages naming them: the facts box if it names any, else the title."""
        naming = [n for n in (self.applicant, self.partners) if n] or [n for n in (self.in_title,) if n]
        names = dict.fromkeys(name for named in naming for name in named.names)
        every = [n for n in (self.in_title, self.applicant, self.partners) if n]
        return {name: [named.passage for named in every if name in named.names] for name in names}

    def found(self) -> list[str]:
        """One line per part found, for the report on stderr."""
        lines = [f"municipalities: {', '.join(self.members())}"] if self.members() else []
        lines += [f'opening paragraph: "{_clip(self.opening.quote)}"'] if self.opening else []
        lines += [f"{what}: {', '.join(named.names)}" for what, named in
                  (("applicant", self.applicant), ("partners", self.partners)) if named]
        if self.population:
            lines.append(f"population: {self.population.value}"
                         + (f" on {self.population.when.iso}" if self.population.when else ""))
        if self.area:
            lines.append(f"area: {self.area.value} km²")
        lines += [_listed(kind, listing) for kind, listing in self.listings() if listing]
        return lines

    def listings(self) -> list[tuple[str, Listing | None]]:
        """The sections read as lists, by kind (as :data:`~.sections.READ` names them)."""
        return [("goals", self.goals), ("results", self.results), ("advice", self.advice),
                ("application", self.themes), ("after", self.after)]


#: What the entries of each kind of section are called in the report.
_NOUNS = {"goals": "goals", "results": "results", "advice": "pieces of advice", "application": "themes",
          "after": "sentences"}


def _listed(kind: str, listing: Listing) -> str:
    """``goals: 3 goals under "Mål for …"``, with the sub-sections of results and any fuzzy match of the heading."""
    headings = {entry.passage.heading for entry in listing.entries} - {listing.heading.quote}
    under = f" in {len(headings)} sub-sections" if headings else ""
    fuzzy = (f" (heading read as '{listing.match.phrase}', {listing.match.score:.0%} alike)"
             if listing.match.score < 1 else "")
    return (f'{READ[kind]}: {len(listing.entries)} {_NOUNS[kind]}{under} under "{tidy(listing.heading.quote)}"'
            f"{fuzzy}")


def read(page: Page) -> Findings:
    """Read ``page``: its title, facts box and sections."""
    title, *rest = page.lines
    if not title.may_be_heading() or recognise(title) is not None:
        raise BadInput(f'{page.name}: no title: the first line should name the region (e.g. "A – B – C"), '
                       f'not "{_clip(title.text)}"')
    lines = tuple(rest)
    ends_early = "facts" not in split(lines) and not facts.find(lines)
    cut = lines[-1] if ends_early and lines and not lines[-1].complete() else None
    lines = lines[:-1] if cut else lines
    in_box = _stops_in_box(lines)
    lines = lines[:-1] if in_box else lines
    sections, box = split(lines), facts.find(lines)
    heading = _heading_of(title, sections)
    title_passage = Passage("tittel", title.text, title.text, title.number)
    found = Findings(
        page=page, title=title_passage, in_title=_title_names(title_passage),
        applicant=_named(box.get("applicant"), heading, "fakta-sokar"),
        partners=_named(box.get("partners"), heading, "fakta-samarbeid"),
        population=_population(box.get("population"), heading),
        area=_area(box.get("area"), heading),
        goals=_listing(sections.get("goals"), "maal", _goals),
        results=_results_listing(sections.get("results"), sections.get("goals")),
        advice=_listing(sections.get("advice"), "raad", _items),
        themes=_listing(sections.get("application"), "soknad", _questions, "tema"),
        after=_listing(sections.get("after"), "etter", _sentences),
        opening=_opening(title, lines, sections, box),
        cut_in_box=in_box.number if in_box else None,
    )
    early = [_cut_note(cut)] if ends_early else []
    early += [f'the facts box: the page stops inside it; its last line may be cut and is left out: '
              f'"{_clip(in_box.text)}"'] if in_box else []
    return replace(found, missing=tuple(early + _not_found(found, box)))


def _stops_in_box(lines: tuple[Line, ...]) -> Line | None:
    """The page's last line, if the page stops inside its facts box: the box is the last section, and its last
    line is not a fact that reads, or facts the template puts after it are not there."""
    section = split(lines).get("facts")
    if section is None or not lines or (section.lines[-1:] or (section.heading,))[-1] is not lines[-1]:
        return None
    box = facts.find(section.lines)
    last = next((kind for kind, fact in box.items() if fact.line is lines[-1]), None)
    if last is None:
        return lines[-1]
    order = list(facts.KEYS)
    later = order[order.index(last) + 1:]
    return lines[-1] if any(kind not in box for kind in later) or not facts.readable(box[last]) else None


def _opening(title: Line, lines: tuple[Line, ...], sections: dict[str, Section],
             box: dict[str, facts.Fact]) -> Passage | None:
    """The first paragraph under the title, before any section heading, that is neither a fact nor a heading."""
    first = min((section.heading.number for section in sections.values()), default=None)
    fact_lines = {fact.line for fact in box.values()}
    for line in lines:
        if first is not None and line.number >= first:
            return None
        if line not in fact_lines and not line.may_be_heading() and not line.marker:
            return Passage("innleiing", line.text, title.text, line.number)
    return None


def _cut_note(cut: Line | None) -> str:
    left_out = f'; its last line stops mid-sentence and is left out: "{_clip(cut.text)}"' if cut else ""
    return f"the end of the page: it seems to stop early (no facts box){left_out}"


#: What a number line needs to be read.
_NEEDS = {"population": "a number and a date", "area": "a number in km² or km2"}


def _not_found(found: Findings, box: dict[str, facts.Fact]) -> list[str]:
    """The parts the page did not give (or gave in a form the extractor cannot read), with the reason."""
    parts = [f"{READ[kind]} (no heading found)" for kind, listing in found.listings() if listing is None]
    parts += [f"{READ[kind]} (the heading has no entries under it)" for kind, listing in found.listings()
              if listing is not None and not listing.entries]
    for kind in facts.KEYS:
        if getattr(found, kind) is None:
            line = box.get(kind)
            none = "the page stops before it, or in it" if found.cut_in_box else \
                f"no '{facts.KEYS[kind][0].capitalize()}:' line"
            parts.append(f"{kind} ({none})" if line is None else
                         f'{kind} (cannot read "{_clip(line.line.text)}": it needs {_NEEDS.get(kind, "names")})')
    return parts


def _title_names(title: Passage) -> Named | None:
    """Municipality names in a title such as "A – B – C"; a single region name ("Kongsbergregionen") gives none."""
    parts = [part.strip() for part in _TITLE_PARTS.split(tidy(title.quote))]
    if len(parts) < 2 or not all(part[:1].isupper() and len(part.split()) <= 3 for part in parts):
        return None
    return Named(tuple(parts), title)


def _heading_of(title: Line, sections: dict[str, Section]) -> Callable[[Line], str]:
    """The heading a fact line stands under: its section's, or the title for a line before every section."""
    headings = sorted((section.heading for section in sections.values()), key=lambda line: line.number)

    def heading(line: Line) -> str:
        return max((h for h in headings if h.number < line.number), key=lambda h: h.number, default=title).text

    return heading


def _fact_passage(fact: facts.Fact, heading: Callable[[Line], str], key: str) -> Passage:
    return Passage(key, fact.line.text, heading(fact.line), fact.line.number)


def _named(fact: facts.Fact | None, heading: Callable[[Line], str], key: str) -> Named | None:
    names = facts.names(fact.value) if fact else []
    return Named(tuple(names), _fact_passage(fact, heading, key)) if fact and names else None


def _population(fact: facts.Fact | None, heading: Callable[[Line], str]) -> Measure | None:
    """The region's population; without a number and a date it is left out (an observation needs both)."""
    parsed = facts.population(fact.value) if fact else None
    when = facts.when(parsed[1]) if parsed else None
    if fact is None or parsed is None or when is None:
        return None
    return Measure(parsed[0], _fact_passage(fact, heading, "fakta-folketal"), when)


def _area(fact: facts.Fact | None, heading: Callable[[Line], str]) -> Measure | None:
    parsed = facts.area(fact.value) if fact else None
    return Measure(parsed[0], _fact_passage(fact, heading, "fakta-areal")) if fact and parsed else None


Piece = tuple[Line, Line, int, str]
"""An entry before it is numbered: its line, the heading line above it, its offset in the line, its text."""


def _listing(section: Section | None, key: str, pieces: Callable[[Section], Iterable[Piece]],
             entry_key: str | None = None) -> Listing | None:
    """A section as a numbered list of entries; the passages are ``<key>`` (the heading) and ``<entry_key>-<n>``."""
    if section is None:
        return None
    heading = Passage(key, section.heading.text, section.heading.text, section.heading.number)
    lead = lead_in(section.lines)
    entries = tuple(Entry(Passage(f"{entry_key or key}-{n}", text, above.text, line.number, offset))
                    for n, (line, above, offset, text) in enumerate(pieces(section), 1))
    return Listing(heading, section.match, entries,
                   Passage(f"{key}-innleiing", lead.text, section.heading.text, lead.number) if lead else None)


def _items(section: Section) -> list[Piece]:
    return [(line, section.heading, 0, line.body) for line in listed(section.lines)]


def _questions(section: Section) -> list[Piece]:
    """The application's themes: its listed items, or, on a page without list marks, its questions."""
    if any(line.marker for line in section.lines):
        return _items(section)
    return [(line, section.heading, 0, line.body) for line in section.lines if line.text.endswith("?")]


def _results(section: Section) -> list[Piece]:
    return [(line, above, 0, line.body) for line, above in under_subheadings(section.lines, section.heading)]


def _goals(section: Section) -> list[Piece]:
    """The goals: every item, or only the numbered ones where bulleted sub-lists stand under them."""
    numbered_only = bool(_sub_lists(section))
    return [piece for piece in _items(section) if not numbered_only or (piece[0].marker or "")[:1].isdigit()]


def _sub_lists(section: Section | None) -> list[Piece]:
    """Bulleted items under a numbered goal: results the page places under that goal (the goal is their heading)."""
    placed, goal = [], None
    for line in section.lines if section else ():
        if line.marker and line.marker[0].isdigit():
            goal = line
        elif line.marker and goal is not None:
            placed.append((line, goal, 0, line.body))
    return placed


def _results_listing(results: Section | None, goals: Section | None) -> Listing | None:
    """The results: those in sub-lists under the goals, then the results section's (without one, the goals'
    heading stands over them)."""
    under = _sub_lists(goals)
    section = results or (Section(goals.heading, goals.match, ()) if goals and under else None)
    return _listing(section, "resultat", lambda found: under + (_results(found) if results else []))


def _sentences(section: Section) -> list[Piece]:
    return [(line, section.heading, offset, text)
            for line in section.lines for offset, text in sentences(line.body)]


def own_name(text: str) -> str | None:
    """A result's name where the page gives one before a colon ("Plansamling: Dei tre ...")."""
    named = _NAMED.match(text)
    return tidy(named["name"]) if named and len(named["name"].split()) <= _NAME_WORDS else None


def _clip(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[:width - 1] + "…"
