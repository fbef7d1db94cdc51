"""Start-up: the libraries only a few commands need load when those commands use them, not with the API.

Every ``lls-kg`` command imports :mod:`lls_kg.api`; pyld, owlrl, pySHACL, openpyxl, Jinja2, igraph (with
matplotlib's pyplot, which it would load for drawing) and numpy cost it about 0.8 s together (``python -X importtime -c "import lls_kg.api"``). The times are measured in ``bench/``;
this test only catches an import of one of them moved back to the top of a module.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Loaded on first use: JSON-LD output, inference, SHACL checks, XLSX files, HTML pages, measures and layouts,
#: rdflib's SPARQL engine (``--store rdflib``, the endpoint's guard, telling an update from a bad query).
ON_FIRST_USE = ("pyld", "owlrl", "pyshacl", "openpyxl", "jinja2", "igraph", "matplotlib", "numpy",
                "rdflib.plugins.sparql")


def _loaded_after(code: str) -> list[str]:
    """Which of :data:`ON_FIRST_USE` a fresh Python holds after running ``code`` with this checkout's package."""
    probe = f"{code}\nimport sys\nprint(' '.join(m for m in {ON_FIRST_USE!r} if m in sys.modules))"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_the_api_and_the_command_line_load_none_of_them() -> None:
    assert _loaded_after("import lls_kg.api, lls_kg.cli") == []


@pytest.mark.parametrize(("code", "needed"), [
    ("from rdflib import Graph\nfrom lls_kg.api import serialise\nserialise(Graph(), 'json-ld')", {"pyld"}),
    ("import networkx as nx\nfrom lls_kg.network.measures import betweenness\nbetweenness(nx.path_graph(3))",
     {"igraph", "numpy"}),  # igraph without matplotlib, which it would load for drawing (measures.igraph_module)
    ("from lls_kg.api import open\nfrom lls_kg.html.figure import figure\nkg = open()\nkg.analyse()\n"
     "assert figure(kg.scene('municipalities'), 'svg').startswith(b'<?xml')",
     {"igraph", "numpy", "matplotlib"}),  # a picture after the measures: matplotlib loads all the same
    ("from lls_kg.api import open\ntry:\n    open().query('INSERT DATA { <urn:a> <urn:b> <urn:c> }')\n"
     "except Exception as error:\n    assert 'SPARQL Update' in str(error)", {"rdflib.plugins.sparql"}),
])
def test_a_command_that_needs_one_loads_it(code: str, needed: set[str]) -> None:
    assert set(_loaded_after(code)) == needed
