"""Issue 18's targets at ten million triples on disk: every command within 2 minutes and 2 GiB, no page over 10 MB.

    python bench/big.py                                   # bench/data/national-10000000.nt, generated if missing
    python bench/big.py --store /tmp/kg10m -o /tmp/big.md  # a store `lls-kg load` built before: no load timed

``lls-kg load`` puts the graph into an on-disk Oxigraph store (timed like every command,
unless ``--store`` names one already loaded); then each command a user runs on a national
graph answers from that store, one after the other, as the user runs it (``--region all``:
every region together), its answer cache empty at the start (lls_kg/store/cache.py: each command
keeps what it asked, and the next ones read it); then the commands that draw views run once more,
on the answers kept. GNU time gives each command's wall time and peak memory; a
command is stopped at ``--timeout`` seconds; every page or file a command writes is
weighed. The machine is shared, so the 1-minute load average is written beside each line.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import issue18  # noqa: E402  (the timing of one command, with its peak memory)
import run  # noqa: E402  (the dataset)
from lls_kg.store import cache  # noqa: E402

#: The targets at ten million triples on disk: seconds, MiB and page MB.
SECONDS, MEBIBYTES, PAGE_MB = 120.0, 2048.0, 10.0
#: The commands whose output is a page (an export's file may be as big as the data).
PAGES = ("report", "viz")
#: The commands run again on the answers the first runs kept.
AGAIN = ("analyse", "report", "viz", "export")
#: The input limit raised for the load: the 10 M file is 1.4 GB (``lls-kg --max-input``).
MAX_INPUT = "4096"


def commands(out: Path) -> list[tuple[str, list[str], Path | None]]:
    """(name, arguments, the file it writes) of each command measured; the store is added to each."""
    return [
        ("owners", ["owners", "--region", "all"], None),
        ("region_facts", ["query", "region_facts", "--region", "all"], None),
        ("analyse", ["analyse", "--region", "all"], None),
        ("report", ["report", "--region", "all", "--date", issue18.DATE, "-o", str(out / "report.html")],
         out / "report.html"),
        ("viz", ["viz", "--view", "actors", "--region", "all", "--aggregate", "auto", "-o", str(out / "viz.html")],
         out / "viz.html"),
        ("export", ["export", "--view", "actors", "--region", "all", "-o", str(out / "actors.graphml")],
         out / "actors.graphml"),
        ("compare", ["compare"], None),
    ]


def measured(name: str, arguments: list[str], written: Path | None, timeout: int) -> dict[str, Any]:
    """One command's seconds, peak MiB, exit code, the size of what it wrote, and the load average around it."""
    before = issue18.load_average()
    result = issue18.timed_command(arguments, timeout)
    result["load_average"] = (before, issue18.load_average())
    result["written_mb"] = written.stat().st_size / 1e6 if written is not None and written.is_file() else None
    run.say(f"{name}: {result['seconds']} s, {result['peak_mb']:.0f} MiB, exit {result['code']}")
    return result


def table(found: dict[str, dict[str, Any]]) -> str:
    """The Markdown table, each line checked against the targets."""
    lines = [f"| command | seconds | peak MiB | exit | written MB | load average | ≤ {SECONDS:g} s, "
             f"≤ {MEBIBYTES / 1024:g} GiB, a page ≤ {PAGE_MB:g} MB |", "|---|---:|---:|---:|---:|---|---|"]
    for name, result in found.items():
        seconds, peak, size = result["seconds"], result["peak_mb"], result["written_mb"]
        held = (seconds is not None and seconds <= SECONDS and peak <= MEBIBYTES and result["code"] == 0
                and (size is None or name.split(",")[0] not in PAGES or size <= PAGE_MB))
        lines.append(f"| {name} | {issue18._s(seconds)} | {peak:,.0f} | {result['code']} | "
                     f"{'–' if size is None else f'{size:.1f}'} | "
                     f"{' → '.join(f'{a:.1f}' for a in result['load_average'])} | "
                     f"{'**holds**' if held else '**missed**'} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=10_000_000, help="graph size (bench/generate.py makes it)")
    parser.add_argument("--data", type=Path, help="an N-Triples file to use instead of bench/data/national-N.nt")
    parser.add_argument("--store", type=Path, help="an on-disk store already loaded with the graph (no load)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds a command may take before it is stopped")
    parser.add_argument("-o", "--output", type=Path, help="Markdown file for the table (default: stdout)")
    args = parser.parse_args(argv)
    started, load_before = time.strftime("%Y-%m-%d %H:%M"), issue18.load_average()
    found: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-big-") as folder:
        out = Path(folder)
        os.environ[cache.VARIABLE] = f"{folder}/cache"  # empty at the start, never the user's cache
        store = args.store
        if store is None:
            data = args.data or run.dataset(args.triples)
            store = out / "kg"
            found["load"] = measured("load", ["--max-input", MAX_INPUT, "load", "--no-default", "--data", str(data),
                                              "--store", f"oxigraph:{store}"], None, args.timeout)
        for name, arguments, written in commands(out):
            found[name] = measured(name, [*arguments, "--store", f"oxigraph:{store}"], written, args.timeout)
        for name, arguments, written in commands(out):
            if name in AGAIN:
                found[f"{name}, again"] = measured(name, [*arguments, "--store", f"oxigraph:{store}"], written,
                                                   args.timeout)
    text = (f"Run {started}–{time.strftime('%H:%M')} on {os.cpu_count()} cores: "
            f"`python bench/big.py {' '.join(argv if argv is not None else sys.argv[1:])}`; load average (1 min) "
            f"{load_before:.1f} at the start, {issue18.load_average():.1f} at the end.\n\n" + table(found))
    issue18.write(text, args.output)


if __name__ == "__main__":
    main()
