"""The region's report says what ``lls-kg owners`` and ``lls-kg analyse`` say, with its sources, safely and repeatably.

The page in a real browser is tested in test_browser.py.
"""

from __future__ import annotations

import gc
import json
from collections import Counter, defaultdict
from datetime import date
from html.parser import HTMLParser

import networkx as nx
import pytest

from lls_kg.choices import MAX_NODES
from lls_kg.cli import cli
import lls_kg.html.report as reporting
from lls_kg.html.report import report
from lls_kg.namespaces import curie
from lls_kg.sparql import answers, load_named
from lls_kg.store import OxigraphStore, Store, open_store
from lls_kg.store.files import select
from lls_kg.store.load import load_disk

from conftest import FIXTURES

HOSTILE = FIXTURES / "viz" / "hostile.ttl"


class Tables(HTMLParser):
    """Every ``<table data-table=NAME>`` of a page as rows of (cells, quotes), and the summary sentences."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[tuple[list[str], list[str]]]]] = defaultdict(list)
        self.summary: list[str] = []
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._source = False
        self._in_summary = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table":
            self._table = found["data-table"]
            self.tables[self._table].append([])
        elif tag == "tr" and self._table:
            self._row: tuple[list[str], list[str]] = ([], [])
        elif tag == "td" and self._table:
            self._source = found.get("class") == "source"
            self._cell = []
        elif tag == "blockquote" and self._source:
            self._cell = []
        elif tag == "ul" and "data-summary" in found:
            self._in_summary = True
        elif tag == "li" and self._in_summary:
            self._cell = []

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None
        elif tag == "tr" and self._table and self._row[0]:
            self.tables[self._table][-1].append(self._row)
        elif tag == "td" and self._table and not self._source:
            self._row[0].append("".join(self._cell or []))
        elif tag == "blockquote" and self._source:
            self._row[1].append("".join(self._cell or []))
        elif tag == "li" and self._in_summary:
            self.summary.append("".join(self._cell or []))
        elif tag == "ul":
            self._in_summary = False
        if tag in ("td", "blockquote", "li"):
            self._cell = None


def shown(value: object) -> str:
    """A value of ``lls-kg analyse --format json`` as the report shows it."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith("https://"):
        return curie(value)
    return f"{value:.3g}" if isinstance(value, float) else str(value)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The report, and ``owners`` and ``analyse`` as JSON, of the shipped graph plus the hostile fixture."""
    from click.testing import CliRunner

    runner, folder = CliRunner(), tmp_path_factory.mktemp("report")
    common = ["--data", str(HOSTILE), "-q"]
    result = runner.invoke(cli, ["report", "--top", "5", "-o", str(folder / "report.html"), *common])
    assert result.exit_code == 0, result.output
    outputs = {"report": (folder / "report.html").read_text(encoding="utf-8")}
    for name, args in (("owners", ["owners", "--history", "--format", "json"]),
                       ("analyse", ["analyse", "--top", "5", "--format", "json"])):
        result = runner.invoke(cli, [*args, *common])
        assert result.exit_code == 0, result.output
        outputs[name] = result.stdout
    return outputs


def test_the_ownership_table_is_lls_kg_owners(made):
    (rows,) = Tables(made["report"]).tables["owners"]
    expected = [([r["project_label"], r["owner_label"], r["role"], r["status"], r["since"] or "", r["until"] or ""],
                 [r["source"]] if r["source"] else []) for r in json.loads(made["owners"])]
    assert rows == expected
    assert len(rows) == 4  # the bike trails' owner and former owner, and the hostile project's two


def test_the_collaboration_tables_are_lls_kg_analyse(made):
    page, analysed = Tables(made["report"]), json.loads(made["analyse"])
    assert page.summary == analysed["summary"]
    for name, records in analysed["tables"].items():
        (rows,) = page.tables[name]
        assert [cells for cells, _ in rows] == [[shown(v) for v in record.values()] for record in records], name
    centrality = page.tables["centrality"][0]
    assert all(quotes for _, quotes in centrality)  # every node row can show where it comes from


def test_facts_goals_transfers_and_population_with_sources(made):
    tables = Tables(made["report"]).tables
    (facts,) = tables["facts"]
    assert [cells for cells, _ in facts] == [
        ["population", "15,071 (January 1, 2015)"], ["area", "3,514 km²"], ["applicant", "Sogndal municipality"],
        ["partner", "Leikanger municipality"], ["partner", "Luster municipality"], ["member municipalities", "3"]]
    assert facts[2][1] == ["Søkerkommune:\xa0Sogndal"] and "Areal i regionen: 3.514 km²" in facts[1][1]
    goals = tables["goal"]
    assert [len(rows) for rows in goals] == [1, 3, 7, 1]
    assert goals[3] == [(["<!-- \u2028 <b>bold</b> & ' \" -->", "project", "<img src=x onerror=alert(1)>"],
                         ["<script>alert(5)</script> «sitat» & </details>"])]
    (transfers,) = tables["transfers"]
    assert transfers[0][0][:3] == ["Building bike trails", "Leikanger – Luster – Sogndal",
                                   "Sogn terrengsykkel"]
    (population,) = tables["population"]
    assert [cells[:2] for cells, _ in population] == [
        ["Sogndal municipality", "-149"], ["Leikanger municipality", "-8"], ["Luster municipality", "-1"]]
    assert all(quotes for _, quotes in population)


def test_the_chart_and_the_network_are_inline(made):
    page = made["report"]
    assert '<svg viewBox="0 0 690.0 110.0" role="img"' in page
    assert "<title>Sogndal municipality: -149 persons — Luster kommune har" in page
    assert page.count('<div class="lls-network" data-lls-network>') == 1
    assert "<img" not in page and "<script>alert" not in page


def test_the_report_is_byte_identical(runner, tmp_path):
    for name in ("one.html", "two.html"):
        assert runner.invoke(cli, ["report", "-q", "-o", str(tmp_path / name)]).exit_code == 0
    assert (tmp_path / "one.html").read_bytes() == (tmp_path / "two.html").read_bytes()


class Counting:
    """A store that counts the query texts it receives."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.asked: Counter[str] = Counter()

    def query(self, text: str, bindings=None):
        self.asked[text] += 1
        return self.store.query(text, bindings)


def test_the_report_asks_each_view_query_once(shipped) -> None:
    counting = Counting(shipped)
    page = report(counting)
    assert page.startswith("<!DOCTYPE html>")
    views = {name: load_named(name).text for name in ("view_nodes", "view_involvement", "view_goals")}
    assert {name: counting.asked[text] for name, text in views.items()} == dict.fromkeys(views, 1)
    assert max(counting.asked.values()) == 1  # no other query twice either


@pytest.mark.parametrize("rows, max_nodes", [(None, MAX_NODES), (3, 5)])
def test_the_report_reads_the_labels_of_what_it_names_only(shipped, rows, max_nodes) -> None:
    """Each section reads the labels of the rows it shows (every label of a national graph is a million resources'),
    cut or whole, its network drawn or grouped: a name the page shows but had not read would make it ask for every
    label."""
    counting = Counting(shipped)
    page = report(counting, lang="nb", rows=rows, max_nodes=max_nodes)
    assert "Sogn terrengsykkel" in page and "Bygging av sykkelløyper" in page  # an owner and a project, named
    assert counting.asked[load_named("labels").text] == 0


def test_the_report_lets_go_of_the_views_it_does_not_draw_before_it_reads_its_own_answers(shipped, monkeypatch):
    """The ownership and goals views are measured, not drawn: the page's own answers (at ten million triples half a
    million rows) are read without them in memory, though no collection runs while the report is made."""
    gc.collect()
    before = {id(G) for G in gc.get_objects() if isinstance(G, nx.Graph)}  # other tests' graphs
    alive: list[list[str]] = []

    def answered(store, name):
        alive.append(sorted(G.name for G in gc.get_objects() if isinstance(G, nx.Graph) and G.name
                            and id(G) not in before))
        return answers(store, name)

    monkeypatch.setattr(reporting, "answers", answered)
    assert report(shipped).startswith("<!DOCTYPE html>")
    assert alive and alive[0] == ["actors"]  # the view the page draws


def test_from_disk_the_page_is_the_same_and_reads_every_answer_it_asked_ahead(tmp_path) -> None:
    """An on-disk store answers the page's queries together; each is read, so none stays held, and the page is the
    one made from memory."""
    load_disk(tmp_path / "kg", select())
    disk = OxigraphStore.open(tmp_path / "kg")
    made = date(2026, 1, 2)
    assert report(disk, when=made) == report(open_store(), when=made)
    assert not disk._ready
