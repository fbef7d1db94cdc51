"""Pages and pictures: offline HTML pages, PNG and SVG figures, and the region's report.

The top floor (files → store → SPARQL → tables | views → measures | **pages**):

- :mod:`.page`: templates, inlined assets, the Content-Security-Policy, safe JSON;
- :mod:`.layout`: seeded positions;
- :mod:`.viz`: a view cut to one picture (a scene) and its interactive page;
- :mod:`.figure`: the same scene as PNG or SVG;
- :mod:`.report`: the region's report.
"""
