"""Read the facts box: ``Key: value`` lines for the applicant, the partners, the population and the area.

Keys vary between Nynorsk and Bokmål ("Søkarkommune", "Søkerkommune") and
numbers between ``15.071``, ``15 071`` and ``15\\u00a0071``; a value that does not
parse is left out, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from difflib import SequenceMatcher

from .page import Line, fold
from .sections import THRESHOLD

#: Fact -> the keys that name it.
KEYS = {
    "applicant": ("søkerkommune", "søkarkommune", "søkjarkommune"),
    "partners": ("samarbeidskommuner", "samarbeidskommunar", "samarbeidskommune", "samarbeidskommunene",
                 "samarbeidskommunane"),
    "population": ("folketall i regionen", "folketal i regionen", "folketall", "folketal", "innbyggertall",
                   "innbyggjartal", "antall innbyggere"),
    "area": ("areal i regionen", "areal"),
}
_KEY_WORDS = 4
_SPACE = "[ \u00a0\u202f]"
#: A Norwegian number: thousands grouped by '.' or a (no-break) space, decimals after ','.
_NUMBER = re.compile(rf"(?<![\d,.])(\d{{1,3}}(?:(?:\.|{_SPACE})\d{{3}})+|\d+)(?:,(\d+))?(?![\d])")
_AREA = re.compile(rf"{_NUMBER.pattern}{_SPACE}*(?:km²|km2|kvadratkilometer)")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\.\s*(?:(\d{1,2})\.?|([^\W\d_]{3,})\.?)\s*(\d{4})")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MONTHS = ("jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des")
_NAME_SEPARATORS = re.compile(r"\s*(?:,|;|/|\s+og\s+|\s+and\s+)\s*")
_MUNICIPALITY_SUFFIX = re.compile(r"\s+(?:kommune|kommunar|kommuner)$", re.IGNORECASE)


@dataclass(frozen=True)
class Fact:
    """A fact line, which fact it states, and its value as written (after the colon)."""

    kind: str
    line: Line
    value: str


@dataclass(frozen=True)
class When:
    """A date as the page gives it: a day (``xsd:date``) or only a year (``xsd:gYear``)."""

    iso: str
    datatype: str


def find(lines: tuple[Line, ...]) -> dict[str, Fact]:
    """The first line for each fact whose key comes close enough to a known key."""
    found: dict[str, Fact] = {}
    for line in lines:
        key, colon, value = line.text.partition(":")
        if not colon or not value.strip() or len(key.split()) > _KEY_WORDS or line.marker:
            continue
        kind, score = max(((kind, _ratio(key, name)) for kind, names in KEYS.items() for name in names),
                          key=lambda pair: pair[1])
        if score >= THRESHOLD:
            found.setdefault(kind, Fact(kind, line, value.strip()))
    return found


def readable(fact: Fact) -> bool:
    """Whether ``fact``'s value reads as what it states: names, a number with a date, square kilometres."""
    if fact.kind == "population":
        parsed = population(fact.value)
        return parsed is not None and when(parsed[1]) is not None
    if fact.kind == "area":
        return area(fact.value) is not None
    return bool(names(fact.value))


def _ratio(key: str, name: str) -> float:
    return SequenceMatcher(None, fold(key), fold(name)).ratio()


def names(value: str) -> list[str]:
    """Municipality names in a list such as ``Luster, Leikanger og Sogndal kommune``; non-names are dropped."""
    parts = (_MUNICIPALITY_SUFFIX.sub("", part.strip(" .")) for part in _NAME_SEPARATORS.split(value))
    return [part for part in parts if part[:1].isupper()]


def population(text: str) -> tuple[Decimal, str] | None:
    """The first number in ``text`` (``15.071``, ``15 071`` and ``15\\u00a0071`` are 15071) and the text after it."""
    return _quantity(_NUMBER.search(text), text)


def area(text: str) -> tuple[Decimal, str] | None:
    """The square kilometres in ``text`` (``3.514 km²``, ``3514,5 km2``), only if the unit is there."""
    return _quantity(_AREA.search(text), text)


def _quantity(match: re.Match[str] | None, text: str) -> tuple[Decimal, str] | None:
    if match is None:
        return None
    whole = re.sub(rf"\.|{_SPACE}", "", match[1])
    return Decimal(f"{whole}.{match[2]}" if match[2] else whole), text[match.end():]


def when(text: str) -> When | None:
    """The date in ``text`` (``1.jan 2015``, ``1. januar 2015``, ``01.01.2015``), else its year, else None."""
    for match in _DAY_MONTH_YEAR.finditer(text):
        month = int(match[2]) if match[2] else _month(match[3])
        if month is None:
            continue
        try:
            return When(date(int(match[4]), month, int(match[1])).isoformat(), "date")
        except ValueError:
            continue
    year = _YEAR.search(text)
    return When(year[1], "gYear") if year else None


def _month(name: str) -> int | None:
    abbreviation = name.casefold()[:3]
    return _MONTHS.index(abbreviation) + 1 if abbreviation in _MONTHS else None
