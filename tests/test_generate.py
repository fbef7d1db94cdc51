"""bench/generate.py: synthetic graphs that are deterministic, valid, and give every named query rows."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from rdflib import RDFS, Graph
from rdflib.compare import isomorphic

from lls_kg.store.files import select
from lls_kg.sparql import list_named
from lls_kg.store import open_store
from lls_kg.validate import check

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "generate.py"
_spec = importlib.util.spec_from_file_location("bench_generate", SCRIPT)
assert _spec and _spec.loader
generate = sys.modules["bench_generate"] = importlib.util.module_from_spec(_spec)  # dataclasses look it up there
_spec.loader.exec_module(generate)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("generated") / "national-10k.ttl"
    generate.generate(path, 10_000, seed=7, quiet=True)
    return path


def test_the_graph_conforms_to_the_shapes(small: Path) -> None:
    report = check(select([small], default=False))
    assert report.conforms, report.lines()[:5]


def test_same_seed_same_bytes_and_turtle_equals_n_triples(small: Path, tmp_path: Path) -> None:
    again, flat = tmp_path / "again.ttl", tmp_path / "flat.nt"
    count = generate.generate(again, 10_000, seed=7, quiet=True)
    assert again.read_bytes() == small.read_bytes()
    assert abs(count - 10_000) < 200
    generate.generate(flat, 10_000, seed=7, quiet=True)
    assert isomorphic(Graph().parse(small), Graph().parse(flat))
    generate.generate(tmp_path / "other.ttl", 10_000, seed=8, quiet=True)
    assert (tmp_path / "other.ttl").read_bytes() != small.read_bytes()


def test_every_named_query_has_rows(small: Path) -> None:
    store = open_store("oxigraph", [small], default=False)
    empty = [query.name for query in list_named()  # shacl_results reads validation reports, not the graph
             if not any(p.required for p in query.params) and query.name != "shacl_results"
             and not _answered(store.query(query.text))]
    assert empty == []


def _answered(result) -> bool:
    """Whether a query found something: rows, or the triples of a CONSTRUCT."""
    return bool(result.rows or (result.graph is not None and len(result.graph)))


def test_labels_carry_nynorsk_letters_and_hostile_text(small: Path) -> None:
    labels = {str(label) for label in Graph().parse(small).objects(None, RDFS.label)}
    assert set(generate.HOSTILE) <= labels  # markup, quotes and ampersands, for tests of HTML escaping
    assert all(any(letter in label for label in labels) for letter in "æøå")


def test_a_failed_run_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: object) -> None:
        raise RuntimeError("interrupted")

    monkeypatch.setattr(generate.Generator, "run", broken)
    with pytest.raises(RuntimeError):
        generate.generate(tmp_path / "cut.nt", 10_000, quiet=True)
    assert list(tmp_path.iterdir()) == []
