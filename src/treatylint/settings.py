"""The settings of a run: ONE typed ``Settings``, built in layers (defaults -> the config file
that governs the draft -> the command line), each value remembering where it came from.

Discovered like ruff's: for each draft, the nearest ``.treatylint.yaml``, ``.treatylint.yml``
or ``pyproject.toml`` with a ``[tool.treatylint]`` table, walking up from the draft's folder
(from the current folder for run-wide settings: format, fail-on, include/exclude, baseline).
Values given on the command line win. Paths in a file (``rules``, ``waivers``, ``baseline``)
are relative to that file, so a config works from any current directory.
"""

from __future__ import annotations

import difflib
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictStr,
    ValidationError,
    field_validator,
)

from treatylint.document.reader import DEFAULT_MAX_BYTES
from treatylint.errors import UsageError
from treatylint.findings import Severity
from treatylint.reporters.report import ReportFormat

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_NAMES = (".treatylint.yaml", ".treatylint.yml", "pyproject.toml")
INLINE_FORMATS = ("txt", "md", "akn", "html", "docx", "pdf")
# Inline suppressions count by default only in the formats the user writes by hand: a Word file,
# a PDF or an HTML page usually comes from the other side of the table, and a marker in it (even a
# visible one) is the counterpart's, not the user's.
DEFAULT_INLINE_FORMATS = ("txt", "md", "akn")
COMMAND_LINE = "command line"
DEFAULT = "default"


class ConfigFile(BaseModel):
    """The keys a config file may set; anything else is an error naming the key."""

    model_config = ConfigDict(extra="forbid", populate_by_name=False)

    rules: list[StrictStr] | None = None
    builtin: StrictBool | None = None
    select: list[StrictStr] | None = None
    ignore: list[StrictStr] | None = None
    severity: dict[StrictStr, Severity] | None = None
    fail_on: Severity | None = Field(default=None, alias="fail-on")
    model: StrictStr | None = None
    format: StrictStr | None = None
    include: list[StrictStr] | None = None
    exclude: list[StrictStr] | None = None
    waivers: StrictStr | None = None
    baseline: StrictStr | None = None
    max_file_size: StrictStr | int | None = Field(default=None, alias="max-file-size")
    inline_suppressions: list[StrictStr] | None = Field(default=None, alias="inline-suppressions")

    @field_validator("inline_suppressions", mode="before")
    @classmethod
    def _formats(cls, value: object) -> object:
        """The formats whose inline suppressions count: ``[txt, md]``, ``all`` or ``none``."""
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if isinstance(value, list):
            if value in (["all"], ["none"]):
                return list(INLINE_FORMATS) if value == ["all"] else []
            unknown = [v for v in value if v not in INLINE_FORMATS]
            if unknown:
                raise ValueError(f"{unknown[0]!r} is not a format; use some of {', '.join(INLINE_FORMATS)}, or all / none")
        return value

    @field_validator("max_file_size")
    @classmethod
    def _size(cls, value: str | int | None) -> int | None:
        return None if value is None else parse_size(value)

    @field_validator("rules", "select", "ignore", "include", "exclude", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        """``select: content-crime`` and ``select: a, b`` mean the same as a list."""
        if isinstance(value, str):
            return [v.strip() for v in value.split(",") if v.strip()]
        return value


_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?\s*", re.IGNORECASE)
_UNITS = {"b": 1, "k": 1024, "kb": 1024, "m": 1024**2, "mb": 1024**2, "g": 1024**3, "gb": 1024**3}


def parse_size(value: str | int) -> int:
    """A size limit in bytes from ``200``, ``"200MB"``, ``"512 KB"`` or ``"1GB"`` (a bare number is MB)."""
    if isinstance(value, bool):
        raise ValueError("expected a size such as 50 (MB), '200MB' or '512KB'")
    if isinstance(value, int):
        number, unit = float(value), "mb"
    else:
        match = _SIZE.fullmatch(value)
        if match is None:
            raise ValueError(f"{value!r} is not a size; write e.g. 50 (MB), '200MB' or '512KB'")
        number, unit = float(match.group(1)), (match.group(2) or "mb").lower()
    size = int(number * _UNITS[unit])
    if size <= 0:
        raise ValueError("the size limit must be more than 0")
    return size


KEYS: tuple[str, ...] = tuple(f.alias or name for name, f in ConfigFile.model_fields.items())
PATH_KEYS = ("rules", "waivers", "baseline")


@dataclass(frozen=True)
class Loaded:
    """A parsed config file: its values by key (paths made absolute) and how to name it."""

    path: Path
    label: str  # "a/.treatylint.yaml" or "a/pyproject.toml [tool.treatylint]"
    values: dict[str, Any]


def _error(label: str, message: str) -> UsageError:
    return UsageError(f"{label}: {message}")


def _read(path: Path) -> tuple[dict | None, str]:
    """The raw mapping in ``path`` (None for a pyproject.toml without our table) and its label."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _error(str(path), f"cannot read config ({exc.strerror})") from None
    if path.name == "pyproject.toml" or path.suffix == ".toml":
        try:
            data = tomllib.loads(raw.decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise _error(str(path), f"malformed TOML ({exc})") from None
        table = data.get("tool", {}).get("treatylint")
        label = f"{_display(path)} [tool.treatylint]"
        if table is not None and not isinstance(table, dict):
            raise _error(label, "must be a table")
        return table, label
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise _error(str(path), f"malformed YAML{where}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise _error(str(path), "a config file must be a mapping of keys")
    return data, _display(path)


def _display(path: Path) -> str:
    """A config file's name for messages: relative to the current folder when below it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _validate(data: dict, label: str) -> ConfigFile:
    try:
        return ConfigFile.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(p) for p in error["loc"]) or "config"
        if error["type"] == "extra_forbidden":
            hint = difflib.get_close_matches(str(error["loc"][0]), KEYS, n=1)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else f" (known keys: {', '.join(KEYS)})"
            raise _error(label, f"unknown key '{key}'{suggestion}") from None
        if error["type"] in ("enum", "literal_error") and isinstance(error.get("input"), str):
            from treatylint.suggest import did_you_mean

            allowed = [str(v).strip("'") for v in str(error.get("ctx", {}).get("expected", "")).replace(" or ", ", ").split(", ") if v]
            raise _error(label, f"key '{key}': {error['input']!r} is not one of {', '.join(allowed)}"
                                f"{did_you_mean(error['input'], allowed)}") from None
        raise _error(label, f"key '{key}': {error['msg'].removeprefix('Value error, ')}") from None


@lru_cache(maxsize=None)
def load_config(path: Path) -> Loaded | None:
    """The validated config in ``path``; None for a pyproject.toml without ``[tool.treatylint]``."""
    data, label = _read(path)
    if data is None:
        return None
    model = _validate(data, label)
    values = model.model_dump(by_alias=True, exclude_none=True)
    base = path.parent
    for key in PATH_KEYS:
        if key in values:
            value = values[key]
            values[key] = [base / v for v in value] if isinstance(value, list) else base / value
    return Loaded(path, label, values)


@lru_cache(maxsize=None)
def find_config(directory: Path) -> Loaded | None:
    """The nearest config at or above ``directory`` (absolute), or None."""
    for folder in (directory, *directory.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                loaded = load_config(candidate)
                if loaded is not None:
                    return loaded
    return None


class Overrides(BaseModel):
    """The command line's layer: what was given wins over the config file (None or empty: not
    given). ``verbose``, ``revisions`` and ``include_hidden`` exist only on the command line."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    rules: list[Path] = Field(default_factory=list)
    builtin: bool | None = None
    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Severity] = Field(default_factory=dict)
    fail_on: Severity | None = Field(default=None, alias="fail-on")
    model: str | None = None
    format: ReportFormat | None = None
    include: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    waivers: Path | None = None
    baseline: Path | None = None
    max_file_size: int | None = Field(default=None, alias="max-file-size")
    inline_suppressions: list[str] = Field(default_factory=list, alias="inline-suppressions")
    verbose: bool = False
    revisions: bool = False
    include_hidden: bool = False


class Settings(BaseModel):
    """The configuration in effect for a draft, typed, used by every stage of the run. Build it
    with ``resolve`` (or directly, for a library call: every field has its default)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, arbitrary_types_allowed=True)

    rules: list[Path] = Field(default_factory=list)  # extra rule directories
    builtin: bool = True  # load the built-in rules
    select: list[str] = Field(default_factory=list)  # rule ids, prefixes or categories (empty: all)
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Severity] = Field(default_factory=dict)  # overrides by rule id, prefix or category
    fail_on: Severity = Field(default=Severity.WARNING, alias="fail-on")
    model: str | None = None  # spaCy pipeline (None: the built-in sentence splitter)
    format: ReportFormat = ReportFormat.text
    include: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    waivers: Path | None = None
    baseline: Path | None = None
    max_file_size: int = Field(default=DEFAULT_MAX_BYTES, alias="max-file-size")  # larger drafts are refused
    # formats whose inline suppressions count (the others' markers are ignored, with a notice)
    inline_suppressions: list[str] = Field(default_factory=lambda: list(DEFAULT_INLINE_FORMATS), alias="inline-suppressions")
    verbose: bool = False  # also report suppressed candidates and waived findings
    revisions: bool = False  # Word tracked changes: lint both versions, mark what the changes do
    include_hidden: bool = False  # analyse text a reader cannot see (it is reported either way)
    # where each value came from: "default", a config file's label, "command line"
    sources: dict[str, str] = Field(default_factory=lambda: {key: DEFAULT for key in KEYS}, exclude=True, repr=False)
    severity_sources: dict[str, str] = Field(default_factory=dict, exclude=True, repr=False)
    config: Loaded | None = Field(default=None, exclude=True, repr=False)

    def get(self, key: str) -> Any:
        """A value by its config-file key (``fail-on``, ``max-file-size``...)."""
        return getattr(self, key.replace("-", "_"))

    def describe(self) -> list[tuple[str, Any, str]]:
        """(key, value, source) rows for ``treatylint config``; one row per severity override."""
        rows: list[tuple[str, Any, str]] = []
        for key in KEYS:
            if key == "severity" and self.severity:
                rows += [(f"severity.{k}", v, self.severity_sources[k]) for k, v in self.severity.items()]
            else:
                rows.append((key, self.get(key), self.sources[key]))
        return rows

    def findings_key(self) -> dict[str, Any]:
        """The values that change a draft's findings (the results cache and the workers key on them)."""
        return self.model_dump(include=FINDINGS_FIELDS)


FINDINGS_FIELDS = frozenset({"rules", "builtin", "select", "ignore", "severity", "model", "verbose", "revisions",
                             "max_file_size", "include_hidden", "inline_suppressions"})


def resolve(config: Loaded | None, overrides: Overrides | dict[str, Any] | None = None) -> Settings:
    """Defaults, then the config file, then command-line values (``None``/empty = not given).

    ``severity`` merges per key (the command line wins on the same key); every other key is
    replaced whole by the later layer.
    """
    if not isinstance(overrides, Overrides):
        overrides = Overrides.model_validate(overrides or {})
    values: dict[str, Any] = {}
    sources = {key: DEFAULT for key in KEYS}
    severity: dict[str, Severity] = {}
    severity_sources: dict[str, str] = {}
    if config is not None:
        for key, value in config.values.items():
            values[key], sources[key] = value, config.label
        for key, level in config.values.get("severity", {}).items():
            severity[key], severity_sources[key] = Severity(level), config.label
    given = overrides.model_dump(by_alias=True)
    for key in KEYS:
        value = given[key]
        if value is None or (isinstance(value, (list, dict)) and not value):
            continue
        if key == "severity":
            for k, level in value.items():
                severity[k], severity_sources[k] = Severity(level), COMMAND_LINE
            sources[key] = COMMAND_LINE if not config or "severity" not in config.values else f"{config.label}, {COMMAND_LINE}"
            continue
        values[key], sources[key] = value, COMMAND_LINE
    values["severity"] = severity
    if "format" in values:
        values["format"] = _report_format(values["format"], sources["format"])
    return Settings.model_validate({
        **values, "verbose": overrides.verbose, "revisions": overrides.revisions,
        "include_hidden": overrides.include_hidden, "sources": sources, "severity_sources": severity_sources,
        "config": config,
    })


def _report_format(value: str | ReportFormat, source: str) -> ReportFormat:
    from treatylint.reporters.dispatch import parse_format  # any case, and a suggestion when unknown

    return value if isinstance(value, ReportFormat) else parse_format(str(value), f"{source}: key 'format'")


def parse_severity_options(items: list[str]) -> dict[str, Severity]:
    """``--severity KEY=LEVEL`` options (repeatable, comma-separated) as a mapping."""
    result: dict[str, Severity] = {}
    for item in (v.strip() for value in items for v in value.split(",")):
        if not item:
            continue
        key, sep, level = item.partition("=")
        try:
            if not sep or not key.strip():
                raise ValueError
            result[key.strip()] = Severity(level.strip().lower())
        except ValueError:
            raise UsageError(f"--severity {item!r}: expected RULE-OR-CATEGORY=error|warning|info") from None
    return result


def config_for(directory: Path, explicit: Path | None = None, isolated: bool = False) -> Loaded | None:
    """The config that governs ``directory``: an explicit ``--config`` file, none, or discovery."""
    if isolated:
        return None
    if explicit is not None:
        path = explicit.resolve()
        if not path.is_file():
            raise UsageError(f"{explicit}: config file not found")
        loaded = load_config(path)
        if loaded is None:
            raise UsageError(f"{explicit}: no [tool.treatylint] table")
        return loaded
    return find_config(directory.resolve())
