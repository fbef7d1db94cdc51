"""Every quote in graph/sources.ttl is verbatim from the project's copy of the source page."""

from __future__ import annotations

import pytest

from lls_kg import resources
from lls_kg.store import open_store

PASSAGES = """
PREFIX lls: <https://w3id.org/lls-kg/ontology#>
SELECT ?passage ?quote ?heading ?copy ?position WHERE {
  ?passage a lls:SourcePassage ; lls:quote ?quote ; lls:sectionHeading ?heading ; lls:position ?position ;
           lls:inDocument/lls:localCopy ?copy .
} ORDER BY ?position
"""


@pytest.fixture(scope="module")
def passages(shipped):
    return shipped.query(PASSAGES).rows


def page(copy) -> str:
    return (resources.graph_dir() / str(copy)).read_text(encoding="utf-8")


def test_the_page_is_cut_into_37_passages(passages):
    assert len(passages) == 37
    assert [int(row[4]) for row in passages] == list(range(1, 38))


def test_every_quote_and_heading_is_verbatim(passages):
    for passage, quote, heading, copy, _ in passages:
        text = page(copy)
        assert str(quote) in text, f"{passage}: quote is not verbatim"
        assert str(heading) in text, f"{passage}: heading is not verbatim"
        assert quote.language == "nn"


def test_passages_follow_the_page_order(passages):
    text = page(passages[0][3])
    starts = [text.index(str(quote)) for _, quote, *_ in passages]
    assert starts == sorted(starts)


def test_no_break_spaces_are_kept():
    # The page writes "Søkerkommune:\u00A0Sogndal"; a quote with a plain space would not be verbatim.
    store = open_store("memory")
    rows = store.query(PASSAGES).rows
    assert any("Søkerkommune:\u00a0Sogndal" == str(row[1]) for row in rows)
