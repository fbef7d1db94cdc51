"""`lls-kg serve`: a read-only SPARQL 1.1 endpoint, asked by a real client (SPARQLWrapper).

The endpoint under test is the real thing: the front door in a thread, and
Oxigraph's server as the engine, in a process of its own.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.client import HTTPException
from xml.dom.minidom import Document

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from lls_kg.errors import BadInput
from lls_kg.store.files import select
from lls_kg.sparql import list_named, load_named
from lls_kg.store.remote import RemoteStore
from lls_kg.serve import Endpoint, Limits, Refused, background, started
from lls_kg.serve.engine import oxigraph_process
from lls_kg.serve.negotiate import negotiate

from sockets import connected
from engines import needs_oxigraph

from SPARQLWrapper import CSV, JSON, SPARQLWrapper as Client, JSONLD, POST, TSV, TURTLE, XML  # noqa: E402
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed  # noqa: E402

LIMITS = Limits(timeout=2, max_rows=200)
MUNICIPALITY_LABELS = "CONSTRUCT { ?m rdfs:label ?l } WHERE { ?m a lls:Municipality ; rdfs:label ?l }"
#: Four billion rows to count: never finishes within the limit.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    needs_oxigraph()
    with started(select(), port=0, limits=LIMITS) as server, background(server):
        yield server


def engine_url(endpoint: Endpoint) -> str:
    """The address of one of the endpoint's engines (to ask it directly, as an attacker past the front would)."""
    with endpoint.engines.borrowed() as engine:
        return engine.url


def client(endpoint: Endpoint, query: str, fmt: str = JSON, method: str | None = None) -> Client:
    sparql = Client(endpoint.url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    if method:
        sparql.setMethod(method)
    sparql.setTimeout(20)
    return sparql


def refusal(endpoint: Endpoint, query: str, method: str | None = None) -> tuple[int, str]:
    """The HTTP status and message with which the endpoint refuses ``query``."""
    fmt = TURTLE if query.lstrip().upper().startswith("CONSTRUCT") else JSON
    try:
        client(endpoint, query, fmt, method).query()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except QueryBadFormed as error:  # SPARQLWrapper's name for a 400
        return 400, str(error)
    raise AssertionError(f"the endpoint answered {query!r}")


def raw(endpoint: Endpoint, path: str, data: bytes | None = None, headers: dict[str, str] | None = None
        ) -> tuple[int, str, bytes]:
    """A request without a SPARQL client: status, media type, body."""
    base = endpoint.url.removesuffix("/sparql")
    request = urllib.request.Request(base + path, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=20) as answer:
            return answer.status, answer.headers.get_content_type(), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()


@pytest.mark.parametrize("method", ["GET", POST])
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_select_in_every_format_by_get_and_post(endpoint: Endpoint, shipped, fmt: str, method: str) -> None:
    query = load_named("owners").text
    expected = shipped.query(query).rows
    answer = client(endpoint, query, fmt, method).query()
    converted = answer.convert()
    if fmt == JSON:
        bindings = converted["results"]["bindings"]
        assert [(b["project"]["value"], b["status"]["value"]) for b in bindings] == \
            [(str(row[0]), str(row[5])) for row in expected]
    elif fmt == XML:
        assert isinstance(converted, Document)
        assert len(converted.getElementsByTagName("result")) == len(expected)
    else:
        lines = converted.decode("utf-8").splitlines()
        assert len(lines) == len(expected) + 1
        assert lines[0].split("," if fmt == CSV else "\t")[0] == ("project" if fmt == CSV else "?project")
    assert answer.response.headers.get_content_type() == {
        JSON: "application/sparql-results+json", XML: "application/sparql-results+xml",
        CSV: "text/csv", TSV: "text/tab-separated-values"}[fmt]


@pytest.mark.parametrize("fmt", [TURTLE, JSONLD])
def test_construct_in_turtle_and_json_ld(endpoint: Endpoint, shipped, fmt: str) -> None:
    answer = client(endpoint, MUNICIPALITY_LABELS, fmt).query()
    body = answer.response.read()
    graph = Graph().parse(data=body, format="turtle" if fmt == TURTLE else "json-ld")
    assert len(graph) == 15 and isomorphic(graph, shipped.query(MUNICIPALITY_LABELS).graph)  # 5 × nn, nb, en


def test_ask_and_the_project_prefixes(endpoint: Endpoint) -> None:
    assert client(endpoint, "ASK { project:sykkelloyper a lls:Project }").query().convert()["boolean"] is True
    assert client(endpoint, "ASK { project:sykkelloyper a lls:Goal }").query().convert()["boolean"] is False


def test_the_remote_store_reads_the_endpoint_with_bindings(endpoint: Endpoint, shipped) -> None:
    query = load_named("owners").text
    owner = {"owner": URIRef("https://w3id.org/lls-kg/id/organisation/sogn-terrengsykkel")}
    rows = RemoteStore(endpoint.url).query(query, owner).rows
    assert rows == shipped.query(query, owner).rows and len(rows) == 1


def test_the_named_queries_are_offered_as_examples(endpoint: Endpoint) -> None:
    status, media, page = raw(endpoint, "/")
    text = page.decode("utf-8")
    named = list_named(internal=False)
    assert (status, media) == (200, "text/html")
    assert all(f'<section id="{query.name}">' in text for query in named)
    assert "&lt;https://w3id.org/lls-kg/ontology#&gt;" in text and "<https://" not in text  # escaped
    status, media, listing = raw(endpoint, "/queries")
    assert (status, media) == (200, "application/json")
    assert [item["name"] for item in json.loads(listing)] == [query.name for query in named]
    run = re.search(r'<a href="(/sparql\?query=[^"]+)">', text)
    assert run and raw(endpoint, run[1].replace("&amp;", "&"))[0] == 200


@pytest.mark.parametrize("query", [
    "INSERT DATA { <urn:x> <urn:y> <urn:z> }",
    "LOAD <file:///etc/passwd>",
    "CLEAR DEFAULT",
])
def test_updates_are_refused_however_they_come(endpoint: Endpoint, query: str) -> None:
    status, message = refusal(endpoint, query, POST)  # SPARQLWrapper sends an update as 'update='
    assert status == 403 and "read-only" in message
    form = "application/x-www-form-urlencoded"
    for path, data, kind in [("/sparql", urllib.parse.urlencode({"query": query}), form),
                             ("/sparql", query, "application/sparql-update"),
                             ("/update", urllib.parse.urlencode({"update": query}), form)]:
        status, _, body = raw(endpoint, path, data.encode(), {"Content-Type": kind})
        assert status == 403 and b"read-only" in body
    assert client(endpoint, "ASK { <urn:x> ?p ?o }").query().convert()["boolean"] is False
    assert client(endpoint, "ASK { ?s a lls:Project }").query().convert()["boolean"] is True


def service_queries(port: int) -> list[str]:
    target = f"<http://127.0.0.1:{port}/>"
    return [
        f"SELECT * WHERE {{ SERVICE {target} {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent {target} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?x a lls:Project . FILTER EXISTS {{ SERVICE {target} {{ ?x ?p ?o }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE ?where {{ ?s ?p ?o }} }} }} VALUES ?where {{ {target} }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE {target} {{ ?s ?p ?o }} }}",  # a codepoint escape is still SERVICE
        f"SELECT * WHERE {{ ?s ?p '#' . SERVICE {target} {{ ?s ?p ?o }} }}",  # rdflib cannot parse it: refused
        f"ASK {{ SERVICE {target} {{ ?s ?p ?o }} }}",
        f"CONSTRUCT WHERE {{ SERVICE {target} {{ ?s ?p ?o }} }}",
    ]


def test_service_makes_no_connection(endpoint: Endpoint, listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    for query in service_queries(port):
        status, message = refusal(endpoint, query)
        assert status in (400, 403), query
        assert status == 400 or message.startswith("SERVICE is refused"), query
    assert not connected(listener)


def ask_directly(engine: str, query: str) -> None:
    """Send ``query`` to an engine past the front; whatever it answers (or fails with) is not the point."""
    request = urllib.request.Request(f"{engine}/query", data=urllib.parse.urlencode({"query": query}).encode())
    try:
        urllib.request.urlopen(request, timeout=20).read()
    except (OSError, HTTPException):
        pass


def test_the_engine_cannot_call_out_even_past_the_front(endpoint: Endpoint, listener: socket.socket,
                                                         tmp_path) -> None:
    """The endpoint's engines run sandboxed: SERVICE asked of them directly connects nowhere. The control: the
    same Oxigraph outside the sandbox does call the listener, so the listener would have seen it."""
    port = listener.getsockname()[1]
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}"
    ask_directly(engine_url(endpoint), query)
    assert not connected(listener)
    listener.setblocking(True)
    listener.settimeout(10)
    calls: list[bytes] = []

    def answer_once() -> None:
        connection, _ = listener.accept()
        with connection:
            calls.append(connection.recv(1000))

    thread = threading.Thread(target=answer_once)
    thread.start()
    with oxigraph_process(["serve", "--location", str(tmp_path / "store")], tmp_path / "log") as plain:
        ask_directly(plain, query)  # the engine fails on the listener's silence: either way, it called
    thread.join()
    assert calls and calls[0].startswith(b"POST /")


def test_from_is_refused_and_the_engine_would_not_follow_it(endpoint: Endpoint, listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    for query in ["SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
                  f"SELECT * FROM NAMED <http://127.0.0.1:{port}/> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
                  f"ASK FROM <http://127.0.0.1:{port}/> {{ ?s ?p ?o }}"]:
        status, message = refusal(endpoint, query)
        assert status == 403 and message.startswith("FROM and FROM NAMED are refused"), query
    query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }", "default-graph-uri": f"http://127.0.0.1:{port}/"})
    status, _, body = raw(endpoint, f"/sparql?{query}")
    assert status == 403 and b"default-graph-uri" in body
    # Even asked directly, Oxigraph takes FROM as the name of a graph in its store, never as an address.
    direct = urllib.request.Request(f"{engine_url(endpoint)}/query", data=urllib.parse.urlencode(
        {"query": f"ASK FROM <http://127.0.0.1:{port}/> {{ ?s ?p ?o }}"}).encode(),
        headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(direct, timeout=20) as answer:
        assert json.loads(answer.read())["boolean"] is False
    assert not connected(listener)


def test_a_long_query_is_stopped_with_503(endpoint: Endpoint) -> None:
    started_at = time.monotonic()
    status, message = refusal(endpoint, ENDLESS)
    assert status == 503 and "longer than this endpoint's limit of 2 s" in message
    assert time.monotonic() - started_at < LIMITS.timeout + 8  # stopped, not left running (a busy machine lags)
    assert client(endpoint, "ASK { ?s a lls:Project }").query().convert()["boolean"] is True  # still serving


def test_too_many_rows_or_triples_is_422(endpoint: Endpoint) -> None:
    status, message = refusal(endpoint, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 422 and message.startswith("the answer has more than 200 rows")
    status, message = refusal(endpoint, "CONSTRUCT WHERE { ?s ?p ?o }")
    assert status == 422 and "more than 200 triples" in message
    rows = client(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 200").query().convert()["results"]["bindings"]
    assert len(rows) == 200


def test_a_syntax_error_says_where(endpoint: Endpoint) -> None:
    status, message = refusal(endpoint, "SELECT ?s WHERE { ?s ?p }")
    assert status == 400 and "SPARQL syntax error at line 1, column" in message


@pytest.mark.parametrize(("path", "headers", "status"), [
    ("/sparql?query=ASK%7B%7D", {"Accept": "image/png"}, 406),
    ("/sparql", {}, 400),
    ("/nothing", {}, 404),
])
def test_other_requests_get_a_clear_status(endpoint: Endpoint, path: str, headers: dict, status: int) -> None:
    code, media, body = raw(endpoint, path, headers=headers)
    assert (code, media) == (status, "text/plain") and body.strip()


def test_the_command_serves_on_localhost_and_stops_cleanly(tmp_path) -> None:
    needs_oxigraph()
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    process = subprocess.Popen([sys.executable, "-m", "lls_kg", "serve", "--port", "0", "--timeout", "5"],
                               stderr=subprocess.PIPE, text=True, env=env)
    try:
        url = None
        for line in process.stderr:
            found = re.search(r"serving the graph read-only at (http://\S+/sparql)", line)
            if found:
                url = found[1]
                break
        assert url and url.startswith("http://127.0.0.1:")
        english = 'SELECT ?label WHERE { region:lls rdfs:label ?label FILTER (LANG(?label) = "en") }'
        answer = RemoteStore(url).query(english)
        assert answer.rows == [(Literal("Leikanger – Luster – Sogndal", lang="en"),)]
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
        process.stderr.close()
    assert list(tmp_path.iterdir()) == []  # the engine's store is gone with it


@pytest.mark.parametrize(("form", "accept", "named", "expected"), [
    ("SELECT", "", None, ox.QueryResultsFormat.JSON),
    ("SELECT", "text/csv;q=0.5, application/sparql-results+xml", None, ox.QueryResultsFormat.XML),
    ("SELECT", "application/sparql-results+json;q=0, text/*", None, ox.QueryResultsFormat.CSV),
    ("SELECT", "application/json", "tsv", ox.QueryResultsFormat.TSV),
    ("ASK", "*/*", None, ox.QueryResultsFormat.JSON),
    ("CONSTRUCT", "", None, ox.RdfFormat.TURTLE),
    ("DESCRIBE", "application/json", None, ox.RdfFormat.JSON_LD),
    ("CONSTRUCT", "application/rdf+xml;q=0.2, application/n-triples", "xml", ox.RdfFormat.N_TRIPLES),
])
def test_content_negotiation(form: str, accept: str, named: str | None, expected: object) -> None:
    assert negotiate(form, accept, named) == expected


def test_no_acceptable_format_lists_the_offers() -> None:
    with pytest.raises(Refused, match="no acceptable format for a CONSTRUCT answer; this endpoint offers: text/turtle"):
        negotiate("CONSTRUCT", "text/csv")


def test_an_engine_that_cannot_start_says_why(tmp_path) -> None:
    needs_oxigraph()
    with pytest.raises(BadInput, match="the Oxigraph server stopped at once: .+"):
        with oxigraph_process(["serve-read-only", "--location", str(tmp_path / "none")], tmp_path / "log"):
            pass
