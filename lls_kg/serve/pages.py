"""The endpoint's own pages: the named queries as examples, in HTML (``/``) and JSON (``/queries``)."""

from __future__ import annotations

import html
import json
import urllib.parse

from ..sparql import list_named
from .limits import Limits


def examples_json() -> bytes:
    """The named queries (not the package's internal ones) as JSON: name, title, description, parameters, text."""
    return json.dumps([{"name": query.name, "title": query.title, "description": query.description,
                        "params": [{"name": p.name, "required": p.required, "description": p.description}
                                   for p in query.params],
                        "query": query.text} for query in list_named(internal=False)],
                      ensure_ascii=False, indent=2).encode("utf-8")


def examples_html(limits: Limits) -> bytes:
    """A page that explains the endpoint and offers each named query, every text from the data escaped."""
    items = []
    for query in list_named(internal=False):
        run = html.escape("/sparql?" + urllib.parse.urlencode({"query": query.text}), quote=True)
        params = "".join(f"<li><code>?{html.escape(p.name)}</code> ({'required' if p.required else 'optional'}): "
                         f"{html.escape(p.description)}</li>" for p in query.params)
        items.append(f"<section id=\"{html.escape(query.name, quote=True)}\"><h2>{html.escape(query.title)} "
                     f"<small>({html.escape(query.name)})</small></h2><p>{html.escape(query.description)}</p>"
                     f"{f'<p>Parameters, to bind with VALUES:</p><ul>{params}</ul>' if params else ''}"
                     f"<pre>{html.escape(query.text)}</pre><p><a href=\"{run}\">Run it</a> (SPARQL JSON)</p>"
                     "</section>")
    page = (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>lls-kg SPARQL endpoint</title>"
        "<style>body{font-family:sans-serif;max-width:60em;margin:auto}pre{background:#f4f4f4;padding:1em;"
        "overflow:auto}</style></head><body><h1>lls-kg SPARQL endpoint</h1>"
        "<p>A read-only SPARQL 1.1 Protocol endpoint at <code>/sparql</code> (GET <code>?query=</code>, or POST "
        "a form or an <code>application/sparql-query</code> body). Answers in SPARQL JSON, XML, CSV or TSV; "
        "graphs in Turtle, JSON-LD, N-Triples or RDF/XML, by the Accept header. The project's prefixes "
        "(<code>lls:</code>, <code>project:</code>...) need no declaration. Refused: updates, SERVICE, FROM and "
        f"FROM NAMED. Limits: {limits.timeout} s and {limits.max_rows} rows a query. "
        "The queries below are also at <a href=\"/queries\">/queries</a> as JSON.</p>"
        f"{''.join(items)}</body></html>")
    return page.encode("utf-8")
