"""Collaboration measures: hand-computed values on fixture graphs and on the shipped graph.

tests/fixtures/network/triangles.ttl: two triangles A-B-C (sharing X1 and X2) and D-E-F
(sharing Y), joined by C-D (sharing Z). tests/fixtures/network/region.ttl: its comment
lists each piece of work and the municipalities in it. The shipped values are reasoned
from graph/*.ttl (see the comments), not copied from output.
"""

from __future__ import annotations

import json

import networkx as nx
import pytest

from lls_kg.choices import VIEWS
from lls_kg.cli import cli
from lls_kg.errors import BadInput
from lls_kg.network import Analysis, analyse, measures, needed, view, views
from lls_kg.network.measures import (EXACT_LIMIT, betweenness, closeness, communities, degree, modularity, structure,
                                     undirected, weighted_degree)
from lls_kg.network.narrative import summary
from lls_kg.network.region import (Footprint, GoalCoverage, cross_border, footprint, goal_coverage,
                                   ownership_concentration)
from lls_kg.network.tables import render
from lls_kg.sparql import load_named
from lls_kg.store import Store, open_store

from test_network import REGION, TRIANGLES, fixture, iri, short


def measured(store: Store, name: str = "actors", top: int = 10) -> Analysis:
    """The analysis of the view ``name``, from views built once."""
    return analyse(views(store, needed(name)), name, top=top)


@pytest.fixture(scope="module")
def triangles() -> nx.Graph:
    return view(fixture(TRIANGLES), "actors")


@pytest.fixture(scope="module")
def region():
    return views(fixture(REGION), ["actors", "ownership", "goals", "municipalities"])


@pytest.fixture(scope="module")
def shipped():
    return measured(open_store())


def by_letter(values: dict) -> dict:
    return {short(node): value for node, value in values.items()}


# --- two triangles and a bridge ---------------------------------------------------------------


def test_degrees(triangles):
    assert by_letter(degree(triangles)) == {"a": 2, "b": 2, "c": 3, "d": 3, "e": 2, "f": 2}
    # A, B, C share two activities (weight 2), the rest one
    assert by_letter(weighted_degree(triangles)) == {"a": 4, "b": 4, "c": 5, "d": 3, "e": 2, "f": 2}


def test_betweenness_of_the_bridge(triangles):
    # C lies on every shortest path from A or B to D, E or F: 6 of the 10 pairs of the other five nodes.
    assert by_letter(betweenness(triangles)) == pytest.approx({"a": 0, "b": 0, "c": 0.6, "d": 0.6, "e": 0, "f": 0})


def test_closeness(triangles):
    # C: distances 1, 1, 1, 2, 2 -> 5 / 7; A: 1, 1, 2, 3, 3 -> 5 / 10
    found = by_letter(closeness(triangles))
    assert found == pytest.approx({"a": 0.5, "b": 0.5, "c": 5 / 7, "d": 5 / 7, "e": 0.5, "f": 0.5})
    assert closeness(triangles, [iri("organisation:c")]) == pytest.approx({iri("organisation:c"): 5 / 7})


def test_communities_are_the_triangles(triangles):
    found = communities(triangles)
    assert [[short(n) for n in group] for group in found] == [["a", "b", "c"], ["d", "e", "f"]]
    # weight inside the communities (2+2+2 + 1+1+1) over all 10, minus (weighted degree / 20) squared per community
    assert modularity(triangles, found) == pytest.approx(9 / 10 - (13 / 20) ** 2 - (7 / 20) ** 2)


def test_structure(triangles):
    s = structure(triangles)
    assert (s.nodes, s.edges, s.components, s.largest_component, s.isolates) == (6, 7, 1, 6, [])
    assert s.density == pytest.approx(7 / 15)


def test_betweenness_samples_above_the_limit():
    G = nx.relabel_nodes(nx.barbell_graph(12, 3), str)
    sampled = betweenness(G, limit=10, k=5)
    assert sampled == betweenness(G, limit=10, k=5)  # seeded: it repeats
    # igraph computes it above the limit, with networkx's sample and scaling: networkx's numbers
    assert sampled == pytest.approx(nx.betweenness_centrality(G, k=5, seed=measures.SEED), abs=1e-12)
    assert betweenness(G) == nx.betweenness_centrality(G)  # 27 nodes: under EXACT_LIMIT, exact
    assert len(G) < EXACT_LIMIT


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_igraph_gives_networkx_betweenness(seed):
    G = nx.relabel_nodes(nx.gnm_random_graph(80, 160, seed=seed), str)
    G.add_node("isolated")
    exact = nx.betweenness_centrality(G)
    assert betweenness(G, limit=10, k=len(G)) == pytest.approx(exact, abs=1e-12)  # every node a source: exact
    for k in (2, 20):
        assert betweenness(G, limit=10, k=k, seed=seed) == pytest.approx(
            nx.betweenness_centrality(G, k=k, seed=seed), abs=1e-12)


def test_igraph_louvain_finds_the_same_clear_communities(triangles):
    assert communities(triangles, limit=0) == communities(triangles)
    G = nx.relabel_nodes(nx.planted_partition_graph(5, 12, 0.9, 0.02, seed=7), str)
    found = communities(G, limit=0)
    assert found == communities(G, limit=0)  # seeded: it repeats
    assert found == communities(G)
    assert [len(group) for group in found] == [12] * 5


def test_undirected_adds_parallel_weights():
    G = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("a", "b", {"weight": 3}), ("b", "c")])
    simple = undirected(G)
    assert type(simple) is nx.Graph and simple["a"]["b"]["weight"] == 5 and simple["b"]["c"]["weight"] == 1
    plain = nx.Graph([("x", "y")])
    assert undirected(plain) is plain


# --- the region fixture -----------------------------------------------------------------------


def test_cross_border_counts_departments_and_groups(region):
    found = cross_border(region["ownership"])
    assert by_letter(found.municipalities) == {"p1": 2, "p2": 2, "p3": 1, "p4": 1, "a1": 2, "a2": 1, "a3": 1, "doc": 1}
    assert sorted(short(w) for w in found.crossing) == ["a1", "p1", "p2"]
    assert found.share == 3 / 8


def test_ownership_concentration(region):
    found = ownership_concentration(region["ownership"])
    # o1 owns p1 and p2, o2 owns p3; o2's ownership of p4 has ended
    assert by_letter(found.owned) == {"o1": 2, "o2": 1}
    assert found.herfindahl == pytest.approx((2 / 3) ** 2 + (1 / 3) ** 2)
    assert [short(p) for p in found.unowned_projects] == ["p4"] and found.projects == 4
    assert region["ownership"].has_edge(iri("organisation:o2"), iri("project:p4"), "owned before")


def test_goal_coverage(region):
    assert goal_coverage(region["goals"]) == [
        GoalCoverage(iri("goal:g3"), 0, 0, 0),
        GoalCoverage(iri("goal:g2"), 1, 1, 0),   # the report, by m3
        GoalCoverage(iri("goal:g1"), 2, 4, 2),   # p1 and p2: o1, m1, m2, d1; both owned by o1
    ]


def test_footprint(region):
    assert footprint(region["ownership"]) == [
        Footprint(iri("municipality:m1"), 4, 2, 1),  # p1, p2 (through d1), p4, a2; p1 and p2 cross; with m2
        Footprint(iri("municipality:m3"), 3, 0, 1),  # p3, a3, the report; shares a3 with g0
        Footprint(iri("municipality:m2"), 2, 2, 1),  # p1, p2; with m1
    ]


def test_municipalities_view_agrees_with_the_footprint(region):
    G = region["municipalities"]
    assert by_letter(dict(G.degree())) == {"m1": 1, "m2": 1, "m3": 1, "g": 0, "g0": 1}
    assert G[iri("municipality:m1")][iri("municipality:m2")]["weight"] == 2


def test_summary_of_the_region_fixture(region):
    sentences = summary(measured(fixture(REGION)))
    assert sentences[1] == ("The goal “Goal three” has the least activity: 0 pieces of work and 0 actors. "
                            "“Goal three” and “Goal two” have no work with a current owner.")
    assert sentences[2] == "3 of the 8 pieces of work with known participants (38%) involve more than one municipality."
    assert sentences[3] == "Municipality 1 takes part in the most work (4 pieces, 2 across borders)."
    assert sentences[4] == ("2 current owners hold 3 pieces of work, Company 1 most (2); Herfindahl index 0.56, "
                            "where 0.50 is an even spread and 1 one owner; 1 of the 4 projects has no current owner.")


# --- the shipped graph ------------------------------------------------------------------------


def test_leikanger_and_sogndal_bridge_most(shipped):
    # In the actors view, Leikanger, Luster, Sogndal and Sogn Næring form a clique (all four in BYR);
    # "some other municipalities" reach it only through Sogndal or Leikanger (NVR), so those two
    # share the only brokerage: half of the paths to Luster and half of those to Sogn Næring each.
    best = max(shipped.betweenness.values())
    assert {short(n) for n, b in shipped.betweenness.items() if b == best} == {"leikanger", "sogndal"}
    assert best == pytest.approx(1 / (21 * 20 / 2))
    assert sum(b > 0 for b in shipped.betweenness.values()) == 2
    assert shipped.weighted_degree[iri("municipality:sogndal")] == 5 + 4 + 1 + 1


def test_shipped_structure_and_communities(shipped):
    s = shipped.structure
    # 22 actors; 13 links; the clique with its group, the departments, region + trail club, KMD + Distriktssenteret
    assert (s.nodes, s.edges, s.components) == (22, 13, 4 + 10)
    assert {short(n) for n in s.isolates} == {
        "balestrand", "nye-sogndal", "bdo", "ssb", "to-av-tre-kommunar", "forvaltning-og-utdanning",
        "hvl-campus-sogndal", "offentleg-naeringsklynge", "statsforvaltning-leikanger", "vidaregaande-skular"}
    groups = [sorted(short(n) for n in g) for g in shipped.communities if len(g) > 1]
    assert groups == [["leikanger", "luster", "nokre-andre-kommunar", "sogn-naering", "sogndal"],
                      ["planavdeling-leikanger", "planavdeling-luster", "planavdeling-sogndal"],
                      ["distriktssenteret", "kmd"], ["lls", "sogn-terrengsykkel"]]


def test_in_migration_has_the_fewest_activities(shipped):
    # Goal 1 is served only by the work after the programme (Leikanger, Luster, Sogndal); goal 2 by the BDO
    # report, the strategy plan and that work; goal 3 by seven pieces. No served work has an owner.
    assert [(short(g.goal), g.activities, g.actors, g.owned) for g in shipped.goals] == [
        ("tilflytting-og-naering", 1, 3, 0),
        ("offentlege-arbeidsplassar", 3, 5, 0),
        ("kompetansemiljo-og-innovasjon", 7, 9, 0),
    ]


def test_cross_border_share_agrees_with_the_named_query(shipped):
    # 13 pieces of work have a participant; 7 involve more than one municipality.
    named = {str(row["activity"]) for row in open_store().query(load_named("cross_border").text).bindings()}
    assert set(shipped.cross_border.crossing) == named
    assert (len(shipped.cross_border.crossing), len(shipped.cross_border.municipalities)) == (7, 13)


def test_shipped_ownership_and_footprint(shipped):
    o = shipped.concentration
    assert by_letter(o.owned) == {"sogn-terrengsykkel": 1} and o.herfindahl == 1.0
    assert [short(p) for p in o.unowned_projects] == ["byr-lls"] and o.projects == 2
    assert [(short(f.municipality), f.activities, f.cross_border, f.partners) for f in shipped.footprint] == [
        ("leikanger", 6, 6, 3), ("sogndal", 6, 6, 3), ("luster", 5, 5, 2),
        ("balestrand", 0, 0, 0), ("nye-sogndal", 0, 0, 0)]


def test_shipped_summary(shipped):
    assert summary(shipped) == [
        "Leikanger municipality and Sogndal municipality bridge most in the actors view: they lie on more "
        "shortest paths between others than anyone else (betweenness 0.00476).",
        "The goal “In-migration and business” has the least activity: 1 piece of work and 3 actors. "
        "No goal has work with a current owner.",
        "7 of the 13 pieces of work with known participants (54%) involve more than one municipality.",
        "Leikanger municipality and Sogndal municipality take part in the most work (6 pieces each, "
        "6 across borders); Balestrand municipality and New Sogndal municipality in none.",
        "Sogn terrengsykkel is the only current owner (1 piece of work, Herfindahl index 1.00); "
        "1 of the 2 projects has no current owner.",
        "The actors view has 22 nodes and 13 links in 14 connected groups; 10 have no link, and Louvain "
        "finds 4 communities of two or more.",
    ]


@pytest.mark.parametrize("name", VIEWS)
def test_every_view_can_be_analysed(name):
    result = measured(open_store(), name, top=3)
    assert result.view == name and result.structure.nodes == len(result.graph)
    assert len(render(result, "table", 3)) > 0


def test_render_formats(shipped):
    data = json.loads(render(shipped, "json", top=2))
    assert data["view"] == "actors" and len(data["summary"]) == 6
    assert [row["node"] for row in data["tables"]["centrality"]] == [iri("municipality:leikanger"),
                                                                      iri("municipality:sogndal")]
    assert data["tables"]["region"][2] == {"measure": "cross-border share", "value": 7 / 13}
    md = render(shipped, "md")
    assert md.startswith("# Collaboration in the actors view\n\nLeikanger municipality and Sogndal")
    assert "## Goal coverage (fewest activities first)" in md and "| goal:tilflytting-og-naering |" in md
    with pytest.raises(BadInput, match="unknown format 'csv'; use table, json, md"):
        render(shipped, "csv")


def test_cli_analyse(runner):
    result = runner.invoke(cli, ["analyse", "--store", "oxigraph", "--top", "3", "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Leikanger municipality and Sogndal municipality bridge most")
    assert "Centrality (actors view, top 3 by betweenness)" in lines
    result = runner.invoke(cli, ["analyse", "--view", "municipalities", "--format", "json", "--no-default",
                                 "--data", str(REGION)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["view"] == "municipalities"
    assert runner.invoke(cli, ["analyse", "--format", "csv"]).exit_code == 2

