"""The engine's ORDER BY beside Python's (lls_kg/sparql/order.py), on an on-disk Oxigraph store: time and memory.

    python bench/order.py --store /tmp/kg10m goal_activities owners vague

Each named query is answered as text twice, each in a process of its own, one after the other, ``--repeat``
times: with its ``ORDER BY`` (the engine sorts, and reads from RocksDB every string it compares), and as
:func:`lls_kg.sparql.text_answer` asks it (without, then sorted in Python). The answer cache is off. The fastest
run of each counts, with its peak memory (the process's, from the kernel); both give the same rows, ordered alike
on the keys. The result is a Markdown table on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

#: One measurement, in a process of its own: the store, the query, "engine" or "python".
_ONE = """
import json, resource, sys, time
from lls_kg.sparql import load_named, text_answer
from lls_kg.sparql.order import in_python
from lls_kg.store import open_store, texts
store, name, how = open_store("oxigraph:" + sys.argv[1]), sys.argv[2], sys.argv[3]
started = time.perf_counter()
answer = texts(store, load_named(name).text) if how == "engine" else text_answer(store, name)
seconds = time.perf_counter() - started
keys = in_python(load_named(name).text).keys or ()
order = [tuple(row[answer.vars.index(var)] or default for var, default in keys) for row in answer.rows]
print(json.dumps({"seconds": seconds, "mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rows": hash(tuple(sorted(map(repr, answer.rows)))),
                  "count": len(answer.rows), "order": hash(tuple(order))}))
"""


def measured(store: Path, name: str, how: str) -> dict[str, float]:
    """One answer of ``name``, sorted by ``how``, in a fresh process with no answer cache."""
    done = subprocess.run([sys.executable, "-c", _ONE, str(store), name, how], capture_output=True, text=True,
                          check=True, env={**os.environ, "LLS_KG_CACHE": "off", "PYTHONHASHSEED": "0",
                                           "PYTHONPATH": str(HERE.parent)})
    return json.loads(done.stdout)


def row(store: Path, name: str, repeat: int) -> str:
    """The table row of ``name``: the fastest run of each way, and whether they agree."""
    runs: dict[str, list[dict[str, float]]] = {"engine": [], "python": []}
    for _ in range(repeat):
        for how in runs:
            runs[how].append(measured(store, name, how))
            print(f"bench: {name} ({how}): {runs[how][-1]['seconds']:.1f} s", file=sys.stderr, flush=True)
    engine, python = (min(runs[how], key=lambda run: run["seconds"]) for how in runs)
    same = all(engine[key] == python[key] for key in ("rows", "count", "order"))
    return (f"| {name} | {int(engine['count']):,} | {'yes' if same else '**no**'} | {engine['seconds']:.1f} | "
            f"{python['seconds']:.1f} | {engine['seconds'] / python['seconds']:.2f}× | {engine['mib']:,.0f} | "
            f"{python['mib']:,.0f} |")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="+", help="named queries whose ORDER BY Python does")
    parser.add_argument("--store", type=Path, required=True, help="an on-disk Oxigraph store (lls-kg load)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each way (the fastest counts)")
    args = parser.parse_args(argv)
    print(f"`python bench/order.py --store {args.store} --repeat {args.repeat} {' '.join(args.names)}`\n")
    print("| query | rows | same rows, same order | engine sorts, s | Python sorts, s | ratio | engine, MiB | "
          "Python, MiB |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    for name in args.names:
        print(row(args.store, name, args.repeat), flush=True)


if __name__ == "__main__":
    main()
