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
    # 5 municipalities, 6 organisations, 5 competence environments, 2 groups, the region; the 3 departments count
    # as their municipalities. Only joint work links them (the default ties).
    assert G.number_of_nodes() == 19 and G.graph["ties"] == ["joint-work"]
    weights = {(*sorted((short(u), short(v))), tie): w for u, v, tie, w in G.edges(keys=True, data="weight")}
    assert weights == {
        # the planning gathering (through the three planning departments), and NVR (Luster not in it)
        ("leikanger", "sogndal", "joint-work"): 2,
        ("leikanger", "luster", "joint-work"): 1,
        ("luster", "sogndal", "joint-work"): 1,
        # "some other municipalities" work on NVR with Sogndal and Leikanger: one node, not guesses
        ("leikanger", "nokre-andre-kommunar", "joint-work"): 1, ("nokre-andre-kommunar", "sogndal", "joint-work"): 1,
    }
    edge = G[iri("municipality:leikanger")][iri("municipality:sogndal")]["joint-work"]
    assert (edge["tie"], edge["relation"]) == ("joint-work", "joint work")
    assert edge["activities"] == sorted(iri(w) for w in ("activity:naeringsvenleg-region", "activity:plansamarbeid"))
    assert "Plansamling: Dei tre planavdelingane har etablert samarbeid." in edge["quote"]
    assert "Business-friendly region" in edge["activity_labels"]
    # the former and the new owner of the bike trails do not work together: no link
    assert not G.has_edge(iri("region:lls"), iri("organisation:sogn-terrengsykkel"))


def test_every_kind_of_tie(engines):
    G = views(engines.store("memory"), ["actors"], ties=["all"])["actors"]
    kinds = {(*sorted((short(u), short(v))), tie): w for u, v, tie, w in G.edges(keys=True, data="weight")}
    assert {key: w for key, w in kinds.items() if key[2] != "joint-work"} == {
        # the programme project (applicant, partners, project leader) and the community analysis (phase 1)
        ("leikanger", "sogndal", "programme"): 2, ("leikanger", "luster", "programme"): 2,
        ("luster", "sogndal", "programme"): 2,
        ("leikanger", "sogn-naering", "programme"): 1, ("luster", "sogn-naering", "programme"): 1,
        ("sogn-naering", "sogndal", "programme"): 1,
        # the application, written by the three
        ("leikanger", "sogndal", "authorship"): 1, ("leikanger", "luster", "authorship"): 1,
        ("luster", "sogndal", "authorship"): 1,
        # the region and its members
        ("leikanger", "lls", "membership"): 1, ("lls", "luster", "membership"): 1, ("lls", "sogndal", "membership"): 1,
        # the bike trails went from the region to the club
        ("lls", "sogn-terrengsykkel", "succession"): 1,
        # KMD funds the programme Distriktssenteret administers
        ("distriktssenteret", "kmd", "funding"): 1,
    }
    apart = views(engines.store("memory"), ["actors"], departments=True)["actors"]
    assert apart.has_edge(iri("unit:planavdeling-luster"), iri("unit:planavdeling-sogndal"), "joint-work")
    assert iri("unit:planavdeling-luster") not in G and apart.number_of_nodes() == 22


def test_an_unnamed_group_stays_one_node(shipped_views):
    G = shipped_views["actors"]
    group = G.nodes[iri("group:to-av-tre-kommunar")]
    assert group["class"] == "unnamed group" and group["member_count"] == 2 and group["municipality"] == []
    assert G.degree(iri("group:to-av-tre-kommunar")) == 0  # it is the only actor of its activity
    assert "member_count" not in G.nodes[iri("group:nokre-andre-kommunar")]  # the page gives no count


def test_node_attributes(shipped_views):
    G = shipped_views["ownership"]
    assert G.nodes[iri("unit:planavdeling-luster")] == {
        "iri": iri("unit:planavdeling-luster"),
        "label_nn": "Planavdelinga i Luster kommune",
        "label_en": "Planning department of Luster municipality",
        "class": "department",
        "class_iri": iri("lls:Department"),
        "municipality": [iri("municipality:luster")],
        "quote": ["Planavdelingane i dei tre kommunane har etablert samarbeid.",
                  "Plansamling: Dei tre planavdelingane har etablert samarbeid."],
        "bipartite": 0,
    }
    located = shipped_views["actors"].nodes[iri("environment:forvaltning-og-utdanning")]["municipality"]
    assert located == [iri("municipality:leikanger"), iri("municipality:sogndal")]
    assert G.nodes[iri("municipality:sogndal")]["municipality"] == [iri("municipality:sogndal")]
    assert G.nodes[iri("organisation:kmd")]["quote"] == ["Sogn Næring: the city-region programme"]  # an outside source


def test_views_without_quotes_are_the_same_views_with_no_quote_at_all(shipped_views):
    """Measures leave the quotes out: nothing else changes, and no node or link claims an empty source."""
    bare = views(open_store(), VIEWS, quotes=False)
    for name, G in shipped_views.items():
        H = bare[name]
        assert not any("quote" in data for _, data in H.nodes(data=True))
        assert not any("quote" in data for *_, data in H.edges(data=True))
        unquoted = {node: {k: v for k, v in data.items() if k != "quote"} for node, data in G.nodes(data=True)}
        assert unquoted == dict(H.nodes(data=True))
        assert sorted((*e[:3], sorted((k, str(v)) for k, v in e[3].items() if k != "quote"))
                      for e in G.edges(keys=True, data=True)) == \
            sorted((*e[:3], sorted((k, str(v)) for k, v in e[3].items())) for e in H.edges(keys=True, data=True))
    assert any(data["quote"] for _, data in shipped_views["actors"].nodes(data=True))


def test_a_page_gets_the_quotes_of_every_node_and_of_the_links_it_draws(shipped_views):
    """``quotes=[view]``: the nodes of every view as with all quotes, the links of the other views without any."""
    drawn = views(open_store(), VIEWS, quotes=["ownership"])
    for name, G in shipped_views.items():
        assert dict(drawn[name].nodes(data=True)) == dict(G.nodes(data=True))
        links = list(drawn[name].edges(keys=True, data=True))
        if name == "ownership":
            assert links == list(G.edges(keys=True, data=True))
        else:
            assert links and not any("quote" in data for *_, data in links)


@pytest.mark.parametrize("backend", ["memory", "rdflib"])
def test_a_node_shows_its_most_specific_class(tmp_path, backend):
    # typed with a class and two classes above it (lls:Department < lls:Actor < prov:Agent), and with a class the
    # ontology does not know, which is named by its own words; the class tree is closed over two steps
    data = tmp_path / "unit.ttl"
    data.write_text("""@prefix lls: <https://w3id.org/lls-kg/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/lls-kg/id/unit/x> a lls:Department , lls:Actor , prov:Agent ; rdfs:label "Ei avdeling"@nn .
<https://w3id.org/lls-kg/id/unit/y> a <http://example.org/ns#CityPlanningOffice> ; rdfs:label "Eit kontor"@nn .
<https://w3id.org/lls-kg/id/project/p> a lls:Project ; rdfs:label "Eit prosjekt"@nn .
[] a lls:Role ; lls:roleIn <https://w3id.org/lls-kg/id/project/p> ; lls:actor <https://w3id.org/lls-kg/id/unit/x> ;
   lls:roleKind lls:Participant .
[] a lls:Role ; lls:roleIn <https://w3id.org/lls-kg/id/project/p> ; lls:actor <https://w3id.org/lls-kg/id/unit/y> ;
   lls:roleKind lls:Participant .
""", encoding="utf-8")
    G = view(open_store(backend, [data], default=False), "ownership")
    unit = G.nodes["https://w3id.org/lls-kg/id/unit/x"]
    assert (unit["class_iri"], unit["class"]) == (iri("lls:Department"), "department")
    office = G.nodes["https://w3id.org/lls-kg/id/unit/y"]
    assert (office["class_iri"], office["class"]) == ("http://example.org/ns#CityPlanningOffice", "city planning office")


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
    # 17 roles from the page and 3 from the enrichment; 3 + 1 + 1 + 1 authorships
    assert len(edges) == G.number_of_edges() == 26
    ties = {(short(u), relation): tie for u, _, relation, tie in G.edges(keys=True, data="tie")}
    assert (ties["sogndal", "applies"], ties["lls", "owned before"], ties["kmd", "funds"], ties["bdo", "authored"],
            ties["planavdeling-luster", "participates"], ties["sogn-terrengsykkel", "owns"]) == (
        "programme", "ownership", "funding", "authorship", "joint-work", "joint-work")
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
    assert weights == {  # the actors view's joint work
        frozenset(("leikanger", "sogndal")): 2,
        frozenset(("leikanger", "luster")): 1,
        frozenset(("luster", "sogndal")): 1,
        frozenset(("leikanger", "nokre-andre-kommunar")): 1,
        frozenset(("sogndal", "nokre-andre-kommunar")): 1,
    }


def test_full_view_links_instances_only(shipped_views):
    G = shipped_views["full"]
    classes = {data["class"] for _, data in G.nodes(data=True)}
    assert "source passage" not in classes and "external source" not in classes and "source document" not in classes
    assert all(node.startswith(PREFIXES["lls"].removesuffix("ontology#") + "id/") for node in G)  # no class, no literal
    relations = [relation for *_, relation in G.edges(keys=True)]
    assert relations.count("org:unitOf") == 3 and relations.count("lls:roleIn") == 20
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
    edge = flat.edges[iri("organisation:a"), iri("organisation:b"), "joint-work"]
    assert edge["activities"] == LIST_SEPARATOR.join([iri("activity:x1"), iri("activity:x2")])
    for _, data in [*flat.nodes(data=True), *((None, d) for *_, d in flat.edges(data=True))]:
        assert all(isinstance(value, (str, int, float)) for value in data.values())
    for name in {key for _, data in flat.nodes(data=True) for key in data}:
        assert len({type(data[name]) for _, data in flat.nodes(data=True) if name in data}) == 1, name


def read_back(fmt: str, data: bytes) -> nx.Graph:
    return (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(io.BytesIO(data))


def edge_table(G: nx.Graph, ignore: tuple[str, ...] = ("id", "key")) -> dict:
    """Edges by ends (sorted when undirected) and relation, without the attributes a reader adds (ids, keys)."""
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
    assert edge_table(back, ignore=("source", "target", "key")) == edge_table(flatten(G))


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
    back = nx.read_graphml(path, force_multigraph=True)  # a link per kind of tie, keyed by it
    assert back.edges[iri("municipality:leikanger"), iri("municipality:sogndal"), "joint-work"]["weight"] == 2


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
