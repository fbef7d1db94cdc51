"""The endpoint's own pages: the named queries as examples, in HTML (``/``) and JSON (``/queries``)."""

from __future__ import annotations

import html
import json
import urllib.parse

from ..i18n import speech
from ..sparql import list_named
from .limits import Limits


def examples_json() -> bytes:
    """The named queries (not the package's internal ones) as JSON: name, title, description, parameters, text."""
    return json.dumps([{"name": query.name, "title": query.title, "description": query.description,
                        "params": [{"name": p.name, "required": p.required, "description": p.description}
                                   for p in query.params],
                        "query": query.text} for query in list_named(internal=False)],
                      ensure_ascii=False, indent=2).encode("utf-8")


def examples_html(limits: Limits, lang: str | None = None) -> bytes:
    """A page in ``lang`` that explains the endpoint and offers each named query, every text from the data escaped.

    The queries' titles and descriptions are written in English in their headers, and marked so (``lang="en"``).
    """
    words = speech(lang)
    english = "" if words.lang == "en" else ' lang="en"'
    needed = {True: words._("required"), False: words._("optional")}
    heading, run_it = words._("Parameters, to bind with VALUES:"), words._("Run it")
    items = []
    for query in list_named(internal=False):
        run = html.escape("/sparql?" + urllib.parse.urlencode({"query": query.text}), quote=True)
        params = "".join(f"<li><code>?{html.escape(p.name)}</code> "
                         f"({needed[p.required]}): "
                         f"<span{english}>{html.escape(p.description)}</span></li>" for p in query.params)
        items.append(f"<section id=\"{html.escape(query.name, quote=True)}\"><h2><span{english}>"
                     f"{html.escape(query.title)}</span> <small>({html.escape(query.name)})</small></h2>"
                     f"<p{english}>{html.escape(query.description)}</p>"
                     f"{f'<p>{heading}</p><ul>{params}</ul>' if params else ''}"
                     f"<pre>{html.escape(query.text)}</pre><p><a href=\"{run}\">{run_it}</a> "
                     "(SPARQL JSON)</p></section>")
    title = words._("lls-kg SPARQL endpoint")
    about = words._(
        "A read-only SPARQL 1.1 Protocol endpoint at {endpoint} (GET {get}, or POST a form or an {body} body). "
        "Answers in SPARQL JSON, XML, CSV or TSV; graphs in Turtle, JSON-LD, N-Triples or RDF/XML, by the Accept "
        "header. The project's prefixes ({prefixes}...) need no declaration. Refused: updates, SERVICE, FROM and "
        "FROM NAMED. Limits: {seconds} s and {rows} rows a query. The queries below are also at {json} as JSON.",
        endpoint="<code>/sparql</code>", get="<code>?query=</code>", body="<code>application/sparql-query</code>",
        prefixes="<code>lls:</code>, <code>project:</code>", seconds=words.number(limits.timeout),
        rows=words.number(limits.max_rows), json="<a href=\"/queries\">/queries</a>")
    page = (
        f"<!DOCTYPE html><html lang=\"{words.lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>"
        "<style>body{font-family:sans-serif;max-width:60em;margin:auto}pre{background:#f4f4f4;padding:1em;"
        f"overflow:auto}}</style></head><body><h1>{title}</h1><p>{about}</p>{''.join(items)}</body></html>")
    return page.encode("utf-8")
