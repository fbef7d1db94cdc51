"""``lls-kg import`` of seeded sheets, this checkout beside another (say main), at several sizes, in one run.

    git archive main | tar -x -C /tmp/main-checkout
    python bench/import18.py --before /tmp/main-checkout --rows 10000,20000,50000,100000

Each size's sheets (``bench/sheets.py``: half new projects, half their owners) are imported by the
other checkout and then by this one, each into a fresh file with the shipped graph, as a user runs
``lls-kg import`` (:func:`issue18.timed_command`: wall time and GNU time's peak memory); the
1-minute load average is read before and after each import. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import issue18  # noqa: E402
import run  # noqa: E402
import sheets  # noqa: E402


def imported(root: Path, files: list[Path], folder: Path, timeout: int) -> dict[str, Any]:
    """``lls-kg import FILES`` by the checkout ``root`` into a fresh file in ``folder``."""
    load = issue18.load_average()
    found = issue18.timed_command(["import", *map(str, files), "--into", f"{folder}/imported.ttl", "--home",
                                   f"{folder}/home", "-q"], timeout, root)
    found["load_average"] = (load, issue18.load_average())
    found["written"] = (folder / "imported.ttl").is_file()
    return found


def cell(result: dict[str, Any], count: int) -> str:
    seconds = result["seconds"]
    if seconds is None:
        return "stopped | – | – | –"
    return (f"{seconds:.1f} | {count / seconds:,.0f} | {result['peak_mb']:,.0f} | "
            + " → ".join(f"{a:.1f}" for a in result["load_average"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="the other checkout (its lls_kg is imported)")
    parser.add_argument("--rows", default="10000,20000,50000,100000", help="sizes, comma-separated")
    parser.add_argument("--timeout", type=int, default=900, help="seconds an import may take")
    args = parser.parse_args()
    started = time.strftime("%Y-%m-%d %H:%M")
    lines = ["| rows | before s | rows/s | peak MiB | load | after s | rows/s | peak MiB | load | after ÷ before |",
             "|---:|---:|---:|---:|---|---:|---:|---:|---|---:|"]
    for count in (int(n) for n in args.rows.split(",")):
        with tempfile.TemporaryDirectory(prefix="bench-import18-") as folder:
            files = sheets.write(count, Path(folder) / "sheets")
            results = []
            for root, name in ((args.before.resolve(), "before"), (HERE.parent, "after")):
                (Path(folder) / name).mkdir()
                results.append(imported(root, files, Path(folder) / name, args.timeout))
                run.say(f"{name} {count}: {results[-1]['seconds']} s, exit {results[-1]['code']}, "
                        f"written {results[-1]['written']}")
        before, after = results
        ratio = f"{after['seconds'] / before['seconds']:.2f}" if before["seconds"] and after["seconds"] else "–"
        lines.append(f"| {count:,} | {cell(before, count)} | {cell(after, count)} | {ratio} |")
    print(f"Run {started}–{time.strftime('%H:%M')} UTC on {os.cpu_count()} cores: "
          f"`python bench/import18.py {' '.join(sys.argv[1:])}`\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
