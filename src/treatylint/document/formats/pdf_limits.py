"""pypdf held to treatylint's limits while it reads a file: its stream and page-tree limits
lowered to ours (whatever the pypdf version), its own logging and warnings kept off the
terminal, and its "limit reached" error named the same way on every version.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import warnings
from collections.abc import Iterator

from treatylint.document import limits


@contextlib.contextmanager
def quiet_pypdf() -> Iterator[None]:
    """Silence pypdf while it reads: it logs what it repairs ("EOF marker not found",
    "Circular xref chain") to stderr, which would come before and around our one-line error."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


_STREAM_LIMITS = ("zlib", "lzw", "run_length", "brotli", "jbig2")


# pypdf < 6.18 names of the same limits: module constants, read at each decode
_LEGACY_STREAM_LIMITS = ("ZLIB_MAX_OUTPUT_LENGTH", "LZW_MAX_OUTPUT_LENGTH", "RUN_LENGTH_MAX_OUTPUT_LENGTH",
                         "MAX_ARRAY_BASED_STREAM_OUTPUT_LENGTH")


def pypdf_limits() -> contextlib.AbstractContextManager:
    """pypdf's resource limits, lowered to ours while this file is read (pypdf 6.18+ has a
    configuration for them; older versions read module constants, lowered and restored)."""
    import pypdf

    apply = getattr(pypdf, "apply_configuration", None)
    if apply is None:
        return _legacy_limits()
    wanted = {f"{kind}_maximum_output_length": limits.MAX_PDF_STREAM_BYTES for kind in _STREAM_LIMITS}
    wanted["array_based_stream_maximum_output_length"] = limits.MAX_PDF_STREAM_BYTES
    wanted["page_tree_maximum_entries"] = 2 * limits.MAX_PDF_PAGES  # pages and the nodes above them
    known = {f.name for f in dataclasses.fields(pypdf.Configuration)}
    return apply(**{key: value for key, value in wanted.items() if key in known})


@contextlib.contextmanager
def _legacy_limits() -> Iterator[None]:
    import pypdf.filters

    saved = {name: getattr(pypdf.filters, name) for name in _LEGACY_STREAM_LIMITS if hasattr(pypdf.filters, name)}
    try:
        for name, value in saved.items():
            setattr(pypdf.filters, name, min(value, limits.MAX_PDF_STREAM_BYTES))
        yield
    finally:
        for name, value in saved.items():
            setattr(pypdf.filters, name, value)


class _NeverRaised(Exception):
    """Stands in for an exception class an older pypdf does not have."""


def limit_reached() -> type[Exception]:
    """pypdf's error for a resource limit reached (older versions have none)."""
    import pypdf.errors

    return getattr(pypdf.errors, "LimitReachedError", _NeverRaised)
