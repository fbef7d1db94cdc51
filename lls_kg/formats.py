"""Render a query result as text: an aligned table for people, CSV or JSON for pipes, Markdown for notes.

Tables and Markdown are for people: IRIs as prefixed names, headings, numbers,
dates and (given the graph's :class:`~lls_kg.sparql.labels.Labels`) the labels of
``X_label`` columns in the reader's language (:mod:`lls_kg.i18n`). CSV and JSON are
for programs: full IRIs, variable names, and the same bytes in every language. ``sparql-json`` is the W3C SPARQL
1.1 Query Results JSON format, which keeps every term's type, datatype and
language for other SPARQL tools; a CONSTRUCT or DESCRIBE answer is a graph,
written as Turtle, JSON-LD or N-Triples.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from .build import serialise
from .choices import GRAPH_RESULT_FORMATS, SELECT_FORMATS, TABLE_FORMATS, require
from .errors import BadInput
from .i18n import N_, Speech, speech
from .i18n.headings import heading
from .namespaces import bind_prefixes, curie
from .sparql import NamedQuery
from .sparql.labels import Labels
from .stats import MEASURE_NAMES
from .store import Result, Term

#: The ``status`` codes of the ownership queries, as a table for people says them.
STATUSES = {"current": N_("current"), "former": N_("former")}
#: Columns whose values are codes, with the codes' names for people (a table says them in the reader's language).
_CODES = {"status": STATUSES, "measure": MEASURE_NAMES}
_NUMBERS = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long,
            XSD.nonNegativeInteger, XSD.positiveInteger}


def text(term: Term | None, compact: bool = False) -> str | None:
    """A term as a plain string: an IRI (prefixed if ``compact``), a blank node's id, a literal's text."""
    if term is None:
        return None
    if isinstance(term, URIRef) and compact:
        return curie(str(term))
    return str(term)


def text_records(result: Result) -> list[dict[str, str | None]]:
    """The rows of a SELECT as dictionaries keyed by variable name, values as plain strings (full IRIs)."""
    return [{name: text(term) for name, term in row.items()} for row in result.bindings()]


def render(result: Result, fmt: str = "table", lang: str | None = None, labels: Labels | None = None,
           unstated: Iterable[str] = ()) -> str:
    """``result`` (SELECT or ASK) as ``table``, ``csv``, ``json`` or ``md`` text, ending in a newline.

    ``table`` and ``md`` speak ``lang`` (headings, numbers, dates, and labels when ``labels`` is given);
    ``csv`` and ``json`` are the same in every language. In the ``unstated`` columns, a table or Markdown
    says "not stated" where the value is unbound (a date the source does not give); CSV and JSON keep it
    empty or null.
    """
    require(fmt, TABLE_FORMATS, "format")
    if result.kind == "ASK":
        if fmt == "json":
            return json.dumps(result.boolean) + "\n"
        words = speech(lang)
        return (words._("yes") if result.boolean else words._("no")) + "\n"
    result = result.table()
    if fmt == "json":
        return json.dumps(text_records(result), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(result.vars)
        writer.writerows([text(term) or "" for term in row] for row in result.rows)
        return out.getvalue()
    words = speech(lang)
    cells = _cells(result, words, labels, set(unstated))
    numeric = [any(_is_number(row[i]) for row in result.rows)
               and all(row[i] is None or _is_number(row[i]) for row in result.rows) for i in range(len(result.vars))]
    return (_markdown if fmt == "md" else _table)([heading(v, words) for v in result.vars], cells, numeric)


def _cells(result: Result, words: Speech, labels: Labels | None, unstated: set[str]) -> list[list[str]]:
    """Every cell for people; each distinct (column, value, resource it names) worked out once, as a large answer
    repeats its owners, classes and dates on thousands of rows."""
    named = _named_columns(result.vars) if labels is not None else {}
    if labels is not None:
        labels.read_for({str(row[of]) for of in set(named.values()) for row in result.rows
                         if isinstance(row[of], URIRef)})
    done: dict[tuple[int, Term | None, Term | None], str] = {}

    def cell(i: int, term: Term | None, row: tuple[Term | None, ...]) -> str:
        key = (i, term, row[named[i]] if i in named else None)
        if key not in done:
            done[key] = (words._("not stated") if term is None and result.vars[i] in unstated
                         else _coded(result.vars[i], term, words, labels)
                         or " ".join(_shown(term, row, named.get(i), words, labels).splitlines()))
        return done[key]

    return [[cell(i, term, row) for i, term in enumerate(row)] for row in result.rows]


def _named_columns(names: list[str]) -> dict[int, int]:
    """Label column -> the column of the resource it names: ``X_label`` names ``X``; ``label`` the column before."""
    found = {}
    for i, name in enumerate(names):
        of = name.removesuffix("_label") if name.endswith("_label") else names[i - 1] if name == "label" and i else None
        if of in names:
            found[i] = names.index(of)
    return found


def _coded(column: str, term: Term | None, words: Speech, labels: Labels | None) -> str | None:
    """A role (an ontology term's English label), what a source leaves open (its English wording) or a code
    (:data:`_CODES`) in the reader's language; None for any other cell."""
    if not isinstance(term, Literal):
        return None
    if column == "role" and labels is not None:
        return labels.term(str(term), words.lang)
    if column == "left_open" and labels is not None:
        return str(labels.left_open(str(term), words.lang))
    names = _CODES.get(column, {})
    return words._(names[str(term)]) if str(term) in names else None


def _shown(term: Term | None, row: tuple[Term | None, ...], names: int | None, words: Speech,
           labels: Labels | None) -> str:
    """A cell for people: a label in the reader's language, a number or a date as the language writes it."""
    if names is not None and labels is not None and isinstance(row[names], URIRef) and labels.has(str(row[names])):
        return str(labels.name(str(row[names]), words.lang))
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return words.number(value)
        if isinstance(value, date) and term.datatype == XSD.date:
            return words.date(value)
    return text(term, compact=True) or ""


def show(result: Result, fmt: str | None = None, lang: str | None = None, labels: Labels | None = None,
         unstated: Iterable[str] = ()) -> str:
    """Any query result as text, in a format that fits its kind (``None``: table, or turtle for a graph).

    SELECT: a table format or ``sparql-json``. ASK: ``true``/``false``, or ``sparql-json``.
    CONSTRUCT and DESCRIBE: ``turtle``, ``json-ld`` or ``nt``. ``lang`` and ``labels``: see :func:`render`.
    """
    if result.kind == "CONSTRUCT":
        fmt = fmt or "turtle"
        _allowed(fmt, GRAPH_RESULT_FORMATS, "a CONSTRUCT or DESCRIBE result (a graph)")
        graph = Graph(bind_namespaces="none")
        bind_prefixes(graph)
        graph += result.graph or Graph()
        return serialise(graph, fmt).decode("utf-8")
    fmt = fmt or "table"
    _allowed(fmt, SELECT_FORMATS, "an ASK result" if result.kind == "ASK" else "a SELECT result")
    if fmt == "sparql-json":
        return sparql_json(result)
    if result.kind == "ASK":
        return json.dumps(result.boolean) + "\n"
    return render(result, fmt, lang, labels, unstated)


def sparql_json(result: Result) -> str:
    """``result`` (SELECT or ASK) in the W3C SPARQL 1.1 Query Results JSON format; unbound values are left out."""
    if result.kind == "ASK":
        document: dict[str, Any] = {"head": {}, "boolean": result.boolean}
    else:
        bindings = [{name: _term_json(term) for name, term in zip(result.vars, row) if term is not None}
                    for row in result.table().rows]
        document = {"head": {"vars": result.vars}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def catalogue(queries: Iterable[NamedQuery], fmt: str = "table", lang: str | None = None) -> str:
    """The named queries: a table of name, title and parameters (headings in ``lang``), or JSON with descriptions
    and parameters in full."""
    require(fmt, ("table", "json"), "format")
    queries = list(queries)
    if fmt == "json":
        return json.dumps([{"name": q.name, "title": q.title, "description": q.description,
                            "params": [{"name": p.name, "required": p.required,
                                        **({"class": p.within} if p.within else {}), "description": p.description}
                                       for p in q.params]} for q in queries], ensure_ascii=False, indent=2) + "\n"
    words = speech(lang)
    required = " " + words._("(required)")
    cells = [[q.name, q.title, ", ".join(p.name + (required if p.required else "") for p in q.params)]
             for q in queries]
    return _table([heading(name, words) for name in ("name", "title", "parameters")], cells, [False] * 3)


def _term_json(term: Term) -> dict[str, str]:
    """One RDF term as a SPARQL JSON results object (plain literals and xsd:string get no datatype)."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    value = {"type": "literal", "value": str(term)}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype is not None and term.datatype != XSD.string:
        value["datatype"] = str(term.datatype)
    return value


def _allowed(fmt: str, formats: tuple[str, ...], what: str) -> None:
    if fmt not in formats:
        raise BadInput(f"{what} cannot be written as {fmt}; use {', '.join(formats)}")


def _table(header: list[str], cells: list[list[str]], numeric: list[bool]) -> str:
    """Aligned plain-text columns under a dashed rule; ``numeric`` columns are right-aligned."""
    widths = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(header)]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w)
                         for v, w, num in zip(values, widths, numeric)).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(row) for row in cells]) + "\n"


def _markdown(header: list[str], cells: list[list[str]], numeric: list[bool]) -> str:
    """A GitHub-flavoured Markdown table; ``numeric`` columns are right-aligned."""

    def line(values: list[str]) -> str:
        return "| " + " | ".join(v.replace("|", "\\|") for v in values) + " |"

    rule = ["---:" if num else "---" for num in numeric]
    return "\n".join([line(header), "|" + "|".join(rule) + "|"] + [line(row) for row in cells]) + "\n"


def _is_number(term: Term | None) -> bool:
    return isinstance(term, Literal) and term.datatype in _NUMBERS
