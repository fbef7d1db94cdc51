"""Whom the endpoint answers: the ``Host`` it is called by, and where a posted query comes from.

A web page from anywhere can make a browser send a request to a loopback
address: by DNS rebinding (a name of the attacker's that points at 127.0.0.1,
so the ``Host`` header is that name) or by a plain HTML form posted across
sites. So the endpoint answers only to loopback names, the address it listens
on and names it was given (``--allow-host``), and refuses a POST that a browser
says comes from another site (``Sec-Fetch-Site``, or an ``Origin`` other than
the endpoint's own). It sends no CORS headers: another site's script cannot
read its answers.
"""

from __future__ import annotations

import ipaddress
import urllib.parse
from collections.abc import Collection, Mapping

_MESSAGE = b"too many clients at once; try again in a few seconds\n"

#: The whole answer to a client beyond the most connections, sent before its request is read.
BUSY = (b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nContent-Type: text/plain; charset=utf-8\r\n"
        b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(_MESSAGE), _MESSAGE))


def host_allowed(host: str, allowed: Collection[str]) -> bool:
    """Whether a ``Host`` header names this endpoint: a loopback name or address, or one of ``allowed``.

    >>> [host_allowed(h, {"kg.example.org"}) for h in ["localhost:7878", "[::1]:80", "127.0.0.2", "kg.example.org",
    ...                                                 "evil.example.com:7878", ""]]
    [True, True, True, True, False, True]
    """
    if not host:  # HTTP/1.0 clients send none; browsers always do
        return True
    name = urllib.parse.urlsplit(f"//{host}").hostname or ""
    if name == "localhost" or name in allowed:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def cross_site(headers: Mapping[str, str]) -> bool:
    """Whether a browser says this request comes from a page of another site (or of no site: ``Origin: null``).

    >>> cross_site({"Host": "127.0.0.1:7878", "Origin": "http://127.0.0.1:7878"})
    False
    >>> cross_site({"Host": "127.0.0.1:7878", "Origin": "https://evil.example.com"})
    True
    >>> cross_site({"Host": "127.0.0.1:7878", "Sec-Fetch-Site": "cross-site"})
    True
    """
    if headers.get("Sec-Fetch-Site", "").lower() in ("cross-site", "same-site"):
        return True
    origin = headers.get("Origin")
    return origin is not None and urllib.parse.urlsplit(origin).netloc.lower() != headers.get("Host", "").lower()
