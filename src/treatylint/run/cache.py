"""The results cache: like ruff's, so CI re-runs over unchanged drafts cost almost nothing.

A file's entry is keyed by everything that can change its findings:

* the file's bytes (SHA-256) and the path it was given as (findings quote the path);
* the rule set: the contents of every ``.yml``/``.yaml`` file under every rule directory in use
  (rules and ``provision-kinds.yml``);
* the settings that change findings (``Settings.findings_key``: select, ignore, model, verbose,
  severity overrides, ``--include-hidden``...), with the contents of any setting that names a file;
* treatylint itself: its version and the contents of its modules and package data (the kinds
  model), so that a changed engine never serves stale results, even in a development checkout;
* the versions of Python, its Unicode database and the libraries that shape results (pypdf,
  spaCy, regex, PyYAML, defusedxml, pydantic, numpy).

The cache cannot be turned against its user (issue 15: a cache committed to a repository with an
edited entry made a clone report "No findings"):

* it lives outside the project, in the user's cache directory (``~/.cache/treatylint`` or
  ``$XDG_CACHE_HOME``, ``~/Library/Caches`` on macOS, ``%LOCALAPPDATA%`` on Windows;
  ``TREATYLINT_CACHE_DIR`` or ``--cache-dir`` elsewhere, ``--no-cache`` off);
* every entry carries an HMAC made with a secret key that lives only in the user's own cache
  directory (created on first use, readable by the user alone): an entry written anywhere else,
  by anyone else, or edited, does not verify and is a miss;
* an entry that verifies is still validated (its findings are rebuilt through the ``Finding``
  model); anything malformed is a miss, never an error;
* a cache directory owned by another user, or writable by others, is not used at all (a notice).

Entries are small files written atomically. The directory carries a ``CACHEDIR.TAG`` and a
``.gitignore`` so backup tools and git leave it alone. Reading the cache imports neither spaCy
nor the engine.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import stat
import sys
import tempfile
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import treatylint

if TYPE_CHECKING:  # pragma: no cover
    from treatylint.settings import Settings

FORMAT = "v2"  # v2: entries carry an HMAC
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by treatylint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
RULE_SUFFIXES = (".yml", ".yaml")


_LIBRARIES = ("pypdf", "spacy", "regex", "PyYAML", "defusedxml", "pydantic", "numpy")
_KEY_FILE = "secret-key"
# An entry larger than this is a miss: a committed cache can hold a symbolic link to /dev/zero or
# a huge file where an entry should be, and reading it whole ended the run with a MemoryError.
MAX_ENTRY_BYTES = 64 * 1024 * 1024
# never follow a link to the entry, never wait on a FIFO planted in its place
_OPEN_ENTRY = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def user_cache_dir() -> Path:
    """Where the cache lives by default: the platform's per-user cache folder, never the project."""
    override = os.environ.get("TREATYLINT_CACHE_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "treatylint" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "treatylint"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "treatylint"


def library_versions() -> str:
    """Python, its Unicode database and the libraries whose versions can change findings."""
    from importlib import metadata

    parts = [sys.version, unicodedata.unidata_version]
    for name in _LIBRARIES:
        try:
            parts.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}=absent")
    return "\n".join(parts)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """treatylint's version, the contents of its modules and package data, and the versions of
    the libraries that shape results."""
    digest = hashlib.sha256(treatylint.__version__.encode())
    digest.update(library_versions().encode())
    package = Path(treatylint.__file__).resolve().parent
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(package)).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _owned_privately(info: os.stat_result, directory: bool) -> bool:
    """Owned by the current user and writable by no one else (POSIX; elsewhere: True)."""
    if not hasattr(os, "getuid"):
        return True
    others = stat.S_IWGRP | stat.S_IWOTH | (0 if directory else stat.S_IRGRP | stat.S_IROTH)
    return info.st_uid == os.getuid() and not info.st_mode & others


def secret_key() -> bytes | None:
    """The user's cache key (32 random bytes in the user's cache folder, mode 0600), created on
    first use; None when it cannot be created or is not the user's own (no cache then)."""
    path = user_cache_dir() / _KEY_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(secrets.token_bytes(32))
        with open(path, "rb") as handle:
            if not _owned_privately(os.fstat(handle.fileno()), directory=False):
                return None
            key = handle.read()
    except OSError:
        return None
    return key if len(key) == 32 else None


def rules_fingerprint(directories: list[Path]) -> str:
    """The contents of every rule and kinds file under ``directories`` (in order)."""
    digest = hashlib.sha256()
    for directory in directories:
        directory = Path(directory)
        digest.update(b"dir\0" + str(directory.resolve()).encode() + b"\0")
        if not directory.is_dir():
            digest.update(b"missing\0")
            continue
        for path in sorted(p for p in directory.rglob("*") if p.suffix in RULE_SUFFIXES and p.is_file()):
            digest.update(str(path.relative_to(directory)).encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _encode(value: Any) -> Any:
    if isinstance(value, Path):
        resolved = value.resolve()
        if resolved.is_file():  # an option naming a file: its contents count
            return {"path": str(resolved), "sha256": hashlib.sha256(resolved.read_bytes()).hexdigest()}
        return str(resolved)
    if hasattr(value, "value"):  # enums
        return value.value
    return str(value)


def options_fingerprint(options: "Settings") -> str:
    """The settings that change findings (``Settings.findings_key``), rule files included."""
    from treatylint.rulepack.loader import builtin_rules_dir

    fields = options.findings_key()
    # the built-in directory always counts: its provision-kinds.yml is the fallback classifier
    directories = [builtin_rules_dir()] + [Path(d) for d in options.rules]
    payload = json.dumps(fields, sort_keys=True, default=_encode)
    digest = hashlib.sha256(payload.encode())
    digest.update(rules_fingerprint(directories).encode())
    digest.update(code_fingerprint().encode())
    return digest.hexdigest()


class ResultCache:
    """Entries for one cache directory. ``key`` is computed per file, ``get``/``put`` by key."""

    def __init__(self, directory: Path | str | None = None) -> None:
        self.directory = Path(directory) if directory is not None else user_cache_dir()
        self._root = self.directory / FORMAT
        self._fingerprints: dict[int, str] = {}
        self.hits = 0
        self.misses = 0
        self.rejected = 0  # entries that did not verify or validate
        self.notice: str | None = None  # why the cache is not used, if it is not
        self._key = secret_key()
        if self._key is None:
            self.notice = f"results cache off: no private key could be kept in {user_cache_dir()}"
        elif self.directory.exists():
            try:
                trusted = self.directory.is_dir() and _owned_privately(os.stat(self.directory), directory=True)
            except OSError:
                trusted = False
            if not trusted:
                self.notice = (f"{self.directory}: results cache not used: it is not a folder owned by you "
                               "and writable by you alone")
                self._key = None

    @property
    def usable(self) -> bool:
        return self._key is not None

    def fingerprint(self, options: Any) -> str:
        """The options' fingerprint, computed once per options object in this run."""
        key = id(options)
        if key not in self._fingerprints:
            self._fingerprints[key] = options_fingerprint(options)
        return self._fingerprints[key]

    def key(self, options: Any, path: str, content_digest: bytes) -> str:
        """The entry for ``path`` whose bytes have SHA-256 ``content_digest``, under ``options``."""
        digest = hashlib.sha256(self.fingerprint(options).encode())
        digest.update(b"\0" + path.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(content_digest)
        return digest.hexdigest()

    def _entry(self, key: str) -> Path:
        return self._root / key[:2] / f"{key}.json"

    def _mac(self, key: str, body: bytes) -> str:
        assert self._key is not None
        return hmac.new(self._key, key.encode() + b"\0" + body, hashlib.sha256).hexdigest()

    def get(self, key: str) -> dict | None:
        """The entry, if it exists, was written by this user's treatylint for this key, and has
        the shape of an entry; otherwise None (a miss)."""
        if self._key is None:
            self.misses += 1
            return None
        try:
            data = _read_entry(self._entry(key))
        except OSError:
            self.misses += 1
            return None
        if data is None:  # not a regular file, or too large to be an entry
            self.rejected += 1
            self.misses += 1
            return None
        mac, _, body = data.partition(b"\n")
        entry = None
        if hmac.compare_digest(mac, self._mac(key, body).encode()):
            try:
                entry = _valid(json.loads(body))
            except ValueError:
                entry = None
        if entry is None:
            self.rejected += 1
            self.misses += 1
            return None
        self.hits += 1
        return entry

    def put(self, key: str, entry: dict) -> None:
        if self._key is None:
            return
        target = self._entry(key)
        try:
            if not (self.directory / "CACHEDIR.TAG").is_file():
                self._create()
            target.parent.mkdir(parents=True, exist_ok=True)
            body = json.dumps(entry, ensure_ascii=True, separators=(",", ":")).encode()
            fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "wb") as handle:
                handle.write(self._mac(key, body).encode() + b"\n" + body)
            os.replace(temporary, target)
        except OSError:
            pass  # a read-only or full disk must not fail the run: the cache is an optimisation

    def _create(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        (self.directory / "CACHEDIR.TAG").write_text(CACHEDIR_TAG, encoding="utf-8")
        (self.directory / ".gitignore").write_text("# Created by treatylint automatically.\n*\n", encoding="utf-8")


def _read_entry(path: Path) -> bytes | None:
    """The entry file's bytes; None when it is not a regular file or is larger than any entry."""
    fd = os.open(path, _OPEN_ENTRY)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
            return None
        data = handle.read(MAX_ENTRY_BYTES + 1)
    return data if len(data) <= MAX_ENTRY_BYTES else None


def _valid(entry: object) -> dict | None:
    """``entry`` if it has the shape ``CheckedFile.to_entry`` writes (findings and stale waivers
    rebuilt through their models), else None."""
    if not isinstance(entry, dict):
        return None
    if set(entry) == {"error"}:
        return entry if isinstance(entry["error"], str) else None
    if set(entry) != {"findings", "stale", "notices"}:
        return None
    if not all(isinstance(entry[k], list) for k in entry) or not all(isinstance(n, str) for n in entry["notices"]):
        return None
    from pydantic import ValidationError

    from treatylint.findings import Finding
    from treatylint.triage.waivers import StaleWaiver

    try:
        for finding in entry["findings"]:
            Finding.model_validate(finding)
        for stale in entry["stale"]:
            StaleWaiver.model_validate(stale)
    except (ValidationError, TypeError, ValueError):
        return None
    return entry
