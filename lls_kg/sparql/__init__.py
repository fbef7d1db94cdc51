"""Questions to the graph: named queries as ``.rq`` files, the names people use for resources, and running them.

The second floor (files → store → **SPARQL** → tables | views → measures | pages):

- ``queries/*.rq``: every query the package asks, each with a header (:mod:`.named`);
- :mod:`.resolve`: a person's name for a resource → its IRI;
- :mod:`.run`: a query run with its parameters bound as RDF terms, and ``owners``.
"""

from __future__ import annotations

from .named import NamedQuery, Param, find, given, list_named, load_file, load_named, parse
from .resolve import resolve
from .run import answers, bound, is_update, named_ahead, owners, run, text_answer

__all__ = ["NamedQuery", "Param", "answers", "bound", "find", "given", "list_named", "load_file", "load_named",
           "is_update", "named_ahead",
           "owners", "parse", "resolve", "run", "text_answer"]
