"""A loopback port that records whether anybody connects to it: the proof that a query did not call out."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def listening() -> Iterator[socket.socket]:
    """A non-blocking socket listening on a free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        sock.setblocking(False)
        yield sock


def connected(sock: socket.socket, wait: float = 0.3) -> bool:
    """Whether anybody connected to ``sock`` within ``wait`` seconds (it waits that long)."""
    time.sleep(wait)
    try:
        sock.accept()[0].close()
    except BlockingIOError:
        return False
    return True
