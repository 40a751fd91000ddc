"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Each rule that ran is described in ``tool.driver.rules`` (GitHub renders ``help.markdown``, not
``helpUri``). Each finding is a result with a physical location and a content fingerprint
(``partialFingerprints.primaryLocationLineHash``) that does not move when lines are inserted
above the passage, so code scanning keeps tracking an alert across draft revisions.

Results are data and keep the draft's text exactly (``common.json_text`` only writes control,
bidi and ``##[`` characters as JSON escapes). The rule help, which GitHub renders, shows control
and bidi characters from a rule pack's documentation as visible escapes (``common.visible``).
"""

from __future__ import annotations

from urllib.parse import quote

from treatylint import __version__
from treatylint.findings import Finding, Severity
from treatylint.reporters.common import fingerprints, json_text, relative_path, visible
from treatylint.reporters.locations import location
from treatylint.reporters.report import Report

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
MAX_DESCRIPTION = 1024


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    for end in (". ", "; "):
        cut = text.find(end)
        if 0 < cut < 200:
            return text[: cut + 1]
    return _clip(text, 200)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def rule_precision(rule) -> str:
    """SARIF/GitHub precision. A rule may say so with a tag ``precision:high`` (very-high, high,
    medium, low); otherwise a rule that flags words it sees is ``high`` and an absence rule (it
    fires when safeguard language is missing) is ``medium``."""
    for tag in rule.tags:
        if tag.startswith("precision:"):
            return tag.split(":", 1)[1]
    return "medium" if rule.require else "high"


def _rule_descriptor(rule) -> dict:
    from treatylint.authoring.rule_docs import rule_markdown

    markdown = visible(rule_markdown(rule))
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.replace("/", "-").split("-")),
        "shortDescription": {"text": _first_sentence(rule.docs.flags)},
        "fullDescription": {"text": _clip(rule.docs.flags + " " + rule.docs.why, MAX_DESCRIPTION)},
        "help": {"text": markdown, "markdown": markdown},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {
            "tags": list(dict.fromkeys([rule.category, "human-rights", *[t for t in rule.tags if not t.startswith("precision:")]])),
            "precision": rule_precision(rule),
            "category": rule.category,
            "references": list(rule.references),
        },
    }


def _uri(path: str) -> str:
    rel = relative_path(path)
    # a file name that is not UTF-8 keeps its exact bytes, percent-encoded
    if rel.startswith("/"):
        return "file://" + quote(rel, errors="surrogateescape")
    return quote(rel, errors="surrogateescape")


def _result(finding: Finding, rule_index: int, fingerprint: str) -> dict:
    region = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,  # both exclusive: one past the last character
    }
    if finding.matched:
        region["snippet"] = {"text": finding.matched}
    if finding.page is not None or finding.paragraph is not None or finding.eid:
        # PDF / Word / Akoma Ntoso: say what the line and column mean in the original file
        region["message"] = {"text": location(finding)}
    result = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(finding.path)},
                    "region": region,
                    "contextRegion": {
                        "startLine": finding.line,
                        "endLine": finding.end_line,
                        "snippet": {"text": finding.excerpt},
                    },
                },
                **(
                    {"logicalLocations": [{"name": finding.provision}]}
                    if finding.provision
                    else {}
                ),
            }
        ],
        "partialFingerprints": {"primaryLocationLineHash": fingerprint},
        "properties": {
            "category": finding.category,
            "provision": finding.provision,
            "provision_kind": finding.provision_kind,
            "references": list(finding.references),
            "mitigations": list(finding.mitigations),
            **{
                key: value
                for key, value in (("page", finding.page), ("paragraph", finding.paragraph),
                                   ("eid", finding.eid), ("revision", finding.revision))
                if value is not None
            },
        },
    }
    if finding.suppressed:
        result["suppressions"] = [
            {"kind": "inSource", "justification": "mitigating language: " + "; ".join(finding.mitigations)}
        ]
    elif finding.waived:  # accepted in a waiver file, a baseline or an inline comment
        result["suppressions"] = [{"kind": "external", "justification": finding.waiver or "waived"}]
    return result


def build_sarif(report: Report) -> dict:
    rules = list(report.rules)
    index = {rule.id: i for i, rule in enumerate(rules)}
    descriptors = [_rule_descriptor(rule) for rule in rules]
    for finding in report.findings:  # a finding from a rule we were not told about
        if finding.rule_id not in index:
            index[finding.rule_id] = len(descriptors)
            descriptors.append({
                "id": finding.rule_id,
                "shortDescription": {"text": finding.rule_id},
                "defaultConfiguration": {"level": LEVEL[finding.severity]},
                "properties": {"tags": [finding.category], "category": finding.category},
            })
    prints = fingerprints(report.findings)
    results = [_result(f, index[f.rule_id], fp) for f, fp in zip(report.findings, prints)]
    failed = [  # drafts that could not be read: the run did not fully succeed
        {"level": "error", "message": {"text": error.message}, "descriptor": {"id": "unreadable-draft"},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(error.path)}}}]}
        for error in report.errors
    ]
    invocation = {
        "executionSuccessful": not report.errors,
        "toolExecutionNotifications": failed + [
            {"level": "note", "message": {"text": notice}} for notice in report.notices
        ],
    }
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "treatylint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": descriptors,
                    }
                },
                "invocations": [invocation],
                "artifacts": [{"location": {"uri": _uri(path)}} for path in report.files],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render(report: Report) -> str:
    return json_text(build_sarif(report))
