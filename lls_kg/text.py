"""The one rule for comparing names and making IRI slugs from them.

People type Norwegian names on any keyboard: ``Sykkelløyper``, ``sykkelloyper``,
``SYKKELLOYPER``. :func:`fold` makes them compare equal: case and accents are
ignored, runs of spaces count as one, and the three Norwegian letters are spelt
as Norwegian spells them without them: æ → ae, ø → o, å → aa (so ``Ålesund`` and
``Aalesund`` are one name, as in the slug ``nettverkssamling-i-aalesund``).
:func:`slug` is the same folding with everything but letters and digits turned
into hyphens. The viz page's search (``html/templates/network.js``) folds the same way.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "aa"})
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """``text`` as names are compared: case, accents and runs of spaces ignored, æ ø å spelt ae o aa.

    >>> fold("  Bygging av  SYKKELLØYPER ") == fold("bygging av sykkelloyper")
    True
    >>> fold("Ærlege Åsane, Søknad é")
    'aerlege aasane, soknad e'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    return " ".join("".join(char for char in decomposed if not unicodedata.combining(char)).split())


def slug(text: str) -> str:
    """``text`` folded (:func:`fold`) into an IRI slug: lower-case ASCII letters and digits, hyphens between.

    >>> slug("Bygging av sykkelløyper"), slug("Nettverkssamling i Ålesund"), slug("日本")
    ('bygging-av-sykkelloyper', 'nettverkssamling-i-aalesund', '')
    """
    ascii_only = "".join(char for char in fold(text) if char.isascii())
    return _NOT_ALPHANUMERIC.sub("-", ascii_only).strip("-")


def ident(text: str) -> str:
    """An IRI slug for ``text`` (:func:`slug`), or, for a name with no Latin letter or digit, one made from its
    digest, so two different Greek or Cyrillic names never share one.

    >>> ident("Sogndal"), ident("Αθήνα"), ident("Αθήνα") != ident("Москва")
    ('sogndal', 'x-421beb8b1a66', True)
    """
    return slug(text) or "x-" + hashlib.sha256(fold(text).encode("utf-8")).hexdigest()[:12]
