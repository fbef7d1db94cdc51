"""Run the engine in a sandbox: it cannot connect anywhere, and it dies with the thread that started it.

``python -I sandbox.py PARENT PROGRAM [ARGS...]`` (the standard library only, so
it starts in milliseconds) asks Linux for two things and then becomes
``PROGRAM``: a parent-death signal (SIGKILL once the thread that started it
ends, even by ``kill -9``: nothing is left listening on its port), and a seccomp
filter that fails every ``connect`` (and every ``sendto`` with an address,
``sendmsg``, ``sendmmsg``, ``io_uring_setup``). A server only accepts, so the engine
serves as before but cannot call out, whatever query reaches it: SERVICE, or
anything a parser missed. Where the filter cannot be set, it refuses to run.
"""

from __future__ import annotations

import ctypes
import os
import platform
import signal
import struct
import sys

_PR_SET_PDEATHSIG, _PR_SET_SECCOMP, _PR_SET_NO_NEW_PRIVS = 1, 22, 38
_SECCOMP_MODE_FILTER = 2
_ALLOW, _DENY = 0x7FFF0000, 0x00050000 | 13  # SECCOMP_RET_ALLOW; SECCOMP_RET_ERRNO with EACCES
_LOAD, _JEQ, _JGE, _RET = 0x20, 0x15, 0x35, 0x06  # BPF_LD|W|ABS, BPF_JMP|JEQ|K, BPF_JMP|JGE|K, BPF_RET|K

#: machine -> (audit arch, connect, sendto, sendmsg, sendmmsg); io_uring_setup is 425 on both.
_SYSCALLS = {"x86_64": (0xC000003E, 42, 44, 46, 307), "aarch64": (0xC00000B7, 203, 206, 211, 269)}


def _filter(machine: str) -> bytes:
    """The seccomp program: deny the calls that reach out, allow the rest (``sendto`` without an address too)."""
    arch, connect, sendto, sendmsg, sendmmsg = _SYSCALLS[machine]
    program = [
        (_LOAD, 0, 0, 4), (_JEQ, 1, 0, arch), (_RET, 0, 0, _DENY),  # another ABI: nothing is allowed
        (_LOAD, 0, 0, 0), (_JGE, 0, 1, 0x40000000), (_RET, 0, 0, _DENY),  # x32 system calls
        (_JEQ, 5, 0, connect), (_JEQ, 4, 0, sendmsg), (_JEQ, 3, 0, sendmmsg), (_JEQ, 2, 0, 425),
        (_JEQ, 2, 0, sendto), (_RET, 0, 0, _ALLOW),
        (_RET, 0, 0, _DENY),  # <- connect, sendmsg, sendmmsg, io_uring_setup
        (_LOAD, 0, 0, 48), (_JEQ, 0, 2, 0), (_LOAD, 0, 0, 52), (_JEQ, 1, 0, 0),  # sendto's address, both halves
        (_RET, 0, 0, _DENY), (_RET, 0, 0, _ALLOW),
    ]
    return b"".join(struct.pack("HBBI", *instruction) for instruction in program)


def _confine(parent: int) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) or os.getppid() != parent:
        sys.exit("the server's parent is gone")
    code = _filter(platform.machine())
    buffer = ctypes.create_string_buffer(code)
    program = ctypes.create_string_buffer(struct.pack("HxxxxxxP", len(code) // 8, ctypes.addressof(buffer)))
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) or libc.prctl(
            _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.addressof(program), 0, 0):
        sys.exit(f"cannot sandbox the server: {os.strerror(ctypes.get_errno())}")


if __name__ == "__main__":
    if platform.system() != "Linux" or platform.machine() not in _SYSCALLS:
        sys.exit(f"the server's sandbox needs Linux on {' or '.join(_SYSCALLS)}")
    _confine(int(sys.argv[1]))
    os.execv(sys.argv[2], sys.argv[2:])
