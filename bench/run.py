"""Benchmarks of every backend side by side: load, named queries, views, measures, viz, peak memory; and start-up.

    python bench/run.py                                   # 10 k, 100 k and 1 M triples, 10 M on disk, start-up
    python bench/run.py --sizes 10000 --big 0 -o /tmp/r.md   # a quick look
    python bench/issue18.py                               # issue 18's targets at 1 M only, in ~10-20 minutes

For each size it generates the graph if missing (``bench/data/national-N.nt``, seeded), then
runs one worker process per backend, one after the other, each loading the ontology and the
graph afresh:

- ``rdflib``: rdflib's in-memory graph (``--store rdflib``). At 1 M triples and above only the
  load and the owners, cross_border and transfers queries, and each of its steps stops after
  ``--timeout`` seconds: rdflib takes about a minute to load and up to minutes per query there.
- ``memory``: Oxigraph in memory, the default engine. Before it loads, pyoxigraph's own bulk
  load of the same files is timed; each query also runs directly on the same pyoxigraph store
  (``Store.query``, every solution read), interleaved with ours, so the ratio is robust to load.
- ``disk``: ``lls-kg load`` into an on-disk store, against pyoxigraph's bulk load into another
  folder; queries on the read-only store, ours and directly, interleaved.
- ``server``: a real Oxigraph server (``oxigraph serve``), loaded as ``lls-kg load --store URL``
  does; its queries compare with the in-memory direct ones (another process, same run).
- ``virtuoso``: Debian's Virtuoso (tests/virtuoso.py starts it as the tests do, with a 1 GiB cache
  and no row cap in reach), loaded the same way; its queries compare with the server's.

Each step's time is the fastest of up to ``--repeat`` runs (a step is not repeated once it has
taken 2 s). Peak memory is the worker's ``ru_maxrss`` (and the server's, read when it stops).
At ``--big`` triples only the on-disk store runs: its load and every named query.

Start-up is timed with hyperfine if it is installed (else the median of repeated runs) with the
virtual environment's python itself, bytecode caches written first, as an installed package has them.

Results go to ``-o`` as Markdown tables, with the machine's load average while each worker ran.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
BACKENDS = ("rdflib", "memory", "disk", "server", "virtuoso")
#: rdflib runs only these queries from this size on (it takes minutes each there).
RDFLIB_FULL_LIMIT = 1_000_000
RDFLIB_QUERIES = ("owners", "cross_border", "transfers")
#: A step is run again only while its runs have taken less than this many seconds.
REPEAT_BUDGET = 2.0
#: For a named query that needs a parameter (source.rq): a query that finds a value for it.
PARAMS = {"source": {"resource": "SELECT ?r WHERE { ?r a lls:Project } LIMIT 1"}}


# --- the worker: one backend, one graph, in a process of its own --------------------------------


@dataclass
class Step:
    """One measured step: our time, pyoxigraph's own time for the same work where there is one."""

    name: str
    kind: str
    ours: float | None = None
    direct: float | None = None
    rows: int | None = None
    error: str | None = None


class Timeout(Exception):
    """A step ran longer than ``--timeout``."""


def report(record: dict[str, Any]) -> None:
    """One JSON line to the parent."""
    print(json.dumps(record), flush=True)


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Interrupt the step after ``seconds`` (rdflib is pure Python, so the alarm stops it; 0: no limit)."""
    def expire(signum: int, frame: Any) -> None:
        raise Timeout(f"stopped after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def fastest(run: Callable[[], Any], repeat: int,
            direct: Callable[[], Any] | None = None) -> tuple[float, float | None, Any]:
    """The fastest of up to ``repeat`` runs of ``run`` (and of ``direct``, interleaved with it); and run's result."""
    ours: list[float] = []
    theirs: list[float] = []
    result = None
    while len(ours) < repeat and sum(ours) + sum(theirs) < REPEAT_BUDGET:
        if direct is not None:
            started = time.perf_counter()
            direct()
            theirs.append(time.perf_counter() - started)
        started = time.perf_counter()
        result = run()
        ours.append(time.perf_counter() - started)
    return min(ours), min(theirs) if theirs else None, result


def measure(step: Step, run: Callable[[], Any], repeat: int, timeout: int,
            direct: Callable[[], Any] | None = None, rows: Callable[[Any], int] = lambda result: 0) -> None:
    """Time ``step`` and report it; a failure or a timeout is reported as the step's error."""
    try:
        with deadline(timeout):
            step.ours, step.direct, result = fastest(run, repeat, direct)
        step.rows = rows(result)
    except Exception as error:  # a timeout too: the benchmark goes on, and the table shows what failed
        step.error = str(error).splitlines()[0][:200]
    report({"step": step.__dict__})


def worker(backend: str, data: Path, repeat: int, timeout: int, queries: Sequence[str] | None,
           only_queries: bool) -> None:
    """Load ``data`` with the ontology on ``backend`` and time every step, one JSON line each.

    Only rdflib's steps have a time limit: Oxigraph answers every step, and a signal could not stop it anyway.
    """
    from lls_kg.store.files import select

    files = select([data], default=False)
    triples = int(data.stem.rsplit("-", 1)[-1])
    limited = backend == "rdflib" and triples >= RDFLIB_FULL_LIMIT
    timeout = timeout if backend == "rdflib" else 0
    report({"load_average": os.getloadavg()})
    with BACKEND_RUNNERS[backend](files, repeat, timeout) as (store, raw):
        run_queries(store, raw, repeat, timeout, RDFLIB_QUERIES if limited else queries)
        if not (limited or only_queries):
            run_views(store, repeat, timeout)
    report({"load_average": os.getloadavg(), "peak_mb": peak_mb(resource.RUSAGE_SELF)})


def peak_mb(who: int) -> float:
    """Peak resident memory of this process (or of its largest finished child), in MiB (Linux: KiB)."""
    return resource.getrusage(who).ru_maxrss / 1024


@contextmanager
def rdflib_backend(files: list[Path], repeat: int, timeout: int) -> Iterator[tuple[Any, Any]]:
    from lls_kg.store import open_store

    holder: dict[str, Any] = {}
    measure(Step("load", "load"), lambda: holder.update(store=open_store("rdflib", files, default=False)), 1, timeout)
    yield holder.get("store"), None


@contextmanager
def memory_backend(files: list[Path], repeat: int, timeout: int) -> Iterator[tuple[Any, Any]]:
    from lls_kg.store import OxigraphStore

    holder: dict[str, Any] = {}

    def theirs() -> None:
        store = ox_store()
        for path in files:
            store.bulk_load(path=str(path), format=ox_format(path))

    def ours() -> None:
        holder["store"] = None  # free the last one first: peak memory is one store's
        holder["store"] = OxigraphStore.from_files(files)

    measure(Step("load", "load"), ours, min(repeat, 2), timeout, direct=theirs)
    store = holder["store"]
    yield store, store._store  # the same pyoxigraph store, queried without lls-kg's layer


@contextmanager
def disk_backend(files: list[Path], repeat: int, timeout: int) -> Iterator[tuple[Any, Any]]:
    from lls_kg.store import OxigraphStore
    from lls_kg.store.load import load_disk

    with tempfile.TemporaryDirectory(dir=DATA, prefix=".bench-") as folder:
        ours_dir, theirs_dir = Path(folder) / "kg", Path(folder) / "direct"

        def theirs() -> None:
            shutil.rmtree(theirs_dir, ignore_errors=True)
            store = ox_store(theirs_dir)
            for path in files:
                store.bulk_load(path=str(path), format=ox_format(path))
            store.flush()
            del store

        measure(Step("load", "load"), lambda: load_disk(ours_dir, files), 1, timeout, direct=theirs)
        shutil.rmtree(theirs_dir, ignore_errors=True)
        holder: dict[str, Any] = {}
        measure(Step("open", "load"), lambda: holder.update(store=OxigraphStore.open(ours_dir)), repeat, timeout)
        store = holder["store"]
        yield store, store._store


@contextmanager
def server_backend(files: list[Path], repeat: int, timeout: int) -> Iterator[tuple[Any, Any]]:
    from lls_kg.serve.engine import oxigraph_command, oxigraph_process
    from lls_kg.store.upload import load_endpoint
    from lls_kg.store.remote import RemoteStore

    with tempfile.TemporaryDirectory(dir=DATA, prefix=".bench-") as folder:
        with oxigraph_process(["serve", "--location", f"{folder}/store"], Path(folder) / "server.log") as base:
            endpoint = f"{base}/query"
            measure(Step("load", "load"), lambda: load_endpoint(endpoint, files, replace=True), 1, timeout)
            yield RemoteStore(endpoint, timeout=max(timeout, 600)), None
        report({"server_peak_mb": peak_mb(resource.RUSAGE_CHILDREN)})  # the server, now stopped
        command = [oxigraph_command(), "load", "--location", f"{folder}/direct", "--file", *map(str, files)]
        measure(Step("oxigraph load (CLI bulk load)", "load"),
                lambda: subprocess.run(command, check=True, capture_output=True), 1, timeout)


@contextmanager
def virtuoso_backend(files: list[Path], repeat: int, timeout: int) -> Iterator[tuple[Any, Any]]:
    from lls_kg.store.remote import RemoteStore
    from lls_kg.store.upload import load_endpoint

    sys.path.insert(0, str(HERE.parent / "tests"))
    from virtuoso import running_virtuoso  # the tests' own way to start it

    with tempfile.TemporaryDirectory(dir=DATA, prefix=".bench-") as folder:
        with running_virtuoso(Path(folder), max_rows=100_000_000, buffers=130_000) as virtuoso:
            measure(Step("load", "load"), lambda: load_endpoint(virtuoso.endpoint, files, replace=True), 1, timeout)
            yield RemoteStore(virtuoso.endpoint, timeout=max(timeout, 600)), None


BACKEND_RUNNERS = {"rdflib": rdflib_backend, "memory": memory_backend, "disk": disk_backend,
                   "server": server_backend, "virtuoso": virtuoso_backend}


def ox_store(folder: Path | None = None) -> Any:
    import pyoxigraph as ox

    return ox.Store(None if folder is None else str(folder))


def ox_format(path: Path) -> Any:
    from lls_kg.store.files import OX_FORMATS, rdf_format

    return OX_FORMATS[rdf_format(path)]


def run_queries(store: Any, raw: Any, repeat: int, timeout: int, only: Sequence[str] | None) -> None:
    """Every named query people can ask (``lls-kg queries``), ours and (with ``raw``) directly in pyoxigraph."""
    from lls_kg.sparql import list_named

    if store is None:
        return
    for query in list_named(internal=False):
        if only is not None and query.name not in only:
            continue
        bindings = bound(store, query.name)
        direct = None if raw is None else lambda: read_directly(raw, query.text, bindings)
        measure(Step(query.name, "query"), lambda: store.query(query.text, bindings), repeat, timeout,
                direct=direct, rows=lambda result: len(result.rows))


def bound(store: Any, name: str) -> dict[str, Any]:
    """Values for the query's required parameters, found in the graph itself."""
    return {param: store.query(finder).rows[0][0] for param, finder in PARAMS.get(name, {}).items()}


def read_directly(raw: Any, text: str, bindings: dict[str, Any]) -> int:
    """The query run by pyoxigraph itself, every solution read: the baseline of lls-kg's layer."""
    import pyoxigraph as ox

    from lls_kg.namespaces import PREFIXES

    substitutions = {ox.Variable(name): ox.NamedNode(str(value)) for name, value in bindings.items()}
    answer = raw.query(text, prefixes=PREFIXES, substitutions=substitutions, use_default_graph_as_union=True)
    return len([tuple(solution) for solution in answer]) if isinstance(answer, ox.QuerySolutions) else 1


def run_views(store: Any, repeat: int, timeout: int) -> None:
    """Each network view, the measures of the actors view (``lls-kg analyse``), and its picture (``lls-kg viz``)."""
    from lls_kg.choices import VIEWS
    from lls_kg.html.figure import picture
    from lls_kg.html.viz import scene
    from lls_kg.network import analyse, needed, view, views

    if store is None:
        return
    for name in VIEWS:
        measure(Step(f"view {name}", "view"), lambda: view(store, name), repeat, timeout,
                rows=lambda graph: graph.number_of_nodes())
    measure(Step("analyse (actors view + measures)", "measures"),
            lambda: analyse(views(store, needed("actors")), "actors"), repeat, timeout,
            rows=lambda result: result.structure.nodes)
    measure(Step("viz (actors view, html)", "viz"),
            lambda: picture(scene(views(store, needed("actors")), "actors"), "html"), repeat, timeout, rows=len)


# --- the parent: sizes, workers, start-up, tables ------------------------------------------------------


def dataset(triples: int) -> Path:
    """``bench/data/national-N.nt``, generated (seeded) if it is missing."""
    path = DATA / f"national-{triples}.nt"
    if not path.exists():
        say(f"generating {path.name}...")
        DATA.mkdir(exist_ok=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--triples", str(triples), "-o", str(path), "-q"],
                       check=True)
    return path


def say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def run_worker(backend: str, data: Path, args: argparse.Namespace, only_queries: bool = False) -> dict[str, Any]:
    """One worker's records: steps by name, peak memory, load averages."""
    command = [sys.executable, __file__, "--worker", backend, "--data", str(data), "--repeat", str(args.repeat),
               "--timeout", str(args.timeout)] + (["--only-queries"] if only_queries else [])
    command += ["--queries", args.queries] if args.queries else []
    found: dict[str, Any] = {"steps": {}, "load_average": []}
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None
        for line in process.stdout:
            record = json.loads(line)
            if "step" in record:
                step = Step(**record["step"])
                found["steps"][step.name] = step
                say(f"{data.stem} {backend:6s} {step.name}: " + (step.error or f"{step.ours:.3f} s"
                    + (f" (pyoxigraph {step.direct:.3f} s)" if step.direct is not None else "")))
            else:
                found["load_average"] += [record.pop("load_average")] if "load_average" in record else []
                found.update(record)
    if process.returncode:
        found["failed"] = f"worker exited with {process.returncode}"
    return found


def startup(runs: int) -> list[tuple[str, float]]:
    """Median wall time of each start-up command, python's own first."""
    python = sys.executable
    script = str(Path(python).parent / "lls-kg")
    commands = [("python -c pass", [python, "-c", "pass"]),
                ("python -c 'import click'", [python, "-c", "import click"]),
                ("lls-kg --help", [script, "--help"]),
                ("lls-kg owners (shipped graph, default store)", [script, "owners", "-q"]),
                ("lls-kg owners --store rdflib", [script, "owners", "-q", "--store", "rdflib"])]
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    for _label, command in commands:  # write the bytecode caches an installed package has
        subprocess.run(command, env=env, capture_output=True, check=True)
    if shutil.which("hyperfine"):
        return _hyperfine(commands, runs, env)
    return [(label, _median_run(command, runs, env)) for label, command in commands]


def _hyperfine(commands: list[tuple[str, list[str]]], runs: int, env: dict[str, str]) -> list[tuple[str, float]]:
    with tempfile.NamedTemporaryFile(suffix=".json") as exported:
        subprocess.run(["hyperfine", "-N", "--warmup", "3", "--runs", str(runs), "--export-json", exported.name,
                        *(subprocess.list2cmdline(command) for _label, command in commands)],
                       env=env, check=True, capture_output=True)
        results = json.loads(Path(exported.name).read_text())["results"]
    return [(label, result["median"]) for (label, _command), result in zip(commands, results)]


def _median_run(command: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def seconds(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def ratio(numerator: float | None, denominator: float | None) -> str:
    if numerator is None or denominator is None or denominator == 0:
        return "–"
    return f"{numerator / denominator:.2f}"


def cell(results: dict[str, Any], backend: str, name: str) -> Step | None:
    return results.get(backend, {}).get("steps", {}).get(name)


def ours(step: Step | None) -> float | None:
    return None if step is None else step.ours


def shown(step: Step | None) -> str:
    if step is None:
        return "–"
    return f"({step.error})" if step.error else seconds(step.ours)


def size_table(triples: int, results: dict[str, Any]) -> str:
    """One size's table: each step on each backend, with its ratios."""
    names = list(dict.fromkeys(name for backend in BACKENDS for name in results.get(backend, {}).get("steps", {})))
    header = ("| step | size | rdflib s | memory s | memory ÷ pyoxigraph | rdflib ÷ memory | disk s | "
              "disk ÷ pyoxigraph (disk) | server s | server ÷ pyoxigraph (memory) | virtuoso s | "
              "virtuoso ÷ server |\n"
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
    lines = []
    for name in names:
        r, m, d, s, v = (cell(results, backend, name) for backend in BACKENDS)
        rows = next((step.rows for step in (m, d, s, v, r) if step is not None and step.rows), "")
        lines.append(f"| {name} | {rows} | {shown(r)} | {shown(m)} | {ratio(ours(m), m and m.direct)} | "
                     f"{ratio(ours(r), ours(m))} | {shown(d)} | {ratio(ours(d), d and d.direct)} | "
                     f"{shown(s)} | {ratio(ours(s), m and m.direct)} | {shown(v)} | {ratio(ours(v), ours(s))} |")
    direct = ", ".join(f"{backend} {seconds(step.direct)} s" for backend in ("memory", "disk")
                       for step in [cell(results, backend, "load")] if step is not None)
    memory = ", ".join(f"{backend} {results[backend].get('peak_mb', 0):,.0f} MiB" for backend in BACKENDS
                       if backend in results)
    server = results.get("server", {}).get("server_peak_mb")
    loads = ", ".join(f"{backend} {' → '.join(f'{a[0]:.1f}' for a in results[backend]['load_average'])}"
                      for backend in BACKENDS if backend in results)
    return (f"### {triples:,} triples\n\n{header}" + "\n".join(lines) + "\n\n"
            "Size: rows of a query, nodes of a view, bytes of the viz page. "
            + (f"pyoxigraph's own load: {direct}. " if direct else "")
            + f"Peak memory (ru_maxrss of each worker): {memory}"
            + (f"; the Oxigraph server process {server:,.0f} MiB" if server else "") + ".\n"
            f"Load average (1 min) at the start and end of each worker: {loads}.\n")


def startup_table(found: list[tuple[str, float]]) -> str:
    base = dict(found)
    python, click = base["python -c pass"], base["python -c 'import click'"]
    lines = [f"| {label} | {value * 1000:.1f} | {value / python:.1f} | {value / click:.2f} |" for label, value in found]
    return ("### Start-up (median wall time)\n\n| command | ms | ÷ python -c pass | ÷ import click |\n"
            "|---|---:|---:|---:|\n" + "\n".join(lines) + "\n")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="triples, comma-separated")
    parser.add_argument("--big", type=int, default=10_000_000, help="a size run on disk only (0: none)")
    parser.add_argument("--backends", default=",".join(BACKENDS), help="which backends, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step at most (the fastest counts)")
    parser.add_argument("--timeout", type=int, default=180, help="seconds an rdflib step may take")
    parser.add_argument("--queries", help="only these named queries, comma-separated (default: all)")
    parser.add_argument("--startup-runs", type=int, default=30, help="runs per start-up command (0: skip)")
    parser.add_argument("-o", "--output", type=Path, help="Markdown file for the tables (default: stdout)")
    parser.add_argument("--worker", choices=BACKENDS, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--only-queries", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.data, args.repeat, args.timeout, args.queries and args.queries.split(","),
               args.only_queries)
        return
    say(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    parts = [f"Run on {time.strftime('%Y-%m-%d %H:%M')} with {os.cpu_count()} cores; "
             f"`python bench/run.py {' '.join(argv if argv is not None else sys.argv[1:])}`.\n"]
    if args.startup_runs:
        parts.append(startup_table(startup(args.startup_runs)))
    for triples in (int(size) for size in args.sizes.split(",") if size):
        data = dataset(triples)
        results = {backend: run_worker(backend, data, args) for backend in args.backends.split(",")}
        parts.append(size_table(triples, results))
    if args.big:
        results = {"disk": run_worker("disk", dataset(args.big), args, only_queries=True)}
        parts.append(size_table(args.big, results))
    text = "\n".join(parts)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        say(f"wrote {args.output}")
    else:
        print(text)


if __name__ == "__main__":
    main()
