"""Pages that stay light at any size: the report's row limit and its CSV files, the network's node budget and its
groups, viz refusing a view beyond it, the light links of a big view, and the streaming export.

The graphs are small ones from bench/generate.py with a low ``--rows`` and ``--max-nodes``, so
every cut and every grouping happens; what the page says is checked against the CSV files and
the views themselves.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

import lls_kg
from lls_kg.choices import JOINT_WORK
from lls_kg.cli import cli
from lls_kg.html import report as reporting
from lls_kg.html.groups import aggregate
from lls_kg.html.rest import Rest
from lls_kg.html.viz import MANY_LINKS, PER_LINK, Scene, draw, network_data
from lls_kg.network import as_files, export

from test_viz import Page

ROWS, BUDGET = 5, 10


@pytest.fixture(scope="module")
def pages(national: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The report cut to ``ROWS`` rows and ``BUDGET`` nodes (with its CSV files), and the full one."""
    folder = tmp_path_factory.mktemp("pages")
    made = {}
    for name, extra in (("short", ["--rows", str(ROWS)]), ("full", ["--full"])):
        made[name] = folder / name / "report.html"
        made[name].parent.mkdir()
        result = CliRunner().invoke(cli, ["report", "--no-default", "--region", "all", "--data", str(national), "--max-nodes",
                                          str(BUDGET), "--date", "2026-01-02", "-q", "-o", str(made[name]), *extra])
        assert result.exit_code == 0, result.output
    return made


def rows_of(page: str, table: str) -> int:
    """Rows of the page's table ``table`` (every table of that name)."""
    bodies = re.findall(rf'<table data-table="{table}">.*?<tbody>(.*?)</tbody>', page, re.S)
    return sum(body.count("<tr>") for body in bodies)


def csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.mark.parametrize(("table", "section"), [("owners", "owners"), ("goal", "goals"), ("transfers", "transfers"),
                                              ("counted_work", "counted_work"),
                                              ("projects", "projects"), ("goal_work", "goal_work")])
def test_a_long_section_shows_its_first_rows_its_total_and_the_csv_with_every_row(
        pages: dict[str, Path], table: str, section: str) -> None:
    short, full = (pages[name].read_text(encoding="utf-8") for name in ("short", "full"))
    every = [row for row in csv_rows(pages["short"].with_name(f"report.{section}.csv")) if row.get("item", True)]
    assert rows_of(full, table) == len(every) > ROWS  # a goal without work has a query row, not a table row
    assert rows_of(short, table) <= ROWS + 1  # the goal that carries the population chart keeps one row
    (more,) = re.findall(rf'<p class="more" data-more="{table}">([^<]*)</p>', short)
    assert more == (f"Showing the first {rows_of(short, table)} of {len(every):,} rows. "
                    f"Every row is in report.{section}.csv, beside this page.")
    assert 'class="more"' not in full


@pytest.mark.parametrize("table", ["owners", "transfers", "counted_work", "projects", "goal_work"])
def test_a_cut_table_shows_the_first_rows_of_the_whole_table(pages: dict[str, Path], table: str) -> None:
    """Only the rows shown are put into words (dates, numbers, labels): they read as the full page's first rows."""
    short, full = (pages[name].read_text(encoding="utf-8") for name in ("short", "full"))

    def cells(page: str) -> list[str]:  # each row without its source notes, numbered page by page
        (body,) = re.findall(rf'<table data-table="{table}">.*?<tbody>(.*?)</tbody>', page, re.S)
        return [re.sub(r'<td class="source">.*?</td>', "", row, flags=re.S)
                for row in re.findall(r"<tr>.*?</tr>", body, re.S)]

    shown, whole = cells(short), cells(full)
    assert len(shown) == ROWS < len(whole)
    assert shown == whole[:ROWS]


def test_a_long_list_of_the_story_shows_its_first_lines_and_the_csv_holds_them_all(pages: dict[str, Path]) -> None:
    short, full = (pages[name].read_text(encoding="utf-8") for name in ("short", "full"))
    every = csv_rows(pages["short"].with_name("report.pairs.csv"))
    (listed,) = re.findall(r'<ul class="story" data-story="pairs">(.*?)</ul>', full, re.S)
    (cut,) = re.findall(r'<ul class="story" data-story="pairs">(.*?)</ul>', short, re.S)
    assert listed.count("<li") == len(every) > ROWS == cut.count("<li")
    assert f"Showing the first {ROWS} of {len(every)} rows. Every row is in report.pairs.csv" in short
    assert list(every[0]) == ["text", "detail", "about", "source"]


def test_the_timeline_draws_its_first_events_and_the_csv_holds_them_all(pages: dict[str, Path]) -> None:
    short, full = (pages[name].read_text(encoding="utf-8") for name in ("short", "full"))
    every = csv_rows(pages["short"].with_name("report.timeline.csv"))
    assert full.count('<g class="mark">') == len(every) > ROWS == short.count('<g class="mark">')
    assert f"Showing the first {ROWS} of {len(every)} rows. Every row is in report.timeline.csv" in short
    assert all(row["start"] for row in every)


def test_the_owners_csv_holds_the_query_rows_with_their_codes(pages: dict[str, Path], national: Path) -> None:
    every = csv_rows(pages["short"].with_name("report.owners.csv"))
    expected = lls_kg.open([national], default=False, region="all").owners(history=True)
    assert len(every) == len(list(expected.bindings()))
    assert {row["status"] for row in every} <= {"current", "former", ""}
    assert all(row["project"].startswith("https://") for row in every)


def test_without_a_file_the_page_says_how_to_see_every_row(national: Path) -> None:
    page = reporting.report(lls_kg.open([national], default=False, region="all").store, rows=ROWS, lang="en")
    assert "For every row, run lls-kg report with --full" in page


def test_the_network_past_its_budget_is_drawn_as_groups_with_a_note(pages: dict[str, Path], national: Path) -> None:
    page = pages["short"].read_text(encoding="utf-8")
    nodes = len(lls_kg.open([national], default=False, region="all").view("actors", ties=[JOINT_WORK]))
    drawn = Page(page).data["nodes"]
    assert nodes > BUDGET >= len(drawn) > 1
    (note,) = re.findall(r'data-aggregated>([^<]*)<', page)
    assert note.startswith(f"Actors view has {nodes} nodes, more than this page draws ({BUDGET}); "
                           f"here they are {len(drawn)} groups")


def test_groups_hold_every_node_and_count_the_links_between_them(national: Path) -> None:
    shown = lls_kg.open([national], default=False, region="all").scene("full")
    for by in ("municipality", "community"):
        grouped = aggregate(shown, 400, by)
        assert len(grouped.graph) <= 400
        assert sum(members for _, members in grouped.graph.nodes(data="members")) == len(shown.graph)
        crossing = sum(weight for *_, weight in grouped.graph.edges(data="weight"))
        assert 0 < crossing <= shown.graph.number_of_edges()


def test_an_explicit_grouping_keeps_to_the_budget_too(national: Path) -> None:
    shown = lls_kg.open([national], default=False, region="all").scene("full")
    grouped = aggregate(shown, 3, "municipality")
    assert len(grouped.graph) == 3
    assert sum(members for _, members in grouped.graph.nodes(data="members")) == len(shown.graph)


def test_viz_of_a_view_beyond_the_budget_exits_2_and_writes_nothing(national: Path, tmp_path: Path) -> None:
    out = tmp_path / "view.html"
    result = CliRunner().invoke(cli, ["viz", "--no-default", "--region", "all", "--data", str(national), "--max-nodes", str(BUDGET),
                                      "-q", "-o", str(out)])
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("lls-kg: error: the actors view has ")
    assert "--focus NODE" in line and "--aggregate" in line and "--max-nodes" in line
    assert not out.exists()


def test_viz_aggregate_draws_at_most_the_budget(national: Path, tmp_path: Path) -> None:
    out = tmp_path / "view.html"
    result = CliRunner().invoke(cli, ["viz", "--no-default", "--region", "all", "--data", str(national), "--max-nodes", str(BUDGET),
                                      "--aggregate", "community", "-q", "-o", str(out), "--lang", "nn"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert 1 < len(Page(page).data["nodes"]) <= BUDGET
    assert "éin node per fellesskap" in page


def test_links_of_a_big_view_carry_their_first_works_and_quotes() -> None:
    G = nx.Graph(name="actors")
    for i in range(MANY_LINKS + 1):
        G.add_edge(f"a{i}", f"b{i}", relation="works with", activity_labels=["w1", "w2", "w3", "w4", "w5"],
                   quote=["q1", "q2", "q3"])
    shown = Scene(G, "big", {n: [] for n in G}, {n: [] for n in G}, dict(G.nodes(data=True)))
    edge = json.loads(str(network_data(draw(shown))["json"]))["edges"][0]
    assert edge["works"] == ["w1", "w2", "w3", "… and 2 more"] and len(edge["works"]) == PER_LINK["works"] + 1
    assert edge["q"] == ["q1", "… and 2 more"]


@pytest.mark.parametrize("fmt", ["graphml", "csv"])
def test_export_streams_what_the_old_export_wrote(national: Path, tmp_path: Path, fmt: str) -> None:
    view = lls_kg.open([national], default=False, region="all").view("actors")
    written = export(view, fmt, tmp_path / f"actors.{fmt}")
    old = as_files(view, fmt)
    if fmt == "csv":
        assert [Path(p).read_bytes() for p in written] == [old["nodes"], old["edges"]]
        return
    new, before = nx.read_graphml(written[0]), nx.parse_graphml(old["graph"])
    assert dict(new.nodes(data=True)) == dict(before.nodes(data=True))
    assert sorted(new.edges(data=True)) == sorted(before.edges(data=True))
    assert len(new) == len(view) and new.number_of_edges() == view.number_of_edges()
    assert [p.name for p in tmp_path.iterdir()] == ["actors.graphml"]  # no temporary file left


def test_on_the_shipped_graph_nothing_is_cut_and_no_csv_is_written(shipped, tmp_path: Path) -> None:
    with Rest(tmp_path / "report.html") as rest:
        page = reporting.report(shipped, lang="nn", rest=rest)
    assert 'class="more"' not in page and "data-aggregated" not in page
    assert rest.written == [] and list(tmp_path.iterdir()) == []


def test_the_csv_files_take_their_names_only_when_the_page_is_made(tmp_path: Path) -> None:
    (tmp_path / "report.owners.csv").write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), Rest(tmp_path / "report.html") as rest:
        rest.keep("owners", ["owner"], [["Sogndal kommune"]])
        rest.keep("pairs", ["one", "other"], [["Leikanger", None]])
        raise RuntimeError("the page failed")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.owners.csv"]  # as it was; no temporary file
    assert (tmp_path / "report.owners.csv").read_text(encoding="utf-8") == "old\n"
    with Rest(tmp_path / "report.html") as rest:
        assert rest.keep("pairs", ["one", "other"], [["Leikanger", None], ["Luster", "Sogndal, Årdal"]]) \
            == "report.pairs.csv"
        assert not (tmp_path / "report.pairs.csv").exists()  # written under a temporary name until the page is made
    assert rest.written == [str(tmp_path / "report.pairs.csv")]
    assert (tmp_path / "report.pairs.csv").read_bytes() == \
        'one,other\r\nLeikanger,\r\nLuster,"Sogndal, Årdal"\r\n'.encode("utf-8")
