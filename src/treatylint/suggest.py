""""Did you mean ...?" for names a user types: rule ids, categories, formats, options."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(value: str, choices: Iterable[str], n: int = 1) -> list[str]:
    """The known names nearest to ``value`` (case-insensitive), best first."""
    choices = list(dict.fromkeys(choices))
    lowered = {c.lower(): c for c in choices}
    matches = difflib.get_close_matches(value.lower(), list(lowered), n=n, cutoff=0.6)
    if not matches:  # a rule id's last part alone ("no-intent" for "missing-mens-rea/no-intent")
        tails = {c.rsplit("/", 1)[-1].lower(): c for c in choices if "/" in c}
        matches = difflib.get_close_matches(value.lower().rsplit("/", 1)[-1], list(tails), n=n, cutoff=0.75)
        return [tails[m] for m in matches]
    return [lowered[m] for m in matches]


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` or ``""``, to append to an error message."""
    best = closest(value, choices)
    return f" (did you mean {best[0]!r}?)" if best else ""
