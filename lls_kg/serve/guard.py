"""What a query may do: decided from the parsed query, before anything runs.

Every query is parsed with rdflib's SPARQL parser (parsing only, nothing runs).
Refused, with HTTP 403, is what would make the engine act outside the graph:
``SERVICE`` (Oxigraph, server and library alike, would open the connection),
``FROM``/``FROM NAMED`` and the protocol's ``default-graph-uri``/``named-graph-uri``,
and every update (``LOAD``, ``INSERT``...), whatever the parameter it comes in.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from typing import Any

from pyparsing import ParseBaseException
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from ..errors import one_line
from ..store.remote import with_prefixes
from .limits import Refused


READ_ONLY = "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR...) is refused"


_parse_lock = threading.Lock()


@functools.lru_cache(maxsize=1024)
def verdict(text: str) -> tuple[int, str]:
    """``(0, FORM)`` for an allowed query (SELECT, ASK, CONSTRUCT, DESCRIBE), else ``(status, why)``.

    rdflib's parser reads the query as a grammar, not as words: ``SERVICE`` in a
    string, an IRI or a prefixed name is no service call; ``\\u0053ERVICE`` is
    (codepoint escapes are expanded first, as SPARQL 1.1 says). A query rdflib
    cannot parse is refused, never passed on unchecked (rdflib also stumbles on a
    SERVICE after a ``#`` inside an IRI or string on the same line: refused too).
    """
    with _parse_lock:
        try:
            parsed = parseQuery(text)
            names = set(_node_names(parsed))
        except ParseBaseException as error:
            if _parses(parseUpdate, text):
                return 403, READ_ONLY
            return 400, f"SPARQL syntax error at line {error.lineno}, column {error.col}: {one_line(error.msg)}"
        except Exception as error:  # rdflib on odd input (deep nesting...)
            return 400, f"the query cannot be parsed: {one_line(error)}"
    if "ServiceGraphPattern" in names:
        return 403, "SERVICE is refused: this endpoint answers from its own graph and calls no other endpoint"
    if "DatasetClause" in names:
        return 403, "FROM and FROM NAMED are refused: this endpoint answers from its own graph only"
    return 0, parsed[1].name.removesuffix("Query").upper()


def _parses(parser: Callable[[str], Any], text: str) -> bool:
    try:
        parser(text)
    except Exception:  # pyparsing's errors, or rdflib's on odd input
        return False
    return True


def _node_names(node: Any) -> Iterator[str]:
    """The names of every node in rdflib's parse tree (``SelectQuery``, ``ServiceGraphPattern``...)."""
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
    status, said = verdict(texts[0])  # the client's own text, so positions in messages are theirs
    if status:
        raise Refused(status, said)
    return with_prefixes(texts[0]), said  # adds PREFIX declarations only: nothing the check has not seen
