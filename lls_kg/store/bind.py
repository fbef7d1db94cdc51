"""Values bound the way every engine answers alike: a ``VALUES`` block first inside the query's WHERE clause.

A value a person typed reaches a query only as an RDF term written by rdflib's
``n3()`` (literals escaped, malformed IRIs refused), never as text of its own,
so no value can change what a query does. The block goes first inside the
outermost group: a block appended after the query is joined last, and Virtuoso
then gives wrong rows where the query also BINDs (its issue #430); rdflib's
``initBindings`` adds the value to an empty aggregate's row. Oxigraph binds
values natively (``substitutions``), but only after evaluating the whole
pattern, so it gets the block too: its optimiser starts from the bound value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from rdflib import Literal, URIRef

from ..errors import BadInput, one_line
from .base import Term

_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: What the scanner steps over whole: long and short strings, IRIs, comments; and the WHERE keyword.
_TOKENS = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
                     r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'"
                     r'|<[^<>"{}|^`\\\s]*>' r"|#[^\n]*" r"|(?<![\w?$:])WHERE(?![\w:])|\{", re.IGNORECASE)


def values_block(bindings: Mapping[str, Term]) -> str:
    """``VALUES (?a ?b) { (term term) }`` fixing each variable to its term.

    >>> values_block({"a": URIRef("urn:x"), "b": Literal('say "hi"', lang="nn")})
    'VALUES (?a ?b) { (<urn:x> "say \\\\"hi\\\\""@nn) }'
    """
    names = " ".join(f"?{_variable(name)}" for name in bindings)
    terms = " ".join(_written(name, term) for name, term in bindings.items())
    return f"VALUES ({names}) {{ ({terms}) }}"


def bind_first(text: str, bindings: Mapping[str, Term] | None) -> str:
    """``text`` with a :func:`values_block` first inside its WHERE clause (``text`` itself without bindings).

    >>> bind_first("SELECT ?s WHERE { ?s ?p ?o }", {"o": URIRef("urn:o")})
    'SELECT ?s WHERE { VALUES (?o) { (<urn:o>) } ?s ?p ?o }'
    >>> bind_first('CONSTRUCT { ?s <urn:p> "{" } WHERE { ?s ?p ?o }', {"s": URIRef("urn:s")})
    'CONSTRUCT { ?s <urn:p> "{" } WHERE { VALUES (?s) { (<urn:s>) } ?s ?p ?o }'
    """
    return _first_inside(text, values_block(bindings)) if bindings else text


def bind_each(text: str, name: str, terms: Sequence[Term]) -> str:
    """``text`` asked for each of ``terms`` at once: a block of one row per term first inside its WHERE clause (a
    query whose rows for a term depend on that term alone answers for all of them in one evaluation).

    >>> bind_each("SELECT ?s WHERE { ?s ?p ?o }", "s", [URIRef("urn:a"), URIRef("urn:b")])
    'SELECT ?s WHERE { VALUES (?s) { (<urn:a>) (<urn:b>) } ?s ?p ?o }'
    """
    rows = " ".join(f"({_written(name, term)})" for term in terms)
    return _first_inside(text, f"VALUES (?{_variable(name)}) {{ {rows} }}")


def _first_inside(text: str, block: str) -> str:
    """``text`` with ``block`` first inside its outermost group pattern."""
    at = _where_brace(text)
    if at is None:
        raise BadInput("the query has no WHERE clause to bind its parameters in")
    return f"{text[:at + 1]} {block}{text[at + 1:]}"


def _variable(name: str) -> str:
    if not _VARIABLE.fullmatch(name):
        raise BadInput(f"'{name}' is not a SPARQL variable name")
    return name


def _where_brace(text: str) -> int | None:
    """Where the outermost group pattern opens: the first ``{`` after the WHERE keyword, else the first ``{``
    (``SELECT * { ... }``, ``ASK { ... }``), strings, IRIs and comments skipped."""
    first = None
    after_where = False
    for token in _TOKENS.finditer(text):
        word = token.group()
        if word.upper() == "WHERE":
            after_where = True
        elif word == "{":
            if after_where:
                return token.start()
            first = token.start() if first is None else first
    return first


def _written(name: str, term: Term) -> str:
    if not isinstance(term, (URIRef, Literal)):
        raise BadInput(f"cannot bind ?{name} to {term!r}: only IRIs and literals can be bound")
    try:
        return term.n3()
    except Exception as error:  # rdflib refuses IRIs it cannot write safely
        raise BadInput(f"cannot bind ?{name}: {one_line(error)}") from None
