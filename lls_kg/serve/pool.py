"""The engines: a few Oxigraph servers on one store, each answering one query at a time.

A query borrows an idle engine. One that ran out of time, sent too much, broke
off or crashed is killed at once, so its CPU is free the moment the client hears
503, and a supervisor thread starts a fresh one; the other engines keep serving.
A query that runs long has its engine demoted to the lowest CPU priority, so
runaways slow the other queries little. With every engine busy, a request waits
up to ``WAIT`` seconds, then gets 503 with ``Retry-After``. The engines run in
:mod:`.sandbox` (no outbound connection) and are started by the supervisor
thread, so they die with it, even on ``kill -9``.
"""

from __future__ import annotations

import os
import queue
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import BadInput
from .engine import Engine, start_oxigraph, stop
from .limits import Limits, Refused


#: How long a request waits for an idle engine before it is told to come back, in seconds: as long as the default
#: query timeout, by when a runaway has been stopped.
WAIT = 10.0
#: After this many seconds a query is a long one: its engine runs at the lowest CPU priority from then on, so
#: the short queries beside it keep their speed (and is replaced afterwards, to serve at full priority again).
LONG = 1.0


class Engines:
    """``limits.engines`` Oxigraph servers reading the store at ``store``, kept running by a supervisor thread."""

    def __init__(self, store: Path, log: Path, limits: Limits) -> None:
        self._args = ["serve-read-only", "--location", str(store), "--timeout-s", str(limits.timeout)]
        self._log, self._limits = log, limits
        self._idle: queue.Queue[Engine] = queue.Queue()
        self._wanted: queue.Queue[bool] = queue.Queue()  # True: start one more; False: stop supervising
        self._running: set[Engine] = set()
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._failure: BadInput | None = None
        self._supervisor = threading.Thread(target=self._supervise, name="lls-kg-engines", daemon=True)
        self._supervisor.start()
        self._ready.wait()
        if self._failure:
            self.close()
            raise self._failure

    @property
    def processes(self) -> list[subprocess.Popen[bytes]]:
        """The engines' processes right now."""
        with self._lock:
            return [engine.process for engine in self._running]

    @contextmanager
    def borrowed(self) -> Iterator[Engine]:
        """An idle engine for one query; replaced afterwards if the query spoiled it or it died."""
        while True:
            try:
                engine = self._idle.get(timeout=WAIT)
            except queue.Empty:
                raise Refused(503, f"all {self._limits.engines} query engines are busy; try again in a few seconds",
                              retry_after=max(1, self._limits.timeout // 2)) from None
            if engine.process.poll() is None:
                break
            self._retire(engine)
        demotion = threading.Timer(LONG, _demote, [engine])
        demotion.start()
        try:
            yield engine
        finally:
            demotion.cancel()
            if engine.spoiled or engine.demoted or engine.process.poll() is not None:
                self._retire(engine)
            else:
                self._idle.put(engine)

    def close(self) -> None:
        """Stop supervising and stop every engine."""
        self._wanted.put(False)
        self._supervisor.join()
        for process in self.processes:
            stop(process)

    def _supervise(self) -> None:
        try:
            for _ in range(self._limits.engines):
                self._start()
        except BadInput as error:
            self._failure = error
        self._ready.set()
        while not self._failure and self._wanted.get():
            try:
                self._start()
            except BadInput:  # the machine is short of something: try again, without spinning
                time.sleep(1)
                self._wanted.put(True)

    def _start(self) -> None:
        process, url = start_oxigraph(self._args, self._log, sandboxed=True)
        engine = Engine(process, url)
        with self._lock:
            self._running.add(engine)
        self._idle.put(engine)

    def _retire(self, engine: Engine) -> None:
        """Kill ``engine`` at once (it may be computing still) and have the supervisor start another."""
        stop(engine.process, grace=0)
        with self._lock:
            self._running.discard(engine)
        self._wanted.put(True)


def _demote(engine: Engine) -> None:
    """Lower every thread of ``engine`` to the lowest CPU priority (Linux's nice value is per thread)."""
    engine.demoted = True
    for thread in Path(f"/proc/{engine.process.pid}/task").glob("*"):
        try:
            os.setpriority(os.PRIO_PROCESS, int(thread.name), 19)
        except OSError:  # the thread (or the engine) has ended
            continue
