"""Who works with whom: network views of the graph, their export, and what they measure.

The third floor (files → store → SPARQL → tables | **views → measures** | pages):

- :mod:`.views`: the views, built once per command from SELECT answers;
- :mod:`.export`: a view as GraphML, GEXF, Cytoscape.js JSON or CSV;
- :mod:`.measures`: centralities, communities and structure of a view;
- :mod:`.region`: work across borders, ownership, goal coverage, municipal footprints;
- :mod:`.analysis`: all of them at once, from views already built;
- :mod:`.narrative` and :mod:`.tables`: the analysis in sentences and tables.
"""

from __future__ import annotations

from .analysis import Analysis, analyse
from .export import as_files, export, flatten
from .views import municipal_keys, needed, view, views

__all__ = ["Analysis", "analyse", "as_files", "export", "flatten", "municipal_keys", "needed", "view", "views"]
