"""Who did what: the roles and transfers a page's sentences state (read by :mod:`.roles`), as graph nodes.

Each role and transfer cites the one sentence that states it, verbatim. The actors are
written as the sentence names them: a municipality when it is "X kommune" or a
member's name (``municipality:<name>``, the IRI the region's members have), else an
organisation with the name as written; a pronoun ("de") becomes an unnamed group that
says it is unnamed. The work is a project named by the verb's object, or the item the
sentence stands in (a result, the work after the programme); a sentence of advice that
names no work states no role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from rdflib import RDF, XSD, Literal, Namespace, URIRef
from rdflib.term import Node

from ..i18n import N_, Speech
from ..namespaces import LLS, STANDARD
from ..text import ident
from . import roles
from .findings import Findings, Passage
from .page import sentences

_LLS = Namespace(LLS)
_DCTERMS = Namespace(STANDARD["dcterms"])
_MUNICIPALITY = re.compile(r"^(?P<name>.+?)\s+kommune$")


@dataclass(frozen=True)
class Statement:
    """What one sentence says (roles, transfers), the sentence as a passage, and the item it stands in."""

    passage: Passage
    said: roles.Said
    item: tuple[str, int]


def statements(findings: Findings) -> list[Statement]:
    """Every sentence of the results, advice and work after the programme that states a role or transfer."""
    found = []
    for kind, listing in (("results", findings.results), ("advice", findings.advice), ("after", findings.after)):
        for n, entry in enumerate(listing.entries if listing else (), 1):
            for i, (offset, sentence) in enumerate(sentences(entry.text), 1):
                said = roles.read(sentence)
                if said:
                    where = entry.passage
                    passage = Passage(f"{where.key}-setning-{i}", sentence, where.heading, where.line,
                                      where.offset + offset)
                    found.append(Statement(passage, said, (kind, n)))
    return found


class Draft(Protocol):
    """What the writer needs of :class:`~.graph.Draft` (named here, so that the two modules import one way)."""

    id: str
    findings: Findings

    def iri(self, kind: str, local: str) -> URIRef: ...
    def result_iri(self, n: int) -> URIRef: ...
    def after_iri(self) -> URIRef: ...
    def add(self, subject: Node, *pairs: tuple[URIRef, Node]) -> None: ...
    def label(self, node: URIRef, phrase: str, **values: object) -> None: ...
    def left_open(self, node: URIRef, phrase: str, **values: object) -> None: ...
    def cite(self, node: URIRef, *passages: Passage | None) -> None: ...


class Writer:
    """Writes statements into a :class:`~.graph.Draft`'s current part, with the draft's IRIs, labels and citations."""

    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.members = set(draft.findings.members())

    def write(self, statement: Statement) -> None:
        passage, said = statement.passage, statement.said
        held: dict[tuple[roles.Actor, str, str | None], URIRef] = {}
        for role in said.roles:
            work = self.work(role.work, statement)
            if work is not None:
                held[(role.actor, role.kind, role.work)] = self.role(role, work, passage)
        for transfer in said.transfers:
            self.transfer(transfer, passage, held)

    def work(self, words: str | None, statement: Statement) -> URIRef | None:
        """The project the sentence names, or the item it stands in (None for advice, which is no work)."""
        draft = self.draft
        if words is None:
            kind, n = statement.item
            return {"results": draft.result_iri(n), "after": draft.after_iri()}.get(kind)
        project = draft.iri("project", f"{draft.id}-{ident(words)}")
        draft.add(project, (RDF.type, _LLS.Project))
        draft.label(project, "name", name=words)
        draft.cite(project, statement.passage)
        return project

    def actor(self, actor: roles.Actor, passage: Passage) -> URIRef:
        """The actor's node: a municipality, an organisation, or an unnamed group, labelled as written."""
        draft, words = self.draft, actor.words
        if not actor.named:
            group = draft.iri("group", f"{draft.id}-{passage.key}-{ident(words)}")
            draft.add(group, (RDF.type, _LLS.UnnamedGroup))
            draft.label(group, "unnamed", words=words)
            draft.left_open(group, "unnamed-open", words=words)
            draft.cite(group, passage)
            return group
        municipality = _MUNICIPALITY.match(words)
        name = municipality["name"] if municipality else words
        if municipality or name in self.members:
            node = draft.iri("municipality", ident(name))
            draft.add(node, (RDF.type, _LLS.Municipality))
            draft.label(node, "municipality", name=name)
        else:
            node = draft.iri("organisation", ident(words))
            draft.add(node, (RDF.type, _LLS.Organisation))
            draft.label(node, "name", name=words)
        draft.cite(node, passage)
        return node

    def role(self, role: roles.Role, work: URIRef, passage: Passage) -> URIRef:
        draft = self.draft
        node = draft.iri("role", f"{draft.id}-{passage.key}-{ident(role.actor.words)}-{ident(role.kind)}")
        draft.add(node, (RDF.type, _LLS.Role), (_LLS.actor, self.actor(role.actor, passage)), (_LLS.roleIn, work),
                  (_LLS.roleKind, _LLS[role.kind]))
        draft.label(node, f"role-{role.kind}", actor=role.actor.words)
        draft.cite(node, passage)
        return node

    def transfer(self, transfer: roles.Transfer, passage: Passage,
                 held: dict[tuple[roles.Actor, str, str | None], URIRef]) -> None:
        """The transfer node: project, from, to, the roles it ended and started, its year; the rest left open."""
        draft = self.draft
        node = draft.iri("transfer", f"{draft.id}-{passage.key}")
        ended = held[(transfer.source, roles.FORMER_OWNER, transfer.work)]
        started = held[(transfer.target, roles.OWNER, transfer.work)]
        draft.add(node, (RDF.type, _LLS.OwnershipTransfer),
                  (_LLS.transferOf, draft.iri("project", f"{draft.id}-{ident(transfer.work)}")),
                  (_LLS.transferredFrom, self.actor(transfer.source, passage)),
                  (_LLS.transferredTo, self.actor(transfer.target, passage)),
                  (_LLS.endedRole, ended), (_LLS.startedRole, started))
        draft.label(node, "transfer", work=transfer.work, source=transfer.source.words,
                    target=transfer.target.words)
        draft.left_open(node, "transfer-why")
        if transfer.year is None:
            draft.left_open(node, "transfer-when")
        else:
            year = Literal(transfer.year, datatype=XSD.gYear)
            draft.add(node, (_DCTERMS.date, year))
            draft.add(started, (_LLS.since, year))
            draft.add(ended, (_LLS.until, year))
        draft.cite(node, passage)


#: The role kinds in the report's words.
KINDS = {roles.OWNER: N_("owner"), roles.FORMER_OWNER: N_("former owner"), roles.LEADER: N_("leader"),
         roles.PARTICIPANT: N_("participant")}


def lines(found: list[Statement], words: Speech) -> list[str]:
    """The report's lines for ``found`` in ``words``' language: one per role and transfer."""
    said = []
    for statement in found:
        line = statement.passage.line
        for role in statement.said.roles:
            values = {"actor": _shown(role.actor, words), "kind": words._(KINDS[role.kind]), "line": line}
            said.append(words._("role: {actor}, {kind}, in “{work}” (line {line})", work=role.work, **values)
                        if role.work else
                        words._("role: {actor}, {kind}, in the item the sentence stands in (line {line})", **values))
        for transfer in statement.said.transfers:
            values = {"work": transfer.work, "source": _shown(transfer.source, words),
                      "target": _shown(transfer.target, words), "line": line}
            said.append(words._("transfer: “{work}” from {source} to {target} in {year} (line {line})",
                                year=transfer.year, **values) if transfer.year else
                        words._("transfer: “{work}” from {source} to {target} (line {line})", **values))
    return said


def _shown(actor: roles.Actor, words: Speech) -> str:
    return actor.words if actor.named else words._("“{words}” (not named)", words=actor.words)
