"""`lls-kg serve` under attack: no way out, limits before the engine, runaway queries that end, an engine that
comes back. Every case against the real endpoint (the front in a thread, sandboxed Oxigraph servers behind it)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from lls_kg.serve import Endpoint, Limits, background, pool, started
from lls_kg.serve.engine import oxigraph_process
from lls_kg.serve.guard import checked
from lls_kg.serve.limits import Refused
from lls_kg.store.files import select

from sockets import connected
from engines import needs_oxigraph

LIMITS = Limits(timeout=3, max_rows=200, max_bytes=20_000, engines=3, connections=20)
#: A trillion rows to count: never finishes within the limit.
EXPLODING = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ASK = "ASK { ?s a lls:Project }"


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    needs_oxigraph()
    with started(select(), port=0, limits=LIMITS) as server, background(server):
        yield server


def send(endpoint: Endpoint, query: str, headers: dict[str, str] | None = None, post: bool = True
         ) -> tuple[int, dict[str, str], str]:
    """Status, headers and body of the endpoint's answer to ``query`` (a SPARQL body by POST, or GET)."""
    url = endpoint.url if post else f"{endpoint.url}?{urllib.parse.urlencode({'query': query})}"
    request = urllib.request.Request(url, data=query.encode("utf-8") if post else None,
                                     headers={"Content-Type": "application/sparql-query", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, dict(answer.headers), answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8")


def outward(port: int) -> list[str]:
    """Queries that would call ``port`` if a SERVICE in them reached the engine, however it is spelled."""
    target = f"<http://127.0.0.1:{port}/sparql>"
    return [
        # The trick: to a parser that expands escapes first, SERVICE is inside a string; to one that does not, not.
        f'SELECT * WHERE {{ BIND("A\\u0022 AS ?a) BIND(" AS ?z) SERVICE {target} {{ ?s ?p ?o }} BIND(" AS ?b) '
        'BIND(\\u0022E" AS ?e) }',
        f"SELECT * WHERE {{ \\u0053ERVICE {target} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u+053ERVICE {target} {{ ?s ?p ?o }} }}",  # Rust's hex reading takes a '+'
        f"SELECT * WHERE {{ \\U00000053ERVICE {target} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u005Cu0053ERVICE {target} {{ ?s ?p ?o }} }}",  # an escape that spells an escape
        f"SELECT * WHERE {{ ?s ?p ?o # SERVICE in a comment\n SERVICE {target} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p <urn:a#b> . SERVICE {target} {{ ?s ?p ?o }} }}",
        f"PREFIX far: <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE far:sparql {{ ?s ?p ?o }} }}",
        f"PREFIX : <http://127.0.0.1:{port}/> SELECT * WHERE {{ ?s ?p ?o SERVICE:sparql{{ ?s ?p ?o }} }}",
        f"PREFIX x: <urn:x#> SELECT * WHERE {{ ?s ?p x:a\\#b SERVICE {target} {{ ?s ?p ?o }} }}",  # no comment
        f"SELECT * WHERE {{ ?s ?p 1SERVICE{target}{{ ?s ?p ?o }} }}",  # a number, then the keyword
        f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ {{ SELECT ?s WHERE {{ SERVICE {target} {{ ?s ?p ?o }} }} }} }} }} }}",
        f"ASK {{ FILTER NOT EXISTS {{ OPTIONAL {{ SERVICE SILENT {target} {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * WHERE {{ SERVICE ?far {{ ?s ?p ?o }} VALUES ?far {{ {target} }} }}",
        *(f"SELECT * WHERE {{ {word} {target} {{ ?s ?p ?o }} }}" for word in ("service", "Service", "sErViCe")),
        f"CONSTRUCT WHERE {{ SERVICE {target} {{ ?s ?p ?o }} }}",
        f"DESCRIBE ?s WHERE {{ SERVICE {target} {{ ?s ?p ?o }} }}",
    ]


def test_no_query_that_passes_makes_a_connection(endpoint: Endpoint, listener: socket.socket, tmp_path: Path
                                                 ) -> None:
    """By the front (GET and POST): a real SERVICE is refused, and nothing calls out."""
    port = listener.getsockname()[1]
    for query in outward(port):
        for post in (True, False):
            status, _, body = send(endpoint, query, post=post)
            assert status in (200, 400, 403), (query, body)
            assert status == 200 or body.strip(), query
    assert not connected(listener)


def test_what_the_front_lets_through_is_what_it_checked(listener: socket.socket, tmp_path: Path) -> None:
    """Without the sandbox: every query the check allows, sent as the front sends it to a plain Oxigraph, calls
    nobody. So the check alone holds, whatever the engine's reading of escapes."""
    needs_oxigraph()
    port = listener.getsockname()[1]
    allowed = []
    for query in outward(port):
        try:
            allowed.append(checked({"query": [query]})[0])
        except Refused as refusal:
            assert refusal.status in (400, 403)
    assert allowed  # the escape trick itself passes, its SERVICE read (by both parsers) as part of a string
    with oxigraph_process(["serve", "--location", str(tmp_path / "store")], tmp_path / "log") as plain:
        for text in allowed:
            request = urllib.request.Request(f"{plain}/query", data=urllib.parse.urlencode({"query": text}).encode())
            with urllib.request.urlopen(request, timeout=20) as answer:
                assert answer.status == 200
    assert not connected(listener)


def test_a_cross_site_post_is_refused(endpoint: Endpoint) -> None:
    own = urllib.parse.urlsplit(endpoint.url).netloc
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    body = urllib.parse.urlencode({"query": ASK})
    for headers in ({"Origin": "https://evil.example.com"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}):
        request = urllib.request.Request(endpoint.url, data=body.encode(), headers={**form, **headers})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=20)
        assert refused.value.code == 403 and b"another web site" in refused.value.read()
    assert send(endpoint, ASK, {"Origin": f"http://{own}", "Sec-Fetch-Site": "same-origin"})[0] == 200
    status, headers, _ = send(endpoint, ASK, post=False)
    assert status == 200 and "Access-Control-Allow-Origin" not in headers  # no CORS: other sites cannot read


def test_only_loopback_host_names_are_answered(endpoint: Endpoint) -> None:
    """Against DNS rebinding: a page at evil.example.com whose name now points at 127.0.0.1 gets nothing."""
    assert send(endpoint, ASK, {"Host": "evil.example.com"}, post=False)[0] == 421
    assert send(endpoint, ASK, {"Host": "evil.example.com"})[0] == 421
    assert send(endpoint, ASK, {"Host": f"localhost:{endpoint.server_address[1]}"})[0] == 200


@pytest.mark.parametrize("query", [
    "ASK { FILTER(" + "+".join(["1"] * 8000) + ") }",  # 16 KB, an operator chain
    "ASK { FILTER(" + "&&".join(["true"] * 2500) + ") }",
    "ASK { FILTER(" + "(" * 2000 + "1" + ")" * 2000 + ") }",  # deep brackets
    "SELECT * WHERE { " + "{ " * 100 + "?s ?p ?o" + " }" * 100 + " }",
])
def test_a_huge_or_deep_query_is_refused_before_the_engine(endpoint: Endpoint, query: str) -> None:
    started_at = time.monotonic()
    status, _, body = send(endpoint, query)
    assert status == 400 and ("too long" in body or "too deep" in body)
    assert time.monotonic() - started_at < 2  # refused by a scan, not after a long parse
    assert send(endpoint, ASK)[0] == 200


def test_a_big_answer_is_refused_with_a_clear_status(endpoint: Endpoint) -> None:
    long = "CONCAT(" + ", ".join(["STR(?s)"] * 10) + ")"  # 190 rows of some 500 bytes each
    status, _, body = send(endpoint, f"SELECT ({long} AS ?text) WHERE {{ ?s ?p ?o }} LIMIT 190")
    assert status == 422 and "larger than 20000 bytes" in body
    assert send(endpoint, ASK)[0] == 200


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of process ``pid`` so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_runaway_queries_end_with_their_timeout(endpoint: Endpoint) -> None:
    """Five exploding queries at once all get 503; ordinary ones keep being answered; within 5 s of the last 503
    the engines are idle (their CPU time measured), and the engines that ran away are gone."""
    before = {process.pid for process in endpoint.engines.processes}
    ordinary: list[int] = []
    done = threading.Event()

    def keep_asking() -> None:
        while not done.is_set():
            ordinary.append(send(endpoint, ASK)[0])

    asker = threading.Thread(target=keep_asking)
    asker.start()
    with ThreadPoolExecutor(5) as clients:
        statuses = [status for status, _, _ in clients.map(lambda _: send(endpoint, EXPLODING), range(5))]
    last_503 = time.monotonic()
    done.set()
    asker.join()
    assert statuses == [503] * 5 and ordinary and set(ordinary) == {200}
    pids = [process.pid for process in endpoint.engines.processes]
    assert not any(Path(f"/proc/{pid}").exists() for pid in before - set(pids))  # killed, not left computing
    time.sleep(max(0.0, last_503 + 1 - time.monotonic()))
    spent = sum(cpu_seconds(pid) for pid in pids)
    time.sleep(3)
    assert sum(cpu_seconds(pid) for pid in pids) - spent < 0.3  # near idle: at most 10 % of a core
    assert send(endpoint, ASK)[0] == 200


def test_busy_engines_say_when_to_come_back(endpoint: Endpoint, monkeypatch) -> None:
    monkeypatch.setattr(pool, "WAIT", 0.2)
    with ThreadPoolExecutor(LIMITS.engines) as clients:
        running = [clients.submit(send, endpoint, EXPLODING) for _ in range(LIMITS.engines)]
        time.sleep(1)
        status, headers, body = send(endpoint, ASK)
        assert status == 503 and int(headers["Retry-After"]) >= 1 and "busy" in body
        assert [future.result()[0] for future in running] == [503] * LIMITS.engines


def test_a_crashed_engine_is_replaced_at_once(endpoint: Endpoint) -> None:
    for process in endpoint.engines.processes:
        process.kill()
    assert [send(endpoint, ASK)[0] for _ in range(5)] == [200] * 5
    assert all(process.poll() is None for process in endpoint.engines.processes)


def test_too_many_connections_get_503(endpoint: Endpoint) -> None:
    host, port = endpoint.server_address[:2]
    idle = [socket.create_connection((host, port)) for _ in range(LIMITS.connections)]
    try:
        time.sleep(0.3)
        with socket.create_connection((host, port), timeout=5) as extra:
            answer = extra.recv(1000)
        assert answer.startswith(b"HTTP/1.1 503 ") and b"Retry-After: " in answer
    finally:
        for sock in idle:
            sock.close()
    time.sleep(0.3)
    assert send(endpoint, ASK)[0] == 200


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return found


def test_kill_9_of_serve_leaves_no_engine_and_no_store_for_long(tmp_path: Path) -> None:
    needs_oxigraph()
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    command = [sys.executable, "-m", "lls_kg", "serve", "--port", "0", "--timeout", "5"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert any("serving the graph read-only" in line for line in process.stderr)
    finally:
        engines = children(process.pid)
        process.kill()
        process.wait()
        process.stderr.close()
    assert len(engines) == Limits().engines
    deadline = time.monotonic() + 5
    while any(Path(f"/proc/{pid}").exists() for pid in engines) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(Path(f"/proc/{pid}").exists() for pid in engines)  # no engine left listening, sandboxed or not
    assert len(list(tmp_path.iterdir())) == 1  # its store: nothing can clean up after kill -9 ...
    restarted = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert any("serving the graph read-only" in line for line in restarted.stderr)
        assert len(list(tmp_path.iterdir())) == 1  # ... but the next start does: only its own store is there
    finally:
        restarted.send_signal(signal.SIGINT)
        assert restarted.wait(timeout=20) == 0
        restarted.stderr.close()
    assert list(tmp_path.iterdir()) == []


def test_the_sandbox_forbids_reaching_out_and_allows_serving(listener: socket.socket) -> None:
    """Any program in the sandbox: a TCP connect and a UDP datagram to an address fail; listening works."""
    port = listener.getsockname()[1]
    program = ("import socket, sys\n"
               "def tried(act):\n"
               "    try:\n        act()\n        return 'done'\n"
               "    except PermissionError:\n        return 'refused'\n"
               f"tcp = tried(lambda: socket.create_connection(('127.0.0.1', {port}), timeout=2))\n"
               "udp = tried(lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
               f"            .sendto(b'x', ('127.0.0.1', {port})))\n"
               "server = socket.socket(); server.bind(('127.0.0.1', 0)); server.listen()\n"
               "print(tcp, udp, 'listening')\n")
    sandbox = Path(pool.__file__).with_name("sandbox.py")
    result = subprocess.run([sys.executable, "-I", str(sandbox), str(os.getpid()), sys.executable, "-c", program],
                            capture_output=True, text=True, timeout=30)
    assert result.stdout.split() == ["refused", "refused", "listening"], result.stderr
    assert not connected(listener)


def test_a_long_query_s_engine_is_demoted_then_replaced(endpoint: Endpoint) -> None:
    with endpoint.engines.borrowed() as engine:
        pool._demote(engine)  # what the timer does once a query has run for pool.LONG seconds
        threads = list(Path(f"/proc/{engine.process.pid}/task").iterdir())
        assert threads and all(os.getpriority(os.PRIO_PROCESS, int(thread.name)) == 19 for thread in threads)
    assert engine.process.poll() is not None and engine.process not in endpoint.engines.processes
    assert send(endpoint, ASK)[0] == 200
