"""The catalogs are complete and current, and numbers and dates follow each language's locale."""

from __future__ import annotations

import io
import re
import string
from datetime import date

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from lls_kg.errors import BadInput
from lls_kg.i18n import LOCALE_DIR, language, pick, speech

I18N = LOCALE_DIR.parent
PACKAGE = I18N.parent


def catalog(lang: str) -> Catalog:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "lls_kg.po").open("rb") as file:
        return read_po(file)


def placeholders(text: str) -> set[str]:
    """``{name}`` fields and ``%(name)s`` fields of a message."""
    braces = {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
    return braces | set(re.findall(r"%\((\w+)\)s", text))


def extracted() -> set[str]:
    """The messages in the package's source, as scripts/i18n extracts them."""
    method_map = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
    keywords = {"_": None, "ngettext": (1, 2), "N_": None}
    found = set()
    for _, _, message, _, _ in extract_from_dir(str(PACKAGE), method_map, keywords=keywords,
                                                options_map={"**/templates/**.html": {"trim_blocks": "true",
                                                                                    "lstrip_blocks": "true"}}):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("lang", ["nn", "nb"])
def test_every_message_has_a_translation_with_the_same_placeholders(lang: str) -> None:
    messages = [message for message in catalog(lang) if message.id]
    assert len(messages) > 100
    for message in messages:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and "fuzzy" not in message.flags, f"{lang}: no translation of {ids[0]!r}"
        for text in strings:
            assert placeholders(text) == placeholders(ids[-1]), f"{lang}: {ids[0]!r} -> {text!r}"


def test_the_catalogs_hold_every_message_of_the_source() -> None:
    for lang in ("nn", "nb", "en"):
        held = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog(lang) if m.id}
        assert extracted() <= held, f"{lang}: run scripts/i18n and translate {sorted(extracted() - held)}"


@pytest.mark.parametrize("lang", ["nn", "nb", "en"])
def test_the_compiled_catalogs_are_those_of_the_po_files(lang: str) -> None:
    compiled = io.BytesIO()
    write_mo(compiled, catalog(lang))
    assert (LOCALE_DIR / lang / "LC_MESSAGES" / "lls_kg.mo").read_bytes() == compiled.getvalue(), \
        "run scripts/i18n to compile the catalogs"


@pytest.mark.parametrize(("lang", "number", "day", "share"), [
    ("nn", "15\xa0071", "1. januar 2015", "54\xa0%"),
    ("nb", "15\xa0071", "1. januar 2015", "54\xa0%"),
    ("en", "15,071", "January 1, 2015", "54%"),
])
def test_numbers_dates_and_percentages_follow_the_locale(lang: str, number: str, day: str, share: str) -> None:
    words = speech(lang)
    assert (words.number(15071), words.date(date(2015, 1, 1)), words.percent(0.54)) == (number, day, share)
    assert words.number(0.00433) == ("0.00433" if lang == "en" else "0,00433")


def test_the_language_comes_from_the_option_then_the_environment_then_nynorsk(monkeypatch) -> None:
    monkeypatch.delenv("LLS_KG_LANG", raising=False)
    assert language(None) == "nn"
    monkeypatch.setenv("LLS_KG_LANG", "nb")
    assert language(None) == "nb" and language("en") == "en"
    monkeypatch.setenv("LLS_KG_LANG", "de")
    with pytest.raises(BadInput, match="unknown language 'de' \\(from LLS_KG_LANG\\); use nn, nb, en"):
        language(None)


def test_labels_fall_back_visibly() -> None:
    both = {"nn": "Luster kommune", "en": "Luster municipality"}
    assert str(pick(both, "nn")) == "Luster kommune" and str(pick(both, "en")) == "Luster municipality"
    assert str(pick(both, "nb")) == "Luster kommune [nn]"            # nb -> nn -> en
    assert str(pick({"en": "Statistics Norway"}, "nb")) == "Statistics Norway [en]"
    assert str(pick({"nb": "Bare bokmål"}, "en")) == "Bare bokmål [nb]"  # outside the chain: still shown, marked
    assert str(pick({"nn": "Berre nynorsk", "nb": "Bare bokmål"}, "en")) == "Berre nynorsk [nn]"  # en -> nn

