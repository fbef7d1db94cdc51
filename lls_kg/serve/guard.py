"""What a query may do: decided before anything runs, from text both parsers read alike.

A query's codepoint escapes (``\\u0053``) are expanded first, as SPARQL says and
rdflib does (Oxigraph reads them only inside strings and IRIs: the two disagree
on where a string ends, which is how a SERVICE once slipped past this check). The
expanded text, with no escape left, is both what is checked and what the engine
gets. Its size is bounded by a scan (words and signs, bracket depth), so nothing
parses for long or nests deep enough to overflow a stack. A query in which no
``SERVICE`` or ``FROM`` can be read, by any parser, passes on that scan alone; one
that could hold either is parsed with rdflib's SPARQL parser (parsing only).
Refused, with HTTP 403, is what would make the engine act outside the graph:
``SERVICE`` (Oxigraph would open the connection), ``FROM``/``FROM NAMED`` and the
protocol's ``default-graph-uri``/``named-graph-uri``, and every update (``LOAD``,
``INSERT``...), whatever the parameter it comes in. The engine runs in a sandbox
that cannot connect anywhere as well (:mod:`.sandbox`).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from typing import Any

from pyparsing import ParseBaseException

from ..errors import one_line
from ..sparql import is_update
from ..store.remote import with_prefixes
from .limits import Refused


READ_ONLY = "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR...) is refused"


#: Most words and signs (``?x``, ``lls:Project``, ``{``, ``&&``...) a query may have: the largest named query has
#: 600, and rdflib parses about 3,000 a second, so no check takes long.
MAX_TOKENS = 4_000
#: Deepest nesting of brackets (``(``, ``[``, ``{``) a query may have.
MAX_DEPTH = 32

_TOKEN = re.compile(r"\w+|[^\w\s]")
_BRACKET = re.compile(r"[(\[{]|[)\]}]")
_ESCAPE = re.compile(r"\\([uU])")
_HEX = re.compile(r"\+?[0-9A-Fa-f]+")

#: ``SERVICE`` or ``FROM`` where a parser could take it for the keyword: anywhere outside comments but inside a
#: longer word or a variable's name (``wasDerivedFrom``, ``?from``). Case-insensitive the Unicode way (``ſ`` is an
#: ``s``), so it finds more than any parser would.
_OUTWARD = re.compile(r"(?<![^\W\d])(?<![?$])(?:service|from)", re.IGNORECASE)
#: The lexemes of a query, enough to find its comments and first keyword: strings, IRIs, comments, variables and
#: prefixed names (with their escapes: ``x:a\#b`` is no comment) are taken whole; a word is group 1.
_LEXEME = re.compile("|".join([
    r"'''.*?'''", r'""".*?"""', r"'(?:[^'\\\n\r]|\\.)*'", r'"(?:[^"\\\n\r]|\\.)*"',  # strings
    r"<[^<>\"{}|^`\\\x00-\x20]*>", r"#[^\n\r]*", r"[?$]\w+", r"\w[\w.-]*:(?:[\w.:%-]|\\.)*",  # IRIs, comments, names
    r"([A-Za-z]+)", r"."]), re.DOTALL)
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}

#: pyparsing is not thread-safe; few queries need the parse, and the bounds above keep each one short.
_parse_lock = threading.Lock()


@functools.lru_cache(maxsize=1024)
def verdict(text: str) -> tuple[int, str]:
    """``(0, FORM)`` for an allowed query (SELECT, ASK, CONSTRUCT, DESCRIBE), else ``(status, why)``.

    ``text`` is a query whose codepoint escapes are expanded (:func:`expanded`).

    >>> verdict("SELECT ?from WHERE { ?s prov:wasDerivedFrom ?from }")  # no keyword: decided by the scan
    (0, 'SELECT')
    >>> verdict("SELECT * WHERE { ?s ?p 1SERVICE<http://127.0.0.1/>{ ?s ?p ?o } }")[0]  # Oxigraph would call
    400
    >>> verdict("PREFIX x: <urn:x#> SELECT * { ?s ?p x:a\\\\#b SERVICE <http://127.0.0.1/> { ?s ?p ?o } }")[0] > 0
    True
    """
    if _ESCAPE.search(text):
        return 400, "a codepoint escape (\\u or \\U) that spells another one is refused: write the character"
    too_big = bounded(text)
    if too_big:
        return 400, f"{too_big}; narrow it"
    lexemes = list(_LEXEME.finditer(text))
    form = next((word for word in (lexeme[1].upper() for lexeme in lexemes if lexeme[1])
                 if word in _FORMS | _UPDATES), None)
    uncommented = " ".join(lexeme[0] for lexeme in lexemes if not lexeme[0].startswith("#"))
    if form in _FORMS and not _OUTWARD.search(uncommented):
        return 0, form
    return _parsed(text)


def _parsed(text: str) -> tuple[int, str]:
    """:func:`verdict` for a query that could call out, from rdflib's parse tree (a grammar, not words).

    A query rdflib cannot parse is refused, never passed on unchecked (rdflib also
    stumbles on a SERVICE after a ``#`` inside an IRI or string on the same line:
    refused too).
    """
    from rdflib.plugins.sparql.parser import parseQuery  # here, not at the top: 70 ms of every command

    with _parse_lock:
        try:
            parsed = parseQuery(text)
            names = set(_node_names(parsed))
        except ParseBaseException as error:
            if is_update(text):
                return 403, READ_ONLY
            return 400, f"SPARQL syntax error at line {error.lineno}, column {error.col}: {one_line(error.msg)}"
        except Exception as error:  # rdflib on odd input
            return 400, f"the query cannot be parsed: {one_line(error)}"
    if "ServiceGraphPattern" in names:
        return 403, "SERVICE is refused: this endpoint answers from its own graph and calls no other endpoint"
    if "DatasetClause" in names:
        return 403, "FROM and FROM NAMED are refused: this endpoint answers from its own graph only"
    return 0, parsed[1].name.removesuffix("Query").upper()


def expanded(text: str) -> str:
    """``text`` with its codepoint escapes (``\\u0053``, ``\\U00000053``) replaced, as Oxigraph reads them.

    Rust's ``from_str_radix``, which Oxigraph uses, also takes a leading ``+``:
    ``\\u+053`` is an ``S`` as well.

    >>> expanded(r"\\u0053ERVICE \\u+053 \\uZZZZ")
    'SERVICE S \\\\uZZZZ'
    """
    out, start = [], 0
    for found in _ESCAPE.finditer(text):
        if found.start() < start:
            continue
        digits = text[found.end():found.end() + (4 if found[1] == "u" else 8)]
        if len(digits) == (4 if found[1] == "u" else 8) and _HEX.fullmatch(digits) and digits != "+":
            code = int(digits, 16)
            if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                out.append(text[start:found.start()] + chr(code))
                start = found.end() + len(digits)
    return "".join(out) + text[start:]


def bounded(text: str) -> str | None:
    """Why ``text`` is too big to check (too many words and signs, or brackets nested too deep), else None.

    A plain scan that over-counts (a word inside a string counts too), so it never lets a costly query through.
    """
    if len(_TOKEN.findall(text)) > MAX_TOKENS:
        return f"the query is too long: at most {MAX_TOKENS} words and signs"
    depth = deepest = 0
    for bracket in _BRACKET.findall(text):
        depth = depth + 1 if bracket in "([{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        return f"the query nests too deep: at most {MAX_DEPTH} levels of brackets"
    return None


def _node_names(node: Any) -> Iterator[str]:
    """The names of every node in rdflib's parse tree (``SelectQuery``, ``ServiceGraphPattern``...)."""
    from rdflib.plugins.sparql.parserutils import CompValue  # loaded with the parser, in _parsed

    if isinstance(node, CompValue):
        yield node.name
        for child in node.values():
            yield from _node_names(child)
    elif isinstance(node, list) or hasattr(node, "as_list"):  # ParseResults
        for child in node:
            yield from _node_names(child)


def checked(params: dict[str, list[str]]) -> tuple[str, str]:
    """The one query in the protocol ``params``, with the project's prefixes, and its form; or :class:`Refused`."""
    if "update" in params:
        raise Refused(403, READ_ONLY)
    if "default-graph-uri" in params or "named-graph-uri" in params:
        raise Refused(403, "default-graph-uri and named-graph-uri are refused: "
                           "this endpoint answers from its own graph only")
    texts = params.get("query", [])
    if len(texts) != 1:
        raise Refused(400, "give one query, as the 'query' parameter (GET or form POST) "
                           "or as an application/sparql-query body; see / for examples")
    text = expanded(texts[0])  # what the engine reads: checked, then sent, so both read the same
    status, said = verdict(text)
    if status:
        raise Refused(status, said)
    return with_prefixes(text), said  # adds PREFIX declarations only: nothing the check has not seen
