"""The query API at `serve`: GET /api/{query}?param=value on the real engine, and its OpenAPI description at /api."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from openapi_spec_validator import validate

from lls_kg import api as lls
from lls_kg.serve import Endpoint, Limits, background, started
from lls_kg.serve.api import openapi
from lls_kg.sparql import list_named, parse
from lls_kg.sparql.named import QUERIES
from lls_kg.store.files import select

from engines import needs_oxigraph

LIMITS = Limits(timeout=5, max_rows=4)


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    needs_oxigraph()
    with started(select(), port=0, limits=LIMITS) as server, background(server):
        yield server


def get(endpoint: Endpoint, path: str, accept: str = "*/*") -> tuple[int, str, bytes]:
    request = urllib.request.Request(endpoint.url.removesuffix("/sparql") + path, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=20) as answer:
            return answer.status, answer.headers.get_content_type(), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()


def test_api_is_valid_openapi_made_from_the_headers(endpoint: Endpoint) -> None:
    status, media, body = get(endpoint, "/api")
    document = json.loads(body)
    assert (status, media) == (200, "application/json")
    validate(document)
    public = list_named(internal=False)
    assert set(document["paths"]) == {f"/api/{query.name}" for query in public}
    owners = document["paths"]["/api/owners"]["get"]
    assert owners["summary"] == "Who owns which project"
    assert [p["name"] for p in owners["parameters"]] == ["project", "owner", "format"]


@pytest.mark.parametrize("name", ["Sykkelløyper", "bike trails"])
def test_a_named_query_answers_with_its_parameters_resolved_as_on_the_command_line(endpoint: Endpoint,
                                                                                 name: str) -> None:
    path = "/api/owners?" + urllib.parse.urlencode({"project": name})
    status, media, body = get(endpoint, path, "text/csv")
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    expected = lls.open().query("owners", project="Sykkelløyper").records()
    assert (status, media) == (200, "text/csv")
    assert [(r["owner_label"], r["status"]) for r in rows] == [(r["owner_label"], r["status"]) for r in expected]
    assert "Sogn terrengsykkel" in {r["owner_label"] for r in rows}


def test_format_by_parameter(endpoint: Endpoint) -> None:
    status, media, body = get(endpoint, "/api/owners?project=project:sykkelloyper&format=json", "text/csv")
    assert (status, media) == (200, "application/sparql-results+json")
    assert json.loads(body)["head"]["vars"][:2] == ["project", "project_label"]


@pytest.mark.parametrize(("path", "status", "said"), [
    ("/api/nope", 404, "no query named 'nope'"),
    ("/api/owners?bogus=1", 400, "has no parameter 'bogus'"),
    ("/api/owners?project=no%20such%20project", 400, "no lls:Project named 'no such project'"),
    ("/api/owners?project=a&project=b", 400, "give the parameter 'project' once"),
    ("/api/cross_border", 422, "more than 4 rows"),  # the endpoint's row cap holds here too
])
def test_what_cannot_be_answered_says_why(endpoint: Endpoint, path: str, status: int, said: str) -> None:
    code, media, body = get(endpoint, path)
    assert (code, media) == (status, "text/plain") and said in body.decode()


def test_grlc_defaults_and_enumerations_reach_the_description(monkeypatch: pytest.MonkeyPatch) -> None:
    query = parse("by_class", "#+ summary: By class\n#+ description: Things of a class.\n#+ tags:\n#+   - kinds\n"
                  "#+ defaults:\n#+   - class: lls:Project\n#+ enumerate:\n#+   - class:\n#+     - lls:Project\n"
                  "#+     - lls:Actor\n# param: class  optional  a class\nSELECT ?x WHERE { ?x a ?class }\n")
    monkeypatch.setattr("lls_kg.serve.api.list_named", lambda internal: [query])
    document = openapi(LIMITS)
    validate(document)
    operation = document["paths"]["/api/by_class"]["get"]
    assert operation["tags"] == ["kinds"]
    assert operation["parameters"][0]["schema"] == {"type": "string", "default": "lls:Project",
                                                    "enum": ["lls:Project", "lls:Actor"]}


def test_every_shipped_header_is_grlc_s() -> None:
    for path in QUERIES.glob("*.rq"):
        header = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
        assert header[0].startswith("#+ summary: ") and not [line for line in header if line.startswith("# title")]
