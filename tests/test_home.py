"""The data home: the user's data lives outside the installed package, is read by every command, and outlives
a reinstall."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lls_kg import resources
from lls_kg.cli import cli
from lls_kg.errors import BadInput
from lls_kg.output import write_atomic
from lls_kg.sheets.importer import default_target

ROOT = Path(__file__).resolve().parent.parent
PROJECT = """@prefix lls: <https://w3id.org/lls-kg/ontology#> .
@prefix project: <https://w3id.org/lls-kg/id/project/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
project:heimeprosjekt a lls:Project ; rdfs:label "Heimeprosjekt"@nn .
"""


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The package as an installed wheel sees itself (``_data`` inside it), with the user data folder in tmp."""
    package = tmp_path / "site-packages" / "lls_kg"
    (package / "_data").mkdir(parents=True)
    monkeypatch.setattr(resources, "_PACKAGE", package)
    monkeypatch.delenv(resources.HOME_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return package


def test_the_rule_home_then_variable_then_checkout_then_user_folder(installed: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    assert resources.home() == resources.Home(tmp_path / "xdg" / "lls-kg", "the user data folder")
    monkeypatch.setenv(resources.HOME_VARIABLE, str(tmp_path / "env"))
    assert resources.home() == resources.Home(tmp_path / "env", "LLS_KG_HOME")
    assert resources.home(tmp_path / "given") == resources.Home(tmp_path / "given", "--home")
    monkeypatch.delenv(resources.HOME_VARIABLE)
    (installed / "_data").rmdir()  # now a checkout
    assert resources.home() == resources.Home(resources.graph_dir(), "the checkout's graph/")


def test_import_writes_into_the_home_never_inside_the_package(installed: Path, tmp_path: Path) -> None:
    assert default_target() == tmp_path / "xdg" / "lls-kg" / "imported.ttl"
    with pytest.raises(BadInput, match="inside the installed lls-kg package"):
        write_atomic(installed / "_data" / "graph" / "imported.ttl", b"")
    assert not (installed / "_data" / "graph").exists()


def test_every_reading_command_reads_the_home_and_no_default_leaves_it_out(tmp_path: Path) -> None:
    (tmp_path / "mine.ttl").write_text(PROJECT, encoding="utf-8")
    runner = CliRunner()
    query = ["query", "--sparql", "SELECT ?p WHERE { ?p a lls:Project }", "--format", "csv"]
    seen = runner.invoke(cli, [*query, "--home", str(tmp_path)])
    assert seen.exit_code == 0 and "project/heimeprosjekt" in seen.stdout
    by_variable = runner.invoke(cli, query, env={resources.HOME_VARIABLE: str(tmp_path)})
    assert "project/heimeprosjekt" in by_variable.stdout
    left_out = runner.invoke(cli, [*query, "--home", str(tmp_path), "--no-default"])
    assert left_out.exit_code == 0 and "heimeprosjekt" not in left_out.stdout


def test_home_shows_where_and_what(tmp_path: Path) -> None:
    runner = CliRunner()
    empty = runner.invoke(cli, ["home", "--home", str(tmp_path)])
    assert empty.stdout.splitlines()[0] == f"data home: {tmp_path} (chosen by --home)"
    assert "no RDF files yet" in empty.stdout
    (tmp_path / "mine.ttl").write_text(PROJECT, encoding="utf-8")
    listed = runner.invoke(cli, ["home"], env={resources.HOME_VARIABLE: str(tmp_path)})
    assert listed.stdout.splitlines()[:2] == [f"data home: {tmp_path} (chosen by LLS_KG_HOME)", "mine.ttl\t2 triples"]
    assert listed.stdout.splitlines()[2].startswith("answers of on-disk stores kept in ")  # tests/test_store_cache.py
    stats = runner.invoke(cli, ["stats", "--home", str(tmp_path)])
    assert f"lls-kg: data home {tmp_path} (chosen by --home; read)" in stats.stderr


def _venv(folder: Path, wheel: Path) -> Path:
    """A fresh environment that sees the installed dependencies, with only ``wheel`` installed into it."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", str(folder)],
                   check=True)
    python = folder / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    str(wheel)], check=True)
    return folder / "bin" / "lls-kg"


def test_imported_data_outlives_a_reinstall_into_a_new_environment(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(tmp_path / "dist"), str(ROOT)], check=True)
    (wheel,) = (tmp_path / "dist").glob("lls_kg-*.whl")
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", resources.HOME_VARIABLE)}
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")

    def run(lls_kg: Path, *args: str) -> str:
        return subprocess.run([str(lls_kg), *args], cwd=tmp_path, env=env, check=True, capture_output=True,
                              text=True).stdout

    first = _venv(tmp_path / "one", wheel)
    where = run(first.parent / "python", "-c", "import lls_kg; print(lls_kg.__file__)")
    assert where.startswith(str(tmp_path / "one"))  # the wheel, not the checkout or the shared editable install
    run(first, "sheets", "--empty", "-o", str(tmp_path / "sheets"), "-q")
    run(first, "import", "-q", *sorted(map(str, (tmp_path / "sheets").glob("*.csv"))))
    home = tmp_path / "xdg" / "lls-kg"
    assert (home / "imported.ttl").is_file()
    assert not list((tmp_path / "one").rglob("imported.ttl"))

    second = _venv(tmp_path / "two", wheel)
    assert "/project/sykkelpark-sogndal," in run(second, "owners", "--format", "csv")
    assert run(second, "home").splitlines()[0] == f"data home: {home} (chosen by the user data folder)"
