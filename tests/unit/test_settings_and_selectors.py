"""Settings built in layers (defaults -> config file -> command line) and the one way a rule is
named (id, id prefix, category), in-process."""

from __future__ import annotations

from pathlib import Path

import pytest

from treatylint.errors import UsageError
from treatylint.rulepack import selectors
from treatylint.rulepack.loader import builtin_rules_dir, load_rules
from treatylint.settings import DEFAULT, Overrides, Settings, load_config, resolve
from treatylint.severity import Severity


def test_defaults_then_file_then_command_line(tmp_path: Path):
    config = tmp_path / ".treatylint.yaml"
    config.write_text("fail-on: info\nselect: [content-crime]\nseverity: {vague-offence: info}\nformat: json\n",
                      encoding="utf-8")
    loaded = load_config(config)
    settings = resolve(loaded, Overrides(fail_on=Severity.ERROR, severity={"content-crime": Severity.INFO}))
    assert settings.fail_on is Severity.ERROR and settings.sources["fail-on"] == "command line"
    assert settings.select == ["content-crime"] and settings.sources["select"] == loaded.label
    assert settings.severity == {"vague-offence": Severity.INFO, "content-crime": Severity.INFO}
    assert settings.format.value == "json" and settings.model is None and settings.sources["model"] == DEFAULT


def test_a_dict_of_config_keys_is_the_same_layer():
    assert resolve(None, {"fail-on": "error", "max-file-size": 10}) == resolve(
        None, Overrides(fail_on=Severity.ERROR, max_file_size=10))


def test_unknown_format_in_a_file_names_the_file(tmp_path: Path):
    config = tmp_path / ".treatylint.yaml"
    config.write_text("format: jsn\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"\.treatylint\.yaml: key 'format': unknown format 'jsn'"):
        resolve(load_config(config))


def test_findings_key_ignores_what_cannot_change_findings():
    assert Settings(format="json", fail_on="error").findings_key() == Settings().findings_key()
    assert Settings(select=["content-crime"]).findings_key() != Settings().findings_key()


@pytest.mark.parametrize("selector, expected", [
    ("content-crime/expression-offence", selectors.ID),
    ("content-crime/", selectors.PREFIX),
    ("content-crime", selectors.PREFIX),  # the category is also the ids' prefix
    ("content", selectors.NONE),
])
def test_specificity(selector, expected):
    assert selectors.specificity(selector, "content-crime/expression-offence", "content-crime") == expected


def test_select_ignore_and_unknown():
    rules = load_rules([builtin_rules_dir()])
    kept = selectors.select(rules, ["content-crime"], ["content-crime/expression-offence"])
    assert kept and all(r.rule.category == "content-crime" for r in kept)
    assert "content-crime/expression-offence" not in {r.rule.id for r in kept}
    assert selectors.unknown(["content-crime", "no-such-rule"], rules) == ["no-such-rule"]
