"""A bounded load test of ``lls-kg serve``: concurrent loopback clients, a fixed number of queries.

    python bench/loadtest.py                       # 50 clients, 3000 queries, on the shipped graph
    python bench/loadtest.py --data bench/data/national-100k.nt --no-default --queries 1000
    python bench/loadtest.py --url http://127.0.0.1:7878/sparql   # an endpoint already running
    python bench/loadtest.py --mixed               # 100 clients alone, then beside attackers (bench/attack.py)

Without ``--url`` it starts ``lls-kg serve`` on a free loopback port and stops it
at the end. Each client keeps one HTTP/1.1 connection and sends its share of the
named queries (those without required parameters), GET and POST in turn, asking
for SPARQL JSON, XML, CSV or TSV in turn. It prints errors (any answer but 200,
any failed connection; want 0), throughput, and latency percentiles overall and
per query; it exits 1 if there was any error. With ``--distinct`` each query text
is made unique (a comment), so no cache answers for the endpoint's check.

``--mixed`` (on ``serve --timeout 3``, distinct texts) runs the ordinary clients
twice: alone, then beside 5 clients that send exploding queries, 5 slow clients
(a byte a second) and one that sends malformed requests; it reports the ordinary
clients' errors and latency in both runs, the attackers' statuses, the server's
CPU (engines included) in each second after the attackers stop, and its memory
before and after.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from lls_kg.sparql import list_named
from lls_kg.serve.engine import free_port

import attack

FORMATS = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
           "text/tab-separated-values")


@dataclass(frozen=True)
class Outcome:
    """One request: which query, its HTTP status (0: the connection failed), how long it took."""

    query: str
    status: int
    seconds: float


def workload() -> list[tuple[str, str]]:
    """(name, text) of every named query that runs without a parameter."""
    return [(query.name, query.text) for query in list_named(internal=False)
            if not any(param.required for param in query.params)]


def client(url: str, number: int, count: int, queries: list[tuple[str, str]], start: threading.Barrier,
           outcomes: list[Outcome], distinct: bool = False) -> None:
    """Send ``count`` queries over one keep-alive connection, recording each outcome."""
    address = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    start.wait()
    for index in range(count):
        turn = number + index
        name, text = queries[turn % len(queries)]
        headers = {"Accept": FORMATS[turn % len(FORMATS)]}
        encoded = urllib.parse.urlencode({"query": f"{text}\n# client {number}, query {index}" if distinct else text})
        began = time.perf_counter()
        try:
            if turn % 2:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                connection.request("POST", address.path, body=encoded, headers=headers)
            else:
                connection.request("GET", f"{address.path}?{encoded}", headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = 0
            connection.close()  # the next request reconnects
        outcomes.append(Outcome(name, status, time.perf_counter() - began))
    connection.close()


def run(url: str, clients: int, total: int, distinct: bool = False) -> tuple[list[Outcome], float]:
    """``total`` queries from ``clients`` threads at once; the outcomes and the wall time."""
    queries = workload()
    outcomes: list[Outcome] = []  # list.append is atomic under the GIL
    start = threading.Barrier(clients + 1)
    shares = [total // clients + (number < total % clients) for number in range(clients)]
    threads = [threading.Thread(target=client, args=(url, number, share, queries, start, outcomes, distinct))
               for number, share in enumerate(shares)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return outcomes, time.perf_counter() - began


def percentiles(seconds: Sequence[float]) -> str:
    cuts = statistics.quantiles(seconds, n=100, method="inclusive") if len(seconds) > 1 else list(seconds) * 99
    return (f"p50 {cuts[49] * 1000:7.1f}  p90 {cuts[89] * 1000:7.1f}  p95 {cuts[94] * 1000:7.1f}  "
            f"p99 {cuts[98] * 1000:7.1f}  max {max(seconds) * 1000:7.1f} ms")


def report(outcomes: list[Outcome], wall: float, clients: int) -> str:
    errors = Counter(outcome.status for outcome in outcomes if outcome.status != 200)
    lines = [f"{len(outcomes)} queries from {clients} concurrent clients in {wall:.1f} s "
             f"({len(outcomes) / wall:.0f} queries/s)",
             f"errors: {sum(errors.values())}" + (f" {dict(errors)} (status 0: connection failed)" if errors else ""),
             f"latency, all      {percentiles([outcome.seconds for outcome in outcomes])}"]
    by_query: dict[str, list[float]] = defaultdict(list)
    for outcome in outcomes:
        by_query[outcome.query].append(outcome.seconds)
    lines += [f"  {name:<24}{percentiles(seconds)}" for name, seconds in sorted(by_query.items())]
    return "\n".join(lines)


def mixed(url: str, server: int, clients: int, total: int) -> tuple[str, list[Outcome]]:
    """The ordinary clients alone, then beside the attackers; a report of both and of the server's recovery."""
    alone, alone_wall = run(url, clients, total, distinct=True)
    address = urllib.parse.urlsplit(url)
    host, port = address.hostname or "127.0.0.1", address.port or 80
    memory_before = attack.rss_mb(attack.tree(server))
    stop = threading.Event()
    exploded: list[int] = []
    prodded: list[int] = []
    attackers = [threading.Thread(target=attack.exploder, args=(host, port, stop, exploded)) for _ in range(5)]
    attackers += [threading.Thread(target=attack.slow_client, args=(host, port, stop)) for _ in range(5)]
    attackers.append(threading.Thread(target=attack.prodder, args=(host, port, stop, prodded)))
    for thread in attackers:
        thread.start()
    time.sleep(1)  # the attack is under way before the ordinary clients start
    beside, beside_wall = run(url, clients, total, distinct=True)
    stop.set()
    for thread in attackers:
        thread.join()
    cpu = attack.idle_after(server, 6)
    memory_after = attack.rss_mb(attack.tree(server))
    return "\n".join([
        "ordinary clients alone:", report(alone, alone_wall, clients).split("\n  ")[0],
        "ordinary clients beside 5 exploding, 5 slow (slowloris) and 1 malformed-request clients:",
        report(beside, beside_wall, clients).split("\n  ")[0],
        f"exploding queries: {dict(Counter(exploded))}; malformed requests: {dict(Counter(prodded))} "
        "(status 0: hung up on)",
        "server CPU (engines included) in each second after the attackers stopped, share of a core: "
        + " ".join(f"{share:.2f}" for share in cpu),
        f"server memory (engines included): {memory_before:.0f} MB before the attack, {memory_after:.0f} MB after",
    ]), [*alone, *beside]


@contextmanager
def endpoint(data: Sequence[str], no_default: bool, timeout: int = 10) -> Iterator[tuple[str, int]]:
    """``lls-kg serve`` on a free loopback port, for the length of the block: its URL and process id."""
    port = free_port()
    command = [sys.executable, "-m", "lls_kg", "serve", "--port", str(port), "--quiet", "--timeout", str(timeout)]
    command += [f"--data={path}" for path in data] + (["--no-default"] if no_default else [])
    server = subprocess.Popen(command, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        deadline = time.monotonic() + 600
        while True:
            if server.poll() is not None:
                raise SystemExit(f"loadtest: lls-kg serve stopped (exit code {server.returncode})")
            try:
                urllib.request.urlopen(url.removesuffix("sparql") + "queries", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("loadtest: lls-kg serve did not start within 600 s") from None
                time.sleep(0.1)
        yield url, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="an endpoint already running (default: start lls-kg serve)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--queries", type=int, default=3000, help="queries in all (default 3000)")
    parser.add_argument("--data", action="append", default=[], help="RDF file for the served graph (repeatable)")
    parser.add_argument("--no-default", action="store_true", help="serve only the --data files (and the ontology)")
    parser.add_argument("--distinct", action="store_true", help="make every query text unique (a comment)")
    parser.add_argument("--mixed", action="store_true", help="alone, then beside attackers (serve --timeout 3)")
    args = parser.parse_args(argv)
    if args.mixed:
        with endpoint(args.data, args.no_default, timeout=3) as (url, pid):
            text, outcomes = mixed(url, pid, args.clients, args.queries)
        print(text)
    else:
        if args.url:
            outcomes, wall = run(args.url, args.clients, args.queries, args.distinct)
        else:
            with endpoint(args.data, args.no_default) as (url, _):
                outcomes, wall = run(url, args.clients, args.queries, args.distinct)
        print(report(outcomes, wall, args.clients))
    if any(outcome.status != 200 for outcome in outcomes):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
