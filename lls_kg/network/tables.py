"""The measures as tables, and the analysis as text: aligned tables for people, Markdown, or JSON.

Each :class:`Table` holds plain values (an IRI is an ``rdflib.URIRef``), so
:func:`lls_kg.formats.render` can align it and shorten its IRIs, and the report
can show it as HTML.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rdflib import Literal, URIRef

from ..choices import REPORT_FORMATS, require
from ..formats import render as render_table
from ..store import Result
from .analysis import Analysis
from .measures import SAMPLE, SEED, ranked
from .narrative import names as _names, summary


@dataclass(frozen=True)
class Table:
    """One table of a report: ``rows`` hold plain values; an IRI is an ``rdflib.URIRef``."""

    name: str
    title: str
    columns: list[str]
    rows: list[tuple[Any, ...]]


def tables(analysis: Analysis, top: int = 10) -> list[Table]:
    """The measures as tables, each cut to ``top`` rows where it lists nodes.

    Parameters
    ----------
    analysis
        The result of :func:`lls_kg.network.analysis.analyse`.
    top
        Rows per node list.

    Returns
    -------
    list of Table
        pairs, municipal_pairs, centrality, structure, communities, isolates, region, cross_border,
        ownership, goals, footprint.

    Example
    -------
    >>> import lls_kg
    >>> [t.name for t in tables(lls_kg.open().analyse())][:3]
    ['pairs', 'municipal_pairs', 'centrality']
    """
    return _pair_tables(analysis, top) + _view_tables(analysis, top) + _region_tables(analysis, top)


def basis(analysis: Analysis) -> list[Table]:
    """What each share and count of :func:`tables` is taken over: the lists behind the figures.

    Example
    -------
    >>> import lls_kg
    >>> [t.name for t in basis(lls_kg.open().analyse())]
    ['counted_work', 'projects', 'goal_work']
    """
    a, label = analysis, analysis.labels.get
    crossing = set(a.cross_border.crossing)
    ties = _names(a.tie_labels)
    return [
        Table("counted_work", f"The pieces of work counted ({ties}, with known participants)",
              ["work", "label", "municipalities", "crosses_borders"],
              [(_iri(w), label(w), n, w in crossing) for w, n in sorted(a.cross_border.municipalities.items())]),
        Table("projects", "The projects counted for ownership", ["project", "label", "current_owner"],
              [(_iri(p), label(p), p not in a.concentration.unowned_projects) for p in a.concentration.listed]),
        Table("goal_work", "The results and work reported under each goal", ["goal", "goal_label", "work", "label"],
              [(_iri(g.goal), label(g.goal), _iri(w), label(w)) for g in a.goals for w in g.work]),
    ]


def render(analysis: Analysis, fmt: str = "table", top: int = 10, explain: bool = False) -> str:
    """The summary sentences, then the tables, as ``table`` (for people), ``md`` or ``json``; with ``explain``
    (always in JSON, under ``basis``) the lists the shares and counts are taken over.

    Parameters
    ----------
    analysis
        The result of :func:`lls_kg.network.analysis.analyse`.
    fmt
        One of :data:`REPORT_FORMATS`.
    top
        Rows per node list.

    Returns
    -------
    str
        Text ending in a newline; json holds ``view``, ``ties``, ``summary``, ``tables`` and ``basis``
        (name -> list of records, numbers as numbers, IRIs in full).

    Example
    -------
    >>> import lls_kg
    >>> print(render(lls_kg.open().analyse(), "md").splitlines()[0])
    # Collaboration in the actors view
    """
    require(fmt, REPORT_FORMATS, "format")
    sentences, found, lists = summary(analysis), tables(analysis, top), basis(analysis)
    if fmt == "json":
        return json.dumps({"view": analysis.view, "ties": analysis.ties, "summary": sentences,
                           "tables": {t.name: [dict(zip(t.columns, row)) for row in t.rows] for t in found},
                           "basis": {t.name: [dict(zip(t.columns, row)) for row in t.rows] for t in lists}},
                          ensure_ascii=False, indent=2) + "\n"
    found += lists if explain else []
    if fmt == "md":
        parts = [f"# Collaboration in the {analysis.view} view", " ".join(sentences)]
        parts += [f"## {t.title}\n\n{render_table(_result(t), 'md').rstrip()}" for t in found]
    else:
        parts = ["\n".join(sentences)]
        parts += [f"{t.title}\n\n{render_table(_result(t), 'table').rstrip()}" for t in found]
    return "\n\n".join(parts) + "\n"


def _pair_tables(a: Analysis, top: int) -> list[Table]:
    """Who works with whom: pairs of actors, and of municipalities, with the work they share."""
    label, ties = a.labels.get, _names(a.tie_labels)
    return [Table(name, f"{title} ({ties}, most shared work first)",
                  ["one", "other", "shared", "work", "one_iri", "other_iri"],
                  [(label(p.one) or p.one, label(p.other) or p.other, len(p.work),
                    "; ".join(sorted(label(w) or w for w in p.work)), _iri(p.one), _iri(p.other))
                   for p in found[:top]])
            for name, title, found in (("pairs", "Who works with whom", a.pairs),
                                       ("municipal_pairs", "Which municipalities work together", a.municipal_pairs))]


def _view_tables(a: Analysis, top: int) -> list[Table]:
    """Centrality (as ranks on a small view), structure, communities and isolates of the analysed view."""
    label = a.labels.get
    community = {node: i for i, group in enumerate(a.communities, 1) for node in group}
    s = a.structure
    groups = [g for g in a.communities if len(g) > 1]
    order = ranked(a.betweenness, a.weighted_degree)
    if a.small:
        brokers = {n: 1 + sum(b > a.betweenness[n] for b in a.betweenness.values())
                   for n in order if a.betweenness[n] > 0}  # equals share a rank
        centrality = Table("centrality", f"Who stands between others ({a.view} view, {_names(a.tie_labels)}; "
                                         f"on {s.nodes} nodes, ranks rather than measures)",
                           ["node", "label", "class", "links", "shared_work", "broker_rank", "community"],
                           [(_iri(n), label(n), a.graph.nodes[n].get("class", ""), a.degree[n],
                             a.weighted_degree[n], brokers.get(n), community[n]) for n in order[:top]])
    else:
        centrality = Table("centrality", f"Centrality ({a.view} view, top {top} by betweenness)",
                           ["node", "label", "class", "degree", "weighted_degree", "betweenness", "closeness",
                            "community"],
                           [(_iri(n), label(n), a.graph.nodes[n].get("class", ""), a.degree[n], a.weighted_degree[n],
                             a.betweenness[n], a.closeness.get(n), community[n]) for n in order[:top]])
    return [
        centrality,
        Table("structure", f"Structure ({a.view} view)", ["measure", "value"], [
            ("nodes", s.nodes), ("links", s.edges), ("density", s.density), ("components", s.components),
            ("largest component", s.largest_component), ("isolates", len(s.isolates)),
            ("communities of two or more", len(groups)), ("modularity", a.modularity),
            ("betweenness", f"sampled from {SAMPLE} nodes (seed {SEED})" if a.sampled else "exact")]),
        Table("communities", f"Communities ({a.view} view, Louvain, seed {SEED})", ["community", "size", "members"],
              [(i, len(g), _members_text([label(n) or n for n in g], top)) for i, g in enumerate(groups, 1)][:top]),
        Table("isolates", f"Isolates ({a.view} view)", ["node", "label"],
              [(_iri(n), label(n)) for n in s.isolates[:top]]),
    ]


def _region_tables(a: Analysis, top: int) -> list[Table]:
    """The region's figures, its cross-border work, owners, goal coverage and municipal footprints."""
    label = a.labels.get
    c, o = a.cross_border, a.concentration
    owned = sum(o.owned.values())
    return [
        Table("region", "The region", ["measure", "value"], [
            ("work with known participants", len(c.municipalities)), ("cross-border work", len(c.crossing)),
            ("cross-border share", c.share), ("current owners", len(o.owned)), ("owned work", owned),
            ("Herfindahl index", o.herfindahl), ("projects", o.projects),
            ("projects without a current owner", len(o.unowned_projects)), ("goals", len(a.goals)),
            ("goals without owned work", sum(g.owned == 0 for g in a.goals))]),
        Table("cross_border", "Work across municipal borders", ["work", "label", "municipalities"],
              sorted(((_iri(w), label(w), n) for w, n in c.municipalities.items() if n > 1),
                     key=lambda row: (-row[2], row[1] or ""))[:top]),
        Table("ownership", "Current owners", ["owner", "label", "owned", "share"],
              [(_iri(n), label(n), k, k / owned)
               for n, k in sorted(o.owned.items(), key=lambda item: (-item[1], item[0]))][:top]),
        Table("goals", "What each goal has (fewest results first)",
              ["goal", "label", "results_reported", "actors", "with_current_owner"],
              [(_iri(g.goal), label(g.goal), g.results, g.actors, g.owned) for g in a.goals]),
        Table("footprint", "Municipal footprint", ["municipality", "label", "activities", "cross_border", "partners"],
              [(_iri(f.municipality), label(f.municipality), f.activities, f.cross_border, f.partners)
               for f in a.footprint]),
    ]


def _members_text(labels: list[str], limit: int) -> str:
    """The first ``limit`` labels, sorted, and how many more: a national community has thousands."""
    shown = sorted(labels)[:limit]
    return "; ".join(shown) + (f"; … {len(labels) - limit} more" if len(labels) > limit else "")


def _iri(node: str) -> URIRef:
    return URIRef(node)


def _result(table: Table) -> Result:
    """``table`` as a query result, so :func:`lls_kg.formats.render` aligns it and shortens IRIs."""

    def term(value: Any) -> Any:
        if value is None or isinstance(value, URIRef):
            return value
        return Literal(float(f"{value:.3g}") if isinstance(value, float) else value)  # 3 significant digits

    return Result("SELECT", vars=table.columns, rows=[tuple(term(v) for v in row) for row in table.rows])
