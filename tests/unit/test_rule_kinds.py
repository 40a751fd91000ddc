"""Each rule kind (``extends``) run in-process on tiny synthetic packs: what fires, where, at
which severity, and what mitigation, chapeaux, ``resolve``, ``displaced_by`` and
``max_downgrade`` change. Also the kind declared or inferred by the schema."""

from __future__ import annotations

import textwrap

import pytest

from treatylint.engine.engine import Engine
from treatylint.errors import RuleError
from treatylint.rulepack.loader import load_rules
from treatylint.run.linter import load_classifier, parse_draft
from treatylint.settings import Settings

HEAD = """
id: custom/{name}
category: vague-offence
severity: error
message: '{{provision}}: "{{match}}"; missing {{missing}}; seen {{mitigations}}'
rationale: Because.
references: [ICCPR art. 15]
docs: {{flags: a, why: b, example: c, fix: d}}
"""

DRAFT = """Draft Convention on Things

Article 1
Offences

Each Party shall establish as a criminal offence the spreading of subversive material.

Article 2
Powers

1. Each Party shall empower its authorities to order the interception of communications:
(a) where the conduct referred to in Article 5 is suspected; and
(b) in urgent cases.

2. Each Party shall empower its authorities to search subversive archives, subject to judicial authorisation.

Article 5
Safeguards

Powers under this Convention are subject to judicial authorisation and proportionality.
"""


def pack(tmp_path, *rules: str):
    tmp_path.mkdir(parents=True, exist_ok=True)
    for index, body in enumerate(rules):
        (tmp_path / f"r{index}.yml").write_text(textwrap.dedent(body), encoding="utf-8")
    return load_rules([tmp_path])


def check(tmp_path, *rules: str, text: str = DRAFT):
    loaded = pack(tmp_path, *rules)
    engine = Engine(loaded, load_classifier(Settings()))
    document, _ = parse_draft(text, "draft.txt")
    return engine.check(document, verbose=True)


def rule(name: str, body: str) -> str:
    return textwrap.dedent(HEAD.format(name=name)) + textwrap.dedent(body)


def test_presence_fires_on_the_words_in_scope(tmp_path):
    found = check(tmp_path, rule("p", "extends: presence\nscope: {kinds: [offence]}\nmatch: {phrases: [subversive]}\n"))
    assert [(f.provision, f.matched, f.severity.value) for f in found] == [("Article 1", "subversive", "error")]


def test_presence_mitigation_lowers_and_max_downgrade_caps(tmp_path):
    body = """
    scope: {kinds: [offence]}
    match: {phrases: [subversive]}
    unless:
      - {label: a, within: sentence, effect: downgrade, phrases: [criminal offence]}
      - {label: b, within: sentence, effect: downgrade, phrases: [spreading]}
    max_downgrade: %d
    """
    two = check(tmp_path / "2", rule("p", body % 2))
    one = check(tmp_path / "1", rule("p", body % 1))
    assert [f.severity.value for f in two] == ["info"]
    assert [f.severity.value for f in one] == ["warning"]
    assert two[0].mitigations[0].startswith("a: \u201ccriminal offence\u201d")


def test_suppress_mitigation_marks_the_finding_suppressed(tmp_path):
    body = """
    scope: {kinds: [offence]}
    match: {phrases: [subversive]}
    unless: [{label: s, within: sentence, effect: suppress, phrases: [spreading]}]
    """
    [found] = check(tmp_path, rule("p", body))
    assert found.suppressed


def test_absence_fires_only_without_the_safeguard(tmp_path):
    body = """
    extends: absence
    scope: {kinds: [procedural]}
    match: {phrases: [interception, search]}
    require: [{label: judicial authorisation, within: paragraph, phrases: [judicial authorisation]}]
    """
    found = check(tmp_path, rule("a", body))
    # paragraph 2 names the safeguard; paragraph 1 (interception) does not
    assert [(f.provision, f.matched) for f in found] == [("Article 2", "interception")]
    assert "missing judicial authorisation" in found[0].message


def test_absence_requirement_found_through_a_cross_reference(tmp_path):
    body = """
    scope: {kinds: [procedural]}
    match: {phrases: [interception]}
    require: [{label: safeguards, within: paragraph, phrases: [proportionality], resolve: [cross-references]}]
    """
    assert check(tmp_path, rule("a", body)) == []


def test_displaced_by_keeps_the_requirement_in_its_own_region(tmp_path):
    body = """
    scope: {kinds: [procedural]}
    match: {phrases: [interception]}
    require:
      - label: safeguards
        within: paragraph
        phrases: [proportionality]
        resolve: [cross-references]
        displaced_by: {phrases: [urgent cases]}
    """
    assert [f.matched for f in check(tmp_path, rule("a", body))] == ["interception"]


def test_chapeau_counts_for_its_items(tmp_path):
    # the requirement is in the chapeau of paragraph 1 ("order the interception of
    # communications:"), the trigger in its item (a): the item's region includes its chapeau
    body = """
    scope: {kinds: [procedural]}
    match: {regex: ['referred\\s+to\\s+in']}
    require: [{label: an order, within: paragraph, phrases: [order the interception]}]
    """
    assert check(tmp_path, rule("a", body)) == []


def test_document_rule_fires_once_when_the_document_lacks_it(tmp_path):
    body = """
    extends: document
    scope: {level: document}
    require: [{label: a human rights clause, phrases: [human rights]}]
    """
    [found] = check(tmp_path, rule("d", body))
    assert found.provision is None and found.line == 1 and "missing a human rights clause" in found.message
    assert check(tmp_path / "x", rule("d", body), text=DRAFT + "\nArticle 6\nRights\n\nHuman rights apply.\n") == []


def test_check_rule_reports_what_the_check_finds(tmp_path):
    body = """
    extends: check
    check: hidden-characters
    """
    found = check(tmp_path, rule("c", body), text=DRAFT.replace("subversive material", "subver\u200bsive material"))
    assert len(found) == 1 and "ZERO WIDTH SPACE" in found[0].message and found[0].provision == "Article 1"


@pytest.mark.parametrize("body, kind", [
    ("scope: {kinds: [offence]}\nmatch: {phrases: [x]}\n", "presence"),
    ("match: {phrases: [x]}\nrequire: [{label: y, phrases: [y]}]\n", "absence"),
    ("scope: {level: document}\nrequire: [{label: y, phrases: [y]}]\n", "document"),
    ("check: hidden-characters\n", "check"),
])
def test_kind_is_inferred_when_not_declared(tmp_path, body, kind):
    [loaded] = pack(tmp_path, rule("k", body))
    assert loaded.rule.kind == kind and loaded.rule.extends is None


def test_declared_kind_must_fit_the_keys(tmp_path):
    with pytest.raises(RuleError, match="extends: absence.*does not fit"):
        pack(tmp_path, rule("k", "extends: absence\nmatch: {phrases: [x]}\n"))


def test_every_builtin_rule_declares_its_kind():
    from treatylint.rulepack.loader import builtin_rules_dir

    assert all(r.rule.extends is not None for r in load_rules([builtin_rules_dir()]))
