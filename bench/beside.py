"""An answer read as text alone, and beside a thread busy in Python, as a view build is while answers are asked ahead.

    python bench/beside.py --store /tmp/kg1m goal_activities owners

Each named query (without the ORDER BY Python does: :func:`lls_kg.sparql.order.in_python`) is read as text from an
on-disk Oxigraph store two ways, alone and while another thread runs Python: as lls-kg reads it (Oxigraph writes
the answer whole as CSV, without Python's lock: :func:`lls_kg.store.embedded.read_texts`), and row by row, as it
read it before (the lock taken back for every row). The answer cache is not used. The result is a Markdown table.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import pyoxigraph as ox  # noqa: E402

from lls_kg.namespaces import PREFIXES  # noqa: E402
from lls_kg.sparql import load_named  # noqa: E402
from lls_kg.sparql.order import in_python  # noqa: E402
from lls_kg.store.embedded import read_texts  # noqa: E402


def row_by_row(answer: Any) -> int:
    """The rows as lls-kg read them before: each solution taken from Oxigraph in turn."""
    return len([tuple(None if term is None else term.value for term in row) for row in answer])


def as_csv(answer: Any) -> int:
    """The rows as lls-kg reads them."""
    return len(read_texts(answer).rows)


@contextmanager
def busy() -> Iterator[None]:
    """Another thread running Python meanwhile."""
    stop = threading.Event()

    def spin() -> None:
        while not stop.is_set():
            sum(range(1000))

    spinner = threading.Thread(target=spin)
    spinner.start()
    try:
        yield
    finally:
        stop.set()
        spinner.join()


def seconds(store: Any, text: str, read: Callable[[Any], int]) -> tuple[float, int]:
    started = time.perf_counter()
    rows = read(store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True))
    return time.perf_counter() - started, rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="+", help="named queries")
    parser.add_argument("--store", type=Path, required=True, help="an on-disk Oxigraph store (lls-kg load)")
    args = parser.parse_args(argv)
    store = ox.Store.read_only(str(args.store))
    print(f"`python bench/beside.py --store {args.store} {' '.join(args.names)}`\n")
    print("| query | rows | as CSV, alone | as CSV, beside | row by row, alone | row by row, beside |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in args.names:
        text, cells = in_python(load_named(name).text).text, []
        for read in (as_csv, row_by_row):
            alone, rows = seconds(store, text, read)
            with busy():
                beside, _ = seconds(store, text, read)
            cells += [f"{alone:.2f} s", f"{beside:.2f} s"]
            print(f"bench: {name} ({read.__name__}): {alone:.2f} s alone, {beside:.2f} s beside", file=sys.stderr,
                  flush=True)
        print(f"| {name} | {rows:,} | {' | '.join(cells)} |", flush=True)


if __name__ == "__main__":
    main()
