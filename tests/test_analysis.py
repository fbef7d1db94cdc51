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
from lls_kg.network.region import (GOAL, Footprint, GoalCoverage, cross_border, footprint, goal_coverage,
                                   ownership_concentration)
from lls_kg.network.tables import render, tables
from lls_kg.sparql import load_named
from lls_kg.store import Store, open_store

from test_network import REGION, TRIANGLES, fixture, iri, short


def measured_with(store: Store, ties: list[str], name: str = "actors") -> Analysis:
    return analyse(views(store, needed(name), ties=ties), name)


def measured(store: Store, name: str = "actors", top: int = 10) -> Analysis:
    """The analysis of the view ``name``, from views built once, counting joint work (as ``lls-kg analyse`` does)."""
    return analyse(views(store, needed(name), ties=["joint-work"]), name, top=top)


@pytest.fixture(scope="module")
def triangles() -> nx.Graph:
    return view(fixture(TRIANGLES), "actors")


@pytest.fixture(scope="module")
def region():
    return views(fixture(REGION), ["actors", "ownership", "goals", "served", "municipalities"])


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
    assert betweenness(G) == pytest.approx(nx.betweenness_centrality(G), abs=1e-12)  # under EXACT_LIMIT: exact
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


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_closeness_is_networkx_closeness(seed):
    # a random graph of several components and an isolated node: networkx's Wasserman-Faust scaling
    G = nx.relabel_nodes(nx.gnm_random_graph(90, 80, seed=seed), str)
    G.add_node("isolated")
    exact = nx.closeness_centrality(G)
    assert nx.number_connected_components(G) > 2
    assert closeness(G) == pytest.approx(exact, abs=1e-12)
    chosen = sorted(G)[:5]
    assert closeness(G, chosen) == pytest.approx({node: exact[node] for node in chosen}, abs=1e-12)


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


@pytest.mark.parametrize("served", ["served", "goals"])
def test_goal_coverage(region, served):
    """The measures read the served view with the ownership view; the goals view alone says the same."""
    assert goal_coverage(region[served], region["ownership" if served == "served" else "goals"]) == [
        GoalCoverage(iri("goal:g3"), 0, 0, 0),
        GoalCoverage(iri("goal:g2"), 1, 1, 0, (iri("document:doc"),)),   # the report, by m3
        GoalCoverage(iri("goal:g1"), 2, 4, 2, (iri("project:p1"), iri("project:p2"))),  # o1, m1, m2, d1; o1 owns both
    ]


def test_served_view_is_the_goals_view_without_its_actors(region):
    goals, served = region["goals"], region["served"]
    links = [(u, v) for u, v, k in goals.edges(keys=True) if k == "serves goal"]
    assert set(served.edges()) == set(links)
    assert set(served) == {n for n, cls in goals.nodes(data="class_iri") if cls == GOAL} | {u for u, _ in links}
    assert dict(served.nodes(data=True)) == {n: goals.nodes[n] for n in served}


def test_footprint(region):
    assert footprint(region["ownership"]) == [
        Footprint(iri("municipality:m1"), 4, 2, 1),  # p1, p2 (through d1), p4, a2; p1 and p2 cross; with m2
        Footprint(iri("municipality:m3"), 3, 0, 1),  # p3, a3, the report; shares a3 with g0
        Footprint(iri("municipality:m2"), 2, 2, 1),  # p1, p2; with m1
    ]


def test_municipalities_view_agrees_with_the_footprint(region):
    G = region["municipalities"]
    assert by_letter(dict(G.degree())) == {"m1": 1, "m2": 1, "m3": 1, "g": 0, "g0": 1}
    assert G[iri("municipality:m1")][iri("municipality:m2")]["joint-work"]["weight"] == 2


def test_summary_of_the_region_fixture(region):
    # Joint work: the report (authorship) and o2's ended ownership of p4 are not counted; m1 still works on p4.
    sentences = summary(measured(fixture(REGION)))
    assert sentences[3] == ("Results and work reported under each goal: “Goal one” 2, “Goal two” 1 and “Goal three” 0. "
                            "“Goal three” and “Goal two” have none with a named owner.")
    assert sentences[4] == ("3 of the 7 pieces of joint work with known participants (43%) involve more than one "
                            "municipality.")
    assert sentences[5] == "Municipality 1 takes part in the most work (4 pieces, 2 across borders)."
    assert sentences[6] == ("2 current owners hold 3 pieces of work, Company 1 most (2); Herfindahl index 0.56, "
                            "where 0.50 is an even spread and 1 one owner; 1 of the 4 projects has no current owner.")


# --- the shipped graph ------------------------------------------------------------------------


def test_leikanger_and_sogndal_bridge_most(shipped):
    # Joint work, departments as their municipality: Leikanger, Luster and Sogndal work together in the
    # planning gathering; "some other municipalities" reach it only through Sogndal or Leikanger (NVR), so
    # those two share the only brokerage: half of the paths between the group and Luster each.
    best = max(shipped.betweenness.values())
    assert {short(n) for n, b in shipped.betweenness.items() if b == best} == {"leikanger", "sogndal"}
    assert best == pytest.approx(0.5 / (18 * 17 / 2))
    assert sum(b > 0 for b in shipped.betweenness.values()) == 2
    assert shipped.weighted_degree[iri("municipality:sogndal")] == 2 + 1 + 1  # with Leikanger, Luster, the group


def test_shipped_structure_and_communities(shipped):
    s = shipped.structure
    # 22 actors less the 3 departments (counted as their municipalities); 5 links of joint work among
    # Leikanger, Luster, Sogndal and "some other municipalities"; everyone else works with no one on the page:
    # the programme's own structure, authorship, funding and the succession of the bike trails are not joint work.
    assert (s.nodes, s.edges, s.components) == (19, 5, 1 + 15)
    assert {short(n) for n in s.isolates} == {
        "balestrand", "nye-sogndal", "bdo", "ssb", "to-av-tre-kommunar", "forvaltning-og-utdanning",
        "hvl-campus-sogndal", "offentleg-naeringsklynge", "statsforvaltning-leikanger", "vidaregaande-skular",
        "kmd", "distriktssenteret", "sogn-naering", "sogn-terrengsykkel", "lls"}
    groups = [sorted(short(n) for n in g) for g in shipped.communities if len(g) > 1]
    assert groups == [["leikanger", "luster", "nokre-andre-kommunar", "sogndal"]]


def test_what_each_goal_has(shipped):
    # Results under goal 1: the work after the programme (by the region); goal 2: the BDO report, the strategy
    # plan and that work (their authors are authorship, not joint work: only the region counts); goal 3:
    # seven pieces, with the region, the two unnamed groups, Sogndal, Leikanger, the three planning departments
    # and Sogn Næring. No result under a goal has an owner the sources name.
    assert [(short(g.goal), g.results, g.actors, g.owned) for g in shipped.goals] == [
        ("tilflytting-og-naering", 1, 1, 0),
        ("offentlege-arbeidsplassar", 3, 1, 0),
        ("kompetansemiljo-og-innovasjon", 7, 9, 0),
    ]


def test_cross_border_share_agrees_with_the_named_query(shipped):
    # 6 pieces of joint work have a participant (planning gathering, first-line service and fund, NVR, the study
    # of the new Sogndal, the bike trails, the work after the programme); 3 involve more than one municipality.
    named = {str(row["activity"]) for row in open_store().query(load_named("cross_border").text).bindings()}
    assert set(shipped.cross_border.crossing) == named
    assert (len(shipped.cross_border.crossing), len(shipped.cross_border.municipalities)) == (3, 6)


def test_shipped_ownership_and_footprint(shipped):
    o = shipped.concentration
    assert by_letter(o.owned) == {"sogn-terrengsykkel": 1} and o.herfindahl == 1.0
    assert [short(p) for p in o.unowned_projects] == ["byr-lls"] and o.projects == 2
    # Leikanger and Sogndal: the planning gathering (through their departments) and NVR, with each other,
    # Luster and the group; Luster: the planning gathering.
    assert [(short(f.municipality), f.activities, f.cross_border, f.partners) for f in shipped.footprint] == [
        ("leikanger", 2, 2, 3), ("sogndal", 2, 2, 3), ("luster", 1, 1, 2),
        ("balestrand", 0, 0, 0), ("nye-sogndal", 0, 0, 0)]


def test_shipped_summary(shipped):
    assert summary(shipped) == [
        "Counted here: ties of joint work; the other kinds of tie (programme structure, authorship, funding, "
        "ownership, succession, membership) are left out unless asked for.",
        "Leikanger municipality and Sogndal municipality share the most work (2 pieces: “Business-friendly region” "
        "and “Planning gathering: the planning departments' collaboration”).",
        "Leikanger municipality and Sogndal municipality stand between others most in the actors view: they link "
        "actors that are not linked directly. On 19 nodes, read that as a rank, not as a measure: centralities on "
        "a few dozen nodes say little.",
        "Results and work reported under each goal: “Competence environments and innovation” 7, “State and county "
        "jobs” 3 and “In-migration and business” 1. None of it has an owner the sources name.",
        "3 of the 6 pieces of joint work with known participants (50%) involve more than one municipality.",
        "Leikanger municipality and Sogndal municipality take part in the most work (2 pieces each, "
        "2 across borders); Balestrand municipality and New Sogndal municipality in none.",
        "Sogn terrengsykkel is the only current owner (1 piece of work, Herfindahl index 1.00); "
        "1 of the 2 projects has no current owner.",
        "The actors view (joint work) has 19 nodes and 5 links in 16 connected groups; 15 have no link, and "
        "Louvain finds 1 community of two or more.",
    ]


def test_the_pairs_are_the_named_query(shipped):
    named = [(str(row["actor"]), str(row["partner"]), int(row["shared"]))
             for row in open_store().query(load_named("pairs").text).bindings()]
    assert [(p.one, p.other, len(p.work)) for p in shipped.pairs] == named
    assert [(short(p.one), short(p.other)) for p in shipped.municipal_pairs][0] == ("leikanger", "sogndal")


def test_every_tie_can_be_counted(shipped):
    everything = measured_with(open_store(), ["all"])
    assert everything.ties == ["joint-work", "ownership", "succession", "authorship", "funding", "membership",
                               "programme"]
    # With every tie, Leikanger and Sogndal also share the programme project, the community analysis and
    # the application: 5 pieces; and the region is tied to its members and to Sogn terrengsykkel.
    assert len(everything.pairs[0].work) == 5
    region = iri("region:lls")
    assert set(everything.graph.neighbors(region)) == {iri("municipality:leikanger"), iri("municipality:luster"),
                                                       iri("municipality:sogndal"),
                                                       iri("organisation:sogn-terrengsykkel")}
    assert set(everything.graph[region][iri("organisation:sogn-terrengsykkel")]) == {"succession"}


@pytest.mark.parametrize("name", VIEWS)
def test_every_view_can_be_analysed(name):
    result = measured(open_store(), name, top=3)
    assert result.view == name and result.structure.nodes == len(result.graph)
    assert len(render(result, "table", 3)) > 0


def test_render_formats(shipped):
    data = json.loads(render(shipped, "json", top=2))
    assert data["view"] == "actors" and data["ties"] == ["joint-work"] and len(data["summary"]) == 8
    assert [row["node"] for row in data["tables"]["centrality"]] == [iri("municipality:leikanger"),
                                                                      iri("municipality:sogndal")]
    assert [row["broker_rank"] for row in data["tables"]["centrality"]] == [1, 1]  # a tie shares its rank
    assert data["tables"]["region"][2] == {"measure": "cross-border share", "value": 3 / 6}
    assert [row["crosses_borders"] for row in data["basis"]["counted_work"]].count(True) == 3
    assert len(data["basis"]["counted_work"]) == 6 and len(data["basis"]["goal_work"]) == 11
    md = render(shipped, "md")
    assert md.startswith("# Collaboration in the actors view\n\nCounted here: ties of joint work")
    assert "## What each goal has (fewest results first)" in md and "| goal:tilflytting-og-naering |" in md
    assert "The pieces of work counted" not in md and "The pieces of work counted" in render(shipped, "md",
                                                                                             explain=True)
    with pytest.raises(BadInput, match="unknown format 'csv'; use table, json, md"):
        render(shipped, "csv")


@pytest.mark.parametrize("top", [1, 2, 3, 4])
def test_cross_border_table_is_the_whole_list_sorted_and_cut(shipped, top):
    """The table names only the work that can be shown; its rows are those of every crossing piece sorted."""
    every = sorted(((w, shipped.label(w), n) for w, n in shipped.cross_border.municipalities.items() if n > 1),
                   key=lambda row: (-row[2], row[1] or ""))
    table = next(t for t in tables(shipped, top) if t.name == "cross_border")
    assert [(str(w), label, n) for w, label, n in table.rows] == every[:top]


def test_cli_analyse(runner):
    result = runner.invoke(cli, ["analyse", "--store", "oxigraph", "--top", "3", "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Counted here: ties of joint work")
    assert "Who stands between others (actors view, joint work; on 19 nodes, ranks rather than measures)" in lines
    assert "Who works with whom (joint work, most shared work first)" in lines
    result = runner.invoke(cli, ["analyse", "--view", "municipalities", "--format", "json", "--no-default",
                                 "--data", str(REGION)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["view"] == "municipalities"
    assert runner.invoke(cli, ["analyse", "--format", "csv"]).exit_code == 2

