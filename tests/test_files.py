"""Reading RDF files: what is loaded, from where, and how unreadable files are reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SH

from lls_kg.errors import BadInput
from lls_kg.store.files import load, read, read_file, select

from conftest import BROKEN

pytestmark = pytest.mark.usefixtures("home")

LLS = "https://w3id.org/lls-kg/ontology#"
PROJECT = URIRef("https://w3id.org/lls-kg/id/project/sykkelloyper")


def names(paths: list[Path], root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in paths]


def test_default_is_the_vocabulary_and_the_graph_without_shapes_or_page_copies(home: Path) -> None:
    assert names(select(), home) == ["ontology/lls.ttl", "graph/region.ttl", "graph/sources.ttl"]
    kg = load()
    assert (PROJECT, RDF.type, URIRef(LLS + "Project")) in kg.graph
    assert (URIRef(LLS + "Project"), RDF.type, None) in kg.graph
    assert not list(kg.graph.subjects(RDF.type, SH.NodeShape))


def test_no_default_keeps_the_vocabulary_and_adds_the_data(home: Path, tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text("<urn:a> <urn:b> <urn:c> .\n")
    files = select([extra], default=False)
    assert files == [home / "ontology/lls.ttl", extra]
    graph = load([extra], default=False).graph
    assert (URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:c")) in graph
    assert (PROJECT, None, None) not in graph


def test_a_folder_means_its_rdf_files_recursively_and_sorted(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.nt").write_text("<urn:z> <urn:p> <urn:o> .\n")
    (tmp_path / "a.ttl").write_text("<urn:a> <urn:p> <urn:o> .\n")
    (tmp_path / "notes.txt").write_text("not RDF")
    assert select([tmp_path], default=False)[1:] == [tmp_path / "a.ttl", tmp_path / "b" / "z.nt"]


def test_a_file_named_twice_is_read_once(home: Path) -> None:
    files = select([home / "graph" / "region.ttl", Path(home / "graph" / "region.ttl")], default=True)
    assert names(files, home) == ["ontology/lls.ttl", "graph/region.ttl", "graph/sources.ttl"]


def test_origins_name_the_file_that_types_a_subject() -> None:
    kg = load()
    assert kg.origins[PROJECT] == ("graph/region.ttl",)
    assert kg.origins[URIRef("https://w3id.org/lls-kg/id/passage/rad-3")] == ("graph/sources.ttl",)


def test_origins_of_an_untyped_subject_are_the_files_that_describe_it(tmp_path: Path) -> None:
    first, second = tmp_path / "one.ttl", tmp_path / "two.ttl"
    first.write_text("<urn:x> <urn:p> 1 .\n")
    second.write_text("<urn:x> <urn:q> 2 .\n<urn:y> a <urn:C> .\n")
    kg = read([first, second])
    assert kg.origins[URIRef("urn:x")] == (str(first), str(second))
    assert kg.origins[URIRef("urn:y")] == (str(second),)


def test_blank_nodes_of_two_files_stay_apart(tmp_path: Path) -> None:
    for name in ("one.ttl", "two.ttl"):
        (tmp_path / name).write_text('_:b <urn:p> "x" .\n')
    graph = read([tmp_path / "one.ttl", tmp_path / "two.ttl"]).graph
    subjects = set(graph.subjects())
    assert len(subjects) == 2 and all(isinstance(s, BNode) for s in subjects)


@pytest.mark.parametrize(("name", "fmt"), [
    ("g.ttl", "turtle"), ("g.trig", "trig"), ("g.jsonld", "json-ld"), ("g.json", "json-ld"),
    ("g.nt", "nt"), ("g.nq", "nquads"),
])
def test_every_rdf_format_reads_the_same_triples(tmp_path: Path, name: str, fmt: str) -> None:
    graph = Graph()
    graph.add((URIRef("urn:s"), URIRef("urn:p"), Literal("høgre", lang="nn")))
    graph.add((URIRef("urn:s"), URIRef("urn:q"), Literal(3)))
    if fmt in ("trig", "nquads"):  # put the triples in a named graph: the loader merges them
        from rdflib import Dataset
        dataset = Dataset()
        named = dataset.graph(URIRef("urn:g"))
        for triple in graph:
            named.add(triple)
        (tmp_path / name).write_bytes(dataset.serialize(format=fmt, encoding="utf-8"))
    else:
        (tmp_path / name).write_bytes(graph.serialize(format=fmt, encoding="utf-8"))
    assert isomorphic(read_file(tmp_path / name), graph)


def test_syntax_error_names_file_and_line() -> None:
    with pytest.raises(BadInput) as caught:
        read_file(BROKEN / "syntax.ttl")
    message = str(caught.value)
    assert caught.value.exit_code == 2
    assert message == f"{BROKEN / 'syntax.ttl'}, line 7, column 1: A dot is expected at the end of statements"
    assert "\n" not in message


def test_syntax_error_line_counts_from_one_and_survives_non_ascii(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('<urn:a> <urn:b> "ø æ å" .\n<urn:a> <urn:b> "open .\n', encoding="utf-8")
    with pytest.raises(BadInput, match=r"bad\.ttl, line 2, column \d+: Unexpected end of file"):
        read_file(bad)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="nothere.ttl: no such file"):
        select([tmp_path / "nothere.ttl"])
    with pytest.raises(BadInput, match="nothere.ttl: no such file"):
        read_file(tmp_path / "nothere.ttl")


@pytest.mark.parametrize("content", ["", "  \n\t\n"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    (tmp_path / "empty.ttl").write_text(content)
    with pytest.raises(BadInput, match="empty.ttl: the file is empty"):
        load([tmp_path / "empty.ttl"])


def test_unknown_extension(tmp_path: Path) -> None:
    (tmp_path / "data.rdf").write_text("<rdf:RDF/>")
    with pytest.raises(BadInput, match=r"data\.rdf: unknown RDF format '\.rdf'; use \.ttl"):
        load([tmp_path / "data.rdf"])


def test_invalid_json_ld_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "bad.jsonld").write_text('{"@id": "urn:a",\n "urn:b": [1,}\n')
    with pytest.raises(BadInput, match=r"bad\.jsonld, line 2, column 14: Unexpected closing curly bracket"):
        read_file(tmp_path / "bad.jsonld")


def test_invalid_n_triples(tmp_path: Path) -> None:
    (tmp_path / "bad.nt").write_text("<urn:a> <urn:b> .\n")
    with pytest.raises(BadInput, match=r"bad\.nt, line 1, column 17: The object of a triple must be an IRI"):
        read_file(tmp_path / "bad.nt")


def test_a_folder_without_rdf_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(BadInput, match="the folder holds no RDF files"):
        select([tmp_path])


def test_missing_ontology_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lls_kg import resources

    (tmp_path / "ontology").mkdir()
    (tmp_path / "ontology" / "shapes.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n")
    monkeypatch.setattr(resources, "data_dir", lambda: tmp_path)
    with pytest.raises(BadInput, match="ontology: the ontology is missing"):
        select(default=False)
