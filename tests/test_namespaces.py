"""Prefixed names for people."""

from __future__ import annotations

from lls_kg.namespaces import curie


def test_curie_uses_the_longest_covering_prefix_and_only_valid_local_names() -> None:
    assert curie("https://w3id.org/lls-kg/id/project/sykkelloyper") == "project:sykkelloyper"
    assert curie("https://w3id.org/lls-kg/ontology#Role") == "lls:Role"
    assert curie("https://w3id.org/lls-kg/id/project/a/b") == "https://w3id.org/lls-kg/id/project/a/b"
    assert curie("https://w3id.org/lls-kg/id/project/ends.") == "https://w3id.org/lls-kg/id/project/ends."
    assert curie("https://snl.no/Sogndal") == "https://snl.no/Sogndal"
