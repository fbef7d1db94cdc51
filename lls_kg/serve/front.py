"""The front door: the HTTP server clients reach, by the SPARQL 1.1 Protocol (GET and POST, keep-alive).

It checks each request (:mod:`.guard`), has the engine answer it (:mod:`.engine`)
and writes the answer in the negotiated format (:mod:`.negotiate`).
"""

from __future__ import annotations

import sys
import threading
import urllib.parse
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ..sparql import list_named
from . import api, resources
from .engine import answer
from .guard import READ_ONLY, checked, verdict
from .limits import MAX_BODY, Limits, Refused
from .negotiate import media_type, negotiate
from .origin import BUSY, cross_site, host_allowed
from .pages import examples_html, examples_json
from .pool import Engines


class Endpoint(ThreadingHTTPServer):
    """The front door: checks each request, has one of the ``engines`` answer it, and writes the answer.

    At most ``limits.connections`` clients at once; the next one gets 503 with ``Retry-After`` and is closed.
    """

    daemon_threads = True
    request_queue_size = 128  # the listen backlog: socketserver's 5 drops connections when many clients start at once

    def __init__(self, address: tuple[str, int], engines: Engines, limits: Limits,
                 log: Callable[[str], None] | None = None, lang: str | None = None) -> None:
        super().__init__(address, _Handler)
        self.engines, self.limits, self.log = engines, limits, log
        self.hosts = {*limits.hosts, str(self.server_address[0])}
        self._connections = threading.BoundedSemaphore(limits.connections)
        self.pages = {"/": ("text/html; charset=utf-8", examples_html(limits, lang)),
                      "/queries": ("application/json", examples_json())}
        for query in list_named(internal=False):  # the check's cache holds the examples from the start
            verdict(query.text)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._connections.acquire(blocking=False):
            request.sendall(BUSY)
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._connections.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that hung up is no error of ours
            super().handle_error(request, client_address)

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
    timeout = 10  # an idle connection (or one that sends too slowly) is closed after this many seconds
    disable_nagle_algorithm = True  # headers and body go out in two writes: without this, each answer waits 40 ms

    def do_GET(self) -> None:
        path, params = self._target()
        if not host_allowed(self.headers.get("Host", ""), self.server.hosts):
            self._refuse(Refused(421, "this endpoint does not answer to that Host name; see 'lls-kg serve --help'"))
        elif path in self.server.pages and not params:
            self._send(200, *self.server.pages[path])
        elif path == "/sparql":
            self._query(params)
        elif route := next((page for page in (resources, api) if page.handles(path)), None):
            try:
                with self.server.engines.borrowed() as engine:
                    found = route.respond(engine, path, params, self.headers.get("Accept", ""), self.server.limits)
                self._send(200, *found)
            except Refused as refusal:
                self._refuse(refusal)
        else:
            self._refuse(Refused(404, "nothing here; the SPARQL endpoint is /sparql, its examples are at /"))

    def do_POST(self) -> None:
        path, params = self._target()
        try:
            if not host_allowed(self.headers.get("Host", ""), self.server.hosts):
                raise Refused(421, "this endpoint does not answer to that Host name; see 'lls-kg serve --help'")
            if cross_site(self.headers):
                raise Refused(403, "a query posted from another web site is refused; use GET, or POST from a program")
            if path not in ("/sparql", "/update"):
                raise Refused(404, "nothing here; the SPARQL endpoint is /sparql")
            body = self._body()
            kind = self.headers.get_content_type()
            if path == "/update" or kind == "application/sparql-update":
                raise Refused(403, READ_ONLY)
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
            with self.server.engines.borrowed() as engine:
                data = answer(engine, text, form, fmt, self.server.limits)
        except Refused as refusal:
            self._refuse(refusal)
            return
        self._send(200, media_type(fmt), data)

    def _refuse(self, refusal: Refused) -> None:
        self._send(refusal.status, "text/plain; charset=utf-8", f"{refusal}\n".encode("utf-8"), refusal.retry_after)

    def _send(self, status: int, media_type: str, data: bytes, retry_after: int | None = None) -> None:
        self.send_response(status)
        if retry_after:
            self.send_header("Retry-After", str(retry_after))
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Vary", "Accept")  # the answer's format depends on it (queries and resources alike)
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
