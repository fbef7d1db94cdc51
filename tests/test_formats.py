"""Rendering a result: aligned table, CSV, JSON and Markdown."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import Literal, URIRef

from lls_kg.errors import BadInput
from lls_kg.formats import render, text_records
from lls_kg.store import Result

PROJECT = URIRef("https://w3id.org/lls-kg/id/project/sykkelloyper")
RESULT = Result("SELECT", vars=["item", "count", "note"], rows=[
    (PROJECT, Literal(12), Literal("a | b")),
    (URIRef("urn:x"), Literal(3), None),
])


def test_table_aligns_columns_and_right_aligns_numbers() -> None:
    assert render(RESULT, "table") == (
        "item                  count  note\n"
        "--------------------  -----  -----\n"
        "project:sykkelloyper     12  a | b\n"
        "urn:x                     3\n"
    )


def test_json_is_a_list_of_objects_with_plain_strings() -> None:
    assert json.loads(render(RESULT, "json")) == [
        {"item": str(PROJECT), "count": "12", "note": "a | b"},
        {"item": "urn:x", "count": "3", "note": None},
    ]
    assert text_records(RESULT)[0]["item"] == str(PROJECT)


def test_csv_keeps_full_iris() -> None:
    rows = list(csv.reader(io.StringIO(render(RESULT, "csv"))))
    assert rows == [["item", "count", "note"], [str(PROJECT), "12", "a | b"], ["urn:x", "3", ""]]


def test_markdown_escapes_pipes() -> None:
    assert render(RESULT, "md").splitlines() == [
        "| item | count | note |",
        "|---|---:|---|",
        "| project:sykkelloyper | 12 | a \\| b |",
        "| urn:x | 3 |  |",
    ]


def test_ask_and_errors() -> None:
    assert render(Result("ASK", boolean=True), "table") == "yes\n"
    assert render(Result("ASK", boolean=False), "json") == "false\n"
    with pytest.raises(BadInput, match="unknown format 'xml'"):
        render(RESULT, "xml")
    with pytest.raises(BadInput, match="a CONSTRUCT result is not a table"):
        render(Result("CONSTRUCT"), "csv")


def test_multi_line_values_stay_on_one_row_and_unbound_numbers_stay_right_aligned() -> None:
    result = Result("SELECT", vars=["quote", "n"], rows=[(Literal("one\ntwo"), None), (Literal("x"), Literal(10))])
    assert render(result, "table").splitlines() == ["quote     n", "-------  --", "one two", "x        10"]
