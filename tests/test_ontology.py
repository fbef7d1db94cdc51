"""The vocabulary documents itself: every term labelled in Nynorsk and English, and commented."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from lls_kg import resources
from lls_kg.choices import TIES
from lls_kg.namespaces import LLS

KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDFS.Datatype)


def vocabulary() -> Graph:
    return Graph().parse(resources.ontology_dir() / "lls.ttl")


def terms(graph: Graph) -> set[URIRef]:
    return {s for kind in KINDS for s in graph.subjects(RDF.type, kind) if str(s).startswith(LLS)}


def test_the_header_has_version_licence_and_description() -> None:
    graph = vocabulary()
    ontology = URIRef("https://w3id.org/lls-kg/ontology")
    for prop in (OWL.versionInfo, URIRef("http://purl.org/dc/terms/license"),
                 URIRef("http://purl.org/dc/terms/description")):
        assert graph.value(ontology, prop) is not None, prop


def test_every_term_has_labels_in_both_languages_and_a_comment() -> None:
    graph = vocabulary()
    found = terms(graph)
    assert len(found) > 80
    for term in found:
        languages = {label.language for label in graph.objects(term, RDFS.label)}
        assert {"nn", "en"} <= languages, term
        assert graph.value(term, RDFS.comment) is not None, term


def test_own_classes_specialise_standard_ones() -> None:
    graph = vocabulary()
    standard = ("http://www.w3.org/ns/org#", "http://www.w3.org/ns/prov#", "http://www.w3.org/2004/02/skos/core#",
                "http://xmlns.com/foaf/0.1/")
    for cls in graph.subjects(RDF.type, OWL.Class):
        ancestors = set(graph.transitive_objects(cls, RDFS.subClassOf)) - {cls}
        if cls == URIRef(LLS + "UnitOfMeasure"):
            continue  # a plain list of units; nothing standard fits better
        assert any(str(a).startswith(standard) for a in ancestors), cls


def test_the_tie_kinds_are_the_command_lines() -> None:
    graph = vocabulary()
    skos = "http://www.w3.org/2004/02/skos/core#"
    codes = {str(graph.value(tie, URIRef(skos + "notation")))
             for tie in graph.subjects(RDF.type, URIRef(LLS + "TieKind"))}
    assert codes == set(TIES)
    # every role kind makes a kind of tie
    for kind in graph.subjects(RDF.type, URIRef(LLS + "RoleKind")):
        assert graph.value(kind, URIRef(LLS + "tieKind")) is not None, kind


def test_no_class_is_more_than_three_subclass_steps_below_another() -> None:
    """The queries spell class membership out to three rdfs:subClassOf steps (no */+ path: queries/README.md)."""
    graph = vocabulary()
    parents = {cls: set(graph.objects(cls, RDFS.subClassOf)) for cls in graph.subjects(RDFS.subClassOf, None)}

    def depth(cls: object) -> int:
        return 1 + max((depth(parent) for parent in parents.get(cls, ())), default=-1)

    assert max(map(depth, parents)) == 3  # the deepest is exactly what names.rq spells out


def test_the_classes_counted_by_their_direct_type_have_no_subclass() -> None:
    """``roles_per_kind.rq`` and ``source_passages.rq`` match ``a lls:Role`` / ``a lls:SourcePassage`` alone."""
    graph = vocabulary()
    for name in ("Role", "SourcePassage"):
        assert list(graph.subjects(RDFS.subClassOf, URIRef(LLS + name))) == [], name
