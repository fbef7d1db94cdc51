"""Turn a person's name for a resource into its IRI.

People type ``Sykkelløyper``, ``sykkelloyper`` or ``BUILDING MOUNTAIN-BIKE
TRAILS``, not ``https://w3id.org/lls-kg/id/project/sykkelloyper``. A name is
taken as a full IRI (``<...>`` optional) or a prefixed name
(``project:sykkelloyper``) when the graph holds it, else matched against every
``rdfs:label`` and ``skos:altLabel`` in any language, folded by the one rule of
:mod:`lls_kg.text` (case, accents and spacing ignored; æ ø å as ae o aa), so
Norwegian names can be typed on any keyboard. A name must pick exactly one resource: guessing would answer a
question nobody asked, so an unknown or ambiguous name is an error listing the
closest matches.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import URIRef

from ..errors import BadInput
from ..namespaces import PREFIXES, curie
from ..store import Store
from ..text import fold
from .named import load_named

_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*")
_SUGGESTIONS = 5


@dataclass(frozen=True)
class Named:
    """One name of a resource, and the classes (with superclasses) the resource belongs to."""

    iri: URIRef
    name: str
    classes: frozenset[str]


def resolve(store: Store, name: str, within: str | None = None) -> URIRef:
    """The one resource in ``store`` that ``name`` stands for, optionally an instance of the class ``within``.

    Parameters
    ----------
    store
        The graph to look in.
    name
        A full IRI (``<...>`` optional), a prefixed name of :data:`lls_kg.namespaces.PREFIXES`, or a label
        or alternative label in any language (case, accents and spacing ignored).
    within
        The IRI of a class; only its instances (subclasses included) are considered.

    Returns
    -------
    The resource's IRI. A name that picks no resource, or several, raises :class:`BadInput` listing
    the closest matches with their prefixed names.

    Example
    -------
    >>> from lls_kg.store import open_store
    >>> curie(resolve(open_store(), "BUILDING MOUNTAIN-BIKE TRAILS"))
    'project:sykkelloyper'
    """
    iri = _known_iri(store, name, within)
    if iri is not None:
        return iri
    candidates = [named for named in names(store) if within is None or within in named.classes]
    key = fold(name)
    matches = sorted({named.iri: named for named in candidates if fold(named.name) == key}.values(),
                     key=lambda named: str(named.iri))
    if len(matches) == 1:
        return matches[0].iri
    if matches:
        listed = ", ".join(f"{curie(named.iri)} ({named.name})" for named in matches)
        raise BadInput(f"{name!r} names {len(matches)} resources: {listed}; give an IRI or a prefixed name instead")
    close = closest(name, candidates)
    hint = f"; closest matches: {close}" if close else " (and nothing close to it)"
    raise BadInput(f"no {curie(within) if within else 'resource'} named {name!r}{hint}")


def names(store: Store) -> list[Named]:
    """Every name (label or alternative label) of every IRI in ``store``, from ``names.rq``.

    Sorted, so that messages listing matches read the same on every backend.
    """
    rows = store.query(load_named("names").text).bindings()
    found = [Named(URIRef(row["resource"]), str(row["name"]), frozenset(str(row["classes"] or "").split()))
             for row in rows]
    return sorted(found, key=lambda named: (str(named.iri), named.name))


def closest(name: str, candidates: Iterable[Named]) -> str:
    """The few candidates whose name or prefixed name is most like ``name``, as ``Name (prefix:local)``, best first."""
    by_key: dict[str, list[Named]] = {}
    for named in candidates:
        by_key.setdefault(fold(named.name), []).append(named)
        by_key.setdefault(fold(curie(named.iri)), []).append(named)
    picked: dict[URIRef, str] = {}
    for key in difflib.get_close_matches(fold(name), list(by_key), n=_SUGGESTIONS, cutoff=0.6):
        for named in by_key[key]:
            picked.setdefault(named.iri, named.name)
    return ", ".join(f"{label} ({curie(iri)})" for iri, label in list(picked.items())[:_SUGGESTIONS])


def _as_iri(name: str) -> URIRef | None:
    """``name`` read as an IRI (``<...>``, a known prefixed name, or an absolute IRI), or None if it is none."""
    text = name.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    else:
        prefix, colon, local = text.partition(":")
        if colon and prefix in PREFIXES:
            text = PREFIXES[prefix] + local
    return URIRef(text) if _IRI.fullmatch(text) else None


def _known_iri(store: Store, name: str, within: str | None) -> URIRef | None:
    """``name`` as an IRI the graph holds (refused if not of the class ``within``), or None to try it as a label."""
    iri = _as_iri(name)
    if iri is None:
        return None
    rows = store.query(load_named("known").text, {"resource": iri}).bindings()
    if not rows:
        return None
    if within is not None and within not in str(rows[0]["classes"] or "").split():
        raise BadInput(f"{curie(iri)} is not a {curie(within)}")
    return iri
