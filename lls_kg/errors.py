"""Failures a user can act on, each with the exit code the command line returns.

The library raises these instead of printing, so notebooks get exceptions and
the command line turns them into one plain line and an exit code.
"""

from __future__ import annotations

import os
import stat


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


#: Largest input file lls-kg reads, in MB: ``lls-kg --max-input MB`` (or ``LLS_KG_MAX_INPUT_MB``) raises it.
MAX_INPUT_MB = int(os.environ.get("LLS_KG_MAX_INPUT_MB", "") or 1024)


def input_file(path: str | os.PathLike[str], name: str | None = None) -> None:
    """Check that ``path`` is a regular file of at most :data:`MAX_INPUT_MB`; else :class:`BadInput` naming it.

    A pipe would hang a reader and a device (``/dev/zero``) never ends, so neither is read.
    """
    shown = name or str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise BadInput(f"{shown}: no such file") from None
    except OSError as error:
        raise BadInput(f"{shown}: cannot read the file ({error.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise BadInput(f"{shown}: is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise BadInput(f"{shown}: not a regular file (a pipe, a device or a socket); save the data to a file")
    if info.st_size > MAX_INPUT_MB * 1024 * 1024:
        raise BadInput(f"{shown}: the file is {info.st_size / (1024 * 1024):.1f} MB, more than the {MAX_INPUT_MB} MB "
                       "lls-kg reads; raise the limit with 'lls-kg --max-input MB'")


def read_bytes(path: str | os.PathLike[str], name: str | None = None) -> bytes:
    """The bytes of the file ``path``; a missing, unreadable, irregular or too big one is :class:`BadInput`."""
    shown = name or str(path)
    input_file(path, name)
    try:
        with open(path, "rb") as stream:
            return stream.read(MAX_INPUT_MB * 1024 * 1024 + 1)
    except FileNotFoundError:
        raise BadInput(f"{shown}: no such file") from None
    except OSError as error:
        raise BadInput(f"{shown}: cannot read the file ({error.strerror})") from None
