"""What one request may cost, and how the endpoint says no."""

from __future__ import annotations

from dataclasses import dataclass


#: Largest request body (a query) accepted, in bytes.
MAX_BODY = 256 * 1024


@dataclass(frozen=True)
class Limits:
    """What the endpoint spends and for whom.

    Per query ``timeout`` seconds (whole seconds: Oxigraph's unit), ``max_rows`` rows and ``max_bytes`` bytes of
    answer; ``engines`` queries at once, ``connections`` clients at once; ``hosts``: names a client may call the
    endpoint by (the ``Host`` header) besides loopback ones and the address it listens on.
    """

    timeout: int = 10
    max_rows: int = 10_000
    max_bytes: int = 32 * 1024 * 1024
    engines: int = 8
    connections: int = 200
    hosts: tuple[str, ...] = ()


class Refused(Exception):
    """A request the endpoint will not answer; ``status`` is the HTTP code, ``str()`` the message.

    ``retry_after``: seconds after which the same request may succeed (a busy endpoint), else None.
    """

    def __init__(self, status: int, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status, self.retry_after = status, retry_after
