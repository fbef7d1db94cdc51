"""What one request may cost, and how the endpoint says no."""

from __future__ import annotations

from dataclasses import dataclass


#: Largest request body (a query) accepted, in bytes.
MAX_BODY = 256 * 1024


@dataclass(frozen=True)
class Limits:
    """What one query may cost: ``timeout`` seconds (whole seconds: Oxigraph's unit) and ``max_rows`` rows."""

    timeout: int = 10
    max_rows: int = 10_000


class Refused(Exception):
    """A request the endpoint will not answer; ``status`` is the HTTP code, ``str()`` the message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
