"""Start-up of two checkouts side by side in one run: ``import lls_kg.api`` and three commands, best of N.

    git archive main | tar -x -C /tmp/main-checkout
    python bench/startup18.py --tree before=/tmp/main-checkout --runs 5

This checkout is ``after``, the second column; more ``--tree LABEL=DIR`` add columns. Each command runs with ``PYTHONPATH`` set to
the checkout and bytecode caches written first, as an installed package has them; the checkouts take turns
within each round so that the machine's load falls on both. The importtime is the cumulative microseconds
``python -X importtime`` reports for ``lls_kg.api``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def commands(data: Path | None) -> dict[str, list[str] | None]:
    """Label -> command line (None: the importtime of ``lls_kg.api``); ``analyse`` of ``data`` unless it is None.
    Issue 18 set start-up against ``python -c pass`` and a bare ``import click``."""
    lls_kg = [sys.executable, "-m", "lls_kg"]
    measured: dict[str, list[str] | None] = {
        "importtime lls_kg.api": None,
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import click'": [sys.executable, "-c", "import click"],
        "lls-kg --help": [*lls_kg, "--help"],
        "lls-kg owners (shipped graph)": [*lls_kg, "owners"]}
    if data is not None:
        measured[f"lls-kg analyse --region all --data {data.name} -q"] = [*lls_kg, "analyse", "--region", "all",
                                                                          "--data", str(data), "-q"]
    return measured


def _env(tree: Path) -> dict[str, str]:
    kept = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return {**kept, "PYTHONPATH": str(tree)}


def importtime(tree: Path) -> float:
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", "import lls_kg.api"], env=_env(tree), cwd=tree,
                          capture_output=True, text=True, check=True)
    line = next(line for line in done.stderr.splitlines() if line.rstrip().endswith("| lls_kg.api"))
    return int(line.split("|")[1]) / 1e6


def wall(tree: Path, command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=_env(tree), cwd=tree, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tree", action="append", default=[], metavar="LABEL=DIR", help="another checkout")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "data" / "national-1000000.nt")
    parser.add_argument("--analyse", action=argparse.BooleanOptionalAction, default=True,
                        help="also time analyse of --data (--no-analyse for a checkout older than --region)")
    args = parser.parse_args()
    given = [(label, Path(folder).resolve()) for label, folder in (tree.split("=", 1) for tree in args.tree)]
    trees = dict([*given[:1], ("after", ROOT), *given[1:]])
    measured = commands(args.data.resolve() if args.analyse else None)
    for tree in trees.values():  # the bytecode caches
        wall(tree, [sys.executable, "-m", "lls_kg", "owners"])
    best = {(name, label): float("inf") for name in measured for label in trees}
    print(f"load average at the start: {os.getloadavg()[0]:.2f}")
    for run in range(args.runs):
        order = list(trees.items()) if run % 2 == 0 else list(reversed(trees.items()))
        for name, command in measured.items():
            for label, tree in order:
                took = importtime(tree) if command is None else wall(tree, command)
                best[(name, label)] = min(best[(name, label)], took)
    print(f"load average at the end: {os.getloadavg()[0]:.2f}\n")
    labels = list(trees)
    print(f"| best of {args.runs}, s | " + " | ".join(labels) + " | " + " | ".join(
        f"{label} ÷ {labels[0]}" for label in labels[1:]) + " |")
    print("|---" * (2 * len(labels)) + "|")
    for name in measured:
        first = best[(name, labels[0])]
        print(f"| {name} | " + " | ".join(f"{best[(name, label)]:.3f}" for label in labels) + " | "
              + " | ".join(f"{best[(name, label)] / first:.2f}" for label in labels[1:]) + " |")


if __name__ == "__main__":
    main()
