"""Turn a person's name for a resource into its IRI.

People type ``Sykkelløyper``, ``sykkelloyper`` or ``BUILDING MOUNTAIN-BIKE
TRAILS``, not ``https://w3id.org/lls-kg/id/project/sykkelloyper``. A name is
taken as a full IRI (``<...>`` optional) or a prefixed name
(``project:sykkelloyper``) when the graph holds it, else matched against every
``rdfs:label``, ``skos:altLabel`` and ``skos:notation`` (a goal's number) in any
language, folded by the one rule of :mod:`lls_kg.text` (case, accents and spacing
ignored; æ ø å as ae o aa), so Norwegian names can be typed on any keyboard. A
whole name that matches wins; else a name matches by its words: every word typed
must be a word of the name, the start of one (``sykkel`` for ``sykkelløyper``), or
the same word inflected (``sykkelløypene``). A parameter looks only among the
instances of the class it stands for. A name must pick exactly one resource:
guessing would answer a question nobody asked, so an unknown name is an error
listing the closest matches, and a name that fits several lists them, best first.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import URIRef

from ..errors import BadInput, one_line
from ..namespaces import LLS, PREFIXES, curie
from ..store import Store
from ..text import fold
from .named import load_named

_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*")
_SUGGESTIONS = 5
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Named:
    """One name of a resource, and the classes (with superclasses) the resource belongs to."""

    iri: URIRef
    name: str
    classes: frozenset[str]


class Names:
    """Every name of a graph (:func:`names`), indexed by its folded form, so a whole name is found without
    folding every name again: an import looks up a few names per row among hundreds of thousands."""

    def __init__(self, found: list[Named]) -> None:
        self.all = found
        self.by_key: dict[str, list[Named]] = {}
        for named in found:
            self.by_key.setdefault(fold(named.name), []).append(named)

    def whole(self, name: str, cls: str | None) -> list[Named]:
        """The names of instances of ``cls`` (any resource if None) that are ``name`` once folded."""
        return [named for named in self.by_key.get(fold(name), ()) if cls is None or cls in named.classes]

    def within(self, cls: str | None) -> list[Named]:
        """The names of the instances of ``cls`` (every name if None)."""
        return [named for named in self.all if cls is None or cls in named.classes]


def resolve(store: Store, name: str, within: str | None = None, *, by_words: bool = True,
            index: Names | None = None) -> URIRef:
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
    by_words
        Also match by words when no whole name matches. An import turns this off: a name written
        into the graph must be a whole name, not the one a few words happen to fit.
    index
        The names of ``store`` read already (:class:`Names`), for a caller that resolves many names in a graph
        that does not change meanwhile; by default they are read from ``store``.

    Returns
    -------
    The resource's IRI. A name that picks no resource, or several, raises :class:`BadInput` listing
    the closest matches with their prefixed names.

    Example
    -------
    >>> from lls_kg.store import open_store
    >>> store = open_store()
    >>> curie(resolve(store, "BUILDING BIKE TRAILS")), curie(resolve(store, "sykkelløypene", LLS + "Project"))
    ('project:sykkelloyper', 'project:sykkelloyper')
    >>> curie(resolve(store, "2", LLS + "Goal"))
    'goal:offentlege-arbeidsplassar'
    """
    iri = _known_iri(store, name, within)
    if iri is not None:
        return iri
    index = index or Names(names(store, within))
    key = fold(name)
    matches = sorted({named.iri: named for named in index.whole(name, within)}.values(),
                     key=lambda named: str(named.iri))
    if len(matches) > 1:
        raise BadInput(f"{name!r} names {len(matches)} resources: {_listed(matches)}; "
                       "give an IRI or a prefixed name instead")
    if not matches and by_words and as_iri(name) is None:  # an IRI the graph lacks is no words to look for
        matches = _by_words(key, index.within(within))
        if len(matches) > 1:
            raise BadInput(f"{name!r} fits {len(matches)} resources: {_listed(matches)}; "
                           "give more of the name, an IRI or a prefixed name")
    if matches:
        return matches[0].iri
    close = closest(name, index.within(within))
    hint = f"; closest matches: {close}" if close else " (and nothing close to it)"
    raise BadInput(f"no {curie(within) if within else 'resource'} named {name!r}{hint}")


def _listed(matches: list[Named]) -> str:
    """The first few matches as ``prefix:local (name)``, and how many more."""
    listed = ", ".join(f"{curie(named.iri)} ({one_line(named.name)})" for named in matches[:_SUGGESTIONS])
    return listed + (f" and {len(matches) - _SUGGESTIONS} more" if len(matches) > _SUGGESTIONS else "")


def _by_words(key: str, candidates: Iterable[Named]) -> list[Named]:
    """The resources one of whose names has every word of ``key`` (see :func:`word_fits`), best first: most words
    typed in full, then fewest words of the name left over; one name per resource."""
    typed = _WORD.findall(key)
    best: dict[URIRef, tuple[tuple[int, int, str], Named]] = {}
    for named in candidates:
        words = _WORD.findall(fold(named.name))
        if typed and all(any(word_fits(t, w) for w in words) for t in typed):
            score = (-sum(t in words for t in typed), len(words) - len(typed), named.name)
            if named.iri not in best or score < best[named.iri][0]:
                best[named.iri] = (score, named)
    return [named for _, named in sorted(best.values(), key=lambda found: (found[0], str(found[1].iri)))]


def word_fits(typed: str, word: str) -> bool:
    """Whether a typed word stands for a word of a name: the same, its start, or the same word inflected.

    >>> word_fits("sykkel", "sykkelloyper"), word_fits("sykkelloypene", "sykkelloyper"), word_fits("by", "byr")
    (True, True, False)
    """
    if typed == word or (len(typed) >= 3 and word.startswith(typed)):
        return True
    shared = len(_common_prefix(typed, word))
    return shared >= 4 and shared >= max(len(typed), len(word)) - 3  # an ending of up to three letters differs


def _common_prefix(a: str, b: str) -> str:
    return a[:next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))]


def names(store: Store, within: str | None = None) -> list[Named]:
    """Every name (label or alternative label) of every IRI in ``store``, from ``names.rq``; or only of the
    instances of the class ``within`` (``names_within.rq``).

    Sorted, so that messages listing matches read the same on every backend.
    """
    rows = (store.query(load_named("names").text) if within is None else
            store.query(load_named("names_within").text, {"class": URIRef(within)})).bindings()
    found = [Named(_iri(row["resource"]), str(row["name"]), frozenset(str(row["classes"] or "").split()))
             for row in rows]
    return sorted(found, key=lambda named: (str(named.iri), named.name))


def _iri(term: object) -> URIRef:
    """An IRI of an answer as a URIRef, not checked again if it is one already (checking is most of the cost)."""
    return term if isinstance(term, URIRef) else URIRef(str(term))


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
    return ", ".join(f"{one_line(label)} ({curie(iri)})" for iri, label in list(picked.items())[:_SUGGESTIONS])


def as_iri(name: str) -> URIRef | None:
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
    iri = as_iri(name)
    if iri is None:
        return None
    rows = store.query(load_named("known").text, {"resource": iri}).bindings()
    if not rows:
        return None
    if within is not None and within not in str(rows[0]["classes"] or "").split():
        raise BadInput(f"{curie(iri)} is not a {curie(within)}")
    return iri
