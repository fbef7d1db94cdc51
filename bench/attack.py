"""The attackers of ``bench/loadtest.py --mixed``, and what the server spends: all bounded, all on loopback.

Exploding queries (a count over a four-way cross product), slow clients that send
a request a byte a second (slowloris), and malformed requests (garbage, a syntax
error, a 16 KB operator chain, a deep nest, an oversized body, a cross-site post,
a foreign Host). Each attacker runs until ``stop`` is set.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import urllib.parse
from pathlib import Path

EXPLODING = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _request(target: str, method: str = "GET", body: bytes = b"", headers: dict[str, str] | None = None) -> bytes:
    lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1", "Connection: close",
             *(f"{key}: {value}" for key, value in (headers or {}).items())]
    if method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def malformed() -> list[bytes]:
    """Requests the endpoint must refuse quickly, each one whole HTTP request."""
    chain = urllib.parse.quote("ASK { FILTER(" + "+".join(["1"] * 8000) + ") }")
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    return [
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + os.urandom(64) + b"\r\n\r\n",  # a TLS hello
        _request("/sparql?query=" + urllib.parse.quote("SELECT ?s WHERE { ?s ?p }")),
        _request("/sparql?query=" + chain),
        _request("/sparql?query=" + urllib.parse.quote("ASK {" + "{" * 500 + "}" * 500 + "}")),
        _request("/sparql", "POST", b"x" * 300_000, form),
        _request("/sparql", "POST", b"query=ASK%7B%7D", {**form, "Origin": "https://evil.example"}),
        _request("/sparql?query=ASK%7B%7D").replace(b"Host: 127.0.0.1", b"Host: evil.example"),
        _request("/sparql?query=" + urllib.parse.quote("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> {} }")),
    ]


def exploder(host: str, port: int, stop: threading.Event, statuses: list[int]) -> None:
    """Send the exploding query again and again, recording each status."""
    body = urllib.parse.urlencode({"query": EXPLODING}).encode()
    while not stop.is_set():
        statuses.append(_status(host, port, _request("/sparql", "POST", body,
                                                     {"Content-Type": "application/x-www-form-urlencoded"}), 60))


def slow_client(host: str, port: int, stop: threading.Event) -> None:
    """Open a connection and send a request one byte a second, reconnecting when the endpoint hangs up."""
    request = _request("/sparql?query=" + urllib.parse.quote("ASK { ?s ?p ?o }"))
    while not stop.is_set():
        try:
            with socket.create_connection((host, port), timeout=30) as sock:
                for byte in request:
                    if stop.wait(1.0):
                        return
                    sock.sendall(bytes([byte]))
        except OSError:
            continue


def prodder(host: str, port: int, stop: threading.Event, statuses: list[int]) -> None:
    """Send every malformed request in turn, recording each status (0: the endpoint hung up)."""
    requests = malformed()
    turn = 0
    while not stop.is_set():
        statuses.append(_status(host, port, requests[turn % len(requests)], 10))
        turn += 1
        stop.wait(0.05)


def _status(host: str, port: int, request: bytes, timeout: float) -> int:
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.sendall(request)
            head = sock.recv(64)
            while sock.recv(65536):
                pass
        return int(head.split(b" ", 2)[1])
    except (OSError, ValueError, IndexError):
        return 0


def tree(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents.setdefault(int(stat.read_text().rsplit(")", 1)[1].split()[1]), []).append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    found, todo = [], [pid]
    while todo:
        found.append(todo.pop())
        todo += parents.get(found[-1], [])
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of ``pids`` so far (a process gone counts 0)."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def rss_mb(pids: list[int]) -> float:
    """Resident memory of ``pids``, in MB."""
    total = 0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            continue
    return total / 1e6


def idle_after(pid: int, seconds: int) -> list[float]:
    """The server's CPU use (share of one core) in each of the next ``seconds`` seconds."""
    shares = []
    for _ in range(seconds):
        pids = tree(pid)
        before, began = cpu_seconds(pids), time.monotonic()
        time.sleep(1)
        shares.append((cpu_seconds(pids) - before) / (time.monotonic() - began))
    return shares
