"""Malformed rule files give one clear error naming the file, the rule and the field."""

from __future__ import annotations

import textwrap

import pytest

from treatylint.rulepack.loader import builtin_rules_dir, load_rules, select_rules
from treatylint.errors import RuleError, UsageError

VALID = """
id: custom/test-rule
category: vague-offence
severity: warning
message: 'Flagged "{match}" in {provision}.'
rationale: Because.
references: [ICCPR art. 15]
scope: {kinds: [offence]}
match: {phrases: [subversive]}
docs: {flags: a, why: b, example: c, fix: d}
"""


def write(tmp_path, text, name="rule.yml"):
    (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def test_valid_rule_loads(tmp_path):
    [loaded] = load_rules([write(tmp_path, VALID)])
    assert loaded.rule.id == "custom/test-rule"


@pytest.mark.parametrize(
    "change, expected",
    [
        (("category: vague-offence", "category: vagueness"), "field 'category'"),
        (("severity: warning", "severity: critical"), "field 'severity'"),
        (("phrases: [subversive]", "regex: ['(unclosed']"), "invalid regex"),
        (("phrases: [subversive]", "regex: ['extrem.*ism']"), "unbounded"),
        (("phrases: [subversive]", "regex: ['(a+)+b']"), "repeats a group"),
        (("{provision}", "{provision.__class__}"), "placeholder"),
        (("references: [ICCPR art. 15]", "references: []"), "field 'references'"),
        (("docs: {flags: a, why: b, example: c, fix: d}", "docs: {flags: a}"), "field 'docs.why'"),
        (("scope: {kinds: [offence]}", "scope: {kinds: [offense-ish]}"), "field 'scope.kinds.0'"),
        (("match: {phrases: [subversive]}", "match: {phrases: [subversive]}\nextra_field: 1"), "extra_field"),
    ],
)
def test_invalid_rule_names_file_rule_and_field(tmp_path, change, expected):
    old, new = change
    write(tmp_path, VALID.replace(old, new))
    with pytest.raises(RuleError) as error:
        load_rules([tmp_path])
    message = str(error.value)
    assert "rule.yml" in message and expected in message
    assert "\n" not in message


def test_malformed_yaml_names_file_and_line(tmp_path):
    write(tmp_path, "id: x\n  category: [unclosed\n")
    with pytest.raises(RuleError, match=r"rule\.yml: malformed YAML \(line \d+\)"):
        load_rules([tmp_path])


def test_yaml_is_data_not_code(tmp_path):
    write(tmp_path, "!!python/object/apply:os.system ['echo hacked']\n")
    with pytest.raises(RuleError, match="malformed YAML"):
        load_rules([tmp_path])


def test_duplicate_rule_ids_are_refused(tmp_path):
    write(tmp_path, VALID, "a.yml")
    write(tmp_path, VALID, "b.yml")
    with pytest.raises(RuleError, match="already defined"):
        load_rules([tmp_path])


def test_missing_rule_directory(tmp_path):
    with pytest.raises(RuleError, match="not found"):
        load_rules([tmp_path / "nowhere"])


def test_select_and_ignore_by_id_prefix_and_category():
    rules = load_rules([builtin_rules_dir()])
    chosen = select_rules(rules, ["vague-offence"], ["vague-offence/catch-all"])
    ids = {r.rule.id for r in chosen}
    assert ids and all(i.startswith("vague-offence/") for i in ids)
    assert "vague-offence/catch-all" not in ids
    with pytest.raises(UsageError, match="unknown rule"):
        select_rules(rules, ["no-such-category"], [])


def test_builtin_rules_are_complete():
    rules = load_rules([builtin_rules_dir()])
    categories = {r.rule.category for r in rules}
    assert {
        "vague-offence", "missing-safeguards", "content-crime", "territorial-sovereignty",
        "missing-mens-rea", "missing-human-rights-clause",
    } <= categories
    for loaded in rules:
        assert loaded.fixture is not None, f"{loaded.rule.id} has no fixture file"


def test_shared_patterns_are_expanded_before_the_rule_is_validated(tmp_path):
    write(tmp_path, "patterns:\n  secret-words: {phrases: [subversive, state secrets]}\n", "shared-patterns.yml")
    write(tmp_path, VALID.replace("match: {phrases: [subversive]}", "match: {use: [secret-words], phrases: [sedition]}"))
    [loaded] = load_rules([tmp_path])
    assert loaded.rule.match.phrases == ["subversive", "state secrets", "sedition"]


def test_builtin_shared_patterns_are_available_to_other_packs(tmp_path):
    write(tmp_path, VALID.replace("scope: {kinds: [offence]}", "scope: {kinds: [offence], if_title_mentions: {use: cyber-instrument-title}}"))
    [loaded] = load_rules([tmp_path])
    assert loaded.rule.scope.if_title_mentions.regex


def test_unknown_shared_pattern_names_file_and_rule(tmp_path):
    write(tmp_path, VALID.replace("match: {phrases: [subversive]}", "match: {use: [no-such-list]}"))
    with pytest.raises(RuleError, match=r"rule\.yml: rule 'custom/test-rule': 'use' names 'no-such-list'"):
        load_rules([tmp_path])


def test_invalid_shared_pattern_is_refused(tmp_path):
    write(tmp_path, "patterns:\n  runaway: {regex: ['(a+)+']}\n", "shared-patterns.yml")
    write(tmp_path, VALID)
    with pytest.raises(RuleError, match=r"shared-patterns\.yml: pattern 'runaway'.*repeats a group"):
        load_rules([tmp_path])


def test_every_builtin_regex_compiles():
    """The built-in pack (rules, shared patterns, kind cues) is loaded without ``re.compile`` on
    each of its regexes (schema.BUILTIN: 0.06 s CPU a process); this is the check that stands in
    for it."""
    from treatylint.rulepack.loader import _rule_patterns, _shared_patterns
    from treatylint.rulepack.schema import check_regex

    regexes = [r for loaded in load_rules([builtin_rules_dir()]) for _, p in _rule_patterns(loaded.rule) for r in p.regex]
    regexes += [r for entry in _shared_patterns([builtin_rules_dir()]).values() for r in entry.get("regex", [])]
    assert len(regexes) > 300
    from treatylint.rulepack.loader import KINDS_FILE, load_kind_config

    kinds = load_kind_config(builtin_rules_dir() / KINDS_FILE)
    regexes += [r for cues in kinds.kinds.values() for name in ("caption", "body", "division") for r in getattr(cues, name)]
    regexes += [r for patterns in kinds.clauses.values() for r in patterns]
    for regex in regexes:
        assert check_regex(regex) == regex


def test_a_pack_other_than_the_builtin_one_still_compiles_its_regexes(tmp_path):
    bad = VALID.replace("phrases: [subversive]", "regex: ['(?<=a|bc)x']")  # parses; only compile refuses it
    with pytest.raises(RuleError, match="invalid regex"):
        load_rules([write(tmp_path, bad)])


def test_a_broken_builtin_pattern_is_a_clear_rule_error_when_first_used():
    """Not compiled at load, a built-in regex that does not compile still stops the check with
    one line (exit 2), not an internal error."""
    from treatylint.engine.prefilter import LazyRegex

    with pytest.raises(RuleError, match="built-in rule or kind pattern is not a valid regex"):
        LazyRegex("(unclosed").search("text")
