"""``lls-kg extract`` keeps who did what, without guessing: roles and transfers from sentences, goals by their
words, results under their goal, the opening paragraph, and a page that stops inside its facts box.

The pages are made up (``fixtures/pages/roles-*.txt``, ``cut-in-facts.txt``, see their README); the seed
copy is read to check that what the extractor finds there is what the page says.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef

from lls_kg import resources
from lls_kg.cli import cli
from lls_kg.extract import extract, read_regions, roles
from lls_kg.store.files import select
from lls_kg.validate import check

from conftest import FIXTURES

LLS = Namespace("https://w3id.org/lls-kg/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
PAGES = FIXTURES / "pages"
SEED = resources.page_copies_dir() / "lls-byregionprogrammet.txt"
BOKMAAL, NYNORSK = (PAGES / "roles-bokmaal.txt", "nb"), (PAGES / "roles-nynorsk.txt", "nn")


def draft(tmp: Path, page: Path, lang: str = "nn") -> Graph:
    target = tmp / f"{page.stem}.ttl"
    target.write_bytes(extract([page], lang).turtle)
    return Graph().parse(target)


def label(graph: Graph, node: URIRef) -> str:
    """The English label (the draft's own words in English; the page's words stay as written)."""
    return next(str(text) for text in graph.objects(node, RDFS.label) if text.language == "en")


def quotes(graph: Graph, node: URIRef) -> set[str]:
    """The verbatim quotes ``node`` is derived from."""
    return {str(graph.value(passage, LLS.quote)) for passage in graph.objects(node, PROV.wasDerivedFrom)}


def held(graph: Graph, *beside: URIRef) -> set[tuple[str, str, str]]:
    """Every role as (actor, kind, work), by label and local name, leaving out roles of the ``beside`` kinds."""
    return {(label(graph, graph.value(role, LLS.actor)), graph.value(role, LLS.roleKind).split("#")[-1],
             label(graph, graph.value(role, LLS.roleIn)))
            for role in graph.subjects(RDF.type, LLS.Role) if graph.value(role, LLS.roleKind) not in beside}


# --- sentences: the verb table, both written standards ------------------------------------

@pytest.mark.parametrize(("sentence", "expected"), [
    ("Fjordby kommune eier traineeprogrammet, som ble overført fra Dalen næringsforening i 2017.",
     {("Fjordby kommune", "Owner", "traineeprogrammet"), ("Dalen næringsforening", "FormerOwner", "traineeprogrammet")}),
    ("Fjordby kommune eig prosjektet Y, som vart overført frå Dalen næringsforeining.",
     {("Fjordby kommune", "Owner", "prosjektet Y"), ("Dalen næringsforeining", "FormerOwner", "prosjektet Y")}),
    ("Vik kommune leder prosjektet Grønn fjord.", {("Vik kommune", "ProjectLeader", "prosjektet Grønn fjord")}),
    ("Vik kommune leiar arbeidet med ny næringsplan.", {("Vik kommune", "ProjectLeader", "arbeidet med ny næringsplan")}),
    ("Sørvik og Austdal deltek i nettverket.", {("Sørvik", "Participant", "nettverket"),
                                                ("Austdal", "Participant", "nettverket")}),
    ("Dalen kommune deltar i prosjektet Grønn fjord.", {("Dalen kommune", "Participant", "prosjektet Grønn fjord")}),
    ("Vik kommune samarbeider med Vik turlag om stiane.", {("Vik kommune", "Participant", "stiane"),
                                                          ("Vik turlag", "Participant", "stiane")}),
    ("Gründerkveldane er i regi av Fjordby næringsråd.", {("Fjordby næringsråd", "ProjectLeader", None)}),
    ("Dei tre planavdelingane har etablert samarbeid.", set()),          # no verb of the table: no role
    ("Kommunane eig prosjektet.", set()),                                # names no one: no role
    ("Gje prosjekta til dei som eig dei.", set()),                       # a clause, not a name
    ("Lat administrasjonen eige prosjekta.", set()),                     # an infinitive, no subject
    ("Fjordby kommune leier lokaler til kontoret.", set()),              # Bokmål "leier": rents, not leads
    ("Prosjektleiar for BYR fekk oppdraget.", set()),                    # a noun, not the verb "leiar"
])
def test_a_sentence_states_the_roles_its_verb_says_and_no_others(sentence: str, expected: set) -> None:
    assert {(role.actor.words, role.kind, role.work) for role in roles.read(sentence).roles} == expected


def test_a_handing_over_by_someone_unnamed_keeps_them_unnamed() -> None:
    (transfer,) = roles.read("(eks de overførte prosjektet med bygging av sykkelløyper til Sogn terrengssykkel)"
                             ).transfers
    assert (transfer.source, transfer.target.words, transfer.work, transfer.year) == (
        roles.Actor("de", named=False), "Sogn terrengssykkel", "prosjektet med bygging av sykkelløyper", None)


# --- the draft: owner, former owner and transfer, each from its sentence ---------------------

@pytest.mark.parametrize(("page", "lang", "sentence", "work", "former", "year"), [
    (*BOKMAAL, "Traineeprogram: Fjordby kommune eier traineeprogrammet, som ble overført fra Dalen næringsforening "
               "i 2017.", "traineeprogrammet", "Dalen næringsforening", "2017"),
    (*NYNORSK, "Ungt entreprenørskap: Fjordby kommune eig prosjektet Ungt entreprenørskap, som vart overført frå "
               "Dalen næringsforeining.", "prosjektet Ungt entreprenørskap", "Dalen næringsforeining", None),
], ids=["nb", "nn"])
def test_owner_former_owner_and_transfer_cite_their_sentence(tmp_path: Path, page: Path, lang: str, sentence: str,
                                                              work: str, former: str, year: str | None) -> None:
    graph = draft(tmp_path, page, lang)
    (transfer,) = [t for t in graph.subjects(RDF.type, LLS.OwnershipTransfer)
                   if label(graph, graph.value(t, LLS.transferOf)) == work]
    new, old = graph.value(transfer, LLS.transferredTo), graph.value(transfer, LLS.transferredFrom)
    assert (label(graph, new), label(graph, old)) == ("Fjordby municipality", former)
    assert new == URIRef("https://w3id.org/lls-kg/id/municipality/fjordby")   # a member: the member's IRI
    assert (old, RDF.type, LLS.Organisation) in graph
    ended, started = graph.value(transfer, LLS.endedRole), graph.value(transfer, LLS.startedRole)
    assert (graph.value(started, LLS.actor), graph.value(started, LLS.roleKind)) == (new, LLS.Owner)
    assert (graph.value(ended, LLS.actor), graph.value(ended, LLS.roleKind)) == (old, LLS.FormerOwner)
    for node in (transfer, started, ended):
        assert quotes(graph, node) == {sentence}
    assert sentence in page.read_text(encoding="utf-8")
    assert graph.value(transfer, DCTERMS.date) == (Literal(year, datatype=XSD.gYear) if year else None)
    open_when = {str(text) for text in graph.objects(transfer, LLS.leftOpen) if text.language == "en"}
    assert ("When the project changed owner, the sentence does not say." in open_when) == (year is None)


@pytest.mark.parametrize(("page", "lang"), [BOKMAAL, NYNORSK], ids=["nb", "nn"])
def test_leadership_participation_run_by_and_cooperation(tmp_path: Path, page: Path, lang: str) -> None:
    graph = draft(tmp_path, page, lang)
    roles_held = held(graph, LLS.Applicant, LLS.Partner, LLS.Owner, LLS.FormerOwner)
    run_by = {role for role in roles_held if role[0] == "Fjordby næringsråd"}
    assert roles_held - run_by >= {
        ("Vik municipality", "ProjectLeader", "prosjektet Grønn fjord"),
        ("Dalen municipality", "Participant", "prosjektet Grønn fjord"),
        ("Fjordby municipality", "Participant", "reiselivsnettverket"),
        ("Fjordby reiselivslag", "Participant", "reiselivsnettverket")}
    (run_by_role,) = run_by   # "i regi av": the leader of the result the sentence stands in
    assert run_by_role[1] == "ProjectLeader" and run_by_role[2].startswith("Result 2 of")


@pytest.mark.parametrize(("page", "lang"), [(PAGES / "plain-paragraphs.txt", "nn"),
                                            (PAGES / "cut-in-facts.txt", "nn"), (PAGES / "bokmaal.txt", "nb")])
def test_a_page_that_states_no_role_has_none_beyond_applicant_and_partners(tmp_path: Path, page: Path,
                                                                           lang: str) -> None:
    graph = draft(tmp_path, page, lang)
    beyond = {kind for _, kind, _ in held(graph, LLS.Applicant, LLS.Partner)}
    assert beyond <= {"Participant"}   # the region's own work after the programme, where the page has it
    assert not set(graph.subjects(RDF.type, LLS.OwnershipTransfer))
    assert not set(graph.subjects(RDF.type, LLS.Organisation))
    (region,) = read_regions([page])
    assert region.roles() == ["roles and transfers: no sentence states any"]


# --- goals, results under them, the opening paragraph -----------------------------------------

@pytest.mark.parametrize(("page", "lang"), [BOKMAAL, NYNORSK, (SEED, "nn")], ids=["nb", "nn", "seed"])
def test_goals_are_labelled_by_their_own_words_with_their_number_apart(tmp_path: Path, page: Path,
                                                                       lang: str) -> None:
    graph = draft(tmp_path, page, lang)
    goals = sorted(graph.subjects(RDF.type, LLS.Goal), key=lambda goal: int(graph.value(goal, SKOS.notation)))
    assert goals
    for n, goal in enumerate(goals, 1):
        definition = graph.value(goal, SKOS.definition)
        labels = {text.language: str(text) for text in graph.objects(goal, RDFS.label)}
        assert set(labels) == {"nn", "en", lang} and labels[lang] == str(definition)  # the words, in their language
        assert labels["en"] == f"Goal {n}: “{definition}”"  # quoted where the language is another
        assert labels["nn"] in (str(definition), f"Mål {n}: «{definition}»")
        assert str(graph.value(goal, SKOS.notation)) == str(n)


def served(graph: Graph) -> list[str | None]:
    """For each result in page order, the number of the goal it serves (None: none)."""
    results = sorted((node for node in graph.subjects(RDF.type, LLS.Activity) if "-resultat-" in str(node)),
                     key=lambda node: int(str(node).rsplit("-", 1)[1]))
    goal = [graph.value(result, LLS.servesGoal) for result in results]
    return [None if g is None else str(graph.value(g, SKOS.notation)) for g in goal]


@pytest.mark.parametrize(("page", "lang", "expected"), [
    (*BOKMAAL, ["1", "1", "2", "2", None]),                       # "Mål 1 – …", "Mål 2 – …", "Annet arbeid"
    (*NYNORSK, ["1", "1", "2", "2", None]),                       # the goals' own words, "Anna arbeid"
    (PAGES / "plain-paragraphs.txt", "nn", ["1", "2"]),           # "Busetjing:", "Næring:"
    (PAGES / "cut-in-facts.txt", "nn", [None]),                   # no sub-heading: under no goal
    (PAGES / "results-under-goals.txt", "nb", ["1", "2", None]),  # sub-lists under the goals; one under "Resultater"
    (SEED, "nn", ["1", "2", "2", "3", "3", "3", "3"]),            # as graph/work.ttl ties them
])
def test_results_serve_a_goal_only_under_its_heading(tmp_path: Path, page: Path, lang: str,
                                                      expected: list[str | None]) -> None:
    assert served(draft(tmp_path, page, lang)) == expected


@pytest.mark.parametrize(("page", "lang"), [BOKMAAL, NYNORSK, (SEED, "nn")], ids=["nb", "nn", "seed"])
def test_the_opening_paragraph_is_the_regions_description(tmp_path: Path, page: Path, lang: str) -> None:
    graph = draft(tmp_path, page, lang)
    (region,) = graph.subjects(RDF.type, LLS.CityRegion)
    (description,) = graph.objects(region, DCTERMS.description)
    opening = [line.strip() for line in page.read_text(encoding="utf-8").splitlines() if line.strip()][1]
    assert (str(description), description.language) == (opening, lang)
    assert opening in quotes(graph, region)


# --- a page cut inside its facts box -------------------------------------------------------------

def test_a_page_cut_inside_its_facts_box_is_reported_and_left_open(tmp_path: Path) -> None:
    page = PAGES / "cut-in-facts.txt"
    (region,) = read_regions([page])
    assert region.findings.missing[0] == ('the facts box: the page stops inside it; its last line may be cut and is '
                                          'left out: "Folketal i regionen: 6 4"')
    graph = draft(tmp_path, page)
    (node,) = graph.subjects(RDF.type, LLS.CityRegion)
    left_open = {str(text) for text in graph.objects(node, LLS.leftOpen) if text.language == "en"}
    assert left_open == {"The page stops inside its facts box, at line 17: that line and what should follow "
                         "are missing."}
    assert not set(graph.subjects(RDF.type, LLS.IndicatorObservation))


def test_a_cut_after_a_names_line_leaves_that_line_out(tmp_path: Path) -> None:
    text = (PAGES / "cut-in-facts.txt").read_text(encoding="utf-8")
    page = tmp_path / "cut.txt"
    page.write_text(text.split("Folketal")[0].replace("Sørfjord\n", "Sørfj", 1).rstrip() + "\n", encoding="utf-8")
    (region,) = read_regions([page])
    assert region.findings.cut_in_box is not None and region.findings.partners is None
    assert list(region.findings.members()) == ["Nordvik"]


@pytest.mark.parametrize("page", [BOKMAAL[0], SEED, PAGES / "plain-paragraphs.txt"])
def test_a_whole_facts_box_is_not_cut(page: Path) -> None:
    (region,) = read_regions([page])
    assert region.findings.cut_in_box is None


# --- the seed: what it finds is what the page says; everything passes the shapes -------------------

def test_the_seed_gives_the_bike_trails_to_sogn_terrengssykkel_from_the_unnamed_de(tmp_path: Path) -> None:
    graph = draft(tmp_path, SEED)
    (transfer,) = graph.subjects(RDF.type, LLS.OwnershipTransfer)
    new, old = graph.value(transfer, LLS.transferredTo), graph.value(transfer, LLS.transferredFrom)
    assert label(graph, graph.value(transfer, LLS.transferOf)) == "prosjektet med bygging av sykkelløyper"
    assert label(graph, new) == "Sogn terrengssykkel"   # spelt as the page spells it
    assert (old, RDF.type, LLS.UnnamedGroup) in graph and graph.value(old, LLS.leftOpen) is not None
    (sentence,) = quotes(graph, transfer)
    assert sentence.startswith("Dersom det er prosjekt med eksterne midlar") and sentence in SEED.read_text()
    assert held(graph, LLS.Applicant, LLS.Partner) == {
        ("Sogn terrengssykkel", "Owner", "prosjektet med bygging av sykkelløyper"),
        ("“de” (not named)", "FormerOwner", "prosjektet med bygging av sykkelløyper"),
        ("Leikanger – Luster – Sogndal", "Participant", "Work after the programme in Leikanger – Luster – Sogndal")}


@pytest.mark.parametrize(("page", "lang"), [BOKMAAL, NYNORSK, (PAGES / "cut-in-facts.txt", "nn"), (SEED, "nn")])
def test_the_drafts_pass_the_shapes(tmp_path: Path, page: Path, lang: str) -> None:
    target = tmp_path / "draft.ttl"
    target.write_bytes(extract([page], lang).turtle)
    report = check(select([target], default=False))
    assert report.conforms, report.lines()


def test_a_transfer_needs_a_reason_or_says_it_has_none(tmp_path: Path) -> None:
    graph = draft(tmp_path, SEED)
    (transfer,) = graph.subjects(RDF.type, LLS.OwnershipTransfer)
    graph.remove((transfer, LLS.leftOpen, None))
    target = tmp_path / "no-reason.ttl"
    graph.serialize(target, format="turtle")
    report = check(select([target], default=False))
    assert not report.conforms
    assert any("needs an lls:reason, or lls:leftOpen" in line for line in report.lines())


def test_the_command_reports_the_roles_in_the_readers_language(runner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["extract", "--lang", "nb", str(BOKMAAL[0]), "-o", str(tmp_path / "d.ttl")],
                           env={"LLS_KG_LANG": "nn"})
    assert result.exit_code == 0, result.output
    assert ("transfer:" not in result.stderr and
            "eigarskifte: «traineeprogrammet» frå Dalen næringsforening til Fjordby kommune i 2017 (linje 14)"
            in result.stderr and "rolle: Dalen næringsforening, tidlegare eigar, i «traineeprogrammet» (linje 14)"
            in result.stderr), result.stderr
    validated = runner.invoke(cli, ["validate", "--no-default", "--data", str(tmp_path / "d.ttl")])
    assert validated.exit_code == 0, validated.output
