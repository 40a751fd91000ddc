"""CPU seconds for the tests that bound how long something takes.

A wall-clock bound fails on a loaded machine (``test_thousands_of_articles`` once took 5.1 s
against 5 s while other jobs shared the two cores), and stretching it until it holds makes it
useless. The CPU time a run consumes barely changes with the load, so the bounds are on that:
``CpuClock`` for a run in this process (``time.process_time``), ``run_measured`` for a child
process (its own usage from ``wait4``, so children that other threads run at the same time are
not counted). A hang that burns no CPU is caught by ``WALL_LIMIT``, a generous wall-clock
backstop, and by the subprocess timeouts.
"""

from __future__ import annotations

import os
import subprocess
import time

WALL_LIMIT = 60.0  # seconds: only a hang gets near this, however loaded the machine


class CpuClock:
    """Started on creation: ``seconds`` is this process's CPU time since, ``wall`` the wall time."""

    def __init__(self) -> None:
        self._cpu = time.process_time()
        self._wall = time.monotonic()

    @property
    def seconds(self) -> float:
        return time.process_time() - self._cpu

    @property
    def wall(self) -> float:
        return time.monotonic() - self._wall


class _Measured(subprocess.Popen):
    """A Popen that reaps its child with ``wait4`` and keeps the child's resource usage
    (``_try_wait`` is where Popen calls ``waitpid``; same contract)."""

    usage: object = None

    def _try_wait(self, wait_flags):  # type: ignore[override]
        try:
            pid, status, usage = os.wait4(self.pid, wait_flags)
        except ChildProcessError:
            return self.pid, 0
        if pid == self.pid:
            self.usage = usage
        return pid, status


def run_measured(command: list[str], *, timeout: float = WALL_LIMIT, input: bytes | str | None = None,
                 **kwargs) -> tuple[subprocess.CompletedProcess, float]:
    """``subprocess.run(command, capture_output=True, ...)`` and the CPU seconds the child
    (with the children it waited for) used."""
    stdin = subprocess.PIPE if input is not None else subprocess.DEVNULL
    with _Measured(command, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs) as process:
        try:
            out, err = process.communicate(input, timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise
    usage = process.usage
    assert usage is not None, "the child was reaped elsewhere"
    return subprocess.CompletedProcess(command, process.returncode, out, err), usage.ru_utime + usage.ru_stime
