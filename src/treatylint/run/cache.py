"""The results cache: like ruff's, so CI re-runs over unchanged drafts cost almost nothing.

A file's entry is keyed by everything that can change its findings:

* the file's bytes (SHA-256) and the path it was given as (findings quote the path);
* the rule set: the contents of every ``.yml``/``.yaml`` file under every rule directory in use
  (rules and ``provision-kinds.yml``);
* the settings that change findings (``Settings.findings_key``: select, ignore, model, verbose,
  severity overrides...), with the contents of any setting that names a file;
* treatylint itself: its version and the contents of its Python modules, so that a changed
  engine never serves stale results, even in a development checkout.

Entries are small JSON files under ``.treatylint_cache/`` in the current directory (``--cache-dir``
elsewhere, ``--no-cache`` off), written atomically. The directory carries a ``CACHEDIR.TAG`` and
a ``.gitignore`` so backup tools and git leave it alone. Reading the cache imports neither spaCy
nor the engine.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import treatylint

if TYPE_CHECKING:  # pragma: no cover
    from treatylint.settings import Settings

DEFAULT_DIR = ".treatylint_cache"
FORMAT = "v1"
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by treatylint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
RULE_SUFFIXES = (".yml", ".yaml")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """treatylint's version and the contents of its modules."""
    digest = hashlib.sha256(treatylint.__version__.encode())
    package = Path(treatylint.__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


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

    def __init__(self, directory: Path | str = DEFAULT_DIR) -> None:
        self.directory = Path(directory)
        self._root = self.directory / FORMAT
        self._fingerprints: dict[int, str] = {}
        self.hits = 0
        self.misses = 0

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

    def get(self, key: str) -> dict | None:
        try:
            with open(self._entry(key), "rb") as handle:
                entry = json.loads(handle.read())
        except (OSError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return entry

    def put(self, key: str, entry: dict) -> None:
        target = self._entry(key)
        try:
            if not self.directory.is_dir():
                self._create()
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(entry, handle, ensure_ascii=False, separators=(",", ":"))
            os.replace(temporary, target)
        except OSError:
            pass  # a read-only or full disk must not fail the run: the cache is an optimisation

    def _create(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        (self.directory / "CACHEDIR.TAG").write_text(CACHEDIR_TAG, encoding="utf-8")
        (self.directory / ".gitignore").write_text("# Created by treatylint automatically.\n*\n", encoding="utf-8")
