"""Running a query: its parameters resolved from the names people use and bound as RDF terms.

A parameter's value is a person's name for a resource (a label, a prefixed name
or an IRI). :func:`run` resolves it to one IRI (:mod:`lls_kg.sparql.resolve`)
and hands it to the engine as an RDF term, never as query text, so quotes,
braces or keywords in a value are only ever part of a name to look up.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from rdflib import URIRef

from ..errors import BadInput
from ..store import QuerySyntaxError, Record, Result, Store, Texts, ask_ahead, texts
from .named import NamedQuery, given, load_named
from .order import in_python
from .resolve import resolve


def text_answer(store: Store, name: str) -> Texts:
    """The answer of the shipped query ``name`` (no parameters) as plain text (:func:`lls_kg.store.texts`): views and
    pages show text, and no rdflib term is built for each of its values. Where Python sorts text as the query's
    ``ORDER BY`` does, the engine is asked without it (:mod:`.order`)."""
    asked = in_python(load_named(name).text)
    return asked.sort(texts(store, asked.text))


def named_ahead(store: Store, names: Iterable[str]) -> None:
    """Have ``store`` answer the shipped queries ``names`` together where that is faster (an on-disk store:
    :func:`lls_kg.store.ask_ahead`); :func:`text_answer` then hands each answer out once."""
    ask_ahead(store, [in_python(load_named(name).text).text for name in names])


def answers(store: Store, name: str) -> list[Record]:
    """The rows of the shipped query ``name`` as variable -> text (see :func:`text_answer`)."""
    return text_answer(store, name).records()


def run(store: Store, query: NamedQuery | str, params: Mapping[str, str] | None = None,
        within: Mapping[str, str] | None = None) -> Result:
    """Run ``query`` on ``store``, its parameters bound to the resources named.

    Parameters
    ----------
    store
        Where to ask (:func:`lls_kg.store.open_store`).
    query
        A :class:`~lls_kg.sparql.named.NamedQuery`, a shipped query's name (``owners``), a ``.rq``
        file, or SPARQL text; a header may declare its parameters.
    params
        Parameter name -> an IRI (``<...>`` optional), a prefixed name or a label (see
        :mod:`lls_kg.sparql.resolve`). Each is resolved to one IRI and bound as an RDF term.
    within
        Parameter name -> IRI of a class its resource must belong to (subclasses included); by default the
        class the query's header declares for it.

    Returns
    -------
    The :class:`~lls_kg.store.Result`. An unknown or missing parameter, a name that resolves to no
    resource or to several, a syntax error and a SPARQL Update all raise :class:`BadInput`.

    Example
    -------
    >>> from lls_kg.store import open_store
    >>> rows = run(open_store(), "owners", {"project": "Sykkelløyper"}).bindings()
    >>> sorted(str(row["status"]) for row in rows)
    ['current', 'former']
    """
    query = given(query)
    try:
        return store.query(query.text, bound(store, query, params, within))
    except QuerySyntaxError:
        if is_update(query.text):
            raise BadInput("this is a SPARQL Update (INSERT, DELETE, LOAD, CLEAR...); lls-kg only reads "
                           "the graph and never changes a store: edit the Turtle files and load them again") from None
        raise


def bound(store: Store, query: NamedQuery, params: Mapping[str, str] | None = None,
          within: Mapping[str, str] | None = None) -> dict[str, URIRef]:
    """``params`` of ``query`` checked against its header and each resolved to one IRI, as :func:`run` binds them."""
    classes = {**{param.name: param.within for param in query.params if param.within}, **(within or {})}
    return {name: resolve(store, value, classes.get(name)) for name, value in _checked(query, params).items()}


def owners(store: Store, project: str | None = None, actor: str | None = None, history: bool = False) -> Result:
    """Who owns which project (``owners.rq``): current owners, and with ``history`` the former ones too.

    ``project`` and ``actor`` (an IRI, prefixed name or label) narrow the rows to one project or one owner.

    Example
    -------
    >>> from lls_kg.store import open_store
    >>> [str(row["owner_label"]) for row in owners(open_store(), project="project:sykkelloyper").bindings()]
    ['Sogn terrengsykkel']
    """
    params = {name: value for name, value in (("project", project), ("owner", actor)) if value is not None}
    result = run(store, load_named("owners"), params)
    if history:
        return result
    current = [row for row, named in zip(result.rows, result.bindings()) if str(named["status"]) == "current"]
    return dataclasses.replace(result, rows=current)


def _checked(query: NamedQuery, params: Mapping[str, str] | None) -> Mapping[str, str]:
    """``params`` if ``query`` declares every one of them and gets all it requires; else a plain-words error."""
    given_params = params or {}
    declared = [param.name for param in query.params]
    unknown = sorted(set(given_params) - set(declared))
    if unknown:
        offer = (f"its parameters are: {', '.join(declared)}" if declared
                 else "it declares none (a '# param: NAME  optional|required  DESCRIPTION' header line does)")
        raise BadInput(f"query {query.name} has no parameter '{unknown[0]}'; {offer}")
    for param in query.params:
        if param.required and param.name not in given_params:
            raise BadInput(f"query {query.name} needs the parameter '{param.name}': "
                           f"{param.description or 'a resource'}; give it as {param.name}=VALUE")
    return given_params


def is_update(text: str) -> bool:
    """Whether ``text`` is SPARQL Update: rdflib's parser only reads it, nothing is executed."""
    from rdflib.plugins.sparql.parser import parseUpdate  # here, not at the top: 70 ms of every command's start-up

    try:
        parseUpdate(text)
    except Exception:  # pyparsing's errors, or rdflib's on odd input: either way not an update
        return False
    return True
