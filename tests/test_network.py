"""The network views and their export, on fixture graphs and on the shipped graph.

Expected values are worked out by hand from the Turtle (the fixtures' comments, and
graph/work.ttl, region.ttl, actors.ttl, enrichment.ttl), not copied from output.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest

from lls_kg.cli import cli
from lls_kg.errors import BadInput
from lls_kg.namespaces import PREFIXES
from lls_kg.choices import VIEWS
from lls_kg.network import export, flatten, view, views
from lls_kg.network.export import LIST_SEPARATOR, as_files
from lls_kg.store import open_store

from conftest import FIXTURES

NETWORK = FIXTURES / "network"
TRIANGLES = NETWORK / "triangles.ttl"
REGION = NETWORK / "region.ttl"


def iri(name: str) -> str:
    prefix, local = name.split(":", 1)
    return PREFIXES[prefix] + local


def short(node: str) -> str:
    """``https://w3id.org/lls-kg/id/municipality/luster`` -> ``luster``."""
    return node.rsplit("/", 1)[1]


def fixture(path: Path, spec: str = "memory"):
    return open_store(spec, [path], default=False)


@pytest.fixture(scope="module")
def shipped_views():
    """Every view of the shipped graph (tests/test_backends.py checks that every backend builds the same)."""
    return views(open_store(), VIEWS)


# --- the shipped graph ------------------------------------------------------------------------


def test_actors_view(shipped_views):
    G = shipped_views["actors"]
    # 5 municipalities, 3 departments, 6 organisations, 5 competence environments, 2 groups, the region.
    assert G.number_of_nodes() == 22
    weights = {(short(u), short(v)) if short(u) < short(v) else (short(v), short(u)): w
               for u, v, w in G.edges(data="weight")}
    assert weights == {
        # BYR (applicant, partners), community analysis, NVR (Luster not in it), after the programme, application
        ("leikanger", "sogndal"): 5,
        ("leikanger", "luster"): 4,
        ("luster", "sogndal"): 4,
        # Sogn Næring leads BYR, so it shares BYR with its three municipalities
        ("leikanger", "sogn-naering"): 1, ("luster", "sogn-naering"): 1, ("sogn-naering", "sogndal"): 1,
        # the planning departments' collaboration: a department is an actor of its own here
        ("planavdeling-leikanger", "planavdeling-luster"): 1, ("planavdeling-leikanger", "planavdeling-sogndal"): 1,
        ("planavdeling-luster", "planavdeling-sogndal"): 1,
        # "some other municipalities" work on NVR with Sogndal and Leikanger: one node, not guesses
        ("leikanger", "nokre-andre-kommunar"): 1, ("nokre-andre-kommunar", "sogndal"): 1,
        # the bike trails: the region owned them before Sogn terrengsykkel
        ("lls", "sogn-terrengsykkel"): 1,
        # the programme: KMD funds it, Distriktssenteret administers it
        ("distriktssenteret", "kmd"): 1,
    }
    edge = G[iri("municipality:leikanger")][iri("municipality:sogndal")]
    assert edge["relation"] == "works with"
    assert edge["activities"] == sorted(iri(w) for w in (
        "project:byr-lls", "activity:samfunnsanalyse", "activity:naeringsvenleg-region",
        "activity:arbeid-etter-programslutt", "document:soknad"))
    assert "Søkerkommune:\u00a0Sogndal" in edge["quote"]
    assert "Business-friendly region" in edge["activity_labels"]


def test_an_unnamed_group_stays_one_node(shipped_views):
    G = shipped_views["actors"]
    group = G.nodes[iri("group:to-av-tre-kommunar")]
    assert group["class"] == "unnamed group" and group["member_count"] == 2 and group["municipality"] == []
    assert G.degree(iri("group:to-av-tre-kommunar")) == 0  # it is the only actor of its activity
    assert "member_count" not in G.nodes[iri("group:nokre-andre-kommunar")]  # the page gives no count


def test_node_attributes(shipped_views):
    G = shipped_views["actors"]
    assert G.nodes[iri("unit:planavdeling-luster")] == {
        "iri": iri("unit:planavdeling-luster"),
        "label_nn": "Planavdelinga i Luster kommune",
        "label_en": "Planning department of Luster municipality",
        "class": "department",
        "class_iri": iri("lls:Department"),
        "municipality": [iri("municipality:luster")],
        "quote": ["Planavdelingane i dei tre kommunane har etablert samarbeid.",
                  "Plansamling: Dei tre planavdelingane har etablert samarbeid."],
    }
    located = G.nodes[iri("environment:forvaltning-og-utdanning")]["municipality"]
    assert located == [iri("municipality:leikanger"), iri("municipality:sogndal")]
    assert G.nodes[iri("municipality:sogndal")]["municipality"] == [iri("municipality:sogndal")]
    assert G.nodes[iri("organisation:kmd")]["quote"] == ["Sogn Næring: the city-region programme"]  # an outside source


def test_ownership_view_types_its_edges(shipped_views):
    G = shipped_views["ownership"]
    edges = {(short(u), relation, short(v)) for u, v, relation in G.edges(keys=True)}
    assert {
        ("sogndal", "applies", "byr-lls"), ("leikanger", "partners", "byr-lls"), ("luster", "partners", "byr-lls"),
        ("sogn-naering", "leads", "byr-lls"), ("sogn-naering", "performs", "utgreiing-nye-sogndal"),
        ("sogn-terrengsykkel", "owns", "sykkelloyper"), ("lls", "owned before", "sykkelloyper"),
        ("kmd", "funds", "byregionprogrammet"), ("distriktssenteret", "administers", "byregionprogrammet"),
        ("planavdeling-luster", "participates", "plansamarbeid"),
        ("luster", "authored", "soknad"), ("bdo", "authored", "bdo-rapport"),
        ("ssb", "authored", "ssb-framskriving-2014"),
        ("lls", "authored", "strategiplan-offentlege-arbeidsplassar"),
    } <= edges
    # 19 roles from the page and 3 from the enrichment; 3 + 1 + 1 + 1 authorships
    assert len(edges) == G.number_of_edges() == 28
    work = {short(n) for n, side in G.nodes(data="bipartite") if side == 1}
    assert len(work) == 13 and "sykkelloyper" in work and "byregionprogrammet" in work
    assert all(side == 0 for n, side in G.nodes(data="bipartite") if short(n) not in work)
    owner = G.edges[iri("organisation:sogn-terrengsykkel"), iri("project:sykkelloyper"), "owns"]
    assert owner["relation"] == "owns" and owner["quote"][0].startswith("Dersom det er prosjekt med eksterne midlar")


def test_goals_view(shipped_views):
    G = shipped_views["goals"]
    serving = {short(g): sorted(short(w) for w, _, r in G.in_edges(g, data="relation") if r == "serves goal")
               for g in G if G.out_degree(g) == 0}
    assert serving == {
        "tilflytting-og-naering": ["arbeid-etter-programslutt"],
        "offentlege-arbeidsplassar": ["arbeid-etter-programslutt", "bdo-rapport",
                                      "strategiplan-offentlege-arbeidsplassar"],
        "kompetansemiljo-og-innovasjon": ["arbeid-etter-programslutt", "felles-forstelinjeteneste",
                                          "felles-forstelinjeteneste-og-naeringsfond", "felles-naeringsfond",
                                          "naeringsvenleg-region", "plansamarbeid", "utgreiing-nye-sogndal"],
    }
    # work that serves no goal (the bike trails, BYR) and its actors stay out
    assert iri("project:sykkelloyper") not in G and iri("organisation:sogn-terrengsykkel") not in G
    assert G.has_edge(iri("organisation:bdo"), iri("document:bdo-rapport"), "authored")


def test_municipalities_view(shipped_views):
    G = shipped_views["municipalities"]
    assert {short(n) for n in G} == {"leikanger", "luster", "sogndal", "balestrand", "nye-sogndal",
                                     "to-av-tre-kommunar", "nokre-andre-kommunar"}
    weights = {frozenset((short(u), short(v))): w for u, v, w in G.edges(data="weight")}
    assert weights == {
        # the actors view's 5 and 4, plus the planning collaboration: a department counts for its municipality
        frozenset(("leikanger", "sogndal")): 6,
        frozenset(("leikanger", "luster")): 5,
        frozenset(("luster", "sogndal")): 5,
        frozenset(("leikanger", "nokre-andre-kommunar")): 1,
        frozenset(("sogndal", "nokre-andre-kommunar")): 1,
    }


def test_full_view_links_instances_only(shipped_views):
    G = shipped_views["full"]
    classes = {data["class"] for _, data in G.nodes(data=True)}
    assert "source passage" not in classes and "external source" not in classes and "source document" not in classes
    assert all(node.startswith(PREFIXES["lls"].removesuffix("ontology#") + "id/") for node in G)  # no class, no literal
    relations = [relation for *_, relation in G.edges(keys=True)]
    assert relations.count("org:unitOf") == 3 and relations.count("lls:roleIn") == 22
    assert G.has_edge(iri("role:sykkelloyper-eigar"), iri("organisation:sogn-terrengsykkel"), "lls:actor")
    assert G.has_edge(iri("transfer:sykkelloyper"), iri("region:lls"), "lls:transferredFrom")
    assert G.nodes[iri("goal:lls")]["class"] == "concept scheme"  # a class outside the vocabulary, by its name
    assert "prov:wasDerivedFrom" not in relations and "rdf:type" not in relations


def test_unknown_view():
    with pytest.raises(BadInput, match="unknown view 'nope'; use actors, ownership"):
        view(fixture(REGION), "nope")


# --- exports ---------------------------------------------------------------------------------


def test_flatten_gives_flat_values_of_one_type():
    G = view(fixture(TRIANGLES), "actors")
    flat = flatten(G)
    b = flat.nodes[iri("organisation:b")]
    assert b["label"] == b["label_en"] == "Bvertical | bar"  # U+000B cannot be written in XML
    assert G.nodes[iri("organisation:b")]["label_en"] == "B\x0bvertical | bar"  # the view itself keeps it
    edge = flat.edges[iri("organisation:a"), iri("organisation:b")]
    assert edge["activities"] == LIST_SEPARATOR.join([iri("activity:x1"), iri("activity:x2")])
    for _, data in [*flat.nodes(data=True), *((None, d) for *_, d in flat.edges(data=True))]:
        assert all(isinstance(value, (str, int, float)) for value in data.values())
    for name in {key for _, data in flat.nodes(data=True) for key in data}:
        assert len({type(data[name]) for _, data in flat.nodes(data=True) if name in data}) == 1, name


def read_back(fmt: str, data: bytes) -> nx.Graph:
    return (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(io.BytesIO(data))


def edge_table(G: nx.Graph, ignore: tuple[str, ...] = ("id",)) -> dict:
    """Edges by ends (sorted when undirected) and relation, without the attributes a reader adds (GEXF's ids)."""
    def ends(u, v):
        return (u, v) if G.is_directed() else tuple(sorted((u, v)))

    return {(*ends(u, v), d["relation"]): {a: x for a, x in d.items() if a not in ignore}
            for u, v, d in G.edges(data=True)}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
@pytest.mark.parametrize("source, name", [(TRIANGLES, "actors"), (TRIANGLES, "ownership"), (None, "actors"),
                                           (None, "ownership"), (None, "goals"), (None, "municipalities"),
                                           (None, "full")])
def test_xml_exports_read_back_the_same(fmt, source, name, shipped_views):
    G = shipped_views[name] if source is None else view(fixture(source), name)
    flat = flatten(G)
    back = read_back(fmt, as_files(G, fmt)["graph"])
    assert back.is_directed() == G.is_directed()
    assert dict(back.nodes(data=True)) == dict(flat.nodes(data=True))
    assert edge_table(back) == edge_table(flat)  # GEXF reads weights back as floats: 2.0 == 2
    assert back.number_of_edges() == flat.number_of_edges()


def test_hostile_labels_survive_xml(tmp_path):
    G = view(fixture(TRIANGLES), "actors")
    for fmt in ("graphml", "gexf"):
        path = tmp_path / f"actors.{fmt}"
        export(G, fmt, path)
        back = read_back(fmt, path.read_bytes())
        a = back.nodes[iri("organisation:a")]
        assert a["label_nn"] == "Bø & Sønner <AS> \"Ærleg\" 'på' ja"
        assert a["label"] == "Bø & Sons <Ltd> \"Honest\" 'at' yes"
        assert a["quote"] == "Bø & Sønner <eig> X1, «sa dei»."


def test_json_is_cytoscape_json():
    G = view(fixture(TRIANGLES), "actors")
    data = json.loads(as_files(G, "json")["graph"])
    names = {node["data"]["id"]: node["data"]["name"] for node in data["elements"]["nodes"]}
    assert names[iri("organisation:a")] == "Bø & Sons <Ltd> \"Honest\" 'at' yes"
    back = nx.cytoscape_graph(data, name="label")
    assert edge_table(back, ignore=("source", "target")) == edge_table(flatten(G))


def test_csv_writes_nodes_and_edges_files(tmp_path):
    G = view(fixture(TRIANGLES), "ownership")
    written = export(G, "csv", tmp_path / "own.csv")
    assert written == [str(tmp_path / "own-nodes.csv"), str(tmp_path / "own-edges.csv")]
    nodes = list(csv.DictReader((tmp_path / "own-nodes.csv").open(encoding="utf-8", newline="")))
    edges = list(csv.DictReader((tmp_path / "own-edges.csv").open(encoding="utf-8", newline="")))
    assert len(nodes) == 10 and len(edges) == 11  # 6 actors, 4 activities; 11 roles
    a = next(row for row in nodes if row["Id"] == iri("organisation:a"))
    assert a["Label"] == "Bø & Sons <Ltd> \"Honest\" 'at' yes" and a["bipartite"] == "0" and a["municipality"] == ""
    lead = next(row for row in edges if row["relation"] == "leads")
    assert (lead["Source"], lead["Target"], lead["Type"], lead["quote"]) == (
        iri("organisation:c"), iri("activity:z"), "Directed", "C leiar Z.")


def test_csv_needs_a_path():
    with pytest.raises(BadInput, match="csv export writes two files"):
        export(nx.path_graph(2), "csv", None)


# --- the command -----------------------------------------------------------------------------


def test_cli_export(runner, tmp_path):
    path = tmp_path / "m.graphml"
    result = runner.invoke(cli, ["export", "--view", "municipalities", "--format", "graphml", "-o", str(path)])
    assert result.exit_code == 0, result.output
    assert "wrote the municipalities view (7 nodes, 5 edges) as graphml" in result.stderr
    back = nx.read_graphml(path)
    assert back.edges[iri("municipality:leikanger"), iri("municipality:sogndal")]["weight"] == 6


def test_cli_export_csv_and_stdout(runner, tmp_path):
    result = runner.invoke(cli, ["export", "--no-default", "--data", str(TRIANGLES), "--format", "csv", "-q",
                                 "-o", str(tmp_path / "t")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t-edges.csv", "t-nodes.csv"]
    result = runner.invoke(cli, ["export", "--no-default", "--data", str(TRIANGLES), "--format", "json", "-q",
                                 "--store", "oxigraph"])
    assert result.exit_code == 0 and result.stderr == ""
    assert len(json.loads(result.stdout)["elements"]["edges"]) == 7
    result = runner.invoke(cli, ["export", "--view", "nope"])
    assert result.exit_code == 2 and "Invalid value for '--view'" in result.stderr
