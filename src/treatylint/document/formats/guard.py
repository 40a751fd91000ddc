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
    armed = [True]

    def expire(signum, frame) -> None:  # noqa: ARG001 (signal handler signature)
        if armed[0]:
            raise _Expired

    previous_handler = signal.signal(signal.SIGALRM, expire)
    previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, deadline.seconds)
    started = time.monotonic()
    try:
        yield deadline
    except _Expired:
        raise deadline.error() from None
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_delay > 0:  # give an earlier caller's alarm back what it had left
            left = previous_delay - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001), previous_interval)


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
