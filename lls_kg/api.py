"""The Python API: open the graph once, then ask it what the commands ask.

Every ``lls-kg`` command is a thin wrapper over one of these calls, so a
notebook gets the same answers as the command line::

    >>> import lls_kg
    >>> kg = lls_kg.open()                                   # ontology + shipped graph, Oxigraph in memory
    >>> kg.owners(project="Sykkelløyper").records()[0]["owner_label"]
    'Sogn terrengsykkel'
    >>> kg.query("goal_activities").vars[:3]
    ['goal_number', 'goal', 'goal_label']
    >>> kg.view("actors").number_of_nodes()
    19

Names are resolved once, here, by the caller of the lower floors: a scene or a
query below receives IRIs. Views are built once per call and handed down.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import networkx as nx
from rdflib import Graph, URIRef

from . import build as building
from . import resources
from .build import serialise
from .choices import JOINT_WORK, MAX_NODES, ROWS
from .errors import BadInput
from .extract import Extraction
from .extract import extract
from .formats import catalogue, render, show
from .heap import no_collection
from .html import report as reporting
from .html.compare import section as side_by_side
from .html.figure import format_for, picture
from .html.groups import fit
from .html.pdf import pdf
from .html.rest import Rest
from .html.viz import GOAL, Scene, scene
from .i18n import language, speech
from .namespaces import LLS
from .network import Analysis, analyse, export, needed, views
from .network.compare import as_result
from .network.compare import compare as compare_regions
from .network.tables import render as render_analysis
from .output import emit
from .serve import Limits
from .serve import serve as run_endpoint
from .sheets.files import Table
from .sheets.importer import Plan, default_target, plan, write
from .sheets.tables import contents, templates
from .sheets.tables import write as write_sheets
from .sparql import NamedQuery, find, given, list_named, owners, resolve, run
from .sparql.identity import merge_regions
from .sparql.labels import Labels
from .sparql.scope import chosen_region, every_region, scoped
from .stats import collect
from .store import RdflibStore, Result, Store, cache, disk_folder, open_store
from .store.files import PathLike, home_files, select, triples
from .store.load import load_disk
from .store.upload import load_endpoint
from .validate import Report, check

#: What the command line calls besides :class:`KG`: the writers of each command's output.
__all__ = ["KG", "HomeContents", "Limits", "catalogue", "default_target", "disk_folder", "draft", "emit",
           "export", "find", "format_for", "home", "language", "list_named", "no_collection", "open", "picture",
           "render", "render_analysis", "serialise", "show", "templates", "write_sheets"]


@dataclass(frozen=True)
class HomeContents:
    """The data home (see :func:`home`): its folder, the rule that chose it, and its RDF files; and the cache of
    on-disk stores' answers (:mod:`lls_kg.store.cache`): its folder (None: turned off) and the bytes it holds."""

    path: Path
    chosen_by: str
    files: list[Path]
    cache: Path | None = None
    cached: int = 0

    def lines(self, lang: str | None = None) -> list[str]:
        """Where it is and why, then each file with its triples (one line each), then the answer cache, for people
        (the cache's line in ``lang``)."""
        where = f"data home: {self.path} (chosen by {self.chosen_by})"
        if not self.files:
            found = [where, "it holds no RDF files yet; 'lls-kg import' writes imported.ttl there"]
        else:
            found = [where] + [f"{path.relative_to(self.path).as_posix()}\t{sum(1 for _ in triples(path))} triples"
                               for path in self.files]
        words = speech(lang)
        if self.cache is None:
            return [*found, words._("answers of on-disk stores: not kept ({variable}=off)", variable=cache.VARIABLE)]
        return [*found, words._("answers of on-disk stores kept in {path} ({size} MB)", path=self.cache,
                                size=words.fixed(self.cached / 1e6, 1))]


class KG:
    """The knowledge graph, as one set of files (or one store) to ask.

    Open it with :func:`open`. ``files`` are the RDF files it was read from (None for a
    store that holds its own data: an on-disk store or an endpoint); the store itself
    is opened at the first question, so building or validating never pays for it.
    """

    def __init__(self, spec: str = "memory", data: Iterable[PathLike] = (), default: bool = True,
                 home: PathLike | None = None, lang: str | None = None, region: str | None = None) -> None:
        self.spec = spec
        #: The city region the commands that assume one region answer for (``--region``, a name), if chosen.
        self.region = region
        #: The language people read (:mod:`lls_kg.i18n`): pages, messages, labels.
        self.lang = language(lang)
        self.data = [Path(item) for item in data]
        self.default = default
        self.home = home
        self.files: list[Path] | None = select(self.data, default, home) \
            if spec in ("memory", "oxigraph", "rdflib") else None

    @functools.cached_property
    def store(self) -> Store:
        """The backend the questions go to (see :func:`lls_kg.store.open_store`), with each region that several
        sources describe merged into one node (:mod:`lls_kg.sparql.identity`)."""
        store = open_store(self.spec, self.data, self.default, self.home)
        merge_regions(store)
        return store

    @functools.cached_property
    def scope(self) -> Store:
        """What the commands that assume one region ask: the chosen region's part of the graph (``region``), or the
        whole graph when it holds one region; a graph of several regions and none chosen is refused
        (:mod:`lls_kg.sparql.scope`)."""
        chosen = chosen_region(self.store, self.region, self.labels, self.lang)
        return self.store if chosen is None else scoped(self.store, chosen)

    @functools.cached_property
    def labels(self) -> Labels:
        """Every resource's labels by language, read at the first lookup (for tables in :attr:`lang`)."""
        return Labels(self.store)

    # --- questions ----------------------------------------------------------------------------

    def query(self, query: NamedQuery | str, params: Mapping[str, str] | None = None, /, **named: str) -> Result:
        """A named query by name (``"owners"``), a ``.rq`` file, or SPARQL text, its parameters given by name.

        Parameters take the names people use: an IRI, a prefixed name or a label. With a ``region`` chosen, a
        query that takes a ``region`` parameter gets it, and any other runs on that region's part of the graph.

        >>> open().query("owners", project="project:sykkelloyper").records()[0]["status"]
        'current'
        """
        chosen = given(query)
        asked = {**(params or {}), **named}
        if self.region is None or every_region(self.region) or "region" in asked:
            return run(self.store, chosen, asked)
        if any(param.name == "region" for param in chosen.params):
            return run(self.store, chosen, {**asked, "region": self.region})
        return run(self.scope, chosen, asked)

    def owners(self, project: str | None = None, actor: str | None = None, history: bool = False) -> Result:
        """Who owns which project; ``history`` adds former owners and ended ownerships."""
        return owners(self.scope, project, actor, history)

    def compare(self, lang: str | None = None) -> Result:
        """Every city region side by side (``lls-kg compare``), names in ``lang`` (default :attr:`lang`; a machine
        format asks for English, so its values do not change with the reader's language)."""
        return as_result(compare_regions(self.store, self.labels, lang or self.lang))

    def stats(self) -> Result:
        """Triples, source passages, instances per class and roles per kind, as one table."""
        return collect(self.store)

    def resolve(self, name: str, within: str | None = None) -> URIRef:
        """The one resource ``name`` stands for, optionally an instance of the class ``within`` (an IRI)."""
        return resolve(self.store, name, within)

    # --- networks ------------------------------------------------------------------------------

    def view(self, name: str = "actors", *, ties: Sequence[str] | None = None, departments: bool = False) -> nx.Graph:
        """The network view ``name`` as a networkx graph, drawing the kinds of tie ``ties`` (by default the view's
        own: joint work for actors and municipalities); see :func:`lls_kg.network.views.views`.

        >>> sorted(label for _, label in open().view("municipalities").nodes(data="label_en"))[:2]
        ['Balestrand municipality', 'Leikanger municipality']
        """
        return self.views([name], ties=ties, departments=departments)[name]

    def views(self, names: Sequence[str], *, ties: Sequence[str] | None = None,
              departments: bool = False, quotes: bool | Sequence[str] = True) -> dict[str, nx.Graph]:
        """Several views at once, each view query run once (``quotes``: see :func:`lls_kg.network.views.views`)."""
        return views(self.scope, names, ties=ties, departments=departments, labels=self.labels, quotes=quotes)

    def analyse(self, view: str = "actors", *, top: int = 10, ties: Sequence[str] | None = None,
                departments: bool = False) -> Analysis:
        """Every measure of ``view`` and of the region, counting the kinds of tie ``ties`` (joint work by default;
        see :mod:`lls_kg.network.analysis`)."""
        chosen = ties or (JOINT_WORK,)
        return analyse(self.views(needed(view), ties=chosen, departments=departments, quotes=False), view, top=top,
                       labels=self.labels)

    def scene(self, view: str = "actors", *, focus: str | None = None, depth: int = 1, goal: str | None = None,
              municipality: str | None = None, ties: Sequence[str] | None = None, departments: bool = False,
              max_nodes: int | None = None, aggregate: str | None = None) -> Scene:
        """``view`` cut to a goal, a municipality and the neighbourhood of ``focus``, each named as people name
        them (see :func:`lls_kg.html.viz.scene`); past ``max_nodes`` grouped by ``aggregate``, or refused
        (:func:`lls_kg.html.groups.fit`)."""
        chosen = {"goal": goal and self.resolve(goal, GOAL),
                  "municipality": municipality and self.resolve(municipality, LLS + "Municipality"),
                  "focus": focus and self.resolve(focus)}
        shown = scene(self.views(needed(view), ties=ties, departments=departments, quotes=[view]), view, depth=depth,
                      lang=self.lang, labels=self.labels,
                      **{key: str(iri) if iri else None for key, iri in chosen.items()})
        return shown if max_nodes is None else fit(shown, max_nodes, aggregate)

    def report(self, *, top: int = 10, size_by: str = "degree", when: date | None = None,
               fmt: str = "html", compare: bool = False, rows: int | None = ROWS, max_nodes: int = MAX_NODES,
               beside: PathLike | None = None) -> str | bytes:
        """The region's report made on ``when`` (default today): one offline HTML page, or as ``fmt="pdf"`` that
        page printed by headless Chromium (``lls-kg report``); ``compare`` adds every region side by side. Long
        sections show ``rows`` rows (None: all); with ``beside`` (the page's path) every row of them is written to
        CSV files beside it first."""
        compared = side_by_side(compare_regions(self.store, self.labels, self.lang), speech(self.lang)) \
            if compare else None
        with Rest(Path(beside) if beside is not None and str(beside) != "-" else None) as rest:
            page = reporting.report(self.scope, top=top, size_by=size_by, lang=self.lang, when=when,
                                    compared=compared, rows=rows, max_nodes=max_nodes, rest=rest)
        return pdf(page) if fmt == "pdf" else page

    # --- the files -------------------------------------------------------------------------------

    def graph(self, inference: str = "none") -> Graph:
        """The whole graph as one rdflib graph, with the RDFS or OWL 2 RL entailments if asked (``lls-kg build``); a
        region that several sources describe is one node in it, as in every question."""
        graph = building.assemble(self._files("build"), inference)
        merge_regions(RdflibStore(graph))
        return graph

    def validate(self) -> Report:
        """The SHACL problems of the graph, one plain line each (``lls-kg validate``)."""
        return check(self._files("validate"), self.lang)

    def sheets(self) -> dict[str, Table]:
        """Projects, actors, roles and transfers as spreadsheet tables (``lls-kg sheets``)."""
        return contents(self.store)

    def import_sheets(self, sheets: Sequence[PathLike], into: PathLike | None = None, *, dry_run: bool = False,
                      now: datetime | None = None) -> Plan:
        """What the spreadsheets add; written to ``into`` (default: ``imported.ttl`` in the data home) unless
        ``dry_run`` or a problem stops it."""
        target = into or default_target(self.home)
        found = plan(sheets, target, self.data, self.default, now=now, home=self.home, lang=self.lang)
        if not dry_run:
            write(found, target)
        return found

    def load(self, target: str, *, replace: bool = False, graph: str | None = None, graph_store: str | None = None,
             update: str | None = None, progress: Callable[[str], None] | None = None) -> int:
        """Load the files into an on-disk store (``oxigraph:DIR``) or an endpoint's ``graph`` (``http(s)://``).

        Returns the number of triples loaded.
        """
        files = self._files("load")
        if target.startswith(("http://", "https://")):
            return load_endpoint(target, files, replace, graph=graph, gsp=graph_store, update=update,
                                 progress=progress)
        if graph or graph_store or update:
            raise BadInput("--graph, --graph-store and --update are for an endpoint (--store http(s)://...)")
        folder = disk_folder(target)
        try:
            return load_disk(folder, files, replace, progress=progress)
        except OSError as error:  # a full disk, say (RocksDB's long message ends with the system's words)
            raise BadInput(f"{folder}: cannot build the store there ({str(error).rsplit(': ', 1)[-1]}); "
                           "the old store, if any, is as it was") from None

    def serve(self, host: str, port: int, limits: Limits, say: Callable[[str], None],
              log: Callable[[str], None] | None = None) -> None:
        """Serve the files as a read-only SPARQL endpoint until interrupted (``lls-kg serve``)."""
        run_endpoint(self._files("serve"), host, port, limits, say, log, self.lang)

    def _files(self, what: str) -> list[Path]:
        if self.files is None:
            raise BadInput(f"{what} reads the RDF files, and '{self.spec}' is a store that holds its own data; "
                           "open the graph from files (store 'memory') to do that")
        return self.files


def open(data: Iterable[PathLike] = (), default: bool = True, store: str = "memory",  # noqa: A001
         home: PathLike | None = None, lang: str | None = None, region: str | None = None) -> KG:
    """The graph: the ontology, the shipped graph and the data home's files (unless ``default`` is false) and
    ``data``, asked on ``store``.

    Parameters
    ----------
    data
        Extra RDF files or folders.
    default
        Include the shipped graph and the data home's files.
    store
        ``memory`` (Oxigraph in memory), ``rdflib``, ``oxigraph:DIR`` or an ``http(s)://`` SPARQL endpoint.
    home
        The data home, if not the one the rule gives (see :func:`home`).
    lang
        The language people read: ``nn``, ``nb`` or ``en`` (default: ``$LLS_KG_LANG``, else ``nn``).
    region
        The city region (a name, prefixed name or IRI) that reports, analyses, pictures and owners answer for;
        needed when the graph holds several.
    """
    return KG(store, data, default, home, lang, region)


def home(given: PathLike | None = None) -> HomeContents:
    """Where the user's data lives (``--home``, ``$LLS_KG_HOME``, a checkout's ``graph/``, or the platform's user
    data folder), which rule chose it, and the RDF files it holds; and where on-disk stores' answers are kept
    (``lls-kg home``)."""
    found = resources.home(given)
    kept = cache.folder()
    return HomeContents(found.path, found.chosen_by, home_files(given), kept, cache.size(kept) if kept else 0)


def draft(pages: Sequence[PathLike], lang: str = "nn", region_id: str | None = None) -> Extraction:
    """A draft graph of the regions on plain-text city-region pages (``lls-kg extract``)."""
    return extract([Path(page) for page in pages], lang=lang, region_id=region_id)
