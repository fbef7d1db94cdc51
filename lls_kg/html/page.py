"""The page machinery every HTML file of lls-kg shares: templates, style, scripts and their safety.

- **Offline and safe.** A page inlines vis-network (the copy pyvis ships), its own script and
  its style, links nothing, and its Content-Security-Policy forbids loading anything and runs
  only those scripts (by hash), so even an injected event handler would not run. Data
  travels as JSON in a ``<script type="application/json">`` block with ``<``, ``>``, ``&``,
  U+2028 and U+2029 escaped (:func:`script_json`), and the pages' script hands text only to
  ``textContent``, option text and the canvas: a label such as ``<img src=x onerror=alert(1)>``
  is shown, never run. Templates autoescape everything. pyvis' own template is not used: it
  links Bootstrap from a CDN, renders without autoescaping and puts titles into ``innerHTML``.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import importlib.util
import json
import re
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..errors import BadInput
from ..i18n import speech


TEMPLATES = Path(__file__).resolve().parent / "templates"
#: What must not appear inside an inlined ``<script>`` or ``<style>``: it would end the element early,
#: or (``<!--``) change how the browser reads where it ends.
_BREAKOUT = re.compile(r"</(script|style)|<!--", re.IGNORECASE)
#: JSON characters escaped for a ``<script>`` block: ``</script>``, ``<!--`` and the line separators.
_JSON_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                               "\u2029": "\\u2029"})


def script_json(value: Any) -> Markup:
    """``value`` as JSON that can sit inside an HTML ``<script>`` element and never end it or start a comment.

    >>> str(script_json({"a": "</script><!--"}))
    '{"a":"\\\\u003c/script\\\\u003e\\\\u003c!--"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.translate(_JSON_ESCAPES))


def document(template: str, lang: str, **context: Any) -> str:
    """A page from ``lls_kg/html/templates`` in the language ``lang``, with autoescaping, the shared style, and the
    scripts inlined.

    The templates' words come from the gettext catalogs (``{{ _("...") }}``, :mod:`lls_kg.i18n`) and
    ``<html lang>`` says the language. The Content-Security-Policy lists the hash of each inlined script and
    allows nothing else: no network, no other script, no inline event handler.
    """
    scripts = [_vis_script(), _asset("network.js")]
    return _environment(lang).get_template(template).render(
        lang=lang, css=Markup(_asset("lls.css")), scripts=[Markup(s) for s in scripts],
        script_hashes=[_sha256(s) for s in scripts], **context)


def fragment(template: str, lang: str, **context: Any) -> Markup:
    """A piece of a page (an SVG, a section) from ``lls_kg/html/templates`` in ``lang``, autoescaped, to put into a
    page."""
    return Markup(_environment(lang).get_template(template).render(lang=lang, **context))


def plain(template: str, lang: str, **context: Any) -> str:
    """A page like :func:`document`'s with the shared style and no script at all (``serve``'s resource pages)."""
    return _environment(lang).get_template(template).render(lang=lang, css=Markup(_asset("lls.css")), scripts=[],
                                                            script_hashes=[], **context)


@functools.cache
def _environment(lang: str) -> Any:
    """The Jinja environment of ``lls_kg/html/templates`` speaking ``lang``: autoescaping always on, unknown names an
    error."""
    import jinja2  # here, not at the top: 20 ms of every command's start-up, for pages only

    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                     undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                                     extensions=["jinja2.ext.i18n"])
    environment.install_gettext_translations(speech(lang).catalog, newstyle=True)  # type: ignore[attr-defined]
    return environment


@functools.cache
def _asset(name: str) -> str:
    """A style or script of ``lls_kg/html/templates``, checked to be safe to inline."""
    return _inlinable(name, (TEMPLATES / name).read_text(encoding="utf-8"))


@functools.cache
def _vis_script() -> str:
    """The newest ``vis-network.min.js`` of the installed pyvis, found without importing it (pyvis loads IPython)."""
    spec = importlib.util.find_spec("pyvis")
    folders = list(spec.submodule_search_locations or []) if spec else []
    found = [path for folder in folders for path in Path(folder).glob("lib/vis-*/vis-network.min.js")]
    if not found:
        raise BadInput("vis-network is missing: pyvis is not installed, or ships no lib/vis-*/vis-network.min.js; "
                       "reinstall lls-kg")
    newest = max(found, key=lambda p: tuple(int(part) for part in re.findall(r"\d+", p.parent.name)))
    return _inlinable(str(newest), newest.read_text(encoding="utf-8"))


def _inlinable(name: str, text: str) -> str:
    found = _BREAKOUT.search(text)
    if found:
        raise ValueError(f"{name}: '{found.group()}' would end the element it is inlined in")
    return text


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
