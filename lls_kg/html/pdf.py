"""A page as PDF: printed by headless Chromium with the page's own print stylesheet.

Chromium's ``--print-to-pdf`` lays the page out as a browser prints it, so the
PDF is what an adviser gets from the browser's Print dialog: the notes at the
end, no controls, rows kept whole. Chromium runs with every background
connection switched off; the page itself loads nothing.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import BadInput, one_line

#: The Chromium programs looked for, in order (Debian's first).
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Seconds Chromium may take to print.
TIMEOUT = 120
_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--disable-extensions", "--no-pdf-header-footer")


def browser() -> str:
    """The Chromium program to print with; a clear message naming the package when there is none."""
    found = next((path for name in BROWSERS if (path := shutil.which(name))), None)
    if found is None:
        raise BadInput("printing to PDF needs Chromium, which is not installed; install Debian's package "
                       "'chromium' (apt-get install chromium), or write HTML and print it from a browser")
    return found


def pdf(page: str) -> bytes:
    """The HTML ``page`` printed to PDF by headless Chromium."""
    program = browser()
    with tempfile.TemporaryDirectory(prefix="lls-kg-pdf-") as folder:
        source, target = Path(folder) / "page.html", Path(folder) / "page.pdf"
        source.write_text(page, encoding="utf-8")
        command = [program, *_FLAGS, f"--user-data-dir={folder}/profile", f"--print-to-pdf={target}",
                   source.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise BadInput(f"Chromium did not print the page within {TIMEOUT} s") from None
        if not target.is_file() or not target.stat().st_size:
            said = one_line(done.stderr.decode("utf-8", "replace"))[-300:]
            raise BadInput(f"Chromium could not print the page (exit {done.returncode}): {said}")
        return target.read_bytes()
