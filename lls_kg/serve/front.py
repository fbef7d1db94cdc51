"""The front door: the HTTP server clients reach, by the SPARQL 1.1 Protocol (GET and POST, keep-alive).

It checks each request (:mod:`.guard`), has the engine answer it (:mod:`.engine`)
and writes the answer in the negotiated format (:mod:`.negotiate`).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ..sparql import list_named
from .engine import answer
from .guard import READ_ONLY, checked, verdict
from .limits import MAX_BODY, Limits, Refused
from .negotiate import media_type, negotiate
from .pages import examples_html, examples_json


class Endpoint(ThreadingHTTPServer):
    """The front door: checks each request, has the engine at ``engine`` answer it, and writes the answer."""

    daemon_threads = True
    request_queue_size = 128  # the listen backlog: socketserver's 5 drops connections when many clients start at once

    def __init__(self, address: tuple[str, int], engine: str, limits: Limits,
                 log: Callable[[str], None] | None = None, lang: str | None = None) -> None:
        super().__init__(address, _Handler)
        self.engine, self.limits, self.log = engine, limits, log
        self.pages = {"/": ("text/html; charset=utf-8", examples_html(limits, lang)),
                      "/queries": ("application/json", examples_json())}
        for query in list_named(internal=False):  # import rdflib's parser now (~1 s), not on the first request
            verdict(query.text)

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
            data = answer(self.server.engine, text, form, fmt, self.server.limits)
        except Refused as refusal:
            self._refuse(refusal)
            return
        self._send(200, media_type(fmt), data)

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
