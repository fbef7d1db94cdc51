"""``--lang nn|nb|en``: what people read changes with the language; what programs read does not."""

from __future__ import annotations

import re
import warnings

import pytest

import lls_kg
from lls_kg.cli import cli
from lls_kg.html import figure
from conftest import BROKEN

LANGS = ("nn", "nb", "en")


def run(runner, *args: str, lang: str | None = None) -> str:
    result = runner.invoke(cli, [*args, "-q"] + (["--lang", lang] if lang else []))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_nynorsk_is_the_default_and_the_environment_or_the_option_change_it(runner) -> None:
    nynorsk = runner.invoke(cli, ["owners", "-q"], env={"LLS_KG_LANG": None}).stdout
    assert nynorsk.split()[:4] == ["prosjekt", "prosjekt", "(namn)", "eigar"]
    assert runner.invoke(cli, ["owners", "-q"], env={"LLS_KG_LANG": "nb"}).stdout.split()[:4] == \
        ["prosjekt", "prosjekt", "(navn)", "eier"]
    assert runner.invoke(cli, ["owners", "-q", "--lang", "en"], env={"LLS_KG_LANG": "nb"}).stdout.split()[:2] == \
        ["project", "project_label"]


def test_owners_speaks_the_language_and_its_json_does_not_change(runner) -> None:
    table = run(runner, "owners", "--history", lang="nn")
    assert "Bygging av sykkelløyper" in table and "Building bike trails" not in table
    former = next(line for line in table.splitlines() if "region:lls" in line)
    assert " tidlegare prosjekteigar  tidlegare " in former and " former " not in former  # role and status too
    assert re.search(r"^prosjekt +prosjekt \(namn\) +eigar +eigar \(namn\) +rolle +status +frå +til +kjelde +ope i kjelda$",
                     table.splitlines()[0])
    assert "Bygging av sykkelløyper" in run(runner, "owners", lang="nb")  # graph/labels-nb.ttl
    assert "Kva tid prosjektet skifte eigar, seier ikkje sida." in table  # what the source leaves open
    assert "The page does not say when" not in table
    assert "The page does not say when the project changed owner." in run(runner, "owners", lang="en")
    for fmt in ("json", "csv", "sparql-json"):
        outputs = {run(runner, "owners", "--history", "--format", fmt, lang=lang) for lang in LANGS}
        assert len(outputs) == 1, fmt
        assert fmt != "json" or '"status": "former"' in outputs.pop()  # codes stay codes


def test_query_stats_and_queries_tables_have_headings_in_the_language(runner) -> None:
    gaps = run(runner, "query", "gaps", lang="nb")
    assert gaps.split()[:3] == ["hull", "ressurs", "navn"]
    assert "Statlige og fylkeskommunale arbeidsplasser" in gaps
    assert "Statlege og fylkeskommunale arbeidsplassar" in run(runner, "query", "gaps", lang="nn")
    halfway = run(runner, "query", "gaps", "--data", str(BROKEN / "violations.ttl"), lang="nb")
    assert re.search(r"project:halv +Halvferdig \[nn\]$", halfway, re.MULTILINE)  # no Bokmål label: Nynorsk, marked
    assert "State and county jobs" in run(runner, "query", "gaps", lang="en")
    stats = run(runner, "stats", lang="nn").splitlines()
    assert stats[0].split() == ["måling", "element", "tal"] and re.search(r"\d\xa0\d{3}$", stats[2])
    assert stats[2].startswith("triplar ") and stats[3].startswith("kjeldeutdrag ")  # the measures' names
    assert run(runner, "stats", "--format", "csv", lang="nn").splitlines()[1].startswith("triples,")  # codes stay
    assert runner.invoke(cli, ["queries", "--lang", "nb"]).stdout.split()[:3] == ["navn", "tittel", "parametere"]
    assert len({run(runner, "query", "gaps", "--format", "csv", lang=lang) for lang in LANGS}) == 1


def test_validate_picks_the_shapes_messages_by_language(runner) -> None:
    said = {}
    for lang in LANGS:
        result = runner.invoke(cli, ["validate", "--data", str(BROKEN / "violations.ttl"), "--lang", lang])
        assert result.exit_code == 1
        said[lang] = result.stdout + result.stderr
    assert "Eit prosjekt treng minst éi lls:Role" in said["nn"] and "problem i 4 ressursar" in said["nn"]
    assert "Et prosjekt trenger minst én lls:Role" in said["nb"] and "dataene oppfyller ikke kravene" in said["nb"]
    assert "A project needs at least one lls:Role" in said["en"] and "problems in 4 resources" in said["en"]


@pytest.mark.parametrize(("lang", "heading", "other"), [
    ("nn", "Eigarskap", "Eierskap"), ("nb", "Eierskap", "Eigarskap"), ("en", "Ownership", "Eigarskap")])
def test_the_report_page_is_in_the_language(lang: str, heading: str, other: str) -> None:
    page = lls_kg.open(lang=lang).report()
    assert f'<html lang="{lang}">' in page and f"<h2>{heading}</h2>" in page and f"<h2>{other}</h2>" not in page


def test_the_report_says_what_is_left_open_in_the_language() -> None:
    assert "Kva tid samlinga var, seier ikkje sida." in lls_kg.open(lang="nn").report()
    assert "The page does not say when the meeting was." in lls_kg.open(lang="en").report()


def test_the_viz_page_names_kinds_and_ties_from_the_ontology_and_searches_all_languages() -> None:
    from lls_kg.html.viz import page

    html = page(lls_kg.open(lang="nb").scene("ownership"))
    assert '<html lang="nb">' in html and "<h1>Eiernettverket</h1>" in html
    assert '"tidligere prosjekteier"' in html and "<span>kommune</span>" in html  # ontology labels in Bokmål
    assert "Søk" in html and "alle kommuner" in html and "størrelse: grad" in html


def test_svg_and_png_figures_write_norwegian_letters() -> None:
    shown = lls_kg.open(lang="nn").scene("actors")
    svg = figure.figure(shown, "svg").decode()
    for text in ("Aktørnettverket", "Nodestorleik: grad", "kompetansemiljø (5)", "Offentleg næringsklynge",
                 "To vidaregåande skular"):
        assert f"<!-- {text} -->" in svg, text
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font" for a letter it cannot draw
        png = figure.figure(shown, "png")
    assert png.startswith(b"\x89PNG")


def test_serves_front_page_and_imports_summary_speak_the_language(tmp_path) -> None:
    from lls_kg.serve import Limits
    from lls_kg.serve.pages import examples_html
    from lls_kg.sheets.importer import plan
    from lls_kg.sheets.tables import templates, write

    page = examples_html(Limits(), "nn").decode()
    assert '<html lang="nn">' in page and "Køyr ho" in page and "10\xa0000 rader per spørjing" in page
    assert '<p lang="en">' in page  # the queries' own descriptions are English, and say so
    files = write(tmp_path, templates())[:-1]
    found = plan(files, tmp_path / "imported.ttl", lang="nb")
    assert found.summary("nb").startswith("4 av 4 rader legger til ") and "tripler: 1 ny lls:Association" in \
        found.summary("nb")
    assert "2 nye lls:Role" in found.summary("nn") and "2 new lls:Role" in found.summary("en")
    assert found.outcome(tmp_path / "x.ttl", True, "nn").endswith("; prøvekøyring, ingenting skrive")


def test_an_imports_dry_run_table_says_its_changes_and_names_in_the_language(tmp_path) -> None:
    """The changes in the reader's words, and each resource by its label in the reader's language, else along the
    visible fallback (the sheets give Nynorsk and English labels: a Bokmål reader sees the Nynorsk, marked)."""
    from lls_kg.sheets.importer import plan
    from lls_kg.sheets.tables import templates, write

    files = write(tmp_path, templates())[:-1]
    nn = plan(files, tmp_path / "imported.ttl", lang="nn").table()
    assert {str(change) for change, *_ in nn.rows} == {"ny lls:Association", "ny lls:OwnershipTransfer",
                                                       "ny lls:Project", "ny lls:Role", "legg til lls:until"}
    named = {str(label) for _, _, label, _ in nn.rows}
    assert "Sykkelpark i Sogndal" in named and not any("Bike park" in label for label in named)
    nb = plan(files, tmp_path / "imported.ttl", lang="nb").table()
    assert "Sykkelpark i Sogndal [nn]" in {str(label) for _, _, label, _ in nb.rows}
    assert {str(change) for change, *_ in nb.rows} >= {"ny lls:Project", "legger til lls:until"}


def test_extracts_summary_speaks_the_environments_language(runner, monkeypatch) -> None:
    from lls_kg.resources import page_copies_dir

    monkeypatch.setenv("LLS_KG_LANG", "nb")
    result = runner.invoke(cli, ["extract", str(page_copies_dir() / "lls-byregionprogrammet.txt")])
    assert result.exit_code == 0, result.output
    assert "  funnet   goals: 3 goals under" in result.stderr  # the parts keep the names the page reader gives them
    assert result.stderr.rstrip().endswith("skrev utkastet til 1 region til stdout")


def test_analyse_speaks_the_language_and_its_json_does_not_change(runner) -> None:
    bokmaal = run(runner, "analyse", lang="nb").splitlines()
    assert bokmaal[0].startswith("Telt med her: bånd av typen felles arbeid;")
    assert "Leikanger kommune og Sogndal kommune står mest mellom andre i aktørnettverket" in bokmaal[2]
    assert "3 av de 6 arbeid (felles arbeid) med kjente deltakere (50\xa0%) omfatter mer enn én kommune." in bokmaal
    assert "Hvem som står mellom andre (aktørnettverket, felles arbeid; på 19 noder, rangering heller enn mål)" in bokmaal
    assert "Struktur (aktørnettverket)" in bokmaal and "Kommunenes fotavtrykk" in bokmaal
    header = next(line for line in bokmaal if line.startswith("node "))
    assert header.split()[:4] == ["node", "navn", "type", "lenker"]
    assert run(runner, "analyse", "--format", "md", lang="nn").startswith("# Samarbeid i aktørnettverket\n")
    outputs = {run(runner, "analyse", "--format", "json", lang=lang) for lang in LANGS}
    assert len(outputs) == 1 and '"Leikanger municipality and Sogndal municipality stand between others most' in outputs.pop()


def test_the_progress_on_stderr_speaks_the_language(runner) -> None:
    said = {lang: runner.invoke(cli, ["stats", "--lang", lang]).stderr for lang in LANGS}
    assert "lls-kg: opnar grafen (memory) …" in said["nn"] and "lls-kg: dataheimen " in said["nn"]
    assert "lls-kg: åpner grafen (memory) …" in said["nb"] and "lls-kg: datahjemmet " in said["nb"]
    assert "lls-kg: opening the graph (memory)..." in said["en"] and "lls-kg: data home " in said["en"]
