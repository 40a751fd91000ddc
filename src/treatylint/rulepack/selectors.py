"""How a rule is named wherever a user names one: ``--select``/``--ignore``, severity overrides,
inline suppressions, waivers. A selector is a rule id, an id prefix (``content-crime/`` or
``content-crime``, which is also the category) or a category.

Written once so that every place reads a selector the same way. It lives with the rule packs
(whose ids and categories it reads), below the stages that use it: loading and triage.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from treatylint.rulepack.loader import LoadedRule

ID, PREFIX, CATEGORY, NONE = 3, 2, 1, 0


def specificity(selector: str, rule_id: str, category: str | None = None) -> int:
    """How specifically ``selector`` names the rule: ``ID``, ``PREFIX``, ``CATEGORY`` or ``NONE``
    (the most specific of several overrides wins)."""
    if selector == rule_id:
        return ID
    if rule_id.startswith(selector.rstrip("/") + "/"):
        return PREFIX
    return CATEGORY if category is not None and selector == category else NONE


def names(selector: str, rule_id: str, category: str | None = None) -> bool:
    """Does ``selector`` name the rule (by id, id prefix or, when given, category)?"""
    return specificity(selector, rule_id, category) != NONE


def unknown(selectors: Iterable[str], rules: Iterable["LoadedRule"]) -> list[str]:
    """The selectors that name no loaded rule."""
    rules = list(rules)
    return [s for s in selectors if not any(names(s, r.rule.id, r.rule.category) for r in rules)]


def select(rules: list["LoadedRule"], chosen: Iterable[str], ignored: Iterable[str]) -> list["LoadedRule"]:
    """The rules ``chosen`` names (all if none), minus those ``ignored`` names."""
    chosen, ignored = list(chosen), list(ignored)
    kept = [r for r in rules if not chosen or any(names(s, r.rule.id, r.rule.category) for s in chosen)]
    return [r for r in kept if not any(names(s, r.rule.id, r.rule.category) for s in ignored)]
