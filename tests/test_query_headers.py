"""The header of a named query: title, description and parameters."""

from __future__ import annotations

import pytest

from lls_kg.errors import BadInput
from lls_kg.sparql import Param, list_named, load_named, parse

TEXT = """# title: Who owns which project
# description: Current and former owners of every project.
# param: project  optional  IRI or label of a project
# param: ?owner required the owner: IRI or label
# A comment without a key is allowed.
PREFIX lls: <https://w3id.org/lls-kg/ontology#>
# title: a comment after the header is not part of it
SELECT ?project WHERE { ?project a lls:Project }
"""


def test_the_header_is_read() -> None:
    query = parse("owners", TEXT)
    assert query.name == "owners"
    assert query.title == "Who owns which project"
    assert query.description == "Current and former owners of every project."
    assert query.params == (
        Param("project", False, "IRI or label of a project"),
        Param("owner", True, "the owner: IRI or label"),
    )
    assert query.text == TEXT


def test_a_query_needs_a_title() -> None:
    with pytest.raises(BadInput, match=r"query q: the header has no '#\+ summary:' \(or '# title:'\) line"):
        parse("q", "# description: no title\nSELECT * WHERE { ?s ?p ?o }\n")


def test_a_param_line_must_say_optional_or_required() -> None:
    with pytest.raises(BadInput, match="bad header line '# param: project maybe'"):
        parse("q", "# title: T\n# param: project maybe\nSELECT * WHERE { ?s ?p ?o }\n")


def test_every_shipped_query_has_a_title_and_a_description() -> None:
    queries = list_named()
    assert {"triples", "instances_per_class", "roles_per_kind", "source_passages", "labels"} <= {
        q.name for q in queries}
    for query in queries:
        assert query.title and query.description, query.name


def test_load_named_and_unknown_names() -> None:
    assert load_named("triples").title == "Number of triples"
    with pytest.raises(BadInput, match="no query named 'nope'; the named queries are: .*triples"):
        load_named("nope")
    with pytest.raises(BadInput, match="no query named"):
        load_named("../shacl_results")
