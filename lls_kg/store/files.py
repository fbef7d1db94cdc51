"""The one reader of RDF files: which files a command reads, and how each is parsed.

Every file, whatever the command and the backend, is parsed by Oxigraph's
parsers, with the same checks and the same one-line messages (file, line,
column, what is wrong). Nothing is fetched over the network: a JSON-LD file
whose ``@context`` is an address is refused with a message, never looked up.
Each file is parsed on its own and its blank nodes get identities of their
own, so two files never share one; named graphs of TriG and N-Quads merge into
the one graph. Where rdflib's tools need the graph (SHACL, inference,
serialisation), :func:`read` turns the parsed triples into an rdflib graph and
remembers which file defines each subject, so a validation report can tell a
data steward which file to open.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, Graph
from rdflib.term import Node

from .. import resources
from ..errors import BadInput, input_file, one_line
from ..namespaces import bind_prefixes
from .terms import Converted

#: File extension -> format name.
FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".nt": "nt",
    ".nq": "nquads",
}
#: Format name -> Oxigraph's format.
OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "json-ld": ox.RdfFormat.JSON_LD,
              "nt": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS}
#: The formats whose named graphs every reader merges into the one graph.
QUAD_FORMATS = frozenset({"trig", "nquads"})
_FORMAT_NAMES = {"turtle": "Turtle", "trig": "TriG", "json-ld": "JSON-LD", "nt": "N-Triples", "nquads": "N-Quads"}
#: The position prefix of Oxigraph's parse errors ("Parser error at line 7 between columns 1 and 10: ").
_OX_POSITION = re.compile(r"^Parser error (at|between) line .*?: ")
#: What Oxigraph says of a JSON-LD ``@context`` given as an address (it loads none without being told how).
_REMOTE_CONTEXT = "LoadDocumentCallback"
#: Bytes read at a time while looking for a file's first non-blank byte.
_CHUNK = 1 << 16

PathLike = str | os.PathLike[str]


@dataclass
class Loaded:
    """The merged graph, and where each of its subjects is defined."""

    graph: Graph
    #: subject -> the files that give it an rdf:type (or, if no file types it, that describe it)
    origins: dict[Node, tuple[str, ...]]


def shown(path: Path) -> str:
    """How a file is named in messages: shipped files relative to the data folder, others as given."""
    try:
        return path.resolve().relative_to(resources.data_dir().resolve()).as_posix()
    except ValueError:
        return str(path)


def rdf_files(path: PathLike) -> list[Path]:
    """``path`` itself, or every RDF file under the folder ``path``, sorted."""
    path = Path(path)
    if not path.exists():
        raise BadInput(f"{shown(path)}: no such file or folder")
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if p.suffix.lower() in FORMATS and p.is_file())
        if not found:
            raise BadInput(f"{shown(path)}: the folder holds no RDF files ({', '.join(FORMATS)})")
        return found
    return [path]


def vocabulary_files() -> list[Path]:
    """The ontology files that always load (the shapes are for validation only)."""
    shapes = resources.shapes_path()
    files = [p for p in rdf_files(resources.ontology_dir()) if p != shapes]
    if not files:
        raise BadInput(f"{shown(resources.ontology_dir())}: the ontology is missing")
    return files


def default_files() -> list[Path]:
    """The shipped knowledge: every RDF file under graph/, except the copies of source pages."""
    copies = resources.page_copies_dir()
    return [p for p in rdf_files(resources.graph_dir()) if copies not in p.parents]


def home_files(home: PathLike | None = None) -> list[Path]:
    """The user's RDF files in the data home (:func:`lls_kg.resources.home`); none if it is missing or empty."""
    folder = resources.home(home).path
    if not folder.is_dir():
        return []
    copies = resources.page_copies_dir()
    return sorted(p for p in folder.rglob("*")
                  if p.suffix.lower() in FORMATS and p.is_file() and copies not in p.parents)


def select(data: Iterable[PathLike] = (), default: bool = True, home: PathLike | None = None) -> list[Path]:
    """The files a command reads: the ontology, the shipped graph and the data home's files unless ``default``
    is false, and ``data``. ``home``: the data home given by ``--home`` (see :func:`lls_kg.resources.home`)."""
    chosen = vocabulary_files() + (default_files() + home_files(home) if default else [])
    for item in data:
        chosen += rdf_files(item)
    unique: dict[Path, Path] = {}
    for path in chosen:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def rdf_format(path: Path) -> str:
    """The format name for ``path``'s extension; an unknown one is a plain-words error."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise BadInput(f"{shown(path)}: unknown RDF format '{path.suffix or 'no extension'}'; use {', '.join(FORMATS)}")
    return fmt


def checked(path: PathLike) -> tuple[Path, str]:
    """``path`` and its format name, once it is known to be a readable RDF file with something in it.

    Reads only up to the first non-blank byte, so a parser that streams a large file is not made to wait.
    """
    path = Path(path)
    fmt = rdf_format(path)
    input_file(path, shown(path))
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(_CHUNK):
                if chunk.strip():
                    return path, fmt
    except FileNotFoundError:
        raise BadInput(f"{shown(path)}: no such file") from None
    except OSError as error:
        raise BadInput(f"{shown(path)}: cannot read the file ({error.strerror})") from None
    raise BadInput(f"{shown(path)}: the file is empty")


def triples(path: PathLike) -> Iterator[Any]:
    """The triples of the RDF file ``path`` as Oxigraph parses them, named graphs merged, blank nodes its own."""
    path, fmt = checked(path)
    with _reading(path):
        yield from _triples(path, fmt)


def parse_into(store: ox.Store, path: PathLike, bulk: bool = False) -> None:
    """Add the triples of the file ``path`` to the default graph of ``store``, parsed as :func:`triples` parses them.

    ``bulk``: Oxigraph's bulk loader, which writes big files to disk without holding them in memory.
    A file of triples goes to the store's own loader, which parses in Rust with no Python object per triple.
    """
    path, fmt = checked(path)
    with _reading(path):
        if fmt in QUAD_FORMATS:
            quads = (ox.Quad(t.subject, t.predicate, t.object) for t in _triples(path, fmt))
            (store.bulk_extend if bulk else store.extend)(quads)
        else:
            (store.bulk_load if bulk else store.load)(path=str(path), **_options(path, fmt))


def read(files: Sequence[PathLike]) -> Loaded:
    """Parse ``files`` one by one into one rdflib graph, recording where each subject is defined."""
    graph = Graph(bind_namespaces="none")
    bind_prefixes(graph)
    typed: dict[Node, list[str]] = defaultdict(list)
    described: dict[Node, list[str]] = defaultdict(list)
    for path in map(Path, files):
        part = read_file(path)
        name = shown(path)
        for subject in set(part.subjects(RDF.type, None)):
            typed[subject].append(name)
        for subject in set(part.subjects()):
            described[subject].append(name)
        graph += part
    origins = {node: tuple(names) for node, names in {**described, **typed}.items()}
    return Loaded(graph=graph, origins=origins)


def read_file(path: PathLike) -> Graph:
    """One RDF file as an rdflib graph (named graphs merged)."""
    terms = Converted()
    graph = Graph(bind_namespaces="none")
    graph += ((terms[t.subject], terms[t.predicate], terms[t.object]) for t in triples(path))
    return graph


def load(data: Iterable[PathLike] = (), default: bool = True) -> Loaded:
    """Load the ontology, the shipped graph (unless ``default`` is false) and the extra ``data`` files or folders.

    Example::

        >>> kg = load()
        >>> len(kg.graph) > 0
        True
    """
    return read(select(data, default))


def syntax_error(path: Path, error: SyntaxError) -> BadInput:
    """Oxigraph's parse error as one line naming the file and, when the parser gives it, the line and column."""
    reason = one_line(_OX_POSITION.sub("", error.msg or str(error), count=1))
    if _REMOTE_CONTEXT in reason:
        return BadInput(f"{shown(path)}: its JSON-LD @context is an address, and lls-kg fetches nothing over the "
                        "network; put the context in the file itself")
    if error.lineno:
        return BadInput(f"{shown(path)}, line {error.lineno}, column {error.offset}: {reason}")
    return BadInput(f"{shown(path)}: not valid {_FORMAT_NAMES[rdf_format(path)]} ({reason})")


def _options(path: Path, fmt: str) -> dict[str, Any]:
    return {"format": OX_FORMATS[fmt], "base_iri": path.resolve().as_uri()}


def _triples(path: Path, fmt: str) -> Iterator[Any]:
    for quad in ox.parse(path=str(path), **_options(path, fmt), rename_blank_nodes=True):
        yield ox.Triple(quad.subject, quad.predicate, quad.object)


@contextmanager
def _reading(path: Path) -> Iterator[None]:
    """Turns the parser's errors while reading ``path`` into one-line :class:`BadInput` messages."""
    try:
        yield
    except SyntaxError as error:
        raise syntax_error(path, error) from None
    except (OSError, ValueError) as error:
        raise BadInput(f"{shown(path)}: cannot read it ({one_line(error)})") from None
