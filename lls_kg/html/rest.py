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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..output import write_atomic


@dataclass
class Rest:
    """Where a page's long tables go in full: beside the page at ``page`` (None: the page has no file)."""

    page: Path | None = None
    #: file -> its CSV, filled while the page is made
    files: dict[Path, bytes] = field(default_factory=dict)

    def keep(self, name: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
        """Hold ``rows`` under ``header`` as the CSV of section ``name``; its file name, or "" without a page."""
        if self.page is None:
            return ""
        target = self.page.with_name(f"{self.page.stem}.{name}.csv")
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(["" if value is None else str(value) for value in row] for row in rows)
        self.files[target] = out.getvalue().encode("utf-8")
        return target.name

    def write(self) -> list[str]:
        """Write every CSV held, each replaced only once complete; the files written."""
        for target, data in self.files.items():
            write_atomic(target, data)
        return [str(target) for target in self.files]


def records(rows: Sequence[Mapping[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    """Query records as a CSV's header (their variables) and rows."""
    header = list(rows[0]) if rows else []
    return header, [[row.get(var) for var in header] for row in rows]
