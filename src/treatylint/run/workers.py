"""Checking many drafts: the results cache, then ``--jobs`` worker processes for what is left.

``check_files`` takes the drafts in report order, each with the ``Linter`` that governs it, and
yields one result per draft in that same order whatever the number of jobs, so output is
deterministic. Cached drafts are answered from the cache without building a linter or importing
spaCy; the rest are checked in this process (one draft, or ``jobs == 1``) or by a pool of worker
processes, each of which builds its linters once (initializer) and receives drafts in chunks.

Results do not keep the parsed document (memory stays flat over a large corpus): the
``document`` of a result is re-read and re-parsed on demand, which is pure Python.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from treatylint.document.model import Document
    from treatylint.run.cache import ResultCache
    from treatylint.run.linter import Linter
    from treatylint.settings import Settings


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class CheckedFile:
    """One draft's result, as ``Linter.check_file`` gives it, minus the parsed document (lazy)."""

    __slots__ = ("path", "findings", "stale", "notices", "cached", "error", "_options", "_document")

    def __init__(self, path: str, findings: list, stale: list, notices: list[str], options: "Settings",
                 cached: bool = False, document: "Document | None" = None, error: str | None = None) -> None:
        self.path = path
        self.error = error  # why the draft could not be checked (the run carries on without it)
        self.findings = findings
        self.stale = stale
        self.notices = notices
        self.cached = cached
        self._options = options
        self._document = document

    @property
    def document(self) -> "Document":
        """The parsed and classified draft, re-read on first use (no spaCy needed)."""
        if self._document is None:
            from treatylint.run.linter import read_document

            self._document = read_document(Path(self.path), self._options)
        return self._document

    @classmethod
    def failed(cls, path: str, error: str, options: "Settings") -> "CheckedFile":
        """A draft that could not be read or checked: no findings, and the reason."""
        return cls(path, [], [], [], options, error=error)

    def to_entry(self) -> dict:
        if self.error is not None:
            return {"error": self.error}
        return {
            "findings": [f.model_dump(mode="json") for f in self.findings],
            "stale": [s.model_dump(mode="json") for s in self.stale],
            "notices": list(self.notices),
        }

    @classmethod
    def from_entry(cls, path: str, entry: dict, options: "Settings", cached: bool) -> "CheckedFile":
        from treatylint.findings import Finding
        from treatylint.triage.waivers import StaleWaiver

        if "error" in entry:
            return cls.failed(path, entry["error"], options)
        return cls(
            path,
            [Finding.model_validate(f) for f in entry["findings"]],
            [StaleWaiver.model_validate(s) for s in entry["stale"]],
            list(entry["notices"]),
            options,
            cached=cached,
        )


def _digest(path: Path) -> bytes | None:
    """The file's SHA-256, read in chunks (a huge file is refused later, not held in memory here)."""
    try:
        digest = hashlib.sha256()
        with path.open("rb") as stream:
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                digest.update(chunk)
        return digest.digest()
    except OSError:
        return None


def _analyse(linter: "Linter", path: Path, keep_document: bool = False, hashing: bool = True) -> tuple[CheckedFile, bytes | None]:
    """Check one file; also the digest of the bytes checked (None if the file changed meanwhile,
    or when not ``hashing``: without a cache nothing uses it, and reading the file twice more
    cost ~4% of a run). A draft that cannot be read gives a failed result (never cached), so
    the run carries on."""
    from treatylint.errors import TreatylintError

    before = _digest(path) if hashing else None
    try:
        result = linter.check_file(path)
    except TreatylintError as exc:
        if os.environ.get("TREATYLINT_DEBUG"):  # --debug: the traceback behind the one-line error
            import traceback

            traceback.print_exc()
        return CheckedFile.failed(str(path), str(exc), linter.settings), None
    after = _digest(path) if hashing else None
    checked = CheckedFile(
        result.path, result.findings, list(getattr(result, "stale", [])),
        list(getattr(result, "notices", [])) + list(linter.notices), linter.settings,
        document=result.document if keep_document else None,
    )
    return checked, before if before is not None and before == after else None


# -- worker processes ---------------------------------------------------------------------------

_WORKER_LINTERS: dict[str, "Linter"] = {}


def _options_key(settings: "Settings") -> str:
    return json.dumps(settings.findings_key(), sort_keys=True, default=str)


def _worker_linter(options: "Settings") -> "Linter":
    key = _options_key(options)
    if key not in _WORKER_LINTERS:
        from treatylint.run.linter import Linter

        _WORKER_LINTERS[key] = Linter(options)
    return _WORKER_LINTERS[key]


def _worker_init(options: list["Settings"]) -> None:
    for each in options:
        _worker_linter(each)


def _worker_check(item: tuple[str, "Settings", bool]) -> tuple[dict | BaseException, bytes | None]:
    """A draft's cache entry and digest (when ``hashing``), or the error to raise in the parent
    (always picklable: an exception that cannot be unpickled would hang the pool)."""
    path, options, hashing = item
    try:
        checked, digest = _analyse(_worker_linter(options), Path(path), hashing=hashing)
    except Exception as exc:  # noqa: BLE001 - re-raised in the parent, in draft order
        import pickle

        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:  # noqa: BLE001
            exc = RuntimeError(f"{type(exc).__name__}: {exc}")
        return exc, None
    return checked.to_entry(), digest


# -- the run ------------------------------------------------------------------------------------


def check_files(
    items: list[tuple[Path, "Linter"]],
    *,
    jobs: int | None = None,
    cache: "ResultCache | None" = None,
) -> Iterator[CheckedFile]:
    """Results for ``items`` (a path and the linter that governs it), in the order given."""
    jobs = default_jobs() if jobs is None else max(1, jobs)
    results: list[CheckedFile | None] = [None] * len(items)
    digests: list[bytes | None] = [None] * len(items)
    if cache is not None:
        for index, (path, linter) in enumerate(items):
            digest = _digest(path)
            digests[index] = digest
            if digest is None:
                continue
            entry = cache.get(cache.key(linter.settings, str(path), digest))
            if entry is not None:
                results[index] = CheckedFile.from_entry(str(path), entry, linter.settings, cached=True)
    todo = [i for i, r in enumerate(results) if r is None]

    def store(index: int, checked: CheckedFile, digest: bytes | None) -> None:
        if cache is not None and digest is not None:
            cache.put(cache.key(items[index][1].settings, str(items[index][0]), digest), checked.to_entry())

    hashing = cache is not None  # the digests only key cache entries
    if jobs == 1 or len(todo) <= 1:
        fresh: Iterator[tuple[int, CheckedFile]] = _in_process(items, todo, store, hashing)
    else:
        fresh = _in_pool(items, todo, min(jobs, len(todo)), store, hashing)
    for index in range(len(items)):
        if results[index] is None:
            got, checked = next(fresh)
            assert got == index
            yield checked
        else:
            yield results[index]  # type: ignore[misc]
        results[index] = None  # nothing is kept once yielded


def _in_process(items, todo, store, hashing: bool = True) -> Iterator[tuple[int, CheckedFile]]:
    for index in todo:
        path, linter = items[index]
        checked, digest = _analyse(linter, path, hashing=hashing)
        store(index, checked, digest)
        yield index, checked


def _in_pool(items, todo, processes: int, store, hashing: bool = True) -> Iterator[tuple[int, CheckedFile]]:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    distinct: dict[str, Any] = {}
    for index in todo:
        linter = items[index][1]
        key = _options_key(linter.settings)
        distinct.setdefault(key, linter.settings)
        if context.get_start_method() == "fork":
            _WORKER_LINTERS.setdefault(key, linter)  # forked workers inherit it: no second rule load
    work = [(str(items[i][0]), items[i][1].settings, hashing) for i in todo]
    chunksize = max(1, min(8, len(work) // (processes * 8)))
    with context.Pool(processes, initializer=_worker_init, initargs=(list(distinct.values()),)) as pool:
        for index, (entry, digest) in zip(todo, pool.imap(_worker_check, work, chunksize)):
            if isinstance(entry, BaseException):
                raise entry
            checked = CheckedFile.from_entry(str(items[index][0]), entry, items[index][1].settings, cached=False)
            store(index, checked, digest)
            yield index, checked
