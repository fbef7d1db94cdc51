"""Read RDF files into one graph, with a plain-words error for any file that cannot be read.

Each file is parsed on its own and then added, so blank nodes of two files never
merge, and the loader remembers which file defines each subject: a validation
report can then tell a data steward which file to open.
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Dataset, Graph
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import Node

from . import resources
from .errors import BadInput, one_line, read_bytes
from .namespaces import bind_prefixes

#: File extension -> rdflib parser name.
FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".nt": "nt",
    ".nq": "nquads",
}
#: The formats whose named graphs every reader merges into the one graph.
QUAD_FORMATS = frozenset({"trig", "nquads"})
_FORMAT_NAMES = {"turtle": "Turtle", "trig": "TriG", "json-ld": "JSON-LD", "nt": "N-Triples", "nquads": "N-Quads"}
#: The position prefix of Oxigraph's parse errors ("Parser error at line 7 between columns 1 and 10: ").
_OX_POSITION = re.compile(r"^Parser error (at|between) line .*?: ")
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


def select(data: Iterable[PathLike] = (), default: bool = True) -> list[Path]:
    """The files a command reads: the ontology, the shipped graph unless ``default`` is false, and ``data``."""
    chosen = vocabulary_files() + (default_files() if default else [])
    for item in data:
        chosen += rdf_files(item)
    unique: dict[Path, Path] = {}
    for path in chosen:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def rdf_format(path: Path) -> str:
    """The parser name for ``path``'s extension; an unknown one is a plain-words error."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise BadInput(f"{shown(path)}: unknown RDF format '{path.suffix or 'no extension'}'; use {', '.join(FORMATS)}")
    return fmt


def checked(path: PathLike) -> tuple[Path, str]:
    """``path`` and its parser name, once it is known to be a readable RDF file with something in it.

    Reads only up to the first non-blank byte, so a parser that streams a large file is not made to wait.
    """
    path = Path(path)
    fmt = rdf_format(path)
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


def syntax_error(path: Path, error: SyntaxError) -> BadInput:
    """Oxigraph's parse error as one line naming the file and, when the parser gives it, the line and column."""
    reason = one_line(_OX_POSITION.sub("", error.msg or str(error), count=1))
    if error.lineno:
        return BadInput(f"{shown(path)}, line {error.lineno}, column {error.offset}: {reason}")
    return BadInput(f"{shown(path)}: not valid {_FORMAT_NAMES[rdf_format(path)]} ({reason})")


def read_file(path: PathLike) -> Graph:
    """Parse one RDF file (named graphs are merged into one graph)."""
    path, fmt = checked(path)
    name = shown(path)
    text = read_bytes(path, name)
    target = Dataset() if fmt in QUAD_FORMATS else Graph()
    try:
        target.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except BadSyntax as error:
        raise BadInput(f"{name}, line {error.lines + 1}: {_syntax_problem(error)}") from None
    except json.JSONDecodeError as error:
        raise BadInput(f"{name}, line {error.lineno}: not valid JSON ({error.msg})") from None
    except Exception as error:  # rdflib's parsers raise many kinds; all mean "unreadable"
        raise BadInput(f"{name}: not valid {_FORMAT_NAMES[fmt]} ({one_line(error)})") from None
    if isinstance(target, Dataset):
        graph = Graph()
        graph += ((s, p, o) for s, p, o, _ in target.quads((None, None, None, None)))
        return graph
    return target


def read(files: Sequence[PathLike]) -> Loaded:
    """Parse ``files`` one by one and merge them, recording where each subject is defined."""
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


def load(data: Iterable[PathLike] = (), default: bool = True) -> Loaded:
    """Load the ontology, the shipped graph (unless ``default`` is false) and the extra ``data`` files or folders.

    Example::

        >>> kg = load()
        >>> len(kg.graph) > 0
        True
    """
    return read(select(data, default))


def _syntax_problem(error: BadSyntax) -> str:
    """rdflib's reason, and the text around the place it stopped, on one line (from BadSyntax's private fields)."""
    why = getattr(error, "_why", "bad syntax")
    try:
        text = error._str.decode("utf-8")
        at = error._i
    except (AttributeError, UnicodeDecodeError):
        return why
    before, after = one_line(text[max(0, at - 30):at]), one_line(text[at:at + 30])
    return f'{why} (near "{before} ^ {after}")'

