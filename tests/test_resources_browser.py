"""serve's resource pages in headless Chromium: complete, loading nothing, and safe with hostile names.

The endpoint serves the shipped graph with tests/fixtures/viz/hostile.ttl added; every request
that is not for the page itself is aborted and recorded.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from lls_kg.serve import Endpoint, Limits, background, started
from lls_kg.store.files import select

from engines import needs_oxigraph
from test_browser import HOSTILE, browser  # noqa: F401 (the browser fixture, shared)


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    needs_oxigraph()
    with started(select([HOSTILE]), port=0, limits=Limits(timeout=5, max_rows=5000)) as server, \
            background(server):
        yield server


@pytest.mark.parametrize(("path", "heading"), [
    ("/id/project/sykkelloyper", "Bygging av sykkelløyper"),
    ("/id/organisation/hostile?lang=en", "<img src=x onerror=alert(1)>"),
    ("/id/project/hostile", "<svg onload=alert(3)>"),
])
def test_a_page_shows_its_resource_and_loads_nothing_else(endpoint: Endpoint, browser: Any, path: str,
                                                          heading: str) -> None:
    address = endpoint.url.removesuffix("/sparql") + path
    page = browser.new_page()
    blocked: list[str] = []
    dialogs: list[str] = []
    page.route("**/*", lambda route: route.continue_() if route.request.url == address
               else (blocked.append(route.request.url), route.abort()))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(address)
    assert page.locator("h1").inner_text() == heading  # shown as text, never run
    assert page.locator("main table tr").count() > 0
    assert blocked == [] and dialogs == []
    page.close()
