"""The report tells the region's story in each language, keeps identifiers to the appendix, and prints to PDF.

The facts expected are read from the named queries, so the test checks that the
page says what the graph says, in the reader's words.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from lls_kg.cli import cli
from lls_kg.formats import text_records
from lls_kg.i18n import speech
from lls_kg.namespaces import PREFIXES
from lls_kg.sparql import run
from lls_kg.store import open_store

CHROMIUM = Path("/usr/bin/chromium")
LANGS = ("nn", "nb", "en")


class Story(HTMLParser):
    """The text of a page before its appendix (attributes left out), each ``data-story`` list's items, and the
    notes."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.body: list[str] = []
        self.lists: dict[str, list[str]] = {}
        self.notes: list[str] = []
        self._list: str | None = None
        self._item: list[str] | None = None
        self._skip = 0
        self._appendix = False
        self._notes = False
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in ("style", "script", "title") and not self._appendix:
            self._skip += 1
        if tag == "section" and found.get("id") == "appendix":
            self._appendix = True
        if tag == "ol" and "data-notes" in found:
            self._notes = True
        if "data-story" in found:
            self._list = found["data-story"] or ""
            self.lists[self._list] = []
        if tag == "li" and (self._list or self._notes):
            self._item = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "title") and self._skip:
            self._skip -= 1
        if tag == "li" and self._item is not None:
            (self.notes if self._notes else self.lists[self._list or ""]).append("".join(self._item))
            self._item = None
        if tag in ("ul", "p") and self._list:
            self._list = None
        if tag == "ol":
            self._notes = False

    def handle_data(self, data: str) -> None:
        if self._item is not None:
            self._item.append(data)
        if not self._appendix and not self._skip:
            self.body.append(data)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The report of the shipped graph in each language, made on 2 January 2026."""
    folder, runner, made = tmp_path_factory.mktemp("story"), CliRunner(), {}
    for lang in LANGS:
        target = folder / f"{lang}.html"
        result = runner.invoke(cli, ["report", "--lang", lang, "--date", "2026-01-02", "-q", "-o", str(target)])
        assert result.exit_code == 0, result.output
        made[lang] = target.read_text(encoding="utf-8")
    return made


@pytest.fixture(scope="module")
def graph() -> dict[str, list[dict[str, str | None]]]:
    """The named queries' rows the story is told from."""
    store = open_store()
    return {name: text_records(run(store, name)) for name in ("lessons", "merger", "programme", "application",
                                                              "vague", "pairs", "timeline")}


@pytest.mark.parametrize("lang", LANGS)
def test_the_story_tells_advice_merger_phases_and_grant(pages, graph, lang):
    page, say = pages[lang], speech(lang)
    told = Story(page)
    advice = list(dict.fromkeys(row["advice"] for row in graph["lessons"]))
    assert len(advice) == 3 and all(text in "".join(told.lists["lessons"]) for text in advice)
    (merger,) = told.lists["merger"]
    (row, *_) = graph["merger"]
    for day in (row["decided"], row["effective"]):
        assert say.date(date.fromisoformat(day)) in merger
    assert say._("The merger was forced.") in merger
    phases = told.lists["phases"]
    assert [p.split("\n")[0][-9:] for p in phases] == ["2014–2015", "2015–2017"]
    (grant,) = told.lists["grants"]
    assert say.number(1_700_000) in grant
    assert len(told.lists["uses"]) == 4


@pytest.mark.parametrize("lang", LANGS)
def test_the_story_tells_application_pairs_timeline_and_what_is_left_open(pages, graph, lang):
    page = pages[lang]
    told = Story(page)
    parts = [row["part"] or "" for row in graph["application"]]
    assert len(told.lists["themes"]) == sum(p.endswith("#Theme") for p in parts) == 3
    assert len(told.lists["effects"]) == sum(p.endswith("#ExpectedEffect") for p in parts) == 6
    assert told.lists["themes"][0].startswith("1. ")
    assert len(told.lists["pairs"]) == len(graph["pairs"]) == 5
    assert len(told.lists["vague"]) == len(graph["vague"])
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="timeline"') == 1
    assert page.count('<g class="mark">') == sum(bool(row["start"]) for row in graph["timeline"])
    assert len(told.lists["undated"]) == sum(not row["start"] for row in graph["timeline"]) == 4


@pytest.mark.parametrize("lang", LANGS)
def test_no_internal_identifier_outside_the_appendix(pages, lang):
    body = "".join(Story(pages[lang]).body)
    found = re.findall(rf"\b(?:{'|'.join(PREFIXES)}):[\w-]+", body)
    assert found == []
    assert "https://w3id.org/lls-kg/" not in body
    assert 'title="municipality:leikanger' in pages[lang] or "title=\"municipality:" in pages[lang]  # on hover


def test_the_date_fixes_the_page(pages, tmp_path):
    runner = CliRunner()
    again, later = tmp_path / "again.html", tmp_path / "later.html"
    for target, day in ((again, "2026-01-02"), (later, "2027-03-04")):
        assert runner.invoke(cli, ["report", "--lang", "en", "--date", day, "-q", "-o", str(target)]).exit_code == 0
    assert again.read_text(encoding="utf-8") == pages["en"]
    assert "made January 2, 2026 by lls-kg" in pages["en"] and "https://distriktssenteret.no/artikkel/sogndal/" in pages["en"]
    assert later.read_text(encoding="utf-8").replace("March 4, 2027", "January 2, 2026") == pages["en"]
    bad = runner.invoke(cli, ["report", "--date", "2.1.2026", "-q"])
    assert bad.exit_code == 2


def test_pdf_without_chromium_names_the_package(tmp_path):
    result = CliRunner().invoke(cli, ["report", "--format", "pdf", "-q", "-o", str(tmp_path / "r.pdf")],
                                env={"PATH": str(tmp_path)})
    assert result.exit_code == 2
    assert "chromium" in result.output and not (tmp_path / "r.pdf").exists()


def _plain(text: str) -> str:
    """Text with ligatures undone and all whitespace one space, as PDF text and HTML text compare."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def test_the_pdf_has_the_quotes_as_notes_and_no_controls(pages, tmp_path):
    assert CHROMIUM.exists(), f"the PDF test needs Debian's chromium at {CHROMIUM}: run scripts/test"
    target = tmp_path / "report.pdf"
    result = CliRunner().invoke(cli, ["report", "--format", "pdf", "--lang", "nn", "--date", "2026-01-02", "-q", "-o",
                                      str(target)])
    assert result.exit_code == 0, result.output
    text = _plain(" ".join(page.extract_text() for page in pypdf.PdfReader(target).pages))
    say, notes = speech("nn"), Story(pages["nn"]).notes
    assert len(notes) > 20
    ending = text[text.rindex(say._("Sources")):]
    for number, quote in enumerate(notes, 1):
        assert f"{number}. {_plain(quote)[:30]}" in ending, quote
    for control in (say._("all goals"), say._("all municipalities"), say._("a name, in Nynorsk, Bokmål or English"),
                    say._("Kinds")):
        assert control not in text
    assert "made" not in text and "2. januar 2026" in text
