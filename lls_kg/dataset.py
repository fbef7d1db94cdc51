"""The dataset's description of itself, completed at build time with what only the data can tell.

``graph/dataset.ttl`` says what the dataset is (DCAT after DCAT-AP-NO, and VoID):
titles, publisher, licence, sources, version, endpoint. ``lls-kg build`` adds the
counts, computed by the named queries ``lls-kg stats`` runs, so the two always
agree (``void:triples``, and ``void:entities`` of each class in a
``void:classPartition``), and ``dcterms:modified``, the build date
(``SOURCE_DATE_EPOCH`` fixes it for a reproducible build). ``serve`` adds the
same statements to the store its engines read, so ``/id/dataset/lls-kg`` tells
them too.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timezone

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, XSD

from .errors import BadInput
from .namespaces import ID, PREFIXES
from .stats import collect
from .store.base import Store

DCAT = Namespace(PREFIXES["dcat"])
VOID = Namespace(PREFIXES["void"])
#: The dataset ``graph/dataset.ttl`` describes.
DATASET = URIRef(ID + "dataset/lls-kg")


def described(store: Store, today: date | None = None) -> Graph:
    """The statements that complete the description of :data:`DATASET` in ``store``: its counts and build date.

    Empty if ``store`` holds no such description (a graph of one's own files, ``--no-default``).

    Example
    -------
    >>> from lls_kg.store.files import load
    >>> from lls_kg.store.embedded import RdflibStore
    >>> graph = load().graph
    >>> extra = described(RdflibStore(graph))
    >>> int(extra.value(DATASET, VOID.triples)) == len(graph)
    True
    """
    added = Graph(bind_namespaces="none")
    if not store.query(f"ASK {{ <{DATASET}> a <{DCAT.Dataset}> }}").boolean:
        return added
    for measure, item, count in collect(store).rows:
        if str(measure) == "triples":
            added.add((DATASET, VOID.triples, Literal(int(count))))
        elif str(measure) == "instances":
            partition = BNode()
            added.add((DATASET, VOID.classPartition, partition))
            added.add((partition, VOID["class"], item))
            added.add((partition, VOID.entities, Literal(int(count))))
    added.add((DATASET, DCTERMS.modified, Literal((today or build_date()).isoformat(), datatype=XSD.date)))
    return added


def build_date() -> date:
    """Today (UTC), or the date of ``SOURCE_DATE_EPOCH`` when set, as reproducible builds expect."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return datetime.now(timezone.utc).date()
    if not epoch.isdigit():
        raise BadInput(f"SOURCE_DATE_EPOCH is '{epoch}'; give seconds since 1970-01-01 UTC, or unset it")
    return datetime.fromtimestamp(int(epoch), timezone.utc).date()
