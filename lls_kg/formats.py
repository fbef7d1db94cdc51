"""Render a query result as text: an aligned table for people, CSV or JSON for pipes, Markdown for notes.

Tables and Markdown show IRIs as prefixed names, which people read; CSV and
JSON keep full IRIs, which programs need.
"""

from __future__ import annotations

import csv
import io
import json

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from .choices import TABLE_FORMATS, require
from .errors import BadInput
from .namespaces import curie
from .store import Result, Term

_NUMBERS = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long,
            XSD.nonNegativeInteger, XSD.positiveInteger}


def text(term: Term | None, compact: bool = False) -> str | None:
    """A term as a plain string: an IRI (prefixed if ``compact``), a blank node's id, a literal's text."""
    if term is None:
        return None
    if isinstance(term, URIRef) and compact:
        return curie(str(term))
    return str(term)


def records(result: Result) -> list[dict[str, str | None]]:
    """The rows of a SELECT as dictionaries keyed by variable name, values as plain strings."""
    return [dict(zip(result.vars, (text(term) for term in row))) for row in _select(result).rows]


def render(result: Result, fmt: str = "table") -> str:
    """``result`` (SELECT or ASK) as ``table``, ``csv``, ``json`` or ``md`` text, ending in a newline."""
    require(fmt, TABLE_FORMATS, "format")
    if result.kind == "ASK":
        return json.dumps(result.boolean) + "\n" if fmt == "json" else f"{'yes' if result.boolean else 'no'}\n"
    result = _select(result)
    if fmt == "json":
        return json.dumps(records(result), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(result.vars)
        writer.writerows([text(term) or "" for term in row] for row in result.rows)
        return out.getvalue()
    cells = [[" ".join((text(term, compact=True) or "").splitlines()) for term in row] for row in result.rows]
    numeric = [any(_is_number(row[i]) for row in result.rows)
               and all(row[i] is None or _is_number(row[i]) for row in result.rows) for i in range(len(result.vars))]
    return (_markdown if fmt == "md" else _table)(result.vars, cells, numeric)


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


def _select(result: Result) -> Result:
    if result.kind != "SELECT":
        raise BadInput(f"a {result.kind} result is not a table")
    return result


def _is_number(term: Term | None) -> bool:
    return isinstance(term, Literal) and term.datatype in _NUMBERS
