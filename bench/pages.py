"""Pages at scale (issue 18): page size, first frame and peak memory, before and after, in one run.

    python bench/pages.py                                   # the 1 M-triple file, one browser run each
    python bench/pages.py --data bench/data/national-1m.nt --runs 3 -o bench/RESULTS.md

Each command runs twice on the same file, side by side: as this checkout makes it, and as
the code before issue 18 made it (``--before``, a commit extracted with ``git archive`` into a
temporary folder, run with the same Python). The two runs of a command start at the
same time, each in a fresh process, so that both share whatever load the machine has; their
CPU times and peak memory (``ru_maxrss``) are taken from the kernel (``wait4``). The commands: ``report`` (HTML), ``viz --view actors`` (now with ``--aggregate auto``,
which groups the view only when it has more than ``--max-nodes`` nodes) and
``export --view actors`` as GraphML. Each page is then opened in headless Chromium
(offline, as ``bench/viz_draw.py`` does) for the time to its network's first drawn frame.

With ``-o`` the results replace the section "Pages at scale (issue 18)" of that Markdown
file, placed just below its title.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench_run  # noqa: E402  (bench/run.py: the seeded dataset)
from viz_draw import draw_times  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
#: The last commit before issue 18's pages.
BEFORE = "6feb7c6"
HEADING = "## Pages at scale (issue 18)"
#: The page targets of issue 18 at 1 M triples.
PAGE_MB, FIRST_FRAME_S, MEMORY_MIB = 5.0, 3.0, 1024


@dataclass(frozen=True)
class Run:
    """One command in a fresh process: CPU seconds (user and system), peak resident MiB, bytes written."""

    seconds: float
    mib: float
    size: int


def run(jobs: dict[str, tuple[Path, list[str], Path]]) -> dict[str, Run]:
    """Each job ``lls-kg ARGS -o OUT`` with the package at its ``code``, all at once (so that both sides of a
    comparison share the machine's load); per job its CPU time, peak memory and output size."""
    processes = {}
    for name, (code, args, out) in jobs.items():
        env = {**os.environ, "PYTHONPATH": str(code), "LLS_KG_LANG": "nn"}
        processes[name] = subprocess.Popen([sys.executable, "-m", "lls_kg", *args, "-q", "-o", str(out)], env=env,
                                           cwd=code, stderr=subprocess.DEVNULL)  # -m reads the working folder first
    done = {}
    for name, process in processes.items():
        _, status, usage = os.wait4(process.pid, 0)
        code, args, out = jobs[name]
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"pages: lls-kg {' '.join(args)} failed (exit {os.waitstatus_to_exitcode(status)})")
        done[name] = Run(usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.stat().st_size)
    return done


def first_frame(page: Path, runs: int) -> float | None:
    """The median first frame of ``page`` in headless Chromium; None when it took over viz_draw's 120 s."""
    from playwright.sync_api import TimeoutError as Late

    try:
        return statistics.median(first for first, _ in draw_times(page, runs))
    except Late:
        return None


def before(ref: str, into: Path) -> Path:
    """The package as commit ``ref`` had it, with its ontology and graph, extracted into ``into``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "lls_kg", "ontology", "graph"], check=True,
                             capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


#: name -> what it runs (before and now), what it adds now, the file it writes. The generated graph holds many city
#: regions, which the commands now take together only when told (``--region all``, issue 15).
COMMANDS = {
    "report": (["report", "--date", "2026-01-02"], ["--region", "all"], "report.html"),
    "viz": (["viz", "--view", "actors"], ["--region", "all", "--aggregate", "auto"], "actors.html"),
    "export": (["export", "--view", "actors", "--format", "graphml"], ["--region", "all"], "actors.graphml"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="the graph to load (default: bench/data/national-1000000.nt, "
                                                   "generated if missing)")
    parser.add_argument("--before", default=BEFORE, help=f"the commit to compare with (default {BEFORE})")
    parser.add_argument("--commands", default=",".join(COMMANDS),
                        help=f"which commands, comma-separated (default {','.join(COMMANDS)})")
    parser.add_argument("--runs", type=int, default=1, help="browser runs per page (default 1)")
    parser.add_argument("-o", "--output", type=Path, help="Markdown file whose section to replace")
    parser.add_argument("--keep", type=Path, help="write the pages here instead of a temporary folder")
    args = parser.parse_args()
    args.data = args.data or bench_run.dataset(1_000_000)

    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as temporary:
        folder = (args.keep or Path(temporary)).resolve()
        old_code = before(args.before, Path(tempfile.mkdtemp(dir=temporary)))
        rows = []
        for name in args.commands.split(","):
            command, new_only, file = COMMANDS[name]
            jobs = {label: (code, [*command, *extra, "--no-default", "--data", str(args.data.resolve())],
                             folder / label / file)
                    for label, code, extra in (("before", old_code, []), ("now", ROOT, new_only))}
            for _, _, out in jobs.values():
                out.parent.mkdir(parents=True, exist_ok=True)
            measured = {}
            for label, done in run(jobs).items():
                out = jobs[label][2]
                first = first_frame(out, args.runs) if out.suffix == ".html" else None
                measured[label] = (done, first)
                print(f"{name} ({label}): {done.seconds:.1f} s, {done.mib:,.0f} MiB, {done.size / 1e6:.2f} MB"
                      + (f", first frame {first:.2f} s" if first is not None else ""), flush=True)
            rows.append((name if name == "report" else " ".join(command[:3]), measured))
        written = sorted(p.name for p in (folder / "now").iterdir() if p.suffix == ".csv")
    section = _section(args, rows, written, load, os.getloadavg()[0])
    print(section)
    if args.output:
        _replace(args.output, section)


def _section(args: argparse.Namespace, rows: list, written: list[str], load: float, after: float) -> str:
    """The results as the Markdown section of RESULTS.md."""
    lines = [HEADING, "",
             f"Run on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with {os.cpu_count()} cores, load average "
             f"(1 min) {load:.1f} at the start and {after:.1f} at the end; `python bench/pages.py --data "
             f"{args.data.name} --commands {args.commands} --runs {args.runs}` "
             f"({args.data.stat().st_size / 1e6:.0f} MB of N-Triples). "
             f"\"before\" is commit {args.before}, \"now\" this checkout, both at once, each in a fresh process; "
             "first frame: median time from navigation start to the network's first drawn frame in headless "
             "Chromium, offline.", "",
             "| command | size before | size now | now ÷ before | first frame before | first frame now | "
             "peak MiB before | peak MiB now | CPU s before | CPU s now |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, measured in rows:
        (old, old_frame), (new, new_frame) = measured["before"], measured["now"]
        frame = (lambda value: f"{value:.2f} s" if value is not None else "–" if name.startswith("export") else "> 120 s")
        lines.append(f"| {name} | {old.size / 1e6:.2f} MB | {new.size / 1e6:.2f} MB | {new.size / old.size:.2f} | "
                     f"{frame(old_frame)} | {frame(new_frame)} | {old.mib:,.0f} | {new.mib:,.0f} | "
                     f"{old.seconds:.1f} | {new.seconds:.1f} |")
    peak = max(m["now"][0].mib for _, m in rows)
    held = {True: "holds", False: "misses"}
    lines += ["", f"Targets of issue 18 (set for 1 M triples), on this file: peak memory ≤ 1 GiB: "
              f"**{held[peak <= MEMORY_MIB]}** ({peak:,.0f} MiB, the largest of the commands now)"]
    for name, measured in rows[:1] if rows[0][0].startswith("report") else []:
        page, first = measured["now"]
        lines[-1] += (f"; report page ≤ {PAGE_MB:g} MB: **{held[page.size <= PAGE_MB * 1e6]}** "
                      f"({page.size / 1e6:.2f} MB); first frame ≤ {FIRST_FRAME_S:g} s: "
                      f"**{held[first is not None and first <= FIRST_FRAME_S]}** ({first:.2f} s)")
    lines[-1] += "."
    if written:
        lines += ["", "The report now writes beside its page the sections it cuts: "
                  + ", ".join(f"`{n}`" for n in written) + "."]
    lines.append("")
    return "\n".join(lines)


def _replace(path: Path, section: str) -> None:
    """Put ``section`` just below the title of ``path``, replacing an earlier one."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(rf"{re.escape(HEADING)}\n.*?(?=^## |\Z)", "", text, flags=re.S | re.M)
    title, _, rest = text.partition("\n")
    path.write_text(f"{title}\n\n{section}\n{rest.lstrip(chr(10))}", encoding="utf-8")


if __name__ == "__main__":
    main()
