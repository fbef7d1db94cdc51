"""Oxigraph's terms and rdflib's, each turned into the other.

Oxigraph parses every file and answers most queries; rdflib holds the graph
where its tools are needed (SHACL, inference, serialisation). A plain literal
is ``xsd:string`` in Oxigraph and has no datatype in rdflib, as rdflib's own
parsers make it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from ..errors import BadInput
from .base import Term

_XSD_STRING = str(XSD.string)
#: Datatypes whose usual lexical forms are read without rdflib's general constructor (5–6 µs a literal, most of
#: what making a date or a count cost): datatype -> (the forms rdflib keeps as they are, how rdflib reads them).
_PLAIN_FORMS: dict[str, tuple[re.Pattern[str], Callable[[str], Any]]] = {
    str(XSD.date): (re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"), date.fromisoformat),
    str(XSD.integer): (re.compile(r"0|-?[1-9][0-9]*"), int),
    str(XSD.decimal): (re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?"), Decimal),
}


def to_ox(term: Term) -> Any:
    """An rdflib term as Oxigraph's."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
    raise BadInput(f"cannot pass {term!r} to Oxigraph: not an IRI, blank node or literal")


def text_node(text: str) -> URIRef | BNode:
    """A resource written as plain text (an IRI, or ``_:id`` for a blank node, as :class:`~.base.Texts` has it) as
    rdflib's term."""
    return BNode(text[2:]) if text.startswith("_:") else URIRef(text)


def from_ox(term: Any) -> Term | None:
    """An Oxigraph term (or None) as rdflib's."""
    if term is None:
        return None
    kind = type(term)
    if kind is ox.NamedNode:
        return _iri(term.value)
    if kind is ox.BlankNode:
        return BNode(term.value)
    if kind is ox.Literal:
        if term.language:
            return _text(term.value, term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return _text(term.value, None)
        return _typed(term.value, datatype)
    raise BadInput(f"Oxigraph returned {term!r}, which has no rdflib counterpart (RDF-star is not supported)")


class Converted(dict[Any, "Term | None"]):
    """Oxigraph term -> rdflib term, each distinct term of one answer converted once (``converted[term]``).

    An answer repeats its terms (an owner's label on each of its rows, a class on thousands), and
    building rdflib terms is what costs: converting each once keeps a large answer within a few
    tenths of Oxigraph's own time.
    """

    def __missing__(self, term: Any) -> Term | None:
        converted = self[term] = from_ox(term)
        return converted


def shared_text(text: str) -> str | None:
    """A value of an answer Oxigraph wrote as CSV (:func:`lls_kg.store.embedded.read_texts`), one string for each
    distinct text in the whole process (:func:`sys.intern`): every answer that names a resource then holds the one
    string, as a view's rows repeat their relations, classes and ends and a command's queries name the same resources
    (``compare`` at ten million triples peaked at 2,056 MiB with one string per text of each answer, 1,621 MiB so;
    at a million triples the view queries' strings took 95 MiB with one per cell, 14 MiB with one per term). The
    empty text is None: CSV writes an unbound value so, and an empty literal alike."""
    return sys.intern(text) if text else None


def _text(value: str, language: str | None) -> Literal:
    """A text (with its language, if any) as the Literal rdflib's constructor makes, without its checks: Oxigraph
    has checked the language tag, and a text's value is the text itself. Building the Literal was most of
    what lls-kg added to a small query's time.

    >>> _text("Sogndal", "nn") == Literal("Sogndal", lang="nn") and _text("Sogndal", "nn").value == "Sogndal"
    True
    """
    literal = str.__new__(Literal, value)
    literal._language, literal._datatype, literal._value, literal._ill_typed = language, None, value, None
    return literal


def _typed(value: str, datatype: str) -> Literal:
    """A typed literal as rdflib's constructor makes it; a date, an integer or a decimal in its usual form without
    the constructor's detour (Oxigraph has checked the form; ``date.fromisoformat`` still refuses a 30 February,
    which then goes to rdflib as before).

    >>> _typed("2024-02-29", str(XSD.date)).eq(Literal("2024-02-29", datatype=XSD.date))
    True
    """
    plain = _PLAIN_FORMS.get(datatype)
    if plain is not None and plain[0].fullmatch(value):
        try:
            python = plain[1](value)
        except ValueError:
            python = None
        if python is not None:
            literal = str.__new__(Literal, value)
            literal._language, literal._datatype, literal._value, literal._ill_typed = (None, _iri(datatype),
                                                                                        python, False)
            return literal
    return Literal(value, datatype=_iri(datatype))


def _iri(value: str) -> URIRef:
    """An IRI Oxigraph has already checked, as a URIRef without rdflib checking it again (a third of the cost).

    URIRef is a ``str`` with no state of its own, so this is the same object its constructor makes.
    """
    return str.__new__(URIRef, value)
