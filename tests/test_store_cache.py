"""The answers of an on-disk Oxigraph store kept between runs (lls_kg/store/cache.py): read back on the next run,
never once the store has changed, nowhere when turned off, and a damaged file is only a miss. Every store here is
a real on-disk Oxigraph store in a tmp folder, written by pyoxigraph or by ``lls-kg load``."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from lls_kg.cli import cli
from lls_kg.network.views import views
from lls_kg.sparql.named import list_named
from lls_kg.store import OxigraphStore, Texts, open_store
from lls_kg.store import cache
from lls_kg.store.files import select
from lls_kg.store.load import load_disk

ROOT = Path(__file__).resolve().parent.parent
NAMES = "SELECT ?name WHERE { ?thing <http://example.org/name> ?name } ORDER BY ?name"


def write(folder: Path, *names: str) -> None:
    """Add a thing named ``name`` for each of ``names`` to the on-disk store in ``folder``, as another program
    would: pyoxigraph opens it for writing, adds, and closes it."""
    store = ox.Store(str(folder))
    store.extend(ox.Quad(ox.NamedNode(f"http://example.org/{name}"), ox.NamedNode("http://example.org/name"),
                         ox.Literal(name)) for name in names)
    del store
    gc.collect()


def names(folder: Path) -> list[str | None]:
    """The names the store in ``folder`` holds, asked as a command asks (a fresh read-only open)."""
    return [row[0] for row in OxigraphStore.open(folder).texts(NAMES).rows]


@pytest.fixture
def kept_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own."""
    monkeypatch.setenv(cache.VARIABLE, str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def disk(tmp_path: Path) -> Path:
    write(tmp_path / "store", "alda", "brekke")
    return tmp_path / "store"


def unordered(answer: Texts) -> tuple[list[str], list[tuple[tuple[str, ...], ...]]]:
    """An answer with its rows, and the words of each value, in sorted order."""
    return answer.vars, sorted(tuple(tuple(sorted((value or "").split(" "))) for value in row) for row in answer.rows)


def files(folder: Path) -> list[Path]:
    """The files under ``folder``; in a cache, the kept answers (not the file naming each store)."""
    return sorted(path for path in folder.rglob("*") if path.is_file() and path.name != "store")


def test_a_second_read_is_the_kept_answer_not_the_engines(disk: Path, kept_in: Path) -> None:
    first = OxigraphStore.open(disk)
    assert first.texts(NAMES) == Texts(["name"], [("alda",), ("brekke",)])
    assert files(kept_in) == [first.kept.path(NAMES)]
    # An answer the engine cannot give, put where the cache keeps this query's answer: the next read returns it,
    # so it was read from the cache and the engine was not asked.
    first.kept.keep(NAMES, Texts(["name"], [("from the cache",)]))
    assert names(disk) == ["from the cache"]


def test_a_kept_answer_holds_the_strings_the_engines_answers_hold(disk: Path, kept_in: Path) -> None:
    """A kept answer is read back with one string per text, the one every other answer holds (sys.intern)."""
    asked = OxigraphStore.open(disk).texts(NAMES)
    kept = OxigraphStore.open(disk).texts(NAMES)
    assert files(kept_in) and kept == asked
    assert all(ours is theirs for row, again in zip(kept.rows, asked.rows) for ours, theirs in zip(row, again))


def test_a_write_is_never_answered_from_the_cache(disk: Path, kept_in: Path) -> None:
    assert names(disk) == ["alda", "brekke"] == names(disk)
    before = files(kept_in)
    write(disk, "cirkus")
    assert names(disk) == ["alda", "brekke", "cirkus"]
    after = files(kept_in)
    assert len(after) == 1 and after != before  # the old state's answer went when the new one came


def test_the_answers_of_a_store_that_is_gone_go_with_the_next_stores_first(disk: Path, tmp_path: Path,
                                                                           kept_in: Path) -> None:
    names(disk)
    write(tmp_path / "other", "gaupne")
    names(tmp_path / "other")
    assert len(list(kept_in.iterdir())) == 2
    shutil.rmtree(disk)
    write(tmp_path / "third", "hafslo")
    names(tmp_path / "third")
    assert sorted(path.name.split("-")[0] for path in kept_in.iterdir()) == ["other", "third"]


def frozen_state(folder: Path) -> str:
    """The state of the store in ``folder`` with every file's time set to one value, as if the clock had not
    ticked since the last write."""
    for path in files(folder):
        os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    return cache.state(folder)


def test_writes_within_one_tick_of_the_clock_still_change_the_state(disk: Path) -> None:
    seen = [frozen_state(disk)]
    for name in ("dalen", "eidet"):  # two names of one length: as many bytes written each time
        write(disk, name)
        seen.append(frozen_state(disk))
    assert len(set(seen)) == 3  # by the files' names, sizes and inodes


def test_a_writer_that_keeps_the_store_open_changes_the_state(disk: Path, kept_in: Path) -> None:
    """An Oxigraph server holds its store open and appends each write to RocksDB's log."""
    assert names(disk) == ["alda", "brekke"]
    server = ox.Store(str(disk))
    before = frozen_state(disk)
    server.add(ox.Quad(ox.NamedNode("http://example.org/fjord"), ox.NamedNode("http://example.org/name"),
                       ox.Literal("fjord")))
    assert frozen_state(disk) != before  # the log grew, even within one tick
    assert names(disk) == ["alda", "brekke", "fjord"]
    del server
    gc.collect()


def test_lls_kg_load_over_a_store_changes_the_state(tmp_path: Path, kept_in: Path) -> None:
    data = tmp_path / "one.nt"
    data.write_text('<http://example.org/a> <http://example.org/name> "alda" .\n', encoding="utf-8")
    load_disk(tmp_path / "kg", [data])
    assert names(tmp_path / "kg") == ["alda"]
    data.write_text('<http://example.org/a> <http://example.org/name> "ulla" .\n', encoding="utf-8")
    load_disk(tmp_path / "kg", [data], replace=True)
    assert names(tmp_path / "kg") == ["ulla"]


def test_off_keeps_nothing_anywhere(disk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv(cache.VARIABLE, "off")
    store = OxigraphStore.open(disk)
    assert store.kept is None and cache.folder() is None
    assert names(disk) == ["alda", "brekke"] == names(disk)
    monkeypatch.delenv(cache.VARIABLE)
    assert cache.folder() == tmp_path / "xdg" / "lls-kg"  # the user cache folder, had it been on
    assert not (tmp_path / "xdg").exists()


def test_only_on_disk_stores_keep_answers(kept_in: Path) -> None:
    assert open_store("memory").kept is None
    open_store("memory").texts(NAMES)
    assert not kept_in.exists()


@pytest.mark.parametrize("damage", [lambda data: data[:-3], lambda data: data[:40] + b"X" + data[41:],
                                    lambda data: data.replace(b"alda", b"ulla"), lambda data: b"",
                                    lambda data: b"lls-kg answers 0\n" + data])
def test_a_damaged_file_is_a_miss_and_is_written_again(disk: Path, kept_in: Path, damage) -> None:
    path = OxigraphStore.open(disk).kept.path(NAMES)
    assert names(disk) == ["alda", "brekke"]
    good = path.read_bytes()
    path.write_bytes(damage(good))
    assert cache.read(path, NAMES) is None
    assert names(disk) == ["alda", "brekke"]
    assert path.read_bytes() == good


def test_an_unwritable_cache_is_only_a_miss(disk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a file").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(cache.VARIABLE, str(tmp_path / "a file"))
    assert names(disk) == ["alda", "brekke"] == names(disk)


def test_the_views_are_the_same_from_memory_and_from_disk_cold_and_warm(tmp_path: Path, kept_in: Path) -> None:
    load_disk(tmp_path / "kg", select())
    memory = OxigraphStore.from_files(select())
    wanted = ["ownership", "goals", "actors", "municipalities", "full"]
    expected = views(memory, wanted)
    for run in ("cold", "warm"):
        built = views(OxigraphStore.open(tmp_path / "kg"), wanted)
        assert all(nx.utils.graphs_equal(built[name], expected[name]) for name in wanted), run
    assert files(kept_in)


def test_every_shipped_query_answers_alike_with_and_without_the_cache(tmp_path: Path, kept_in: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    load_disk(tmp_path / "kg", select())
    memory = OxigraphStore.from_files(select())
    selects = {query.name: query.text for query in list_named()
               if memory.query(query.text).kind == "SELECT"}
    assert {"view_nodes", "view_involvement", "view_goals", "view_ties", "labels", "owners"} <= set(selects)
    queries = list(selects.values())
    cold = [OxigraphStore.open(tmp_path / "kg").texts(text) for text in queries]
    warm = [OxigraphStore.open(tmp_path / "kg").texts(text) for text in queries]
    monkeypatch.setenv(cache.VARIABLE, "off")
    engine = [OxigraphStore.open(tmp_path / "kg").texts(text) for text in queries]
    assert cold == warm
    # The engine's own order of tied rows, and of GROUP_CONCAT's values (names.rq), may change from one opening
    # to the next; the kept answer is the very one the engine gave (cold == warm), with the same rows and values.
    assert [unordered(answer) for answer in cold] == [unordered(answer) for answer in engine]
    assert sum(len(answer.rows) for answer in cold) > 1000
    assert len(files(kept_in)) == len(set(queries))


def test_two_commands_at_once_on_a_cold_cache_agree(tmp_path: Path, kept_in: Path) -> None:
    load_disk(tmp_path / "kg", select())
    command = [sys.executable, "-m", "lls_kg", "analyse", "--store", f"oxigraph:{tmp_path / 'kg'}", "--format", "json"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    running = [subprocess.Popen(command, stdout=subprocess.PIPE, env=env) for _ in range(2)]
    outputs = [process.communicate()[0] for process in running]
    assert [process.returncode for process in running] == [0, 0]
    warm = CliRunner().invoke(cli, command[3:])
    assert warm.exit_code == 0 and outputs[0] == outputs[1] == warm.stdout_bytes


def test_home_says_where_the_answers_are_kept_and_their_size(disk: Path, kept_in: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    OxigraphStore.open(disk).kept.keep(NAMES, Texts(["name"], [(f"name {i}",) for i in range(30_000)]))
    size = sum(path.stat().st_size for path in kept_in.rglob("*") if path.is_file())
    assert size > 200_000
    home = CliRunner().invoke(cli, ["home"]).stdout.splitlines()
    assert home[-1] == f"answers of on-disk stores kept in {kept_in} ({size / 1e6:.1f} MB)"
    monkeypatch.setenv(cache.VARIABLE, "off")
    nynorsk = CliRunner().invoke(cli, ["home"], env={"LLS_KG_LANG": "nn"}).stdout.splitlines()
    assert nynorsk[-1] == "svara frå lager på disk: vert ikkje tekne vare på (LLS_KG_CACHE=off)"
