"""The generated pages in headless Chromium, offline: drawn, complete, quiet, and safe with hostile names.

Debian's chromium (/usr/bin/chromium), driven by Playwright; ``scripts/test`` installs both.
Every request that is not for the page file itself is aborted and recorded. The tests
keep the screenshots the README shows: docs/screenshots/actors.png, report.png and timeline.png (in Nynorsk).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from playwright import sync_api as playwright

import lls_kg
from lls_kg.cli import cli

from conftest import FIXTURES


CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
HOSTILE = FIXTURES / "viz" / "hostile.ttl"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
#: Painted (non-transparent) pixels of the network canvas, in the page's script.
PAINTED = """() => {
  const canvas = document.querySelector('.lls-network canvas');
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
  return painted;
}"""

# scripts/test installs Debian's chromium and the test extra's playwright; without them these tests fail, never skip.
assert CHROMIUM.exists(), f"the browser tests need Debian's chromium at {CHROMIUM}: run scripts/test"


@dataclass
class Visit:
    """A page opened from file:// with everything else blocked, and what happened while it was open."""

    page: Any
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The actors view and the report, of the shipped graph and with the hostile fixture added."""
    folder, runner = tmp_path_factory.mktemp("pages"), CliRunner()
    made = {}
    for name, args in (("actors", ["viz"]), ("report", ["report"]),
                       ("hostile", ["viz", "--view", "ownership", "--data", str(HOSTILE)]),
                       ("hostile-report", ["report", "--data", str(HOSTILE)])):
        made[name] = folder / f"{name}.html"
        result = runner.invoke(cli, [*args, "-q", "-o", str(made[name])])
        assert result.exit_code == 0, result.output
    return made


def visit(browser: Any, path: Path, width: int = 1280, height: int = 860) -> Visit:
    """Open ``path`` offline and wait until the network is drawn."""
    page = browser.new_page(viewport={"width": width, "height": height})
    seen = Visit(page)

    def route(request_route: Any) -> None:
        if request_route.request.url.startswith("file://"):
            request_route.continue_()
        else:
            seen.blocked.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    page.on("console", lambda message: seen.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.on("dialog", lambda dialog: (seen.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_selector("[data-drawn-ms]", state="attached", timeout=30_000)
    return seen


def assert_drawn_offline(seen: Visit, nodes: int) -> None:
    assert seen.page.evaluate("window.llsNetworks.length") == 1
    assert seen.page.evaluate("window.llsNetworks[0].nodes.length") == nodes
    assert seen.page.evaluate(PAINTED) > 5_000
    assert seen.errors == [] and seen.blocked == [] and seen.dialogs == []


def test_the_actors_view_draws_offline(browser, pages):
    seen = visit(browser, pages["actors"])
    assert_drawn_offline(seen, len(lls_kg.open().scene("actors").graph))
    assert seen.page.inner_text(".status") == "19 nodes, 5 links"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    seen.page.screenshot(path=str(SCREENSHOTS / "actors.png"))
    seen.page.close()


def test_search_and_filters_agree_with_the_command_line(browser, pages):
    seen = visit(browser, pages["actors"])
    page = seen.page
    found = page.evaluate("(net => net.find('LUSTER  kommune').map(i => net.data.nodes[i].en))(window.llsNetworks[0])")
    assert sorted(found) == ["Luster municipality"]  # by its Nynorsk label
    page.fill("input[type=search]", "sogn naering")
    assert page.inner_text(".status") == "1 node found" and page.inner_text(".details .name") == "Sogn Næring"
    page.fill("input[type=search]", "")
    page.uncheck(".legend label:has-text('municipality') input")
    assert page.inner_text(".status") == "14 of 19 nodes shown"
    page.check(".legend label:has-text('municipality') input")
    for goal, place in (("State and county jobs", None), ("Competence environments and innovation", "Luster municipality")):
        page.select_option("[data-filter=goal]", label=goal)
        page.select_option("[data-filter=municipality]", label=place or "all municipalities")
        expected = len(lls_kg.open().scene("actors", goal=goal, municipality=place).graph)
        assert page.inner_text(".status") == f"{expected} of 19 nodes shown"
        assert page.evaluate("window.llsNetworks[0].network.body.nodeIndices.length") == expected
    assert seen.errors == [] and seen.blocked == []
    page.close()


def test_hostile_names_are_shown_as_text(browser, pages):
    seen = visit(browser, pages["hostile"])
    page = seen.page
    assert_drawn_offline(seen, len(lls_kg.open([HOSTILE]).scene("ownership").graph))
    page.fill("input[type=search]", "<img src=x")
    page.keyboard.press("Enter")
    assert page.inner_text(".details .name") == "<img src=x onerror=alert(1)>"
    assert page.inner_text(".details .other") == "</script><script>alert(2)</script>"
    assert page.inner_text(".details blockquote") == "<script>alert(5)</script> «sitat» & </details>"
    assert "<img src=y onerror=alert(4)>" in page.eval_on_selector_all(
        "[data-filter=goal] option", "options => options.map(o => o.textContent)")
    position = page.evaluate("window.llsNetworks[0].network.getPosition(window.llsNetworks[0].find('svg onload'))")
    dom = page.evaluate(f"window.llsNetworks[0].network.canvasToDOM({{x: {position['x']}, y: {position['y']}}})")
    box = page.locator(".stage").bounding_box()
    page.mouse.move(box["x"] + dom["x"], box["y"] + dom["y"])
    page.wait_for_selector(".tooltip:not([hidden])")
    assert page.inner_text(".tooltip .other") == "<svg onload=alert(3)>"
    assert page.evaluate("document.querySelectorAll('img, svg[onload], b').length") == 0
    assert seen.dialogs == [] and seen.errors == [] and seen.blocked == []
    page.close()


def test_the_policy_stops_injected_script(browser, pages):
    seen = visit(browser, pages["actors"])
    violated = seen.page.evaluate("""() => new Promise(done => {
      const found = [];
      document.addEventListener("securitypolicyviolation", event => found.push(event.effectiveDirective));
      document.body.insertAdjacentHTML("beforeend", "<img src=x onerror=alert(6)><div onclick=alert(7)></div>");
      document.querySelector("div[onclick]").click();
      setTimeout(() => done(found), 300);
    })""")
    assert {"img-src", "script-src-attr"} <= set(violated)
    assert seen.dialogs == [] and seen.blocked == []
    seen.page.close()


def test_the_report_draws_offline(browser, pages):
    seen = visit(browser, pages["report"])
    assert_drawn_offline(seen, len(lls_kg.open().scene("actors").graph))
    assert seen.page.locator("table[data-table=owners] tbody tr").count() == 2
    quote = seen.page.locator("table[data-table=owners] blockquote").first
    assert not quote.is_visible()
    seen.page.locator("table[data-table=owners] summary").first.click()
    assert quote.is_visible() and "Sogn terrengssykkel" in quote.inner_text()
    seen.page.close()


def test_the_hostile_report_shows_text(browser, pages):
    seen = visit(browser, pages["hostile-report"])
    page = seen.page
    cells = page.eval_on_selector_all("table[data-table=owners] td", "cells => cells.map(c => c.textContent)")
    assert "<img src=x onerror=alert(1)>" in cells and "<!-- \u2028 <b>bold</b> & ' \" -->" in cells
    assert page.evaluate("document.querySelectorAll('main img, main b, main script:not([type])').length") == 0
    assert seen.dialogs == [] and seen.errors == [] and seen.blocked == []
    page.close()


#: Words that give a language away, each used by one of the three and by neither of the others.
GIVEAWAYS = {
    "nn": {"eigar", "eigarar", "eigarskap", "kjelde", "kven", "ikkje", "frå", "tidlegare", "kommunar", "nodar",
           "lenkjer", "namn", "storleik", "dei", "eit", "ein", "einaste", "aktørar", "tek", "kvar", "nokon", "inga"},
    "nb": {"eier", "eiere", "eierskap", "kilde", "hvem", "ikke", "fra", "tidligere", "kommuner", "noder", "lenker",
           "navn", "størrelse", "de", "et", "en", "eneste", "aktører", "deltar", "hver", "noen", "uten"},
    "en": {"the", "and", "of", "with", "who", "owner", "owners", "source", "goals", "work", "population",
           "network", "search", "kinds", "links", "municipality", "municipalities", "none", "current", "former"},
}
#: The page's own visible text: text nodes shown on screen, outside source quotes and outside anything marked
#: as written in another language (a label shown in another language than the page's).
VISIBLE_TEXT = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const own = document.documentElement.lang, found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent.checkVisibility() || parent.closest("blockquote, script, style")) continue;
    if (parent.closest("[lang]").lang !== own) continue;
    found.push(node.textContent);
  }
  return found.join(" ");
}"""


@pytest.mark.parametrize("lang", ["nn", "nb", "en"])
def test_the_report_speaks_one_language(browser, tmp_path, lang):
    """The page's visible text has no word that only the other two languages use; prefixed names are not words, nor
    are the source's own words quoted in a sentence («de overførte prosjektet»)."""
    path = tmp_path / f"report-{lang}.html"
    result = CliRunner().invoke(cli, ["report", "-q", "--lang", lang, "-o", str(path)])
    assert result.exit_code == 0, result.output
    seen = visit(browser, path)
    assert seen.page.evaluate("document.documentElement.lang") == lang
    text = seen.page.evaluate(VISIBLE_TEXT)
    text = re.sub(r"«[^»]*»", " ", re.sub(r"\b[a-z]+:[\w-]+", " ", text))
    words = {word.lower() for word in re.findall(r"\w+", text)}
    assert len(words) > 150
    for other in set(GIVEAWAYS) - {lang}:
        assert words & GIVEAWAYS[other] == set(), f"{other} words on the {lang} page"
    assert words & GIVEAWAYS[lang]
    timeline = seen.page.locator("figure.timeline svg")
    assert timeline.is_visible() and timeline.bounding_box()["width"] > 300  # drawn without any script
    if lang == "nn":
        seen.page.screenshot(path=str(SCREENSHOTS / "report.png"))
        seen.page.locator("#timeline").screenshot(path=str(SCREENSHOTS / "timeline.png"))
    assert seen.errors == [] and seen.blocked == []
    seen.page.close()


def test_the_viz_page_speaks_nynorsk_and_searches_every_language(browser, tmp_path):
    path = tmp_path / "actors-nn.html"
    result = CliRunner().invoke(cli, ["viz", "-q", "--lang", "nn", "-o", str(path)])
    assert result.exit_code == 0, result.output
    seen = visit(browser, path)
    page = seen.page
    assert page.inner_text(".status") == "19 nodar, 5 lenkjer" and page.inner_text("h1") == "Aktørnettverket"
    for name in ("noen andre kommuner", "Some other municipalities", "nokre andre kommunar"):  # nb, en, nn
        page.fill("input[type=search]", name)
        assert page.inner_text(".status") == "1 node funnen"
        assert page.inner_text(".details .name") == "Nokre andre kommunar"
    page.fill("input[type=search]", "")
    page.uncheck(".legend label:has-text('kommune') input")
    assert page.inner_text(".status") == "14 av 19 nodar viste"
    assert seen.errors == [] and seen.blocked == []
    page.close()
