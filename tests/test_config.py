"""Configuration: discovery like ruff's, validation with one-line errors, command-line overrides,
severity overrides on findings, and ``treatylint config`` naming each value's source."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from drafts_util import cli as run, EXTREMISM, ENTRY, PURPOSE, RIGHTS, draft
from treatylint.settings import config_for, find_config, load_config, resolve
from treatylint.errors import UsageError
from treatylint.findings import Severity
from treatylint.run.inputs import Input
from treatylint.run.session import Session

DRAFT = draft(PURPOSE, RIGHTS, EXTREMISM, ENTRY)


def run_subprocess(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "treatylint", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300, input=stdin)


@pytest.fixture(autouse=True)
def _fresh_caches():
    find_config.cache_clear()
    load_config.cache_clear()
    yield


def test_nearest_config_wins_and_pyproject_without_table_is_skipped(tmp_path):
    (tmp_path / ".treatylint.yaml").write_text("fail-on: error\n", encoding="utf-8")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (tmp_path / "a" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert config_for(nested).path == tmp_path / ".treatylint.yaml"
    (tmp_path / "a" / "pyproject.toml").write_text('[tool.treatylint]\nfail-on = "info"\nselect = ["content-crime"]\n', encoding="utf-8")
    find_config.cache_clear()
    load_config.cache_clear()
    loaded = config_for(nested)
    assert loaded.path == tmp_path / "a" / "pyproject.toml" and loaded.label.endswith("[tool.treatylint]")
    settings = resolve(loaded, {"fail-on": "warning", "select": []})
    assert settings.fail_on == Severity.WARNING and settings.sources["fail-on"] == "command line"
    assert settings.select == ["content-crime"] and settings.sources["select"] == loaded.label
    assert settings.sources["model"] == "default"
    assert config_for(nested, isolated=True) is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("fail_on: error\n", "unknown key 'fail_on' (did you mean 'fail-on'?)"),
        ("fail-on: fatal\n", "key 'fail-on': 'fatal' is not one of info, warning, error"),
        ("builtin: maybe\n", "key 'builtin': Input should be a valid boolean"),
        ("severity: {vague-offence: loud}\n", "key 'severity.vague-offence'"),
        ("- a list\n", "a config file must be a mapping"),
    ],
)
def test_bad_config_is_one_line_naming_file_and_key(tmp_path, content, message):
    (tmp_path / ".treatylint.yaml").write_text(content, encoding="utf-8")
    (tmp_path / "d.txt").write_text(DRAFT, encoding="utf-8")
    result = run("check", "d.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and ".treatylint.yaml" in result.stderr and message in result.stderr


def test_unknown_rule_in_severity_names_the_file(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.treatylint]\nseverity = {"no-such-rule" = "error"}\n', encoding="utf-8")
    (tmp_path / "d.txt").write_text(DRAFT, encoding="utf-8")
    result = run("check", "d.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert "pyproject.toml [tool.treatylint]: key 'severity.no-such-rule': unknown rule or category" in result.stderr


def test_severity_overrides_apply_to_findings_and_keep_the_engines_lowering(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text(DRAFT, encoding="utf-8")
    base = {f.rule_id: f.severity for f in Session({}, isolated=True).check([Input(path, "d.txt")]).findings}
    assert base["content-crime/expression-offence"] == Severity.ERROR
    overrides = {"severity": {"content-crime/expression-offence": "info", "missing-mens-rea": "info",
                              "missing-mens-rea/no-intent": "error"}}
    changed = {f.rule_id: f.severity for f in Session(overrides, isolated=True).check([Input(path, "d.txt")]).findings}
    assert changed["content-crime/expression-offence"] == Severity.INFO
    assert changed["missing-mens-rea/no-without-right"] == Severity.INFO  # category
    assert changed["missing-mens-rea/no-intent"] == Severity.ERROR  # the rule id beats its category

    from treatylint.rulepack.loader import LoadedRule
    from treatylint.triage.overrides import apply_overrides

    class _Rule:  # a rule whose default is error, lowered one level by a mitigation
        id, category, severity = "r/x", "vague-offence", Severity.ERROR

    finding = Session({}, isolated=True).check([Input(path, "d.txt")]).findings[0]
    lowered = finding.model_copy(update={"rule_id": "r/x", "category": "vague-offence", "severity": Severity.WARNING})
    result = apply_overrides([lowered], {"vague-offence": Severity.WARNING}, [LoadedRule(_Rule, Path("x"))])
    assert result[0].severity == Severity.INFO


def test_config_sets_fail_on_format_and_relative_rule_paths(tmp_path):
    project = tmp_path / "project"
    (project / "drafts").mkdir(parents=True)
    (project / "drafts" / "d.txt").write_text(DRAFT, encoding="utf-8")
    (project / "pyproject.toml").write_text(
        '[tool.treatylint]\nrules = ["my-rules"]\nbuiltin = false\nfail-on = "error"\nformat = "json"\n', encoding="utf-8")
    rules = project / "my-rules"
    rules.mkdir()
    source = REPO / "rules" / "content-crime" / "expression-offence.yml"
    (rules / "expression-offence.yml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (rules / "provision-kinds.yml").write_text((REPO / "rules" / "provision-kinds.yml").read_text(encoding="utf-8"), encoding="utf-8")

    # rules come from the config nearest the draft; run-wide settings (format, fail-on) from the cwd's
    result = run("check", "project/drafts", cwd=tmp_path)
    assert result.returncode == 1 and not result.stdout.startswith("{")
    assert "content-crime/expression-offence" in result.stdout and "missing-mens-rea" not in result.stdout

    inside = run("check", "drafts", "--severity", "content-crime=warning", cwd=project)
    assert json.loads(inside.stdout)["findings"][0]["severity"] == "warning"
    assert inside.returncode == 0  # fail-on error from the config; warning does not fail
    assert run("check", "drafts", "--severity", "content-crime=warning", "--fail-on", "warning", cwd=project).returncode == 1
    assert run("check", "drafts", "--isolated", "-f", "text", cwd=project).stdout.startswith("drafts/d.txt")


def test_config_command_shows_sources(tmp_path):
    (tmp_path / ".treatylint.yaml").write_text("select: [content-crime]\nseverity: {vague-offence: info}\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    result = run("config", "sub", "--fail-on", "error", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = {line.split("=")[0].strip(): line for line in result.stdout.splitlines() if "=" in line}
    assert lines["select"].endswith("# .treatylint.yaml")
    assert lines["severity.vague-offence"].endswith("# .treatylint.yaml")
    assert lines["fail-on"].endswith("# command line")
    assert lines["model"].endswith("# default")
    payload = json.loads(run("config", "--json", cwd=tmp_path).stdout)
    assert payload["config"] == ".treatylint.yaml"
    assert payload["settings"]["select"] == {"value": ["content-crime"], "source": ".treatylint.yaml"}


def test_severity_option_syntax():
    from treatylint.settings import parse_severity_options

    assert parse_severity_options(["a=Error,b=info"]) == {"a": Severity.ERROR, "b": Severity.INFO}
    with pytest.raises(UsageError, match="expected RULE-OR-CATEGORY=error"):
        parse_severity_options(["a:error"])
