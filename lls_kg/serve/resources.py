"""Resolvable resources: ``GET /id/…`` and ``GET /ontology`` describe a resource, by content negotiation.

Every resource IRI is ``https://w3id.org/lls-kg/id/<kind>/<slug>`` and every term
``https://w3id.org/lls-kg/ontology#<Name>``; ``serve`` answers their paths directly
(200, with ``Vary: Accept``, no 303 hop): an HTML page for browsers, Turtle, JSON-LD or
N-Triples for machines (``Accept``, or ``?format=html|turtle|json-ld|nt``). The page is in
the language asked (``?lang=nn|nb|en``, Nynorsk by default): the resource's labels, its
facts with their values as links, where it comes from (the verbatim quote, its heading
and document, or the external source and its address), and what points to it. It is one
offline page like the report (:mod:`lls_kg.html.page`): autoescaped, nothing linked or
loaded. Every read is a named query run on the engine, the description within the
endpoint's limits.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Literal, URIRef

from ..html.page import plain
from ..namespaces import BASE, ID, curie
from ..sparql import load_named
from ..store import RemoteStore, Result, Store
from ..store.bind import bind_first
from .engine import Engine, answer
from .limits import Limits, Refused
from .negotiate import _ranges, media_type, negotiate

#: The ontology document; its terms are ``ONTOLOGY#Name`` and resolve at its path.
ONTOLOGY = BASE + "ontology"
#: The formats offered besides HTML, by ``?format=`` name.
FORMATS = {"turtle": "text/turtle", "json-ld": "application/ld+json", "nt": "application/n-triples"}
LANGUAGES = ("nn", "nb", "en")
#: Which labels a page prefers, per language, best first.
_FALLBACK = {"nn": ("nn", "nb", "en", ""), "nb": ("nb", "nn", "en", ""), "en": ("en", "nn", "nb", "")}
#: Accepted media type -> the format answered (a wildcard: Turtle for machines, HTML for text).
_MEDIA = {"text/html": "html", "application/xhtml+xml": "html", "text/turtle": "turtle",
          "application/turtle": "turtle", "application/x-turtle": "turtle", "application/ld+json": "json-ld",
          "application/json": "json-ld", "application/n-triples": "nt", "text/*": "html",
          "application/*": "json-ld", "*/*": "turtle", "*": "turtle"}
def handles(path: str) -> bool:
    """Whether ``path`` is a resource's or the ontology's (the front door routes it here)."""
    return path.startswith("/id/") or path == "/ontology"


def respond(engine: Engine, path: str, params: Mapping[str, list[str]], accept: str,
            limits: Limits) -> tuple[str, bytes]:
    """The media type and body that answer ``GET path``; :class:`Refused` (404, 406 …) otherwise."""
    iri = BASE + path.removeprefix("/")
    wanted = _format(params, accept)
    lang = _one(params, "lang") or "nn"
    if lang not in LANGUAGES:
        raise Refused(400, f"unknown language '{lang}'; use one of {', '.join(LANGUAGES)}")
    if wanted == "html":
        store = RemoteStore(engine.url.rstrip("/") + "/query", timeout=limits.timeout + 5)
        page = ontology_page(store, lang) if iri == ONTOLOGY else resource_page(store, iri, lang)
        return "text/html; charset=utf-8", page.encode("utf-8")
    query = load_named("ontology_graph").text if iri == ONTOLOGY else \
        bind_first(load_named("resource_graph").text, {"resource": URIRef(iri)})
    fmt = negotiate("CONSTRUCT", FORMATS[wanted])
    data = answer(engine, query, "CONSTRUCT", fmt, limits)
    if not data.strip() and iri != ONTOLOGY:
        raise Refused(404, f"the graph says nothing about <{iri}>")
    return media_type(fmt), data


def _format(params: Mapping[str, list[str]], accept: str) -> str:
    """``html`` or a key of :data:`FORMATS`: the ``format`` parameter, else the best acceptable media type."""
    named = _one(params, "format")
    if named:
        if named != "html" and named not in FORMATS:
            raise Refused(400, f"unknown format '{named}'; use html, {', '.join(FORMATS)}")
        return named
    for media in _ranges(accept or "*/*"):
        if media in _MEDIA:
            return _MEDIA[media]
    raise Refused(406, "no acceptable format; a resource is offered as text/html, " + ", ".join(FORMATS.values()))


def _one(params: Mapping[str, list[str]], key: str) -> str | None:
    values = params.get(key, [])
    return values[0].strip().lower() if values else None


# --- pages ---------------------------------------------------------------------------------------


@dataclass
class Node:
    """A term shown on a page: its text, and where it links (None for a literal or a blank node)."""

    text: str
    href: str | None = None
    lang: str = ""


@dataclass
class Term:
    """One described resource: its labels, its facts, and (for a page) its sources and what points to it."""

    iri: str
    title: str
    anchor: str = ""
    facts: list[tuple[Node, Node]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    links: list[tuple[Node, Node]] = field(default_factory=list)


def resource_page(store: Store, iri: str, lang: str) -> str:
    """The HTML page of the resource ``iri``; :class:`Refused` (404) if the graph says nothing about it."""
    bound = {"resource": URIRef(iri)}
    facts = store.query(load_named("resource_facts").text, bound)
    links = store.query(load_named("resource_links").text, bound)
    if not facts.rows and not links.rows:
        raise Refused(404, f"the graph says nothing about <{iri}>")
    term = _term(iri, facts.bindings(), "property", "value", lang)
    term.links = _pairs(links.bindings(), "property", "subject", lang)
    term.sources = _sources(store.query(load_named("source").text, bound), lang)
    return _page(term.title, iri, lang, [term])


def ontology_page(store: Store, lang: str) -> str:
    """The HTML page of the vocabulary: each term in a section of its own, its name as the anchor."""
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in store.query(load_named("ontology_terms").text).bindings():
        rows[str(record["term"])].append(record)
    terms = [_term(iri, records, "property", "value", lang) for iri, records in rows.items()]
    for term in terms:
        term.anchor = term.iri.partition("#")[2]
    document = next((term for term in terms if term.iri == ONTOLOGY), None)
    return _page(document.title if document else ONTOLOGY, ONTOLOGY, lang, terms)


def _page(title: str, iri: str, lang: str, terms: list[Term]) -> str:
    return plain("resource.html", lang, title=title, iri=iri, terms=terms,
                 languages=LANGUAGES, formats=FORMATS)


def _term(iri: str, records: Iterable[dict[str, Any]], key: str, value: str, lang: str) -> Term:
    records = list(records)
    labels = [r[value] for r in records if str(r[key]) == "http://www.w3.org/2000/01/rdf-schema#label"]
    return Term(iri, _best(labels, lang) or curie(iri), facts=_pairs(records, key, value, lang))


def _pairs(records: Iterable[dict[str, Any]], first: str, second: str, lang: str) -> list[tuple[Node, Node]]:
    """Rows with labels (``<name>_label``, one row per label) as pairs of shown terms, one pair per fact."""
    labels: dict[tuple[Any, Any], tuple[list[Any], list[Any]]] = {}
    for record in records:
        pair = (record[first], record[second])
        firsts, seconds = labels.setdefault(pair, ([], []))
        firsts.append(record.get(f"{first}_label"))
        seconds.append(record.get(f"{second}_label"))
    return [(_node(a, _best(la, lang)), _node(b, _best(lb, lang))) for (a, b), (la, lb) in labels.items()]


def _best(labels: Iterable[Any], lang: str) -> str | None:
    """The label in ``lang``, else in the next language of :data:`_FALLBACK`."""
    found = {label.language or "": str(label) for label in labels if isinstance(label, Literal)}
    return next((found[tag] for tag in _FALLBACK[lang] if tag in found), None)


def _node(term: Any, label: str | None) -> Node:
    if isinstance(term, Literal):
        return Node(str(term), lang=term.language or "")
    if isinstance(term, BNode) or term is None:
        return Node("[…]")
    return Node(label or curie(str(term)), href=href(str(term)))


def href(iri: str) -> str | None:
    """Where a page links ``iri``: a path on this server for the graph's own IRIs, the IRI itself for a web
    address, and nowhere for anything else (a ``javascript:`` IRI in the data must not become a link).

    >>> href("https://w3id.org/lls-kg/id/project/sykkelloyper"), href("https://w3id.org/lls-kg/ontology#Project")
    ('/id/project/sykkelloyper', '/ontology#Project')
    >>> href("javascript:alert(1)") is None
    True
    """
    if iri.startswith((ID, ONTOLOGY)):
        return "/" + iri.removeprefix(BASE)
    return iri if iri.startswith(("http://", "https://")) else None


def _sources(result: Result, lang: str) -> list[dict[str, Any]]:
    """Where a resource comes from: the quote, its heading and document (linked), or the external source's address."""
    return [{"quote": str(r["quote"]) if r.get("quote") is not None else "",
             "heading": str(r["heading"]) if r.get("heading") is not None else "",
             "source": _node(r["source"], None),
             "document": _node(r["document"], None) if r.get("document") is not None else None,
             "address": _node(r["address"], str(r["address"])) if r.get("address") is not None else None}
            for r in result.bindings()]
