"""Failures a user can act on, each with the exit code the command line returns.

The library raises these instead of printing, so notebooks get exceptions and
the command line turns them into one plain line and an exit code.
"""

from __future__ import annotations

import os


class LlsError(Exception):
    """A failure explained in plain words; ``exit_code`` is what ``lls-kg`` exits with."""

    exit_code = 2


class BadInput(LlsError):
    """The input or the way the command was used is wrong (unreadable file, unknown store...)."""

    exit_code = 2


class CheckFailed(LlsError):
    """The input was read, but it does not pass a check (e.g. the SHACL shapes)."""

    exit_code = 1


def one_line(text: object) -> str:
    """``text`` (often a library's multi-line error) squeezed onto one line."""
    return " ".join(str(text).split())


def read_bytes(path: str | os.PathLike[str], name: str | None = None) -> bytes:
    """The bytes of the file ``path``; a missing or unreadable one is :class:`BadInput` naming it (as ``name``)."""
    shown = name or str(path)
    try:
        with open(path, "rb") as stream:
            return stream.read()
    except FileNotFoundError:
        raise BadInput(f"{shown}: no such file") from None
    except OSError as error:
        raise BadInput(f"{shown}: cannot read the file ({error.strerror})") from None
