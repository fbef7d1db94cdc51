"""``lls-kg serve``: a read-only SPARQL 1.1 Protocol endpoint over the built graph.

Two processes, one door. Oxigraph's own server (``oxigraph serve-read-only``)
answers the queries from an on-disk store built from the graph; it listens on a
private loopback port, and its ``--timeout-s`` really cancels a long query,
which nothing in-process can (pyoxigraph has no cancellation). In front, a small
standard-library HTTP server is what clients reach. It

- parses every query with rdflib's SPARQL parser (parsing only, nothing runs)
  and refuses, with HTTP 403, what would make the engine act outside the graph:
  ``SERVICE`` (Oxigraph, server and library alike, would open the connection),
  ``FROM``/``FROM NAMED`` and the protocol's ``default-graph-uri``/``named-graph-uri``,
  and every update (``LOAD``, ``INSERT``...), whatever the parameter it comes in;
- forwards the query to the engine and reads at most ``max_rows + 1`` rows of
  its line-per-row answer (TSV or N-Triples), refusing a larger result (422);
- turns an engine timeout into HTTP 503, and writes the answer in the format
  the client negotiated (SPARQL JSON, XML, CSV, TSV; Turtle, JSON-LD, N-Triples, RDF/XML);
- lists the named queries as examples: ``GET /`` (HTML) and ``GET /queries`` (JSON).

The engine is read-only as well (it answers updates with 403), so even a
query that slipped past the front could not change the store.
"""

from __future__ import annotations

import functools
import html
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.client import HTTPConnection, HTTPException
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .errors import BadInput, one_line
from .loader import PathLike
from .namespaces import PREFIXES
from .query import list_named
from .remote import with_prefixes
from .store import load_into

#: Largest request body (a query) accepted, in bytes.
MAX_BODY = 256 * 1024
#: How long the engine may take to start answering, in seconds.
STARTUP = 30.0

_READ_ONLY = "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR...) is refused"
_RESULT_TYPES = {  # media type -> format of a SELECT or ASK answer; a wildcard takes the first that fits
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
}
_GRAPH_TYPES = {  # media type -> format of a CONSTRUCT or DESCRIBE answer
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
#: ``format=``/``output=`` parameter values some clients (SPARQLWrapper) send -> media type.
_FORMAT_NAMES = {"json": "application/json", "xml": "application/xml", "csv": "text/csv",
                 "tsv": "text/tab-separated-values", "turtle": "text/turtle", "json-ld": "application/ld+json",
                 "jsonld": "application/ld+json", "nt": "application/n-triples", "n-triples": "application/n-triples",
                 "rdf+xml": "application/rdf+xml"}
#: Query form -> what the engine is asked for: a line per row, so rows can be counted as they arrive.
_ENGINE_FORMATS = {"SELECT": ox.QueryResultsFormat.TSV, "ASK": ox.QueryResultsFormat.JSON,
                   "CONSTRUCT": ox.RdfFormat.N_TRIPLES, "DESCRIBE": ox.RdfFormat.N_TRIPLES}


@dataclass(frozen=True)
class Limits:
    """What one query may cost: ``timeout`` seconds (whole seconds: Oxigraph's unit) and ``max_rows`` rows."""

    timeout: int = 10
    max_rows: int = 10_000


class Refused(Exception):
    """A request the endpoint will not answer; ``status`` is the HTTP code, ``str()`` the message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


# --- The engine: Oxigraph's server, on a private loopback port ------------------------------------


def oxigraph_command() -> str:
    """The ``oxigraph`` program (PyPI package ``oxigraph``), beside this Python first."""
    found = shutil.which("oxigraph", path=os.pathsep.join([str(Path(sys.executable).parent),
                                                           os.environ.get("PATH", "")]))
    if found is None:
        raise BadInput("the 'oxigraph' command is missing; install it with: pip install 'lls-kg[serve]'")
    return found


def free_port() -> int:
    """A loopback TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def oxigraph_process(args: Sequence[str], log: Path) -> Iterator[str]:
    """Run ``oxigraph ARGS --bind 127.0.0.1:PORT`` on a free port; yield its base URL once it answers; stop it.

    Its output goes to the file ``log`` (a pipe nobody reads would fill and stall it).
    """
    port = free_port()
    with open(log, "wb") as output:
        process = subprocess.Popen([oxigraph_command(), *args, "--bind", f"127.0.0.1:{port}"],
                                   stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_until_answering(process, port, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_answering(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    """Return once the server answers HTTP on ``port``; a plain-words error if it stops or stays silent."""
    deadline = time.monotonic() + STARTUP
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = one_line(log.read_text(encoding="utf-8", errors="replace"))
            raise BadInput(f"the Oxigraph server stopped at once: {said or f'exit code {process.returncode}'}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).close()
            return
        except urllib.error.HTTPError:  # an error page is an answer too
            return
        except OSError:
            time.sleep(0.05)
    raise BadInput(f"the Oxigraph server did not answer within {STARTUP:g} s")


# --- What a query may do ----------------------------------------------------------------------------


_parse_lock = threading.Lock()


@functools.lru_cache(maxsize=1024)
def _verdict(text: str) -> tuple[int, str]:
    """``(0, FORM)`` for an allowed query (SELECT, ASK, CONSTRUCT, DESCRIBE), else ``(status, why)``.

    rdflib's parser reads the query as a grammar, not as words: ``SERVICE`` in a
    string, an IRI or a prefixed name is no service call; ``\\u0053ERVICE`` is
    (codepoint escapes are expanded first, as SPARQL 1.1 says). A query rdflib
    cannot parse is refused, never passed on unchecked (rdflib also stumbles on a
    SERVICE after a ``#`` inside an IRI or string on the same line: refused too).
    """
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    with _parse_lock:
        try:
            parsed = parseQuery(text)
            names = set(_node_names(parsed))
        except ParseBaseException as error:
            if _parses(parseUpdate, text):
                return 403, _READ_ONLY
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
    from rdflib.plugins.sparql.parserutils import CompValue

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
        raise Refused(403, _READ_ONLY)
    if "default-graph-uri" in params or "named-graph-uri" in params:
        raise Refused(403, "default-graph-uri and named-graph-uri are refused: "
                           "this endpoint answers from its own graph only")
    texts = params.get("query", [])
    if len(texts) != 1:
        raise Refused(400, "give one query, as the 'query' parameter (GET or form POST) "
                           "or as an application/sparql-query body; see / for examples")
    status, said = _verdict(texts[0])  # the client's own text, so positions in messages are theirs
    if status:
        raise Refused(status, said)
    return with_prefixes(texts[0]), said  # adds PREFIX declarations only: nothing the check has not seen


# --- Content negotiation -----------------------------------------------------------------------------


def negotiate(form: str, accept: str, named: str | None = None) -> Any:
    """The answer's format: the ``format``/``output`` parameter if known, else the best of ``accept``.

    SELECT and ASK default to SPARQL JSON; CONSTRUCT and DESCRIBE to Turtle.
    """
    offered = _RESULT_TYPES if form in ("SELECT", "ASK") else _GRAPH_TYPES
    if named and _FORMAT_NAMES.get(named.lower()) in offered:
        return offered[_FORMAT_NAMES[named.lower()]]
    for media in _ranges(accept or "*/*"):
        if media in offered:
            return offered[media]
        if media in ("*/*", "*"):
            return next(iter(offered.values()))
        if media.endswith("/*"):
            match = next((fmt for name, fmt in offered.items() if name.startswith(media[:-1])), None)
            if match is not None:
                return match
    kinds = ", ".join(dict.fromkeys(offered))
    raise Refused(406, f"no acceptable format for a {form} answer; this endpoint offers: {kinds}")


def _ranges(accept: str) -> list[str]:
    """The media ranges of an Accept header, best first (by q, then in the order given); q=0 left out."""
    ranked = []
    for position, item in enumerate(accept.split(",")):
        media, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, position, media.lower()))
    return [media for _, _, media in sorted(ranked)]


def _media_type(fmt: Any) -> str:
    media = fmt.media_type.split(";")[0]
    return f"{media}; charset=utf-8" if media.startswith("text/") else media


# --- Running a query on the engine ---------------------------------------------------------------------


def answer(engine: str, text: str, form: str, fmt: Any, limits: Limits) -> bytes:
    """Run ``text`` on the engine and write its answer in ``fmt``; :class:`Refused` on a timeout or too many rows."""
    address = urllib.parse.urlsplit(engine)
    connection = HTTPConnection(address.hostname or "127.0.0.1", address.port, timeout=limits.timeout + 5)
    started = time.monotonic()
    try:
        connection.request("POST", "/query", body=urllib.parse.urlencode({"query": text}),
                           headers={"Content-Type": "application/x-www-form-urlencoded",
                                    "Accept": _ENGINE_FORMATS[form].media_type.split(";")[0]})
        response = connection.getresponse()
        if response.status != 200:
            said = one_line(response.read(4000).decode("utf-8", errors="replace"))
            raise Refused(400 if response.status == 400 else 502, f"the query engine says: {said}")
        data = response.read() if form == "ASK" else _lines(response, form, limits.max_rows)
    except TimeoutError:
        raise Refused(503, _too_long(limits)) from None
    except (OSError, HTTPException) as error:
        raise Refused(502, f"the query engine failed: {one_line(error)}") from None
    finally:
        connection.close()
    try:
        return _written(data, form, fmt)
    except (SyntaxError, ValueError) as error:  # Oxigraph stops a timed-out answer mid-stream
        if time.monotonic() - started >= limits.timeout:
            raise Refused(503, _too_long(limits)) from None
        raise Refused(502, f"the query engine's answer is broken: {one_line(error)}") from None


def _lines(response: Any, form: str, max_rows: int) -> bytes:
    """The engine's answer, one row (or triple) a line; refused once it has more than ``max_rows``."""
    lines = [response.readline()] if form == "SELECT" else []  # the TSV header
    unit = "rows" if form == "SELECT" else "triples"
    while line := response.readline():
        lines.append(line)
        if len(lines) - (form == "SELECT") > max_rows:
            raise Refused(422, f"the answer has more than {max_rows} {unit}, the most this endpoint sends: "
                               "add a LIMIT or narrow the query")
    return b"".join(lines)


def _written(data: bytes, form: str, fmt: Any) -> bytes:
    if form in ("SELECT", "ASK"):
        return bytes(ox.parse_query_results(data, format=_ENGINE_FORMATS[form]).serialize(format=fmt))
    triples = [quad.triple for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
    return bytes(ox.serialize(triples, format=fmt, prefixes=PREFIXES))


def _too_long(limits: Limits) -> str:
    return (f"the query ran longer than this endpoint's limit of {limits.timeout} s and was stopped; "
            "narrow it or add a LIMIT")


# --- The examples: the named queries ------------------------------------------------------------------


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


# --- The front: the HTTP server clients reach ------------------------------------------------------------


class Endpoint(ThreadingHTTPServer):
    """The front door: checks each request, has the engine at ``engine`` answer it, and writes the answer."""

    daemon_threads = True
    request_queue_size = 128  # the listen backlog: socketserver's 5 drops connections when many clients start at once

    def __init__(self, address: tuple[str, int], engine: str, limits: Limits,
                 log: Callable[[str], None] | None = None) -> None:
        super().__init__(address, _Handler)
        self.engine, self.limits, self.log = engine, limits, log
        self.pages = {"/": ("text/html; charset=utf-8", examples_html(limits)),
                      "/queries": ("application/json", examples_json())}
        for query in list_named(internal=False):  # import rdflib's parser now (~1 s), not on the first request
            _verdict(query.text)

    @property
    def url(self) -> str:
        """The SPARQL endpoint's address."""
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/sparql"


class _Handler(BaseHTTPRequestHandler):
    """One client connection: GET and POST by the SPARQL 1.1 Protocol, keep-alive."""

    server: Endpoint
    protocol_version = "HTTP/1.1"
    server_version = "lls-kg"
    timeout = 60  # an idle connection is closed after this many seconds
    disable_nagle_algorithm = True  # headers and body go out in two writes: without this, each answer waits 40 ms

    def do_GET(self) -> None:
        path, params = self._target()
        if path in self.server.pages and not params:
            self._send(200, *self.server.pages[path])
        elif path == "/sparql":
            self._query(params)
        else:
            self._refuse(Refused(404, "nothing here; the SPARQL endpoint is /sparql, its examples are at /"))

    def do_POST(self) -> None:
        path, params = self._target()
        try:
            if path not in ("/sparql", "/update"):
                raise Refused(404, "nothing here; the SPARQL endpoint is /sparql")
            body = self._body()
            kind = self.headers.get_content_type()
            if path == "/update" or kind == "application/sparql-update":
                raise Refused(403, _READ_ONLY)
            if kind == "application/sparql-query":
                params = {**params, "query": [body]}
            elif kind == "application/x-www-form-urlencoded":
                for key, values in _form(body).items():
                    params.setdefault(key, []).extend(values)
            else:
                raise Refused(415, f"cannot read a '{kind}' body; send application/x-www-form-urlencoded "
                                   "or application/sparql-query")
        except Refused as refusal:
            self._refuse(refusal)
            return
        self._query(params)

    def _target(self) -> tuple[str, dict[str, list[str]]]:
        address = urllib.parse.urlsplit(self.path)
        return address.path, _form(address.query)

    def _body(self) -> str:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            raise Refused(411, "send the query with a Content-Length")
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            self.close_connection = True  # the body stays unread
            raise Refused(413, f"the request body must be 0 to {MAX_BODY} bytes")
        try:
            return self.rfile.read(length).decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(400, "the request body is not UTF-8") from None

    def _query(self, params: dict[str, list[str]]) -> None:
        try:
            text, form = checked(params)
            fmt = negotiate(form, self.headers.get("Accept", ""),
                            next(iter(params.get("format", []) + params.get("output", [])), None))
            data = answer(self.server.engine, text, form, fmt, self.server.limits)
        except Refused as refusal:
            self._refuse(refusal)
            return
        self._send(200, _media_type(fmt), data)

    def _refuse(self, refusal: Refused) -> None:
        self._send(refusal.status, "text/plain; charset=utf-8", f"{refusal}\n".encode("utf-8"))

    def _send(self, status: int, media_type: str, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        if self.server.log:
            self.server.log(f"{self.address_string()} {format % args}")


def _form(text: str) -> dict[str, list[str]]:
    try:
        return urllib.parse.parse_qs(text, keep_blank_values=True, max_num_fields=100)
    except ValueError:
        raise Refused(400, "too many parameters") from None


# --- Starting and stopping ------------------------------------------------------------------------------


@contextmanager
def started(files: Sequence[PathLike], host: str = "127.0.0.1", port: int = 7878, limits: Limits = Limits(),
            progress: Callable[[str], None] | None = None,
            log: Callable[[str], None] | None = None) -> Iterator[Endpoint]:
    """Build a store from ``files``, start the engine on it and bind the front to ``host:port`` (0: any free port).

    Nothing serves requests until the caller runs ``serve_forever()`` (or :func:`background`);
    leaving the block stops the engine and removes the store.
    """
    with tempfile.TemporaryDirectory(prefix="lls-kg-serve-") as folder:
        store = Path(folder) / "kg"
        load_into(store, files, progress=progress)
        with oxigraph_process(["serve-read-only", "--location", str(store), "--timeout-s", str(limits.timeout)],
                              Path(folder) / "oxigraph.log") as engine:
            try:
                endpoint = Endpoint((host, port), engine, limits, log)
            except OSError as error:
                raise BadInput(f"cannot listen on {host}:{port} ({error.strerror})") from None
            with endpoint:
                yield endpoint


@contextmanager
def background(endpoint: Endpoint) -> Iterator[Endpoint]:
    """Serve in a thread for the length of the block (tests, the load test)."""
    thread = threading.Thread(target=endpoint.serve_forever, name="lls-kg-serve", daemon=True)
    thread.start()
    try:
        yield endpoint
    finally:
        endpoint.shutdown()
        thread.join()


def serve(files: Sequence[PathLike], host: str, port: int, limits: Limits, say: Callable[[str], None],
          log: Callable[[str], None] | None = None) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM), then stop the engine and remove its store."""
    import signal

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # leave through the ``with`` blocks, which clean up
    with started(files, host, port, limits, progress=say, log=log) as endpoint:
        if not _loopback(host):
            say(f"warning: listening on {host}: anyone who can reach this machine can query the graph")
        say(f"serving the graph read-only at {endpoint.url} (examples at {endpoint.url.removesuffix('sparql')}); "
            "Ctrl-C stops")
        try:
            endpoint.serve_forever()
        except KeyboardInterrupt:
            say("stopped")


def _loopback(host: str) -> bool:
    return host == "localhost" or host.startswith("127.")
