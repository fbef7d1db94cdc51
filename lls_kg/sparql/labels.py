"""Every resource's labels by language, read once, for pages and tables that show names in the reader's language.

Class, role and relation names come from here too (the ontology's ``rdfs:label``\\ s in
nn, nb and en), not from a table in Python.
"""

from __future__ import annotations

import functools
from collections import defaultdict

from ..i18n import Label, pick
from ..namespaces import LLS
from ..store import Store
from .run import text_answer


class Labels:
    """The labels of every resource of a store (``labels.rq``), asked at the first lookup.

    >>> from lls_kg.store import open_store
    >>> names = Labels(open_store())
    >>> str(names.name("https://w3id.org/lls-kg/ontology#Municipality", "nn"))
    'kommune'
    """

    def __init__(self, store: Store) -> None:
        self._store = store

    @functools.cached_property
    def by_iri(self) -> dict[str, dict[str, str]]:
        """IRI -> language -> label (the smallest where a resource has several)."""
        return _by_language(self._store, "labels", "label")

    def name(self, iri: str, lang: str, default: str | None = None) -> Label:
        """The label of ``iri`` for a reader of ``lang`` (see :func:`lls_kg.i18n.pick`); else ``default`` or the IRI."""
        return pick(self.by_iri.get(str(iri), {}), lang, iri if default is None else default)

    def term(self, english: str, lang: str) -> str:
        """The name in ``lang`` of the ontology term whose English label is ``english`` (a query's role or class
        column); ``english`` itself if no term has that label.

        >>> from lls_kg.store import open_store
        >>> Labels(open_store()).term("former owner", "nb")
        'tidligere prosjekteier'
        """
        return str(self.name(self._terms[english], lang)) if english in self._terms else english

    def left_open(self, english: str, lang: str) -> Label:
        """What a source leaves open, said in ``lang``: the wording, on the same resource, of the English text
        ``english`` a query chose (``lls:leftOpen``; see :func:`lls_kg.i18n.pick`); ``english`` itself if none.

        >>> from lls_kg.store import open_store
        >>> str(Labels(open_store()).left_open("The page does not say when the project changed owner.", "nn"))
        'Kva tid prosjektet skifte eigar, seier ikkje sida.'
        """
        return pick(self._left_open.get(english, {}), lang, english)

    @functools.cached_property
    def _left_open(self) -> dict[str, dict[str, str]]:
        """English wording -> language -> wording, of the same resource (the first by IRI where two share it)."""
        by_node = _by_language(self._store, "left_open", "text")
        found: dict[str, dict[str, str]] = {}
        for node in sorted(by_node):
            if "en" in by_node[node]:
                found.setdefault(by_node[node]["en"], by_node[node])
        return found

    @functools.cached_property
    def _terms(self) -> dict[str, str]:
        """English label -> the ontology term it names (the first by IRI where two share it)."""
        found: dict[str, str] = {}
        for iri in sorted(iri for iri in self.by_iri if iri.startswith(LLS)):  # not the national graph's 240 k
            english = self.by_iri[iri].get("en")
            if english:
                found.setdefault(english, iri)
        return found

    def unread_on(self, store: Store) -> bool:
        """Whether the first lookup will ask ``store`` for the labels: a view build then asks for them with its own
        queries (:func:`lls_kg.sparql.run.named_ahead`)."""
        return self._store is store and "by_iri" not in self.__dict__

    def has(self, iri: str) -> bool:
        """Whether ``iri`` has a label in any of the languages."""
        return str(iri) in self.by_iri


def keep_smallest(found: dict[str, str], lang: str, text: str) -> None:
    """Keep ``text`` as ``found``'s wording in ``lang`` unless a smaller one is there: where a resource has two
    labels in one language, every engine then gives the same one, in whatever order its rows come (the queries
    leave the rows unsorted: sorting every label of a national graph cost more than reading them)."""
    if lang not in found or text < found[lang]:
        found[lang] = text


def _by_language(store: Store, query: str, text: str) -> dict[str, dict[str, str]]:
    """Node -> language -> ``text``, from the named ``query``'s rows of ``node``, ``lang`` and ``text`` (the
    smallest where a node has several), read as plain text: no rdflib term is built."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    tags: dict[str, str] = {}  # each language one string, not one per label: a third of the labels' memory
    answer = text_answer(store, query)
    node, lang, said = (answer.vars.index(name) for name in ("node", "lang", text))
    for row in answer.rows:
        tag = (row[lang] or "").lower()[:2]
        keep_smallest(found[row[node]], tags.setdefault(tag, tag), row[said])  # type: ignore[index,arg-type]
    return dict(found)
