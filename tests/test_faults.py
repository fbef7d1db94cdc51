"""Faults injected, nothing lost: `build -o`, `import --into` and `load --store oxigraph:DIR` killed at random
points (SIGKILL, in a subprocess) or out of room leave their target old or new, never half.

A full disk is a file-size limit (RLIMIT_FSIZE) on the command: every write past it fails, as on a full disk.
"""

from __future__ import annotations

import json
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from lls_kg.store import open_store

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sheets"
BASE = FIXTURES / "base.ttl"
VALID = sorted((FIXTURES / "valid").glob("*.csv"))
#: Kill points per command; with the uninterrupted run, a few seconds each on a quiet machine.
KILLS = 2


def lls_kg(args: list[str], cwd: Path, limit: int | None = None) -> subprocess.Popen[str]:
    """``lls-kg ARGS`` in a subprocess (files at most ``limit`` bytes if given: a full disk)."""
    def full_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.Popen([sys.executable, "-m", "lls_kg", *args, "-q"], cwd=cwd, text=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=full_disk if limit is not None else None)


def state(target: Path) -> object:
    """What a reader finds at ``target``: a file's bytes; a store's recorded and actual number of quads."""
    if not target.exists():
        return None
    if target.is_file():
        return target.read_bytes()
    recorded = json.loads(next(target.glob("*.json")).read_text(encoding="utf-8"))["quads"]
    counted = open_store(f"oxigraph:{target}").query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    return recorded, int(counted)


def build(tmp: Path) -> tuple[list[str], Path]:
    target = tmp / "graph.ttl"
    target.write_bytes(b"# the old graph, which a failed build must leave as it was\n")
    return ["build", "-o", str(target)], target


def import_(tmp: Path) -> tuple[list[str], Path]:
    target = tmp / "imported.ttl"
    target.write_bytes(b"# Imported from spreadsheets by `lls-kg import`.\n# The old file.\n")
    return ["import", *map(str, VALID), "--into", str(target), "--no-default", "--data", str(BASE)], target


def load(tmp: Path) -> tuple[list[str], Path]:
    target = tmp / "kg"
    old = lls_kg(["load", "--store", f"oxigraph:{target}", "--no-default", "--data", str(BASE)], tmp)
    assert old.wait(timeout=120) == 0, old.stderr.read()
    old.stderr.close()
    return ["load", "--store", f"oxigraph:{target}"], target


COMMANDS: dict[str, Callable[[Path], tuple[list[str], Path]]] = {"build": build, "import": import_, "load": load}


@pytest.mark.parametrize("name", COMMANDS)
def test_killed_at_random_the_target_is_old_or_new(name: str, tmp_path: Path) -> None:
    random.seed(f"issue 19 {name}")
    args, target = COMMANDS[name](tmp_path)
    old = state(target)
    saved = tmp_path / "saved"
    shutil.copytree(target, saved) if target.is_dir() else shutil.copy(target, saved)
    began = time.monotonic()
    whole = lls_kg(args, tmp_path)
    assert whole.wait(timeout=300) == 0, whole.stderr.read()
    whole.stderr.close()
    took, new = time.monotonic() - began, state(target)
    assert new != old
    for _ in range(KILLS):
        shutil.rmtree(target) if target.is_dir() else target.unlink()
        shutil.copytree(saved, target) if saved.is_dir() else shutil.copy(saved, target)
        process = lls_kg(args, tmp_path)
        time.sleep(random.uniform(0.1, took))
        process.send_signal(signal.SIGKILL)
        process.wait()
        process.stderr.close()
        found = state(target)
        assert found in (old, new)  # which one depends on where the kill fell


@pytest.mark.parametrize("name", COMMANDS)
def test_a_full_disk_is_a_clear_error_and_the_target_stays(name: str, tmp_path: Path) -> None:
    args, target = COMMANDS[name](tmp_path)
    old = state(target)
    process = lls_kg(args, tmp_path, limit=4096)
    _, said = process.communicate(timeout=300)
    lines = said.strip().splitlines()
    assert process.returncode == 2 and len(lines) == 1 and "Traceback" not in said, said
    assert lines[0].startswith("lls-kg: ") and str(target.name) in lines[0]
    assert state(target) == old
    assert [path.name for path in tmp_path.iterdir()] == [target.name]  # no temporary file or folder left behind
