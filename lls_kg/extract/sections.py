"""Find a page's sections by their headings, and the lists under them.

Pages from the programme share their sections but not their wording: Nynorsk or
Bokmål, singular or plural, the odd typo. A heading is recognised by fuzzy
matching (difflib's ratio on folded words) against a few cue phrases per kind of
section; each kind is taken once, so a later heading that looks like one already
found (a sub-heading "Mål 1: …" under the results) stays inside its section.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from .page import Line, fold

#: How close a heading's words must come to a cue phrase (difflib ratio); one typo in a long word passes.
THRESHOLD = 0.8
#: Most words a results sub-heading without a colon has.
_SUBHEADING_WORDS = 8


@dataclass(frozen=True)
class Cue:
    """Headings of one kind of section: phrases the heading starts with, or holds anywhere."""

    kind: str
    phrases: tuple[str, ...]
    anywhere: bool = False


CUES = (
    Cue("goals", ("mål", "mål for", "måla for", "målet for", "målene for", "målsetjingar", "målsettinger",
                  "hovudmål", "hovedmål")),
    Cue("results", ("resultat", "resultata", "resultater", "resultatene", "oppnådde resultat",
                    "oppnådde resultater")),
    Cue("advice", ("råd", "råda", "rådene", "gode råd"), anywhere=True),
    Cue("after", ("etter programslutt", "etter programperioden", "vidare arbeid", "videre arbeid"), anywhere=True),
    Cue("application", ("søknad", "søknaden"), anywhere=True),
    Cue("facts", ("fakta", "nøkkeltal", "nøkkeltall")),
    # Headings of parts the extractor does not read: they only end the section before them.
    Cue("other", ("dokument", "dokumenter", "dokumentar", "kontakt", "lenker", "les meir", "les mer")),
)
#: The sections the extractor reads, in the words of its report.
READ = {"goals": "goals", "results": "results", "advice": "advice", "application": "themes",
        "after": "work after the programme", "facts": "facts"}


@dataclass(frozen=True)
class Match:
    """How a heading was recognised: the cue phrase and how close it came (1.0: exactly)."""

    kind: str
    phrase: str
    score: float


@dataclass(frozen=True)
class Section:
    """A recognised heading and the lines under it, up to the next recognised heading."""

    heading: Line
    match: Match
    lines: tuple[Line, ...]


def similarity(text: str, phrase: str, anywhere: bool) -> float:
    """How closely ``text`` starts with (or, ``anywhere``, contains) ``phrase``, word for word, from 0 to 1."""
    words, target = fold(text).split(), fold(phrase)
    width = len(target.split())
    starts = range(len(words) - width + 1) if anywhere else range(min(1, len(words) - width + 1))
    return max((SequenceMatcher(None, " ".join(words[i:i + width]), target).ratio() for i in starts), default=0.0)


def recognise(line: Line, found: Collection[str] = ()) -> Match | None:
    """The kind of section ``line`` heads, if it has a heading's shape and comes close enough to a cue.

    Kinds already ``found`` are not considered: a page has each section once.
    """
    if not line.may_be_heading():
        return None
    scored = [Match(cue.kind, phrase, similarity(line.text, phrase, cue.anywhere))
              for cue in CUES if cue.kind not in found for phrase in cue.phrases]
    best = max(scored, key=lambda match: match.score, default=None)
    return best if best and best.score >= THRESHOLD else None


def split(lines: tuple[Line, ...]) -> dict[str, Section]:
    """The page's sections by kind (each kind once, the first heading wins); lines before the first are left out."""
    opened: list[tuple[Line, Match, list[Line]]] = []
    for line in lines:
        match = recognise(line, {kind.kind for _, kind, _ in opened})
        if match is not None:
            opened.append((line, match, []))
        elif opened:
            opened[-1][2].append(line)
    return {match.kind: Section(heading, match, tuple(body)) for heading, match, body in opened if match.kind in READ}


def listed(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """The items of a list: the numbered or bulleted lines, or else every paragraph but a lead-in ending in ':'."""
    items = tuple(line for line in lines if line.marker)
    return items or tuple(line for line in lines if not line.text.endswith(":"))


def lead_in(lines: tuple[Line, ...]) -> Line | None:
    """The paragraph ending in ':' that introduces the list, if there is one before the first item."""
    for line in lines:
        if line.marker:
            return None
        if line.text.endswith(":"):
            return line
    return None


def is_subheading(line: Line) -> bool:
    """A results sub-heading: a short line ending in ':', or a very short one without a sentence's full stop."""
    return line.may_be_heading() and (line.text.endswith(":") or line.words <= _SUBHEADING_WORDS)


def under_subheadings(lines: tuple[Line, ...], heading: Line) -> list[tuple[Line, Line]]:
    """Each result item with the heading it stands under (its sub-heading, or the section's own heading)."""
    content = tuple(line for line in lines if not is_subheading(line))
    items = set(listed(content))
    placed, current = [], heading
    for line in lines:
        if is_subheading(line):
            current = line
        elif line in items:
            placed.append((line, current))
    return placed


#: "Mål 2", "Delmål 2:", "Hovudmål 2 – …": a heading that names a goal by its number.
_GOAL_NUMBER = re.compile(r"(?:del|hovud|hoved)?maal\s+(?:nr\s+)?(\d{1,2})\b")  # folded: å is aa
#: Words a heading shares with any goal without naming it.
_SMALL_WORDS = frozenset({"og", "i", "for", "av", "til", "med", "om", "paa", "fraa", "fra"})  # folded


def goal_under(heading: str, goals: Sequence[str]) -> int | None:
    """The goal (1-based) a results sub-heading stands for, if the page places it so; else None.

    A sub-heading is the goal itself (a result in a sub-list under the goal's item: "2. Kommunane skal …"),
    names a goal by its number ("Mål 2 – …"), or is made of that goal's own words: each of its words starts a
    word of the goal's text, and of no other goal's (so "Tilflytting og næring" heads the results of
    "… utnytte tilflyttingspotensialet og næringspotensialet …").

    >>> goal_under("Mål 2: Arbeidsplassar", ["A.", "B.", "C."])
    2
    >>> goal_under("2) Styrkje næringslivet.", ["Auke busetjinga i regionen.", "Styrkje næringslivet."])
    2
    >>> goal_under("Busetjing:", ["Auke busetjinga i regionen.", "Styrkje næringslivet."])
    1
    >>> goal_under("Anna arbeid", ["Auke busetjinga i regionen."]) is None
    True
    """
    folded = fold(heading)
    itself = [n for n, goal in enumerate(goals, 1) if folded in (fold(goal), f"{n} {fold(goal)}")]
    if itself:
        return itself[0]
    number = _GOAL_NUMBER.match(folded)
    if number:
        return int(number[1]) if 1 <= int(number[1]) <= len(goals) else None
    words = [word for word in folded.split() if word not in _SMALL_WORDS]
    fits = [n for n, goal in enumerate(goals, 1)
            if words and all(any(other.startswith(word) for other in fold(goal).split()) for word in words)]
    return fits[0] if len(fits) == 1 else None
