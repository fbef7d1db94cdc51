"""Each named query answers correctly on the shipped graph, on every backend.

The expected rows are written by hand from the source page (and, where marked,
from ../shared/sources/external-facts.md), not copied from the program's output.
"""

from __future__ import annotations

import pytest

from click.testing import CliRunner

from lls_kg.cli import cli
from lls_kg.namespaces import PREFIXES
from lls_kg.sparql import list_named, load_named
from lls_kg.store import open_store
from rdflib import URIRef

from conftest import compact_rows

BACKENDS = ["memory", "rdflib", "oxigraph-disk", "oxigraph-server"]

# The passages, verbatim from the page.
SOKAR = "Søkerkommune:\u00a0Sogndal"
SAMARBEID = "Samarbeidskommuner:\u00a0Luster, Leikanger"
RAAD_3 = ("Dersom det er prosjekt med eksterne midlar involvert, så kan det vere smart å endre prosjekteigar "
          "til dei som har størst eigarskap til prosjektet (eks de overførte prosjektet med bygging av "
          "sykkelløyper til Sogn terrengssykkel)")
REASON = ("Dersom det er prosjekt med eksterne midlar involvert, så kan det vere smart å endre prosjekteigar "
          "til dei som har størst eigarskap til prosjektet")
FOLKETAL = ("Luster kommune har omtrent same folketalsutviklinga som framskrivingane til SSB skisserte i 2014 "
            "(-1 person), Leikanger treff også bra på framskriving med– 8 personar, medan Sogndal har\u00a0 -149 "
            "personar færre enn framskrivingane skulle tilseie i år 2018.")


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory) -> str:
    """The shipped graph loaded by `lls-kg load` into an on-disk Oxigraph store; its --store spec."""
    spec = f"oxigraph:{tmp_path_factory.mktemp('store') / 'kg'}"
    result = CliRunner().invoke(cli, ["load", "--store", spec, "--quiet"])
    assert result.exit_code == 0, result.output
    return spec


@pytest.fixture(scope="module", params=BACKENDS)
def store(request):
    if request.param == "oxigraph-disk":
        return open_store(request.getfixturevalue("disk_store"))
    if request.param == "oxigraph-server":
        return open_store(request.getfixturevalue("oxigraph_server"))
    return open_store(request.param)


def iri(name: str) -> URIRef:
    prefix, local = name.split(":", 1)
    return URIRef(PREFIXES[prefix] + local)


def ask(store, name, **params):
    query = load_named(name)
    return compact_rows(store.query(query.text, bindings={k: iri(v) for k, v in params.items()}))


def test_municipalities(store):
    assert ask(store, "municipalities") == [
        ("region:lls", "Leikanger – Luster – Sogndal", "municipality:sogndal", "Sogndal municipality", "applicant", SOKAR),
        ("region:lls", "Leikanger – Luster – Sogndal", "municipality:leikanger", "Leikanger municipality", "partner", SAMARBEID),
        ("region:lls", "Leikanger – Luster – Sogndal", "municipality:luster", "Luster municipality", "partner", SAMARBEID),
    ]


def test_owners_show_the_transfer_of_the_bike_trails(store):
    # No date: the page says neither when the trails changed owner nor until when the region owned them.
    assert ask(store, "owners") == [
        ("project:sykkelloyper", "Building bike trails", "organisation:sogn-terrengsykkel",
         "Sogn terrengsykkel", "owner", "current", None, None, RAAD_3,
         "The page does not say when the project changed owner."),
        ("project:sykkelloyper", "Building bike trails", "region:lls",
         "Leikanger – Luster – Sogndal", "former owner", "former", None, None, RAAD_3,
         "The page says only 'they transferred the project': which municipality or unit of the collaboration "
         "owned it, and until when, is not said."),
    ]


def test_owners_of_one_owner(store):
    rows = ask(store, "owners", owner="organisation:sogn-terrengsykkel")
    assert [row[0] for row in rows] == ["project:sykkelloyper"]
    assert ask(store, "owners", owner="organisation:bdo") == []


def test_transfers(store):
    assert ask(store, "transfers") == [(
        "transfer:sykkelloyper", "project:sykkelloyper", "Building bike trails",
        "region:lls", "Leikanger – Luster – Sogndal",
        "organisation:sogn-terrengsykkel", "Sogn terrengsykkel",
        REASON,
        "When a project involves external funds, it can be smart to make those with the greatest ownership "
        "of the project its owner.",
        None, RAAD_3,
    )]


def test_goal_activities(store):
    # Goal 1 has only the work after the programme; goal 2 the BDO report and the strategy plan;
    # goal 3 the four results under "Kompetansemiljø og innovasjon" (the first-line service and fund
    # counted as the set-up activity, the service and the fund). None has an owner on the page.
    items = [(row[0], row[3], row[5], row[6]) for row in ask(store, "goal_activities")]
    assert items == [
        ("1", "activity:arbeid-etter-programslutt", "activity", None),
        ("2", "document:strategiplan-offentlege-arbeidsplassar", "plan", None),
        ("2", "document:bdo-rapport", "report", None),
        ("2", "activity:arbeid-etter-programslutt", "activity", None),
        ("3", "activity:naeringsvenleg-region", "activity", None),
        ("3", "activity:plansamarbeid", "activity", None),
        ("3", "activity:felles-forstelinjeteneste-og-naeringsfond", "activity", None),
        ("3", "fund:felles-naeringsfond", "fund", None),
        ("3", "service:felles-forstelinjeteneste", "shared service", None),
        ("3", "activity:utgreiing-nye-sogndal", "activity", None),
        ("3", "activity:arbeid-etter-programslutt", "activity", None),
    ]


def test_actors_of_a_goal(store):
    # Goal 2: BDO wrote its report; the region its strategy plan and, after the programme, keeps working
    # on the goals (the page names no municipality in that work).
    rows = ask(store, "goal_actors", goal="goal:offentlege-arbeidsplassar")
    assert sorted((row[2], row[4], row[6]) for row in rows) == sorted([
        ("organisation:bdo", "document:bdo-rapport", "author"),
        ("region:lls", "document:strategiplan-offentlege-arbeidsplassar", "author"),
        ("region:lls", "activity:arbeid-etter-programslutt", "participant"),
    ])


def test_goals_of_an_actor(store):
    # Sogn Næring carried out the study of the new Sogndal (goal 3), as BYR's project leader.
    rows = ask(store, "goal_actors", actor="organisation:sogn-naering")
    assert [(row[0], row[4], row[6]) for row in rows] == [
        ("goal:kompetansemiljo-og-innovasjon", "activity:utgreiing-nye-sogndal", "performer"),
    ]
    # Luster works on goal 3 through its planning department (the planning gathering), and on nothing else.
    luster = [(row[0], row[4], row[7]) for row in ask(store, "goal_actors", actor="municipality:luster")]
    assert luster == [("goal:kompetansemiljo-og-innovasjon", "activity:plansamarbeid", "unit:planavdeling-luster")]


def test_cross_border(store):
    # Joint work only: the community analysis and the BYR project are the programme's own structure, the
    # application is authorship, and the work after the programme has the region alone as its actor.
    rows = [(row[0], row[2], row[3]) for row in ask(store, "cross_border")]
    three = ["municipality:leikanger", "municipality:luster", "municipality:sogndal"]
    expected = [("activity:plansamarbeid", "3", m) for m in three]  # through the planning departments
    expected += [
        ("activity:naeringsvenleg-region", "2", "municipality:leikanger"),
        ("activity:naeringsvenleg-region", "2", "municipality:sogndal"),
        ("activity:naeringsvenleg-region", "2", "group:nokre-andre-kommunar"),
        ("activity:felles-forstelinjeteneste-og-naeringsfond", "2", "group:to-av-tre-kommunar"),
    ]
    assert rows == expected


def test_competence_environments(store):
    rows = [(row[0], row[2], row[4], row[6]) for row in ask(store, "competence_environments")]
    assert rows == [
        ("environment:hvl-campus-sogndal", "municipality:nye-sogndal", None, None),
        ("environment:forvaltning-og-utdanning", "municipality:leikanger", None, None),
        ("environment:forvaltning-og-utdanning", "municipality:sogndal", None, None),
        ("environment:offentleg-naeringsklynge", None, "document:strategiplan-offentlege-arbeidsplassar", "concerns"),
        ("environment:statsforvaltning-leikanger", "municipality:leikanger", None, None),
        ("environment:vidaregaande-skular", "municipality:nye-sogndal", None, None),
    ]


def test_population_against_the_projection(store):
    rows = ask(store, "population")
    # The year 2018 stands only in the clause on Sogndal; for Leikanger and Luster the page gives none.
    assert [(row[0], row[2], row[3], row[4], row[5], row[7]) for row in rows] == [
        ("municipality:sogndal", "-149", "persons", "2018", "document:ssb-framskriving-2014", FOLKETAL),
        ("municipality:leikanger", "-8", "persons", None, "document:ssb-framskriving-2014", FOLKETAL),
        ("municipality:luster", "-1", "persons", None, "document:ssb-framskriving-2014", FOLKETAL),
    ]
    assert [row[8] is not None for row in rows] == [False, True, True]


def test_merger(store):
    # Sogndal, Leikanger and Balestrand into the new Sogndal; Balestrand was not in the programme.
    # Decision and effective dates come from the external facts (Storting 8 June 2017; 1 January 2020).
    rows = [(row[1], row[3], row[4], row[6], row[7], row[8]) for row in ask(store, "merger")]
    assert rows == [
        ("municipality:leikanger", "true", "municipality:nye-sogndal", "true", "2017-06-08", "2020-01-01"),
        ("municipality:sogndal", "true", "municipality:nye-sogndal", "true", "2017-06-08", "2020-01-01"),
        ("municipality:balestrand", "false", "municipality:nye-sogndal", "true", "2017-06-08", "2020-01-01"),
    ]


def test_vague(store):
    rows = {(row[0], row[4]) for row in ask(store, "vague")}
    assert rows == {
        ("group:to-av-tre-kommunar", "2"),            # "to av dei tre kommunane": the count, no names
        ("group:nokre-andre-kommunar", None),         # "nokre andre kommunar": not even a count
        ("role:sykkelloyper-tidlegare-eigar", None),  # "de overførte": which part of the region
        ("transfer:sykkelloyper", None),              # when the trails changed owner
        ("project:byr-lls", None),                    # who owned BYR
        ("document:bdo-rapport", None),               # year and commissioner of the report
        ("environment:offentleg-naeringsklynge", None),  # which workplaces, which host municipalities
        ("event:nettverkssamling-aalesund", None),    # when the meeting was
        ("activity:arbeid-etter-programslutt", None),  # which activities after the programme, and by whom
        ("environment:vidaregaande-skular", None),    # the external source names no schools
        ("observation:avvik-luster-2018", None),      # the year of Luster's deviation
        ("observation:avvik-leikanger-2018", None),   # the year of Leikanger's deviation
        ("use:tilskot-sykkelstiar", None),            # the grant's bike trails: the page's project? (identified)
        ("use:tilskot-plansamlingar", None),          # the grant's planning gatherings: Plansamling? (identified)
    }


def test_gaps(store):
    rows = ask(store, "gaps")
    by_kind = {}
    for gap, resource, _ in rows:
        by_kind.setdefault(gap, set()).add(resource)
    assert by_kind == {
        # The page lists results under every goal, but names the owner of none of them.
        "goal whose work has no named owner": {"goal:tilflytting-og-naering", "goal:offentlege-arbeidsplassar",
                                               "goal:kompetansemiljo-og-innovasjon"},
        # The page names BYR's applicant and partners, not its owner.
        "project with no current owner": {"project:byr-lls"},
        "actor linked to no goal": {
            "municipality:balestrand", "organisation:sogn-terrengsykkel", "organisation:ssb",
            "organisation:kmd", "organisation:distriktssenteret",
            "environment:statsforvaltning-leikanger", "environment:forvaltning-og-utdanning",
            "environment:hvl-campus-sogndal", "environment:vidaregaande-skular",
        },
    }


def test_source_of_a_resource(store):
    rows = ask(store, "source", resource="observation:folketal-lls-2015")
    assert rows == [("observation:folketal-lls-2015", "passage:fakta-folketal",
                     "Folketall i regionen: 15.071 (1.jan 2015)", "Fakta Leikanger, Luster, Sogndal",
                     "source:lls-byregionprogrammet", None)]
    external = ask(store, "source", resource="identifier:kommunenummer-4640")
    assert [(row[1], row[5]) for row in external] == [("source:snl-sogndal", "https://snl.no/Sogndal")]


def test_region_facts(store):
    assert ask(store, "region_facts") == [
        ("region:lls", "Leikanger – Luster – Sogndal", "15071", "2015-01-01", "3514", "Sogndal municipality", "3"),
    ]


def test_region_counts(store):
    # the three goals, the nine distinct pieces of work reported under them, the three pieces of advice
    assert ask(store, "region_counts") == [("region:lls", "3", "9", "3")]


def test_documents(store):
    # The source page and the address it was copied from (the report's header names it).
    assert ask(store, "documents") == [
        ("source:lls-byregionprogrammet", "The city-region programme: Leikanger – Luster – Sogndal",
         "https://distriktssenteret.no/artikkel/sogndal/"),
    ]


def test_lessons(store):
    rows = [(row[1], row[5]) for row in ask(store, "lessons")]
    assert rows == [("1", None), ("2", None), ("3", "project:sykkelloyper"), ("3", "transfer:sykkelloyper")]


def test_pairs(store):
    # Joint work only, a department counted as its municipality: NVR (Sogndal, Leikanger and some other
    # municipalities) and the planning gathering (the three planning departments).
    rows = [(row[0], row[2], row[4], row[5]) for row in ask(store, "pairs")]
    nvr, planning = "Business-friendly region", "Planning gathering: the planning departments' collaboration"
    assert [row[:3] for row in rows] == [
        ("municipality:leikanger", "municipality:sogndal", "2"),
        ("group:nokre-andre-kommunar", "municipality:leikanger", "1"),
        ("group:nokre-andre-kommunar", "municipality:sogndal", "1"),
        ("municipality:leikanger", "municipality:luster", "1"),
        ("municipality:luster", "municipality:sogndal", "1"),
    ]
    assert sorted(rows[0][3].split("; ")) == [nvr, planning]


def test_timeline(store):
    # Dated: phase 1 (2014–2015) and phase 2 (2015–2017) from Sogn Næring's summary, SSB's 2014 projection,
    # the population on 1 January 2015, the service and the fund from 1 January 2017, the merger decided
    # (8 June 2017) and in force (1 January 2020) by the encyclopaedia, Sogndal's deviation in 2018.
    # Undated: the transfer of the bike trails, Luster's and Leikanger's deviations, the Ålesund meeting.
    rows = [(row[0], row[4], row[5]) for row in ask(store, "timeline")]
    assert rows == [
        ("phase:fase-1", "2014", "2015"),
        ("document:ssb-framskriving-2014", "2014", None),
        ("phase:fase-2", "2015", "2017"),
        ("observation:folketal-lls-2015", "2015-01-01", None),
        ("fund:felles-naeringsfond", "2017-01-01", None),
        ("service:felles-forstelinjeteneste", "2017-01-01", None),
        ("event:samanslaaing-nye-sogndal", "2017-06-08", None),
        ("observation:avvik-sogndal-2018", "2018", None),
        ("event:samanslaaing-nye-sogndal", "2020-01-01", None),
        ("transfer:sykkelloyper", None, None),
        ("observation:avvik-leikanger-2018", None, None),
        ("observation:avvik-luster-2018", None, None),
        ("event:nettverkssamling-aalesund", None, None),
    ]
    merger = [row[6] for row in ask(store, "timeline") if row[0] == "event:samanslaaing-nye-sogndal"]
    assert merger == ["Store norske leksikon: Sogndal"] * 2  # the dates' source, not the page's


def test_programme(store):
    # KMD funded, Distriktssenteret administered, Sogn Næring led the region's project; two phases; the
    # NOK 1.7 million phase-2 grant and its four uses, two identified with the page's work at medium confidence.
    rows = ask(store, "programme")
    roles = sorted((row[5], row[7]) for row in rows if row[2] == "lls:Role")
    assert roles == [("organisation:distriktssenteret", "administrator"), ("organisation:kmd", "funder"),
                     ("organisation:sogn-naering", "project leader")]
    assert [(row[3], row[8], row[9]) for row in rows if row[2] == "lls:ProgrammePhase"] == [
        ("phase:fase-1", "2014", "2015"), ("phase:fase-2", "2015", "2017")]
    assert [(row[3], row[10]) for row in rows if row[2] == "lls:Fund"] == [("fund:byr-fase-2-tilskot", "1700000")]
    uses = {row[3]: (row[11], row[13]) for row in rows if row[2] == "lls:FundUse"}
    assert uses == {"use:tilskot-grunder-og-tilflyttararrangement": (None, None),
                    "use:tilskot-sykkelstiar": ("project:sykkelloyper", "medium"),
                    "use:tilskot-plansamlingar": ("activity:plansamarbeid", "medium"),
                    "use:tilskot-utgreiingar-offentlege-arbeidsplassar": (None, None)}


def test_application(store):
    # The application's three themes (numbered as on the page) and the six expected effects.
    rows = ask(store, "application")
    assert [(row[3], row[2]) for row in rows if row[1] == "lls:Theme"] == [
        ("1", "theme:tilflytting-og-naering"), ("2", "theme:offentlege-arbeidsplassar"),
        ("3", "theme:kompetansemiljo-og-innovasjon")]
    assert len([row for row in rows if row[1] == "lls:ExpectedEffect"]) == 6
    assert all(row[6] for row in rows)  # each with its source quote


def test_every_named_query_has_a_test():
    tested = {"municipalities", "owners", "transfers", "goal_activities", "goal_actors", "cross_border",
              "competence_environments", "population", "merger", "vague", "gaps", "source",
              "region_facts", "region_counts", "lessons", "pairs", "timeline", "programme", "application", "documents"}
    assert {q.name for q in list_named(internal=False)} == tested  # internal ones serve stats, views, validation
