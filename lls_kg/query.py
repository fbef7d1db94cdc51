"""Named SPARQL queries: ``.rq`` files whose comment header says what question they answer.

Keeping queries as files (as grlc does) lets any SPARQL tool run them, and the
header gives the command line its titles, descriptions and parameters for free::

    # title: Instances per class
    # description: How many resources the graph holds of each class.
    # param: class  optional  IRI of a class
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import BadInput

QUERIES = Path(__file__).resolve().parent / "queries"


@dataclass(frozen=True)
class Param:
    """A query variable a caller may (or must) bind."""

    name: str
    required: bool
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A query file, its header read."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str


def parse(name: str, text: str) -> NamedQuery:
    """Read the ``# key: value`` header of the query ``text`` (the comment lines before the first other line)."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, colon, value = line[1:].partition(":")
        key, value = key.strip(), value.strip()
        if not colon or key not in ("title", "description", "param"):
            continue
        if key == "param":
            parts = value.split(maxsplit=2)
            if len(parts) < 2 or parts[1] not in ("optional", "required"):
                raise BadInput(f"query {name}: bad header line '{line}'; "
                               "write '# param: NAME  optional|required  DESCRIPTION'")
            params.append(Param(parts[0].lstrip("?$"), parts[1] == "required", parts[2] if len(parts) > 2 else ""))
        else:
            fields[key] = value
    if "title" not in fields:
        raise BadInput(f"query {name}: the header has no '# title:' line")
    return NamedQuery(name, fields["title"], fields.get("description", ""), tuple(params), text)


def load_file(path: Path) -> NamedQuery:
    """The query in ``path``, named after the file."""
    return parse(path.stem, path.read_text(encoding="utf-8"))


def list_named() -> list[NamedQuery]:
    """Every query shipped in ``lls_kg/queries``, by name."""
    return [load_file(path) for path in sorted(QUERIES.glob("*.rq"))]


def load_named(name: str) -> NamedQuery:
    """The shipped query called ``name`` (the file name without ``.rq``)."""
    path = QUERIES / f"{name}.rq"
    if "/" in name or "\\" in name or not path.is_file():
        known = ", ".join(q.stem for q in sorted(QUERIES.glob("*.rq")))
        raise BadInput(f"no query named '{name}'; the named queries are: {known}")
    return load_file(path)
