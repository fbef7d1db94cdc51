"""The commands that ask the graph: queries, query, owners and load."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.query import Result as RdflibResult

from lls_kg.cli import cli
from lls_kg.errors import BadInput
from lls_kg.store.files import select
from lls_kg.sparql import load_named
from lls_kg.store import open_store
from lls_kg.store.load import MARKER, load_disk

HERE = Path(__file__).resolve().parent
HOSTILE = HERE / "fixtures" / "query" / "hostile.ttl"
BROKEN = HERE / "fixtures" / "broken" / "syntax.ttl"
BIKE_TRAILS = "https://w3id.org/lls-kg/id/project/sykkelloyper"
SOGN_TERRENGSYKKEL = "https://w3id.org/lls-kg/id/organisation/sogn-terrengsykkel"
LLS = "https://w3id.org/lls-kg/id/region/lls"
LLS_NS = "https://w3id.org/lls-kg/ontology#"
RAAD_3 = ("Dersom det er prosjekt med eksterne midlar involvert, så kan det vere smart å endre prosjekteigar "
          "til dei som har størst eigarskap til prosjektet (eks de overførte prosjektet med bygging av "
          "sykkelløyper til Sogn terrengssykkel)")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CONSTRUCT = ("CONSTRUCT { ?owner lls:owns ?project } WHERE { ?r lls:roleIn ?project ; lls:actor ?owner ; "
             "lls:roleKind lls:Owner }")


@pytest.fixture(scope="module")
def disk(tmp_path_factory) -> str:
    """The shipped graph in an on-disk store built by `lls-kg load`; its --store spec."""
    from click.testing import CliRunner

    spec = f"oxigraph:{tmp_path_factory.mktemp('disk') / 'kg'}"
    assert CliRunner().invoke(cli, ["load", "--store", spec, "-q"]).exit_code == 0
    return spec


def invoke(runner, *args: str, **kwargs):
    return runner.invoke(cli, [*args, "-q"], **kwargs)


def error_line(result) -> str:
    assert "Traceback" not in result.output
    return result.stderr.splitlines()[-1]


# queries


def test_queries_lists_titles_and_parameters_without_the_internal_ones(runner) -> None:
    result = runner.invoke(cli, ["queries"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["name", "title", "parameters"]
    rows = {line.split()[0]: line for line in lines[2:]}
    assert rows["owners"].split(None, 1)[1].split("  ")[0] == "Who owns which project"
    assert rows["owners"].endswith("project, owner")
    assert rows["source"].endswith("resource (required)")
    assert not {"triples", "labels", "instances_per_class", "roles_per_kind", "source_passages"} & set(rows)


def test_queries_as_json_has_descriptions_and_parameters(runner) -> None:
    listed = {q["name"]: q for q in json.loads(runner.invoke(cli, ["queries", "--format", "json"]).stdout)}
    assert listed["owners"]["description"].startswith("Current and former owners of every project")
    assert listed["owners"]["params"] == [
        {"name": "project", "required": False, "class": LLS_NS + "Project",
         "description": "the project (IRI, prefixed name or name)"},
        {"name": "owner", "required": False, "class": LLS_NS + "Actor",
         "description": "the owner (IRI, prefixed name or name)"},
    ]


# query: SELECT


def test_a_named_query_with_a_parameter_given_by_label_as_json(runner) -> None:
    result = invoke(runner, "query", "owners", "--param", "project=BUILDING BIKE TRAILS", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {"project": BIKE_TRAILS, "project_label": "Building bike trails", "owner": SOGN_TERRENGSYKKEL,
         "owner_label": "Sogn terrengsykkel", "role": "owner", "status": "current", "since": None, "until": None,
         "source": RAAD_3, "left_open": "The page does not say when the project changed owner."},
        {"project": BIKE_TRAILS, "project_label": "Building bike trails", "owner": LLS,
         "owner_label": "Leikanger – Luster – Sogndal", "role": "former owner", "status": "former", "since": None,
         "until": None, "source": RAAD_3, "left_open": "The page says only 'they transferred the project': which "
         "municipality or unit of the collaboration owned it, and until when, is not said."},
    ]


def test_sparql_json_is_the_w3c_format_and_parses_back(runner, shipped) -> None:
    result = invoke(runner, "query", "population", "--format", "sparql-json")
    document = json.loads(result.stdout)
    assert document["head"]["vars"][:3] == ["municipality", "municipality_label", "deviation"]
    first = document["results"]["bindings"][0]
    assert first["municipality"] == {"type": "uri", "value": "https://w3id.org/lls-kg/id/municipality/sogndal"}
    assert first["municipality_label"] == {"type": "literal", "value": "Sogndal municipality", "xml:lang": "en"}
    assert first["deviation"] == {"type": "literal", "value": "-149",
                                  "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    parsed = RdflibResult.parse(io.StringIO(result.stdout), format="json")
    assert [tuple(row) for row in parsed] == shipped.query(load_named("population").text).rows


def test_sparql_json_leaves_unbound_values_out(runner) -> None:
    result = invoke(runner, "query", "owners", "--format", "sparql-json")
    binding = json.loads(result.stdout)["results"]["bindings"][0]
    assert "since" not in binding and binding["status"] == {"type": "literal", "value": "current"}


def test_a_query_file_and_stdin(runner, tmp_path: Path) -> None:
    path = tmp_path / "labels.rq"
    path.write_text("# param: thing  required  a resource\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                    "SELECT ?thing ?label WHERE { ?thing rdfs:label ?label FILTER (LANG(?label) = 'en') }\n")
    result = invoke(runner, "query", str(path), "-p", "thing=sykkelløyper", "--format", "csv")
    assert result.stdout == f"thing,label\n{BIKE_TRAILS},Building bike trails\n"
    piped = invoke(runner, "query", "--sparql", "-", "--format", "csv",
                   input="SELECT ?label WHERE { project:sykkelloyper skos:altLabel ?label }")
    assert piped.stdout == "label\nSykkelløyper\n"


def test_ask_prints_true_or_false_and_exits_0_or_1(runner, engines, backend: str) -> None:
    spec = engines.spec(backend)
    yes = invoke(runner, "query", "--store", spec, "--sparql", "ASK { project:sykkelloyper a lls:Project }")
    assert (yes.exit_code, yes.stdout) == (0, "true\n")
    no = invoke(runner, "query", "--store", spec, "--sparql", "ASK { project:sykkelloyper a lls:Goal }")
    assert (no.exit_code, no.stdout) == (1, "false\n")
    w3c = invoke(runner, "query", "--store", spec, "--sparql", "ASK { ?s a lls:Goal }", "--format", "sparql-json")
    assert (w3c.exit_code, json.loads(w3c.stdout)) == (0, {"head": {}, "boolean": True})


@pytest.mark.parametrize(("fmt", "parser"), [("turtle", "turtle"), ("json-ld", "json-ld"), ("nt", "nt")])
def test_construct_writes_rdf_that_parses_back(runner, shipped, fmt: str, parser: str) -> None:
    result = invoke(runner, "query", "--sparql", CONSTRUCT, "--format", fmt)
    assert result.exit_code == 0, result.output
    expected = shipped.query(CONSTRUCT).graph
    assert len(expected) == 1
    assert isomorphic(Graph().parse(data=result.stdout, format=parser), expected)


def test_describe_defaults_to_turtle(runner) -> None:
    result = invoke(runner, "query", "--store", "oxigraph", "--sparql", "DESCRIBE project:sykkelloyper")
    graph = Graph().parse(data=result.stdout, format="turtle")
    assert len(graph) > 5 and set(graph.subjects()) == {graph.namespace_manager.expand_curie("project:sykkelloyper")}


def test_a_format_that_does_not_fit_the_result(runner) -> None:
    result = invoke(runner, "query", "population", "--format", "turtle")
    assert result.exit_code == 2
    assert error_line(result) == ("lls-kg: error: a SELECT result cannot be written as turtle; "
                                  "use table, csv, json, md, sparql-json")


# query: errors

SYNTAX_ERROR = "SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER (?o = ) }"


def test_a_syntax_error_shows_the_position_and_exits_2(runner, engines, backend: str) -> None:
    result = invoke(runner, "query", "--store", engines.spec(backend), "--sparql", SYNTAX_ERROR)
    assert result.exit_code == 2
    said = {"server": "HTTP 400 Bad Request: error at 3:",
            "virtuoso": "HTTP 400 Bad Request: Virtuoso 37000 Error SP030: SPARQL compiler, line 3: syntax error"}.get(
        backend, "SPARQL syntax error at line 3, column ")
    assert error_line(result).startswith("lls-kg: error: the query cannot be run: ") and said in error_line(result)


@pytest.mark.parametrize("update", [
    "INSERT DATA { <urn:x> <urn:y> <urn:z> }",
    "DELETE WHERE { ?s ?p ?o }",
    f"LOAD <{HOSTILE.as_uri()}>",
    "CLEAR ALL",
])
def test_updates_are_refused_and_the_on_disk_store_is_unchanged(runner, disk, update: str) -> None:
    before = open_store(disk).query(COUNT).rows
    for store in ("memory", disk):
        result = invoke(runner, "query", "--store", store, "--sparql", update)
        assert result.exit_code == 2
        assert error_line(result).startswith("lls-kg: error: this is a SPARQL Update (INSERT, DELETE, LOAD, CLEAR...)")
    after = open_store(disk)
    assert after.query(COUNT).rows == before
    assert after.query("ASK { <urn:x> ?p ?o }").boolean is False


@pytest.mark.parametrize(("args", "message"), [
    (["query"], "give one query: a NAME, a FILE.rq or --sparql TEXT"),
    (["query", "owners", "--sparql", "ASK {}"], "give one query: a NAME, a FILE.rq or --sparql TEXT"),
    (["query", "nope"], "no query named 'nope'; the named queries are: "),
    (["query", "no/such.rq"], "no/such.rq: no such query file"),
    (["query", "owners", "-p", "project"], "Invalid value for '-p' / '--param': 'project' is not KEY=VALUE"),
    (["query", "owners", "-p", "project=a", "-p", "project=b"],
     "Invalid value for '-p' / '--param': 'project' is given twice"),
    (["query", "owners", "-p", "nope=x"], "query owners has no parameter 'nope'; its parameters are: project, owner"),
    (["query", "source"], "query source needs the parameter 'resource'"),
    (["query", "owners", "-p", "project=sykkeloyper"],
     "no lls:Project named 'sykkeloyper'; closest matches: Sykkelløyper (project:sykkelloyper)"),
])
def test_usage_and_input_errors_exit_2(runner, args: list[str], message: str) -> None:
    result = invoke(runner, *args)
    assert result.exit_code == 2
    assert error_line(result).startswith(f"lls-kg: error: {message}")


def test_a_hostile_parameter_from_the_command_line(runner) -> None:
    base = ["--no-default", "--data", str(HOSTILE), "--format", "csv"]
    result = invoke(runner, "query", "owners", "-p", 'project=x" } UNION { ?ownership ?p ?o } #', *base)
    assert result.exit_code == 0, result.output
    assert [line.split(",")[0] for line in result.stdout.splitlines()[1:]] == [
        "https://w3id.org/lls-kg/id/project/union"]
    ambiguous = invoke(runner, "owners", "--actor", "sogn idrett", *base)
    assert ambiguous.exit_code == 2
    assert "organisation:idrett-a (Sogn idrett), organisation:idrett-b (SOGN IDRETT)" in error_line(ambiguous)


# owners


def owner_rows(runner, *args: str) -> list[dict]:
    result = invoke(runner, "owners", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_owners_shows_the_current_owner_with_its_source(runner) -> None:
    rows = owner_rows(runner)
    assert [(r["project_label"], r["owner_label"], r["role"], r["status"], r["source"]) for r in rows] == [
        ("Building bike trails", "Sogn terrengsykkel", "owner", "current", RAAD_3)]


def test_owners_with_history_shows_the_former_owner(runner) -> None:
    rows = owner_rows(runner, "--history")
    assert [(r["project"], r["owner"], r["status"]) for r in rows] == [
        (BIKE_TRAILS, SOGN_TERRENGSYKKEL, "current"), (BIKE_TRAILS, LLS, "former")]
    assert {r["source"] for r in rows} == {RAAD_3}


def test_owners_of_a_project_or_an_actor_named_by_label(runner) -> None:
    by_project = owner_rows(runner, "--project", "Sykkelløyper", "--history")
    assert [r["owner"] for r in by_project] == [SOGN_TERRENGSYKKEL, LLS]
    assert owner_rows(runner, "--actor", "lls") == []  # the region owns nothing now
    by_actor = owner_rows(runner, "--actor", "Leikanger – Luster – Sogndal", "--history")
    assert [(r["project"], r["status"]) for r in by_actor] == [(BIKE_TRAILS, "former")]


def test_owners_refuses_a_name_of_the_wrong_kind(runner) -> None:
    result = invoke(runner, "owners", "--actor", "Building bike trails")
    assert result.exit_code == 2
    assert error_line(result).startswith("lls-kg: error: no lls:Actor named 'Building bike trails'")


def test_owners_table(runner) -> None:
    lines = invoke(runner, "owners", "--history").stdout.splitlines()
    assert lines[0].split() == ["project", "project_label", "owner", "owner_label", "role", "status", "since",
                                "until", "source", "left_open"]
    assert lines[2].startswith("project:sykkelloyper  Building bike trails  organisation:sogn-terrengsykkel")
    assert "region:lls" in lines[3] and re.search(r"former owner\s+former\s+not stated\s+not stated", lines[3])
    assert lines[2].endswith("The page does not say when the project changed owner.")


def test_owners_keep_unknown_dates_unbound_for_machines(runner) -> None:
    rows = json.loads(invoke(runner, "owners", "--history", "--format", "json").stdout)
    assert {(row["since"], row["until"]) for row in rows} == {(None, None)}
    assert "not stated" not in invoke(runner, "owners", "--history", "--format", "csv").stdout


# load


def test_load_shows_progress_and_every_reading_command_answers_from_the_store(runner, tmp_path: Path) -> None:
    folder = tmp_path / "kg"
    result = runner.invoke(cli, ["load", "--store", f"oxigraph:{folder}"])
    assert result.exit_code == 0, result.output
    messages = result.stderr.splitlines()
    assert messages[0] == f"lls-kg: loading ontology/lls.ttl (1/{len(select())})"
    triples = open_store("memory").query(COUNT).rows[0][0]
    assert messages[-1] == f"lls-kg: loaded {triples} triples into {folder}; query it with --store oxigraph:{folder}"
    assert json.loads((folder / MARKER).read_text())["quads"] == int(triples)
    spec = f"oxigraph:{folder}"
    assert invoke(runner, "owners", "--history", "--store", spec).stdout == invoke(runner, "owners", "--history").stdout
    assert invoke(runner, "stats", "--store", spec).stdout == invoke(runner, "stats").stdout


def test_load_quietly_then_reload_over_an_lls_kg_store(runner, tmp_path: Path) -> None:
    spec = f"oxigraph:{tmp_path / 'kg'}"
    first = runner.invoke(cli, ["load", "--store", spec, "-q"])
    assert (first.exit_code, first.stderr) == (0, "")
    again = invoke(runner, "load", "--store", spec, "--no-default", "--data", str(HOSTILE))
    assert again.exit_code == 0, again.output
    projects = invoke(runner, "query", "--store", spec, "--format", "csv",
                      "--sparql", "SELECT ?p WHERE { ?p a lls:Project } ORDER BY ?p").stdout
    assert "project/union" in projects and "sykkelloyper" not in projects
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg"]  # no building or old folders left


def test_load_refuses_a_foreign_folder_unless_replace(runner, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    refused = invoke(runner, "load", "--store", f"oxigraph:{folder}")
    assert refused.exit_code == 2
    assert error_line(refused) == (f"lls-kg: error: {folder}: the folder is not empty and holds no lls-kg store; "
                                   "choose another folder, or use --replace to overwrite it")
    assert (folder / "notes.txt").read_text() == "keep me"
    assert invoke(runner, "load", "--store", f"oxigraph:{folder}", "--replace").exit_code == 0
    assert (folder / MARKER).is_file() and not (folder / "notes.txt").exists()


@pytest.mark.parametrize(("store", "message"), [
    ("memory", "'memory' is not an on-disk store; use 'oxigraph:DIR'"),
    ("oxigraph:", "the store 'oxigraph:' names no folder"),
])
def test_load_needs_an_on_disk_store(runner, store: str, message: str) -> None:
    result = invoke(runner, "load", "--store", store)
    assert result.exit_code == 2
    assert error_line(result).startswith(f"lls-kg: error: {message}")


def test_a_failed_load_leaves_the_old_store_and_nothing_half_built(runner, tmp_path: Path) -> None:
    spec = f"oxigraph:{tmp_path / 'kg'}"
    assert invoke(runner, "load", "--store", spec).exit_code == 0
    before = open_store(spec).query(COUNT).rows
    failed = invoke(runner, "load", "--store", spec, "--data", str(BROKEN))
    assert failed.exit_code == 2
    assert error_line(failed).startswith("lls-kg: error: tests/fixtures/broken/syntax.ttl, line 7, column 1: A dot is expected")
    assert open_store(spec).query(COUNT).rows == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg"]


def test_an_interrupted_load_leaves_no_store(tmp_path: Path) -> None:
    def interrupt(message: str) -> None:
        if "(3/" in message:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        load_disk(tmp_path / "kg", select(), progress=interrupt)
    assert list(tmp_path.iterdir()) == []


def test_a_file_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "kg").write_text("")
    with pytest.raises(BadInput, match="a file is in the way"):
        load_disk(tmp_path / "kg", select())
