"""Pictures of the views: the offline page (its safety, its data, its repeatability), figures, filters and layout.

The page in a real browser is tested in test_browser.py. Expected filter tags are worked
out by hand from tests/fixtures/network/region.ttl (its header comment draws the region).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import networkx as nx
import pytest

import lls_kg
from lls_kg.cli import cli
from lls_kg.html import figure, layout, viz
from lls_kg.html.page import TEMPLATES, script_json
from lls_kg.errors import BadInput
from lls_kg.namespaces import PREFIXES

from conftest import FIXTURES

HOSTILE = FIXTURES / "viz" / "hostile.ttl"
REGION = FIXTURES / "network" / "region.ttl"
HOSTILE_LABELS = ["<img src=x onerror=alert(1)>", "</script><script>alert(2)</script>", "<svg onload=alert(3)>",
                  "<img src=y onerror=alert(4)>"]


def iri(name: str) -> str:
    prefix, local = name.split(":", 1)
    return PREFIXES[prefix] + local


class Page(HTMLParser):
    """The parts of a page the tests look at: tags with their attributes, scripts, options and the data."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.options: list[str] = []
        self._open: str | None = None
        self._attrs: dict[str, str | None] = {}
        self._text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "option"):
            self._open, self._attrs, self._text = tag, dict(attrs), []

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open == "script":
            self.scripts.append((self._attrs, "".join(self._text)))
        elif tag == self._open == "option":
            self.options.append("".join(self._text))
        if tag == self._open:
            self._open = None

    @property
    def data(self) -> dict:
        (text,) = [body for attrs, body in self.scripts if attrs.get("type") == "application/json"]
        return json.loads(text)


@pytest.fixture(scope="module")
def region_scene() -> viz.Scene:
    return lls_kg.open([REGION], default=False).scene("actors")


@pytest.fixture(scope="module")
def hostile_page() -> str:
    return viz.page(lls_kg.open([HOSTILE]).scene("ownership"))


def test_the_page_links_nothing_and_allows_only_its_own_scripts():
    text = viz.page(lls_kg.open().scene("actors"))
    page = Page(text)
    assert not [tag for tag, _ in page.tags if tag in ("link", "iframe", "img", "object", "embed", "base")]
    assert not [attrs for _, attrs in page.tags if attrs.get("src") or attrs.get("href")]
    (policy,) = [a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert policy.startswith("default-src 'none'; script-src 'sha256-")
    code = [body for attrs, body in page.scripts if "type" not in attrs]
    assert len(code) == 2 and "vis-network" in code[0]
    for body in code:
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert "unsafe-eval" not in policy and "script-src 'unsafe-inline'" not in policy


def test_hostile_text_never_reaches_the_page_as_markup(hostile_page):
    page = Page(hostile_page)
    assert [tag for tag, _ in page.tags if tag == "script"] == ["script"] * 3  # vis, ours, the data
    for label in HOSTILE_LABELS:
        assert label not in hostile_page
    assert "<!--" not in hostile_page and "\u2028" not in hostile_page
    assert "<img src=y onerror=alert(4)>" in page.options  # the goal filter shows it as text
    nodes = {node["iri"]: node for node in page.data["nodes"]}
    assert nodes["organisation:hostile"]["en"] == HOSTILE_LABELS[0]
    assert nodes["organisation:hostile"]["nn"] == HOSTILE_LABELS[1]
    assert nodes["project:hostile"]["en"] == "<!-- \u2028 <b>bold</b> & ' \" -->"
    assert nodes["project:hostile"]["q"] == ["<script>alert(5)</script> «sitat» & </details>"]


def test_script_json_cannot_end_its_element():
    text = str(script_json({"a": "</script><!-- \u2028\u2029 & >"}))
    assert re.search(r"[<>&\u2028\u2029]", text) is None
    assert json.loads(text) == {"a": "</script><!-- \u2028\u2029 & >"}


def test_the_same_graph_gives_the_same_bytes(runner, tmp_path):
    for run in ("one", "two"):
        for suffix in ("html", "svg", "png"):
            result = runner.invoke(cli, ["viz", "--view", "ownership", "--data", str(HOSTILE), "-q",
                                         "-o", str(tmp_path / f"{run}.{suffix}")])
            assert result.exit_code == 0, result.output
    for suffix in ("html", "svg", "png"):
        assert (tmp_path / f"one.{suffix}").read_bytes() == (tmp_path / f"two.{suffix}").read_bytes(), suffix


def test_every_process_gives_the_same_bytes(tmp_path):
    """Set orders change with the hash seed: nothing in a page or report may follow them."""
    for seed in ("1", "2"):
        for name, args in (("view", ["viz", "--view", "ownership", "--focus", "Sogndal municipality", "--depth", "2"]),
                           ("report", ["report", "--store", "oxigraph" if seed == "1" else "memory"])):
            subprocess.run([sys.executable, "-m", "lls_kg", *args, "--data", str(HOSTILE), "-q",
                            "-o", str(tmp_path / f"{name}-{seed}.html")],
                           check=True, env={**os.environ, "PYTHONHASHSEED": seed})
    for name in ("view", "report"):
        assert (tmp_path / f"{name}-1.html").read_bytes() == (tmp_path / f"{name}-2.html").read_bytes(), name


def test_page_data_follows_the_view():
    shown = lls_kg.open().scene("ownership")
    data = Page(viz.page(shown, "betweenness")).data
    assert len(data["nodes"]) == len(shown.graph) and len(data["edges"]) == shown.graph.number_of_edges()
    assert data["measure"] == "betweenness" and data["options"]["physics"] == {"enabled": False}
    assert data["options"]["edges"]["arrows"]["to"]["enabled"] is True
    by_iri = {node["iri"]: node for node in data["nodes"]}
    dashed = [(data["nodes"][e["from"]]["iri"], data["nodes"][e["to"]]["iri"]) for e in data["edges"] if e["dashed"]]
    assert dashed == [("region:lls", "project:sykkelloyper")]  # the former owner of the bike trails
    assert {e["relation"] for e in data["edges"] if e["dashed"]} == {"former owner"}  # the ontology's label
    sogndal = by_iri["municipality:sogndal"]
    assert data["classes"][sogndal["c"]] == {"label": "municipality", "colour": "#4e79a7", "shape": "dot"}
    assert "Søkerkommune:\xa0Sogndal" in sogndal["q"] and sogndal["nn"] != sogndal["en"]
    assert max(node["size"] for node in data["nodes"]) == viz.RADII[1]


def test_goal_and_place_tags(region_scene):
    goals = {k.rsplit("/", 1)[1]: [g.rsplit("/", 1)[1] for g in v] for k, v in region_scene.goals.items() if v}
    assert goals == {"p1": ["g1"], "p2": ["g1"], "doc": ["g2"], "g1": ["g1"], "g2": ["g2"], "g3": ["g3"],
                     "o1": ["g1"], "m1": ["g1"], "m2": ["g1"], "d1": ["g1"], "m3": ["g2"]}
    places = {k.rsplit("/", 1)[1]: [m.rsplit("/", 1)[1] for m in v] for k, v in region_scene.places.items() if v}
    assert places == {"m1": ["m1"], "m2": ["m2"], "m3": ["m3"], "d1": ["m1"], "p1": ["m1", "m2"],
                      "p2": ["m1", "m2"], "p3": ["m3"], "p4": ["m1"], "a2": ["m1"], "a3": ["m3"], "doc": ["m3"],
                      "g1": ["m1", "m2"], "g2": ["m3"]}


def test_cutting_a_view_by_goal_municipality_and_focus():
    kg = lls_kg.open([REGION], default=False)
    shown = kg.scene("actors", goal="Goal one")
    assert sorted(n.rsplit("/", 1)[1] for n in shown.graph) == ["m1", "m2", "o1"]  # d1 counts as m1
    kept = kg.scene("actors", goal="Goal one", departments=True)
    assert sorted(n.rsplit("/", 1)[1] for n in kept.graph) == ["d1", "m1", "m2", "o1"]
    assert shown.title == "Actors view, goal “Goal one”"
    shown = kg.scene("ownership", municipality="Kommune 3")
    assert sorted(n.rsplit("/", 1)[1] for n in shown.graph) == ["a3", "doc", "m3", "p3"]
    shown = kg.scene("actors", focus="Company 2", depth=1)
    assert sorted(n.rsplit("/", 1)[1] for n in shown.graph) == ["m3", "o2"]  # o2's ownership of p4 has ended
    assert shown.title == "Actors view around Company 2 (1 step)"
    further = kg.scene("actors", focus="Company 2", depth=2).graph  # and g0, which works on a3 with m3
    assert sorted(n.rsplit("/", 1)[1] for n in further) == ["g0", "m3", "o2"]
    with pytest.raises(BadInput, match="not in the Actors view, goal “Goal one”"):
        kg.scene("actors", goal="Goal one", focus="Company 2")
    with pytest.raises(BadInput, match="nothing to draw"):
        kg.scene("actors", goal="Goal three")
    with pytest.raises(BadInput, match="no lls:Goal named 'Company 1'"):
        kg.scene("actors", goal="Company 1")


def test_cli_viz_usage(runner, tmp_path):
    assert runner.invoke(cli, ["viz", "--depth", "2", "-o", str(tmp_path / "x.html")]).exit_code == 2
    result = runner.invoke(cli, ["viz", "--focus", "no such thing", "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 2 and "no resource named 'no such thing'" in result.output
    result = runner.invoke(cli, ["viz", "--focus", "Luster municipality", "--depth", "0",
                                 "-o", str(tmp_path / "l.svg")])
    assert result.exit_code == 0, result.output
    assert "drew 'Actors view around Luster municipality (0 steps)' (1 nodes, 0 links) as svg" in result.output
    ET.parse(tmp_path / "l.svg")
    result = runner.invoke(cli, ["viz", "--format", "png", "-o", str(tmp_path / "figure")])
    assert result.exit_code == 0 and (tmp_path / "figure").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_figures_carry_the_legend():
    svg = figure.figure(lls_kg.open().scene("ownership"), "svg").decode()
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    for text in ("Ownership view", "municipality (5)", "former owner", "Node size: degree", "Sogn terrengsykkel"):
        assert f"<!-- {text} -->" in svg, text
    assert "<dc:date>" not in svg
    png = figure.figure(lls_kg.open().scene("actors"), "png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 50_000


def test_figures_show_dollars_literally(tmp_path):
    data = tmp_path / "dollars.ttl"
    data.write_text('@prefix lls: <https://w3id.org/lls-kg/ontology#> .\n'
                    '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
                    '<https://w3id.org/lls-kg/id/organisation/d> a lls:Company ;\n'
                    '    rdfs:label "$\\\\frac{1}{0$ & $x$"@en .\n')
    svg = figure.figure(lls_kg.open([data], default=False).scene("actors"), "svg").decode()
    assert "<!-- $\\frac{1}{0$ &amp; $x$ -->" in svg


def test_positions_are_repeatable_and_keep_nodes_apart():
    G = nx.les_miserables_graph()
    at = layout.positions(G)
    assert at == layout.positions(G) and list(at) == list(G)
    apart = min(((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5
                for i, (ax, ay) in enumerate(at.values()) for (bx, by) in list(at.values())[i + 1:])
    assert apart >= layout.GAP * 0.9


def test_large_groups_are_laid_out_by_igraph_repeatably():
    G = nx.barabasi_albert_graph(layout.NETWORKX_LIMIT + 100, 2, seed=1)
    G = nx.relabel_nodes(G, {n: f"n{n:04d}" for n in G})
    at = layout.positions(G)
    assert at == layout.positions(G) and len(set(at.values())) == len(G)


def test_format_for_and_measures():
    formats = [figure.format_for(p) for p in ("a.PNG", "a.svg", "a.html", "a", None)]
    assert formats == ["png", "svg", "html", "html", "html"]
    G = nx.Graph([("a", "b", {"weight": 3}), ("b", "c", {"weight": 1})])
    assert viz.measure(G, "weighted-degree") == {"a": 3, "b": 4, "c": 1}
    with pytest.raises(BadInput, match="unknown measure"):
        viz.measure(G, "size")


def test_every_class_that_can_be_a_node_has_its_own_style(shipped):
    rows = shipped.query("SELECT ?class WHERE { ?class a owl:Class FILTER (STRSTARTS(STR(?class), STR(lls:))) }").rows
    provenance = {iri(f"lls:{name}") for name in ("SourceDocument", "SourcePassage", "ExternalSource")}
    assert {str(row[0]) for row in rows} - provenance == set(viz.STYLES)
    assert viz.style(iri("lls:Goal")) == viz.Style("#d62728", "star")
    spare = viz.style("http://www.w3.org/ns/adms#Identifier")
    assert spare.shape == "diamond" and spare == viz.style("http://www.w3.org/ns/adms#Identifier")
    assert len({s.colour for s in viz.STYLES.values()}) == len(viz.STYLES)


def test_templates_are_shipped_with_the_package():
    names = {p.name for p in TEMPLATES.iterdir()}
    assert {"base.html", "network.html", "viz.html", "report.html", "network.js", "lls.css"} <= names



def test_a_municipality_is_drawn_with_its_ties(runner, tmp_path):
    # Luster's planning department works with Leikanger's and Sogndal's: the actors view in Luster shows
    # Luster and the two municipalities it is tied to, not Luster alone.
    shown = lls_kg.open().scene("actors", municipality="Luster")
    assert sorted(label for _, label in shown.graph.nodes(data="label_en")) == [
        "Leikanger municipality", "Luster municipality", "Sogndal municipality"]
    assert shown.graph.number_of_edges() == 3
    everything = lls_kg.open().scene("actors", municipality="Luster", ties=["all"])
    assert "Leikanger – Luster – Sogndal" in dict(everything.graph.nodes(data="label_en")).values()  # membership


def test_cli_ties_and_departments(runner, tmp_path):
    result = runner.invoke(cli, ["viz", "--ties", "succession", "-q", "-o", str(tmp_path / "s.html")])
    assert result.exit_code == 0, result.output
    data = Page((tmp_path / "s.html").read_text(encoding="utf-8")).data
    assert [edge["relation"] for edge in data["edges"]] == ["succession"]
    result = runner.invoke(cli, ["export", "--departments", "--format", "json", "-q"])
    names = {node["data"]["name"] for node in json.loads(result.stdout)["elements"]["nodes"]}
    assert "Planning department of Luster municipality" in names
    result = runner.invoke(cli, ["analyse", "--ties", "joint-work,nothing"])
    assert result.exit_code == 2 and "give kinds of tie from joint-work" in result.stderr
