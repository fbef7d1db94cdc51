"""An answer read as text is sorted in Python where Python orders it as the query's ORDER BY does
(lls_kg/sparql/order.py): the same rows as the engine's, in the engine's order of the keys, on every backend, and
in one order on all of them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from lls_kg.sparql import list_named, load_named, text_answer
from lls_kg.sparql.order import in_python
from lls_kg.store import Texts, texts

#: The queries the package reads as text whose ORDER BY Python does (those without a parameter to bind).
SORTED = [query.name for query in list_named()
          if in_python(query.text).keys and not any(param.required for param in query.params)]
#: The graphs: the shipped one, and a generated one of four regions, whose work ties on many keys.
GRAPHS = ["shipped", "national"]


def on_keys(answer: Texts, name: str) -> list[tuple[str, ...]]:
    """The rows' ORDER BY keys, each as the query sorts it (an unbound key as its COALESCE default, or empty)."""
    keys = in_python(load_named(name).text).keys or ()
    return [tuple(row[answer.vars.index(var)] or default for var, default in keys) for row in answer.rows]


def graph(engines, backend: str, national: Path, which: str):
    return engines.store(backend) if which == "shipped" else engines.store(backend, [national], default=False)


def test_the_queries_read_at_scale_are_sorted_in_python() -> None:
    """The report's biggest answers are asked without an ORDER BY: on disk, the engine's sort read every string it
    compared (bench/order.py)."""
    assert {"goal_activities", "owners", "vague", "timeline", "programme"} <= set(SORTED)
    for name in ("goal_activities", "owners"):
        assert "ORDER BY" not in in_python(load_named(name).text).text


@pytest.mark.parametrize("text", [
    "SELECT ?n WHERE { ?s ?p ?n }\nORDER BY ?n",  # a bare variable: a number orders by value
    "SELECT ?n WHERE { ?s ?p ?n }\nORDER BY DESC(STR(?n))",
    "SELECT ?n WHERE { ?s ?p ?n }\nORDER BY STR(?n)\nLIMIT 3",  # the first three of the engine's order
    "SELECT ?s WHERE { ?s ?p ?n }\nORDER BY STR(?n)",  # a key it does not select
    "SELECT ?n WHERE { ?s ?p ?n }\nORDER BY STR(?n) ?s",
])
def test_other_orders_are_left_to_the_engine(text: str) -> None:
    assert in_python(text) == (text, None)


@pytest.mark.parametrize("which", GRAPHS)
@pytest.mark.parametrize("name", SORTED)
def test_python_sorts_an_answer_as_the_engine_does(engines, backend: str, national: Path, name: str,
                                                   which: str) -> None:
    store = graph(engines, backend, national, which)
    ours, engines_own = text_answer(store, name), texts(store, load_named(name).text)
    assert Counter(ours.rows) == Counter(engines_own.rows)
    assert on_keys(ours, name) == on_keys(engines_own, name)
    assert ours.rows, "an empty answer proves nothing"


@pytest.mark.parametrize("which", GRAPHS)
@pytest.mark.parametrize("name", SORTED)
def test_every_backend_gives_the_rows_in_one_order(engines, backend: str, national: Path, name: str,
                                                   which: str) -> None:
    """Rows equal on every key are ordered by their values, which an engine's ORDER BY leaves in any order."""
    found = text_answer(graph(engines, backend, national, which), name)
    assert found.rows == text_answer(graph(engines, "memory", national, which), name).rows
