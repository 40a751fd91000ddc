"""One documentation page per rule, generated from its YAML (``treatylint explain`` prints it)."""

from __future__ import annotations

from treatylint.rulepack.schema import Rule

_EFFECT = {"suppress": "suppresses the finding", "downgrade": "lowers severity"}


def _block(text: str) -> str:
    return "\n".join("    " + line for line in text.strip().splitlines())


def rule_markdown(rule: Rule) -> str:
    docs = rule.docs
    parts = [
        f"# {rule.id}",
        "",
        f"Category: `{rule.category}` · default severity: **{rule.severity.value}** · "
        f"applies to: {_scope(rule)}",
        "",
        "## What it flags",
        docs.flags.strip(),
        "",
        "## Why it matters",
        docs.why.strip(),
        "",
        "## Example",
        _block(docs.example),
    ]
    if docs.compliant:
        parts += ["", "## Not flagged", _block(docs.compliant)]
    parts += ["", "## How to fix it", docs.fix.strip()]
    if rule.unless:
        parts += ["", "## Mitigating language it looks for"]
        parts += [f"- {m.label} ({_EFFECT[m.effect]}; within the {m.within})" for m in rule.unless]
    if rule.aggravate:
        parts += ["", "## Aggravating language it looks for"]
        parts += [f"- {a.label} (raises severity; within the {a.within})" for a in rule.aggravate]
    if rule.require:
        parts += ["", "## Safeguard language it requires"]
        parts += [f"- {r.label} (in the {r.within}" + (f", also via {', '.join(r.resolve)})" if r.resolve else ")") for r in rule.require]
    parts += ["", "## Standards", *[f"- {ref}" for ref in rule.references]]
    return "\n".join(parts) + "\n"


def _scope(rule: Rule) -> str:
    if rule.scope.level == "document":
        return "the whole document"
    if rule.check is not None:
        return f"the whole text (built-in check '{rule.check}')"
    kinds = ", ".join(k.value for k in rule.scope.kinds) or "every provision"
    return kinds
