"""Named SPARQL queries: ``.rq`` files whose comment header says what question they answer; and running them.

Keeping queries as files (as grlc does) lets any SPARQL tool run them, and the
header gives the command line its titles, descriptions and parameters for free::

    # title: Instances per class
    # description: How many resources the graph holds of each class.
    # param: class  optional  IRI of a class
    # internal: true

``internal`` marks a query the package itself uses (for statistics, views,
validation), left out of the list people browse. A parameter's value is a person's name for a resource;
:func:`run` resolves it to an IRI and hands it to the engine as an RDF term,
never as query text, so no value can change what a query does.

This module imports no RDF library at load time: the command line reads the
format names below before it knows whether it will run anything.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BadInput, one_line
from .namespaces import LLS

if TYPE_CHECKING:
    from .store import Result, Store

QUERIES = Path(__file__).resolve().parent / "queries"

#: The classes the ``owners`` filters look in, so a name cannot pick a resource of another kind.
OWNER_CLASSES = {"project": LLS + "Project", "owner": LLS + "Actor"}


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
    internal: bool = False


def parse(name: str, text: str, require_title: bool = True) -> NamedQuery:
    """Read the ``# key: value`` header of the query ``text`` (the comment lines before the first other line).

    A shipped query must have a title; a user's own query (``require_title=False``) may have no header at all.
    """
    fields: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, colon, value = line[1:].partition(":")
        key, value = key.strip(), value.strip()
        if not colon or key not in ("title", "description", "param", "internal"):
            continue
        if key == "param":
            parts = value.split(maxsplit=2)
            if len(parts) < 2 or parts[1] not in ("optional", "required"):
                raise BadInput(f"query {name}: bad header line '{line}'; "
                               "write '# param: NAME  optional|required  DESCRIPTION'")
            params.append(Param(parts[0].lstrip("?$"), parts[1] == "required", parts[2] if len(parts) > 2 else ""))
        else:
            fields[key] = value
    if "title" not in fields and require_title:
        raise BadInput(f"query {name}: the header has no '# title:' line")
    return NamedQuery(name, fields.get("title", ""), fields.get("description", ""), tuple(params), text,
                      internal=fields.get("internal", "").lower() == "true")


def load_file(path: Path, require_title: bool = True) -> NamedQuery:
    """The query in ``path``, named after the file."""
    try:
        return parse(path.stem, path.read_text(encoding="utf-8"), require_title)
    except FileNotFoundError:
        raise BadInput(f"{path}: no such query file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(f"{path}: cannot read the query ({one_line(error)})") from None


def list_named(internal: bool = True) -> list[NamedQuery]:
    """Every query shipped in ``lls_kg/queries``, by name; without the package's own ones if ``internal`` is false."""
    queries = [load_file(path) for path in sorted(QUERIES.glob("*.rq"))]
    return [query for query in queries if internal or not query.internal]


def load_named(name: str) -> NamedQuery:
    """The shipped query called ``name`` (the file name without ``.rq``)."""
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


def run(store: Store, query: NamedQuery | str, params: Mapping[str, str] | None = None,
        within: Mapping[str, str] | None = None) -> Result:
    """Run ``query`` (a named query or SPARQL text) on ``store``, its parameters bound to the resources named.

    Parameters
    ----------
    store
        Where to ask (:func:`lls_kg.store.open_store`).
    query
        A :class:`NamedQuery`, or SPARQL text whose optional header declares its parameters.
    params
        Parameter name -> an IRI (``<...>`` optional), a prefixed name or a label (see :mod:`lls_kg.resolve`).
        Each is resolved to one IRI and bound as an RDF term, so quotes, braces or keywords in a value
        are only ever part of a name to look up.
    within
        Parameter name -> IRI of a class its resource must belong to (subclasses included).

    Returns
    -------
    The :class:`~lls_kg.store.Result`. An unknown or missing parameter, a name that resolves to no
    resource or to several, a syntax error and a SPARQL Update all raise :class:`BadInput`.

    Example
    -------
    >>> from lls_kg.store import open_store
    >>> rows = run(open_store(), load_named("owners"), {"project": "Sykkelløyper"}).rows
    >>> sorted(str(row[5]) for row in rows)
    ['current', 'former']
    """
    from .resolve import resolve  # rdflib loads only once a query runs
    from .store import QuerySyntaxError

    if isinstance(query, str):
        query = parse("query", query, require_title=False)
    classes = within or {}
    bindings = {name: resolve(store, value, classes.get(name)) for name, value in _checked(query, params).items()}
    try:
        return store.query(query.text, bindings)
    except QuerySyntaxError:
        if _is_update(query.text):
            raise BadInput("this is a SPARQL Update (INSERT, DELETE, LOAD, CLEAR...); lls-kg only reads "
                           "the graph and never changes a store: edit the Turtle files and load them again") from None
        raise


def owners(store: Store, project: str | None = None, actor: str | None = None, history: bool = False) -> Result:
    """Who owns which project (``owners.rq``): current owners, and with ``history`` the former ones too.

    ``project`` and ``actor`` (an IRI, prefixed name or label) narrow the rows to one project or one owner.

    Example
    -------
    >>> from lls_kg.store import open_store
    >>> [str(row[3]) for row in owners(open_store(), project="project:sykkelloyper").rows]
    ['Sogn terrengsykkel']
    """
    params = {name: value for name, value in (("project", project), ("owner", actor)) if value is not None}
    result = run(store, load_named("owners"), params, within=OWNER_CLASSES)
    if history:
        return result
    status = result.vars.index("status")
    return dataclasses.replace(result, rows=[row for row in result.rows if str(row[status]) == "current"])


def _checked(query: NamedQuery, params: Mapping[str, str] | None) -> Mapping[str, str]:
    """``params`` if ``query`` declares every one of them and gets all it requires; else a plain-words error."""
    given = params or {}
    declared = [param.name for param in query.params]
    unknown = sorted(set(given) - set(declared))
    if unknown:
        offer = (f"its parameters are: {', '.join(declared)}" if declared
                 else "it declares none (a '# param: NAME  optional|required  DESCRIPTION' header line does)")
        raise BadInput(f"query {query.name} has no parameter '{unknown[0]}'; {offer}")
    for param in query.params:
        if param.required and param.name not in given:
            raise BadInput(f"query {query.name} needs the parameter '{param.name}': "
                           f"{param.description or 'a resource'}; give it as {param.name}=VALUE")
    return given


def _is_update(text: str) -> bool:
    """Whether ``text`` is SPARQL Update: rdflib's parser only reads it, nothing is executed."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:  # pyparsing's errors, or rdflib's on odd input: either way not an update
        return False
    return True
