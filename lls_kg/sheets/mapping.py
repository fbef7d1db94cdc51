"""Rows to facts: each table's rows become triples of the ontology with the project's IRI scheme.

A row only adds. An actors or projects row names an existing resource (by id,
prefixed name or label) or makes a new one from its id or label; a roles row
finds a matching role or makes one; a transfers row finds the transfer or makes
it, ending the old owner's role and starting the new one's on its date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS

from ..errors import BadInput
from ..namespaces import ID, LLS, PREFIXES, curie
from ..sparql import load_named
from ..store import Term
from ..text import fold, slug
from .cells import Cells
from .state import Fact, Work, lls
from .tables import ACTORS, PROJECTS, ROLES, TRANSFERS, TableSpec


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


#: Actor classes an actors row may name, and the IRI kind of each.
ACTOR_KINDS = {LLS + "CityRegion": "region", LLS + "Municipality": "municipality", LLS + "Department": "unit",
               LLS + "Organisation": "organisation", LLS + "Company": "organisation",
               LLS + "Association": "organisation", LLS + "PublicAgency": "organisation",
               LLS + "CompetenceEnvironment": "environment", LLS + "UnnamedGroup": "group"}


#: Work classes a projects row may name, and the IRI kind of each.
WORK_KINDS = {LLS + "Project": "project", LLS + "Activity": "activity"}


@dataclass(frozen=True)
class _Resources:
    """How a table of resources (actors, projects) names and types them."""

    id_column: str
    base: str
    kinds: Mapping[str, str]
    noun: str


_ACTOR = _Resources("actor_id", LLS + "Actor", ACTOR_KINDS, "actor")


_WORK = _Resources("project_id", LLS + "Activity", WORK_KINDS, "project")


_TEXTS = (("label_nn", RDFS.label, "nn"), ("label_en", RDFS.label, "en"),
          ("description_nn", DCTERMS.description, "nn"), ("description_en", DCTERMS.description, "en"))


def _actor(cells: Cells) -> list[Fact]:
    """An actors row: the actor, its type, labels and descriptions."""
    found = _resource(cells, _ACTOR)
    return found[1] if found else []


def _project(cells: Cells) -> list[Fact]:
    """A projects row: the project or activity, its type, labels, descriptions and the goals it serves."""
    goals = cells.refs("serves_goal", LLS + "Goal")
    found = _resource(cells, _WORK)
    if found is None:
        return []
    iri, facts = found
    return facts + [Fact((iri, lls.servesGoal, goal), "serves_goal") for goal in goals]


def _resource(cells: Cells, spec: _Resources) -> tuple[URIRef, list[Fact]] | None:
    """The resource a row describes (existing or new) and the facts of its type, label and description cells."""
    cls = cells.kind("type", spec.kinds)
    texts = {column: cells.text(column) for column, _, _ in _TEXTS}
    iri = None if cls is None else _identify(cells, spec, cls, texts["label_nn"])
    if cells.problems or cls is None or iri is None:
        return None
    new = not cells.work.known(iri)
    if new:
        _claim_labels(cells, spec, iri, [texts["label_nn"] or "", texts["label_en"] or ""])
    facts = [Fact((iri, RDF.type, URIRef(cls)), "type")] if new else []
    facts += [Fact((iri, predicate, Literal(texts[column], lang=language)), column, single=True)
              for column, predicate, language in _TEXTS if texts[column]]
    return iri, facts


def _identify(cells: Cells, spec: _Resources, cls: str, label_nn: str | None) -> URIRef | None:
    """The IRI a resource row is about: the existing resource its id names, or a new one from its id or label.

    Checked even when other cells of the row are wrong, so a repeated id is always reported."""
    value = cells.row.cells.get(spec.id_column, "")
    namespace = f"{ID}{spec.kinds[cls]}/"
    if not value:
        if label_nn is None:
            return None  # the empty label is reported already
        made = slug(label_nn)
        if not made:
            cells.fail(spec.id_column, f"empty, and the label '{label_nn}' has no letters a-z or digits to make an "
                                       f"id from; give the new {spec.noun} an id such as my-{spec.noun}")
            return None
        iri = URIRef(namespace + made)
    else:
        iri = _named(cells, spec, value, namespace)
    if iri is None or not cells.once(("id", iri), spec.id_column, curie(iri)):
        return None
    known = cells.work.occurs(iri)
    classes = cells.work.snapshot.query(load_named("known").text, {"resource": iri}).bindings() if known else []
    if classes and cls not in str(classes[0]["classes"] or "").split():
        cells.fail("type", f"{curie(iri)} exists already, and is not a {cells.work.label(URIRef(cls), 'en')}")
        return None
    return iri


def _named(cells: Cells, spec: _Resources, value: str, namespace: str) -> URIRef | None:
    """The resource an id cell names: an existing one (IRI, prefixed name or label), else a new id in ``namespace``."""
    local = value.removeprefix(f"{curie(namespace)}").removeprefix(namespace)
    if _SLUG.fullmatch(local) and not cells.work.snapshot.names.whole(value, spec.base):
        return URIRef(namespace + local)  # the id's own IRI whether the graph holds it or not: no name to look up
    try:
        return cells.resolve(value, spec.base)
    except BadInput as error:
        if _SLUG.fullmatch(local):
            return URIRef(namespace + local)
        cells.fail(spec.id_column, f"{error}; a new {spec.noun}'s id is lower-case letters a-z, digits and hyphens "
                                   f"(e.g. {slug(value) or 'my-' + spec.noun})")
        return None


def _claim_labels(cells: Cells, spec: _Resources, iri: URIRef, texts: list[str]) -> None:
    """A new resource's labels must not name another resource of its kind, or names would stop picking one."""
    index = cells.work.snapshot.names.by_key
    for column, text in zip(("label_nn", "label_en"), texts):
        key = (spec.base, fold(text))
        taken = [named.iri for named in index.get(key[1], ()) if spec.base in named.classes and named.iri != iri]
        other = (taken[-1] if taken else None) or cells.work.new_names.get(key)
        if other is not None and other != iri:
            cells.fail(column, f"'{text}' already names {curie(other)}; to add to it, give {curie(other)} as "
                               f"{spec.id_column}; for a new {spec.noun}, choose another label")
        cells.work.new_names.setdefault(key, iri)


def _role(cells: Cells) -> list[Fact]:
    """A roles row: a role of an actor in a project or activity, found among the existing ones or new."""
    project = cells.ref("project", LLS + "Activity")
    actor = cells.ref("actor", LLS + "Actor")
    kind = cells.ref("role_kind", LLS + "RoleKind", listed=True)
    since, until = cells.date("since"), cells.date("until")
    if since is not None and until is not None and _before(until, since):
        cells.fail("until", f"{until} is before since ({since})")
    if cells.problems or not cells.once(("role", project, actor, kind, since), "actor", "this role"):
        return []
    return _role_facts(cells.work, project, actor, kind, since, until)[1]


def _role_facts(work: Work, project: URIRef, actor: URIRef, kind: URIRef, since: Literal | None,
                until: Literal | None) -> tuple[URIRef, list[Fact]]:
    """The role of ``actor`` as ``kind`` in ``project`` (an existing one whose dates agree, else a new one) and
    the facts that state it and its dates."""
    role = _matching_role(work, project, actor, kind, since, until)
    facts = [] if role is not None else _new_role(work, project, actor, kind, since)
    role = role if role is not None else facts[0].triple[0]
    dates = [(lls.since, since, "since"), (lls.until, until, "until")]
    return role, facts + [Fact((role, predicate, value), column, single=True)
                          for predicate, value, column in dates if value is not None]


def _new_role(work: Work, project: URIRef, actor: URIRef, kind: URIRef, since: Literal | None) -> list[Fact]:
    """A new role node (``role:PROJECT-ACTOR-KIND[-SINCE]``) with its labels, actor, project and kind; type first."""
    local = "-".join(_local(iri) for iri in (project, actor)) + "-" + slug(work.label(kind, "nn"))
    role = work.fresh(f"{PREFIXES['role']}{local}" + (f"-{since}" if since is not None else ""))
    nn, en = (f"{work.label(actor, lang)}: {work.label(kind, lang)}, {work.label(project, lang)}"
              for lang in ("nn", "en"))
    return [
        Fact((role, RDF.type, lls.Role)),
        Fact((role, RDFS.label, Literal(nn, lang="nn"))), Fact((role, RDFS.label, Literal(en, lang="en"))),
        Fact((role, lls.actor, actor), "actor"), Fact((role, lls.roleIn, project), "project"),
        Fact((role, lls.roleKind, kind), "role_kind"),
    ]


def _matching_role(work: Work, project: URIRef, actor: URIRef, kind: URIRef, since: Literal | None,
                   until: Literal | None) -> URIRef | None:
    """An existing role of ``actor`` as ``kind`` in ``project`` whose dates do not contradict ``since``/``until``."""
    for held in _roles(work, project):
        if (held["actor"], held["kind"]) == (actor, kind) and _agree(held["since"], since) \
                and _agree(held["until"], until):
            return held["role"]
    return None


def _transfer(cells: Cells) -> list[Fact]:
    """A transfers row: a project's change of owner, found among the existing ones or new, with its reasons and date.

    A new transfer ends the old owner's role on its date (``lls:until``) and starts the new owner's.
    """
    project = cells.ref("project", LLS + "Project")
    old, new = cells.ref("from_owner", LLS + "Actor"), cells.ref("to_owner", LLS + "Actor")
    when = cells.date("date")
    reasons = {language: cells.text(f"reason_{language}") for language in ("nn", "en")}
    if cells.problems or not cells.once(("transfer", project, old, new), "from_owner", "this transfer"):
        return []
    statements = [(lls.reason, Literal(text, lang=lang), f"reason_{lang}") for lang, text in reasons.items() if text]
    statements += [(DCTERMS.date, when, "date")] if when is not None else []
    transfer = next((row["transfer"] for row in _transfers(cells.work, project)
                     if (row["from_owner"], row["to_owner"]) == (old, new)), None)
    facts: list[Fact] = []
    if transfer is None:
        cells.require("date", "a new transfer needs it: the day the old owner's role ends and the new one's begins")
        cells.require("reason_nn", "a new transfer needs its reason, in Nynorsk at least")
        ended = _current_owner(cells, project, old)
        if cells.problems or ended is None or when is None:
            return []
        transfer, facts = _new_transfer(cells.work, project, (old, ended), new, when)
    return facts + [Fact((transfer, predicate, value), column, single=True) for predicate, value, column in statements]


def _new_transfer(work: Work, project: URIRef, ending: tuple[URIRef, URIRef], new: URIRef,
                  when: Literal) -> tuple[URIRef, list[Fact]]:
    """A new transfer of ``project`` from an owner (and its ``ending`` role) to ``new`` on ``when``, and its facts:
    the old role ends, the new owner's role begins, and the transfer node links both."""
    old, ended = ending
    started, role_facts = _role_facts(work, project, new, lls.Owner, when, None)
    transfer = work.fresh(f"{PREFIXES['transfer']}{_local(project)}-{when}")
    nn = f"{work.label(project, 'nn')}: overført frå {work.label(old, 'nn')} til {work.label(new, 'nn')}"
    en = f"{work.label(project, 'en')}: transferred from {work.label(old, 'en')} to {work.label(new, 'en')}"
    return transfer, role_facts + [
        Fact((ended, lls.until, when), "date", single=True),
        Fact((transfer, RDF.type, lls.OwnershipTransfer)),
        Fact((transfer, RDFS.label, Literal(nn, lang="nn"))), Fact((transfer, RDFS.label, Literal(en, lang="en"))),
        Fact((transfer, lls.transferOf, project), "project"),
        Fact((transfer, lls.transferredFrom, old), "from_owner"),
        Fact((transfer, lls.transferredTo, new), "to_owner"),
        Fact((transfer, lls.endedRole, ended), "from_owner"),
        Fact((transfer, lls.startedRole, started), "to_owner"),
    ]


def _current_owner(cells: Cells, project: URIRef, owner: URIRef) -> URIRef | None:
    """``owner``'s current ownership role in ``project``; if it has none, a problem naming the current owners."""
    current = {row["actor"]: row["role"] for row in _roles(cells.work, project)
               if row["kind"] == lls.Owner and row["until"] is None}
    if owner in current:
        return current[owner]
    owners = ", ".join(f"{cells.work.label(actor, 'en')} ({curie(actor)})" for actor in sorted(current, key=str))
    cells.fail("from_owner", f"{cells.work.label(owner, 'en')} ({curie(owner)}) is not the current owner of "
                             f"{curie(project)}; " + (f"its current owner is {owners}" if owners
                                                      else "it has no current owner"))
    return None


def check_owners(work: Work) -> None:
    """Every new project needs an owner: a role of kind lls:Owner, from the roles sheet of the same import.

    The owners the rows added are read from their triples; only a project without one is looked up."""
    added, role_in, kind, owner, project_type = work.added, lls.roleIn, lls.roleKind, lls.Owner, lls.Project
    owned = {project for role, predicate, project in added if predicate == role_in and (role, kind, owner) in added}
    new = [change.resource for change in work.changes if (change.resource, RDF.type, project_type) in added]
    for project in (project for project in new if project not in owned):
        if not any(role["kind"] == lls.Owner for role in _roles(work, project)):
            work.problems.append(f"{work.origins[project][0]}, column project_id: the new project {curie(project)} "
                                 "has no owner; add a row to the roles sheet with this project, its owner and "
                                 "role_kind owner")


#: How a row of one table becomes facts.
Mapper = Callable[[Cells], list[Fact]]
#: Each table with its mapper, in the order an import reads them.
MAPPERS: tuple[tuple[TableSpec, Mapper], ...] = (
    (ACTORS, _actor), (PROJECTS, _project), (ROLES, _role), (TRANSFERS, _transfer))


def _roles(work: Work, project: URIRef) -> list[dict[str, Term | None]]:
    """The roles in ``project`` as ``sheet_roles.rq`` gives them (role, kind, project, actor, label, since, until);
    none, without a query, in a project nothing points to (a new one, say)."""
    if not work.referenced(project):
        return []
    return work.live.query(load_named("sheet_roles").text, {"project": project}).bindings()


def _transfers(work: Work, project: URIRef) -> list[dict[str, Term | None]]:
    """The transfers of ``project`` as ``sheet_transfers.rq`` gives them (transfer, project, from, to, ...)."""
    return work.live.query(load_named("sheet_transfers").text, {"project": project}).bindings()


def _local(iri: URIRef) -> str:
    """The slug at the end of an IRI (``project:sykkelloyper`` -> ``sykkelloyper``)."""
    return slug(re.split(r"[/#]", str(iri).rstrip("/"))[-1])


def _before(later: Literal, earlier: Literal) -> bool:
    """Whether the date or year ``later`` ends before ``earlier`` begins (compared at the coarser of the two)."""
    return str(later) < str(earlier)[:len(str(later))]


def _agree(held: Term | None, given: Literal | None) -> bool:
    return held is None or given is None or held == given
