"""Network views as files for Gephi, Cytoscape and yEd: GraphML, GEXF, Cytoscape.js JSON and CSV tables.

Those tools want flat attributes of one type each, no None, and text XML can
hold, so a view is flattened first (:func:`flatten`): lists are joined with
:data:`LIST_SEPARATOR`, and every node gets a ``label`` for display.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import networkx as nx

from ..choices import EXPORT_FORMATS, require
from ..errors import BadInput
from ..output import opened

#: How lists (activities, quotes, municipalities) are joined in exports: Cytoscape's default list delimiter.
LIST_SEPARATOR = "|"

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
Attributes = dict[str, Any]


def flatten(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` that Gephi and Cytoscape read: flat values of one type per attribute.

    Lists become strings joined with :data:`LIST_SEPARATOR`, None values are dropped,
    characters XML cannot hold are removed, and every node gets ``label`` (its English
    label) for display.

    Parameters
    ----------
    G
        A view.

    Returns
    -------
    networkx.Graph
        A graph of the same class, nodes and edges.

    Example
    -------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", activities=["x", "y"], note=None)
    >>> flatten(G).edges["a", "b"]
    {'activities': 'x|y'}
    """
    flat = G.__class__()
    flat.graph.update(_flat(G.graph))
    for node, data in G.nodes(data=True):
        flat.add_node(node, **_flat(data), label=_xml_safe(str(data.get("label_en", node))))
    if G.is_multigraph():
        flat.add_edges_from((u, v, key, _flat(data)) for u, v, key, data in G.edges(keys=True, data=True))
    else:
        flat.add_edges_from((u, v, _flat(data)) for u, v, data in G.edges(data=True))
    return flat


def as_files(G: nx.Graph, fmt: str) -> dict[str, bytes]:
    """``G`` in the file format ``fmt``, flattened (:func:`flatten`).

    GraphML and GEXF for Gephi, Cytoscape and yEd; ``json`` is Cytoscape.js JSON
    (node name = English label); ``csv`` is two tables in Gephi's spreadsheet layout
    (nodes: ``Id``, ``Label``, attributes; edges: ``Source``, ``Target``, ``Type``,
    attributes).

    Parameters
    ----------
    G
        A view.
    fmt
        One of :data:`EXPORT_FORMATS`.

    Returns
    -------
    dict
        ``{"graph": bytes}``, or ``{"nodes": bytes, "edges": bytes}`` for csv.

    Example
    -------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_node("a", label_en="A & B")
    >>> as_files(G, "csv")["nodes"].decode()
    'Id,Label,label_en\\r\\na,A & B,A & B\\r\\n'
    """
    require(fmt, EXPORT_FORMATS, "export format")
    flat = flatten(G)
    if fmt == "csv":
        return {"nodes": _nodes_csv(flat), "edges": _edges_csv(flat)}
    if fmt == "json":
        text = json.dumps(nx.cytoscape_data(flat, name="label"), ensure_ascii=False, indent=2) + "\n"
    else:
        text = "\n".join((nx.generate_graphml if fmt == "graphml" else nx.generate_gexf)(flat)) + "\n"
    return {"graph": text.encode("utf-8")}


def export(G: nx.Graph, fmt: str, path: str | Path | None) -> list[str]:
    """Write ``G`` as ``fmt`` to ``path`` (stdout if None), each file replaced only once complete.

    GraphML and CSV are written as they are made (lxml's incremental writer, row by row), so
    memory holds the view and its flat copy, never the whole file as well.
    csv writes two files next to ``path``: ``NAME-nodes.csv`` and ``NAME-edges.csv``,
    where NAME is ``path`` without a ``.csv`` suffix (``-o out/actors.csv`` gives
    ``out/actors-nodes.csv`` and ``out/actors-edges.csv``).

    Parameters
    ----------
    G
        A view.
    fmt
        One of :data:`EXPORT_FORMATS`.
    path
        The file to write; required for csv.

    Returns
    -------
    list of str
        The files written (``["stdout"]`` without a path).

    Example
    -------
    >>> import networkx as nx, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> [pathlib.Path(p).name for p in export(nx.path_graph(3), "csv", folder / "path.csv")]
    ['path-nodes.csv', 'path-edges.csv']
    """
    require(fmt, EXPORT_FORMATS, "export format")
    if fmt == "csv":
        if path is None:
            raise BadInput("csv export writes two files (nodes and edges); name them with -o PATH")
        flat, base = flatten(G), Path(path)
        base = base.with_suffix("") if base.suffix.lower() == ".csv" else base
        written = []
        for part, rows in (("nodes", _node_rows), ("edges", _edge_rows)):
            target = base.with_name(f"{base.name}-{part}.csv")
            with opened(target) as out:
                _write_csv(rows(flat), out)
            written.append(str(target))
        return written
    with opened(path) as out:
        if fmt == "graphml":
            nx.write_graphml_lxml(flatten(G), out)
        else:
            out.write(as_files(G, fmt)["graph"])
    return [str(path) if path is not None else "stdout"]


def _flat(data: Mapping[str, Any]) -> Attributes:
    return {key: _flat_value(value) for key, value in data.items() if value is not None}


def _flat_value(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset)):
        return _xml_safe(LIST_SEPARATOR.join(str(item) for item in value))
    return _xml_safe(value) if isinstance(value, str) else value


def _xml_safe(text: str) -> str:
    """``text`` without the control characters XML 1.0 cannot hold (they would make the file unreadable)."""
    return _XML_INVALID.sub("", text)


def _nodes_csv(G: nx.Graph) -> bytes:
    return _csv_bytes(_node_rows(G))


def _edges_csv(G: nx.Graph) -> bytes:
    return _csv_bytes(_edge_rows(G))


def _node_rows(G: nx.Graph) -> Iterator[list[Any]]:
    """The nodes table, header first, one row at a time."""
    names = sorted({key for _, data in G.nodes(data=True) for key in data} - {"label"})
    yield ["Id", "Label", *names]
    for node, data in G.nodes(data=True):
        yield [node, data["label"], *(data.get(n, "") for n in names)]


def _edge_rows(G: nx.Graph) -> Iterator[list[Any]]:
    """The edges table, header first, one row at a time."""
    names = sorted({key for *_, data in G.edges(data=True) for key in data})
    kind = "Directed" if G.is_directed() else "Undirected"
    yield ["Source", "Target", "Type", *names]
    for u, v, data in G.edges(data=True):
        yield [u, v, kind, *(data.get(n, "") for n in names)]


def _csv_bytes(rows: Iterable[list[Any]]) -> bytes:
    out = io.BytesIO()
    _write_csv(rows, out)
    return out.getvalue()


def _write_csv(rows: Iterable[list[Any]], out: BinaryIO) -> None:
    """``rows`` as UTF-8 CSV into the binary file ``out``, as they come."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        csv.writer(text).writerows(rows)
        text.flush()
    finally:
        text.detach()
