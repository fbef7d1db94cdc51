"""Many regions in one graph: one node per region, answers scoped to one region, and regions side by side.

The regions of ``fixtures/regions`` are made up: Fjordby og Dalen (Bokmål) and Nordvik og Dalen
(Nynorsk) share the municipality Dalen. The seed page's draft is the same region as the shipped
graph's LLS, from a second source.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import BNode, URIRef
from rdflib.term import Node

import lls_kg
from lls_kg.cli import cli
from lls_kg.extract import extract
from lls_kg import resources
from lls_kg.sparql.identity import Identity, same_regions
from lls_kg.sparql.scope import EVERY_STATEMENT, belonging, parts, regions, rows_within
from lls_kg.sparql import load_named
from lls_kg.store import texts
from lls_kg.validate import check
from lls_kg.store.files import select

from conftest import FIXTURES

REGIONS = FIXTURES / "regions"
PAGES = FIXTURES / "pages"
FJORDBY, NORDVIK = REGIONS / "fjordby.ttl", REGIONS / "nordvik.ttl"
SEED = resources.page_copies_dir() / "lls-byregionprogrammet.txt"
LLS = "https://w3id.org/lls-kg/id/region/lls"


@pytest.fixture(scope="module")
def seed_draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("seed") / "draft.ttl"
    target.write_bytes(extract([SEED], "nn").turtle)
    return target


def test_the_seed_draft_and_the_shipped_graph_are_one_region(seed_draft: Path) -> None:
    kg = lls_kg.open([seed_draft])
    assert regions(kg.store) == [LLS]
    facts = kg.query("region_facts").records()
    assert [(row["region"], row["population"], row["members"]) for row in facts] == [(LLS, 15071, 3)]
    # every passage of both sources stays, now cited for the one region
    cited = kg.query("SELECT ?p WHERE { <%s> prov:wasDerivedFrom ?p }" % LLS).rows
    assert {str(p).rsplit("/", 1)[1] for (p,) in cited} >= {"tittel", "leikanger-luster-sogndal-tittel"}


def test_region_facts_has_one_row_per_region_with_several_regions(seed_draft: Path, tmp_path: Path) -> None:
    # LLS from four sources (the shipped graph, the seed page, its Bokmål and its misspelt variant), and three others
    drafts = []
    for page, lang, slug in (("bokmaal.txt", "nb", None), ("typo-headings.txt", "nn", "lls-typo"),
                             ("plain-paragraphs.txt", "nn", None)):
        drafts.append(tmp_path / page.replace(".txt", ".ttl"))
        drafts[-1].write_bytes(extract([PAGES / page], lang, slug).turtle)
    facts = lls_kg.open([seed_draft, *drafts, FJORDBY, NORDVIK]).query("region_facts").records()
    assert sorted(row["region"].rsplit("/", 1)[1] for row in facts) == [
        "eksempelregionen", "fjordby", "lls", "nordvik-og-dalen"]


def test_two_regions_sharing_a_municipality_stay_two() -> None:
    kg = lls_kg.open([FJORDBY, NORDVIK], default=False)
    assert [iri.rsplit("/", 1)[1] for iri in regions(kg.store)] == ["fjordby", "nordvik-og-dalen"]
    assert check(select([FJORDBY, NORDVIK], default=False)).conforms


def test_the_same_members_with_other_applicants_stay_two() -> None:
    one = Identity("r:a", frozenset({"1", "2"}), frozenset({"1"}), 9)
    other = Identity("r:b", frozenset({"1", "2"}), frozenset({"2"}), 9)
    assert same_regions([one, other]) == {}


@pytest.mark.parametrize(("lang", "words"), [("nn", "éin region skildra to gonger"),
                                             ("nb", "én region beskrevet to ganger"),
                                             ("en", "one region described twice")])
def test_validate_flags_two_nodes_for_one_region(seed_draft: Path, lang: str, words: str) -> None:
    found = check(select([seed_draft]), lang)
    flagged = [line for line in found.lines() if words in line]
    assert len(flagged) == 2 and any("region:lls" in line for line in flagged)


def test_analyse_without_region_on_many_regions_exits_2_naming_them(runner) -> None:
    done = runner.invoke(cli, ["analyse", "-q", "--data", str(FJORDBY), "--data", str(NORDVIK)])
    assert done.exit_code == 2
    assert "'Fjordby og Dalen'" in done.output and "'Nordvik og Dalen'" in done.output
    assert "'Leikanger – Luster – Sogndal'" in done.output and "--region all" in done.output


def test_region_all_takes_every_region_together(runner) -> None:
    together = json.loads(runner.invoke(cli, ["analyse", "-q", "--format", "json", "--region", "all",
                                              "--data", str(FJORDBY), "--data", str(NORDVIK)]).output)
    said = json.dumps(together, ensure_ascii=False)
    assert "Fjordby" in said and "Nordvik" in said and "Leikanger" in said
    alone = json.loads(runner.invoke(cli, ["analyse", "-q", "--format", "json"]).output)
    assert together != alone  # the other regions' work is counted too
    facts = runner.invoke(cli, ["query", "region_facts", "-q", "--format", "json", "--region", "ALL",
                                "--data", str(FJORDBY), "--data", str(NORDVIK)])
    assert facts.exit_code == 0 and len({row["region"] for row in json.loads(facts.output)}) == 3


@pytest.mark.parametrize("store", ["memory", "rdflib"])
def test_analyse_of_one_region_counts_only_its_work(runner, store: str) -> None:
    alone = runner.invoke(cli, ["analyse", "-q", "--format", "json", "--store", store])
    among = runner.invoke(cli, ["analyse", "-q", "--format", "json", "--region", "LLS", "--store", store,
                                "--data", str(FJORDBY), "--data", str(NORDVIK)])
    assert alone.exit_code == among.exit_code == 0
    assert json.loads(among.output) == json.loads(alone.output)
    fjordby = json.loads(runner.invoke(cli, ["analyse", "-q", "--format", "json", "--region", "Fjordby og Dalen",
                                             "--data", str(FJORDBY), "--data", str(NORDVIK)]).output)
    assert "Fjordby" in json.dumps(fjordby) and "Leikanger" not in json.dumps(fjordby)
    assert "Nordvik" not in json.dumps(fjordby)


def test_report_of_one_region_is_titled_and_filled_from_it_only(runner, tmp_path: Path) -> None:
    page = tmp_path / "fjordby.html"
    done = runner.invoke(cli, ["report", "-q", "--lang", "nb", "--region", "fjordby", "--date", "2026-01-02",
                               "--data", str(FJORDBY), "--data", str(NORDVIK), "-o", str(page)])
    assert done.exit_code == 0, done.output
    text = page.read_text(encoding="utf-8")
    assert "<title>Fjordby og Dalen:" in text
    assert "Flere arbeidsplasser i sjømatnæringen" in text and "Traineeprogrammet i Fjordby" in text
    assert "<td>folketall</td><td>23\xa0400 (2016)</td>" in text  # at a glance, though the indicator is LLS's too
    for other in ("Tilflytting", "Leikanger", "Betre vegsamband", "Vegutgreiinga", "Sykkelløyper"):
        assert other not in text, other


@pytest.mark.parametrize("store", ["memory", "rdflib"])
def test_each_region_part_holds_what_belongs_to_it_or_to_no_region(store: str) -> None:
    whole = lls_kg.open([FJORDBY, NORDVIK], store=store).store
    belongs = belonging(whole)
    statements = set(whole.query(EVERY_STATEMENT).graph)

    def elsewhere(term: Node, region: str) -> bool:  # the definition, statement by statement
        text = f"_:{term}" if isinstance(term, BNode) else str(term)
        return text in belongs and region not in belongs[text]

    found = dict(parts(whole, regions(whole), belongs))
    assert [region.rsplit("/", 1)[1] for region in found] == ["fjordby", "lls", "nordvik-og-dalen"]
    for region, part in found.items():
        expected = {(s, p, o) for s, p, o in statements
                    if not elsewhere(s, region) and not (isinstance(o, URIRef) and elsewhere(o, region))}
        assert set(part.query(EVERY_STATEMENT).graph) == expected, region
        assert type(part) is type(whole)
    fjordby = {str(s) for s, _, _ in found["https://w3id.org/lls-kg/id/region/fjordby"].query(EVERY_STATEMENT).graph}
    assert "https://w3id.org/lls-kg/id/municipality/dalen" in fjordby  # a member of two regions is in both
    assert LLS not in fjordby and "https://w3id.org/lls-kg/id/region/nordvik-og-dalen" not in fjordby


#: The queries the views read (``lls-kg compare`` reads a region's rows of them), and the labels that name the nodes.
VIEW_QUERIES = ("view_involvement", "view_goals", "view_full", "view_nodes", "view_ties", "view_parts", "tie_kinds",
                "class_tree", "labels")


@pytest.mark.parametrize("store", ["memory", "rdflib", "national"])
def test_a_regions_rows_of_the_whole_graph_are_the_rows_of_its_part(store: str, national: Path) -> None:
    whole = (lls_kg.open([national], store="memory", default=False) if store == "national"
             else lls_kg.open([FJORDBY, NORDVIK], store=store)).store
    belongs = belonging(whole)
    chosen = regions(whole)
    assert len(chosen) >= 3
    cut, read = dict(rows_within(whole, chosen, belongs)), dict(parts(whole, chosen, belongs))
    for region in chosen:
        for name in VIEW_QUERIES:
            text = load_named(name).text
            found, expected = texts(cut[region], text), texts(read[region], text)
            assert found.vars == expected.vars
            assert sorted(found.rows, key=repr) == sorted(expected.rows, key=repr), (region, name)
        asked = "SELECT ?work ?actor WHERE { ?role lls:roleIn ?work ; lls:actor ?actor }"
        assert sorted(cut[region].query(asked).rows) == sorted(read[region].query(asked).rows), region
        assert cut[region].query(asked).rows, region


def test_a_region_a_graph_does_not_hold_is_refused(runner) -> None:
    done = runner.invoke(cli, ["owners", "-q", "--region", "Sørby", "--data", str(FJORDBY)])
    assert done.exit_code == 2 and "Sørby" in done.output


@pytest.mark.parametrize("store", ["memory", "rdflib"])
def test_compare_json_lists_every_region_as_on_its_page(runner, store: str) -> None:
    done = runner.invoke(cli, ["compare", "-q", "--format", "json", "--store", store,
                               "--data", str(FJORDBY), "--data", str(NORDVIK)])
    assert done.exit_code == 0, done.output
    found = {row["region"].rsplit("/", 1)[1]: row for row in json.loads(done.output)}
    assert set(found) == {"fjordby", "lls", "nordvik-og-dalen"}
    picked = {key: {k: row[k] for k in ("applicant_label", "members", "population", "population_date", "area_km2")}
              for key, row in found.items()}
    assert picked == {
        "fjordby": {"applicant_label": "Fjordby municipality", "members": "Dalen municipality; Fjordby municipality",
                    "population": "23400", "population_date": "2016", "area_km2": "812.5"},
        "lls": {"applicant_label": "Sogndal municipality",
                "members": "Leikanger municipality; Luster municipality; Sogndal municipality",
                "population": "15071", "population_date": "2015-01-01", "area_km2": "3514"},
        "nordvik-og-dalen": {"applicant_label": "Nordvik municipality",
                             "members": "Dalen municipality; Nordvik municipality",
                             "population": "9100", "population_date": "2015-01-01", "area_km2": None},
    }
    # what a page does not give is missing, never 0
    assert found["nordvik-og-dalen"]["advice"] is None and found["fjordby"]["advice"] == "1"
    assert found["nordvik-og-dalen"]["area_date"] is None


def test_report_compare_draws_a_chart_per_measure_without_bars_for_missing_values(runner, tmp_path: Path) -> None:
    page = tmp_path / "compare.html"
    done = runner.invoke(cli, ["report", "-q", "--lang", "nn", "--region", "nordvik", "--compare",
                               "--data", str(FJORDBY), "--data", str(NORDVIK), "-o", str(page)])
    assert done.exit_code == 0, done.output
    text = page.read_text(encoding="utf-8")
    section = text[text.index('<section id="compare">'):]
    section = section[:section.index("</section>")]
    assert section.count("<svg") == 8 and "<script" not in section
    area = section[section.index('data-chart="area_km2"'):]
    area = area[:area.index("</figure>")]
    assert area.count("<rect") == 2 and "ikkje oppgjeve" in area


def test_a_named_query_answers_for_the_chosen_region(runner) -> None:
    args = ["query", "-q", "--format", "json", "--data", str(FJORDBY), "--data", str(NORDVIK), "--region", "nordvik"]
    goals = json.loads(runner.invoke(cli, [*args[:1], "goal_activities", *args[1:]]).output)
    assert {row["goal"].rsplit("/", 1)[1] for row in goals} == {"nordvik-og-dalen-1"}
    facts = json.loads(runner.invoke(cli, [*args[:1], "region_facts", *args[1:]]).output)
    assert [row["region_label"] for row in facts] == ["Nordvik og Dalen"]


def test_viz_and_export_draw_the_chosen_region_only(runner, tmp_path: Path) -> None:
    data = ["--data", str(FJORDBY), "--data", str(NORDVIK), "--region", "Nordvik og Dalen"]
    page, graphml = tmp_path / "nordvik.html", tmp_path / "nordvik.graphml"
    assert runner.invoke(cli, ["viz", "-q", *data, "-o", str(page)]).exit_code == 0
    assert runner.invoke(cli, ["export", "-q", *data, "-o", str(graphml)]).exit_code == 0
    for text in (page.read_text(encoding="utf-8"), graphml.read_text(encoding="utf-8")):
        assert "Nordvik" in text and "Fjordby" not in text and "Leikanger" not in text


def test_build_writes_one_node_for_one_region(runner, seed_draft: Path, tmp_path: Path) -> None:
    built = tmp_path / "built.nt"
    done = runner.invoke(cli, ["build", "-q", "--format", "nt", "--data", str(seed_draft), "-o", str(built)])
    assert done.exit_code == 0, done.output
    text = built.read_text(encoding="utf-8")
    assert "region/leikanger-luster-sogndal>" not in text
    assert "<https://w3id.org/lls-kg/id/region/lls> <http://www.w3.org/ns/prov#wasDerivedFrom> " \
           "<https://w3id.org/lls-kg/id/passage/leikanger-luster-sogndal-tittel>" in text


def test_the_report_of_lls_among_other_regions_is_the_report_of_lls_alone(runner, tmp_path: Path) -> None:
    alone, among = tmp_path / "alone.html", tmp_path / "among.html"
    assert runner.invoke(cli, ["report", "-q", "--date", "2026-01-02", "-o", str(alone)]).exit_code == 0
    assert runner.invoke(cli, ["report", "-q", "--date", "2026-01-02", "--region", "LLS", "--data", str(FJORDBY),
                               "--data", str(NORDVIK), "-o", str(among)]).exit_code == 0
    assert among.read_bytes() == alone.read_bytes()


def test_an_on_disk_store_is_scoped_alike_and_left_unmerged(tmp_path: Path, seed_draft: Path) -> None:
    from lls_kg.store.load import load_disk
    several = [*select(), FJORDBY, NORDVIK]
    load_disk(tmp_path / "kg", several)
    on_disk = lls_kg.open(store=f"oxigraph:{tmp_path / 'kg'}", region="LLS")
    in_memory = lls_kg.open([FJORDBY, NORDVIK], region="LLS")
    for kg in (on_disk, in_memory):
        assert kg.scope is not kg.store  # cut to the region, engine to engine
    assert on_disk.query("cross_border").records() == in_memory.query("cross_border").records()
    assert on_disk.owners(history=True).records() == in_memory.owners(history=True).records()
    load_disk(tmp_path / "twice", [*select(), seed_draft])  # one region from two sources, on a read-only store
    assert len(regions(lls_kg.open(store=f"oxigraph:{tmp_path / 'twice'}").store)) == 2  # not merged, no error
