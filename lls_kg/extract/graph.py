"""Turn a page's findings into a draft graph in the project's ontology, shaped like the hand-made graph.

Same classes and properties as ``graph/``: the region with ``org:hasMember``,
applicant and partner roles in the region's programme project, goals and themes
in SKOS schemes, lessons, the population as an observation, every resource
``prov:wasDerivedFrom`` a verbatim passage, the opening paragraph as the region's
description, the roles and transfers the sentences state (:mod:`.who`). Text from
the page keeps the page's language tag. Goals are labelled by their own words: in
the page's language the words alone, in the other languages the shapes ask for
(``@nn``, ``@en``) the words quoted after the goal's number (``Goal 1: “…”``), so
no label claims a language its words are not in. The extractor's other labels are
generic ("Result 1 of …") rather than translations it cannot make, in Nynorsk,
English, and Bokmål too for a Bokmål page.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from ..build import serialise
from ..namespaces import LLS, PREFIXES, STANDARD, bind_prefixes
from ..text import ident
from .findings import Findings, Listing, Passage, own_name
from .sections import goal_under
from .who import Writer, statements

_LLS = Namespace(LLS)
_SKOS, _ORG, _PROV, _DCTERMS = (Namespace(STANDARD[name]) for name in ("skos", "org", "prov", "dcterms"))

#: The extractor's own labels, by language; ``{region}``, ``{n}``, ``{name}`` and ``{date}`` are filled in.
PHRASES: dict[str, dict[str, str]] = {
    "nn": {
        "region": "{region}", "document": "Sida om {region}", "municipality": "{name} kommune",
        "project": "Byregionprosjektet i {region}", "applicant": "{name}: søkarkommune",
        "partner": "{name}: samarbeidskommune", "indicator": "Folketal",
        "observation": "Folketal i {region} ({date})", "goals": "Mål for {region}",
        "goal": "Mål {n}: «{words}»", "result": "Resultat {n} for {region}", "lesson": "Råd {n} frå {region}",
        "application": "Søknaden frå {region}", "themes": "Tema i søknaden frå {region}",
        "theme": "Tema {n} i søknaden frå {region}", "after": "Arbeid etter programslutt i {region}",
        "after-role": "{region}: arbeider vidare etter programslutt",
        "name": "{name}", "unnamed": "«{words}» (ikkje namngjevne)",
        "unnamed-open": "Kven «{words}» er, seier ikkje setninga.",
        "role-Owner": "{actor}: eigar", "role-FormerOwner": "{actor}: tidlegare eigar",
        "role-ProjectLeader": "{actor}: leiar", "role-Participant": "{actor}: deltakar",
        "transfer": "{work}: overført frå {source} til {target}",
        "transfer-why": "Grunnen til eigarskiftet er ikkje lesen ut av setninga; sjå kjeldeutdraget.",
        "transfer-when": "Kva tid prosjektet skifte eigar, seier ikkje setninga.",
        "box-cut": "Sida stoppar inne i faktaboksen, på linje {line}: den linja og det som skulle kome etter, "
                   "manglar.",
    },
    "nb": {
        "region": "{region}", "document": "Siden om {region}", "municipality": "{name} kommune",
        "project": "Byregionprosjektet i {region}", "applicant": "{name}: søkerkommune",
        "partner": "{name}: samarbeidskommune", "indicator": "Folketall",
        "observation": "Folketall i {region} ({date})", "goals": "Mål for {region}",
        "goal": "Mål {n}: «{words}»", "result": "Resultat {n} for {region}", "lesson": "Råd {n} fra {region}",
        "application": "Søknaden fra {region}", "themes": "Temaer i søknaden fra {region}",
        "theme": "Tema {n} i søknaden fra {region}", "after": "Arbeid etter programslutt i {region}",
        "after-role": "{region}: arbeider videre etter programslutt",
        "name": "{name}", "unnamed": "«{words}» (ikke navngitt)",
        "unnamed-open": "Hvem «{words}» er, sier ikke setningen.",
        "role-Owner": "{actor}: eier", "role-FormerOwner": "{actor}: tidligere eier",
        "role-ProjectLeader": "{actor}: leder", "role-Participant": "{actor}: deltaker",
        "transfer": "{work}: overført fra {source} til {target}",
        "transfer-why": "Grunnen til eierskiftet er ikke lest ut av setningen; se kildeutdraget.",
        "transfer-when": "Når prosjektet skiftet eier, sier ikke setningen.",
        "box-cut": "Siden stopper inne i faktaboksen, på linje {line}: den linjen og det som skulle komme etter, "
                   "mangler.",
    },
    "en": {
        "region": "{region}", "document": "The page on {region}", "municipality": "{name} municipality",
        "project": "The city-region project of {region}", "applicant": "{name}: applicant",
        "partner": "{name}: partner", "indicator": "Population",
        "observation": "Population of {region} ({date})", "goals": "Goals of {region}",
        "goal": "Goal {n}: “{words}”", "result": "Result {n} of {region}", "lesson": "Advice {n} of {region}",
        "application": "The application of {region}", "themes": "Themes of the application of {region}",
        "theme": "Theme {n} of the application of {region}", "after": "Work after the programme in {region}",
        "after-role": "{region}: keeps working after the programme",
        "name": "{name}", "unnamed": "“{words}” (not named)",
        "unnamed-open": "Who “{words}” are, the sentence does not say.",
        "role-Owner": "{actor}: owner", "role-FormerOwner": "{actor}: former owner",
        "role-ProjectLeader": "{actor}: leader", "role-Participant": "{actor}: participant",
        "transfer": "{work}: transferred from {source} to {target}",
        "transfer-why": "The reason for the change of owner is not read from the sentence; see the source passage.",
        "transfer-when": "When the project changed owner, the sentence does not say.",
        "box-cut": "The page stops inside its facts box, at line {line}: that line and what should follow are "
                   "missing.",
    },
}


def iri(kind: str, local: str) -> URIRef:
    """An instance IRI ``<kind>:<local>`` (the kinds and their prefixes are in :mod:`lls_kg.namespaces`)."""
    return URIRef(PREFIXES[kind] + local)


def new_graph() -> Graph:
    """An empty graph with the project's prefixes bound, so the Turtle reads like ``graph/``."""
    graph = Graph(bind_namespaces="none")
    bind_prefixes(graph)
    return graph


class Draft:
    """Writes one page's findings, under the region slug ``region_id``, as a few graphs: one per part of the page."""

    def __init__(self, findings: Findings, region_id: str, lang: str) -> None:
        self.findings, self.id, self.lang = findings, region_id, lang
        self.region = iri("region", region_id)
        self.project: URIRef | None = None
        self.passages: dict[str, Passage] = {}
        self.graph = new_graph()

    def write(self) -> list[tuple[str, Graph]]:
        """Each part of the page with its triples (a part the page lacks is empty); the passages come last."""
        parts = (("the region and its municipalities", self._region),
                 ("the programme project: applicant and partners", self._project),
                 ("population", self._population), ("goals", self._goals), ("results", self._results),
                 ("advice", self._lessons), ("themes of the application", self._themes),
                 ("work after the programme", self._after), ("the opening paragraph", self._opening),
                 ("who did what, as the sentences say", self._who), ("what the page leaves open", self._left_open),
                 ("the page and the passages quoted", self._passages))
        written = []
        for title, write_part in parts:
            self.graph = new_graph()
            write_part()
            written.append((title, self.graph))
        return written

    # --- helpers ---------------------------------------------------------------

    iri = staticmethod(iri)

    def result_iri(self, n: int) -> URIRef:
        return iri("activity", f"{self.id}-resultat-{n}")

    def after_iri(self) -> URIRef:
        return iri("activity", f"{self.id}-etter-programslutt")

    def add(self, subject: Node, *pairs: tuple[URIRef, Node]) -> None:
        for predicate, value in pairs:
            self.graph.add((subject, predicate, value))

    def text(self, value: str) -> Literal:
        """Words from the page, tagged with the page's language."""
        return Literal(value, lang=self.lang)

    def label(self, node: URIRef, phrase: str, own: str | None = None, **values: object) -> None:
        """The extractor's own labels for ``node``: Nynorsk, English, and the page's language if it is another;
        with ``own`` words from the page, those words alone in the page's language."""
        values.setdefault("region", self.findings.region)
        if own is not None:
            values["words"] = own
        for lang in dict.fromkeys(("nn", "en", self.lang)):
            words = own if own is not None and lang == self.lang else PHRASES[lang][phrase].format(**values)
            self.graph.add((node, RDFS.label, Literal(words, lang=lang)))

    def left_open(self, node: URIRef, phrase: str, **values: object) -> None:
        """What the page (or the extractor) leaves open about ``node``, in the extractor's words."""
        for lang in dict.fromkeys(("nn", "en", self.lang)):
            self.graph.add((node, _LLS.leftOpen, Literal(PHRASES[lang][phrase].format(**values), lang=lang)))

    def cite(self, node: URIRef, *passages: Passage | None) -> None:
        """``node`` prov:wasDerivedFrom each passage (which is then written out)."""
        for passage in passages:
            if passage is not None:
                self.passages[passage.key] = passage
                self.graph.add((node, _PROV.wasDerivedFrom, self.passage_iri(passage)))

    def passage_iri(self, passage: Passage) -> URIRef:
        return iri("passage", f"{self.id}-{passage.key}")

    # --- the parts ---------------------------------------------------------------

    def _region(self) -> None:
        found = self.findings
        self.add(self.region, (RDF.type, _LLS.CityRegion))
        self.label(self.region, "region")
        if found.area:
            self.add(self.region, (_LLS.areaKm2, Literal(_lexical(found.area.value), datatype=XSD.decimal)))
        self.cite(self.region, found.title, found.area.passage if found.area else None)
        for name, passages in found.members().items():
            municipality = iri("municipality", ident(name))
            self.add(self.region, (_ORG.hasMember, municipality))
            self.add(municipality, (RDF.type, _LLS.Municipality), (_SKOS.altLabel, Literal(name)))
            self.label(municipality, "municipality", name=name)
            self.cite(municipality, *passages)

    def _project(self) -> None:
        """The region's programme project, if the page names its applicant or partners (a project needs a role)."""
        found = self.findings
        if not (found.applicant or found.partners):
            return
        project = self.project = iri("project", f"byr-{self.id}")
        self.add(project, (RDF.type, _LLS.Project))
        self.label(project, "project")
        for kind, named, phrase, key in ((_LLS.Applicant, found.applicant, "applicant", "sokar"),
                                         (_LLS.Partner, found.partners, "partner", "samarbeid")):
            if named is None:
                continue
            self.cite(project, named.passage)
            for name in named.names:
                role = iri("role", f"byr-{self.id}-{key}-{ident(name)}")
                self.add(role, (RDF.type, _LLS.Role), (_LLS.actor, iri("municipality", ident(name))),
                         (_LLS.roleIn, project), (_LLS.roleKind, kind))
                self.label(role, phrase, name=name)
                self.cite(role, named.passage)

    def _population(self) -> None:
        population = self.findings.population
        if population is None or population.when is None:  # a population is only found with its date
            return
        indicator = iri("indicator", "folketal")
        self.add(indicator, (RDF.type, _LLS.Indicator))
        self.label(indicator, "indicator")
        self.cite(indicator, population.passage)
        observation = iri("observation", f"folketal-{self.id}-{population.when.iso[:4]}")
        self.add(observation, (RDF.type, _LLS.IndicatorObservation), (_LLS.indicator, indicator),
                 (_LLS.observedFor, self.region), (_LLS.value, Literal(int(population.value))),
                 (_LLS.unit, _LLS.Persons),
                 (_LLS.observationDate, Literal(population.when.iso, datatype=XSD[population.when.datatype])))
        self.label(observation, "observation", date=population.when.iso)
        self.cite(observation, population.passage)

    def _scheme(self, kind: str, listing: Listing, phrase: str) -> URIRef:
        scheme = iri(kind, self.id)
        self.add(scheme, (RDF.type, _SKOS.ConceptScheme))
        self.label(scheme, phrase)
        self.cite(scheme, listing.heading, listing.lead)
        return scheme

    def _concepts(self, kind: str, listing: Listing, cls: URIRef, phrase: str, own_words: bool = False) -> list[URIRef]:
        """Goals or themes: numbered concepts in the region's scheme, each defined by its verbatim entry and
        labelled by it (``own_words``) or by its number."""
        scheme = self._scheme(kind, listing, f"{phrase}s")
        concepts = []
        for n, entry in enumerate(listing.entries, 1):
            concept = iri(kind, f"{self.id}-{n}")
            self.add(concept, (RDF.type, cls), (_SKOS.inScheme, scheme), (_SKOS.notation, Literal(str(n))),
                     (_SKOS.definition, self.text(entry.text)))
            self.label(concept, phrase, own=entry.text if own_words else None, n=n)
            self.cite(concept, entry.passage)
            concepts.append(concept)
        return concepts

    def _goals(self) -> None:
        goals = self.findings.goals
        for goal in self._concepts("goal", goals, _LLS.Goal, "goal", own_words=True) if goals else ():
            self.add(goal, (_LLS.goalOf, self.region))

    def _themes(self) -> None:
        themes = self.findings.themes
        if not themes:
            return
        concepts = self._concepts("theme", themes, _LLS.Theme, "theme")
        application = iri("document", f"soknad-{self.id}")
        self.add(application, (RDF.type, _LLS.Application), (_DCTERMS.creator, self.region),
                 *((_LLS.concerns, theme) for theme in concepts))
        self.label(application, "application")
        self.cite(application, themes.heading, themes.lead)

    def _results(self) -> None:
        """Each result as an activity, part of the region's project; its passage keeps its sub-heading, and it
        serves a goal only where that sub-heading stands for the goal (:func:`~.sections.goal_under`)."""
        results = self.findings.results
        for n, entry in enumerate(results.entries if results else (), 1):
            result = self.result_iri(n)
            self.add(result, (RDF.type, _LLS.Activity), (_DCTERMS.description, self.text(entry.text)))
            if self.project is not None:
                self.add(result, (_LLS.partOf, self.project))
            goal = self._goal_over(entry.passage, results)
            if goal is not None:
                self.add(result, (_LLS.servesGoal, goal))
            name = own_name(entry.text)
            if name:
                self.add(result, (_SKOS.altLabel, self.text(name)))
            self.label(result, "result", n=n)
            self.cite(result, entry.passage)

    def _goal_over(self, passage: Passage, results: Listing) -> URIRef | None:
        """The goal whose heading ``passage`` stands under: a sub-heading of the results that stands for a goal."""
        goals = self.findings.goals
        if goals is None or passage.heading == results.heading.quote:
            return None
        n = goal_under(passage.heading, [entry.text for entry in goals.entries])
        return iri("goal", f"{self.id}-{n}") if n is not None else None

    def _lessons(self) -> None:
        advice = self.findings.advice
        if advice is None:
            return
        for n, entry in enumerate(advice.entries, 1):
            lesson = iri("lesson", f"{self.id}-{n}")
            self.add(lesson, (RDF.type, _LLS.Lesson), (_SKOS.notation, Literal(str(n))),
                     (_DCTERMS.description, self.text(entry.text)), (_LLS.lessonOf, self.region))
            self.label(lesson, "lesson", n=n)
            self.cite(lesson, advice.heading, entry.passage)

    def _after(self) -> None:
        """The work after the programme: an activity the region keeps on with, cited sentence by sentence."""
        after = self.findings.after
        if not after or not after.entries:
            return
        activity = self.after_iri()
        self.add(activity, (RDF.type, _LLS.Activity))
        self.label(activity, "after")
        self.cite(activity, *(entry.passage for entry in after.entries))
        role = iri("role", f"{self.id}-etter-programslutt")
        self.add(role, (RDF.type, _LLS.Role), (_LLS.actor, self.region), (_LLS.roleIn, activity),
                 (_LLS.roleKind, _LLS.Participant))
        self.label(role, "after-role")
        self.cite(role, after.heading)

    def _opening(self) -> None:
        """The opening paragraph, verbatim, as the region's description."""
        opening = self.findings.opening
        if opening is not None:
            self.add(self.region, (_DCTERMS.description, self.text(opening.quote)))
            self.cite(self.region, opening)

    def _who(self) -> None:
        writer = Writer(self)
        for statement in statements(self.findings):
            writer.write(statement)

    def _left_open(self) -> None:
        if self.findings.cut_in_box is not None:
            self.left_open(self.region, "box-cut", line=self.findings.cut_in_box)

    def _passages(self) -> None:
        """The page as a source document, and the passages cited, numbered in page order."""
        document = iri("source", self.id)
        self.add(document, (RDF.type, _LLS.SourceDocument), (_DCTERMS.title, self.text(self.findings.region)),
                 (_DCTERMS.language, Literal(self.lang)),
                 (_LLS.localCopy, Literal(self.findings.page.path.as_posix())))
        self.label(document, "document")
        ordered = sorted(self.passages.values(), key=lambda p: (p.line, p.offset))
        for position, passage in enumerate(ordered, 1):
            self.add(self.passage_iri(passage), (RDF.type, _LLS.SourcePassage), (_LLS.quote, self.text(passage.quote)),
                     (_LLS.sectionHeading, self.text(passage.heading)), (_LLS.position, Literal(position)),
                     (_LLS.inDocument, document))


def _lexical(value: Decimal) -> str:
    """A decimal's plain lexical form (``3514``, ``3514.5``), never exponent notation."""
    return format(value.normalize(), "f")


def turtle(regions: list[tuple[str, list[tuple[str, Graph]]]], header: str) -> bytes:
    """One Turtle file: ``header``, one prefix block, then each region's parts under a comment line."""
    prefixes: set[str] = set()
    blocks = []
    for region, parts in regions:
        blocks.append(f"{_RULE}\n# {region}\n{_RULE}")
        for title, part in parts:
            if len(part):
                lines = serialise(part, "turtle").decode("utf-8").splitlines()
                prefixes.update(line for line in lines if line.startswith("@prefix"))
                body = "\n".join(line for line in lines if not line.startswith("@prefix")).strip()
                blocks.append(f"# --- {title} {'-' * max(3, 60 - len(title))}\n\n{body}")
    return "\n\n".join([header.rstrip(), "\n".join(sorted(prefixes)), *blocks]).encode("utf-8") + b"\n"


_RULE = "#" * 65
