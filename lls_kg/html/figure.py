"""Figures for documents: a view drawn as PNG or SVG with the page's colours, shapes and legend.

The same graph gives the same bytes (a fixed hash salt, no date). :func:`picture`
writes a scene in any of the picture formats: the interactive page or a figure.
"""

from __future__ import annotations

import io
import math
import textwrap
from pathlib import Path
from typing import Any

from ..choices import PICTURE_FORMATS as FORMATS, require
from ..i18n import speech
from .viz import FORMER, LARGE, MEASURE_NAMES, Drawing, Scene, class_name, draw, page, style, tie_name


#: vis-network shape -> matplotlib marker.
_MARKERS = {"dot": "o", "square": "s", "triangle": "^", "star": "*", "diamond": "D"}


def figure(shown: Scene, fmt: str = "png", size_by: str = "degree") -> bytes:
    """``shown`` as a PNG or SVG figure with the page's colours, shapes and legend; the same graph gives the same bytes.

    Node labels are drawn up to :data:`LARGE` nodes; dashed lines are ended ownerships. Every text is in the
    scene's language, in DejaVu Sans (matplotlib ships it), which has æ, ø and å.
    """
    # matplotlib loads here, not at the top: 0.4 s of start-up, for figures only
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    require(fmt, ("png", "svg"), "figure format")
    drawing, say = draw(shown, size_by), speech(shown.lang)
    with matplotlib.rc_context({"svg.hashsalt": "lls-kg", "font.family": "DejaVu Sans"}):
        fig = Figure(figsize=(12, 8), layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        _plot_edges(ax, drawing)
        fig.legend(handles=_plot_nodes(ax, drawing), loc="outside right upper", frameon=False, fontsize=8,
                   title=_plain(say._("Node size: {measure}", measure=say._(MEASURE_NAMES[size_by]))),
                   title_fontsize=8)
        ax.set_title(_plain(shown.title))
        ax.set_aspect("equal")
        ax.margins(0.06)
        ax.set_axis_off()
        out = io.BytesIO()
        fig.savefig(out, format=fmt, dpi=150, metadata={"Date": None} if fmt == "svg" else None)
    return out.getvalue()


def picture(shown: Scene, fmt: str = "html", size_by: str = "degree") -> bytes:
    """``shown`` in the format ``fmt`` (one of :data:`FORMATS`), as the bytes of a file."""
    require(fmt, FORMATS, "format")
    return page(shown, size_by).encode("utf-8") if fmt == "html" else figure(shown, fmt, size_by)


def format_for(path: str | Path | None) -> str:
    """The format a file name asks for: ``png`` or ``svg`` by its suffix, else ``html``.

    >>> format_for("actors.svg"), format_for("actors.html"), format_for(None)
    ('svg', 'html', 'html')
    """
    suffix = Path(path).suffix.lower().lstrip(".") if path is not None else ""
    return suffix if suffix in FORMATS else "html"


def _plot_edges(ax: Any, drawing: Drawing) -> None:
    """Links as straight lines, ended ownerships dashed."""
    from matplotlib.collections import LineCollection  # on first use, as in figure

    lines: dict[bool, list[list[tuple[float, float]]]] = {False: [], True: []}
    for u, v, data in drawing.scene.graph.edges(data=True):
        lines[data.get("relation") == FORMER].append([_flip(drawing.at[u]), _flip(drawing.at[v])])
    for dashed, segments in lines.items():
        if segments:
            ax.add_collection(LineCollection(segments, colors="#9aa5b1", linewidths=0.8, zorder=1,
                                             linestyles="--" if dashed else "-"))


def _plot_nodes(ax: Any, drawing: Drawing) -> list[Any]:
    """Nodes by class, and their labels (wrapped as on the page) unless the view is :data:`LARGE`.

    Returns the legend's entries.
    """
    from matplotlib.lines import Line2D  # on first use, as in figure

    G = drawing.scene.graph
    shrink = min(1.0, 12 / math.sqrt(len(G)))
    handles = []
    lang, labels = drawing.scene.lang, drawing.scene.labels
    for iri, english in drawing.classes:
        label = class_name(iri, english, lang, labels)
        members = [n for n, d in G.nodes(data=True) if d.get("class_iri", "") == iri]
        look = style(iri)
        ax.scatter([drawing.at[n][0] for n in members], [-drawing.at[n][1] for n in members],
                   s=[(drawing.radius[n] * shrink) ** 2 for n in members], c=look.colour,
                   marker=_MARKERS[look.shape], edgecolors="white", linewidths=0.5, zorder=2)
        handles.append(Line2D([], [], linestyle="", marker=_MARKERS[look.shape], markersize=8, color=look.colour,
                              label=_plain(f"{label} ({len(members)})")))
    if len(G) <= LARGE:
        for node, data in G.nodes(data=True):
            x, y = _flip(drawing.at[node])
            ax.annotate(_plain(textwrap.fill(drawing.scene.label(node), 24)), (x, y), ha="center", va="top",
                        xytext=(0, -drawing.radius[node] * shrink / 2 - 2), textcoords="offset points",
                        fontsize=6, zorder=3)
    if any(data.get("relation") == FORMER for *_, data in G.edges(data=True)):
        handles.append(Line2D([], [], color="#9aa5b1", linestyle="--", label=_plain(tie_name(FORMER, lang, labels))))
    return handles


def _flip(point: tuple[float, float]) -> tuple[float, float]:
    """A page position (y down) as a figure position (y up)."""
    return point[0], -point[1]


def _plain(text: str) -> str:
    """``text`` as matplotlib shows it literally: a ``$`` would start mathematical notation."""
    return text.replace("$", r"\$")
