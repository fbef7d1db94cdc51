"""Bad input, widened: pipes, devices, big files, far-away cells, other encodings, empty files, non-Latin titles,
and a fuzz test of every reading command: exit 0, 1 (a failed check, its problems listed) or 2 (bad input, one
line on stderr), never a traceback, never a partial output file."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from lls_kg import resources
from lls_kg.cli import cli

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASE = FIXTURES / "sheets" / "base.ttl"
SEED = resources.page_copies_dir() / "lls-byregionprogrammet.txt"


def failed(runner, args: list[str], message: str) -> None:
    """``lls-kg ARGS -q`` exits 2 with one line on stderr that holds ``message``."""
    result = runner.invoke(cli, [*args, "-q"])
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1 and message in lines[0], result.stderr


@pytest.mark.parametrize(("make", "command"), [
    (lambda path: os.mkfifo(path), "data"),
    (lambda path: os.symlink("/dev/zero", path), "data"),
    (lambda path: os.mkfifo(path), "query"),
    (lambda path: os.symlink("/dev/zero", path), "query"),
    (lambda path: os.mkfifo(path), "import"),
    (lambda path: os.mkfifo(path), "extract"),
])
def test_pipes_and_devices_are_refused_not_read(runner, tmp_path: Path, make, command: str) -> None:
    suffix = {"data": ".nt", "query": ".rq", "import": ".csv", "extract": ".txt"}[command]
    path = tmp_path / f"input{suffix}"
    make(path)
    args = {"data": ["stats", "--data", str(path)], "query": ["query", str(path)],
            "import": ["import", str(path), "--dry-run", "--into", str(tmp_path / "x.ttl")],
            "extract": ["extract", str(path)]}[command]
    failed(runner, args, "not a regular file")


def test_a_file_above_the_size_limit_is_refused_and_the_flag_raises_it(runner, tmp_path: Path) -> None:
    big = tmp_path / "big.nt"
    big.write_text("".join(f"<urn:s{n}> <urn:p> \"{'x' * 40}\" .\n" for n in range(30_000)), encoding="utf-8")
    failed(runner, ["--max-input", "1", "stats", "--no-default", "--data", str(big)], "more than the 1 MB")
    assert runner.invoke(cli, ["--max-input", "2", "stats", "--no-default", "--data", str(big)]).exit_code == 0


def test_a_cell_far_away_is_refused_before_the_sheet_is_read(runner, tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active["A1"] = "name"
    workbook.active["XFD1048576"] = "far"
    path = tmp_path / "far.xlsx"
    workbook.save(path)
    failed(runner, ["import", str(path), "--dry-run", "--into", str(tmp_path / "x.ttl")], "more than the 2000000 cells")


def test_a_utf16_csv_is_named_as_such(runner, tmp_path: Path) -> None:
    path = tmp_path / "actors.csv"
    path.write_text("id,name\nx,Sogndal kommune\n", encoding="utf-16")
    failed(runner, ["import", str(path), "--dry-run", "--into", str(tmp_path / "x.ttl")], "UTF-16")


def test_an_empty_csv_is_not_a_silent_success(runner, tmp_path: Path) -> None:
    path = tmp_path / "actors.csv"
    path.write_text("\n\n", encoding="utf-8")
    failed(runner, ["import", str(path), "--dry-run", "--into", str(tmp_path / "x.ttl")], "has no rows")


def test_greek_and_cyrillic_titles_give_regions_of_their_own(runner, tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").split("\n", 1)[1]
    pages = []
    for title in ("Περιφέρεια Αθήνας", "Московская область"):
        pages.append(tmp_path / f"{len(pages)}.txt")
        pages[-1].write_text(f"{title}\n{text}", encoding="utf-8")
    out = tmp_path / "draft.ttl"
    result = runner.invoke(cli, ["extract", *map(str, pages), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.stderr
    regions = {line.split()[0] for line in out.read_text(encoding="utf-8").splitlines()
               if line.endswith("a lls:CityRegion ;") or " a lls:CityRegion" in line}
    assert len(regions) == 2 and "region:" not in regions, regions  # never the bare namespace


# --- the fuzz test -------------------------------------------------------------------------------------------

def _xlsx(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


SAMPLES = {
    ".ttl": BASE.read_bytes()[:3000],
    ".nt": b'<urn:a> <urn:b> "c"@nn .\n<urn:a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:T> .\n',
    ".jsonld": b'{"@context": {"name": "http://schema.org/name"}, "@id": "urn:a", "name": "x"}',
    ".csv": (FIXTURES / "sheets" / "valid" / "actors.csv").read_bytes(),
    ".txt": SEED.read_bytes()[:4000],
    ".xlsx": _xlsx([["actor_id", "type", "label_nn"], ["", "association", "Turlaget"]]),
}


@st.composite
def damaged(draw, sample: bytes) -> bytes:
    """``sample`` with a few bytes replaced, cut, or doubled; or bytes of no kind at all."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=300))
    data = bytearray(sample)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(0, len(data) - 1)))
        kind = draw(st.sampled_from(["replace", "cut", "double"]))
        if kind == "replace":
            data[at:at + 1] = draw(st.binary(min_size=1, max_size=4))
        elif kind == "cut":
            del data[at:]
        else:
            data[at:at] = data[at:at + 50]
    return bytes(data)


def reading(suffix: str, path: Path, out: Path) -> list[str]:
    """The command that reads a file of this kind and writes ``out``."""
    if suffix in (".csv", ".xlsx"):
        return ["import", str(path), "--into", str(out), "--no-default", "--data", str(BASE), "-q"]
    if suffix == ".txt":
        return ["extract", str(path), "-o", str(out), "-q"]
    return ["build", "--no-default", "--data", str(path), "-o", str(out), "-q"]


def inputs() -> st.SearchStrategy[tuple[str, bytes]]:
    return st.one_of(*(damaged(sample).map(lambda data, suffix=suffix: (suffix, data))
                       for suffix, sample in SAMPLES.items()))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=inputs())
def test_every_reading_command_fails_cleanly_on_damaged_input(runner, tmp_path: Path, case: tuple[str, bytes]) -> None:
    suffix, data = case
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    path, out = folder / f"actors{suffix}", folder / "out.ttl"
    path.write_bytes(data)
    result = runner.invoke(cli, reading(suffix, path, out))
    assert result.exit_code in (0, 1, 2) and not isinstance(result.exception, Exception) or \
        isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    if result.exit_code == 2:  # bad input: one line
        assert len(lines) == 1 and lines[0].startswith("lls-kg: "), result.stderr
    if result.exit_code:  # a failed check (1) lists what failed, one line each, and ends saying so
        assert lines[-1].startswith("lls-kg: "), result.stderr
        assert not out.exists() or suffix in (".csv", ".xlsx")  # an import's target exists only if it did before
    assert sorted(p.name for p in folder.iterdir()) in ([path.name], sorted([path.name, out.name]))
