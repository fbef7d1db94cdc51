"""A real Virtuoso (Debian's virtuoso-opensource) on 127.0.0.1, with its database in a temporary folder.

Configured as the README tells a user to: the loopback SPARQL user may write
(``SPARQL_UPDATE``), the endpoint has a default graph (a ``DB.DBA.SYS_SPARQL_HOST``
row), and answers are cut at :data:`MAX_ROWS` rows (``ResultSetMaxRows``), a cap
the tests can reach but no answer on the shipped graph does. ``bash scripts/test``
installs Virtuoso; it starts in a few seconds, once per test session. The
benchmarks (bench/run.py) start it the same way, with a row cap no answer reaches.
"""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from lls_kg.serve.engine import free_port

#: Virtuoso's row cap in the tests.
MAX_ROWS = 20_000
#: The default graph of the endpoint.
DEFAULT_GRAPH = "urn:lls-kg:test:default"

INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
DirsAllowed = ., {folder}
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerThreads = 8
MaxClientConnections = 8
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 120
"""

#: The two server-side settings, as the README gives them.
SETUP = ('GRANT SPARQL_UPDATE TO "SPARQL"; '
         "INSERT INTO DB.DBA.SYS_SPARQL_HOST (SH_HOST, SH_GRAPH_URI) VALUES ('127.0.0.1:{http}', '{graph}');")


class NoVirtuoso(RuntimeError):
    """Virtuoso is not installed, or did not start; the message says what to do or shows its log."""


def command(name: str) -> str:
    """The path of a Virtuoso program; a clear error if Virtuoso is not installed."""
    found = shutil.which(name)
    if not found:
        raise NoVirtuoso(f"Virtuoso's {name} is missing; install it with: bash scripts/test "
                         "(or as root: apt-get install virtuoso-opensource)")
    return found


@dataclass(frozen=True)
class Virtuoso:
    """A running Virtuoso: its SPARQL endpoint, and its SQL port for settings made as the administrator."""

    endpoint: str
    port: int

    def sql(self, statements: str) -> None:
        """Run ``statements`` with isql as ``dba``, as the README tells a user to."""
        subprocess.run([command("isql-vt"), f"127.0.0.1:{self.port}", "dba", "dba", f"exec={statements}"],
                       check=True, capture_output=True, timeout=60)


@contextmanager
def running_virtuoso(folder: Path, max_rows: int = MAX_ROWS, buffers: int = 20_000) -> Iterator[Virtuoso]:
    """A new Virtuoso with its database in ``folder``; its endpoint is ``http://127.0.0.1:PORT/sparql``.

    ``buffers``: 8 KB pages of cache (Virtuoso's advice: about 85,000 per GB of memory it may use).
    """
    folder.mkdir(parents=True, exist_ok=True)
    sql, http = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(INI.format(folder=folder, sql=sql, http=http, max_rows=max_rows,
                                                          buffers=buffers, dirty=buffers * 3 // 4))
    with open(folder / "virtuoso.out", "wb") as log:
        server = subprocess.Popen([command("virtuoso-t"), "+foreground", "+configfile", str(folder / "virtuoso.ini")],
                                  cwd=folder, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        running = Virtuoso(f"http://127.0.0.1:{http}/sparql", sql)
        _wait(server, running.endpoint, folder)
        running.sql(SETUP.format(http=http, graph=DEFAULT_GRAPH))
        yield running
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait(server: subprocess.Popen, endpoint: str, folder: Path) -> None:
    """Until the endpoint answers; a clear failure with Virtuoso's log if it stops or takes over a minute."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{endpoint}?query=ASK%7B%7D", timeout=5):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    log = (folder / "virtuoso.log").read_text(errors="replace")[-2000:] if (folder / "virtuoso.log").exists() else ""
    raise NoVirtuoso(f"Virtuoso did not start (exit {server.poll()}); its log ends:\n{log}")
