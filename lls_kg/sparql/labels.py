"""Resources' labels by language, for pages and tables that show names in the reader's language: just those of the
resources a table, a view or a page's section names, or every label for what names every resource.

Class, role and relation names come from here too (the ontology's ``rdfs:label``\\ s in
nn, nb and en), not from a table in Python.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable

from rdflib import Literal, URIRef

from ..i18n import Label, pick
from ..store import Store, Texts, texts
from ..store.bind import bind_each, bind_first
from .named import load_named
from .run import text_answer

#: Resources whose labels one query asks for (:meth:`Labels.read_for`): their rows stay well under Virtuoso's row
#: cap (10,000 by default) at three languages each.
_BATCH = 1000


class Labels:
    """The labels of a store's resources (``labels.rq``): those of the resources a table, a view or a page's section
    names (:meth:`read_for`), asked before it is drawn, else every label, asked at the first lookup.

    >>> from lls_kg.store import open_store
    >>> names = Labels(open_store())
    >>> str(names.name("https://w3id.org/lls-kg/ontology#Municipality", "nn"))
    'kommune'
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        #: The labels of the resources :meth:`read_for` asked for (none for one without labels), and of terms.
        self._some: dict[str, dict[str, str]] = {}
        #: English label -> the labels of the ontology term it names, empty if none (see :meth:`term`).
        self._terms: dict[str, dict[str, str]] = {}

    @functools.cached_property
    def by_iri(self) -> dict[str, dict[str, str]]:
        """IRI -> language -> label (the smallest where a resource has several)."""
        return _by_language(text_answer(self._store, "labels"), "label")

    def read_for(self, iris: Iterable[str]) -> None:
        """Read the labels of just ``iris`` (the resources a table names) unless every label is read already: a
        table of a national graph names a few thousand of its 240 k labelled resources per million triples, and
        reading every label took a fifth of ``owners``' time and most of its memory."""
        if "by_iri" in self.__dict__:
            return
        todo = sorted({str(iri) for iri in iris} - self._some.keys())
        text = load_named("labels").text
        for start in range(0, len(todo), _BATCH):
            batch = todo[start:start + _BATCH]
            self._some.update(dict.fromkeys(batch, {}) | _by_language(
                texts(self._store, bind_each(text, "node", [URIRef(iri) for iri in batch])), "label"))

    def name(self, iri: str, lang: str, default: str | None = None) -> Label:
        """The label of ``iri`` for a reader of ``lang`` (see :func:`lls_kg.i18n.pick`); else ``default`` or the IRI."""
        return pick(self.of(str(iri)), lang, iri if default is None else default)

    def term(self, english: str, lang: str) -> str:
        """The name in ``lang`` of the ontology term whose English label is ``english`` (a query's role or class
        column; the first term by IRI where two share it); ``english`` itself if no term has that label.

        >>> from lls_kg.store import open_store
        >>> Labels(open_store()).term("former owner", "nb")
        'tidligere prosjekteier'
        """
        if english not in self._terms:
            self._terms[english] = _first_term(self._store, english)
        return str(pick(self._terms[english], lang, english))

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
        by_node = _by_language(text_answer(self._store, "left_open"), "text")
        found: dict[str, dict[str, str]] = {}
        for node in sorted(by_node):
            if "en" in by_node[node]:
                found.setdefault(by_node[node]["en"], by_node[node])
        return found

    def unread_on(self, store: Store) -> bool:
        """Whether the first lookup of a resource not read for will ask ``store`` for every label: a view build that
        will read them asks for them with its own queries (:func:`lls_kg.sparql.run.named_ahead`)."""
        return self._store is store and "by_iri" not in self.__dict__

    def has(self, iri: str) -> bool:
        """Whether ``iri`` has a label in any of the languages."""
        return bool(self.of(str(iri)))

    def of(self, iri: str) -> dict[str, str]:
        """``iri``'s labels by language: those :meth:`read_for` read, else from every label (read at the first)."""
        return self._some[iri] if iri in self._some else self.by_iri.get(iri, {})


def keep_smallest(found: dict[str, str], lang: str, text: str) -> None:
    """Keep ``text`` as ``found``'s wording in ``lang`` unless a smaller one is there: where a resource has two
    labels in one language, every engine then gives the same one, in whatever order its rows come (the queries
    leave the rows unsorted: sorting every label of a national graph cost more than reading them)."""
    if lang not in found or text < found[lang]:
        found[lang] = text


def _first_term(store: Store, english: str) -> dict[str, str]:
    """The labels of the first ontology term by IRI whose English label is ``english`` (``term_labels.rq``); empty
    if none has it."""
    found = _by_language(texts(store, bind_first(load_named("term_labels").text,
                                                 {"english": Literal(english, lang="en")})), "label")
    return found[min(found)] if found else {}


def _by_language(answer: Texts, text: str) -> dict[str, dict[str, str]]:
    """Node -> language -> ``text``, from ``answer``'s rows of ``node``, ``lang`` and ``text`` (the smallest where
    a node has several), read as plain text: no rdflib term is built."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    tags: dict[str, str] = {}  # each language one string, not one per label: a third of the labels' memory
    node, lang, said = (answer.vars.index(name) for name in ("node", "lang", text))
    for row in answer.rows:
        tag = (row[lang] or "").lower()[:2]
        keep_smallest(found[row[node]], tags.setdefault(tag, tag), row[said])  # type: ignore[index,arg-type]
    return dict(found)
