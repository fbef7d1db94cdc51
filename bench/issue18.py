"""Issue 18's speed targets at one size, side by side, in well under 20 minutes at a million triples.

    python bench/issue18.py                                    # 1 M triples, import of 10 k and 100 k rows
    python bench/issue18.py --data /tmp/national-1000000.nt --rows 10000 -o /tmp/r.md
    python bench/issue18.py --rows "" --parts queries --only documents,lessons   # two named queries alone

Each number is taken beside the one it is compared with, in the same run:

- **load**: pyoxigraph alone bulk-loads the ontology and the graph in this process (the fastest of
  two: one before the commands, one after), the yardstick of ``report`` and ``analyse``;
- **commands**: ``lls-kg report`` and ``lls-kg analyse`` as a user runs them, each from memory
  (``--data``), then from an on-disk store (``lls-kg load`` first) with its answer cache emptied (*cold*:
  the engine answers), then again at once (*warm*: the answers kept by the cold run, lls_kg/store/cache.py);
  wall time and peak memory (GNU time's ``%M``);
- **named queries**: every query of ``lls-kg queries`` through lls-kg's layer (``Store.query``, every
  solution read; and again with its rows read as rdflib terms) and the same SPARQL in raw pyoxigraph
  (every solution read), interleaved on one store, the fastest of ``--repeat`` runs or more (up to 30
  within a second, for the millisecond ones); in memory and on disk;
- **import**: ``lls-kg import`` of seeded sheets (``bench/sheets.py``: half new projects, half their
  owners) into a fresh file, with the shipped graph; wall time, rows per second, peak memory.

The 1-minute load average is read before and after each part: the machine is shared, so ratios
taken side by side are what hold, and absolute times are only as good as the load beside them.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import run  # noqa: E402  (bench/run.py: the dataset, the timing and the raw pyoxigraph reading)
import sheets  # noqa: E402

from lls_kg.store import cache  # noqa: E402

#: GNU time, which measures a command's peak memory (Debian's package ``time``).
TIME = "/usr/bin/time"
#: The date the report names, so runs compare like with like.
DATE = "2026-11-30"
#: Targets of issue 18 that this script measures: (what, limit).
REPORT_LIMIT, ANALYSE_LIMIT, DISK_LIMIT, QUERY_LIMIT, IMPORT_LIMIT = 6.0, 3.0, 1.3, 1.2, 60.0


def load_average() -> float:
    return os.getloadavg()[0]


def timed_command(arguments: list[str], timeout: int, root: Path = HERE.parent) -> dict[str, Any]:
    """``lls-kg ARGUMENTS`` in a child process (the package of the checkout ``root``): wall seconds, peak MiB, exit
    code (None: stopped at ``timeout``).

    The peak is GNU time's ``%M`` of the command: a child forked from this process inherits its high-water
    mark (a loaded store's), so the child's own ``ru_maxrss`` would overstate it.
    """
    env = {**{key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"},
           "PYTHONPATH": str(root)}  # bytecode caches written (by the first run) and read, as an installed package has
    started = time.perf_counter()
    process = subprocess.Popen([TIME, "-f", "peak-kb %M", sys.executable, "-m", "lls_kg", *arguments],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=root,
                               start_new_session=True)
    deadline = started + timeout
    while True:
        pid, status = os.waitpid(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            os.killpg(process.pid, signal.SIGKILL)  # GNU time and the command under it
            os.waitpid(process.pid, 0)
            return {"seconds": None, "peak_mb": 0.0, "code": None}
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode(errors="replace").strip().splitlines() if process.stderr else []
    peak = next((int(line.split()[1]) for line in reversed(error) if line.startswith("peak-kb ")), 0)
    if process.returncode not in (0, 1):
        run.say(f"lls-kg {' '.join(arguments[:2])} exited with {process.returncode}: {error[-2:]}")
    return {"seconds": seconds, "peak_mb": peak / 1024, "code": process.returncode}


def pyoxigraph_load(files: list[Path]) -> float:
    """Seconds pyoxigraph alone takes to bulk-load ``files`` into memory."""
    started = time.perf_counter()
    store = run.ox_store()
    for path in files:
        store.bulk_load(path=str(path), format=run.ox_format(path))
    seconds = time.perf_counter() - started
    del store
    return seconds


def commands(data: Path, disk: Path, runs: int, timeout: int) -> dict[tuple[str, str], dict[str, Any]]:
    """``report`` and ``analyse`` from memory, from disk cold and from disk warm, in turn, the fastest of ``runs``
    each, on every region of the generated graph together (``--region all``)."""
    sources = {"memory": ["--no-default", "--data", str(data)], "disk": ["--store", f"oxigraph:{disk}"],
               "disk, warm": ["--store", f"oxigraph:{disk}"]}
    found: dict[tuple[str, str], dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="bench18-") as folder:
        for _ in range(runs):
            for command in ("report", "analyse"):
                extra = ["--date", DATE, "-o", f"{folder}/report.html"] if command == "report" else []
                for where, source in sources.items():
                    if where == "disk":
                        shutil.rmtree(os.environ[cache.VARIABLE], ignore_errors=True)  # cold: answers from the engine
                    load = load_average()
                    result = timed_command([command, "--region", "all", *source, *extra], timeout)
                    result["load_average"] = (load, load_average())
                    run.say(f"{command} ({where}): {result['seconds']} s, {result['peak_mb']:.0f} MiB")
                    best = found.get((command, where))
                    if best is None or (result["seconds"] or 1e9) < (best["seconds"] or 1e9):
                        found[command, where] = result
    return found


#: Runs of a named query that takes a few milliseconds: the fastest of many is steady where three are not.
QUICK_RUNS, QUICK_BUDGET = 30, 1.0
Timings = tuple[float, float, float, int]


def quickest(raw: Any, ours: Any, rows: Any, repeat: int) -> tuple[float, float, float, Any]:
    """The fastest of interleaved runs of ``raw``, ``ours`` and ``rows``: ``repeat`` runs at least, up to
    :data:`QUICK_RUNS` while they fit in :data:`QUICK_BUDGET` seconds; and the last result of ``ours``."""
    times: list[list[float]] = [[], [], []]
    results: list[Any] = []
    while len(times[0]) < repeat or (len(times[0]) < QUICK_RUNS and sum(map(sum, times)) < QUICK_BUDGET):
        results = []
        for kept, step in zip(times, (raw, ours, rows)):
            started = time.perf_counter()
            results.append(step())
            kept.append(time.perf_counter() - started)
    return min(times[1]), min(times[0]), min(times[2]), results[1]


def queries(files: list[Path], disk: Path, repeat: int, skip: Sequence[str] = (),
            only: Sequence[str] = ()) -> dict[str, dict[str, Timings]]:
    """Every named query, ours and raw pyoxigraph, in memory and on disk: name -> where -> (ours, raw, ours with
    its rows read as rdflib terms, rows).

    *Ours* is ``Store.query``, which runs the query and reads every solution in the engine's terms, as the raw
    run does; *with rows* also reads ``Result.rows``, where the rdflib terms are made (issue 18's item 2).
    """
    from lls_kg.store import OxigraphStore

    found: dict[str, dict[str, Timings]] = {}
    stores = {"memory": lambda: OxigraphStore.from_files(files), "disk": lambda: OxigraphStore.open(disk)}
    for where, opened in stores.items():
        for name, timings in _each_query(opened(), repeat, skip, only).items():  # one store open at a time
            found.setdefault(name, {})[where] = timings
        run.say(f"named queries ({where}) done")
    return found


def _each_query(store: Any, repeat: int, skip: Sequence[str], only: Sequence[str]) -> dict[str, Timings]:
    """Every named query (but ``skip``; only ``only``, if given) on ``store``, ours beside raw: name -> timings."""
    from lls_kg.sparql import list_named

    raw = store._store  # the same pyoxigraph store, queried without lls-kg's layer
    timed = {}
    for query in (q for q in list_named(internal=False) if q.name not in skip and (not only or q.name in only)):
        bindings = run.bound(store, query.name)
        ours, theirs, rows, result = quickest(lambda: run.read_directly(raw, query.text, bindings),
                                              lambda: store.query(query.text, bindings),
                                              lambda: store.query(query.text, bindings).rows, repeat)
        timed[query.name] = (ours, theirs, rows, len(result.rows))
    return timed


def imports(counts: list[int], timeout: int) -> dict[int, dict[str, Any]]:
    """``lls-kg import`` of ``count`` rows into a fresh file, for each count."""
    found = {}
    for count in counts:
        with tempfile.TemporaryDirectory(prefix="bench18-import-") as folder:
            files = sheets.write(count, Path(folder) / "sheets")
            load = load_average()
            result = timed_command(["import", *map(str, files), "--into", f"{folder}/imported.ttl", "--home",
                                    f"{folder}/home", "-q"], timeout)
            result["load_average"] = (load, load_average())
            result["written"] = Path(f"{folder}/imported.ttl").is_file()
            run.say(f"import {count}: {result['seconds']} s, {result['peak_mb']:.0f} MiB, exit {result['code']}")
            found[count] = result
    return found


def _s(value: float | None) -> str:
    return "stopped" if value is None else run.seconds(value)


def _held(value: float | None, limit: float) -> str:
    return "–" if value is None else ("**holds**" if value <= limit else "**missed**")


Part = tuple[list[str], list[str]]  # a part's Markdown table, and its rows of the targets' table


def tables(triples: int, load: float, found: dict[tuple[str, str], dict[str, Any]],
           answered: dict[str, dict[str, Timings]], imported: dict[int, dict[str, Any]]) -> str:
    """The Markdown tables of the parts measured, and the targets that hold."""
    lines = [f"pyoxigraph alone loads the ontology and the {triples:,} triples in **{load:.2f} s** (this process)."]
    targets = []
    for table, held in (_commands(load, found), _queries(answered), _imports(imported)):
        lines += ["", *table] if table else []
        targets += held
    return "\n".join(["| target (issue 18) | measured | |", "|---|---|---|", *targets, "", *lines]) + "\n"


def _commands(load: float, found: dict[tuple[str, str], dict[str, Any]]) -> Part:
    """``report`` and ``analyse`` from memory, disk cold and disk warm, against pyoxigraph's ``load``."""
    if not found:
        return [], []
    lines = ["| command | memory s | ÷ pyoxigraph load | peak MiB | disk cold s | cold ÷ memory | peak MiB | "
             "disk warm s | warm ÷ memory | peak MiB | load average (memory; cold; warm) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    targets = []
    for command, limit in ((c, limit) for c, limit in (("report", REPORT_LIMIT), ("analyse", ANALYSE_LIMIT))
                           if (c, "memory") in found):
        memory, cold, warm = (found.get((command, where), {}) for where in ("memory", "disk", "disk, warm"))
        m = memory.get("seconds")
        loads = "; ".join(" → ".join(f"{a:.1f}" for a in r.get("load_average", ())) for r in (memory, cold, warm))
        disk = " | ".join(f"{_s(r.get('seconds'))} | {run.ratio(r.get('seconds'), m)} | {r.get('peak_mb', 0):,.0f}"
                          for r in (cold, warm))
        lines.append(f"| {command} | {_s(m)} | {run.ratio(m, load)} | {memory.get('peak_mb', 0):,.0f} | {disk} | "
                     f"{loads} |")
        targets.append(f"| `{command}` in memory ≤ {limit:g}× pyoxigraph's load | {run.ratio(m, load)}× | "
                       f"{_held(m / load if m else None, limit)} |")
        for what, r in (("cold (answers from the engine)", cold), ("warm (answers kept by the cold run)", warm)):
            d = r.get("seconds")
            targets.append(f"| `{command}` from disk, {what}, ≤ {DISK_LIMIT}× memory | {run.ratio(d, m)}× | "
                           f"{_held(d / m if d and m else None, DISK_LIMIT)} |")
    peak = max(r.get("peak_mb", 0) for r in found.values())
    targets.append(f"| peak memory of any command ≤ 1 GiB | {peak:,.0f} MiB | {_held(peak, 1024)} |")
    return lines, targets


def _queries(answered: dict[str, dict[str, Timings]]) -> Part:
    """Every named query, ours and with its rows read as rdflib terms, against raw pyoxigraph."""
    if not answered:
        return [], []
    lines = ["| named query | rows | memory s | pyoxigraph s | ours ÷ raw | with rows ÷ raw | disk s | "
             "pyoxigraph (disk) s | ours ÷ raw | with rows ÷ raw | disk ÷ memory |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    ratios: dict[str, list[float]] = {"ours": [], "with rows": []}
    for name, where in sorted(answered.items()):
        m, d = where["memory"], where["disk"]
        ratios["ours"] += [m[0] / m[1], d[0] / d[1]]
        ratios["with rows"] += [m[2] / m[1], d[2] / d[1]]
        lines.append(f"| {name} | {m[3]} | {m[0]:.4f} | {m[1]:.4f} | {m[0] / m[1]:.2f} | {m[2] / m[1]:.2f} | "
                     f"{d[0]:.4f} | {d[1]:.4f} | {d[0] / d[1]:.2f} | {d[2] / d[1]:.2f} | {d[0] / m[0]:.2f} |")
    targets = [f"| every named query ≤ {QUERY_LIMIT}× raw pyoxigraph (memory and disk; {what}) | "
               f"worst {max(taken):.2f}×, median {statistics.median(taken):.2f}× | {_held(max(taken), QUERY_LIMIT)} |"
               for what, taken in ratios.items()]
    return lines, targets


def _imports(imported: dict[int, dict[str, Any]]) -> Part:
    """``lls-kg import`` at each size, against the time limit from 100,000 rows up."""
    if not imported:
        return [], []
    lines = ["| import rows | seconds | rows per second | peak MiB | written | load average |",
             "|---:|---:|---:|---:|---|---|"]
    targets = []
    for count, result in imported.items():
        seconds = result["seconds"]
        lines.append(f"| {count:,} | {_s(seconds)} | {count / seconds if seconds else 0:,.0f} | "
                     f"{result['peak_mb']:,.0f} | {'yes' if result['written'] else 'no'} | "
                     f"{' → '.join(f'{a:.1f}' for a in result['load_average'])} |")
        if count >= 100_000:
            targets.append(f"| `import` of {count:,} rows ≤ {IMPORT_LIMIT:g} s | {_s(seconds)} s | "
                           f"{_held(seconds, IMPORT_LIMIT)} |")
    return lines, targets


def write(text: str, output: Path | None) -> None:
    """The results to ``output``, else to stdout."""
    if output:
        output.write_text(text, encoding="utf-8")
        run.say(f"wrote {output}")
    else:
        print(text)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="graph size (bench/generate.py makes it)")
    parser.add_argument("--data", type=Path, help="an N-Triples file to use instead of bench/data/national-N.nt")
    parser.add_argument("--rows", default="10000,100000", help="import sizes, comma-separated (empty: none)")
    parser.add_argument("--runs", type=int, default=1, help="runs of each command (the fastest counts)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per named query at most")
    parser.add_argument("--skip", default="", help="named queries to leave out, comma-separated (minutes each)")
    parser.add_argument("--only", default="", help="the named queries to measure, comma-separated (default: all)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds a command or an import may take")
    parser.add_argument("--parts", default="commands,queries",
                        help="what to measure besides the load and the imports, comma-separated: commands, queries")
    parser.add_argument("-o", "--output", type=Path, help="Markdown file for the tables (default: stdout)")
    args = parser.parse_args(argv)
    from lls_kg.store.files import select
    from lls_kg.store.load import load_disk

    data = args.data or run.dataset(args.triples)
    files = select([data], default=False)
    started, load_before = time.strftime("%Y-%m-%d %H:%M"), load_average()
    run.say(f"{os.cpu_count()} cores, load average {load_before:.1f}")
    load = pyoxigraph_load(files)
    with tempfile.TemporaryDirectory(prefix="bench18-disk-") as folder:
        disk = Path(folder) / "kg"
        os.environ[cache.VARIABLE] = f"{folder}/cache"  # the on-disk store's kept answers, never in the user's cache
        load_disk(disk, files)
        parts = args.parts.split(",")
        found = commands(data, disk, args.runs, args.timeout) if "commands" in parts else {}
        answered = (queries(files, disk, args.repeat, args.skip.split(","), [n for n in args.only.split(",") if n])
                    if "queries" in parts else {})
    load = min(load, pyoxigraph_load(files))
    imported = imports([int(n) for n in args.rows.split(",") if n], args.timeout)
    text = (f"Run {started}–{time.strftime('%H:%M')} on {os.cpu_count()} cores: "
            f"`python bench/issue18.py {' '.join(argv if argv is not None else sys.argv[1:])}`; "
            f"load average (1 min) {load_before:.1f} at the start, {load_average():.1f} at the end; "
            f"peak memory of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB.\n\n"
            + tables(int(data.stem.rsplit("-", 1)[-1]), load, found, answered, imported))
    write(text, args.output)


if __name__ == "__main__":
    main()
