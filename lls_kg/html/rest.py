"""The rows a page leaves out of its long tables, as CSV files beside it.

A report shows the first rows of each long section (:data:`lls_kg.choices.ROWS`, ``--rows``)
with the total, and says where the rest is: a CSV written beside the page (same stem,
``report.owners.csv`` beside ``report.html``), or every row with ``--full``. The CSV holds
every row of the section with the query's own variables as headers (codes and IRIs, the
same in every language), so it is a machine format like ``--format csv``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..output import atomic


@dataclass
class Rest:
    """Where a page's long tables go in full: beside the page at ``page`` (None: the page has no file).

    Each CSV is written as its section is made, under a temporary name beside its target, and takes its
    name only when the block ends without an error: nothing is half-written, and memory need not hold the
    files (232 MB of CSV beside the report of ten million triples)::

        with Rest(page) as rest:
            html = report(store, rest=rest)
    """

    page: Path | None = None
    #: The files being written, each replacing its target as the block ends.
    _files: ExitStack = field(default_factory=ExitStack, repr=False)
    #: Their paths, in the order written.
    written: list[str] = field(default_factory=list)

    def __enter__(self) -> Rest:
        return self

    def __exit__(self, *error: Any) -> bool | None:
        """Give every CSV its name, or, after an error, leave every target as it was."""
        return self._files.__exit__(*error)

    def keep(self, name: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
        """Write ``rows`` under ``header`` as the CSV of section ``name``; its file name, or "" without a page."""
        if self.page is None:
            return ""
        target = self.page.with_name(f"{self.page.stem}.{name}.csv")
        text = io.TextIOWrapper(self._files.enter_context(atomic(target)), encoding="utf-8", newline="")
        writer = csv.writer(text)
        writer.writerow(header)
        writer.writerows(["" if value is None else str(value) for value in row] for row in rows)
        text.flush()
        text.detach()  # the file stays open until the block ends
        self.written.append(str(target))
        return target.name


def records(rows: Sequence[Mapping[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    """Query records as a CSV's header (their variables) and rows."""
    header = list(rows[0]) if rows else []
    return header, [[row.get(var) for var in header] for row in rows]
