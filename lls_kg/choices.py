"""The names of formats and inference modes, in a module light enough for ``lls-kg --help`` to import.

The library modules check their arguments against these, and the command line
offers them as choices, so the two never drift apart.
"""

from __future__ import annotations

from .errors import BadInput

#: Renderings of a query result (lls_kg.formats).
TABLE_FORMATS = ("table", "csv", "json", "md")
#: RDF serialisations of the whole graph (lls_kg.build).
GRAPH_FORMATS = ("turtle", "trig", "nt", "json-ld")
#: Entailment regimes the build can add (lls_kg.build).
INFERENCE = ("none", "rdfs", "owlrl")
#: Renderings of a SELECT or ASK answer (lls_kg.formats.show).
SELECT_FORMATS = TABLE_FORMATS + ("sparql-json",)
#: Renderings of a CONSTRUCT or DESCRIBE answer, which is a graph.
GRAPH_RESULT_FORMATS = ("turtle", "json-ld", "nt")
#: Every rendering ``lls-kg query`` offers; which ones apply depends on the kind of query.
QUERY_FORMATS = SELECT_FORMATS + GRAPH_RESULT_FORMATS
#: The network views (lls_kg.network), in the order the command line lists them.
VIEWS = ("actors", "ownership", "goals", "municipalities", "full")
#: File formats of a view's export (lls_kg.network.export).
EXPORT_FORMATS = ("graphml", "gexf", "csv", "json")
#: Output formats of the analysis (lls_kg.network.tables.render; several tables do not fit one CSV).
REPORT_FORMATS = tuple(fmt for fmt in TABLE_FORMATS if fmt != "csv")
#: What ``lls-kg report`` writes: the page, or the same page printed by headless Chromium.
PAGE_FORMATS = ("html", "pdf")
#: What ``lls-kg viz`` writes: the interactive page, or a figure for documents.
PICTURE_FORMATS = ("html", "png", "svg")
#: The node measures a picture can size its nodes by (as lls_kg.network.measures computes them; closeness is
#: exact, one breadth-first search per node, so slow on views of many thousand nodes).
SIZE_MEASURES = ("degree", "weighted-degree", "betweenness", "closeness")
#: Language tags a region page can be read as (lls_kg.extract): Nynorsk or Bokmål.
LANGUAGES = ("nn", "nb")
#: The languages lls-kg speaks to people (lls_kg.i18n): Nynorsk (the default), Bokmål, English.
READER_LANGUAGES = ("nn", "nb", "en")


def require(value: str, allowed: tuple[str, ...], what: str) -> None:
    """Refuse ``value`` unless it is one of ``allowed`` (callers from Python get the same check as the CLI)."""
    if value not in allowed:
        raise BadInput(f"unknown {what} '{value}'; use {', '.join(allowed)}")
#: The kinds of tie a network view can draw (the skos:notation of the ontology's lls:TieKind individuals; a test
#: checks they agree), in the order the command line lists them.
TIES = ("joint-work", "ownership", "succession", "authorship", "funding", "membership", "programme")
#: What collaboration measures count unless told otherwise: working together on the same piece of work.
JOINT_WORK = "joint-work"

#: Nodes a page draws at most (``--max-nodes``): a bigger network is drawn as groups (lls_kg.html.groups).
MAX_NODES = 2000
#: How such a network is grouped: by the municipality of each node, or by its Louvain community;
#: ``auto`` takes the municipalities when they fit the budget, else the communities.
GROUPINGS = ("auto", "municipality", "community")
#: Rows a report's table shows at most (``--rows``); the rest go to a CSV beside the page, or all with ``--full``.
ROWS = 50
