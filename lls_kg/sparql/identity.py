"""One region, one node: regions that two sources describe are merged when the graph is opened.

A city region is identified by its member municipalities (each by its kommunenummer where
the graph knows one, else by its IRI) and its applicant. Two region nodes with the same
members are read as one when their applicants agree or one of them names none; two
regions that only share a municipality stay two. The merge renames the other nodes to
the best-described one (the most statements, then the smallest IRI) in every triple, so
every statement and every source passage of both stays, now about one region, and every
query sees one region without knowing that a merge happened. ``lls-kg validate`` still
flags the two nodes in the files, so a data steward can make them one there.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..store import OxigraphStore, RdflibStore, Store
from .named import load_named


@dataclass(frozen=True)
class Identity:
    """What identifies a region node: its members' keys, its applicants' keys, and how much the graph says of it."""

    region: str
    members: frozenset[str]
    applicants: frozenset[str]
    statements: int


def identities(store: Store) -> list[Identity]:
    """Every region node with its members and applicants, each member keyed by its lowest kommunenummer, else IRI."""
    numbers: dict[tuple[str, str], list[str]] = defaultdict(list)
    applicant: dict[tuple[str, str], bool] = {}
    statements: dict[str, int] = {}
    for row in store.query(load_named("region_members").text).records():
        key = (row["region"], row["member"])
        if row["number"] is not None:
            numbers[key].append(str(row["number"]))
        applicant[key] = bool(row["applicant"])
        statements[row["region"]] = int(row["statements"])
    keyed = {key: min(numbers[key], default=key[1]) for key in applicant}
    found = []
    for region in sorted(statements):
        mine = [key for key in applicant if key[0] == region]
        found.append(Identity(region, frozenset(keyed[k] for k in mine),
                              frozenset(keyed[k] for k in mine if applicant[k]), statements[region]))
    return found


def same_regions(found: list[Identity]) -> dict[str, str]:
    """Each region node to be merged -> the node it is merged into (absent: it stays as it is).

    >>> a = Identity("r:a", frozenset({"1", "2"}), frozenset({"1"}), 9)
    >>> b = Identity("r:b", frozenset({"1", "2"}), frozenset(), 15)
    >>> c = Identity("r:c", frozenset({"2", "3"}), frozenset({"2"}), 9)
    >>> same_regions([a, b, c])
    {'r:a': 'r:b'}
    """
    groups: dict[frozenset[str], list[Identity]] = defaultdict(list)
    for identity in found:
        groups[identity.members].append(identity)
    merged: dict[str, str] = {}
    for group in groups.values():
        named = {i.applicants for i in group if i.applicants}
        if len(named) > 1:  # the same members, different applicants: the sources disagree, nothing is merged
            continue
        keep = min(group, key=lambda i: (-i.statements, i.region))
        merged.update({i.region: keep.region for i in group if i is not keep})
    return merged


def merge_regions(store: Store) -> dict[str, str]:
    """Merge the region nodes that stand for one region in an in-memory ``store``; returns what was merged into what.

    Stores that hold their own data (on disk, an endpoint) are left as they are.
    """
    if not isinstance(store, (OxigraphStore, RdflibStore)) or not store.writable:
        return {}
    merged = same_regions(identities(store))
    for old, new in merged.items():
        store.update(f"DELETE {{ <{old}> ?p ?o }} INSERT {{ <{new}> ?p ?o }} WHERE {{ <{old}> ?p ?o }} ;\n"
                     f"DELETE {{ ?s ?p <{old}> }} INSERT {{ ?s ?p <{new}> }} WHERE {{ ?s ?p <{old}> }}")
    return merged
