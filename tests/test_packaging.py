"""The ontology and the graph travel with the package."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from lls_kg import resources

ROOT = Path(__file__).resolve().parent.parent


def test_data_dir_prefers_the_bundled_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "site-packages" / "lls_kg"
    package.mkdir(parents=True)
    monkeypatch.setattr(resources, "_PACKAGE", package)
    assert resources.data_dir() == tmp_path / "site-packages"  # a checkout: the folder above the package
    (package / "_data").mkdir()
    assert resources.data_dir() == package / "_data"  # an installed wheel
    assert resources.shapes_path() == package / "_data" / "ontology" / "shapes.ttl"


def test_the_wheel_carries_ontology_graph_and_queries(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(tmp_path), str(ROOT)], check=True)
    (wheel,) = tmp_path.glob("lls_kg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"lls_kg/_data/{p.relative_to(ROOT).as_posix()}"
                for folder in ("ontology", "graph") for p in (ROOT / folder).rglob("*") if p.is_file()}
    expected |= {f"lls_kg/sparql/queries/{p.name}" for p in (ROOT / "lls_kg" / "sparql" / "queries").glob("*.rq")}
    expected |= {f"lls_kg/html/templates/{p.name}" for p in (ROOT / "lls_kg" / "html" / "templates").iterdir()}
    expected |= {f"lls_kg/i18n/locale/{lang}/LC_MESSAGES/lls_kg.mo" for lang in ("nn", "nb", "en")}  # speaks offline
    expected |= {"lls_kg/cli/__init__.py", "lls_kg/api.py", "lls_kg/context.jsonld"}
    assert expected <= names
    info = next(name.split("/")[0] for name in names if name.endswith(".dist-info/METADATA"))
    assert {f"{info}/licenses/LICENSE", f"{info}/licenses/LICENSE-DATA"} <= names
    metadata = zipfile.ZipFile(wheel).read(f"{info}/METADATA").decode()
    assert "License-Expression: MIT AND CC-BY-4.0" in metadata.splitlines()
