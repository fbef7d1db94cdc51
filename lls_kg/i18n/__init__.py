"""The program's words in the reader's language: Nynorsk (the default), Bokmål or English.

Three things change with ``--lang``, and nothing else (JSON keys, CSV headers and codes
such as ``status: current`` stay as they are, so scripts do not break):

- the program's own words, through gettext catalogs kept with Babel in ``locale/``
  (``scripts/i18n`` extracts, updates and compiles them; the messages are the English text);
- numbers, percentages and dates, through Babel's locale data (15 071; 54 %; 1. januar 2015);
- the data's labels, picked by :func:`pick` along a visible fallback chain.

>>> words = speech("nn")
>>> words._("source"), words.number(15071), words.percent(0.54)
('kjelde', '15\\xa0071', '54\\xa0%')
>>> speech("en").date(date(2015, 1, 1))
'January 1, 2015'
"""

from __future__ import annotations

import functools
import gettext
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from babel import Locale
from babel.dates import format_date, get_date_format
from babel.numbers import format_decimal, format_percent, parse_pattern

from ..choices import READER_LANGUAGES as LANGUAGES
from ..errors import BadInput

#: The region's own written language.
DEFAULT = "nn"
#: The environment variable that sets the language when no --lang is given.
VARIABLE = "LLS_KG_LANG"
#: Where a label in the asked language is missing, the languages tried next, in order.
FALLBACK = {"nb": ("nb", "nn", "en"), "nn": ("nn", "en"), "en": ("en", "nn")}
#: Babel's locale for each language.
LOCALES = {"nn": "nn_NO", "nb": "nb_NO", "en": "en"}
#: The gettext domain and the folder of its catalogs.
DOMAIN = "lls_kg"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def N_(message: str) -> str:  # noqa: N802 (gettext's name for "mark for extraction, translate later")
    """``message`` unchanged: marks a constant for the catalogs; it is translated where it is shown."""
    return message


def language(lang: str | None = None) -> str:
    """The language to speak: ``lang`` if given, else ``$LLS_KG_LANG``, else Nynorsk.

    >>> language("nb"), language(None) in LANGUAGES
    ('nb', True)
    """
    chosen = lang or os.environ.get(VARIABLE) or DEFAULT
    if chosen not in LANGUAGES:
        where = "" if lang else f" (from {VARIABLE})"
        raise BadInput(f"unknown language '{chosen}'{where}; use {', '.join(LANGUAGES)}")
    return chosen


@dataclass(frozen=True)
class Label:
    """A label as shown: its text, its language, and whether that differs from the language asked."""

    text: str
    lang: str
    marked: bool = False

    def __str__(self) -> str:
        """Plain text: a label in another language than asked ends with its tag, e.g. ``Luster kommune [nn]``."""
        return f"{self.text} [{self.lang}]" if self.marked else self.text


def pick(labels: Mapping[str, str], lang: str, default: str = "") -> Label:
    """The label of ``labels`` (language -> text) to show to a reader of ``lang``, along :data:`FALLBACK`.

    >>> pick({"nn": "Luster kommune", "en": "Luster municipality"}, "nb")
    Label(text='Luster kommune', lang='nn', marked=True)
    >>> str(pick({"en": "Statistics Norway"}, "nn"))
    'Statistics Norway [en]'
    """
    for tag in FALLBACK[lang]:
        if labels.get(tag):
            return Label(labels[tag], tag, tag != lang)
    other = next((tag for tag, text in sorted(labels.items()) if text), None)
    return Label(labels[other], other, True) if other else Label(default, lang)


class Speech:
    """What the program says in one language: its messages, and numbers and dates as that language writes them."""

    def __init__(self, lang: str) -> None:
        self.lang = language(lang)
        self.locale = LOCALES[self.lang]
        #: Babel's locale and patterns, read once: Babel parses them again on every call given as text, which cost a
        #: national report more than the numbers themselves.
        self._babel = Locale.parse(self.locale)
        self._number = parse_pattern("#,##0.######")
        self._date = get_date_format("long", locale=self._babel)
        #: The compiled gettext catalog (``locale/LANG/LC_MESSAGES/lls_kg.mo``); English falls back to the messages.
        self.catalog = gettext.translation(DOMAIN, LOCALE_DIR, languages=[self.lang], fallback=True)

    def _(self, message: str, /, **values: object) -> str:
        """``message`` translated, its ``{placeholders}`` filled from ``values``."""
        text = self.catalog.gettext(message)
        return text.format(**values) if values else text

    def ngettext(self, singular: str, plural: str, n: int, /, **values: object) -> str:
        """The singular or plural of a message for ``n``, translated; ``{n}`` is the number in the locale's form."""
        return self.catalog.ngettext(singular, plural, n).format(n=self.number(n), **values)

    @functools.lru_cache(maxsize=4096, typed=True)  # noqa: B019 (one Speech per language, kept for the process)
    def number(self, value: float) -> str:
        """A number as the language writes it: ``15 071``, ``0,00433`` (up to 6 decimals); the counts a page repeats
        are written once."""
        return format_decimal(value, format=self._number, locale=self._babel)

    def fixed(self, value: float, digits: int) -> str:
        """A number with exactly ``digits`` decimals: ``1,00``, ``0.33``."""
        return format_decimal(value, format="#,##0." + "0" * digits, locale=self.locale)

    def percent(self, value: float) -> str:
        """A fraction as a percentage: ``54 %`` in Norwegian, ``54%`` in English."""
        return format_percent(value, locale=self.locale)

    def date(self, value: date) -> str:
        """A date written out: ``1. januar 2015``, ``January 1, 2015``."""
        return format_date(value, self._date, locale=self._babel)

    def label(self, labels: Mapping[str, str], default: str = "") -> Label:
        """The label of ``labels`` to show (see :func:`pick`)."""
        return pick(labels, self.lang, default)


def speech(lang: str | None = None) -> Speech:
    """The :class:`Speech` of ``lang`` (see :func:`language`), made once per language."""
    return _speech(language(lang))


@functools.cache
def _speech(lang: str) -> Speech:
    return Speech(lang)
