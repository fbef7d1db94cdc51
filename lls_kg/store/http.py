"""One bounded HTTP request to a SPARQL endpoint: a total deadline, a cap in bytes, no redirect away from http(s).

An endpoint is someone else's server: one that drips an answer a byte at a
time, sends a gigabyte, or redirects to ``ftp://`` must end in a one-line error,
not hold the command for minutes or run the machine out of memory. The request
runs in a worker thread that the caller stops waiting for at the deadline (a
socket timeout alone bounds each read, not their sum); the answer is read in
pieces and refused past ``max_bytes``. Bodies always go with a Content-Length:
some servers (Virtuoso) ignore a chunked body and answer as if it were empty.
Only a body of pieces, for a server known to read it (Oxigraph), goes chunked.

HTTP goes through the standard library's ``urllib``, which does proxies and
HTTPS; ``requests`` would add a dependency and buy nothing here.
"""

from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from collections.abc import Iterable
from typing import Any

from ..errors import BadInput, one_line

#: The most bytes of an answer read by default: far above any answer a command shows, far below a MemoryError.
MAX_BYTES = 256 * 1024 * 1024
#: How much of an error page a message quotes.
_MESSAGE_CHARS = 400
_PIECE = 1 << 16


class EndpointError(Exception):
    """The endpoint answered with an HTTP error; ``str()`` is the one-line message for the user."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Answer:
    """An endpoint's answer: media type, headers and body."""

    content_type: str
    headers: Message
    data: bytes = field(repr=False)


def check_url(url: str) -> str:
    """``url`` if it is an ``http(s)://host...`` address; otherwise a plain-words error."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadInput(f"'{url}' is not the address of a SPARQL endpoint; use http(s)://HOST[:PORT]/PATH")
    return url


class _HttpOnly(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to another http(s) address."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        if urllib.parse.urlsplit(newurl).scheme not in ("http", "https"):
            raise BadInput(f"{req.full_url}: the endpoint redirects to '{newurl}', which is not http(s); "
                           "give the endpoint's own address")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_HttpOnly)


Body = bytes | Iterable[bytes]


def request(url: str, body: Body, content_type: str, timeout: float, accept: str = "*/*",
            method: str = "POST", max_bytes: int = MAX_BYTES) -> Answer:
    """Send ``body`` to ``url`` with ``method``: bytes with a Content-Length, pieces streamed as made (chunked).

    The whole exchange ends within ``timeout`` seconds.
    An HTTP error raises :class:`EndpointError` with the server's own message; an unreachable, silent,
    slow or oversized answer raises :class:`BadInput`.
    """
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["answer"] = _exchange(url, body, content_type, accept, method, timeout, max_bytes)
        except BaseException as error:  # handed to the waiting thread
            outcome["error"] = error

    worker = threading.Thread(target=work, name="lls-kg-http", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise BadInput(f"{url}: no answer within {timeout:g} s (raise the timeout or ask less)")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["answer"]


def _exchange(url: str, body: Body, content_type: str, accept: str, method: str, timeout: float,
              max_bytes: int) -> Answer:
    headers = {"Content-Type": content_type, "Accept": accept}
    if isinstance(body, bytes):
        headers["Content-Length"] = str(len(body))
    call = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with _OPENER.open(call, timeout=timeout) as answer:
            return Answer(answer.headers.get_content_type(), answer.headers, _read(url, answer, max_bytes))
    except urllib.error.HTTPError as error:
        raise EndpointError(error.code, f"{url}: HTTP {error.code} {error.reason}: {_message(error)}") from None
    except (TimeoutError, urllib.error.URLError) as error:
        reason = getattr(error, "reason", error)  # urllib wraps a timeout while connecting, not one while reading
        if isinstance(reason, TimeoutError):
            raise BadInput(f"{url}: no answer within {timeout:g} s (raise the timeout or ask less)") from None
        why = getattr(reason, "strerror", None) or reason
        raise BadInput(f"{url}: cannot reach the endpoint ({one_line(why)})") from None
    except OSError as error:  # a connection reset half-way through the answer
        raise BadInput(f"{url}: the connection failed ({one_line(error)})") from None


def _read(url: str, answer: Any, max_bytes: int) -> bytes:
    """The body, read in pieces as they come; more than ``max_bytes`` is refused."""
    pieces: list[bytes] = []
    size = 0
    while piece := answer.read1(_PIECE):
        size += len(piece)
        if size > max_bytes:
            raise BadInput(f"{url}: the answer is larger than {max_bytes / 2**20:g} MB; "
                           "ask for less (LIMIT, fewer variables)")
        pieces.append(piece)
    return b"".join(pieces)


def _message(error: urllib.error.HTTPError) -> str:
    """The start of the server's error page, on one line."""
    try:
        text = error.read(_MESSAGE_CHARS * 4).decode("utf-8", errors="replace")
    except OSError:
        text = ""
    text = one_line(text) or "(no message)"
    return text if len(text) <= _MESSAGE_CHARS else text[:_MESSAGE_CHARS] + "…"
