"""The engine: Oxigraph's own server, read-only, on a private loopback port; and running a query on it.

Oxigraph's server (``oxigraph serve-read-only``) answers the queries from an
on-disk store built from the graph; its ``--timeout-s`` really cancels a long
query, which nothing in-process can (pyoxigraph has no cancellation). The front
reads at most ``max_rows + 1`` rows of its line-per-row answer (TSV or
N-Triples), refuses a larger result (422), turns a timeout into 503, and writes
the answer in the format the client negotiated.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.client import HTTPConnection, HTTPException
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import BadInput, one_line
from ..namespaces import PREFIXES
from .limits import Limits, Refused


#: How long the engine may take to start answering, in seconds.
STARTUP = 30.0


#: Query form -> what the engine is asked for: a line per row, so rows can be counted as they arrive.
_ENGINE_FORMATS = {"SELECT": ox.QueryResultsFormat.TSV, "ASK": ox.QueryResultsFormat.JSON,
                   "CONSTRUCT": ox.RdfFormat.N_TRIPLES, "DESCRIBE": ox.RdfFormat.N_TRIPLES}


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
    process, url = start_oxigraph(args, log)
    try:
        yield url
    finally:
        stop(process)


def start_oxigraph(args: Sequence[str], log: Path, sandboxed: bool = False) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``oxigraph ARGS`` on a free loopback port (in :mod:`.sandbox` if asked); its process and base URL."""
    port = free_port()
    sandbox = [sys.executable, "-I", str(Path(__file__).with_name("sandbox.py")), str(os.getpid())] if sandboxed else []
    with open(log, "ab") as output:
        process = subprocess.Popen([*sandbox, oxigraph_command(), *args, "--bind", f"127.0.0.1:{port}"],
                                   stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_until_answering(process, port, log)
    except BaseException:
        stop(process)
        raise
    return process, f"http://127.0.0.1:{port}"


def stop(process: subprocess.Popen[bytes], grace: float = 10) -> None:
    """Ask ``process`` to end (at once with ``grace=0``: SIGKILL), and wait for it."""
    process.terminate() if grace else process.kill()
    try:
        process.wait(timeout=grace or None)
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


@dataclass(eq=False)
class Engine:
    """One Oxigraph server; ``spoiled`` once a query on it did not end cleanly, ``demoted`` once it runs at a lower
    CPU priority (either way it is replaced)."""

    process: subprocess.Popen[bytes]
    url: str
    spoiled: bool = False
    demoted: bool = False


def answer(engine: Engine, text: str, form: str, fmt: Any, limits: Limits) -> bytes:
    """Run ``text`` on ``engine`` and write its answer in ``fmt``; :class:`Refused` on a timeout or too big an answer.

    The engine is marked spoiled unless its answer was read to the end (it may be computing still).
    """
    address = urllib.parse.urlsplit(engine.url)
    connection = HTTPConnection(address.hostname or "127.0.0.1", address.port, timeout=limits.timeout + 1)
    started = time.monotonic()
    engine.spoiled = True
    try:
        connection.request("POST", "/query", body=urllib.parse.urlencode({"query": text}),
                           headers={"Content-Type": "application/x-www-form-urlencoded",
                                    "Accept": _ENGINE_FORMATS[form].media_type.split(";")[0]})
        response = connection.getresponse()
        if response.status != 200:
            said = one_line(response.read(4000).decode("utf-8", errors="replace"))
            engine.spoiled = False  # it answered in full
            if response.status == 400:
                where = re.match(r"error at (\d+):(\d+): ", said)
                raise Refused(400, f"SPARQL syntax error at line {where[1]}, column {where[2]}: {said[where.end():]}"
                              if where else f"the query engine says: {said}")
            raise Refused(502, f"the query engine says: {said}")
        data = _lines(response, form, limits, started + limits.timeout + 1)
        engine.spoiled = False
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


def _lines(response: Any, form: str, limits: Limits, deadline: float) -> bytes:
    """The engine's answer, one row (or triple) a line; refused once it has too many rows or bytes, or is late."""
    lines: list[bytes] = []
    size, header = 0, form == "SELECT"  # a TSV answer starts with a header line
    unit = "rows" if form == "SELECT" else "triples"
    while line := response.readline(limits.max_bytes - size + 1):
        lines.append(line)
        size += len(line)
        if size > limits.max_bytes:
            raise Refused(422, f"the answer is larger than {limits.max_bytes} bytes, the most this endpoint sends: "
                               "add a LIMIT or ask for fewer or shorter values")
        if len(lines) - header > limits.max_rows and form != "ASK":
            raise Refused(422, f"the answer has more than {limits.max_rows} {unit}, the most this endpoint sends: "
                               "add a LIMIT or narrow the query")
        if time.monotonic() > deadline:
            raise TimeoutError
    return b"".join(lines)


def _written(data: bytes, form: str, fmt: Any) -> bytes:
    if form in ("SELECT", "ASK"):
        return bytes(ox.parse_query_results(data, format=_ENGINE_FORMATS[form]).serialize(format=fmt))
    triples = [quad.triple for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
    return bytes(ox.serialize(triples, format=fmt, prefixes=PREFIXES))


def _too_long(limits: Limits) -> str:
    return (f"the query ran longer than this endpoint's limit of {limits.timeout} s and was stopped; "
            "narrow it or add a LIMIT")
