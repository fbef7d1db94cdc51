"""Synthetic national-scale graphs in the LLS ontology, for benchmarks: seeded, valid, streamed to disk.

    python bench/generate.py --triples 1000000 -o bench/data/national-1m.nt
    lls-kg validate --no-default --data bench/data/national-10k.ttl

The graph mirrors the shipped one, so every named query has rows to return: a
national programme, agencies and indicators; then city regions of 3-10
municipalities, each with its departments, organisations, competence
environments, an unnamed group, a goal scheme, a region project with its
applicant and partners, population figures, reports and plans, projects and
activities with owners, former owners, leaders, participants and funders,
ownership transfers, lessons and now and then a merger. Everything carries
``prov:wasDerivedFrom`` a source passage (a Nynorsk quote under a section
heading, at a position in the region's source document) and labels in Nynorsk
and English, some with æøå and a few hostile ones (``<img src=x onerror=...>``,
quotes, ``&``) for tests of HTML escaping.

The number of regions grows with the square root of the size (4 at 10 k
triples, 40 at 1 M, 126 at 10 M), and each region fills its share of the
triples with projects. Triples are written as they are made (N-Triples for
``.nt``, Turtle for ``.ttl``), so memory stays flat; the file appears under its
name only once complete. The same seed and size give the same bytes.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from lls_kg.namespaces import PREFIXES

XSD = PREFIXES["xsd"]
#: The national source document; each region has one of its own.
NATIONAL = "source:syn-nasjonal"

# --- Writing: resources as they are made --------------------------------------------------------------

#: A predicate and its objects. Objects are prefixed names (``project:r1-p2``) or literals written
#: in N-Triples syntax (they start with a double quote), which Turtle reads too.
Pairs = Sequence[tuple[str, Sequence[str]]]

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def nn(text: str) -> str:
    """A Nynorsk literal."""
    return f'"{text.translate(_ESCAPES)}"@nn'


def en(text: str) -> str:
    """An English literal."""
    return f'"{text.translate(_ESCAPES)}"@en'


def plain(text: str) -> str:
    """A literal without language or datatype (an xsd:string)."""
    return f'"{text.translate(_ESCAPES)}"'


def typed(value: object, datatype: str) -> str:
    """A literal of the XSD ``datatype`` (``date``, ``integer``...)."""
    return f'"{value}"^^<{XSD}{datatype}>'


class Writer:
    """Writes resources as N-Triples or Turtle, counts triples and reports progress on stderr."""

    def __init__(self, out: TextIO, turtle: bool, quiet: bool) -> None:
        self.out, self.turtle, self.quiet = out, turtle, quiet
        self.triples = 0
        self._started = time.monotonic()
        self._next_report = 250_000
        if turtle:
            out.write("".join(f"@prefix {name}: <{iri}> .\n" for name, iri in PREFIXES.items()) + "\n")

    def add(self, subject: str, pairs: Pairs) -> None:
        """Write the resource ``subject`` with its ``pairs``."""
        pairs = [(predicate, objects) for predicate, objects in pairs if objects]
        self.out.write(self._turtle(subject, pairs) if self.turtle else self._ntriples(subject, pairs))
        self.triples += sum(len(objects) for _, objects in pairs)
        if self.triples >= self._next_report:
            self._next_report += 250_000
            self.report()

    def report(self) -> None:
        """One line of progress on stderr: triples so far and the rate."""
        if not self.quiet:
            rate = self.triples / max(time.monotonic() - self._started, 1e-6)
            print(f"generate: {self.triples:,} triples ({rate:,.0f} triples/s)", file=sys.stderr)

    @staticmethod
    def _turtle(subject: str, pairs: Pairs) -> str:
        body = " ;\n    ".join(f"{'a' if predicate == 'rdf:type' else predicate} {' , '.join(objects)}"
                               for predicate, objects in pairs)
        return f"{subject} {body} .\n\n"

    @staticmethod
    def _ntriples(subject: str, pairs: Pairs) -> str:
        head = f"{_full(subject)} "
        return "".join(f"{head}{_full(predicate)} {_full(obj)} .\n" for predicate, objects in pairs for obj in objects)


def _full(term: str) -> str:
    """A prefixed name as a full IRI in angle brackets; a literal unchanged."""
    if term.startswith('"'):
        return term
    prefix, local = term.split(":", 1)
    return f"<{PREFIXES[prefix]}{local}>"


# --- Names: places with æøå, a few hostile ones -------------------------------------------------------

_HEADS = ("Ål", "Bø", "Fjær", "Sø", "Kvam", "Lyng", "Rød", "Hå", "Stø", "Vå", "Dal", "Nes", "Berg", "Fjord",
          "Strand", "Øy", "Elv", "Ås", "Lid", "Myr")
_MIDDLES = ("", "e", "a", "s", "nes", "vik")
_TAILS = ("vik", "dal", "fjord", "øy", "nes", "strand", "berg", "å", "land", "heim", "sund", "stad", "bø", "li")
_QUALIFIERS = ("", "Nord-", "Sør-", "Aust-", "Vest-", "Indre ", "Ytre ", "Øvre ")
_PLACES = len(_HEADS) * len(_MIDDLES) * len(_TAILS)
_ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "aa", "Æ": "ae", "Ø": "o", "Å": "aa", " ": "-"})

#: Labels that a page must escape: markup, quotes, ampersands.
HOSTILE = ('<img src=x onerror=alert(1)>', 'Bjørn & Søner "Fjord" AS', "O'Neill & Ål <b>bold</b>",
           '</script><script>alert("æøå")</script>')


def place(number: int) -> str:
    """The ``number``-th place name: distinct for the first 13,440 numbers, shuffled so neighbours differ."""
    qualifier, index = divmod(number % (_PLACES * len(_QUALIFIERS)), _PLACES)
    index = (index * 7919) % _PLACES  # 7919 is prime and does not divide _PLACES: a permutation
    head, rest = divmod(index, len(_MIDDLES) * len(_TAILS))
    middle, tail = divmod(rest, len(_TAILS))
    return f"{_QUALIFIERS[qualifier]}{_HEADS[head]}{_MIDDLES[middle]}{_TAILS[tail]}"


def slug(name: str) -> str:
    """The ASCII slug of a name, as graph/README.md spells them (æ->ae, ø->o, å->aa)."""
    return "".join(ch for ch in name.lower().translate(_ASCII) if ch.isalnum() or ch == "-")


# --- What regions are made of ----------------------------------------------------------------------------

GOALS = (
    ("Tilflytting og næring", "In-migration and business"),
    ("Statlege og fylkeskommunale arbeidsplassar", "State and county jobs"),
    ("Kompetansemiljø og innovasjon", "Competence environments and innovation"),
    ("Grøn omstilling", "Green transition"),
    ("Attraktive sentrum", "Attractive town centres"),
    ("Bu- og arbeidsmarknad", "Housing and labour market"),
    ("Reiseliv og opplevingar", "Tourism and experiences"),
    ("Digitalisering", "Digitalisation"),
)
TOPICS = (
    ("Sykkelløyper", "Mountain-bike trails"), ("Næringshage", "Business garden"), ("Gründerhus", "Founders' house"),
    ("Reiselivsstrategi", "Tourism strategy"), ("Kompetanseløft", "Competence boost"), ("Fjordsti", "Fjord path"),
    ("Breiband", "Broadband"), ("Tilflyttarprogram", "Newcomer programme"), ("Ungdomsbustader", "Youth housing"),
    ("Smart samferdsel", "Smart transport"), ("Grøn industri", "Green industry"), ("Matfestival", "Food festival"),
    ("Kulturarv", "Cultural heritage"), ("Sjøfront", "Seafront"), ("Lokalmat", "Local food"),
    ("Friluftsliv", "Outdoor recreation"), ("Kunnskapspark", "Knowledge park"), ("Havbruk", "Aquaculture"),
)
DEPARTMENTS = (
    ("plan", "Planavdelinga", "Planning department"),
    ("naering", "Næringsavdelinga", "Business department"),
    ("kultur", "Kulturavdelinga", "Culture department"),
)
ORGANISATIONS = (  # (class, Nynorsk name, English name) of a place
    ("lls:Company", "{} Næring AS", "{} Business Ltd"),
    ("lls:Association", "{} sykkelklubb", "{} cycling club"),
    ("lls:Company", "{} Reiseliv", "{} Tourism"),
    ("lls:Association", "Ungdomslaget {}", "{} youth club"),
    ("lls:Company", "{} Havbruk AS", "{} Aquaculture Ltd"),
)
AGENCIES = ("Distrikt", "Samferdsel", "Kompetanse", "Næring", "Kultur", "Statistikk", "Miljø", "Helse",
            "Digitalisering", "Havbruk", "Landbruk", "Reiseliv")
REASONS = (
    ("Prosjektet vart flytt til dei som har størst eigarskap til det", "The project moved to those with the "
     "greatest ownership of it"),
    ("Eksterne midlar kravde ein annan prosjekteigar", "External funds required another project owner"),
    ("Kommunesamanslåing", "Municipal merger"),
)


@dataclass
class Region:
    """What one region's projects draw on."""

    number: int
    name: str
    slug: str
    iri: str
    document: str
    municipalities: list[tuple[str, str]]  # (IRI, name)
    departments: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    environments: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    goals: list[tuple[str, str, str]] = field(default_factory=list)  # (IRI, nn, en)
    projects: list[str] = field(default_factory=list)
    transfers: list[str] = field(default_factory=list)


class Generator:
    """Makes the graph, region after region, until it holds about ``target`` triples."""

    def __init__(self, writer: Writer, target: int, seed: int) -> None:
        self.w, self.target = writer, target
        self.rng = random.Random(seed)
        self.places = 0
        self.positions: Counter[str] = Counter()
        self.agencies: list[str] = []
        self.previous: Region | None = None

    def run(self) -> None:
        regions = max(1, round(math.sqrt(self.target) / 25))
        self.national(agencies=min(60, max(4, self.target // 50_000)))
        for number in range(1, regions + 1):
            self.region(number, until=self.target * number // regions, budget=self.target // regions)
        self.w.report()

    # --- helpers -----------------------------------------------------------------------------------

    def next_place(self) -> str:
        self.places += 1
        return place(self.places)

    def passage(self, document: str, heading: str, quote: str) -> str:
        """The next passage of the source ``document`` (``source:syn-r1`` -> ``passage:syn-r1-7``); its IRI."""
        self.positions[document] += 1
        position = self.positions[document]
        iri = f"passage:{document.split(':', 1)[1]}-{position}"
        self.w.add(iri, [("rdf:type", ["lls:SourcePassage"]), ("lls:quote", [nn(quote)]),
                         ("lls:sectionHeading", [nn(heading)]), ("lls:position", [typed(position, "integer")]),
                         ("lls:inDocument", [document])])
        return iri

    def thing(self, iri: str, kinds: Sequence[str], label_nn: str, label_en: str, source: str | Sequence[str],
              more: Pairs = ()) -> str:
        """A typed, labelled resource derived from ``source``; its IRI."""
        sources = [source] if isinstance(source, str) else list(source)
        self.w.add(iri, [("rdf:type", list(kinds)), ("rdfs:label", [nn(label_nn), en(label_en)]), *more,
                         ("prov:wasDerivedFrom", sources)])
        return iri

    def role(self, iri: str, actor: str, work: str, kind: str, label: tuple[str, str], source: str,
             more: Pairs = ()) -> str:
        """An ``lls:Role``: one actor's involvement of one kind in one piece of work."""
        return self.thing(iri, ["lls:Role"], label[0], label[1], source,
                          [("lls:actor", [actor]), ("lls:roleIn", [work]), ("lls:roleKind", [kind]), *more])

    def date(self, first: int = 2014, last: int = 2023) -> str:
        return typed(f"{self.rng.randint(first, last)}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}",
                     "date")

    def hostile(self, number: int, always: bool) -> str | None:
        """A label that must be escaped: the ``number``-th if ``always``, else one now and then (3 %) or None."""
        if always:
            return HOSTILE[number % len(HOSTILE)]
        return self.rng.choice(HOSTILE) if self.rng.random() < 0.03 else None

    # --- the nation ----------------------------------------------------------------------------------

    def national(self, agencies: int) -> None:
        """The programme, its agencies, the indicators and the projection every region is compared with."""
        self.w.add(NATIONAL, [
            ("rdf:type", ["lls:SourceDocument"]),
            ("rdfs:label", [nn("Byregionprogrammet: nasjonal oversikt (syntetisk)"),
                            en("The city-region programme: national overview (synthetic)")]),
            ("dcterms:title", [nn("Byregionprogrammet")])])
        source = self.passage(NATIONAL, "Om programmet", "Byregionprogrammet er eit nasjonalt utviklingsprogram for "
                                                     "samarbeid mellom by og omland.")
        self.thing("programme:syn-byregionprogrammet", ["lls:Programme"], "Byregionprogrammet (syntetisk)",
                   "The city-region programme (synthetic)", source, [("skos:altLabel", [plain("BYR")])])
        for number in range(agencies):
            topic = AGENCIES[number % len(AGENCIES)]
            suffix = f" {number // len(AGENCIES) + 1}" if number >= len(AGENCIES) else ""
            self.agencies.append(self.thing(
                f"organisation:syn-direktorat-{number}", ["lls:PublicAgency"], f"Direktoratet for {topic.lower()}"
                f"{suffix}", f"Directorate of {topic}{suffix}", source))
        self.role("role:syn-byregionprogrammet-finansiering", self.agencies[0], "programme:syn-byregionprogrammet",
                  "lls:Funder", ("Direktoratet finansierer programmet", "The directorate funds the programme"), source)
        facts = self.passage(NATIONAL, "Folketal", "Folketalsutviklinga vert samanlikna med framskrivingane frå 2014.")
        self.thing("indicator:syn-folketal", ["lls:Indicator"], "Folketal", "Population", facts)
        self.thing("indicator:syn-avvik", ["lls:Indicator"], "Avvik frå framskrivinga av folketalet",
                   "Deviation of the population from the projection", facts)
        self.thing("document:syn-framskriving-2014", ["lls:Projection"], "Framskriving av folketalet frå 2014",
                   "Population projection of 2014", facts,
                   [("dcterms:creator", [self.agencies[min(5, agencies - 1)]]),
                    ("dcterms:issued", [typed(2014, "gYear")])])

    # --- a region --------------------------------------------------------------------------------------

    def region(self, number: int, until: int, budget: int) -> None:
        """One city region of about ``budget`` triples: its projects go on until the graph holds ``until``."""
        names = [self.next_place() for _ in range(self.rng.randint(3, 10))]
        label = " – ".join(names) if len(names) <= 3 else f"{names[0]}-regionen"
        label_en = label if len(names) <= 3 else f"The {names[0]} region"
        key = f"r{number}"
        region = Region(number, label, key, f"region:syn-{key}", f"source:syn-{key}",
                        [(f"municipality:syn-{key}-{slug(name)}", name) for name in names])
        self.w.add(region.document, [
            ("rdf:type", ["lls:SourceDocument"]),
            ("rdfs:label", [nn(f"Byregionprogrammet: {label}"), en(f"The city-region programme: {label_en}")]),
            ("dcterms:title", [nn(label)])])
        self.members(region, label_en)
        self.actors(region, organisations=min(150, max(3, budget // 2000)))
        self.goal_scheme(region)
        self.application(region)
        self.region_project(region)
        self.figures(region)
        project = 0
        while project == 0 or self.w.triples + 60 < until:
            project += 1
            self.work(region, project)
        self.lessons(region)
        if number % 5 == 2:  # every fifth region, from the second on: the merger query has rows at any size
            self.merger(region)
        self.previous = region

    def members(self, region: Region, label_en: str) -> None:
        names = [name for _, name in region.municipalities]
        title = self.passage(region.document, region.name, region.name)
        facts = self.passage(region.document, f"Fakta {region.name}", "Samarbeidskommunar: " + ", ".join(names))
        for iri, name in region.municipalities:
            self.thing(iri, ["lls:Municipality"], f"{name} kommune", f"{name} municipality", facts,
                       [("skos:altLabel", [plain(name)])])
        self.thing(region.iri, ["lls:CityRegion"], region.name, label_en, [title, facts], [
            ("skos:altLabel", [plain("".join(name[0] for name in names).upper())]),
            ("dcterms:description", [nn(f"Byregionsamarbeidet mellom {len(names)} kommunar."),
                                     en(f"The city-region collaboration of {len(names)} municipalities.")]),
            ("org:hasMember", [iri for iri, _ in region.municipalities]),
            ("lls:takesPartIn", ["programme:syn-byregionprogrammet"]),
            ("lls:areaKm2", [typed(self.rng.randint(300, 9000), "decimal")])])
        collaboration = self.passage(region.document, f"Fakta {region.name}",
                                     "Avdelingane i kommunane har etablert samarbeid.")
        for iri, name in region.municipalities:
            for key, unit_nn, unit_en in DEPARTMENTS[:self.rng.randint(1, 3)]:
                region.departments.append(self.thing(
                    f"unit:syn-{region.slug}-{slug(name)}-{key}", ["lls:Department"], f"{unit_nn} i {name} kommune",
                    f"{unit_en} of {name} municipality", collaboration, [("org:unitOf", [iri])]))

    def actors(self, region: Region, organisations: int) -> None:
        """Organisations, competence environments and an unnamed group."""
        source = self.passage(region.document, "Aktørar",
                              "Næringsliv, lag og kunnskapsmiljø i regionen er med i arbeidet.")
        names = [name for _, name in region.municipalities]
        for number in range(organisations):
            kind, name_nn, name_en = ORGANISATIONS[number % len(ORGANISATIONS)]
            where = names[(number // len(ORGANISATIONS)) % len(names)]
            hostile = self.hostile(region.number, always=number == 1)  # every region's second organisation
            label_nn, label_en = (hostile, hostile) if hostile else (name_nn.format(where), name_en.format(where))
            region.organisations.append(self.thing(
                f"organisation:syn-{region.slug}-o{number + 1}", [kind], label_nn, label_en, source))
        for number in range(self.rng.randint(1, 4)):
            where = self.rng.sample(region.municipalities, min(len(region.municipalities), self.rng.randint(1, 2)))
            region.environments.append(self.thing(
                f"environment:syn-{region.slug}-k{number + 1}", ["lls:CompetenceEnvironment"],
                f"Kunnskapsmiljø i {where[0][1]}", f"Knowledge environment in {where[0][1]}", source,
                [("lls:locatedIn", [iri for iri, _ in where])]))
        count = self.rng.randint(2, max(2, len(names) - 1))
        region.groups.append(self.thing(
            f"group:syn-{region.slug}-nokre-kommunar", ["lls:UnnamedGroup"], f"{count} av kommunane",
            f"{count} of the municipalities", source, [
                ("lls:memberCount", [typed(count, "nonNegativeInteger")]), ("lls:drawnFrom", [region.iri]),
                ("lls:leftOpen", [nn("Kva kommunar det er, seier ikkje kjelda."),
                                  en("The source does not say which municipalities.")])]))

    def goal_scheme(self, region: Region) -> None:
        heading = f"Mål for {region.name}"
        scheme = f"goal:syn-{region.slug}"
        self.thing(scheme, ["skos:ConceptScheme"], heading, f"Goals of {region.name}",
                   self.passage(region.document, heading, heading))
        for number, (goal_nn, goal_en) in enumerate(self.rng.sample(GOALS, self.rng.randint(3, 6)), 1):
            source = self.passage(region.document, heading, f"Kommunane skal arbeide med {goal_nn.lower()}.")
            region.goals.append((self.thing(
                f"goal:syn-{region.slug}-{number}", ["lls:Goal"], goal_nn, goal_en, source, [
                    ("skos:inScheme", [scheme]), ("skos:notation", [plain(str(number))]),
                    ("skos:definition", [nn(f"Kommunane skal arbeide med {goal_nn.lower()}."),
                                         en(f"The municipalities shall work on {goal_en.lower()}.")]),
                    ("lls:goalOf", [region.iri])]), goal_nn, goal_en))

    def application(self, region: Region) -> None:
        """The region's application: its themes (one per goal), written by its municipalities, and an effect."""
        heading = f"Frå søknaden frå {region.name}"
        source = self.passage(region.document, heading, f"{region.name} har valt tema til fase 2.")
        scheme = self.thing(f"theme:syn-{region.slug}", ["skos:ConceptScheme"], f"Tema i søknaden frå {region.name}",
                            f"Themes of the application of {region.name}", source)
        themes = [self.thing(f"theme:syn-{region.slug}-{number}", ["lls:Theme"], goal_nn, goal_en, source,
                             [("skos:inScheme", [scheme]), ("skos:notation", [plain(str(number))])])
                  for number, (_, goal_nn, goal_en) in enumerate(region.goals, 1)]
        self.thing(f"document:syn-{region.slug}-soknad", ["lls:Application"], f"Søknaden frå {region.name}",
                   f"The application of {region.name}", source,
                   [("dcterms:creator", [iri for iri, _ in region.municipalities]), ("lls:concerns", themes)])
        effects = self.thing(f"effect:syn-{region.slug}", ["skos:ConceptScheme"], f"Forventa effektar i {region.name}",
                             f"Expected effects in {region.name}", source)
        self.thing(f"effect:syn-{region.slug}-sysselsetting", ["lls:ExpectedEffect"], "Auka sysselsetting",
                   "More employment", source, [("skos:inScheme", [effects]), ("lls:expectedFrom", themes)])

    def region_project(self, region: Region) -> None:
        """The region's own programme project: its applicant, partners and project leader."""
        (first, first_name), *others = region.municipalities
        heading = f"Fakta {region.name}"
        applicant = self.passage(region.document, heading, f"Søkarkommune:\u00a0{first_name}")
        partners = self.passage(region.document, heading,
                                "Samarbeidskommunar:\u00a0" + ", ".join(name for _, name in others))
        project = self.thing(f"project:syn-{region.slug}-byr", ["lls:Project"], f"Byregionprosjektet i {region.name}",
                             f"The city-region project of {region.name}", [applicant, partners],
                             [("lls:partOf", ["programme:syn-byregionprogrammet"])])
        self.role(f"role:syn-{region.slug}-byr-sokar", first, project, "lls:Applicant",
                  (f"{first_name}: søkarkommune", f"{first_name}: applicant"), applicant)
        for index, (iri, name) in enumerate(others, 1):
            self.role(f"role:syn-{region.slug}-byr-partnar-{index}", iri, project, "lls:Partner",
                      (f"{name}: samarbeidskommune", f"{name}: partner"), partners)
        self.role(f"role:syn-{region.slug}-byr-leiar", region.organisations[0], project, "lls:ProjectLeader",
                  ("Prosjektleiar for byregionprosjektet", "Project leader of the city-region project"), applicant)

    def figures(self, region: Region) -> None:
        """The region's population, and each municipality's deviation from the projection."""
        heading = f"Fakta {region.name}"
        people = self.rng.randint(8_000, 120_000)
        source = self.passage(region.document, heading,
                              f"Folketal i regionen: {people:,} (1.jan 2015)".replace(",", "."))
        self.thing(f"observation:syn-{region.slug}-folketal", ["lls:IndicatorObservation"],
                   "Folketal i regionen 1. januar 2015", "Population of the region on 1 January 2015", source, [
                       ("lls:indicator", ["indicator:syn-folketal"]), ("lls:observedFor", [region.iri]),
                       ("lls:value", [typed(people, "integer")]), ("lls:unit", ["lls:Persons"]),
                       ("lls:observationDate", [typed("2015-01-01", "date")])])
        source = self.passage(region.document, "Tilflytting og næring:",
                              "Folketalsutviklinga ligg under framskrivingane.")
        for iri, name in region.municipalities:
            self.thing(f"observation:syn-{region.slug}-avvik-{slug(name)}", ["lls:IndicatorObservation"],
                       f"{name}: avvik frå framskrivinga i 2018", f"{name}: deviation from the projection in 2018",
                       source, [("lls:indicator", ["indicator:syn-avvik"]), ("lls:observedFor", [iri]),
                                ("lls:value", [typed(self.rng.randint(-200, 60), "integer")]),
                                ("lls:unit", ["lls:Persons"]), ("lls:observationDate", [typed(2018, "gYear")]),
                                ("lls:comparedWith", ["document:syn-framskriving-2014"])])

    # --- the work ----------------------------------------------------------------------------------------

    def work(self, region: Region, number: int) -> None:
        """A project (or an activity, or now and then a report or plan) with its roles, and a transfer maybe."""
        if number % 12 == 0:
            self.document(region, number)
            return
        project = self.rng.random() < 0.7
        topic_nn, topic_en = self.rng.choice(TOPICS)
        _, where = self.rng.choice(region.municipalities)
        hostile = self.hostile(region.number + 1, always=number == 7)
        label_nn, label_en = (hostile, hostile) if hostile else (f"{topic_nn} i {where}", f"{topic_en} in {where}")
        # Leave the last goal without projects in half the regions, so the gaps query has one to find.
        goals = region.goals[:-1] if region.number % 2 else region.goals
        served = self.rng.sample(goals, min(len(goals), 1 + (self.rng.random() < 0.3)))
        said = f"{label_nn}: {self.rng.choice(TOPICS)[0].lower()} i {where} er ein del av arbeidet."
        source = self.passage(region.document, f"{served[0][1]}:", said)
        iri = f"{'project' if project else 'activity'}:syn-{region.slug}-{number}"
        vague = project and self.rng.random() < 0.08
        self.thing(iri, ["lls:Project" if project else "lls:Activity"], label_nn, label_en, source, [
            ("dcterms:description", [nn(f"Arbeid med {topic_nn.lower()} i {where}."),
                                     en(f"Work on {topic_en.lower()} in {where}.")]),
            ("lls:servesGoal", [goal for goal, _, _ in served]),
            ("lls:leftOpen", [nn("Kven som eig prosjektet, seier ikkje kjelda."),
                              en("The source does not say who owns the project.")] if vague else [])])
        if project:
            region.projects.append(iri)
            if not vague:
                self.ownership(region, iri, label_nn, label_en, source)
            if self.rng.random() < 0.5:
                self.role(f"role:syn-{region.slug}-{number}-leiar", self.rng.choice(region.organisations), iri,
                          "lls:ProjectLeader", (f"Prosjektleiar for {label_nn}", f"Project leader of {label_en}"),
                          source)
            for funder_number in range(self.rng.randint(0, 2)):
                funder = self.rng.choice(self.agencies + [region.iri])
                self.role(f"role:syn-{region.slug}-{number}-finansiering-{funder_number + 1}", funder, iri,
                          "lls:Funder", (f"Finansierer {label_nn}", f"Funds {label_en}"), source)
        self.participants(region, iri, number, (label_nn, label_en), source)

    def participants(self, region: Region, work: str, number: int, label: tuple[str, str], source: str) -> None:
        """One to four municipalities, departments, environments or the unnamed group; rarely a neighbour."""
        pool = ([iri for iri, _ in region.municipalities] + region.departments + region.environments
                + region.groups)
        chosen = self.rng.sample(pool, min(len(pool), self.rng.randint(1, 4)))
        if self.previous and self.rng.random() < 0.05:
            chosen.append(self.rng.choice(self.previous.municipalities)[0])
        for index, actor in enumerate(chosen, 1):
            self.role(f"role:syn-{region.slug}-{number}-deltakar-{index}", actor, work, "lls:Participant",
                      (f"Deltakar i {label[0]}", f"Participant in {label[1]}"), source)

    def owner(self, region: Region) -> str:
        """Who owns a project: mostly a municipality or an organisation."""
        roll = self.rng.random()
        if roll < 0.4:
            return self.rng.choice(region.municipalities)[0]
        if roll < 0.75:
            return self.rng.choice(region.organisations)
        if roll < 0.9:
            return self.rng.choice(region.departments)
        return region.iri if roll < 0.97 else self.rng.choice(region.environments)

    def ownership(self, region: Region, project: str, label_nn: str, label_en: str, source: str) -> None:
        """The current owner's role; in one project of five, the former owner's too and the transfer between them."""
        key = project.split(":", 1)[1].removeprefix("syn-")
        owner = self.owner(region)
        if self.rng.random() >= 0.2:
            self.role(f"role:syn-{key}-eigar", owner, project, "lls:Owner",
                      (f"Eigar av {label_nn}", f"Owner of {label_en}"), source, [("lls:since", [self.date()])])
            return
        former = self.owner(region)
        while former == owner:
            former = self.rng.choice(region.organisations + [iri for iri, _ in region.municipalities])
        when = self.date(2016, 2023)
        ended = self.role(f"role:syn-{key}-tidlegare-eigar", former, project, "lls:FormerOwner",
                          (f"Tidlegare eigar av {label_nn}", f"Former owner of {label_en}"), source,
                          [("lls:until", [when])])
        started = self.role(f"role:syn-{key}-eigar", owner, project, "lls:Owner",
                            (f"Eigar av {label_nn}", f"Owner of {label_en}"), source, [("lls:since", [when])])
        reason_nn, reason_en = self.rng.choice(REASONS)
        dated = self.rng.random() < 0.8
        region.transfers.append(self.thing(
            f"transfer:syn-{key}", ["lls:OwnershipTransfer"], f"{label_nn} overført", f"{label_en} transferred",
            source, [("lls:transferOf", [project]), ("lls:transferredFrom", [former]), ("lls:transferredTo", [owner]),
                     ("lls:endedRole", [ended]), ("lls:startedRole", [started]),
                     ("lls:reason", [nn(reason_nn), en(reason_en)]), ("dcterms:date", [when] if dated else []),
                     ("lls:leftOpen", [] if dated else [nn("Kva tid prosjektet skifte eigar, seier ikkje kjelda."),
                                                        en("The source does not say when the project changed "
                                                           "owner.")])]))

    def document(self, region: Region, number: int) -> None:
        """A report or plan that serves a goal, by an organisation or the region, about an environment maybe."""
        report = self.rng.random() < 0.5
        goal, goal_nn, goal_en = self.rng.choice(region.goals)
        label_nn = f"{'Rapport' if report else 'Strategiplan'}: {goal_nn.lower()}"
        label_en = f"{'Report' if report else 'Strategy plan'}: {goal_en.lower()}"
        source = self.passage(region.document, f"{goal_nn}:", f"{label_nn} i {region.name}.")
        concerns = [self.rng.choice(region.environments)] if self.rng.random() < 0.5 else []
        self.thing(f"document:syn-{region.slug}-{number}", ["lls:Report" if report else "lls:Plan"], label_nn,
                   label_en, source, [
                       ("dcterms:creator", [self.rng.choice(region.organisations) if report else region.iri]),
                       ("lls:servesGoal", [goal]), ("lls:concerns", concerns)])

    def lessons(self, region: Region) -> None:
        heading = f"Råd frå {region.name}"
        examples = [region.projects[0]] if region.projects else []
        examples += region.transfers[:1]
        for number in range(1, self.rng.randint(1, 3) + 1):
            source = self.passage(region.document, heading, f"Råd {number}: samarbeid på prosjekt- eller temanivå.")
            self.thing(f"lesson:syn-{region.slug}-{number}", ["lls:Lesson"], f"Råd {number} frå {region.name}",
                       f"Advice {number} from {region.name}", source, [
                           ("skos:notation", [plain(str(number))]), ("lls:lessonOf", [region.iri]),
                           ("dcterms:description", [nn("Samarbeid på prosjekt- eller temanivå."),
                                                    en("Collaborate on projects or themes.")]),
                           ("lls:example", examples if number == 1 else [])])

    def merger(self, region: Region) -> None:
        """Two or three municipalities merged into a new one (not a member of the region)."""
        merged = self.rng.sample(region.municipalities, self.rng.randint(2, 3))
        new_name = f"Nye {merged[0][1]}"
        names = ", ".join(name for _, name in merged)
        source = self.passage(region.document, f"Fakta {region.name}",
                              f"{names} vert slegne saman til {new_name} kommune.")
        new = self.thing(f"municipality:syn-{region.slug}-nye-{slug(merged[0][1])}", ["lls:Municipality"],
                         f"{new_name} kommune", f"New {merged[0][1]} municipality", source)
        decided, effective = (
            self.thing(f"instant:syn-{region.slug}-{key}", ["time:Instant"], label_nn, label_en, source,
                       [("time:inXSDDate", [typed(day, "date")])])
            for key, day, label_nn, label_en in (
                ("vedtak", "2017-06-08", "Vedtak om samanslåing", "Merger decided"),
                ("iverksetjing", "2020-01-01", "Samanslåinga tek til", "Merger takes effect")))
        self.thing(f"event:syn-{region.slug}-samanslaaing", ["lls:MunicipalMerger"], f"Samanslåinga til {new_name}",
                   f"Merger into new {merged[0][1]}", source, [
                       ("org:originalOrganization", [iri for iri, _ in merged]),
                       ("org:resultingOrganization", [new]),
                       ("lls:forced", [typed(str(self.rng.random() < 0.5).lower(), "boolean")]),
                       ("lls:decidedOn", [decided]), ("lls:takesEffect", [effective])])


def generate(path: Path, triples: int, seed: int = 1, quiet: bool = False) -> int:
    """Write a graph of about ``triples`` triples to ``path`` (``.nt`` or ``.ttl``); return the exact count."""
    if path.suffix not in (".nt", ".ttl"):
        raise SystemExit(f"generate: {path}: write .nt (N-Triples) or .ttl (Turtle)")
    partial = path.with_name(f".{path.name}.partial")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(partial, "w", encoding="utf-8", buffering=1 << 20) as out:
            writer = Writer(out, turtle=path.suffix == ".ttl", quiet=quiet)
            Generator(writer, triples, seed).run()
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return writer.triples


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=10_000, help="about how many triples (10k to 10M)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="FILE.nt or FILE.ttl")
    parser.add_argument("--seed", type=int, default=1, help="the same seed and size give the same file")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)
    if args.triples < 1_000:
        parser.error("--triples must be at least 1000")
    count = generate(args.output, args.triples, args.seed, args.quiet)
    if not args.quiet:
        print(f"generate: wrote {count:,} triples to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
