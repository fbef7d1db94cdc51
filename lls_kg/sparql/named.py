"""Named SPARQL queries: ``.rq`` files whose comment header says what question they answer.

Keeping queries as files (as grlc does) lets any SPARQL tool run them, and the
header gives the command line its titles, descriptions and parameters for free.
Where grlc has a key for it, the header uses grlc's ``#+`` decorators (YAML), so
grlc can publish the folder unchanged; what grlc has no key for stays a plain
``# key: value`` comment, which grlc ignores::

    #+ summary: Instances per class
    #+ description: How many resources the graph holds of each class.
    #+ tags:
    #+   - statistics
    #+ defaults:
    #+   - class: lls:Project
    #+ enumerate:
    #+   - class:
    #+     - lls:Project
    #+     - lls:Actor
    # param: class  optional  IRI of a class
    # internal: true

``summary`` is the query's title (``# title:`` is read too), ``defaults`` and
``enumerate`` describe a parameter's usual and possible values (the endpoint's
OpenAPI description offers them; an absent optional parameter stays unbound).

``internal`` marks a query the package itself uses (for statistics, views,
validation), left out of the list people browse. A parameter's value is a person's name for a resource;
:func:`lls_kg.sparql.run.run` resolves it to an IRI and hands it to the engine as an RDF term,
never as query text, so no value can change what a query does.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import BadInput, input_file, one_line
from ..namespaces import PREFIXES

QUERIES = Path(__file__).resolve().parent / "queries"
#: What a shipped query's name looks like (a file name without ``.rq``).
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")


@dataclass(frozen=True)
class Param:
    """A query variable a caller may (or must) bind, and the class of resource it stands for (an IRI, or None)."""

    name: str
    required: bool
    description: str
    within: str | None = None


@dataclass(frozen=True)
class NamedQuery:
    """A query file, its header read."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str
    internal: bool = False
    tags: tuple[str, ...] = ()
    #: parameter -> its usual value (grlc's ``defaults``)
    defaults: Mapping[str, str] = field(default_factory=dict, hash=False)
    #: parameter -> the values it may take (grlc's ``enumerate``; empty: any)
    enumerate: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)


def parse(name: str, text: str, require_title: bool = True) -> NamedQuery:
    """Read the ``# key: value`` header of the query ``text`` (the comment lines before the first other line).

    A shipped query must have a title; a user's own query (``require_title=False``) may have no header at all.
    """
    fields: dict[str, str] = {}
    params: list[Param] = []
    decorators: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if line.startswith("#+"):
            decorators.append(line[2:])
            continue
        key, colon, value = line[1:].partition(":")
        key, value = key.strip(), value.strip()
        if not colon or key not in ("title", "description", "param", "internal"):
            continue
        if key == "param":
            params.append(_param(name, line, value))
        else:
            fields[key] = value
    grlc = _decorators(name, decorators)
    title = str(grlc.get("summary") or fields.get("title", ""))
    if not title and require_title:
        raise BadInput(f"query {name}: the header has no '#+ summary:' (or '# title:') line")
    return NamedQuery(name, title, str(grlc.get("description") or fields.get("description", "")), tuple(params),
                      text, internal=fields.get("internal", "").lower() == "true",
                      tags=tuple(str(tag) for tag in grlc.get("tags") or ()),
                      defaults={key: str(value) for key, value in _pairs(grlc.get("defaults"))},
                      enumerate={key: tuple(map(str, values or ())) for key, values in _pairs(grlc.get("enumerate"))})


def _decorators(name: str, lines: list[str]) -> dict[str, Any]:
    """grlc's ``#+`` lines, read as the YAML they are; a plain-words error if they are not."""
    if not lines:
        return {}
    try:
        found = yaml.safe_load("\n".join(line.removeprefix(" ") for line in lines))
    except yaml.YAMLError as error:
        raise BadInput(f"query {name}: the '#+' header is not valid YAML ({one_line(error)})") from None
    if not isinstance(found, dict):
        raise BadInput(f"query {name}: the '#+' header must be 'key: value' lines, as grlc reads them")
    return found


def _pairs(items: Any) -> list[tuple[str, Any]]:
    """grlc's list of one-key mappings (``- name: value``; a bare ``- name`` has no value) as pairs."""
    if isinstance(items, dict):
        return [(str(key), value) for key, value in items.items()]
    pairs: list[tuple[str, Any]] = []
    for item in items or ():
        pairs += [(str(key), value) for key, value in item.items()] if isinstance(item, dict) else [(str(item), None)]
    return pairs


def _param(query: str, line: str, value: str) -> Param:
    """``NAME  optional|required  [CLASS]  DESCRIPTION``, the class a prefixed name (``lls:Goal``) or ``<IRI>``."""
    parts = value.split(maxsplit=3)
    if len(parts) < 2 or parts[1] not in ("optional", "required"):
        raise BadInput(f"query {query}: bad header line '{line}'; "
                       "write '# param: NAME  optional|required  [CLASS]  DESCRIPTION'")
    within = _class(parts[2]) if len(parts) > 2 else None
    rest = parts[3:] if within else parts[2:]
    return Param(parts[0].lstrip("?$"), parts[1] == "required", " ".join(rest), within)


def _class(token: str) -> str | None:
    """The IRI of a class named ``prefix:Local`` (a known prefix) or ``<IRI>``; None for any other word."""
    if token.startswith("<") and token.endswith(">"):
        return token[1:-1]
    prefix, colon, local = token.partition(":")
    return PREFIXES[prefix] + local if colon and prefix in PREFIXES and local[:1].isupper() else None


def load_file(path: Path, require_title: bool = True) -> NamedQuery:
    """The query in ``path``, named after the file."""
    try:
        if path.exists():
            input_file(path)  # a pipe or a device is no query file
        return parse(path.stem, path.read_text(encoding="utf-8"), require_title)
    except FileNotFoundError:
        raise BadInput(f"{path}: no such query file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(f"{path}: cannot read the query ({one_line(error)})") from None


def list_named(internal: bool = True) -> list[NamedQuery]:
    """Every query shipped in ``lls_kg/sparql/queries``, by name; without the package's own ones if ``internal`` is false."""
    queries = [load_file(path) for path in sorted(QUERIES.glob("*.rq"))]
    return [query for query in queries if internal or not query.internal]


def load_named(name: str) -> NamedQuery:
    """The shipped query called ``name`` (the file name without ``.rq``)."""
    return _shipped(name)


@functools.cache
def _shipped(name: str) -> NamedQuery:
    """A shipped query, read once per process: they do not change while it runs, and an import asks for some on
    every row (a name that is none is not remembered: functools does not keep what raised)."""
    path = QUERIES / f"{name}.rq"
    if "/" in name or "\\" in name or not path.is_file():
        known = ", ".join(q.stem for q in sorted(QUERIES.glob("*.rq")))
        raise BadInput(f"no query named '{name}'; the named queries are: {known}")
    return load_file(path)


def find(spec: str) -> NamedQuery:
    """A shipped query by name (``owners``), or a query file (``my.rq``, ``dir/q.rq``) whose header is optional."""
    if spec.endswith(".rq") or "/" in spec or "\\" in spec:
        return load_file(Path(spec), require_title=False)
    return load_named(spec)


def given(query: NamedQuery | str) -> NamedQuery:
    """A query as a caller may give it: a :class:`NamedQuery`, a shipped query's name (``owners``), a query
    file (``my.rq``) or SPARQL text.

    >>> given("owners").title, given("ASK { ?s ?p ?o }").name
    ('Who owns which project', 'query')
    """
    if isinstance(query, NamedQuery):
        return query
    if _NAME.fullmatch(query) or (query.strip().endswith(".rq") and "\n" not in query.strip()):
        return find(query.strip())
    return parse("query", query, require_title=False)
