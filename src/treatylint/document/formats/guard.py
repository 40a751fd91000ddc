"""Bounds shared by the readers: a wall-clock limit on reading one file, and a text-size limit.

A reader keeps a source location for every character it extracts, so the text a file yields,
not the file's size, decides memory; and a parser that is not linear in its input (pypdf on a
hostile PDF, ``html.parser`` on unterminated tags) can spend minutes on a small file. Both end
in one :class:`InputError` naming the file, never a hang. The limits live in
:mod:`treatylint.document.limits`.
"""

from __future__ import annotations

import re
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from treatylint.document import limits
from treatylint.errors import InputError


class _Expired(BaseException):
    """Raised by the alarm inside a parser. A BaseException, so that the ``except Exception``
    clauses libraries use to skip a damaged object cannot swallow it."""


class Deadline:
    """The end of the time a reader may spend on one file; ``check()`` between units of work."""

    def __init__(self, name: str, what: str, seconds: float) -> None:
        self.name = name
        self.what = what
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def error(self) -> InputError:
        return InputError(
            f"{self.name}: refused: reading {self.what} took longer than {self.seconds:g} seconds "
            "(the file is malformed, or built to make readers hang)"
        )

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise self.error()


def _alarm_usable(seconds: float) -> bool:
    """SIGALRM can interrupt the reader: POSIX, main thread, and no sooner alarm already set
    (someone else's alarm, e.g. a test timeout, must still fire first and as theirs)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return False
    pending = signal.getitimer(signal.ITIMER_REAL)[0]
    return not 0 < pending <= seconds


_REPEAT = 0.05  # seconds between alarms once the limit has passed (see _Alarm)


class _Alarm:
    """SIGALRM raising :class:`_Expired` in the reader, installed for one time limit.

    The handler runs wherever the interpreter is when the signal arrives, and that may be a
    finalizer or a ``gc.callbacks`` hook (hypothesis installs one), where an exception is
    printed as "Exception ignored" and dropped. So once the limit has passed the alarm repeats
    every ``_REPEAT`` seconds until one lands in the reader, and dropped ones are not printed."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.armed = False

    def _expire(self, signum, frame) -> None:  # noqa: ARG002 (signal handler signature)
        # never inside this module: an alarm landing at the first line of the unraisable hook
        # (or of disarm) would make Python print that hook's traceback; the next repeat lands
        # in the reader
        if self.armed and (frame is None or frame.f_code.co_filename != __file__):
            raise _Expired

    def _unraisable(self, unraisable) -> None:  # noqa: ANN001 (sys.UnraisableHookArgs)
        if not isinstance(unraisable.exc_value, _Expired):
            self._previous_hook(unraisable)

    def arm(self) -> None:
        self._previous_hook = sys.unraisablehook
        sys.unraisablehook = self._unraisable
        self._previous_handler = signal.signal(signal.SIGALRM, self._expire)
        self.armed = True
        self._previous_delay, self._previous_interval = signal.setitimer(signal.ITIMER_REAL, self.seconds, _REPEAT)
        self._started = time.monotonic()

    def disarm(self) -> None:
        self.armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self._previous_handler)
        sys.unraisablehook = self._previous_hook
        if self._previous_delay > 0:  # give an earlier caller's alarm back what it had left
            left = self._previous_delay - (time.monotonic() - self._started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001), self._previous_interval)


@contextmanager
def time_limit(name: str, what: str, seconds: float | None = None) -> Iterator[Deadline]:
    """Run the body for at most ``seconds`` (default ``limits.MAX_READ_SECONDS``): interrupted
    by an alarm where one can be used, else only as far as the body calls ``Deadline.check()``.
    ``what`` completes "reading ... took longer" ("this PDF", "page 7 of the PDF"). Limits nest:
    an inner, shorter one takes the alarm and gives the outer one back what it had left."""
    deadline = Deadline(name, what, limits.MAX_READ_SECONDS if seconds is None else seconds)
    if not _alarm_usable(deadline.seconds):
        yield deadline
        return
    alarm = _Alarm(deadline.seconds)
    alarm.arm()
    try:
        yield deadline
    except _Expired:
        alarm.armed = False
        raise deadline.error() from None
    finally:
        alarm.disarm()


def text_too_long(name: str, count: int | None = None) -> InputError:
    """The error for a file whose text passes ``limits.MAX_TEXT_CHARS``."""
    size = f"{count:,}" if count is not None else f"more than {limits.MAX_TEXT_CHARS:,}"
    return InputError(
        f"{name}: refused: the file holds {size} characters of text; the limit is "
        f"{limits.MAX_TEXT_CHARS:,} (4 times the longest treaty known): split the draft"
    )


_TAG = re.compile(r"<[^<>]*>")  # [^<>]: an unclosed "<" costs one step, not a rescan
_TAG_BYTES = re.compile(rb"<[^<>]*>")
_UTF8_CONTINUATION = bytes(range(0x80, 0xC0))


def check_markup_text_size(data: str | bytes, name: str) -> None:
    """Refuse markup (HTML, XML, Markdown) with more text than ``limits.MAX_TEXT_CHARS`` before
    parsing it. What is left outside tags is an upper bound of the text (scripts and comments
    included), counted in C; a file shorter than the limit cannot pass it and is not scanned."""
    limit = limits.MAX_TEXT_CHARS
    if len(data) <= limit:
        return
    if isinstance(data, bytes):  # UTF-8 XML: count characters, not bytes
        count = len(_TAG_BYTES.sub(b"", data).translate(None, _UTF8_CONTINUATION))
    else:
        count = len(_TAG.sub("", data))
    if count > limit:
        raise text_too_long(name)
