"""``lls-kg extract``: drafts agree with the hand-made graph, cite verbatim passages and pass the shapes.

The seed draft is compared with the hand-made graph through the named queries,
by labels and values (the draft's IRIs are its own). The variant pages in
``fixtures/pages`` each cover one way real pages differ (see their README).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDFS, Graph, Namespace

from lls_kg.store.files import select
from lls_kg import resources
from lls_kg.cli import cli
from lls_kg.extract import extract, facts, read_regions
from lls_kg.extract.page import Line
from lls_kg.extract.sections import recognise
from lls_kg.sparql import load_file, load_named
from lls_kg.store import Store, open_store
from lls_kg.validate import check

from conftest import FIXTURES

LLS = Namespace("https://w3id.org/lls-kg/ontology#")
SEED = resources.page_copies_dir() / "lls-byregionprogrammet.txt"
PAGES = FIXTURES / "pages"
GOALS_THEMES = load_file(FIXTURES / "goals_themes.rq")
LLS_FACTS = ("Leikanger – Luster – Sogndal", "15071", "2015-01-01", "3514", "Sogndal municipality", "3")
FJORDBY = ("Fjordby – Dalen – Vik", "12300", "2016-01-01", "2100", "Fjordby municipality", "3")

#: page -> (language, region facts as region_facts gives them,
#:          counts of goals, results, advice, themes, sentences about the work after the programme)
VARIANTS = {
    "bokmaal.txt": ("nb", LLS_FACTS, (3, 4, 3, 3, 2)),
    "missing-advice.txt": ("nn", LLS_FACTS, (3, 7, 0, 3, 2)),
    "cut-off.txt": ("nn", ("Leikanger – Luster – Sogndal", None, None, None, None, "3"), (3, 2, 0, 0, 0)),
    "typo-headings.txt": ("nn", LLS_FACTS, (3, 7, 3, 3, 2)),
    "plain-paragraphs.txt": ("nn", ("Eksempelregionen", "23400", "2016", "1234.5", "Nordby municipality", "3"),
                             (2, 2, 2, 2, 0)),
    "roles-bokmaal.txt": ("nb", FJORDBY, (2, 5, 1, 0, 1)),
    "roles-nynorsk.txt": ("nn", FJORDBY, (2, 5, 1, 0, 1)),
    "results-under-goals.txt": ("nb", ("Nordby – Sørvik", "6400", "2016", "800", "Nordby municipality", "2"),
                                (2, 3, 0, 0, 0)),
    "cut-in-facts.txt": ("nn", ("Nordvik – Sørfjord", None, None, None, "Nordvik municipality", "2"), (1, 1, 0, 0, 0)),
}


def write_draft(tmp: Path, pages: list[Path], lang: str = "nn", region_id: str | None = None) -> Path:
    target = tmp / "draft.ttl"
    target.write_bytes(extract(pages, lang, region_id).turtle)
    return target


def rows(store: Store, query_text: str, columns: slice = slice(None)) -> list[tuple[str | None, ...]]:
    """A query's rows as plain strings, sorted, keeping only ``columns`` (the IRIs left out)."""
    answer = store.query(query_text)
    return sorted((tuple(None if v is None else str(v) for v in row[columns]) for row in answer.rows),
                  key=lambda row: tuple(v or "" for v in row))


@pytest.fixture(scope="module")
def seed_draft(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return open_store("memory", [write_draft(tmp_path_factory.mktemp("seed"), [SEED])], default=False)


# --- the seed page agrees with the hand-made graph ----------------------------

def test_municipalities_applicant_and_partners_agree(seed_draft: Store, shipped: Store) -> None:
    # region label, municipality label, role, source quote (the IRIs, columns 0 and 2, differ by design)
    query = load_named("municipalities").text
    pick = [1, 3, 4, 5]
    assert [tuple(row[i] for i in pick) for row in rows(seed_draft, query)] == \
        [tuple(row[i] for i in pick) for row in rows(shipped, query)]


def test_population_area_applicant_and_member_count_agree(seed_draft: Store, shipped: Store) -> None:
    query = load_named("region_facts").text
    assert rows(seed_draft, query, slice(1, None)) == rows(shipped, query, slice(1, None)) == [LLS_FACTS]


def test_goals_and_themes_agree(seed_draft: Store, shipped: Store) -> None:
    assert rows(seed_draft, GOALS_THEMES.text) == rows(shipped, GOALS_THEMES.text)
    assert len(rows(seed_draft, GOALS_THEMES.text)) == 6


def test_advice_agrees(seed_draft: Store, shipped: Store) -> None:
    # The hand-made graph moves advice 3's example (the bike trails) into lls:example and ends it with a
    # full stop; the draft keeps the page's words, so each hand-made advice must begin the draft's.
    query = load_named("lessons").text
    drafted = {row[1]: row[4] for row in rows(seed_draft, query)}
    handmade = {row[1]: row[4] for row in rows(shipped, query)}
    assert sorted(drafted) == sorted(handmade) == ["1", "2", "3"]
    for number, advice in handmade.items():
        assert drafted[number].startswith(advice.rstrip(".")), number


# --- the variants --------------------------------------------------------------

#: Goals, results (activities described by their bullet), advice, themes,
#: and the sentences the work after the programme cites.
COUNTS = """
PREFIX lls: <https://w3id.org/lls-kg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT
  (COUNT(DISTINCT ?goal) AS ?goals) (COUNT(DISTINCT ?result) AS ?results) (COUNT(DISTINCT ?lesson) AS ?advice)
  (COUNT(DISTINCT ?theme) AS ?themes) (COUNT(DISTINCT ?sentence) AS ?after)
WHERE {
  { ?goal a lls:Goal } UNION { ?result a lls:Activity ; dcterms:description ?bullet }
  UNION { ?lesson a lls:Lesson } UNION { ?theme a lls:Theme }
  UNION { ?role lls:actor/a lls:CityRegion ; lls:roleIn ?work . ?work prov:wasDerivedFrom ?sentence }
}
"""


@pytest.mark.parametrize("page", sorted(VARIANTS))
def test_variant_facts_and_counts(tmp_path: Path, page: str) -> None:
    lang, facts, counts = VARIANTS[page]
    store = open_store("memory", [write_draft(tmp_path, [PAGES / page], lang)], default=False)
    assert rows(store, load_named("region_facts").text, slice(1, None)) == [facts]
    assert tuple(int(v) for v in rows(store, COUNTS)[0]) == counts


def test_bokmaal_page_is_tagged_nb_with_the_nynorsk_labels_the_shapes_need(tmp_path: Path) -> None:
    graph = Graph().parse(write_draft(tmp_path, [PAGES / "bokmaal.txt"], "nb"))
    assert {quote.language for quote in graph.objects(None, LLS.quote)} == {"nb"}
    goal = next(graph.subjects(LLS.goalOf, None))
    assert {label.language for label in graph.objects(goal, RDFS.label)} == {"nn", "nb", "en"}


@pytest.mark.parametrize(("page", "expected"), [
    ("missing-advice.txt", ["advice (no heading found)"]),
    ("cut-off.txt", ["the end of the page: it seems to stop early (no facts box); its last line stops mid-sentence "
                     "and is left out: \"• Strategiplan offentlege arbeidsplassar: Utvikle strategip…\"",
                     "advice (no heading found)", "themes (no heading found)",
                     "work after the programme (no heading found)", "applicant (no 'Søkerkommune:' line)",
                     "partners (no 'Samarbeidskommuner:' line)", "population (no 'Folketall i regionen:' line)",
                     "area (no 'Areal i regionen:' line)"]),
    ("plain-paragraphs.txt", ["work after the programme (no heading found)"]),
    ("typo-headings.txt", []),
    ("bokmaal.txt", []),
])
def test_what_is_not_found_is_reported(page: str, expected: list[str]) -> None:
    (region,) = read_regions([PAGES / page])
    assert list(region.findings.missing) == expected


def test_typos_in_headings_are_reported_with_the_reading(tmp_path: Path) -> None:
    (region,) = read_regions([PAGES / "typo-headings.txt"])
    found = "\n".join(region.report())
    assert "under \"Resulatat\" (heading read as 'resultat', 94% alike)" in found
    assert "under \"Måll for Leikanger, Luster og Sogndal\" (heading read as 'mål for', 94% alike)" in found


def test_the_cut_off_line_is_left_out(tmp_path: Path) -> None:
    text = write_draft(tmp_path, [PAGES / "cut-off.txt"]).read_text(encoding="utf-8")
    assert "Strategiplan" not in text and "BDO-rapporten" in text


@pytest.mark.parametrize(("value", "number", "date"), [
    ("15.071 (1.jan 2015)", "15071", "2015-01-01"),
    ("15 071 (1. januar 2015)", "15071", "2015-01-01"),
    ("15\u00a0071 (01.01.2015)", "15071", "2015-01-01"),
    ("1 234 567 per 31.12.2019", "1234567", "2019-12-31"),
    ("23 400 (1. kvartal 2016)", "23400", "2016"),
    ("ca. 15 071", "15071", None),
])
def test_population_numbers_and_dates(value: str, number: str, date: str | None) -> None:
    parsed = facts.population(value)
    assert parsed is not None and str(parsed[0]) == number
    when = facts.when(parsed[1])
    assert (when.iso if when else None) == date


@pytest.mark.parametrize(("value", "km2"), [
    ("3.514 km²", "3514"), ("3 514 km2", "3514"), ("3\u00a0514 km²", "3514"), ("1 234,5 km²", "1234.5"),
    ("3514 kvadratkilometer", "3514"), ("3514", None), ("3514 daa", None),
])
def test_areas_need_their_unit(value: str, km2: str | None) -> None:
    parsed = facts.area(value)
    assert (str(parsed[0]) if parsed else None) == km2


@pytest.mark.parametrize(("heading", "kind"), [
    ("Mål for Leikanger,\u00a0Luster og Sogndal", "goals"), ("Måla for regionen", "goals"),
    ("Resultat", "results"), ("Resultater", "results"), ("Resulater", "results"),
    ("Råd frå regionen", "advice"), ("Leikanger, Luster og Sogndals råd for samarbeid om regional utvikling", "advice"),
    ("Utdrag fra Kongsbergregionens søknad:", "application"),
    ("Fra X sin søknad til Byregionprogrammet:", "application"),
    ("Dette jobber byregionen med etter programslutt", "after"), ("Fakta Leikanger, Luster, Sogndal", "facts"),
    ("Tilflytting og næring:", None), ("Kommunane skal samarbeide om resultat.", None),
])
def test_headings_are_recognised_by_fuzzy_match(heading: str, kind: str | None) -> None:
    match = recognise(Line(1, heading, None, heading))
    assert (match.kind if match else None) == kind


# --- every draft: verbatim quotes, valid against the shapes ----------------------

ALL_PAGES = [(SEED, "nn")] + [(PAGES / page, lang) for page, (lang, _, _) in sorted(VARIANTS.items())]


@pytest.mark.parametrize(("page", "lang"), ALL_PAGES, ids=[page.name for page, _ in ALL_PAGES])
def test_every_quote_and_heading_is_verbatim(tmp_path: Path, page: Path, lang: str) -> None:
    graph = Graph().parse(write_draft(tmp_path, [page], lang))
    text = page.read_text(encoding="utf-8")
    passages = set(graph.subjects(LLS.quote, None))
    assert passages
    for passage in passages:
        assert str(graph.value(passage, LLS.quote)) in text, passage
        assert str(graph.value(passage, LLS.sectionHeading)) in text, passage
        document = graph.value(passage, LLS.inDocument)
        assert str(graph.value(document, LLS.localCopy)) == page.as_posix()
    positions = sorted(int(graph.value(p, LLS.position)) for p in passages)
    assert positions == list(range(1, len(passages) + 1))


@pytest.mark.parametrize(("page", "lang"), ALL_PAGES, ids=[page.name for page, _ in ALL_PAGES])
def test_the_draft_passes_the_shapes(tmp_path: Path, page: Path, lang: str) -> None:
    report = check(select([write_draft(tmp_path, [page], lang)], default=False))
    assert report.conforms, report.lines()


def test_the_no_break_spaces_of_the_seed_are_kept(seed_draft: Store) -> None:
    quotes = {str(row[0]) for row in seed_draft.query(
        "SELECT ?q WHERE { ?p <https://w3id.org/lls-kg/ontology#quote> ?q }").rows}
    assert "Søkerkommune:\u00a0Sogndal" in quotes


# --- several pages, region ids ---------------------------------------------------

def test_two_pages_give_two_regions_with_their_own_iris(tmp_path: Path) -> None:
    draft = write_draft(tmp_path, [SEED, PAGES / "plain-paragraphs.txt"])
    store = open_store("memory", [draft], default=False)
    facts = store.query(load_named("region_facts").text).rows
    assert sorted(str(row[0]) for row in facts) == ["https://w3id.org/lls-kg/id/region/eksempelregionen",
                                                    "https://w3id.org/lls-kg/id/region/leikanger-luster-sogndal"]
    goals = rows(store, "PREFIX lls: <https://w3id.org/lls-kg/ontology#> "
                        "SELECT ?region (COUNT(?goal) AS ?n) WHERE { ?goal lls:goalOf ?region } GROUP BY ?region")
    assert [n for _, n in goals] == ["2", "3"]
    assert check(select([draft], default=False)).conforms


def test_region_id_names_the_iris(tmp_path: Path) -> None:
    text = write_draft(tmp_path, [SEED], region_id="lls").read_text(encoding="utf-8")
    assert "region:lls a lls:CityRegion" in text and "goal:lls-1 a lls:Goal" in text


# --- the command line --------------------------------------------------------------

def test_the_command_writes_the_draft_and_reports_on_stderr(runner, tmp_path: Path) -> None:
    out = tmp_path / "draft.ttl"
    result = runner.invoke(cli, ["extract", str(PAGES / "missing-advice.txt"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "  found    goals: 3 goals under \"Mål for Leikanger, Luster og Sogndal\"" in result.stderr
    assert "  missing  advice (no heading found)" in result.stderr
    assert out.read_text(encoding="utf-8").startswith("# A draft graph written by 'lls-kg extract'")
    validated = runner.invoke(cli, ["validate", "--no-default", "--data", str(out)])
    assert validated.exit_code == 0, validated.output


def test_quiet_keeps_only_what_is_missing(runner) -> None:
    result = runner.invoke(cli, ["extract", "-q", str(PAGES / "missing-advice.txt")])
    assert result.exit_code == 0
    assert "  found " not in result.stderr and "  missing  advice (no heading found)" in result.stderr
    assert result.stdout.startswith("# A draft graph")


def bad_pages(folder: Path) -> None:
    """Pages the extractor must refuse: empty, binary, not UTF-8, without a title."""
    files = {"empty": b"  \n\n", "binary": b"\x89PNG\r\n\x1a\n\x00\x00",
             "latin1": "Førde - Naustdal\n".encode("latin-1"), "untitled": b" 1. Kommunane skal samarbeide.\n"}
    for name, data in files.items():
        (folder / f"{name}.txt").write_bytes(data)


@pytest.mark.parametrize(("page", "message"), [
    ("missing", "missing.txt: no such file"),
    ("empty", "empty.txt: the file is empty"),
    ("binary", "binary.txt: not a text page (the file holds binary data)"),
    ("latin1", "latin1.txt: not UTF-8 text (byte 1); save the page as UTF-8"),
    ("untitled", 'untitled.txt: no title: the first line should name the region (e.g. "A – B – C"), '
                 'not "1. Kommunane skal samarbeide."'),
])
def test_bad_pages_are_one_line_and_exit_2(runner, tmp_path: Path, page: str, message: str) -> None:
    bad_pages(tmp_path)
    result = runner.invoke(cli, ["extract", str(tmp_path / f"{page}.txt")])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"lls-kg: error: {tmp_path / page}{message.removeprefix(page)}"]


@pytest.mark.parametrize(("args", "message"), [
    (["--region-id", "lls", str(SEED), str(PAGES / "plain-paragraphs.txt")],
     "--region-id names one region: give it with one page only, not 2"),
    (["--region-id", "LLS!", str(SEED)], "--region-id 'LLS!': use lower-case letters, digits and hyphens"),
    ([str(SEED), str(PAGES / "bokmaal.txt")], "both give the region region:leikanger-luster-sogndal"),
    (["--lang", "sv", str(SEED)], "Invalid value for '--lang'"),
    ([], "Missing argument 'PAGE.txt...'"),
])
def test_bad_usage_is_one_line_and_exit_2(runner, args: list[str], message: str) -> None:
    result = runner.invoke(cli, ["extract", *args])
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr
