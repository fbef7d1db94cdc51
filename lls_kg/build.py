"""Assemble the ontology and the graph into one graph, optionally with inferred triples, and serialise it.

The result is one file any RDF tool loads: the whole knowledge graph with its
vocabulary, the project's prefixes bound so the Turtle stays readable.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.serializers.jsonld import from_rdf
from rdflib.plugins.serializers.trig import TrigSerializer
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.term import Node

from .choices import GRAPH_FORMATS, INFERENCE, require
from .dataset import described
from .errors import BadInput
from .namespaces import bind_prefixes
from .store.embedded import RdflibStore
from .store.files import PathLike, read

_CONTEXT = Path(__file__).resolve().parent / "context.jsonld"


def infer(graph: Graph, mode: str = "none") -> Graph:
    """A copy of ``graph`` with the RDFS or OWL 2 RL entailments added (``graph`` itself for ``none``).

    Only entailments RDF 1.1 can state are kept: the RDFS and OWL 2 RL rules also entail
    generalised triples such as ``"2017-06-08"^^xsd:date a rdfs:Resource``, with a literal
    as subject, which no RDF syntax allows and other tools refuse; those are dropped.

    Example
    -------
    >>> from rdflib import Graph
    >>> g = Graph().parse(data="@prefix : <urn:x:> . :a a :B . :B <http://www.w3.org/2000/01/rdf-schema#subClassOf> :C .")
    >>> len(infer(g, "rdfs")) > len(g)
    True
    """
    require(mode, INFERENCE, "inference")
    if mode == "none":
        return graph
    import owlrl  # here, not at the top: 7 ms of every command's start-up, for build --inference only

    expanded = Graph(bind_namespaces="none")
    bind_prefixes(expanded)
    expanded += graph
    semantics = owlrl.RDFS_Semantics if mode == "rdfs" else owlrl.OWLRL_Semantics
    owlrl.DeductiveClosure(semantics).expand(expanded)
    for triple in [t for t in expanded if not _stateable(t)]:
        expanded.remove(triple)
    return expanded


def _stateable(triple: tuple[Node, Node, Node]) -> bool:
    """Whether RDF 1.1 allows ``triple``: an IRI or blank node as subject, an IRI as predicate."""
    subject, predicate, _ = triple
    return isinstance(subject, (URIRef, BNode)) and isinstance(predicate, URIRef)


def assemble(files: Iterable[PathLike], inference: str = "none") -> Graph:
    """The RDF ``files`` (see :func:`lls_kg.store.files.select`) as one graph, with ``inference`` applied, and
    the dataset's description completed with the counts of what the files state (:mod:`lls_kg.dataset`)."""
    asserted = read(list(files)).graph
    description = described(RdflibStore(asserted))
    built = infer(asserted, inference)
    built += description
    return built


def serialise(graph: Graph, fmt: str = "turtle") -> bytes:
    """``graph`` as UTF-8 ``turtle``, ``trig`` (one default graph), ``nt`` or ``json-ld`` (compact, with the
    package's ``@context`` written in)."""
    require(fmt, GRAPH_FORMATS, "format")
    stream = io.BytesIO()
    if fmt == "turtle":
        _Turtle(graph).serialize(stream, encoding="utf-8")
    elif fmt == "trig":
        dataset = Dataset()
        bind_prefixes(dataset)
        dataset.default_graph.addN((s, p, o, dataset.default_graph) for s, p, o in graph)
        _TriG(dataset).serialize(stream, encoding="utf-8")
    elif fmt == "json-ld":
        return _compact_json_ld(graph)
    else:
        graph.serialize(stream, format=fmt, encoding="utf-8")
    return stream.getvalue()


def context() -> dict[str, Any]:
    """The JSON-LD ``@context`` shipped in the package (``lls_kg/context.jsonld``): the project's prefixes."""
    return json.loads(_CONTEXT.read_text(encoding="utf-8"))


def _compact_json_ld(graph: Graph) -> bytes:
    """Compact JSON-LD, every literal a typed string, with the shipped ``@context`` written in (never an address).

    rdflib's serializer always writes native JSON numbers (it passes its
    ``use_native_types`` flag as a one-element tuple), which loses an integer
    beyond 64 bits when orjson is installed; and its compaction drops a ``""``,
    ``0`` or ``false`` next to another value. So build the expanded form with
    rdflib and compact it with PyLD, the reference implementation, which fetches
    nothing here: the context is given whole, and any address it met would be refused.
    """
    from pyld import jsonld  # here, not at the top: 0.11 s of every command's start-up (it imports requests, asyncio)

    expanded = from_rdf(graph, use_native_types=False, use_rdf_type=False, auto_compact=False)
    document = jsonld.compact(expanded, context(), {"documentLoader": _refuse, "graph": True})
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def _refuse(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    raise BadInput(f"{url}: lls-kg loads no JSON-LD context over the network")


_SHORTHAND_TYPES = (XSD.integer, XSD.decimal, XSD.double, XSD.boolean)


class _KeepLexicalForm:
    """For rdflib's Turtle and TriG writers: use Turtle's bare-number form only when it keeps the literal's text.

    rdflib writes ``"1700000"^^xsd:decimal`` as ``1700000.0`` and rounds doubles to
    seven digits, so its Turtle would not match the N-Triples or JSON-LD of the same graph.
    """

    def label(self, node: Any, position: int) -> str:
        if (isinstance(node, Literal) and node.datatype in _SHORTHAND_TYPES
                and node._literal_n3(use_plain=True) != str(node)):
            return node._literal_n3(qname_callback=lambda datatype: self.get_pname(datatype, False))  # type: ignore[attr-defined]
        return super().label(node, position)  # type: ignore[misc]


class _Turtle(_KeepLexicalForm, TurtleSerializer):
    pass


class _TriG(_KeepLexicalForm, TrigSerializer):
    pass
