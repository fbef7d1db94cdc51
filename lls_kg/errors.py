"""Failures a user can act on, each with the exit code the command line returns.

The library raises these instead of printing, so notebooks get exceptions and
the command line turns them into one plain line and an exit code.
"""

from __future__ import annotations


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
