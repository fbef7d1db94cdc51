"""Why two nodes of a network view are linked: the kinds of tie, as the ontology defines them.

A link says why it exists. Each role kind makes a kind of tie (``lls:tieKind`` in
the ontology): a participant, partner, applicant, project leader, performer or
current owner does **joint work**; a former owner has **ownership** of what it
handed over; a funder, **funding**; an administrator, **programme** structure; an
author, **authorship**. Work that is part of the programme itself (a programme, its
phases, and what is part of them: the region's programme project, the community
analysis) ties its participants by **programme** structure instead: the programme
asked for it. Two actors without shared work are tied by **succession** (one
handed a project over to the other) or **membership** (a municipality and its
region, a department and its municipality).

Two members of one piece of work are tied by the weaker of their ties
(:func:`pair`): a funder and a participant by funding, a former owner and the new
owner by nothing (their tie is the succession, not working together).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..choices import JOINT_WORK, TIES, require
from ..namespaces import PREFIXES
from ..sparql import text_answer
from ..store import Store

#: The property that makes an author, which is no role kind.
AUTHORED = PREFIXES["dcterms"] + "creator"
#: From the strongest tie a member can have in a piece of work to the weakest.
_STRENGTH = (JOINT_WORK, "programme", "funding", "authorship", "ownership")
#: Ties between two members of one piece of work when theirs differ, weakest first: the weaker one wins.
_WEAKER_FIRST = ("funding", "programme", "authorship")


@dataclass(frozen=True)
class TieKinds:
    """The tie kinds of a graph: their codes and labels, what each role kind makes, and the programme's own work."""

    #: tie IRI -> code (``joint-work``...)
    codes: dict[str, str]
    #: code -> English label
    labels: dict[str, str]
    #: role kind (or ``dcterms:creator``) IRI -> the code of the tie it makes
    made_by: dict[str, str]
    #: the programmes, their phases and the work that is part of them
    structure: frozenset[str]

    def member(self, relation: str | None, work: str) -> str | None:
        """The tie a member has in ``work`` through ``relation`` (a role kind), or None if it makes none.

        >>> kinds = TieKinds({}, {}, {"urn:participant": "joint-work"}, frozenset({"urn:analysis"}))
        >>> kinds.member("urn:participant", "urn:nvr"), kinds.member("urn:participant", "urn:analysis")
        ('joint-work', 'programme')
        """
        made = self.made_by.get(relation or "")
        return "programme" if made == JOINT_WORK and work in self.structure else made

    @property
    def iris(self) -> dict[str, str]:
        """code -> the tie kind's IRI, whose labels name it in every language."""
        return {code: iri for iri, code in self.codes.items()}


def read(store: Store) -> TieKinds:
    """The tie kinds and the programme's structure of the graph in ``store`` (two small queries)."""
    kinds = text_answer(store, "tie_kinds")
    codes: dict[str, str] = {}
    labels: dict[str, str] = {}
    made_by = {AUTHORED: "authorship"}
    for row in kinds.records():
        codes[row["tie"]] = row["code"]
        labels[row["code"]] = row["label"] or row["code"]
        if row["kind"]:
            made_by[row["kind"]] = row["code"]
    parts = text_answer(store, "view_parts")
    return TieKinds(codes, labels, made_by, _programme_structure(parts.rows))


def chosen(ties: Iterable[str] | None, default: tuple[str, ...]) -> tuple[str, ...]:
    """The tie codes asked for (``all`` for every kind), checked; ``default`` when none are given.

    >>> chosen(None, ("joint-work",)), chosen(["all"], ())[:2], chosen(["funding", "joint-work"], ())
    (('joint-work',), ('joint-work', 'ownership'), ('joint-work', 'funding'))
    """
    asked = list(ties or ())
    if not asked:
        return default
    if "all" in asked:
        return TIES
    for tie in asked:
        require(tie, TIES, "tie kind")
    return tuple(tie for tie in TIES if tie in asked)


def strongest(found: Iterable[str]) -> str:
    """A member's tie in a piece of work where it holds several roles: the strongest of them."""
    return min(found, key=_STRENGTH.index)


def pair(one: str, other: str) -> str | None:
    """The tie between two members of one piece of work, from theirs: the weaker, and none through a former owner.

    >>> pair("joint-work", "joint-work"), pair("joint-work", "funding"), pair("ownership", "joint-work")
    ('joint-work', 'funding', None)
    """
    if one == other:
        return one
    if "ownership" in (one, other):
        return None
    return next((tie for tie in _WEAKER_FIRST if tie in (one, other)), JOINT_WORK)


def _programme_structure(rows: Iterable[tuple[str | None, ...]]) -> frozenset[str]:
    """Everything whose chain of ``lls:partOf`` reaches a programme or a phase (each listed as part of itself)."""
    wholes: dict[str, set[str]] = {}
    for part, whole in rows:
        if part and whole:
            wholes.setdefault(part, set()).add(whole)
    structure = {part for part, found in wholes.items() if part in found}
    grew = True
    while grew:
        more = {part for part, found in wholes.items() if part not in structure and found & structure}
        structure |= more
        grew = bool(more)
    return frozenset(structure)
