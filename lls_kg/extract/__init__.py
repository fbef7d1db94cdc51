"""Draft a graph from plain-text city-region pages (``lls-kg extract``), so other regions need not be typed in.

The programme published a page like the seed page for each of its city regions.
Reading one goes in three steps, one module each:

- :mod:`.page` reads the file into numbered lines (list marks noted, text kept verbatim);
- :mod:`.sections` finds the headings by fuzzy matching and the lists under them,
  :mod:`.facts` the facts box (applicant, partners, population, area);
- :mod:`.findings` gathers what was found, each part with its verbatim passage, and what was not;
- :mod:`.roles` reads who did what from single sentences, by a small table of verbs per written standard;
- :mod:`.graph` writes the findings as triples shaped like the hand-made ``graph/``, :mod:`.who` the roles.

"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..choices import LANGUAGES, require
from ..errors import BadInput
from ..i18n import speech
from ..text import ident
from .findings import Findings, read
from .graph import Draft, turtle
from .page import read_page
from .who import lines as role_lines
from .who import statements

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Region:
    """One page read: the region's slug (its IRIs are ``region:<slug>``, ``goal:<slug>-1`` …) and the findings."""

    id: str
    findings: Findings

    def report(self, everything: bool = True, lang: str | None = None) -> list[str]:
        """Lines for stderr: the parts found (if ``everything``), and always the parts not found, headed in ``lang``
        (the parts themselves are named as the page's headings and facts box name them)."""
        found, words = self.findings, speech(lang)
        yes, no = words._("found"), words._("missing")
        width = max(len(yes), len(no))
        lines = [f'lls-kg: {found.page.name}: region:{self.id} "{found.region}"']
        lines += [f"  {yes:{width}}  {line}" for line in found.found() + self.roles(lang)] if everything else []
        lines += [f"  {no:{width}}  {line}" for line in found.missing]
        return lines

    def roles(self, lang: str | None = None) -> list[str]:
        """One line per role and transfer the page's sentences state, in ``lang``; or one line saying there are none."""
        words = speech(lang)
        return role_lines(statements(self.findings), words) or [words._("roles and transfers: no sentence states any")]


@dataclass(frozen=True)
class Extraction:
    """The regions read and the draft graph written from them, as Turtle."""

    regions: tuple[Region, ...]
    turtle: bytes

    def summary(self, where: str, lang: str | None = None) -> str:
        """What was written where, in ``lang``."""
        return speech(lang).ngettext("wrote the draft of {n} region to {file}", "wrote the draft of {n} regions to {file}",
                                     len(self.regions), file=where)


def read_regions(paths: Iterable[Path], region_id: str | None = None) -> tuple[Region, ...]:
    """Read each page; every region gets its own slug (from its title, or ``region_id`` for a single page)."""
    paths = list(paths)
    if not paths:
        raise BadInput("no page given; name one or more plain-text region pages")
    if region_id is not None and len(paths) > 1:
        raise BadInput(f"--region-id names one region: give it with one page only, not {len(paths)}")
    if region_id is not None and not _SLUG.fullmatch(region_id):
        raise BadInput(f"--region-id '{region_id}': use lower-case letters, digits and hyphens (e.g. 'lls')")
    regions: list[Region] = []
    for path in paths:
        findings = read(read_page(path))
        region = Region(region_id or ident(findings.region), findings)
        clash = next((other for other in regions if other.id == region.id), None)
        if clash:
            raise BadInput(f"{findings.page.name} and {clash.findings.page.name} both give the region "
                           f"region:{region.id}; extract them one at a time, with --region-id")
        regions.append(region)
    return tuple(regions)


def extract(paths: Iterable[Path], lang: str = "nn", region_id: str | None = None) -> Extraction:
    """Read the pages and write one draft graph of all their regions, as Turtle.

    Parameters
    ----------
    paths
        Plain-text region pages (UTF-8), such as ``graph/sources/lls-byregionprogrammet.txt``.
    lang
        The pages' language tag, ``nn`` or ``nb``: quotes and other text from a page carry it.
    region_id
        The region's slug, instead of one made from the title; only with a single page.

    Returns
    -------
    An :class:`Extraction`: the regions (with their reports) and the Turtle.

    Example
    -------
    >>> drafted = extract([Path("graph/sources/lls-byregionprogrammet.txt")])
    >>> drafted.regions[0].id
    'leikanger-luster-sogndal'
    """
    require(lang, LANGUAGES, "language")
    regions = read_regions(paths, region_id)
    drafts = [(region.findings.region, Draft(region.findings, region.id, lang).write()) for region in regions]
    return Extraction(regions, turtle(drafts, _header(regions)))


def _header(regions: tuple[Region, ...]) -> str:
    """A comment that says what the file is: a draft, from which pages, to be checked against them."""
    lines = ["# A draft graph written by 'lls-kg extract' from plain-text region pages. Check it against",
             "# the pages before adding it to the graph: what the extractor did not find is left out.", "#"]
    return "\n".join(lines + [f"# {region.findings.page.name} -> region:{region.id}" for region in regions])
