"""A named query as it was at a git revision beside today's text, on one pyoxigraph store: same rows, and how fast.

    python bench/shapes.py --data /tmp/n100k.nt --base 06e11a2 pairs cross_border

A rewritten query shape must give the rows the old one gave, in the same order; only a
GROUP_CONCAT's items may come in another order (SPARQL leaves it open), so they are compared as
sorted lists. pyoxigraph alone loads the ontology and the graph once, in memory; then the old and
the new text run interleaved, every solution read, ``--repeat`` times each, and the fastest of each
counts, so the ratio holds on a shared machine. The result is a Markdown table on stdout.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import run  # noqa: E402  (bench/run.py: the raw pyoxigraph store and the progress lines)

QUERIES = HERE.parent / "lls_kg" / "sparql" / "queries"
#: ``GROUP_CONCAT(DISTINCT ?x; separator="; ") AS ?name``: the separator and the column.
CONCAT = re.compile(r'GROUP_CONCAT\([^;)]*;\s*separator\s*=\s*"([^"]*)"\)\s+AS\s+\?(\w+)', re.IGNORECASE)


def old_text(name: str, base: str) -> str:
    """The query ``name`` as it was at revision ``base``."""
    path = (QUERIES / f"{name}.rq").relative_to(QUERIES.parents[2])
    return subprocess.run(["git", "show", f"{base}:{path}"], capture_output=True, text=True, check=True,
                          cwd=QUERIES).stdout


def answer(store: Any, text: str) -> tuple[float, list[tuple[str, ...]]]:
    """Seconds pyoxigraph takes to answer ``text`` (every solution read), and the rows, GROUP_CONCATs sorted."""
    from lls_kg.namespaces import PREFIXES

    joined = {name: separator for separator, name in CONCAT.findall(text)}
    started = time.perf_counter()
    solutions = store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
    names = [variable.value for variable in solutions.variables]
    rows = [tuple(solution) for solution in solutions]
    seconds = time.perf_counter() - started
    return seconds, [tuple(_cell(term, joined.get(name)) for term, name in zip(row, names)) for row in rows]


def _cell(term: Any, separator: str | None) -> str:
    if term is None:
        return ""
    return separator.join(sorted(term.value.split(separator))) if separator else str(term)


def compare(store: Any, name: str, base: str, repeat: int) -> str:
    """One table row: ``name`` at ``base`` and today, fastest of ``repeat`` each, interleaved."""
    texts = {"old": old_text(name, base), "new": (QUERIES / f"{name}.rq").read_text(encoding="utf-8")}
    times: dict[str, list[float]] = {"old": [], "new": []}
    rows: dict[str, list[tuple[str, ...]]] = {}
    for _ in range(repeat):
        for which, text in texts.items():
            seconds, rows[which] = answer(store, text)
            times[which].append(seconds)
            run.say(f"{name} ({which}): {seconds:.3f} s, {len(rows[which])} rows")
    old, new = min(times["old"]), min(times["new"])
    same = "yes" if rows["old"] == rows["new"] else "**no**"
    return f"| {name} | {len(rows['old'])} | {len(rows['new'])} | {same} | {old:.3f} | {new:.3f} | {old / new:.0f}× |"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="+", help="named queries to compare")
    parser.add_argument("--data", type=Path, required=True, help="the graph (N-Triples or Turtle)")
    parser.add_argument("--base", required=True, help="the git revision of the old texts")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each text (the fastest counts)")
    args = parser.parse_args(argv)
    from lls_kg.store.files import select

    store = run.ox_store()
    for path in select([args.data], default=False):
        store.bulk_load(path=str(path), format=run.ox_format(path))
    print(f"`python bench/shapes.py --data {args.data.name} --base {args.base} --repeat {args.repeat} "
          f"{' '.join(args.names)}` ({len(store):,} triples with the ontology)\n")
    print("| query | rows (old) | rows (new) | same rows, same order | old s | new s | old ÷ new |")
    print("|---|---:|---:|---|---:|---:|---:|")
    for name in args.names:
        print(compare(store, name, args.base, args.repeat), flush=True)


if __name__ == "__main__":
    main()
