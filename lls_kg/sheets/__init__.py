"""Spreadsheets in and out: the graph's projects, actors, roles and transfers as CSV and XLSX, and imports back.

- :mod:`.files`: CSV files and XLSX workbooks as rows of text, written safe from formula injection;
- :mod:`.tables`: the four tables, their columns, what the graph holds in them, and reading rows back;
- :mod:`.state`, :mod:`.cells`, :mod:`.mapping`: an import in progress, a row's cells, rows to facts;
- :mod:`.importer`: :func:`~.importer.plan` and :func:`~.importer.write`, validated and atomic.
"""
