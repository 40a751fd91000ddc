"""One ``treatylint check`` run: each draft checked under its own configuration, then waivers and
the baseline applied across the run (a waiver is stale only if no draft in the run used it).

Drafts governed by the same config file share one ``Linter``, so rules load once per config.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from treatylint.errors import InputError, UsageError
from treatylint.findings import Finding, Severity
from treatylint.rulepack import selectors
from treatylint.rulepack.loader import LoadedRule, builtin_rules_dir, load_rules
from treatylint.run.inputs import Input
from treatylint.run.linter import FileResult, Linter
from treatylint.settings import COMMAND_LINE, Overrides, Settings, config_for, resolve
from treatylint.suggest import did_you_mean
from treatylint.triage.waivers import Baseline, StaleWaiver, Waivers

if TYPE_CHECKING:
    from treatylint.run.cache import ResultCache


@dataclass(frozen=True)
class FileError:
    """A draft the run could not check, and why (one line naming the file)."""

    path: str
    message: str


@dataclass
class RunResult:
    results: list[FileResult]
    stale: list[StaleWaiver] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    rules: list[LoadedRule] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)  # drafts that could not be read: exit 2

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.results for f in r.findings]

    def failing(self, level: Severity) -> bool:
        """Any reported (not suppressed, not waived) finding at or above ``level``."""
        return any(f.severity.rank >= level.rank for f in self.findings if not f.suppressed and not f.waived)


class Session:
    jobs: int = 1  # worker processes for files (treatylint check sets the number of cores)
    cache: "ResultCache | None" = None  # the results cache (treatylint check sets it unless --no-cache)

    def __init__(self, overrides: Overrides | dict[str, Any] | None = None, config: Path | None = None,
                 isolated: bool = False, verbose: bool = False, cwd: Path | None = None, use_baseline: bool = True,
                 revisions: bool = False, include_hidden: bool = False) -> None:
        if not isinstance(overrides, Overrides):
            overrides = Overrides.model_validate(overrides or {})
        # run options given as arguments (library callers) join the command line's layer
        self.overrides = overrides.model_copy(update={
            "verbose": overrides.verbose or verbose, "revisions": overrides.revisions or revisions,
            "include_hidden": overrides.include_hidden or include_hidden,
        })
        self.use_baseline = use_baseline
        self.config = config
        self.isolated = isolated
        self.cwd = (cwd or Path.cwd()).resolve()
        self.settings = resolve(config_for(self.cwd, config, isolated), self.overrides)  # run-wide settings
        self.verbose = self.settings.verbose
        self._linters: dict[Path | None, Linter] = {}
        self._waivers: dict[Path, Waivers] = {}

    def settings_for(self, draft: Input) -> Settings:
        """The nearest config to the draft (to the current folder for standard input)."""
        if draft.path is not None:
            directory = draft.path.parent
        else:
            directory = Path(draft.name).parent if draft.name != "<stdin>" else Path(".")
        return resolve(config_for(self.cwd / directory, self.config, self.isolated), self.overrides)

    def linter_for(self, settings: Settings) -> Linter:
        key = settings.config.path if settings.config else None
        if key not in self._linters:
            try:
                linter = Linter(settings)
            except UsageError:
                _check_selectors(settings)  # the same error, naming the file or option that set it
                raise
            if selectors.unknown(settings.severity, linter.rules):  # may name a rule not selected
                _check_selectors(settings)
            self._linters[key] = linter
        return self._linters[key]

    def _config_notices(self) -> list[str]:
        """Configuration the user should see (issue 15: a ``.treatylint.yaml`` planted beside a
        draft silently turned rules off for it): a config file that applied to some draft but
        sits outside the folder the command was run from, or that turns rules off or down."""
        notices = []
        for linter in self._linters.values():
            loaded = linter.settings.config
            if loaded is None or self.config is not None:  # --config names it: the user chose it
                continue
            values = loaded.values
            try:
                outside = not loaded.path.resolve().is_relative_to(self.cwd)
            except OSError:
                outside = True
            what = []
            if values.get("ignore"):
                what.append(f"ignores {', '.join(values['ignore'][:5])}")
            if values.get("select"):
                what.append(f"selects only {', '.join(values['select'][:5])}")
            if values.get("builtin") is False:
                what.append("turns the built-in rules off")
            lowered = [k for k, v in (values.get("severity") or {}).items() if str(v) in ("info", "Severity.INFO")]
            if lowered:
                what.append(f"lowers {', '.join(lowered[:5])} to info")
            if values.get("inline-suppressions") and set(values["inline-suppressions"]) - {"txt", "md", "akn"}:
                what.append(f"honours inline suppressions in {', '.join(values['inline-suppressions'])}")
            if outside or what:
                where = " (outside the folder you ran treatylint from)" if outside else ""
                notices.append(f"config {loaded.label}{where} applies to drafts checked here"
                               + (f" and {'; '.join(what)}" if what else ""))
        return notices

    def input_files(self, drafts: list[Input]) -> list[tuple[Path, str]]:
        """Every file the run reads, with what it is: the drafts, the config files that govern
        them, the waiver and baseline files and the files of their rule packs. No output may be
        one of them (``reporters/output_file.refuse_overwrites``)."""
        from treatylint.errors import RuleError
        from treatylint.rulepack.loader import _pack_files

        found: list[tuple[Path, str]] = [(d.path, "a draft being checked") for d in drafts if d.path is not None]
        seen: set[Path | None] = set()
        for settings in [self.settings, *(self.settings_for(d) for d in drafts)]:
            key = settings.config.path if settings.config else None
            if key in seen:
                continue
            seen.add(key)
            if settings.config is not None:
                found.append((settings.config.path, f"the config file {settings.config.label}"))
            if settings.waivers is not None:
                found.append((Path(settings.waivers), "the waiver file"))
            if settings.baseline is not None and self.use_baseline:
                found.append((Path(settings.baseline), "the baseline"))
            for directory in settings.rules:
                try:
                    found += [(path, "a rule file") for path in _pack_files(Path(directory))]
                except RuleError:
                    continue  # an unreadable pack: loading it reports the problem
        return found

    def _waiver_file(self, settings: Settings) -> Waivers | None:
        path = settings.waivers
        if path is None:
            return None
        path = Path(path)
        if path not in self._waivers:
            self._waivers[path] = Waivers(path)
        return self._waivers[path]

    def check_one(self, draft: Input, stdin: BinaryIO | None = None) -> FileResult:
        settings = self.settings_for(draft)
        linter = self.linter_for(settings)
        waivers = self._waiver_file(settings)  # a bad waiver file fails before any work
        if draft.path is not None:
            result = linter.check_file(draft.path)
        else:
            from treatylint.document.reader import read_stream

            data = read_stream(stdin or sys.stdin.buffer, draft.name, settings.max_file_size)
            result = linter.check_bytes(data, draft.name)
        if waivers is not None:
            result.findings = waivers.apply(result.findings)
        return result

    def _check_all(self, drafts: list[Input], stdin: BinaryIO | None) -> list:
        """Files through the cache and the worker processes (results in draft order); stdin here."""
        from treatylint.run.workers import check_files

        plan = []
        for draft in drafts:
            settings = self.settings_for(draft)
            plan.append((draft, self.linter_for(settings), self._waiver_file(settings)))
        files = check_files([(d.path, linter) for d, linter, _ in plan if d.path is not None], jobs=self.jobs, cache=self.cache)
        results = []
        for draft, _, waivers in plan:
            if draft.path is None:
                try:
                    results.append(self.check_one(draft, stdin))
                except InputError as exc:
                    results.append(_Failed(draft.name, str(exc)))
                continue
            result = next(files)
            if waivers is not None:
                result.findings = waivers.apply(result.findings)
            results.append(result)
        return results

    def check(self, drafts: list[Input], stdin: BinaryIO | None = None) -> RunResult:
        """Every draft checked; one that cannot be read is set aside as an error and the run
        carries on (like ruff and Semgrep), so one bad file never hides the other reports."""
        checked_all = self._check_all(drafts, stdin)
        errors = [FileError(r.path, r.error) for r in checked_all if getattr(r, "error", None) is not None]
        results = [r for r in checked_all if getattr(r, "error", None) is None]
        baseline_path = self.settings.baseline if self.use_baseline else None
        stale: list[StaleWaiver] = [s for r in results for s in r.stale]
        checked = [r.path for r in results]
        if baseline_path is not None:
            baseline = Baseline(Path(baseline_path))
            for result in results:
                result.findings = baseline.apply(result.findings)
            stale += baseline.stale(checked)
        for waivers in self._waivers.values():
            stale += waivers.stale(checked)
        notices: list[str] = []
        for linter in self._linters.values():
            notices += linter.notices
        for result in results:
            notices += result.notices
        for waivers in self._waivers.values():
            notices += waivers.notices
        notices += [s.describe() for s in stale]
        notices += self._config_notices()
        removed = _removed([f for r in results for f in r.findings], self.verbose)
        if removed:
            notices.append(removed)
        if not self.verbose:
            for result in results:
                result.findings = [f for f in result.findings if not f.waived]
        rules: dict[str, LoadedRule] = {}
        for linter in self._linters.values():
            rules.update((r.rule.id, r) for r in linter.rules)
        return RunResult(results, stale, list(dict.fromkeys(notices)), list(rules.values()), errors)


def _removed(findings: list[Finding], verbose: bool) -> str | None:
    """One line counting the findings that suppressions and waivers took out of the report, in
    every format and whether or not ``--verbose`` shows them: a draft cannot be brought to a
    clean report silently."""
    waived = [f for f in findings if f.waived and not f.suppressed]
    if not waived:
        return None
    inline = sum(1 for f in waived if (f.waiver or "").startswith("inline at line"))
    baseline = sum(1 for f in waived if (f.waiver or "").startswith("in baseline"))
    files = len(waived) - inline - baseline
    parts = [f"{n} by {what}" for n, what in ((inline, "inline suppressions"), (files, "waiver files"), (baseline, "the baseline")) if n]
    total = len(waived)
    shown = "shown below, marked waived" if verbose else "--verbose shows them"
    from treatylint.reporters.summary import WAIVED

    return f"{total} finding{'s' if total != 1 else ''}{WAIVED}{', '.join(parts)} ({shown})"


@dataclass
class _Failed:
    """Standard input that could not be read, in the place of its result."""

    path: str
    error: str


def _check_selectors(settings: Settings) -> None:
    """Unknown rule ids or categories in select/ignore/severity, named with the file that set them."""
    directories = ([builtin_rules_dir()] if settings.builtin else []) + [Path(p) for p in settings.rules]
    rules = load_rules(directories)
    names = [r.rule.id for r in rules] + [r.rule.category for r in rules]
    for key in ("select", "ignore"):
        bad = selectors.unknown(settings.get(key), rules)
        if bad:
            where = settings.sources[key]
            prefix = f"--{key}" if where == COMMAND_LINE else f"{where}: key '{key}'"
            raise UsageError(f"{prefix}: unknown rule or category {bad[0]!r}{did_you_mean(bad[0], names)} "
                             "(see 'treatylint rules')")
    for key in selectors.unknown(settings.severity, rules):
        where = settings.severity_sources[key]
        prefix = "--severity" if where == COMMAND_LINE else f"{where}: key 'severity.{key}'"
        raise UsageError(f"{prefix}: unknown rule or category {key!r}{did_you_mean(key, names)} (see 'treatylint rules')")
