"""A person's name for a resource becomes exactly one IRI, or an error that lists the closest matches."""

from __future__ import annotations

from pathlib import Path

import pytest

from lls_kg.errors import BadInput
from lls_kg.namespaces import LLS, curie
from lls_kg.sparql import resolve
from lls_kg.text import fold

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "query" / "hostile.ttl"
BIKE_TRAILS = "https://w3id.org/lls-kg/id/project/sykkelloyper"


@pytest.fixture
def store(engines, backend):
    """The shipped graph on each backend."""
    return engines.store(backend)


@pytest.fixture
def fixture_store(engines, backend):
    """The fixture graph on each backend."""
    return engines.store(backend, [FIXTURE], default=False)


def test_fold_ignores_case_accents_and_spacing() -> None:
    assert fold("Sykkelløyper") == fold("SYKKELLOYPER") == "sykkelloyper"
    assert fold("  Bygging  av\tsykkelløyper ") == "bygging av sykkelloyper"
    assert fold("Ærlege Åsane") == "aerlege aasane" == fold("AERLEGE AASANE")  # æ ø å as ae o aa, as in slugs
    assert fold("Søknad é") == "soknad e"


@pytest.mark.parametrize("name", [
    "sykkelloyper",                      # altLabel, typed without ø
    "Sykkelløyper",                      # altLabel as written
    "BUILDING BIKE TRAILS",     # English label, other case
    "bygging av sykkelløyper",           # Nynorsk label
    "project:sykkelloyper",              # prefixed name
    BIKE_TRAILS,                         # full IRI
    f"<{BIKE_TRAILS}>",                  # full IRI in angle brackets
])
def test_the_ways_to_name_the_bike_trail_project(store, name: str) -> None:
    assert str(resolve(store, name)) == BIKE_TRAILS


def test_alternative_labels_and_other_kinds(store) -> None:
    assert curie(resolve(store, "Sogn terrengssykkel")) == "organisation:sogn-terrengsykkel"  # the page's spelling
    assert curie(resolve(store, "lls")) == "region:lls"
    assert curie(resolve(store, "passage:raad-3")) == "passage:raad-3"  # known IRI without a label


def test_an_unknown_name_lists_the_closest_matches(store) -> None:
    with pytest.raises(BadInput) as caught:
        resolve(store, "sykkeloyper")
    assert caught.value.exit_code == 2
    assert str(caught.value).startswith(
        "no resource named 'sykkeloyper'; closest matches: Sykkelløyper (project:sykkelloyper)")


def test_a_mistyped_prefixed_name_is_matched_against_prefixed_names(store) -> None:
    with pytest.raises(BadInput, match=r"'project:sykkeloyper'; closest matches: .*\(project:sykkelloyper\)"):
        resolve(store, "project:sykkeloyper")


def test_nothing_close(store) -> None:
    with pytest.raises(BadInput, match=r"^no resource named 'qqqqqq' \(and nothing close to it\)$"):
        resolve(store, "qqqqqq")


def test_within_a_class(store) -> None:
    assert curie(resolve(store, "Sogn terrengsykkel", LLS + "Actor")) == "organisation:sogn-terrengsykkel"
    assert curie(resolve(store, "LLS", LLS + "Actor")) == "region:lls"  # a city region is an actor (subclass)
    with pytest.raises(BadInput, match=r"^organisation:bdo is not a lls:Project$"):
        resolve(store, "organisation:bdo", LLS + "Project")
    with pytest.raises(BadInput, match=r"^no lls:Actor named 'Building bike trails'"):
        resolve(store, "Building bike trails", LLS + "Actor")


def test_a_shared_name_is_ambiguous_and_never_guessed(fixture_store) -> None:
    with pytest.raises(BadInput) as caught:
        resolve(fixture_store, "Sogn Idrett")
    assert str(caught.value) == ("'Sogn Idrett' names 2 resources: organisation:idrett-a (Sogn idrett), "
                                 "organisation:idrett-b (SOGN IDRETT); give an IRI or a prefixed name instead")
    assert caught.value.exit_code == 2
    assert curie(resolve(fixture_store, "organisation:idrett-b")) == "organisation:idrett-b"


def test_a_label_that_looks_like_an_iri_is_still_a_label(fixture_store) -> None:
    assert curie(resolve(fixture_store, "{ } ; # ' \" \\ <urn:x>")) == "project:braces"
    with pytest.raises(BadInput, match="no resource named '<urn:x>'"):
        resolve(fixture_store, "<urn:x>")  # an IRI the graph does not hold
