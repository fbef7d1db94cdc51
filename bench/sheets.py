"""Spreadsheets to import, of any size: half projects, half roles naming them (for ``lls-kg import``'s benchmark).

    python bench/sheets.py 100000 /tmp/sheets     # 50,000 projects.csv rows and 50,000 roles.csv rows

Each project is new, with labels in Nynorsk and English and a goal it serves; each role makes one
of the region's municipalities its owner, so every row adds facts and the
import checks names, roles and shapes as it would for a user's sheets.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

MUNICIPALITIES = ("municipality:leikanger", "municipality:luster", "municipality:sogndal")
GOALS = ("goal:kompetansemiljo-og-innovasjon", "goal:offentlege-arbeidsplassar", "goal:tilflytting-og-naering")


def write(rows: int, folder: Path) -> list[Path]:
    """``projects.csv`` and ``roles.csv`` in ``folder`` with ``rows`` rows between them."""
    folder.mkdir(parents=True, exist_ok=True)
    projects, roles = folder / "projects.csv", folder / "roles.csv"
    count = rows // 2
    with projects.open("w", newline="", encoding="utf-8") as out:
        table = csv.writer(out)
        table.writerow(["project_id", "type", "label_nn", "label_en", "description_nn", "description_en",
                        "serves_goal"])
        for n in range(count):
            table.writerow([f"project:bench-{n}", "project", f"Prosjekt {n}", f"Project {n}", "", "",
                            GOALS[n % len(GOALS)]])
    with roles.open("w", newline="", encoding="utf-8") as out:
        table = csv.writer(out)
        table.writerow(["project", "actor", "role_kind", "since", "until"])
        for n in range(rows - count):
            table.writerow([f"project:bench-{n}", MUNICIPALITIES[n % len(MUNICIPALITIES)],
                            "owner", "", ""])
    return [projects, roles]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    for path in write(args.rows, args.folder):
        print(path)


if __name__ == "__main__":
    main()
