"""Every built-in rule passes its annotated fixtures, and the runner catches a broken one."""

from __future__ import annotations

import shutil

import pytest

from treatylint.rulepack.loader import LoadedRule, builtin_rules_dir, load_rules
from treatylint.authoring.rule_tests import parse_fixture, run_rule_tests

RULES = load_rules([builtin_rules_dir()])


@pytest.mark.parametrize("loaded", RULES, ids=[r.rule.id for r in RULES])
def test_rule_has_positive_and_negative_cases(loaded):
    assert loaded.fixture is not None, f"{loaded.rule.id}: no {loaded.source.stem}.test.txt"
    kinds = {e.kind for _, expectations in parse_fixture(loaded.fixture) for e in expectations if e.rule_id == loaded.rule.id}
    assert kinds & {"ruleid", "info"}, f"{loaded.rule.id}: no '#! ruleid:' (or '#! info:') case"
    assert "ok" in kinds, f"{loaded.rule.id}: no '#! ok:' case"


class _FixtureElsewhere(LoadedRule):
    """A rule whose fixture another test case runs (its findings still count in this one)."""

    @property
    def fixture(self):
        return None


FIXTURES = sorted({r.fixture for r in RULES if r.fixture is not None})


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f"{p.parent.name}/{p.name}" for p in FIXTURES])
def test_builtin_fixture_passes(fixture, linter):
    """Each rule's fixture file is its own case: a failure names the file and its cases."""
    rules = [r if r.fixture == fixture else _FixtureElsewhere(r.rule, r.source) for r in linter.rules]
    results = [r for r in run_rule_tests(linter.engine, rules) if r.fixture == fixture]
    failures = [f.describe() for r in results for f in r.failures]
    assert not failures, "\n".join(failures)
    assert results and all(r.checked for r in results)


def test_every_builtin_rule_has_its_fixture_run():
    assert {r.fixture for r in RULES} == set(FIXTURES)


def test_broken_fixture_is_reported(tmp_path, linter):
    pack = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir() / "vague-offence", pack / "vague-offence")
    fixture = pack / "vague-offence" / "false-information.test.txt"
    text = fixture.read_text(encoding="utf-8")
    # the compliant fraud offence is now claimed to be flagged: the runner must say it is not
    fixture.write_text(text.replace("#! ok: vague-offence/false-information\nEach Party", "#! ruleid: vague-offence/false-information\nEach Party", 1), encoding="utf-8")
    from treatylint.engine.engine import Engine

    rules = load_rules([pack])
    results = run_rule_tests(Engine(rules, linter.engine.classifier, None), rules)
    failures = [f for r in results for f in r.failures]
    assert len(failures) == 1
    assert failures[0].rule_id == "vague-offence/false-information"
    assert "expected a finding; got no finding" in failures[0].describe()


def _cli(*args):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "treatylint", *args], capture_output=True, text=True, timeout=300)


def test_cli_test_command_passes_on_builtin_rules():
    result = _cli("test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 failed" in result.stdout


def test_cli_test_command_shows_the_broken_case(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "secret-police.yml").write_text(
        """
id: custom/secret-police
category: vague-offence
severity: warning
message: 'Flagged "{match}".'
rationale: test
references: [ICCPR art. 15]
scope: {kinds: [offence]}
match: {phrases: [state secrets]}
docs: {flags: a, why: b, example: c, fix: d}
""",
        encoding="utf-8",
    )
    (pack / "secret-police.test.txt").write_text(
        "Draft\n\nHave agreed as follows:\n\nArticle 1\nOffences\n\n"
        "#! ruleid: custom/secret-police\n"
        "Each Party shall establish as a criminal offence, when committed intentionally, the disclosure of state secrets.\n\n"
        "Article 2\nOther offences\n\n"
        "#! ruleid: custom/secret-police\n"
        "Each Party shall establish as a criminal offence, when committed intentionally, the disclosure of official documents.\n",
        encoding="utf-8",
    )
    result = _cli("test", str(pack))
    assert result.returncode == 1
    assert "FAIL  custom/secret-police  (1 of 2 cases)" in result.stdout
    assert "secret-police.test.txt:15" in result.stdout
    assert "- expected: a finding" in result.stdout and "+ got:      no finding" in result.stdout
