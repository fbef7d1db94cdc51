"""The measures as tables, and the analysis as text: aligned tables for people, Markdown, or JSON.

Each :class:`Table` holds plain values (an IRI is an ``rdflib.URIRef``), so
:func:`lls_kg.formats.render` can align it and shorten its IRIs, and the report
can show it as HTML.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any

from rdflib import Literal, URIRef

from ..choices import REPORT_FORMATS, require
from ..formats import render as render_table
from ..i18n import Speech, speech
from ..store import Result
from .analysis import Analysis
from .measures import SAMPLE, SEED, ranked
from .narrative import VIEW_NAMES, summary, ties as tie_names
from .region import CrossBorder


@dataclass(frozen=True)
class Table:
    """One table of a report: ``rows`` hold plain values; an IRI is an ``rdflib.URIRef``."""

    name: str
    title: str
    columns: list[str]
    rows: list[tuple[Any, ...]]


def tables(analysis: Analysis, top: int = 10, lang: str | None = None) -> list[Table]:
    """The measures as tables, each cut to ``top`` rows where it lists nodes.

    Parameters
    ----------
    analysis
        The result of :func:`lls_kg.network.analysis.analyse`.
    top
        Rows per node list.
    lang
        The reader's language (:mod:`lls_kg.i18n`) of the titles, the names of measures and the labels.

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
    words = speech(lang)
    return _pair_tables(analysis, top, words) + _view_tables(analysis, top, words) + _region_tables(analysis, top,
                                                                                                     words)


def basis(analysis: Analysis, lang: str | None = None) -> list[Table]:
    """What each share and count of :func:`tables` is taken over: the lists behind the figures.

    Example
    -------
    >>> import lls_kg
    >>> [t.name for t in basis(lls_kg.open().analyse())]
    ['counted_work', 'projects', 'goal_work']
    """
    words = speech(lang)
    a, _ = analysis, words._

    @functools.cache  # a goal is named on every row of its work, a piece of work in two lists
    def label(node: str) -> str | None:
        return a.label(node, words.lang)

    crossing, unowned = set(a.cross_border.crossing), set(a.concentration.unowned_projects)
    return [
        Table("counted_work", _("The pieces of work counted ({ties}, with known participants)",
                                ties=tie_names(a, words)),
              ["work", "label", "municipalities", "crosses_borders"],
              [(_iri(w), label(w), n, w in crossing) for w, n in sorted(a.cross_border.municipalities.items())]),
        Table("projects", _("The projects counted for ownership"), ["project", "label", "current_owner"],
              [(_iri(p), label(p), p not in unowned) for p in a.concentration.listed]),
        Table("goal_work", _("The results and work reported under each goal"), ["goal", "goal_label", "work", "label"],
              [(_iri(g.goal), label(g.goal), _iri(w), label(w)) for g in a.goals for w in g.work]),
    ]


def render(analysis: Analysis, fmt: str = "table", top: int = 10, lang: str | None = None,
           explain: bool = False) -> str:
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
    lang
        The language of ``table`` and ``md`` (:mod:`lls_kg.i18n`); ``json`` is for programs and the same in every
        language (English sentences and labels).

    Returns
    -------
    str
        Text ending in a newline; json holds ``view``, ``ties``, ``summary``, ``tables`` and ``basis``
        (name -> list of records, numbers as numbers, IRIs in full).

    Example
    -------
    >>> import lls_kg
    >>> print(render(lls_kg.open().analyse(), "md", lang="en").splitlines()[0])
    # Collaboration in the actors view
    >>> print(render(lls_kg.open().analyse(), "md", lang="nn").splitlines()[0])
    # Samarbeid i aktørnettverket
    """
    require(fmt, REPORT_FORMATS, "format")
    words = speech("en" if fmt == "json" else lang)
    sentences, found = summary(analysis, words.lang), tables(analysis, top, words.lang)
    lists = basis(analysis, words.lang) if explain or fmt == "json" else []  # every counted piece of work: long
    if fmt == "json":
        return json.dumps({"view": analysis.view, "ties": analysis.ties, "summary": sentences,
                           "tables": {t.name: [dict(zip(t.columns, row)) for row in t.rows] for t in found},
                           "basis": {t.name: [dict(zip(t.columns, row)) for row in t.rows] for t in lists}},
                          ensure_ascii=False, indent=2) + "\n"
    found += lists
    if fmt == "md":
        title = words._("Collaboration in the {view}", view=words._(VIEW_NAMES.get(analysis.view, analysis.view)))
        parts = [f"# {title}", " ".join(sentences)]
        parts += [f"## {t.title}\n\n{render_table(_result(t), 'md', words.lang).rstrip()}" for t in found]
    else:
        parts = ["\n".join(sentences)]
        parts += [f"{t.title}\n\n{render_table(_result(t), 'table', words.lang).rstrip()}" for t in found]
    return "\n\n".join(parts) + "\n"


def _pair_tables(a: Analysis, top: int, words: Speech) -> list[Table]:
    """Who works with whom: pairs of actors, and of municipalities, with the work they share."""

    def label(node: str) -> str:
        return a.label(node, words.lang) or node

    titles = (("pairs", words._("Who works with whom ({ties}, most shared work first)", ties=tie_names(a, words)),
               a.pairs),
              ("municipal_pairs", words._("Which municipalities work together ({ties}, most shared work first)",
                                          ties=tie_names(a, words)), a.municipal_pairs))
    return [Table(name, title, ["one", "other", "shared", "work", "one_iri", "other_iri"],
                  [(label(p.one), label(p.other), len(p.work), "; ".join(sorted(label(w) for w in p.work)),
                    _iri(p.one), _iri(p.other)) for p in found[:top]])
            for name, title, found in titles]


def _view_tables(a: Analysis, top: int, words: Speech) -> list[Table]:
    """Centrality (as ranks on a small view), structure, communities and isolates of the analysed view."""
    _ = words._

    def label(node: str) -> str | None:
        return a.label(node, words.lang)

    def kind(node: str) -> str:
        data = a.graph.nodes[node]
        return a.label(data.get("class_iri", ""), words.lang) or data.get("class", "")

    community = {node: i for i, group in enumerate(a.communities, 1) for node in group}
    s = a.structure
    groups = [g for g in a.communities if len(g) > 1]
    view = _(VIEW_NAMES.get(a.view, a.view))
    order = ranked(a.betweenness, a.weighted_degree)
    if a.small:
        brokers = {n: 1 + sum(b > a.betweenness[n] for b in a.betweenness.values())
                   for n in order if a.betweenness[n] > 0}  # equals share a rank
        centrality = Table("centrality", _("Who stands between others ({view}, {ties}; on {nodes} nodes, ranks "
                                           "rather than measures)", view=view, ties=tie_names(a, words),
                                           nodes=s.nodes),
                           ["node", "label", "class", "links", "shared_work", "broker_rank", "community"],
                           [(_iri(n), label(n), kind(n), a.degree[n], a.weighted_degree[n], brokers.get(n),
                             community[n]) for n in order[:top]])
    else:
        centrality = Table("centrality", _("Centrality ({view}, top {top} by betweenness)", view=view, top=top),
                           ["node", "label", "class", "degree", "weighted_degree", "betweenness", "closeness",
                            "community"],
                           [(_iri(n), label(n), kind(n), a.degree[n], a.weighted_degree[n],
                             a.betweenness[n], a.closeness.get(n), community[n]) for n in order[:top]])
    return [
        centrality,
        Table("structure", _("Structure ({view})", view=view), ["measure", "value"], [
            (_("nodes"), s.nodes), (_("links"), s.edges), (_("density"), s.density), (_("components"), s.components),
            (_("largest component"), s.largest_component), (_("isolates"), len(s.isolates)),
            (_("communities of two or more"), len(groups)), (_("modularity"), a.modularity),
            (_("betweenness"), _("sampled from {sample} nodes (seed {seed})", sample=SAMPLE, seed=SEED)
             if a.sampled else _("exact"))]),
        Table("communities", _("Communities ({view}, Louvain, seed {seed})", view=view, seed=SEED),
              ["community", "size", "members"],
              [(i, len(g), _members_text([label(n) or n for n in g], top, words))
               for i, g in enumerate(groups, 1)][:top]),
        Table("isolates", _("Isolates ({view})", view=view), ["node", "label"],
              [(_iri(n), label(n)) for n in s.isolates[:top]]),
    ]


def _region_tables(a: Analysis, top: int, words: Speech) -> list[Table]:
    """The region's figures, its cross-border work, owners, goal coverage and municipal footprints."""
    _ = words._

    def label(node: str) -> str | None:
        return a.label(node, words.lang)

    c, o = a.cross_border, a.concentration
    owned = sum(o.owned.values())
    return [
        Table("region", _("The region"), ["measure", "value"], [
            (_("work with known participants"), len(c.municipalities)), (_("cross-border work"), len(c.crossing)),
            (_("cross-border share"), c.share), (_("current owners"), len(o.owned)), (_("owned work"), owned),
            (_("Herfindahl index"), o.herfindahl), (_("projects"), o.projects),
            (_("projects without a current owner"), len(o.unowned_projects)), (_("goals"), len(a.goals)),
            (_("goals without owned work"), sum(g.owned == 0 for g in a.goals))]),
        Table("cross_border", _("Work across municipal borders"), ["work", "label", "municipalities"],
              sorted(((_iri(w), label(w), n) for w, n in _most_crossing(c, top)),
                     key=lambda row: (-row[2], row[1] or ""))[:top]),
        Table("ownership", _("Current owners"), ["owner", "label", "owned", "share"],
              [(_iri(n), label(n), k, k / owned)
               for n, k in sorted(o.owned.items(), key=lambda item: (-item[1], item[0]))][:top]),
        Table("goals", _("What each goal has (fewest results first)"),
              ["goal", "label", "results_reported", "actors", "with_current_owner"],
              [(_iri(g.goal), label(g.goal), g.results, g.actors, g.owned) for g in a.goals]),
        Table("footprint", _("Municipal footprint"), ["municipality", "label", "activities", "cross_border", "partners"],
              [(_iri(f.municipality), label(f.municipality), f.activities, f.cross_border, f.partners)
               for f in a.footprint]),
    ]


def _most_crossing(c: CrossBorder, top: int) -> list[tuple[str, int]]:
    """The cross-border work that can be among the ``top`` shown, most municipalities first, before they are named
    (a national graph has twenty thousand pieces of it)."""
    crossing = [(work, count) for work, count in c.municipalities.items() if count > 1]
    if len(crossing) <= top:
        return crossing
    least = sorted((count for _work, count in crossing), reverse=True)[top - 1]
    return [(work, count) for work, count in crossing if count >= least]


def _members_text(labels: list[str], limit: int, words: Speech) -> str:
    """The first ``limit`` labels, sorted, and how many more: a national community has thousands."""
    shown = sorted(labels)[:limit]
    more = "; … " + words._("{n} more", n=words.number(len(labels) - limit)) if len(labels) > limit else ""
    return "; ".join(shown) + more


def _iri(node: str) -> URIRef:
    return URIRef(node)


def _result(table: Table) -> Result:
    """``table`` as a query result, so :func:`lls_kg.formats.render` aligns it and shortens IRIs."""

    def term(value: Any) -> Any:
        if value is None or isinstance(value, URIRef):
            return value
        return Literal(float(f"{value:.3g}") if isinstance(value, float) else value)  # 3 significant digits

    return Result("SELECT", vars=table.columns, rows=[tuple(term(v) for v in row) for row in table.rows])
